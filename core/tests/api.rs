//! The public surface: messages, snippets, stream behaviour and schema errors.

use jsonseam::{render_snippet, render_snippet_from_line, Options, RejectionKind, SchemaErrorKind, StrippedKind, Validator, ValueSink};
use serde_json::json;

fn strict(schema: &serde_json::Value) -> Validator {
    Validator::with_options(schema, Options::strict()).unwrap()
}

fn reject(schema: &serde_json::Value, input: &str) -> jsonseam::Rejection {
    strict(schema).validate(input.as_bytes()).unwrap_err()
}

#[test]
fn rejection_messages_are_pinned() {
    let cases = [
        (
            json!({"type": "object", "properties": {"n": {"type": "string"}}}),
            r#"{"n": 4}"#,
            "schema violation at byte 6, instance path /n, schema path /properties/n/type: expected string, found a number",
        ),
        (
            json!({"enum": ["red", "green"]}),
            r#""blue""#,
            "schema violation at byte 1, schema path /enum: expected one of \"red\", \"green\", found a string whose byte 0 is 'b'",
        ),
        (
            json!({"type": "array", "maxItems": 1}),
            "[1, 2]",
            "schema violation at byte 2, schema path /maxItems: expected at most 1 item, found a comma opening item 1",
        ),
        (json!(true), "[1, 2", "truncated input at byte 5, instance path /1: expected ',' or ']', found the end of input"),
        (json!(true), "[01]", "invalid JSON at byte 2: expected ',' or ']', found '1'"),
        (json!(true), "{\"a\":1,\"a\":2}", "duplicate key at byte 9: expected a key not used before in this object (the allow_duplicate_keys option accepts repeats), found \"a\" again"),
    ];
    for (schema, input, message) in cases {
        assert_eq!(reject(&schema, input).to_string(), message, "input {input}");
    }
}

#[test]
fn snippet_points_at_the_byte() {
    let rejection = reject(&json!({"properties": {"age": {"type": "integer"}}}), "{\n  \"age\": \"ten\"\n}");
    let snippet = render_snippet(&rejection, b"{\n  \"age\": \"ten\"\n}", 0);
    let lines: Vec<&str> = snippet.lines().collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[1], "2 |   \"age\": \"ten\"");
    assert_eq!(lines[2], "             ^");
    assert_eq!(rejection.to_string(), lines[0]);
}

#[test]
fn snippet_line_number_saturates() {
    let rejection = reject(&json!(true), "[1,\n]");
    let snippet = render_snippet_from_line(&rejection, b"[1,\n]", 0, u64::MAX);
    let lines: Vec<&str> = snippet.lines().collect();
    assert_eq!(lines.len(), 3, "{snippet}");
    assert_eq!(lines[1], format!("{} | ]", u64::MAX));
}

#[test]
fn snippet_outside_window_is_the_message_alone() {
    let rejection = reject(&json!(true), "[1,]");
    assert_eq!(render_snippet(&rejection, b"xx", 100), rejection.to_string());
}

#[test]
fn stream_reports_progress_and_stays_diverged() {
    let validator = strict(&json!({"type": "array", "items": {"type": "integer"}}));
    let mut stream = validator.stream();
    let progress = stream.feed(b"[1, 2").unwrap();
    assert_eq!((progress.offset, progress.complete), (5, false));
    let progress = stream.feed(b"]  ").unwrap();
    assert_eq!((progress.offset, progress.complete), (8, true));
    assert_eq!(stream.finish().unwrap().text(), "[1,2]");

    let mut stream = validator.stream();
    let first = stream.feed(b"[1, \"x\"").unwrap_err();
    assert_eq!(first.offset(), 4);
    assert_eq!(stream.feed(b"]").unwrap_err(), first);
    assert_eq!(stream.rejection(), Some(&first));
    assert_eq!(stream.finish().unwrap_err(), first);
}

