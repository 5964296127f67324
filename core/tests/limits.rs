//! Hostile input: deep nesting, huge tokens, invalid UTF-8 everywhere. Each must end in a
//! clear rejection at the right byte, never a panic, a hang or unbounded memory.

mod common;

use common::{run, Chunking};
use jsonseam::{Options, RejectionKind, Validator};
use serde_json::json;

#[test]
fn deep_nesting_stops_at_max_depth() {
    let input = vec![b'['; 100_000];
    let validator = Validator::syntax_only(Options::strict());
    for chunking in [Chunking::Whole, Chunking::Bytes(1)] {
        let rejection = run(&validator, &input, chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::DepthLimit);
        assert_eq!(rejection.offset(), 128);
        assert!(rejection.to_string().contains("128"), "{rejection}");
    }
}

#[test]
fn deep_nesting_with_a_schema() {
    let schema = json!({"$defs": {"node": {"type": "array", "items": {"$ref": "#/$defs/node"}}}, "$ref": "#/$defs/node"});
    let validator = Validator::with_options(&schema, Options::strict()).unwrap();
    let mut input = vec![b'['; 128];
    input.extend(vec![b']'; 128]);
    assert!(validator.is_valid(&input));
    let mut deeper = vec![b'['; 50_000];
    deeper.extend(vec![b']'; 50_000]);
    let rejection = validator.validate(&deeper).unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::DepthLimit);
}

#[test]
fn huge_string_hits_the_string_limit() {
    let mut input = b"{\"s\": \"".to_vec();
    input.extend(std::iter::repeat_n(b'a', 50 << 20));
    input.extend_from_slice(b"\"}");
    let validator = Validator::syntax_only(Options::strict());
    let rejection = validator.validate(&input).unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::StringLimit);
    assert_eq!(rejection.offset(), 7 + (16 << 20));
    assert_eq!(rejection.instance_path(), "/s");

    let mut options = Options::strict();
    options.max_string_bytes = 64 << 20;
    let validator = Validator::syntax_only(options);
    assert!(validator.is_valid(&input));
    let schema = json!({"properties": {"s": {"maxLength": 10}}});
    let rejection = Validator::with_options(&schema, Options::strict()).unwrap().validate(&input).unwrap_err();
    assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::Schema, 17));
}

#[test]
fn long_bare_word_hits_the_string_limit() {
    let mut options = Options::default();
    options.extract = false;
    options.max_string_bytes = 5;
    let validator = Validator::syntax_only(options);
    // The sixth byte of the word, whatever the chunking: `p` of the value, `e` of the key.
    for (input, offset) in [(&b"example.com"[..], 5), (b"{example: 1}", 6)] {
        for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(4)] {
            let rejection = run(&validator, input, chunking).unwrap_err();
            assert_eq!(rejection.kind(), RejectionKind::StringLimit, "{chunking:?}: {rejection}");
            assert_eq!(rejection.offset(), offset, "{chunking:?}: {rejection}");
        }
    }
}

#[test]
fn huge_number_hits_the_number_limit() {
    let mut input = b"[1".to_vec();
    input.extend(std::iter::repeat_n(b'0', 10_000));
    input.push(b']');
    let rejection = Validator::syntax_only(Options::strict()).validate(&input).unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::NumberLimit);
    assert_eq!(rejection.offset(), 1 + 4096);
}

#[test]
fn long_malformed_number_hits_the_number_limit_first() {
    let mut options = Options::strict();
    options.max_number_bytes = 3;
    let validator = Validator::syntax_only(options);
    // The fourth digit is past the limit, before the `"` that breaks the exponent.
    for input in [&b"88888e\"x\""[..], b"[-1.5e]"] {
        let offset = if input[0] == b'[' { 4 } else { 3 };
        for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(2)] {
            let rejection = run(&validator, input, chunking).unwrap_err();
            assert_eq!(rejection.kind(), RejectionKind::NumberLimit, "{chunking:?}: {rejection}");
            assert_eq!(rejection.offset(), offset, "{chunking:?}: {rejection}");
        }
    }
}

