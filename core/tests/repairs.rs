//! Lenient lexing and extraction on small inputs, in every chunking: the output, and the
//! kinds of the repairs and stripped ranges in the report.

mod common;

use common::{run_with_report, Chunking, CHUNKINGS};
use jsonseam::{Options, RejectionKind, RepairMode, Validator};
use serde_json::json;

fn check(options: &Options, input: &str, output: &str, repairs: &[&str], stripped: &[&str]) {
    let validator = Validator::with_options(&json!({"type": ["object", "array"]}), options.clone()).unwrap();
    for chunking in CHUNKINGS {
        let (text, report) = run_with_report(&validator, input.as_bytes(), chunking)
            .unwrap_or_else(|rejection| panic!("{input:?} {chunking:?}: {rejection}"));
        assert_eq!(text, output, "{input:?} {chunking:?}");
        let kinds: Vec<&str> = report.repairs.iter().map(|r| r.kind.as_str()).collect();
        assert_eq!(kinds, repairs, "{input:?} {chunking:?}");
        let ranges: Vec<&str> = report.stripped.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(ranges, stripped, "{input:?} {chunking:?}");
    }
}

#[test]
fn lossless_repairs() {
    let options = Options::default();
    let cases: &[(&str, &str, &[&str])] = &[
        ("[1, 2,]", "[1,2]", &["trailing_comma"]),
        ("[1 2]", "[1,2]", &["missing_comma"]),
        ("{'a': 'b'}", r#"{"a":"b"}"#, &["single_quotes", "single_quotes"]),
        ("{a: 1}", r#"{"a":1}"#, &["unquoted_key"]),
        ("[True, # yes\n False, None]", "[true,false,null]", &["python_literal", "comment", "python_literal", "python_literal"]),
        ("[\"a\tb\"]", r#"["a\tb"]"#, &["control_character"]),
        (r#"["App\Http"]"#, r#"["App\\Http"]"#, &["invalid_escape"]),
        (r#"{"s": "say "hi" now"}"#, r#"{"s":"say \"hi\" now"}"#, &["inner_quote", "inner_quote"]),
        ("{\u{201c}a\u{201d}: \u{2018}it\u{2019}s\u{2019}}", r#"{"a":"it’s"}"#, &["smart_quotes", "smart_quotes", "inner_quote"]),
        (r#"{"color": red}"#, r#"{"color":"red"}"#, &["unquoted_string"]),
    ];
    for (input, output, repairs) in cases {
        check(&options, input, output, repairs, &[]);
    }
    // After the document, a comment is text around it, stripped like any other.
    check(&options, "[1, /* two */ 2] // end", "[1,2]", &["comment"], &["trailing"]);
}

#[test]
fn extraction_strips_wrappers() {
    let options = Options::default();
    check(&options, "Sure:\n```json\n{\"a\": 1}\n```\nBye", r#"{"a":1}"#, &[], &["prose", "fence", "fence", "trailing"]);
    check(&options, "<json>[1]</json>", "[1]", &[], &["tag", "tag"]);
    check(&options, "\u{feff}{}", "{}", &[], &["bom"]);
    check(&options, "{\"id\": 1}{\"id\": 2}", r#"{"id":1}"#, &[], &["extra_value"]);
}

#[test]
fn lossy_closes_truncation() {
    let mut options = Options::default();
    options.repair = RepairMode::Lossy;
    check(&options, r#"{"cmd": "rm -r bu"#, r#"{"cmd":"rm -r bu"}"#, &["closed_truncation"], &[]);
    check(&options, "[1, 2, tr", "[1,2,true]", &["closed_truncation"], &[]);
    check(&options, "[1, 2,", "[1,2]", &["trailing_comma", "closed_truncation"], &[]);
    // A cut-off word that begins no literal ends where the input does.
    check(&options, "[1, undefined", "[1,null]", &["undefined_value", "closed_truncation"], &[]);
    check(&options, r#"{"a": hello"#, r#"{"a":"hello"}"#, &["unquoted_string", "closed_truncation"], &[]);
}

#[test]
fn defects_rejected_without_repair() {
    let validator = Validator::with_options(&json!({"type": "array"}), Options::default()).unwrap();
    for input in ["[1, 2, .5, 7]", "[01]", "[NaN]", r#"{"k1": ["v1"}, "k2": 2}"#] {
        assert!(validator.validate(input.as_bytes()).is_err(), "{input}");
    }
}

#[test]
fn lossy_drops_placeholders() {
    let mut options = Options::default();
    options.repair = RepairMode::Lossy;
    check(&options, "[1, 2, ...]", "[1,2]", &["dropped_placeholder"], &[]);
    check(&options, r#"{"a": 1, ..., "b": 2}"#, r#"{"a":1,"b":2}"#, &["dropped_placeholder"], &[]);
    let lossless = Validator::with_options(&json!({"type": "array"}), Options::default()).unwrap();
    assert!(lossless.validate(b"[1, 2, ...]").is_err());
}

#[test]
fn undefined_is_never_a_string() {
    // Quoting it would turn an absent value into the text "undefined".
    let schema = json!({"type": "object", "properties": {"middle": {"type": ["string", "null"]}}});
    let lossless = Validator::with_options(&schema, Options::default()).unwrap();
    let rejection = lossless.validate(br#"{"middle": undefined}"#).unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::Syntax);
    assert_eq!(rejection.offset(), 11);
    assert!(rejection.expected().contains("lossy repairs write it as null"), "{rejection}");

    let mut options = Options::default();
    options.repair = RepairMode::Lossy;
    check(&options, "[1, undefined]", "[1,null]", &["undefined_value"], &[]);
    check(&options, "{\"a\": undefined}", r#"{"a":null}"#, &["undefined_value"], &[]);
}

#[test]
fn double_encoded_document_is_decoded() {
    let schema = json!({"type": "object", "properties": {"a": {"type": "integer"}, "s": {"type": "string"}}});
    let options = Options::default();
    let validator = Validator::with_options(&schema, options.clone()).unwrap();
    for chunking in CHUNKINGS {
        let (text, report) = run_with_report(&validator, br#""{\"a\": 1, \"s\": \"x\"}""#, chunking).unwrap();
        assert_eq!(text, r#"{"a":1,"s":"x"}"#, "{chunking:?}");
        assert_eq!(report.repairs[0].kind.as_str(), "double_encoded");
    }
    // Content after the encoded document, inside the string, is invalid.
    assert!(validator.validate(br#""{\"a\": 1} junk""#).is_err());
    // So is an encoded document that the closing quote cuts short: the input went on, so
    // it is not truncated.
    for (input, offset) in [(&br#""""#[..], 1), (br#""{\"a\": " and more"#, 9)] {
        for chunking in CHUNKINGS {
            let rejection = run_with_report(&validator, input, chunking).unwrap_err();
            assert_eq!(rejection.kind(), RejectionKind::Syntax, "{chunking:?}: {rejection}");
            assert_eq!(rejection.offset(), offset, "{chunking:?}: {rejection}");
        }
    }
    // Where a string is allowed, a string stays a string.
    let (text, _) = run_with_report(&validator, br#"{"s": "{\"a\": 1}"}"#, CHUNKINGS[0]).unwrap();
    assert_eq!(text, r#"{"s":"{\"a\": 1}"}"#);
}

#[test]
fn review_findings_on_repairs() {
    let object = Validator::with_options(&json!({"type": "object"}), {
        let mut options = Options::default();
        options.repair = RepairMode::Lossy;
        options
    })
    .unwrap();
    // A cut-off string where an object is wanted: a clean rejection, never a panic.
    for input in [&b"\""[..], b"\"abc", b"\"{\\\"a\\\": 1}", b"\xef\xbb\xbf\"["] {
        for chunking in CHUNKINGS {
            let _ = run_with_report(&object, input, chunking);
        }
    }
    // A cut-off encoded document closes as a document, or is rejected.
    for chunking in CHUNKINGS {
        match run_with_report(&object, br#""{\"a\": [1, 2"#, chunking) {
            Ok((text, _)) => assert_eq!(text, r#"{"a":[1,2]}"#, "{chunking:?}"),
            Err(rejection) => assert!(rejection.is_truncated(), "{rejection}"),
        }
    }
    // A placeholder never stands for one member's value.
    assert!(object.validate(br#"{"a": ...}"#).is_err());
    assert!(object.validate(br#"{"a": ..., "b": 1}"#).is_err());
    // A fence right after the document is stripped the same way in every chunking.
    let any = Validator::with_options(&json!(true), Options::default()).unwrap();
    for input in ["{\"a\":1}```\n", "{\"a\":1} ```\n", "{\"a\":1}```\nhello"] {
        let whole = run_with_report(&any, input.as_bytes(), CHUNKINGS[0]).unwrap();
        assert!(whole.1.stripped.iter().all(|s| s.start < s.end), "{input:?}: {:?}", whole.1);
        assert!(whole.1.stripped.iter().any(|s| s.kind.as_str() == "fence"), "{input:?}: {:?}", whole.1);
        for chunking in CHUNKINGS {
            assert_eq!(run_with_report(&any, input.as_bytes(), chunking).unwrap(), whole, "{input:?} {chunking:?}");
        }
    }
    // Comparisons in prose are not tags.
    let (_, report) = run_with_report(&any, b"a < b and c > d {\"a\": 1}", CHUNKINGS[0]).unwrap();
    assert!(report.stripped.iter().all(|s| s.kind.as_str() != "tag"), "{report:?}");
}

#[test]
fn fence_info_string_with_tag() {
    // `<` and `>` after a fence's backticks belong to the fence line, not to a tag.
    let options = Options::default();
    check(&options, "```json<x>\n{\"a\": 1}\n```", r#"{"a":1}"#, &[], &["fence", "fence"]);
    check(&options, "{\"a\": 1}\n```<b>\n", r#"{"a":1}"#, &[], &["fence"]);
    let validator = Validator::syntax_only(options);
    let (_, report) = run_with_report(&validator, b"```json<x>\n[1]", CHUNKINGS[0]).unwrap();
    assert_eq!((report.stripped[0].start, report.stripped[0].end), (0, 11));
}

#[test]
fn decoded_lookahead_keeps_the_offsets_of_its_bytes() {
    // In a document written as a string, the bytes after an inner quote come from escapes
    // and raw bytes at offsets that are not contiguous. The comma that opens item 2 is the
    // raw byte at offset 14, after the six bytes of `\u002c`.
    let mut options = Options::default();
    options.extract = false;
    let validator = Validator::with_options(&json!({"type": "array", "maxItems": 2}), options).unwrap();
    let input = br#""[\"a\"\u002c7,8]""#;
    for chunking in CHUNKINGS.into_iter().chain([Chunking::Bytes(3)]) {
        let rejection = run_with_report(&validator, input, chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::Schema, "{chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), 14, "{chunking:?}: {rejection}");
    }
}

#[test]
fn cut_smart_quote_agrees_across_chunkings() {
    // `E2 9D` cannot begin the closing `\u{201D}` (E2 80 9D), so it is string content: a
    // character cut off by the end of input.
    let mut options = Options::default();
    options.extract = false;
    let validator = Validator::with_options(&json!(true), options).unwrap();
    let input = b"\xE2\x80\x9C\xE2\x9D";
    for chunking in CHUNKINGS.into_iter().chain([Chunking::Bytes(3)]) {
        let rejection = run_with_report(&validator, input, chunking).unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::Truncated, "{chunking:?}: {rejection}");
        assert_eq!(rejection.offset(), 5, "{chunking:?}: {rejection}");
        assert_eq!(rejection.expected(), "the rest of the string and its closing '\"'", "{chunking:?}: {rejection}");
    }
}