#[test]
fn canonical_text_normalizes_escapes_and_keeps_numbers() {
    let validator = Validator::syntax_only(Options::strict());
    let input = r#" { "a\/b" : "\u00e9\t\u0001\"" , "n" : [ 1.50E+2 , -0 ] } "#;
    let outcome = validator.validate(input.as_bytes()).unwrap();
    assert_eq!(outcome.text(), "{\"a/b\":\"é\\t\\u0001\\\"\",\"n\":[1.50E+2,-0]}");
}

#[test]
fn value_sink_builds_the_value() {
    let validator = Validator::syntax_only(Options::strict());
    let value = validator.validate_value(br#"{"b": [1, 2.5, "x"], "a": null}"#).unwrap();
    assert_eq!(value, json!({"b": [1, 2.5, "x"], "a": null}));
    assert_eq!(value.as_object().unwrap().keys().collect::<Vec<_>>(), ["b", "a"]);

    let mut stream = validator.stream_with(ValueSink::new());
    stream.feed(b"[1e400]").unwrap();
    let sink = stream.finish().unwrap().into_sink();
    assert_eq!(sink.into_value().unwrap_err(), "1e400");
    assert_eq!(validator.validate_value(b"[1e400]").unwrap_err().kind(), RejectionKind::NumberLimit);
}

#[test]
fn value_sink_keeps_negative_zero() {
    let validator = Validator::syntax_only(Options::strict());
    let input = br#"{"offset": -0, "delta": -0.0, "zero": 0}"#;
    let value = validator.validate_value(input).unwrap();
    assert_eq!(value, serde_json::from_slice::<serde_json::Value>(input).unwrap());
    let offset = value["offset"].as_f64().unwrap();
    assert_eq!(offset.to_bits(), (-0.0f64).to_bits(), "{value}");
    assert_eq!(value["zero"].as_u64(), Some(0));

    // An `enum` still treats -0 as 0.
    let schema = json!({"enum": [[0]]});
    assert!(Validator::with_options(&schema, Options::strict()).unwrap().is_valid(b"[-0]"));
}

#[test]
fn validator_is_send_sync_and_shared() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Validator>();
    let validator = Validator::new(&json!({"type": "string", "pattern": "^a+$"})).unwrap();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let v = validator.clone();
            std::thread::spawn(move || v.is_valid(format!("\"{}\"", "a".repeat(i + 1)).as_bytes()))
        })
        .collect();
    assert!(handles.into_iter().all(|h| h.join().unwrap()));
}

#[test]
fn schema_errors_name_keyword_and_path() {
    let cases = [
        (json!({"properties": {"a": {"minimum": "3"}}}), SchemaErrorKind::InvalidKeyword, "/properties/a/minimum"),
        (json!({"properties": {"a": {"unevaluatedProperties": 3}}}), SchemaErrorKind::InvalidKeyword, "/properties/a/unevaluatedProperties"),
        (json!({"$dynamicRef": "#nowhere"}), SchemaErrorKind::UnresolvedReference, "/$dynamicRef"),
        (json!({"pattern": "(unclosed"}), SchemaErrorKind::InvalidPattern, "/pattern"),
        (json!({"$ref": "#/$defs/missing"}), SchemaErrorKind::UnresolvedReference, "/$ref"),
        (json!({"$ref": "other.json"}), SchemaErrorKind::UnresolvedReference, "/$ref"),
        (json!({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"allOf": [{"$ref": "#/$defs/a"}]}}, "$ref": "#/$defs/a"}), SchemaErrorKind::ReferenceCycle, "/$defs/a"),
        (json!({"type": "strin"}), SchemaErrorKind::InvalidKeyword, "/type"),
        (json!({"multipleOf": 0}), SchemaErrorKind::InvalidKeyword, "/multipleOf"),
        (json!(3), SchemaErrorKind::InvalidKeyword, ""),
    ];
    for (schema, kind, path) in cases {
        let error = Validator::new(&schema).unwrap_err();
        assert_eq!(error.kind(), kind, "{schema}: {error}");
        assert_eq!(error.schema_path(), path, "{schema}: {error}");
    }
}