#[test]
fn string_limit_before_repair_limit() {
    let mut options = Options::default();
    options.extract = false;
    options.max_string_bytes = 3;
    options.max_repairs = 5;
    let validator = Validator::syntax_only(options);
    // Every NUL is a control-character repair; the fourth byte of content is past the
    // string limit before the sixth repair is past the repair limit.
    let mut input = b"\"".to_vec();
    input.extend([0u8; 10]);
    input.push(b'"');
    for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(3)] {
        let rejection = run(&validator, &input, chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::StringLimit, "{chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), 4, "{chunking:?}: {rejection}");
    }
}

#[test]
fn buffer_limit_inside_one_fragment() {
    let mut options = Options::strict();
    options.max_buffered_bytes = 5;
    let validator = Validator::with_options(&json!({"enum": [{"r": 1}]}), options).unwrap();
    // The value is held whole for the `enum`. Its sixth byte, the `}` inside the key, is
    // past the limit whether the key's bytes arrive together or one by one.
    for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(3)] {
        let rejection = run(&validator, b"{\" us}", chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::BufferLimit, "{chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), 5, "{chunking:?}: {rejection}");
    }
}

#[test]
fn max_bytes_stops_reading() {
    let mut options = Options::strict();
    options.max_bytes = Some(10);
    let validator = Validator::syntax_only(options);
    let mut stream = validator.stream();
    stream.feed(b"[1, 2, 3").unwrap();
    let rejection = stream.feed(b", 4, 5]").unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::SizeLimit);
    assert_eq!(rejection.offset(), 10);
}

#[test]
fn invalid_utf8_rejected_at_every_position() {
    let document = r#"{"name": "Zoë", "tags": ["a", "日本"], "n": 12.5, "ok": true}"#.as_bytes();
    let validator = Validator::with_options(&json!({"type": "object"}), Options::strict()).unwrap();
    for position in 0..document.len() {
        for bad in [0xFF, 0xC0, 0xF8] {
            let mut input = document.to_vec();
            input[position] = bad;
            for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Random { seed: position as u64, max: 7 }] {
                let rejection = run(&validator, &input, chunking).unwrap_err();
                assert!(
                    matches!(rejection.kind(), RejectionKind::InvalidUtf8 | RejectionKind::Syntax),
                    "byte {position}: {rejection}"
                );
                // A replaced continuation byte is caught where the sequence breaks: at the
                // bad byte itself, since none of these can continue or start a sequence.
                assert_eq!(rejection.offset(), position as u64, "byte {position} ({bad:#x}) {chunking:?}: {rejection}");
            }
        }
    }
}

#[test]
fn broken_utf8_sequences_rejected_at_the_breaking_byte() {
    // Each sequence follows valid multi-byte text, which the lexer checks a run at a time,
    // and breaks at the byte given by its index within the sequence.
    let cases: [(&[u8], usize); 7] = [
        (b"\xE0\x80\x80", 1),     // overlong three-byte form
        (b"\xED\xA0\x80", 1),     // a UTF-16 surrogate
        (b"\xF4\x90\x80\x80", 1), // past U+10FFFF
        (b"\xE6\x97\"", 2),       // cut off by the closing quote
        (b"\xC3a", 1),            // cut off by ASCII
        (b"\xE6\x97\xA5\xFF", 3),  // a valid character, then a byte no sequence uses
        (b"\x80", 0),             // a continuation byte with no lead
    ];
    let validator = Validator::syntax_only(Options::strict());
    for (sequence, breaking) in cases {
        let mut input = "[\"日本語 ".as_bytes().to_vec();
        let start = input.len();
        input.extend_from_slice(sequence);
        input.extend_from_slice(b" more\"]");
        for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(3), Chunking::Random { seed: 7, max: 5 }] {
            let rejection = run(&validator, &input, chunking).unwrap_err();
            assert_eq!(rejection.kind(), RejectionKind::InvalidUtf8, "{sequence:x?} {chunking:?}: {rejection}");
            assert_eq!(rejection.offset(), (start + breaking) as u64, "{sequence:x?} {chunking:?}: {rejection}");
        }
    }
}

