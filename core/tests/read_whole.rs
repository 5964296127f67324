//! Keys, strings, numbers and literals that end in the chunk they begin in are read in one
//! step, and values and keys that every schema on them admits are accepted without the
//! byte-wise matcher events. Whatever the one-step path leaves undecided goes the byte-wise
//! way: these cases check that each result, accepted or rejected, is the same in every
//! chunking, with the offsets the byte-wise path gives.

mod common;

use common::{run, run_with_report, Chunking, CHUNKINGS};
use jsonseam::{Options, RejectionKind, Validator};
use serde_json::json;

fn validator() -> Validator {
    let schema = json!({
        "type": "object",
        "properties": {
            "n": {"type": "integer", "maximum": 10},
            "s": {"type": "string", "pattern": "^a+$", "maxLength": 3},
            "e": {"enum": ["x", "y"]},
            "b": {"const": true},
            "l": {"type": "array", "items": {"type": "number"}, "maxItems": 2},
            "p": {"prefixItems": [{"type": "integer"}], "items": false},
            "z": {"type": "null"}
        },
        "patternProperties": {
            "^x": {"type": "integer"},
            "y$": {"minimum": 3}
        }
    });
    Validator::with_options(&schema, Options::strict()).unwrap()
}

/// Asserts that `input` is rejected with `kind` at `offset` in every chunking.
fn assert_rejected_at(validator: &Validator, input: &[u8], kind: RejectionKind, offset: u64) {
    for chunking in CHUNKINGS {
        let rejection = run(validator, input, chunking).unwrap_err();
        assert_eq!(
            (rejection.kind(), rejection.offset()),
            (kind, offset),
            "{} in {chunking:?}: {rejection}",
            String::from_utf8_lossy(input)
        );
    }
}

#[test]
fn passing_scalars_keep_their_text() {
    let validator = validator();
    let input = br#"{"n": 5, "s": "aa", "e": "y", "b": true, "l": [1, 2.5e0], "p": [-0], "z": null, "xy": 3, "q": false}"#;
    let expected = r#"{"n":5,"s":"aa","e":"y","b":true,"l":[1,2.5e0],"p":[-0],"z":null,"xy":3,"q":false}"#;
    for chunking in CHUNKINGS {
        assert_eq!(run(&validator, input, chunking).unwrap(), expected, "{chunking:?}");
    }
}

