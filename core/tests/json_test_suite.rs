//! The parsing cases of `JSONTestSuite`: every `y_` file is accepted and every `n_` file rejected,
//! whole, in 1-byte chunks and in random chunkings. `i_` files may go either way but must
//! give the same verdict in every chunking.
//!
//! Duplicate keys are allowed here, because RFC 8259 only says names SHOULD be unique and
//! the suite's `y_object_duplicated_key*` cases expect acceptance.

mod common;

use std::fs;

use common::{run, shared_data, CHUNKINGS};
use jsonseam::{Options, Validator};

#[test]
fn json_test_suite_every_chunking() {
    let dir = shared_data().join("JSONTestSuite/test_parsing");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{} is readable: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() > 300, "the suite has over 300 cases, found {}", files.len());

    let mut options = Options::strict();
    options.allow_duplicate_keys = true;
    // `n_structure_100000_opening_arrays` and `i_structure_500_nested_arrays` exceed the
    // default depth; they are rejected with `depth_limit`, which is a rejection.
    let validator = Validator::syntax_only(options);

    let mut failures = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for path in &files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let input = fs::read(path).unwrap();
        let whole = run(&validator, &input, CHUNKINGS[0]);
        for chunking in &CHUNKINGS[1..] {
            let other = run(&validator, &input, *chunking);
            if other != whole {
                failures.push(format!("{name}: {chunking:?} gave {other:?}, whole gave {whole:?}"));
            }
        }
        match (name.as_bytes()[0], &whole) {
            (b'y', Err(rejection)) => failures.push(format!("{name}: rejected: {rejection}")),
            (b'n', Ok(text)) => failures.push(format!("{name}: accepted as {text}")),
            (_, Ok(_)) => accepted += 1,
            (_, Err(_)) => rejected += 1,
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
    assert!(accepted > 90 && rejected > 180, "accepted {accepted}, rejected {rejected}");
}

#[test]
fn json_test_suite_transform_values() {
    // The transform cases are all valid JSON whose value is tricky; the canonical text must
    // parse back to the same value as serde_json reads from the input.
    let dir = shared_data().join("JSONTestSuite/test_transform");
    let mut options = Options::strict();
    options.allow_duplicate_keys = true;
    let validator = Validator::syntax_only(options);
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let input = fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let reference = serde_json::from_slice::<serde_json::Value>(&input);
        let ours = validator.validate(&input);
        if let (Ok(expected), Ok(outcome)) = (&reference, &ours) {
            let reparsed: serde_json::Value = serde_json::from_str(outcome.text())
                .unwrap_or_else(|e| panic!("{name}: canonical text does not parse: {e}"));
            assert_eq!(&reparsed, expected, "{name}");
        }
    }
}
