//! Runs every case in `corpus/` whole, in 1-byte, 4-byte and random chunkings, and through
//! `is_valid`, and checks each against the case's `expected.json`.

mod common;

use std::fs;

use common::{corpus_dir, options_from, run_with_report, CHUNKINGS};
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
        let whole = run_with_report(&validator, &input, CHUNKINGS[0]);
        for chunking in CHUNKINGS {
            let result = run_with_report(&validator, &input, chunking);
            if result != whole {
                failures.push(format!("{name} [{chunking:?}]: {result:?} differs from the whole input's {whole:?}"));
                break;
            }
            let problem = match (&result, valid) {
                (Ok((text, report)), true) => {
                    let mut wrong = Vec::new();
                    if text != expected["output"].as_str().unwrap() {
                        wrong.push(format!("output {text}"));
                    }
                    wrong.extend(report_mismatches(&expected, report));
                    (!wrong.is_empty()).then(|| wrong.join(", "))
                }
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
                (Ok((text, _)), false) => Some(format!("accepted as {text}")),
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

/// Differences between a valid case's expected `status`, `stripped` and `repairs` and the
/// report. Each is checked only when the case gives it; entries compare on the fields the
/// case gives.
fn report_mismatches(expected: &Value, report: &jsonseam::Report) -> Vec<String> {
    let mut wrong = Vec::new();
    if let Some(status) = expected.get("status").and_then(Value::as_str) {
        if report.status().as_str() != status {
            wrong.push(format!("status {}", report.status().as_str()));
        }
    }
    if let Some(stripped) = expected.get("stripped").and_then(Value::as_array) {
        let actual: Vec<Value> = report
            .stripped
            .iter()
            .map(|s| serde_json::json!({"start": s.start, "end": s.end, "kind": s.kind.as_str()}))
            .collect();
        if !entries_match(stripped, &actual) {
            wrong.push(format!("stripped {}", Value::Array(actual)));
        }
    }
    if let Some(repairs) = expected.get("repairs").and_then(Value::as_array) {
        let actual: Vec<Value> = report
            .repairs
            .iter()
            .map(|r| serde_json::json!({"kind": r.kind.as_str(), "offset": r.offset, "original": r.original, "written": r.written}))
            .collect();
        if !entries_match(repairs, &actual) {
            wrong.push(format!("repairs {}", Value::Array(actual)));
        }
    }
    wrong
}

fn entries_match(expected: &[Value], actual: &[Value]) -> bool {
    expected.len() == actual.len()
        && expected.iter().zip(actual).all(|(want, got)| {
            want.as_object()
                .unwrap()
                .iter()
                .all(|(field, value)| got.get(field) == Some(value))
        })
}