#[test]
fn failing_scalars_match_byte_wise_offsets() {
    let validator = validator();
    let cases: [(&[u8], RejectionKind, u64); 12] = [
        // `maximum` and `integer` are decided by the byte after the number: `1.5e1` would
        // still be an integer.
        (br#"{"n": 11}"#, RejectionKind::Schema, 8),
        (br#"{"n": 1.5}"#, RejectionKind::Schema, 9),
        // The pattern fails at `b`, `maxLength` at the fourth `a`.
        (br#"{"s": "ab"}"#, RejectionKind::Schema, 8),
        (br#"{"s": "aaaa"}"#, RejectionKind::Schema, 10),
        // No member of the enumeration begins with `z`.
        (br#"{"e": "z"}"#, RejectionKind::Schema, 7),
        // `const: true` excludes `false` at its first byte.
        (br#"{"b": false}"#, RejectionKind::Schema, 6),
        // `maxItems` fails at the comma that opens a third item.
        (br#"{"l": [1, 2, 3]}"#, RejectionKind::Schema, 11),
        (br#"{"l": [1, "x"]}"#, RejectionKind::Schema, 10),
        (br#"{"p": [1, 2]}"#, RejectionKind::Schema, 8),
        (br#"{"z": 0}"#, RejectionKind::Schema, 6),
        // Both patterns apply to `xy`: the integer passes, `minimum` fails.
        (br#"{"xy": 2}"#, RejectionKind::Schema, 8),
        // Invalid number text stays a syntax error at its byte.
        (br#"{"n": 01}"#, RejectionKind::Syntax, 7),
    ];
    for (input, kind, offset) in cases {
        assert_rejected_at(&validator, input, kind, offset);
    }
}

#[test]
fn cut_or_misspelled_literals_and_numbers() {
    let validator = Validator::syntax_only(Options::strict());
    let cases: [(&[u8], RejectionKind, u64); 4] = [
        (b"[tru]", RejectionKind::Syntax, 4),
        (b"[nulll]", RejectionKind::Syntax, 5),
        (b"[1.]", RejectionKind::Syntax, 3),
        (b"[-", RejectionKind::Truncated, 2),
    ];
    for (input, kind, offset) in cases {
        assert_rejected_at(&validator, input, kind, offset);
    }
}

#[test]
fn long_numbers_respect_number_limit() {
    let mut options = Options::strict();
    options.max_number_bytes = 4;
    let validator = Validator::syntax_only(options);
    for chunking in CHUNKINGS {
        assert_eq!(run(&validator, b"[1234, -123]", chunking).unwrap(), "[1234,-123]", "{chunking:?}");
        let rejection = run(&validator, b"[12345]", chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::NumberLimit, 5), "{chunking:?}: {rejection}");
    }
}

#[test]
fn candidate_limit_still_applies() {
    // Three schemas apply to the object, and each demands one of its own of `a`: the
    // value would bring the live candidates to six.
    let member = |n: u32| json!({"properties": {"a": {"type": "string", "minLength": n}}});
    let schema = json!({"allOf": [member(1), member(2), member(3)]});
    for (limit, accepted) in [(6, true), (5, false)] {
        let mut options = Options::strict();
        options.max_candidates = limit;
        let validator = Validator::with_options(&schema, options).unwrap();
        for chunking in CHUNKINGS {
            let result = run(&validator, br#"{"a": "xyz"}"#, chunking);
            match result {
                Ok(text) => assert!(accepted, "{chunking:?}: accepted {text}"),
                Err(rejection) => {
                    assert!(!accepted, "{chunking:?}: {rejection}");
                    assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::CandidateLimit, 6), "{chunking:?}: {rejection}");
                }
            }
        }
    }
}

#[test]
fn failing_keys_match_byte_wise_offsets() {
    let cases = [
        // A key outside the names takes `additionalProperties`' schema.
        (json!({"additionalProperties": {"type": "integer"}}), &br#"{"k": "x"}"#[..], RejectionKind::Schema, 6),
        // A closed object rejects the first byte that no name continues with.
        (json!({"properties": {"a": {}}, "additionalProperties": false}), br#"{"a": 1, "k": 1}"#, RejectionKind::Schema, 10),
        // A property whose schema is `false` fails at the key's closing quote.
        (json!({"properties": {"no": false}}), br#"{"no": 1}"#, RejectionKind::Schema, 4),
        // The first key completes `required`; the repeat fails at its closing quote.
        (json!({"required": ["a"]}), br#"{"a": 1, "a": 2}"#, RejectionKind::DuplicateKey, 11),
        (json!({"properties": {"a": {}, "b": {}}, "additionalProperties": false}), br#"{"a": 1, "b": 2, "a": 3}"#, RejectionKind::DuplicateKey, 19),
        // `maxProperties` fails at the comma that opens a second member.
        (json!({"maxProperties": 1}), br#"{"a": 1, "b": 2}"#, RejectionKind::Schema, 7),
    ];
    for (schema, input, kind, offset) in cases {
        let validator = Validator::with_options(&schema, Options::strict()).unwrap();
        assert_rejected_at(&validator, input, kind, offset);
    }
}

#[test]
fn colon_space_counts_toward_whitespace_limit() {
    for (limit, input, offset) in [(0, &br#"{"a": 1}"#[..], Some(5)), (1, br#"{"a": 1}"#, None), (1, br#"{"a":  1}"#, Some(6)), (2, br#"{"a":  1}"#, None)] {
        let mut options = Options::strict();
        options.max_whitespace_run = limit;
        let validator = Validator::syntax_only(options);
        for chunking in CHUNKINGS {
            let result = run(&validator, input, chunking);
            match offset {
                None => assert_eq!(result.unwrap(), r#"{"a":1}"#, "limit {limit} in {chunking:?}"),
                Some(offset) => {
                    let rejection = result.unwrap_err();
                    assert_eq!(
                        (rejection.kind(), rejection.offset()),
                        (RejectionKind::WhitespaceLimit, offset),
                        "limit {limit} in {chunking:?}: {rejection}"
                    );
                }
            }
        }
    }
}

#[test]
fn lenient_strings_match_byte_wise_repairs() {
    let schema = json!({"properties": {"list": {"type": "array"}}});
    let validator = Validator::with_options(&schema, Options::default()).unwrap();
    let cases: [(&[u8], &str); 6] = [
        (br#"{"a": "x", "b": 1}"#, r#"{"a":"x","b":1}"#),
        // A quote followed by a word is content, kept with an inner-quote repair.
        (br#"{"a": "say "hi" now"}"#, r#"{"a":"say \"hi\" now"}"#),
        (br#"{"a"b": 1}"#, r#"{"a\"b":1}"#),
        // The quote before ` "y"` closes the string, and a comma is inserted after it.
        (br#"["x" "y", 1 2]"#, r#"["x","y",1,2]"#),
        // A string where the schema wants an array is read as an encoded document.
        (br#"{"list": "[1, 2]"}"#, r#"{"list":[1,2]}"#),
        (br#"{"n": 01}"#, ""),
    ];
    for (input, expected) in cases {
        let byte_wise = run_with_report(&validator, input, Chunking::Bytes(1));
        for chunking in CHUNKINGS {
            let result = run_with_report(&validator, input, chunking);
            assert_eq!(result, byte_wise, "{} in {chunking:?}", String::from_utf8_lossy(input));
        }
        match byte_wise {
            Ok((text, _)) => assert_eq!(text, expected, "{}", String::from_utf8_lossy(input)),
            Err(rejection) => assert!(expected.is_empty(), "{}: {rejection}", String::from_utf8_lossy(input)),
        }
    }
}
