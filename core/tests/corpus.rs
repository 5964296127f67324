//! Runs every case in `corpus/` whole, in 1-byte, 4-byte and random chunkings, and through
//! `is_valid`, and checks each against the case's `expected.json`.

mod common;

use std::fs;

use common::{corpus_dir, options_from, run, CHUNKINGS};
use jsonseam::Validator;
use serde_json::Value;

#[test]
fn corpus_cases_match_expected() {
    let mut cases: Vec<_> = fs::read_dir(corpus_dir())
        .expect("corpus/ exists")
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.join("expected.json").exists())
        .collect();
    cases.sort();
    assert!(cases.len() >= 12, "the corpus has at least twelve cases");

    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let schema: Value = serde_json::from_slice(&fs::read(case.join("schema.json")).unwrap()).unwrap();
        let expected: Value = serde_json::from_slice(&fs::read(case.join("expected.json")).unwrap()).unwrap();
        let input = fs::read(case.join("input.txt")).unwrap();
        let options = options_from(expected.get("options"));
        let validator = match Validator::with_options(&schema, options) {
            Ok(v) => v,
            Err(error) => {
                failures.push(format!("{name}: schema does not compile: {error}"));
                continue;
            }
        };
        let valid = expected["valid"].as_bool().unwrap();
        if validator.is_valid(&input) != valid {
            failures.push(format!("{name}: is_valid returned {}", !valid));
        }
        let whole = run(&validator, &input, CHUNKINGS[0]);
        for chunking in CHUNKINGS {
            let result = run(&validator, &input, chunking);
            if result != whole {
                failures.push(format!("{name} [{chunking:?}]: {result:?} differs from the whole input's {whole:?}"));
                break;
            }
            let problem = match (&result, valid) {
                (Ok(text), true) => (text != expected["output"].as_str().unwrap())
                    .then(|| format!("output {text}")),
                (Err(rejection), false) => {
                    let mut wrong = Vec::new();
                    if rejection.kind().as_str() != expected["kind"].as_str().unwrap() {
                        wrong.push(format!("kind {}", rejection.kind()));
                    }
                    if rejection.offset() != expected["offset"].as_u64().unwrap() {
                        wrong.push(format!("offset {}", rejection.offset()));
                    }
                    if rejection.instance_path() != expected["instance_path"].as_str().unwrap() {
                        wrong.push(format!("instance_path {:?}", rejection.instance_path()));
                    }
                    if let Some(path) = expected.get("schema_path").and_then(Value::as_str) {
                        if rejection.schema_path() != path {
                            wrong.push(format!("schema_path {:?}", rejection.schema_path()));
                        }
                    }
                    (!wrong.is_empty()).then(|| format!("{} ({rejection})", wrong.join(", ")))
                }
                (Ok(text), false) => Some(format!("accepted as {text}")),
                (Err(rejection), true) => Some(format!("rejected: {rejection}")),
            };
            if let Some(problem) = problem {
                failures.push(format!("{name} [{chunking:?}]: {problem}"));
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
