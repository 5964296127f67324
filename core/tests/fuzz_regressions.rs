//! Replays every input under `fuzz/regressions/<target>/` through the check of its fuzz
//! target, so that a crash the fuzzer found stays fixed without a nightly toolchain.

#[allow(dead_code)]
#[path = "../../fuzz/src/checks.rs"]
mod checks;

use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

#[test]
fn fuzz_regressions_replay() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../fuzz/regressions");
    let mut failures = Vec::new();
    let mut replayed = 0;
    for target in checks::TARGETS {
        let Ok(entries) = fs::read_dir(root.join(target)) else { continue };
        let mut files: Vec<PathBuf> = entries.map(|entry| entry.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = fs::read(&file).unwrap_or_else(|e| panic!("{} is readable: {e}", file.display()));
            if let Err(panic) = catch_unwind(AssertUnwindSafe(|| checks::run(target, &data))) {
                let message = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                failures.push(format!("{target}/{}: {message}", file.file_name().unwrap().to_string_lossy()));
            }
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no inputs found under {}", root.display());
    assert!(failures.is_empty(), "{} of {replayed} regressions fail:\n{}", failures.len(), failures.join("\n"));
}
