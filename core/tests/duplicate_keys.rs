//! Repeated keys in every kind of object: closed property lists, which index their names
//! with one bit each, open ones, lists too long for the bits, and objects whose first
//! schema fails while another still matches.

mod common;

use common::{run, CHUNKINGS};
use jsonseam::{Options, RejectionKind, Validator};
use serde_json::{json, Value};

fn closed(names: &[&str]) -> Value {
    let properties: serde_json::Map<String, Value> = names.iter().map(|n| (n.to_string(), json!({}))).collect();
    json!({"type": "object", "properties": properties, "additionalProperties": false})
}

/// Checks that `input` is rejected for a repeated key at `offset`, in every chunking.
fn assert_duplicate(schema: &Value, input: &str, offset: u64, key: &str) {
    let validator = Validator::with_options(schema, Options::strict()).unwrap();
    for chunking in CHUNKINGS {
        let rejection = run(&validator, input.as_bytes(), chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::DuplicateKey, "{input} in {chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), offset, "{input} in {chunking:?}");
        assert!(rejection.to_string().ends_with(&format!("found {key:?} again")), "{rejection}");
    }
}

fn assert_accepted(schema: &Value, input: &str) {
    let validator = Validator::with_options(schema, Options::strict()).unwrap();
    for chunking in CHUNKINGS {
        assert!(run(&validator, input.as_bytes(), chunking).is_ok(), "{input} in {chunking:?}");
    }
}

#[test]
fn closed_object_repeated_name() {
    let schema = closed(&["a", "ab", "b"]);
    assert_accepted(&schema, r#"{"ab":1,"a":2,"b":3}"#);
    assert_duplicate(&schema, r#"{"ab":1,"a":2,"ab":3}"#, 17, "ab");
    assert_duplicate(&schema, r#"{"a":1,"ab":2,"b":3,"a":4}"#, 22, "a");
    // The empty name sorts first and is a prefix of every other.
    let schema = closed(&["", "a"]);
    assert_accepted(&schema, r#"{"":1,"a":2}"#);
    assert_duplicate(&schema, r#"{"":1,"a":2,"":3}"#, 13, "");
}

#[test]
fn escaped_name_repeats_plain_name() {
    let schema = closed(&["ab", "b"]);
    assert_duplicate(&schema, r#"{"ab":1,"\u0061b":2}"#, 16, "ab");
}

#[test]
fn additional_keys_repeated() {
    let mut schema = closed(&["a", "b"]);
    schema["additionalProperties"] = json!({"type": "integer"});
    assert_accepted(&schema, r#"{"a":1,"x":2,"b":3,"y":4}"#);
    assert_duplicate(&schema, r#"{"x":1,"a":2,"x":3}"#, 15, "x");
    // Past 16 keys, the earlier keys are looked up by hash.
    let many: Vec<String> = (0..20).map(|i| format!("\"k{i}\":{i}")).collect();
    let input = format!("{{\"a\":0,{},\"k3\":1}}", many.join(","));
    let offset = input.len() as u64 - 4;
    assert_duplicate(&schema, &input, offset, "k3");
}

#[test]
fn empty_key_repeated_in_open_object() {
    // The first byte of an earlier empty key's span is the first byte of the key after it.
    assert_duplicate(&json!(true), r#"{"":1,"a":2,"":3}"#, 13, "");
    assert_duplicate(&json!({"type": "object"}), r#"{"":1,"":2}"#, 7, "");
    let members: Vec<String> = (0..20).map(|i| format!("\"k{i}\":{i}")).collect();
    let input = format!("{{\"\":0,{},\"\":1}}", members.join(","));
    let offset = input.len() as u64 - 4;
    assert_duplicate(&json!(true), &input, offset, "");
}

#[test]
fn over_64_names_repeated() {
    let names: Vec<String> = (0..70).map(|i| format!("n{i}")).collect();
    let schema = closed(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let members: Vec<String> = (0..70).map(|i| format!("\"n{i}\":{i}")).collect();
    assert_accepted(&schema, &format!("{{{}}}", members.join(",")));
    let input = format!("{{{},\"n69\":0}}", members.join(","));
    let offset = input.len() as u64 - 4;
    assert_duplicate(&schema, &input, offset, "n69");
}

#[test]
fn repeat_after_indexing_member_fails() {
    // The first member indexes the names. "c" fails it, and the second member still matches.
    let schema = json!({"anyOf": [closed(&["a", "b"]), closed(&["a", "c"])]});
    assert_accepted(&schema, r#"{"c":1,"a":2}"#);
    assert_duplicate(&schema, r#"{"c":1,"a":2,"c":3}"#, 15, "c");
    assert_duplicate(&schema, r#"{"a":1,"c":2,"a":3}"#, 15, "a");
}

#[test]
fn option_allows_repeats() {
    let mut options = Options::strict();
    options.allow_duplicate_keys = true;
    let validator = Validator::with_options(&closed(&["a", "b"]), options).unwrap();
    for chunking in CHUNKINGS {
        assert_eq!(run(&validator, br#"{"a":1,"b":2,"a":3}"#, chunking).unwrap(), r#"{"a":1,"b":2,"a":3}"#);
    }
}
