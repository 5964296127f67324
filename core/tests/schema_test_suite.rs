//! The official JSON-Schema-Test-Suite, draft 2020-12, on the schemas this engine compiles.
//!
//! Schemas that use keywords outside the supported set fail compilation and are counted
//! as skipped; every test of a compiled schema must give the suite's verdict, whole and in
//! 1-byte chunks.

mod common;

use std::fs;

use common::{run, shared_data, Chunking};
use jsonseam::{Options, Validator};
use serde_json::Value;

/// Suite groups whose expected verdict this engine does not give, with the reason.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[(
    "schema that uses custom metaschema with with no validation vocabulary",
    "the metaschema is a remote document that is never fetched, so the validation vocabulary stays on",
)];

#[test]
fn draft2020_12_verdicts_on_compiled_schemas() {
    let dir = shared_data().join("JSON-Schema-Test-Suite/tests/draft2020-12");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();

    let (mut compiled, mut skipped, mut checked) = (0, 0, 0);
    let mut failures = Vec::new();
    for file in &files {
        let groups: Vec<Value> = serde_json::from_slice(&fs::read(file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        for group in &groups {
            let description = group["description"].as_str().unwrap();
            let Ok(validator) = Validator::with_options(&group["schema"], Options::strict()) else {
                skipped += 1;
                continue;
            };
            compiled += 1;
            let known = KNOWN_DIFFERENCES.iter().any(|(d, _)| *d == description);
            for test in group["tests"].as_array().unwrap() {
                let input = serde_json::to_vec(&test["data"]).unwrap();
                let expected = test["valid"].as_bool().unwrap();
                let whole = run(&validator, &input, Chunking::Whole);
                let bytewise = run(&validator, &input, Chunking::Bytes(1));
                checked += 1;
                if whole != bytewise {
                    failures.push(format!("{name} / {description} / {}: chunkings differ", test["description"]));
                }
                if whole.is_ok() != expected && !known {
                    failures.push(format!(
                        "{name} / {description} / {}: expected {expected}, got {whole:?}",
                        test["description"]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    eprintln!("compiled {compiled} groups, skipped {skipped}, checked {checked} tests");
    assert!(compiled > 150 && checked > 600, "compiled {compiled}, skipped {skipped}, checked {checked}");
}