#[test]
fn every_truncation_is_truncated() {
    let document = br#"{"a": [1, -2.5e3, "x\u00e9\ud83d\ude00", true, null], "b": {}}"#;
    let validator = Validator::syntax_only(Options::strict());
    for end in 0..document.len() {
        let rejection = validator.validate(&document[..end]).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::Truncated, "prefix of {end} bytes");
        assert_eq!(rejection.offset(), end as u64);
        assert!(rejection.is_truncated());
    }
    assert!(validator.is_valid(document));
}

/// A schema whose every level is an `anyOf` of ten object schemas, each demanding a
/// different schema of the same shape for its property `x`: ten goals of ten candidates per
/// level of the instance.
fn branching_schema() -> serde_json::Value {
    let mut defs = serde_json::Map::new();
    for i in 0..10 {
        let members: Vec<_> = (0..10)
            .map(|j| json!({"type": "object", "properties": {"x": {"$ref": format!("#/$defs/n{j}")}, format!("k{i}{j}"): {"type": "integer"}}}))
            .collect();
        defs.insert(format!("n{i}"), json!({"anyOf": members}));
    }
    json!({"$defs": defs, "$ref": "#/$defs/n0"})
}

#[test]
fn nested_any_of_hits_the_candidate_limit() {
    let depth = 60;
    let input = format!("{}{{}}{}", r#"{"x": "#.repeat(depth), "}".repeat(depth));
    let mut options = Options::strict();
    options.max_candidates = 1000;
    let validator = Validator::with_options(&branching_schema(), options).unwrap();
    let rejection = validator.validate(input.as_bytes()).unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::CandidateLimit);
    assert!(rejection.expected().contains("max_candidates"), "{rejection}");
    assert!(rejection.offset() < input.len() as u64 / 2, "{rejection}");

    // The default limit leaves room for this schema at this depth.
    let validator = Validator::with_options(&branching_schema(), Options::strict()).unwrap();
    assert!(validator.is_valid(input.as_bytes()));
}

#[test]
fn pattern_past_the_dfa_cap_is_checked_by_backtracking() {
    // `(a|b)*a(a|b){20}` needs about 2^20 DFA states, far past the 1 MiB default cap.
    let schema = json!({"type": "string", "pattern": "^(a|b)*a(a|b){20}$"});
    let validator = Validator::with_options(&schema, Options::strict()).unwrap();
    let matching = format!("\"{}a{}\"", "b".repeat(5), "b".repeat(20));
    let failing = format!("\"{}\"", "b".repeat(26));
    assert!(validator.is_valid(matching.as_bytes()));
    let rejection = validator.validate(failing.as_bytes()).unwrap_err();
    assert_eq!(rejection.schema_path(), "/pattern");
    // Decided when the string closes, since nothing is stepped byte by byte.
    assert_eq!(rejection.offset(), failing.len() as u64 - 1);

    // A cap too small for both engines is a compile error that names the limit.
    let mut options = Options::strict();
    options.max_pattern_bytes = 64;
    let error = Validator::with_options(&schema, options).unwrap_err();
    assert_eq!(error.kind(), jsonseam::SchemaErrorKind::PatternTooLarge);
    assert!(error.to_string().contains("max_pattern_bytes"), "{error}");
}

