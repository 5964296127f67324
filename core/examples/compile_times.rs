//! Compile time of every schema in the real-world corpus: median, 90th and 99th percentile
//! and the slowest, with default options.
//!
//! ```text
//! cargo run --release -p jsonseam --example compile_times -- [DIR]
//! ```
//!
//! Each schema is compiled five times and its fastest time kept, so a moment of load on a
//! shared machine does not count as the schema's cost. Schemas that fail to compile are
//! timed too (the error is part of the work).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use jsonseam::Validator;
use serde_json::Value;

fn main() {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/jsonschemabench"),
        PathBuf::from,
    );
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", dir.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    paths.sort();

    let mut times: Vec<(Duration, String)> = Vec::new();
    for path in &paths {
        let text = std::fs::read(path).expect("a readable corpus file");
        let file: Value = serde_json::from_slice(&text).expect("a corpus file is JSON");
        let Some(schema) = file.get("schema") else { continue };
        let fastest = (0..5)
            .map(|_| {
                let started = Instant::now();
                let compiled = Validator::new(schema);
                let elapsed = started.elapsed();
                drop(compiled);
                elapsed
            })
            .min()
            .expect("five runs");
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        times.push((fastest, name));
    }
    times.sort();
    let at = |fraction: f64| times[((times.len() - 1) as f64 * fraction).round() as usize].0;
    let micros = |d: Duration| d.as_secs_f64() * 1e6;
    println!("schemas: {}", times.len());
    println!("median: {:.0} µs", micros(at(0.5)));
    println!("90th percentile: {:.0} µs", micros(at(0.9)));
    println!("99th percentile: {:.0} µs", micros(at(0.99)));
    println!("slowest:");
    for (time, name) in times.iter().rev().take(5) {
        println!("  {:>9.0} µs  {name}", micros(*time));
    }
}