#[test]
fn unknown_keywords_are_listed_not_enforced() {
    // A keyword that no draft defines is an annotation: listed, never enforced.
    let schema = json!({"type": "object", "x-order": 3, "requird": ["a"]});
    let validator = Validator::new(&schema).unwrap();
    assert_eq!(validator.unchecked_keywords(), ["/x-order", "/requird"]);
    assert!(validator.is_valid(b"{}"));
}

#[test]
fn schema_error_display_one_line() {
    let schema = json!({"properties": {"any\n": {"minLength": "x"}}});
    let error = Validator::new(&schema).unwrap_err();
    assert_eq!(error.schema_path(), "/properties/any\n/minLength");
    let message = error.to_string();
    assert!(!message.contains('\n'), "{message:?}");
    assert!(message.starts_with("invalid schema at /properties/any\\n/minLength: "), "{message:?}");
}

#[test]
fn recursion_through_ref_is_checked_at_depth() {
    let schema = json!({
        "$defs": {"comment": {
            "type": "object",
            "properties": {"text": {"type": "string"}, "replies": {"type": "array", "items": {"$ref": "#/$defs/comment"}}},
            "required": ["text"],
            "additionalProperties": false
        }},
        "$ref": "#/$defs/comment"
    });
    let rejection = reject(&schema, r#"{"text": "a", "replies": [{"text": "b", "replies": [{"txt": "c"}]}]}"#);
    assert_eq!(rejection.instance_path(), "/replies/0/replies/0");
    assert_eq!(rejection.schema_path(), "/$defs/comment/additionalProperties");
    assert_eq!(rejection.offset(), 55);
}

#[test]
fn one_of_overlap_fails_at_the_value_end() {
    let schema = json!({"oneOf": [{"type": "integer"}, {"minimum": 0}]});
    let rejection = reject(&schema, "5 ");
    assert_eq!(rejection.offset(), 1);
    assert_eq!(rejection.schema_path(), "/oneOf");
    assert!(strict(&schema).is_valid(b"-5"));
    assert!(strict(&schema).is_valid(b"0.5"));
}

#[test]
fn const_object_compares_by_value() {
    let validator = strict(&json!({"const": {"a": [1, 2.0], "b": null}}));
    assert!(validator.is_valid(br#"{"b": null, "a": [1.0, 2]}"#));
    let rejection = validator.validate(br#"{"a": [1, 2], "b": 0}"#).unwrap_err();
    assert_eq!(rejection.offset(), 20);
    assert_eq!(rejection.schema_path(), "/const");
    // A value of another kind fails at its first byte.
    assert_eq!(validator.validate(b"[1]").unwrap_err().offset(), 0);
}

#[test]
fn const_container_numbers_compare_exactly() {
    let validator = strict(&json!({"const": {"a": [0.1, 1]}}));
    assert!(validator.is_valid(br#"{"a": [0.1, 1.0]}"#));
    assert!(!validator.is_valid(br#"{"a": [0.1000000000000000000001, 1]}"#));
    assert!(!validator.is_valid(br#"{"a": [0.1, 1.0000000000000000000001]}"#));
}

#[test]
fn pattern_fixes_from_review() {
    // A surrogate pair escape is one character, as with the `u` flag.
    let validator = strict(&json!({"pattern": "^\\uD83D\\uDE00$"}));
    assert!(validator.is_valid("\"😀\"".as_bytes()));
    assert!(!validator.is_valid(b"\"x\""));
    // A syntax error names what is wrong.
    let error = Validator::new(&json!({"pattern": "(ab"})).unwrap_err();
    assert_eq!(error.kind(), SchemaErrorKind::InvalidPattern);
    assert!(error.message().contains("unclosed group"), "{error}");
}

#[test]
fn schema_checks_from_review() {
    let error = Validator::new(&json!({"type": []})).unwrap_err();
    assert_eq!(error.schema_path(), "/type");
    let error = Validator::new(&json!({"type": ["string", "string"]})).unwrap_err();
    assert_eq!(error.kind(), SchemaErrorKind::InvalidKeyword);
    // An empty reference names the document itself, so this one never descends.
    let error = Validator::new(&json!({"$ref": ""})).unwrap_err();
    assert_eq!(error.kind(), SchemaErrorKind::ReferenceCycle);
}

#[test]
fn message_escapes_control_characters_in_path() {
    let schema = json!({"additionalProperties": {"type": "string"}});
    let rejection = reject(&schema, "{\"\\u001b[2J\\nx\": 1}");
    assert_eq!(rejection.instance_path(), "/\u{1b}[2J\nx");
    let message = rejection.to_string();
    assert!(!message.contains('\u{1b}') && !message.contains('\n'), "{message:?}");
    assert!(message.contains("instance path /\\u{1b}[2J\\nx"), "{message}");
}

/// Returns the offset at which `input` is rejected when fed one byte at a time, or `None`.
fn rejected_at(schema: &serde_json::Value, input: &[u8]) -> Option<u64> {
    let validator = Validator::with_options(schema, Options::strict()).unwrap();
    let mut stream = validator.stream();
    for byte in input {
        if let Err(rejection) = stream.feed(std::slice::from_ref(byte)) {
            return Some(rejection.offset());
        }
    }
    stream.finish().err().map(|r| r.offset())
}

#[test]
fn new_keywords_decide_at_their_documented_byte() {
    // `not: {type: string}` fails at the opening quote.
    assert_eq!(rejected_at(&json!({"not": {"type": "string"}}), br#""abc""#), Some(0));
    // `not: {required: [x]}` fails at the closing quote of the key `x`.
    assert_eq!(rejected_at(&json!({"not": {"required": ["x"]}}), br#"{"x": 1, "y": 2}"#), Some(3));
    // `uniqueItems` fails at the last byte of the first repeated item.
    assert_eq!(rejected_at(&json!({"uniqueItems": true}), br#"[{"a": 1}, 2, {"a": 1.0}]"#), Some(23));
    // A key that no schema can evaluate under `unevaluatedProperties: false` fails before
    // its value ends.
    let schema = json!({"allOf": [{"properties": {"a": true}}], "unevaluatedProperties": false});
    assert_eq!(rejected_at(&schema, br#"{"a": 1, "b": 2}"#), Some(14));
    assert_eq!(rejected_at(&schema, br#"{"a": 1}"#), None);
    // `maxContains` fails at the end of the item one past the limit.
    let schema = json!({"contains": {"type": "integer"}, "maxContains": 1});
    assert_eq!(rejected_at(&schema, b"[1, \"x\", 2, 3]"), Some(10));
    // `if` decided early: the branch it picks decides.
    let schema = json!({"if": {"type": "string"}, "then": {"maxLength": 2}, "else": {"type": "integer"}});
    assert_eq!(rejected_at(&schema, br#""abc""#), Some(3));
    assert_eq!(rejected_at(&schema, b"[]"), Some(0));
    // Look-around patterns are checked when the string closes.
    assert_eq!(rejected_at(&json!({"pattern": "^(?!x)"}), br#""xy""#), Some(3));
    assert_eq!(rejected_at(&json!({"pattern": "^(?!x)"}), br#""yx""#), None);
}

#[test]
fn format_is_an_assertion_only_on_request() {
    let schema = json!({"format": "date"});
    assert!(Validator::new(&schema).unwrap().is_valid(br#""not a date""#));
    let mut options = Options::strict();
    options.format_assertion = true;
    let validator = Validator::with_options(&schema, options).unwrap();
    assert!(validator.is_valid(br#""2026-12-04""#));
    let rejection = validator.validate(br#""2026-13-04""#).unwrap_err();
    assert_eq!(rejection.schema_path(), "/format");
    assert_eq!(rejection.offset(), 11);
}

#[test]
fn remote_documents_resolve_only_when_registered() {
    let schema = json!({"$ref": "https://example.com/name.json"});
    let error = Validator::new(&schema).unwrap_err();
    assert_eq!(error.kind(), SchemaErrorKind::UnresolvedReference);
    let mut resources = jsonseam::Resources::new();
    resources.add("https://example.com/name.json", json!({"type": "string", "minLength": 1}));
    let validator = Validator::with_resources(&schema, Options::strict(), &resources).unwrap();
    assert!(validator.is_valid(br#""Ann""#));
    assert!(!validator.is_valid(br#""""#));
    // The drafts' metaschemas ship with the crate.
    let schema = json!({"$ref": "http://json-schema.org/draft-07/schema#"});
    let validator = Validator::new(&schema).unwrap();
    assert!(validator.is_valid(br#"{"type": "string"}"#));
    assert!(!validator.is_valid(br#"{"type": 12}"#));
}

#[test]
fn resource_errors_name_their_document() {
    let schema = json!({"$ref": "https://example.com/a.json"});
    let mut resources = jsonseam::Resources::new();
    resources.add("https://example.com/a.json", json!({"properties": {"x": {"minLength": "a"}}}));
    let error = Validator::with_resources(&schema, Options::strict(), &resources).unwrap_err();
    assert_eq!(error.schema_path(), "https://example.com/a.json#/properties/x/minLength");

    let mut relative = jsonseam::Resources::new();
    relative.add("point.json", json!({"type": "object"}));
    let error = Validator::with_resources(&json!({"$ref": "point.json"}), Options::strict(), &relative).unwrap_err();
    assert_eq!(error.kind(), SchemaErrorKind::UnresolvedReference);
    assert!(error.to_string().contains("relative"), "{error}");
}

#[test]
fn boolean_exclusive_bounds_are_draft_04_only() {
    let draft4 = json!({"$schema": "http://json-schema.org/draft-04/schema#", "maximum": 10, "exclusiveMaximum": true});
    let validator = Validator::new(&draft4).unwrap();
    assert!(!validator.is_valid(b"10"));
    assert!(validator.is_valid(b"9.5"));
    // Without `$schema` the draft-04 form is accepted too.
    let lenient = json!({"maximum": 10, "exclusiveMaximum": true});
    assert!(!Validator::new(&lenient).unwrap().is_valid(b"10"));
    let draft7 = json!({"$schema": "http://json-schema.org/draft-07/schema#", "maximum": 10, "exclusiveMaximum": true});
    let error = Validator::new(&draft7).unwrap_err();
    assert_eq!(error.kind(), SchemaErrorKind::InvalidKeyword);
    assert_eq!(error.schema_path(), "/exclusiveMaximum");
}

#[test]
fn failed_contains_beside_unevaluated_items_rejects_cleanly() {
    // A thread killed by maxContains kept the goal index of an earlier item, and reading it
    // for the next item panicked.
    for schema in [
        json!({"anyOf": [{"contains": {"const": 1}, "maxContains": 0}, true], "unevaluatedItems": false}),
        json!({"if": {"contains": {"const": 1}, "maxContains": 0}, "unevaluatedItems": false}),
    ] {
        let rejection = rejected_at(&schema, b"[1,2]");
        assert_eq!(rejection, Some(4), "{schema}");
    }
}

#[test]
fn any_of_chain_compiles_fast() {
    // Each level is an anyOf of two references to the next: finding the failure that
    // decided a goal walked both members at every level, 2^24 paths here.
    let mut defs = serde_json::Map::new();
    for i in 0..24 {
        let next = json!({"$ref": format!("#/$defs/d{}", i + 1)});
        defs.insert(format!("d{i}"), json!({"anyOf": [next.clone(), next]}));
    }
    defs.insert("d24".to_owned(), json!({"type": "object"}));
    let schema = json!({"$defs": defs, "$ref": "#/$defs/d0"});
    let validator = Validator::with_options(&schema, Options::strict()).unwrap();
    assert!(validator.is_valid(b"{}"));
    let rejection = validator.validate(b"[]").unwrap_err();
    assert_eq!(rejection.schema_path(), "/$defs/d24/type");
}

#[test]
fn long_keys_and_strings_are_cut_in_messages() {
    let key = "k".repeat(100_000);
    let schema = json!({"propertyNames": {"maxLength": 3}});
    let validator = Validator::with_options(&schema, Options::strict()).unwrap();
    let rejection = validator.validate(format!("{{\"{key}\": 1}}").as_bytes()).unwrap_err();
    assert!(rejection.found().len() < 200, "{}", rejection.found().len());
    assert!(rejection.found().contains("100000 bytes"), "{}", rejection.found());

    let mut options = Options::strict();
    options.format_assertion = true;
    let validator = Validator::with_options(&json!({"format": "date"}), options).unwrap();
    let rejection = validator.validate(format!("\"{}\"", "x".repeat(100_000)).as_bytes()).unwrap_err();
    assert!(rejection.found().len() < 200, "{}", rejection.found().len());
}

#[test]
fn dependencies_failures_name_the_keyword_and_trigger() {
    let draft7 = json!({"$schema": "http://json-schema.org/draft-07/schema#", "dependencies": {"a": ["b"]}});
    let rejection = Validator::new(&draft7).unwrap().validate(br#"{"a": 1}"#).unwrap_err();
    assert_eq!(rejection.schema_path(), "/dependencies/a");
    let current = json!({"dependentRequired": {"a": ["b"]}});
    let rejection = Validator::new(&current).unwrap().validate(br#"{"a": 1}"#).unwrap_err();
    assert_eq!(rejection.schema_path(), "/dependentRequired/a");
    assert_eq!(rejection.offset(), 7);
}

#[test]
fn length_limit_patterns_compile_through_backtracking() {
    let schema = json!({"type": "string", "pattern": "^.{0,1000}$"});
    let validator = Validator::with_options(&schema, Options::strict()).unwrap();
    assert!(validator.is_valid(format!("\"{}\"", "é".repeat(1000)).as_bytes()));
    assert!(!validator.is_valid(format!("\"{}\"", "a".repeat(1001)).as_bytes()));
}

#[test]
fn unicode_binary_properties_work_in_patterns() {
    let schema = json!({"type": "string", "pattern": "^\\p{Alphabetic}+$"});
    let validator = Validator::with_options(&schema, Options::strict()).unwrap();
    assert!(validator.is_valid("\"héllo\"".as_bytes()));
    assert!(!validator.is_valid(b"\"a1\""));
}

#[test]
fn reasoning_blocks_hold_no_candidate() {
    let schema = json!({"type": "object", "required": ["a"]});
    let validator = Validator::new(&schema).unwrap();

    // The draft inside the block is skipped; the tag names match in any case.
    let answer = validator.validate(b"<Think>draft: {\"a\": 0}</THINK>\n{\"a\": 1}").unwrap();
    assert_eq!(answer.text(), r#"{"a":1}"#);

    // A closing tag of another name does not end the block.
    let rejection = validator.validate(b"<reasoning>{\"a\": 0}</think> {\"a\": 1}").unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::NoJson);
    assert!(rejection.found().contains("<reasoning> block that never closes"), "{rejection}");

    // Other tags still wrap the answer.
    let wrapped = validator.validate(b"<answer>{\"a\": 2}</answer>").unwrap();
    assert_eq!(wrapped.text(), r#"{"a":2}"#);
}

#[test]
fn reasoning_blocks_under_a_schema_that_admits_scalars() {
    // With `{}` a `t` or digit could begin the answer, and the tag must still be read.
    let any = Validator::new(&json!({})).unwrap();
    let answer = any.validate(b"<think>\n{\"draft\": 1}\n</think>\n{\"final\": 2}").unwrap();
    assert_eq!(answer.text(), r#"{"final":2}"#);
    assert_eq!(any.validate(b"<think>\n{\"draft\": 1}\n").unwrap_err().kind(), RejectionKind::NoJson);

    // The closing tag wraps the answer even with the reasoning right before it.
    let integer = Validator::new(&json!({"type": "integer"})).unwrap();
    assert_eq!(integer.validate(b"<think>I think 42, or 7</think>\n7").unwrap().text(), "7");
}

#[test]
fn reasoning_tags_may_carry_attributes() {
    let schema = json!({"type": "object", "required": ["a"]});
    let validator = Validator::new(&schema).unwrap();
    let cases: [(&[u8], &str); 15] = [
        // A quoted value may hold spaces, '>' and the other quote.
        (b"<think type=\"draft > y\" mode='it\"s'>\n{\"a\": 0}\n</think>\n{\"a\": 1}", r#"{"a":1}"#),
        // A value's quote after another tag is part of the tag, not a candidate.
        (b"</think>\n<think a=\"x\">\n</think>\n{\"a\": 5}", r#"{"a":5}"#),
        // A brace ends the would-be tag, even in a quoted value, and may begin the document.
        (b"<think a=\"{\"a\":6}", r#"{"a":6}"#),
        (b"I <think it's this: {\"a\": 7}", r#"{"a":7}"#),
        // A self-closing reasoning tag opens no block.
        (b"<think />\n{\"a\": 8}", r#"{"a":8}"#),
        (b"<think a=\"1\"/>\n{\"a\": 9}", r#"{"a":9}"#),
        // A closing tag takes no attributes, so this one closes nothing.
        (b"<think>\n{\"a\": 0}\n</think x=\"1\">\n</think>\n{\"a\": 10}", r#"{"a":10}"#),
        // Space before the '>' of either tag, and unquoted values as HTML allows them.
        (b"<thinking mode=fast+ >{\"a\": 0}</thinking >{\"a\": 2}", r#"{"a":2}"#),
        (b"<think effort=1/2>\n{\"a\": 0}\n</think>\n{\"a\": 11}", r#"{"a":11}"#),
        // A bracket cannot begin an object, so under this schema it may sit in a value.
        (b"<think a=\"[draft]\">\n{\"a\": 0}\n</think>\n{\"a\": 12}", r#"{"a":12}"#),
        // Words without values are prose, at the start of a line or in the middle of one.
        (b"<think about this>\n{\"a\": 13}", r#"{"a":13}"#),
        (b"I <think so> {\"b\": 0} {\"a\": 14}", r#"{"a":14}"#),
        // Inside an open block only its closing tag matters, so a quote cannot hide it.
        (b"<think>\nx <think a=\"</think>\n{\"a\": 15}", r#"{"a":15}"#),
        // A value quote that never closes on its line makes the tag prose, and the object after it is still found.
        (b"<think note=\"open\n{\"a\": 3}", r#"{"a":3}"#),
        // Other tags take no attributes: `<b class="x">` is prose, not a wrapper.
        (b"<b class=\"x\"> {\"a\": 4}", r#"{"a":4}"#),
    ];
    for (input, expected) in cases {
        let text = String::from_utf8_lossy(input);
        for chunk in [input.len(), 1, 3] {
            let mut stream = validator.stream();
            for piece in input.chunks(chunk) {
                stream.feed(piece).unwrap_or_else(|rejection| panic!("{text}: {rejection}"));
            }
            let outcome = stream.finish().unwrap_or_else(|rejection| panic!("{text}: {rejection}"));
            assert_eq!(outcome.text(), expected, "{text} in chunks of {chunk}");
        }
    }

    // The whole opening tag is one stripped range.
    let outcome = validator.validate(b"<think type=\"draft\">\n{\"a\": 0}\n</think>\n{\"a\": 1}").unwrap();
    let first = &outcome.report().stripped[0];
    assert_eq!((first.start, first.end, first.kind), (0, 20, StrippedKind::Tag));

    // A reasoning block whose opening tag has attributes still has to close.
    let rejection = validator.validate(b"<think a=\"1\">\n{\"a\": 0}\n").unwrap_err();
    assert_eq!(rejection.kind(), RejectionKind::NoJson);

    // The bytes of a would-be tag are prose up to its last byte that is not whitespace.
    for (input, end) in [(&b"I <think it's:\n{\"a\": 1}"[..], 14), (b"<think a=b \r\n{\"a\": 1}", 10)] {
        let outcome = validator.validate(input).unwrap();
        let ranges: Vec<_> = outcome.report().stripped.iter().map(|r| (r.start, r.end, r.kind)).collect();
        assert_eq!(ranges, [(0, end, StrippedKind::Prose)], "{}", String::from_utf8_lossy(input));
    }
}

#[test]
fn tags_in_prose_stay_prose() {
    let schema = json!({
        "type": "object",
        "properties": {"location": {"type": "string"}, "unit": {"enum": ["celsius", "fahrenheit"]}},
        "required": ["location", "unit"],
    });
    let validator = Validator::new(&schema).unwrap();
    for input in [
        // A tag inside the string of an abandoned candidate is prose.
        r#"Note {"unit": "<think>", "x": 1} and then: {"location": "Oslo", "unit": "celsius"}"#,
        r#"Note {"unit": "<b>", "x": 1} and then: {"location": "Oslo", "unit": "celsius"}"#,
        // A reasoning tag in the middle of a line is a word in a sentence.
        r#"I did not use <think> tags. Answer: {"location": "Oslo", "unit": "celsius"}"#,
    ] {
        let outcome = validator.validate(input.as_bytes()).unwrap_or_else(|rejection| panic!("{input}: {rejection}"));
        assert_eq!(outcome.text(), r#"{"location":"Oslo","unit":"celsius"}"#, "{input}");
    }
}

#[test]
fn stripped_ranges_stay_bounded() {
    let validator = Validator::new(&json!({"type": "object"})).unwrap();
    let mut input = "<b>note</b>\n".repeat(5_000);
    input.push_str("{\"a\": 1}\n");
    input.push_str(&"<i>more</i>\n".repeat(5_000));
    let outcome = validator.validate(input.as_bytes()).unwrap();
    assert_eq!(outcome.text(), r#"{"a":1}"#);
    let stripped = &outcome.report().stripped;
    assert!(stripped.len() <= 2 * jsonseam::MAX_STRIPPED_RANGES, "{} ranges", stripped.len());
    // Every byte outside the document is still covered, on its own side of it.
    let document = input.find('{').unwrap() as u64;
    let before: Vec<_> = stripped.iter().filter(|r| r.end <= document).collect();
    assert_eq!(before.first().unwrap().start, 0);
    assert_eq!(before.last().unwrap().end, document - 1);
    assert_eq!(stripped.last().unwrap().end, input.len() as u64 - 1);
}

#[test]
fn missing_required_key_past_64() {
    // Required names past the 64th are kept in a heap bit set. The first one missing is
    // the one reported.
    let names: Vec<String> = (0..70).map(|i| format!("r{i:02}")).collect();
    let validator = strict(&json!({"type": "object", "required": names}));
    for missing in [0, 63, 64, 65, 69] {
        let members: Vec<String> = names.iter().enumerate().filter(|&(i, _)| i != missing).map(|(_, n)| format!("\"{n}\":1")).collect();
        let input = format!("{{{}}}", members.join(","));
        let rejection = validator.validate(input.as_bytes()).unwrap_err();
        assert_eq!(rejection.expected(), format!("the required key \"r{missing:02}\""), "missing {missing}");
    }
    let all: Vec<String> = names.iter().map(|n| format!("\"{n}\":1")).collect();
    assert!(validator.is_valid(format!("{{{}}}", all.join(",")).as_bytes()));
}