#[test]
fn key_at_and_past_the_string_limit() {
    // A plain key that ends in its chunk is read at once, and one that does not is read a
    // fragment at a time. Both meet the limit at the same byte.
    let mut options = Options::strict();
    options.max_string_bytes = 4;
    let validator = Validator::syntax_only(options);
    for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(3), Chunking::Random { seed: 5, max: 9 }] {
        assert!(run(&validator, br#"{"abcd": 1, "ab\"c": 2, "": 3}"#, chunking).is_ok(), "{chunking:?}");
        let rejection = run(&validator, br#"{"a": 1, "abcde": 2}"#, chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::StringLimit, "{chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), 14, "{chunking:?}: {rejection}");
    }
}

#[test]
fn key_with_control_byte_or_cut() {
    let validator = Validator::syntax_only(Options::strict());
    for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(2)] {
        // A control byte stops the plain run, which then fails as before.
        let rejection = run(&validator, b"{\"a\x01b\": 1}", chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::Syntax, 3), "{chunking:?}: {rejection}");
        // A key cut by the end of the input is truncated after its last byte.
        let rejection = run(&validator, b"{\"abc", chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::Truncated, 5), "{chunking:?}: {rejection}");
        assert_eq!(run(&validator, "{\"é\\u00e9\": {\"日本\": []}}".as_bytes(), chunking).unwrap(), "{\"éé\":{\"日本\":[]}}");
    }
}

#[test]
fn string_value_at_and_past_the_string_limit() {
    let mut options = Options::strict();
    options.max_string_bytes = 4;
    let validator = Validator::syntax_only(options);
    for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(3), Chunking::Random { seed: 5, max: 9 }] {
        assert_eq!(run(&validator, br#"["abcd", "", "a\"b"]"#, chunking).unwrap(), r#"["abcd","","a\"b"]"#, "{chunking:?}");
        assert_eq!(run(&validator, br#""abcd""#, chunking).unwrap(), r#""abcd""#, "{chunking:?}");
        let rejection = run(&validator, br#"["a", "abcde"]"#, chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::StringLimit, "{chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), 11, "{chunking:?}: {rejection}");
    }
}

#[test]
fn non_ascii_content_read_whole() {
    let schema = json!({
        "type": "object",
        "properties": {
            "日": {"type": "string", "maxLength": 2, "pattern": "^é+$"}
        }
    });
    let mut options = Options::strict();
    options.max_string_bytes = 6;
    let validator = Validator::with_options(&schema, options).unwrap();
    let chunkings = [Chunking::Whole, Chunking::Bytes(1), Chunking::Bytes(2), Chunking::Random { seed: 9, max: 7 }];
    for chunking in chunkings {
        assert_eq!(run(&validator, "{\"日\": \"éé\"}".as_bytes(), chunking).unwrap(), "{\"日\":\"éé\"}", "{chunking:?}");
        // A third character breaks maxLength at its first byte, offset 13.
        let rejection = run(&validator, "{\"日\": \"ééé\"}".as_bytes(), chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::Schema, 13), "{chunking:?}: {rejection}");
        // `ü` (C3 BC) shares its first byte with `é` (C3 A9): the pattern fails at the
        // second, offset 12.
        let rejection = run(&validator, "{\"日\": \"éü\"}".as_bytes(), chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::Schema, 12), "{chunking:?}: {rejection}");
        // Three-byte characters: the seventh byte, the first of `語`, passes the limit.
        let rejection = run(&validator, "{\"k\": \"日本語\"}".as_bytes(), chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::StringLimit, 13), "{chunking:?}: {rejection}");
        // Invalid UTF-8 after valid non-ASCII bytes is found at the first byte that cannot
        // continue it: 0xFF itself in the value, and in the key the quote that cuts the
        // sequence C3 opened.
        let rejection = run(&validator, b"{\"k\": \"\xc3\xa9\xff\"}", chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::InvalidUtf8, 9), "{chunking:?}: {rejection}");
        let rejection = run(&validator, b"{\"\xc3\xa9\xc3\": 1}", chunking).unwrap_err();
        assert_eq!((rejection.kind(), rejection.offset()), (RejectionKind::InvalidUtf8, 5), "{chunking:?}: {rejection}");
        // Non-ASCII content then an escape takes the byte-wise path past the escape.
        assert_eq!(run(&validator, "{\"é\\n\": \"é\"}".as_bytes(), chunking).unwrap(), "{\"é\\n\":\"é\"}", "{chunking:?}");
    }
}
