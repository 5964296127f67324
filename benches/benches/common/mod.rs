//! Documents shared by the bench targets.

use std::path::{Path, PathBuf};

/// File stems of the measured documents: `twitter.json` (long strings, much of them
/// non-ASCII), `citm_catalog.json` (small objects of integer ids and nulls) and
/// `canada.json` (floating-point numbers in nested arrays).
pub const CASES: [&str; 3] = ["twitter", "citm_catalog", "canada"];

/// Folder of the benchmark documents: `shared/data/bench` in the folder that contains the
/// repository checkout.
fn document_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/bench")
}

/// Reads `{case}.json` from [`document_dir`].
///
/// # Panics
///
/// Panics with the path when the file cannot be read.
pub fn read_document(case: &str) -> Vec<u8> {
    let path = document_dir().join(format!("{case}.json"));
    std::fs::read(&path).unwrap_or_else(|error| {
        panic!("failed to read benchmark document {}: {error}", path.display())
    })
}
