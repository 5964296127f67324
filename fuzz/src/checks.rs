//! The property each fuzz target checks, as a function from the raw fuzz input to a panic
//! on violation.
//!
//! The fuzz targets call these functions, and `core/tests/fuzz_regressions.rs` includes this
//! file by path to replay the inputs under `fuzz/regressions/`, so a crash found by the
//! fuzzer and its replay by `cargo test` run the same check.
//!
//! Targets that need settings (a schema, options, split points) read them from the first
//! [`SETUP_BYTES`] bytes of the input through `arbitrary` and treat the rest as the model's
//! output. An all-zero setup means the schema `true` with default options, so a corpus file
//! behind [`SETUP_BYTES`] zero bytes is fed as it is.

use std::borrow::Cow;
use std::cell::RefCell;

use arbitrary::{Arbitrary, Unstructured};
use jsonseam::{
    render_snippet, render_snippet_from_line, Draft, Options, Rejection, RejectionKind, RepairClass, RepairMode, Report,
    Status, TextSink, Validator, ValueSink,
};
use serde_json::{Map, Value};

/// The fuzz targets, which are also the folder names under `fuzz/regressions/`.
pub const TARGETS: [&str; 6] = ["lexer", "chunking", "schema_compile", "differential", "repair", "all_api"];

/// Runs the check of `target` on `data`.
///
/// # Panics
///
/// When the check fails, or when `target` is not one of [`TARGETS`].
pub fn run(target: &str, data: &[u8]) {
    match target {
        "lexer" => lexer(data),
        "chunking" => chunking(data),
        "schema_compile" => schema_compile(data),
        "differential" => differential(data),
        "repair" => repair(data),
        "all_api" => all_api(data),
        other => panic!("unknown fuzz target {other:?}; expected one of {TARGETS:?}"),
    }
}

// ---------------------------------------------------------------------------------------
// Setup: schema, options and chunking read from the head of the input.

/// Length of the setup header that `chunking`, `repair` and `all_api` read before the input.
pub const SETUP_BYTES: usize = 32;

/// Schemas the setup header chooses from: one per group of keywords, plus `true` for
/// syntax alone. Index 0 is `true`, so a zero header checks syntax only.
const SCHEMAS: [&str; 11] = [
    "true",
    r#"{"type": "object", "properties": {"name": {"type": "string", "maxLength": 8},
        "age": {"type": "integer", "minimum": 0, "maximum": 150},
        "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 3}},
        "required": ["name"], "additionalProperties": false}"#,
    r#"{"type": "array", "items": {"type": "number", "multipleOf": 0.5}, "minItems": 1}"#,
    r#"{"enum": ["red", "green", "blue", null, 1.5, {"r": 1}]}"#,
    r#"{"type": "string", "pattern": "^[a-z]+-[0-9]{2}$", "minLength": 3}"#,
    r#"{"anyOf": [{"type": "object", "required": ["a"]},
        {"type": "array", "prefixItems": [{"type": "boolean"}], "items": false}]}"#,
    r##"{"$defs": {"node": {"type": "object", "properties": {"value": {"type": "integer"},
        "next": {"$ref": "#/$defs/node"}}, "additionalProperties": false}}, "$ref": "#/$defs/node"}"##,
    r#"{"oneOf": [{"type": "integer"}, {"type": "number", "exclusiveMaximum": 10}]}"#,
    r#"{"type": "object", "additionalProperties": {"type": "string"}, "minProperties": 1, "maxProperties": 3}"#,
    r#"{"const": {"k": [1, 2, {"x": null}], "s": "é\n"}}"#,
    r#"{"type": "object", "properties": {"answer": {"type": "string"},
        "confidence": {"type": "number", "minimum": 0, "maximum": 1},
        "sources": {"type": "array", "items": {"type": "string", "minLength": 1}}},
        "required": ["answer", "confidence"]}"#,
];

/// Settings decoded from the setup header. Every field's zero value is the default.
#[derive(Debug, Clone, Arbitrary)]
struct Setup {
    schema: u8,
    no_extract: bool,
    /// 0 lossless (the default), 1 strict, 2 lossy.
    repair: u8,
    allow_non_finite: bool,
    allow_duplicate_keys: bool,
    /// 0 for the default of 128.
    max_depth: u8,
    /// 0 for the default of 10,000.
    max_repairs: u8,
    /// 0 for the default limits; other values set small ones (see [`Setup::options`]).
    limits: u8,
    split_seed: u64,
    /// Largest chunk of the random chunking, 0 for 16.
    max_chunk: u8,
    first_line: u64,
    window_start: u16,
    /// 0 for the default of 1024.
    extract_window: u16,
}

impl Setup {
    /// Splits `data` into the decoded header and the input behind it.
    fn read(data: &[u8]) -> (Self, &[u8]) {
        let split = data.len().min(SETUP_BYTES);
        let (head, input) = data.split_at(split);
        let mut padded = [0u8; SETUP_BYTES];
        padded[..head.len()].copy_from_slice(head);
        let setup = Self::arbitrary(&mut Unstructured::new(&padded)).expect("a padded header always decodes");
        (setup, input)
    }

    fn schema_index(&self) -> usize {
        usize::from(self.schema) % SCHEMAS.len()
    }

    fn repair_mode(&self) -> RepairMode {
        match self.repair % 3 {
            0 => RepairMode::Lossless,
            1 => RepairMode::Strict,
            _ => RepairMode::Lossy,
        }
    }

    fn options(&self) -> Options {
        let mut options = Options::default();
        options.extract = !self.no_extract;
        options.repair = self.repair_mode();
        options.allow_non_finite = self.allow_non_finite;
        options.allow_duplicate_keys = self.allow_duplicate_keys;
        if self.max_depth != 0 {
            options.max_depth = usize::from(self.max_depth);
        }
        if self.max_repairs != 0 {
            options.max_repairs = usize::from(self.max_repairs);
        }
        if self.extract_window != 0 {
            options.extract_window = usize::from(self.extract_window);
        }
        // Small limits, so that every limit is reached within libFuzzer's input sizes.
        let small = usize::from(self.limits >> 4) + 1;
        match self.limits % 8 {
            1 => options.max_string_bytes = small,
            2 => options.max_number_bytes = small,
            3 => options.max_whitespace_run = small,
            4 => options.max_bytes = Some(u64::from(self.limits)),
            5 => options.max_buffered_bytes = small,
            _ => {}
        }
        options
    }

    /// A chunking of `input` into random lengths from `split_seed`.
    fn random_chunks<'a>(&self, input: &'a [u8]) -> Vec<&'a [u8]> {
        let max = if self.max_chunk == 0 { 16 } else { u64::from(self.max_chunk) };
        let mut state = self.split_seed;
        let mut chunks = Vec::new();
        let mut rest = input;
        while !rest.is_empty() {
            let length = usize::try_from(1 + split_mix(&mut state) % max).unwrap_or(1).min(rest.len());
            let (head, tail) = rest.split_at(length);
            chunks.push(head);
            rest = tail;
        }
        chunks
    }
}

/// `SplitMix64`: the next pseudo-random number from `state`.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

thread_local! {
    /// Validators compiled so far, by schema index and options: most executions reuse one.
    static VALIDATORS: RefCell<Vec<(usize, Options, Validator)>> = const { RefCell::new(Vec::new()) };
}

/// The validator for schema `index` of [`SCHEMAS`] with `options`, compiled once.
fn cached_validator(index: usize, options: &Options) -> Validator {
    VALIDATORS.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((_, _, validator)) = cache.iter().find(|(i, o, _)| *i == index && o == options) {
            return validator.clone();
        }
        let schema: Value = serde_json::from_str(SCHEMAS[index]).expect("the setup schemas are JSON");
        let validator = Validator::with_options(&schema, options.clone())
            .unwrap_or_else(|error| panic!("setup schema {index} does not compile: {error}"));
        if cache.len() >= 512 {
            cache.clear();
        }
        cache.push((index, options.clone(), validator.clone()));
        validator
    })
}

/// The canonical text and report of a valid document, or the rejection.
type Verdict = Result<(String, Report), Rejection>;

/// Feeds `chunks` to a new stream, checking the stream's bookkeeping on the way.
fn run_chunks(validator: &Validator, chunks: &[&[u8]]) -> Verdict {
    let mut stream = validator.stream();
    let mut fed = 0u64;
    for chunk in chunks {
        match stream.feed(chunk) {
            Ok(progress) => {
                fed += chunk.len() as u64;
                assert_eq!(progress.offset, fed, "progress counts every byte fed");
                assert_eq!(stream.offset(), fed, "the stream's offset counts every byte fed");
            }
            Err(rejection) => {
                assert_eq!(stream.rejection(), Some(&rejection), "the stream keeps its rejection");
                assert_eq!(stream.feed(b"{}").unwrap_err(), rejection, "a diverged stream stays diverged");
                assert_eq!(stream.finish().unwrap_err(), rejection, "finish returns the rejection of feed");
                return Err(rejection);
            }
        }
    }
    stream.finish().map(|outcome| {
        let report = outcome.report().clone();
        (outcome.into_text(), report)
    })
}

// ---------------------------------------------------------------------------------------
// lexer: strict mode accepts exactly what serde_json accepts.

/// Checks that jsonseam in strict mode with the schema `true` accepts `data` exactly when
/// `serde_json` parses it, and that the canonical text reads back as the same value.
///
/// # Panics
///
/// When the verdicts differ, or the canonical text is not the value `serde_json` reads.
pub fn lexer(data: &[u8]) {
    let mut options = Options::strict();
    // Accounted differences with serde_json 1.x reading a `Value`:
    // - serde_json keeps the last of repeated keys, while jsonseam rejects a repeated key by
    //   default, so repeats are allowed here;
    // - serde_json rejects the 128th nested array or object (its recursion limit), while
    //   jsonseam rejects the level past `max_depth`, so `max_depth` is 127;
    // - serde_json has no limit on the length of a number, a string or a run of whitespace,
    //   so those limits are lifted;
    // - serde_json rejects a number whose value overflows an f64 (`1e400`), which RFC 8259
    //   allows and jsonseam accepts, so `serde_json_accepts` reads such a number as `0`.
    options.allow_duplicate_keys = true;
    options.max_depth = 127;
    options.max_number_bytes = usize::MAX;
    options.max_string_bytes = usize::MAX;
    options.max_whitespace_run = usize::MAX;
    let validator = Validator::syntax_only(options);

    let ours = validator.validate(data);
    let theirs = serde_json_accepts(data);
    match &ours {
        Ok(outcome) => assert!(
            theirs,
            "jsonseam accepts as {} what serde_json rejects: {:?}",
            outcome.text(),
            String::from_utf8_lossy(data)
        ),
        Err(rejection) => assert!(
            !theirs,
            "jsonseam rejects what serde_json accepts ({rejection}): {:?}",
            String::from_utf8_lossy(data)
        ),
    }

    let Ok(outcome) = ours else { return };
    assert_eq!(outcome.status(), Status::Valid, "strict mode neither strips nor repairs");
    assert!(outcome.report().stripped.is_empty(), "strict mode strips nothing");
    assert!(outcome.report().repairs.is_empty(), "strict mode repairs nothing");
    // The canonical text means what the input means (where serde_json can hold every number).
    if let Ok(value) = serde_json::from_slice::<Value>(data) {
        let reread: Value = serde_json::from_str(outcome.text())
            .unwrap_or_else(|error| panic!("canonical text {} does not parse: {error}", outcome.text()));
        assert_eq!(reread, value, "canonical text {} changes the value", outcome.text());
    }
}

/// Whether `serde_json` parses `input` as one JSON value, reading each number that overflows
/// an f64 as `0` (`serde_json` rejects those, RFC 8259 does not).
fn serde_json_accepts(input: &[u8]) -> bool {
    let mut input = Cow::Borrowed(input);
    loop {
        match serde_json::from_slice::<Value>(&input) {
            Ok(_) => return true,
            Err(error) if error.to_string().starts_with("number out of range") => {
                match zero_number_at(&input, error.line(), error.column()) {
                    Some(patched) => input = Cow::Owned(patched),
                    None => return false,
                }
            }
            Err(_) => return false,
        }
    }
}

/// `input` with the number that covers the 1-based `line` and byte `column` replaced by
/// `0 `. The space keeps the `0` from joining the bytes after the number into a new one.
fn zero_number_at(input: &[u8], line: usize, column: usize) -> Option<Vec<u8>> {
    let line_start = if line <= 1 {
        0
    } else {
        input.iter().enumerate().filter(|(_, &b)| b == b'\n').nth(line - 2)?.0 + 1
    };
    let at = line_start + column.checked_sub(1)?;
    if !input.get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // serde_json parsed everything before the number, so the byte before it is not part of
    // a number. The end is found by the number grammar, because a `-` or `.` may follow
    // the number and serde_json may report a long exponent before its last digit.
    let start = input[..at]
        .iter()
        .rposition(|b| !(b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')))
        .map_or(0, |i| i + 1);
    let end = start + json_number_length(&input[start..]);
    if end <= at {
        return None;
    }
    let mut patched = input[..start].to_vec();
    patched.extend_from_slice(b"0 ");
    patched.extend_from_slice(&input[end..]);
    Some(patched)
}

/// Length of the RFC 8259 number at the start of `bytes`, which `serde_json` has read.
fn json_number_length(bytes: &[u8]) -> usize {
    let digits = |from: usize| bytes[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut end = usize::from(bytes.first() == Some(&b'-'));
    end += digits(end);
    if bytes.get(end) == Some(&b'.') {
        end += 1 + digits(end + 1);
    }
    if matches!(bytes.get(end), Some(b'e' | b'E')) {
        end += 1;
        if matches!(bytes.get(end), Some(b'+' | b'-')) {
            end += 1;
        }
        end += digits(end);
    }
    end
}

// ---------------------------------------------------------------------------------------
// chunking: any split gives the whole input's result.

/// Checks that feeding the input whole, byte by byte and in random chunks gives the same
/// text and report, or the same rejection, and that `is_valid` agrees.
///
/// # Panics
///
/// When two chunkings give different results.
pub fn chunking(data: &[u8]) {
    let (setup, input) = Setup::read(data);
    let validator = cached_validator(setup.schema_index(), &setup.options());

    let whole = run_chunks(&validator, &[input]);
    let bytes: Vec<&[u8]> = input.chunks(1).collect();
    assert_eq!(run_chunks(&validator, &bytes), whole, "1-byte chunks differ from the whole input");
    let random = setup.random_chunks(input);
    let lengths: Vec<usize> = random.iter().map(|chunk| chunk.len()).collect();
    assert_eq!(
        run_chunks(&validator, &random),
        whole,
        "chunks of lengths {lengths:?} differ from the whole input"
    );
    assert_eq!(validator.is_valid(input), whole.is_ok(), "is_valid differs from validate");
}

// ---------------------------------------------------------------------------------------
// schema_compile: any JSON as a schema compiles or fails with a clean error.

/// Small instances run through every schema that compiles.
const PROBE_INSTANCES: [&[u8]; 8] = [b"{}", b"[]", b"0", b"-1.5e3", br#""ab""#, b"null", b"true", br#"{"a": [1, "b", {"c": null}]}"#];

/// Compiles `data`, when it is JSON, as a schema under several options: a validator or a
/// [`jsonseam::SchemaError`] are both fine, a panic is not. A compiled schema then
/// validates a few small instances.
///
/// # Panics
///
/// When compilation or validation panics, or an error is malformed.
pub fn schema_compile(data: &[u8]) {
    let Ok(schema) = serde_json::from_slice::<Value>(data) else { return };
    let mut lenient = Options::default();
    lenient.unknown_keywords = true;
    let mut draft4 = Options::strict();
    draft4.draft = Some(Draft::Draft4);
    let mut asserting = Options::default();
    asserting.format_assertion = true;
    asserting.draft = Some(Draft::Draft7);
    // Small enough that a pattern's DFA rarely exceeds libFuzzer's per-input time.
    for mut options in [Options::default(), lenient, draft4, asserting] {
        options.max_pattern_bytes = 64 << 10;
        match Validator::with_options(&schema, options) {
            Ok(validator) => {
                for instance in PROBE_INSTANCES {
                    let verdict = validator.validate(instance);
                    assert_eq!(validator.is_valid(instance), verdict.is_ok(), "is_valid differs from validate");
                    if let Err(rejection) = verdict {
                        check_rejection(&rejection, instance);
                    }
                }
                for pointer in validator.unchecked_keywords() {
                    assert!(pointer.starts_with('/'), "unchecked keyword {pointer:?} is not a JSON Pointer");
                }
            }
            Err(error) => {
                let message = error.to_string();
                assert!(!message.contains('\n'), "schema error spans lines: {message:?}");
                assert!(!error.message().is_empty(), "schema error without a message");
                assert!(
                    error.schema_path().is_empty() || error.schema_path().starts_with('/'),
                    "schema path {:?} is not a JSON Pointer",
                    error.schema_path()
                );
                assert!(!error.kind().as_str().is_empty());
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// differential: verdicts agree with the `jsonschema` crate.

/// A keyword the differential target generates, and how to build its value.
struct Keyword {
    name: &'static str,
    build: fn(&mut Unstructured, u32) -> arbitrary::Result<Value>,
}

/// The keywords the differential target puts in schemas: those that jsonseam and the
/// `jsonschema` crate define the same way in draft 2020-12. A schema that jsonseam refuses
/// to compile is skipped, so a keyword added here before jsonseam supports it only costs
/// executions.
const KEYWORDS: &[Keyword] = &[
    Keyword { name: "not", build: build_schema },
    Keyword { name: "if", build: build_schema },
    Keyword { name: "then", build: build_schema },
    Keyword { name: "else", build: build_schema },
    Keyword { name: "uniqueItems", build: build_flag },
    Keyword { name: "contains", build: build_schema },
    Keyword { name: "minContains", build: build_count },
    Keyword { name: "maxContains", build: build_count },
    Keyword { name: "propertyNames", build: build_schema },
    Keyword { name: "patternProperties", build: build_pattern_properties },
    Keyword { name: "dependentRequired", build: build_dependent_required },
    Keyword { name: "dependentSchemas", build: build_dependent_schemas },
    Keyword { name: "unevaluatedProperties", build: build_schema },
    Keyword { name: "unevaluatedItems", build: build_schema },
    Keyword { name: "type", build: build_type },
    Keyword { name: "enum", build: build_enum },
    Keyword { name: "const", build: build_const },
    Keyword { name: "minLength", build: build_count },
    Keyword { name: "maxLength", build: build_count },
    Keyword { name: "pattern", build: build_pattern },
    Keyword { name: "minimum", build: build_bound },
    Keyword { name: "maximum", build: build_bound },
    Keyword { name: "exclusiveMinimum", build: build_bound },
    Keyword { name: "exclusiveMaximum", build: build_bound },
    Keyword { name: "multipleOf", build: build_multiple },
    Keyword { name: "minItems", build: build_count },
    Keyword { name: "maxItems", build: build_count },
    Keyword { name: "minProperties", build: build_count },
    Keyword { name: "maxProperties", build: build_count },
    Keyword { name: "properties", build: build_properties },
    Keyword { name: "required", build: build_required },
    Keyword { name: "additionalProperties", build: build_schema },
    Keyword { name: "items", build: build_schema },
    Keyword { name: "prefixItems", build: build_schema_list },
    Keyword { name: "allOf", build: build_schema_list },
    Keyword { name: "anyOf", build: build_schema_list },
    Keyword { name: "oneOf", build: build_schema_list },
    Keyword { name: "$ref", build: build_ref },
];

/// Object keys in generated schemas and instances; few, so that they meet.
const KEYS: [&str; 4] = ["a", "b", "name", "é"];
/// Strings in instances, `enum` and `const`: ASCII, multi-byte, astral, escapes.
const STRINGS: [&str; 10] = ["", "a", "ab", "abc-12", "name", "é", "😀x", "a\"b\\", "\u{1}\n", "xyz-99"];
/// Numbers in instances and bounds, exact in binary so that both engines compare them
/// alike: `jsonschema` compares f64, jsonseam compares exact decimals.
const NUMBERS: [f64; 12] = [0.0, 1.0, -1.0, 2.0, 3.0, 0.5, -2.5, 10.0, 7.0, 1.25, 100.0, -0.0];
/// Patterns whose meaning is the same in ECMA-262, jsonseam's DFA and `jsonschema`.
const PATTERNS: [&str; 8] = ["^a", "b$", "^[a-c]+$", "x*", "^$", "[0-9]{2}", "^(ab|é)", "^[^a]*$"];
/// Draft 2020-12 type names.
const TYPES: [&str; 7] = ["null", "boolean", "object", "array", "number", "integer", "string"];
/// Deepest nesting of generated schemas.
const MAX_SCHEMA_DEPTH: u32 = 4;

fn build_type(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    if u.arbitrary()? {
        return Ok(Value::from(*u.choose(&TYPES)?));
    }
    let mut names: Vec<Value> = Vec::new();
    for name in TYPES {
        if u.ratio(1, 3)? {
            names.push(Value::from(name));
        }
    }
    Ok(Value::Array(names))
}

fn build_enum(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    let count = u.int_in_range(1..=4)?;
    let members = (0..count).map(|_| build_instance(u, 1)).collect::<arbitrary::Result<_>>()?;
    Ok(Value::Array(members))
}

fn build_const(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    build_instance(u, 1)
}

fn build_count(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    Ok(Value::from(u.int_in_range(0..=4u8)?))
}

fn build_pattern(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    Ok(Value::from(*u.choose(&PATTERNS)?))
}

fn build_bound(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    Ok(number(*u.choose(&NUMBERS)?))
}

fn build_multiple(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    Ok(number(*u.choose(&[1.0, 2.0, 3.0, 0.5, 0.25])?))
}

fn build_properties(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let mut properties = Map::new();
    for key in KEYS {
        if u.ratio(1, 2)? {
            properties.insert(key.to_owned(), build_schema(u, depth)?);
        }
    }
    Ok(Value::Object(properties))
}

fn build_required(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    let mut required = Vec::new();
    for key in KEYS {
        if u.ratio(1, 3)? {
            required.push(Value::from(key));
        }
    }
    Ok(Value::Array(required))
}

fn build_flag(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    Ok(Value::Bool(u.arbitrary()?))
}

fn build_pattern_properties(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let mut properties = Map::new();
    for _ in 0..u.int_in_range(1..=2)? {
        properties.insert((*u.choose(&PATTERNS)?).to_owned(), build_schema(u, depth)?);
    }
    Ok(Value::Object(properties))
}

fn build_dependent_required(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let mut dependencies = Map::new();
    for key in KEYS {
        if u.ratio(1, 3)? {
            dependencies.insert(key.to_owned(), build_required(u, depth)?);
        }
    }
    Ok(Value::Object(dependencies))
}

fn build_dependent_schemas(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let mut dependencies = Map::new();
    for key in KEYS {
        if u.ratio(1, 3)? {
            dependencies.insert(key.to_owned(), build_schema(u, depth)?);
        }
    }
    Ok(Value::Object(dependencies))
}

fn build_schema_list(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let count = u.int_in_range(1..=3)?;
    let members = (0..count).map(|_| build_schema(u, depth)).collect::<arbitrary::Result<_>>()?;
    Ok(Value::Array(members))
}

/// A reference to the root or to one of the definitions that [`build_case`] adds.
fn build_ref(u: &mut Unstructured, _: u32) -> arbitrary::Result<Value> {
    Ok(Value::from(*u.choose(&["#", "#/$defs/d0", "#/$defs/d1"])?))
}

/// A schema: a boolean, or an object of keywords from [`KEYWORDS`].
fn build_schema(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    if depth >= MAX_SCHEMA_DEPTH || u.ratio(1, 8)? {
        return Ok(Value::Bool(u.arbitrary()?));
    }
    let mut schema = Map::new();
    let count = u.int_in_range(0..=3)?;
    for _ in 0..count {
        let keyword = u.choose(KEYWORDS)?;
        let value = (keyword.build)(u, depth + 1)?;
        schema.insert(keyword.name.to_owned(), value);
    }
    Ok(Value::Object(schema))
}

fn number(n: f64) -> Value {
    // Whole numbers are written as integers half the time, as a model would write them.
    if n.fract() == 0.0 && n.abs() < 1e15 && n.to_bits() != (-0.0f64).to_bits() {
        Value::from(n as i64)
    } else {
        Value::from(n)
    }
}

/// An instance: scalars from the lists above, arrays and objects up to `depth` 3.
fn build_instance(u: &mut Unstructured, depth: u32) -> arbitrary::Result<Value> {
    let choice = if depth >= 3 { u.int_in_range(0..=4)? } else { u.int_in_range(0..=6)? };
    Ok(match choice {
        0 => Value::Null,
        1 => Value::Bool(u.arbitrary()?),
        2 => {
            let n = *u.choose(&NUMBERS)?;
            if u.arbitrary()? {
                number(n)
            } else {
                Value::from(n)
            }
        }
        3 | 4 => Value::from(*u.choose(&STRINGS)?),
        5 => {
            let count = u.int_in_range(0..=4)?;
            Value::Array((0..count).map(|_| build_instance(u, depth + 1)).collect::<arbitrary::Result<_>>()?)
        }
        _ => {
            let mut object = Map::new();
            for key in KEYS {
                if u.ratio(1, 2)? {
                    object.insert(key.to_owned(), build_instance(u, depth + 1)?);
                }
            }
            Value::Object(object)
        }
    })
}

/// A schema with two definitions for `$ref`, and an instance.
fn build_case(u: &mut Unstructured) -> arbitrary::Result<(Value, Value)> {
    let mut schema = match build_schema(u, 0)? {
        Value::Object(map) => map,
        boolean => return Ok((boolean, build_instance(u, 0)?)),
    };
    if schema.contains_key("$ref") || u.ratio(1, 4)? {
        let mut definitions = Map::new();
        definitions.insert("d0".to_owned(), build_schema(u, 1)?);
        definitions.insert("d1".to_owned(), build_schema(u, 1)?);
        schema.insert("$defs".to_owned(), Value::Object(definitions));
    }
    Ok((Value::Object(schema), build_instance(u, 0)?))
}

/// Checks that jsonseam in strict mode gives the `jsonschema` crate's verdict on a
/// generated schema and instance. Schemas that either engine refuses are skipped.
///
/// # Panics
///
/// When the verdicts differ, or differ between chunkings.
pub fn differential(data: &[u8]) {
    let Ok((schema, instance)) = build_case(&mut Unstructured::new(data)) else { return };
    // Compiled first: jsonseam rejects a `$ref` cycle that never reaches a value, which
    // the reference may follow without end.
    let Ok(ours) = Validator::with_options(&schema, Options::strict()) else { return };
    let Ok(reference) = jsonschema::validator_for(&schema) else { return };
    let text = serde_json::to_vec(&instance).expect("a Value serializes");

    let expected = reference.is_valid(&instance);
    let whole = run_chunks(&ours, &[&text]);
    assert_eq!(
        whole.is_ok(),
        expected,
        "jsonseam {} where jsonschema {}: schema {schema} instance {instance}: {whole:?}",
        if whole.is_ok() { "accepts" } else { "rejects" },
        if expected { "accepts" } else { "rejects" },
    );
    let bytes: Vec<&[u8]> = text.chunks(1).collect();
    assert_eq!(run_chunks(&ours, &bytes), whole, "1-byte chunks differ: schema {schema} instance {instance}");
}

// ---------------------------------------------------------------------------------------
// repair: repaired output is strict JSON, and repairing it again changes nothing.

/// Checks every document that validates after repairs: its text validates in strict mode
/// against the same schema to the same text, and validating the text again with the same
/// options reports nothing stripped or repaired. A document reported `valid` must pass
/// strict mode as it was written.
///
/// # Panics
///
/// When one of these fails.
pub fn repair(data: &[u8]) {
    let (setup, input) = Setup::read(data);
    let index = setup.schema_index();
    let mut options = Options::default();
    options.extract = !setup.no_extract;
    options.repair = if setup.repair % 2 == 0 { RepairMode::Lossless } else { RepairMode::Lossy };
    options.allow_non_finite = setup.allow_non_finite;
    options.allow_duplicate_keys = setup.allow_duplicate_keys;
    let validator = cached_validator(index, &options);
    let Ok(outcome) = validator.validate(input) else { return };
    let text = outcome.text();

    let mut strict_options = Options::strict();
    strict_options.allow_duplicate_keys = setup.allow_duplicate_keys;
    let strict = cached_validator(index, &strict_options);
    let again = strict.validate(text.as_bytes()).unwrap_or_else(|rejection| {
        panic!(
            "output {text:?} of {:?} fails strict mode: {rejection} (report {:?})",
            String::from_utf8_lossy(input),
            outcome.report()
        )
    });
    assert_eq!(again.text(), text, "strict mode changes the output");

    let twice = validator
        .validate(text.as_bytes())
        .unwrap_or_else(|rejection| panic!("output {text:?} fails a second repair: {rejection}"));
    assert_eq!(twice.text(), text, "a second repair changes the output");
    assert_eq!(twice.status(), Status::Valid, "a second repair reports {:?}", twice.report());

    if outcome.status() == Status::Valid {
        let as_written = strict.validate(input).unwrap_or_else(|rejection| {
            panic!("{:?} is reported valid but fails strict mode: {rejection}", String::from_utf8_lossy(input))
        });
        assert_eq!(as_written.text(), text, "strict mode and repair mode write different text");
    }
}

// ---------------------------------------------------------------------------------------
// all_api: every public entry point, and every rendering of an error or report.

/// Runs the input through every entry point of a validator and renders every error and
/// snippet, checking that the entry points agree and that renderings are well formed.
///
/// # Panics
///
/// When entry points disagree or a rendering is malformed.
pub fn all_api(data: &[u8]) {
    let (setup, input) = Setup::read(data);
    let options = setup.options();
    let validator = cached_validator(setup.schema_index(), &options);
    assert_eq!(validator.options(), &options);
    assert!(validator.unchecked_keywords().is_empty(), "the setup schemas use known keywords only");

    let chunks = setup.random_chunks(input);
    let verdict = run_chunks(&validator, &chunks);
    let whole = validator.validate(input);
    assert_eq!(whole.as_ref().map(|outcome| outcome.text().to_owned()).ok(), verdict.as_ref().ok().map(|(text, _)| text.clone()));
    assert_eq!(validator.is_valid(input), verdict.is_ok());

    match &whole {
        Ok(outcome) => {
            assert_eq!(outcome.bytes(), input.len() as u64);
            check_report(outcome.report(), outcome.status(), input.len() as u64, &options);
            check_sinks(&validator, input, outcome.text());
        }
        Err(rejection) => {
            check_rejection(rejection, input);
            check_snippets(rejection, input, &setup);
        }
    }

    // The input read as a schema: it compiles, or its error renders.
    if let Ok(schema) = serde_json::from_slice::<Value>(input) {
        match Validator::with_options(&schema, options) {
            Ok(own) => {
                let _ = own.is_valid(input);
            }
            Err(error) => {
                let message = error.to_string();
                assert!(message.starts_with("invalid schema at "), "{message}");
                assert!(!message.contains('\n'), "schema error spans lines: {message:?}");
                assert!(!error.kind().to_string().is_empty());
            }
        }
    }
    if let Ok(text) = std::str::from_utf8(input) {
        let _ = Draft::from_uri(text);
    }
}

/// Checks a rejection's fields and its one-line rendering.
fn check_rejection(rejection: &Rejection, input: &[u8]) {
    let message = rejection.to_string();
    assert!(!message.contains('\n'), "rejection spans lines: {message:?}");
    assert!(message.contains(&format!("at byte {}", rejection.offset())), "{message}");
    assert!(rejection.offset() <= input.len() as u64, "offset {} past the input's end ({message})", rejection.offset());
    assert_eq!(rejection.is_truncated(), rejection.kind() == RejectionKind::Truncated);
    assert!(!rejection.kind().as_str().is_empty());
    assert_eq!(rejection.kind().to_string(), rejection.kind().as_str());
    let path = rejection.instance_path();
    assert!(path.is_empty() || path.starts_with('/'), "instance path {path:?} is not a JSON Pointer");
    let path = rejection.schema_path();
    assert!(path.is_empty() || path.starts_with('/'), "schema path {path:?} is not a JSON Pointer");
    if rejection.kind() == RejectionKind::Truncated {
        assert_eq!(rejection.offset(), input.len() as u64, "a truncation is decided at the end of input");
    }
}

/// Renders the snippet of `rejection` over the whole input and over a window of it.
fn check_snippets(rejection: &Rejection, input: &[u8], setup: &Setup) {
    let message = rejection.to_string();
    let snippet = render_snippet(rejection, input, 0);
    check_snippet(&snippet, &message);
    assert_eq!(snippet.lines().count(), 3, "an offset inside the input gets a caret: {snippet:?}");

    let start = usize::from(setup.window_start) % (input.len() + 1);
    let window = render_snippet_from_line(rejection, &input[start..], start as u64, setup.first_line);
    check_snippet(&window, &message);
    let far = render_snippet(rejection, input, rejection.offset().saturating_add(1));
    assert_eq!(far, message, "an offset before the window renders the message alone");
}

fn check_snippet(snippet: &str, message: &str) {
    assert!(snippet.starts_with(message), "{snippet:?} does not start with the message");
    let lines: Vec<&str> = snippet.lines().collect();
    match lines.len() {
        1 => {}
        3 => {
            let gutter = lines[1].find(" | ").expect("the source line has a gutter") + 3;
            let caret = lines[2].len() - 1;
            assert!(lines[2].ends_with('^') && lines[2][..caret].bytes().all(|b| b == b' '), "{snippet:?}");
            assert!(caret >= gutter && caret <= lines[1].len(), "caret outside the shown line: {snippet:?}");
        }
        _ => panic!("a snippet is the message, or the message and two lines: {snippet:?}"),
    }
}

/// Checks that report entries are in order, inside the input, and named.
fn check_report(report: &Report, status: Status, length: u64, options: &Options) {
    let mut previous_end = 0;
    for range in &report.stripped {
        assert!(range.start < range.end && range.end <= length, "stripped range {range:?} of {length} bytes");
        assert!(range.start >= previous_end, "stripped ranges overlap or are out of order: {:?}", report.stripped);
        previous_end = range.end;
        assert!(!range.kind.as_str().is_empty());
    }
    if !options.extract {
        assert!(report.stripped.is_empty(), "nothing is stripped without extraction");
    }
    assert!(report.repairs.windows(2).all(|pair| pair[0].offset <= pair[1].offset), "repairs out of order");
    assert!(report.repairs.len() <= options.max_repairs);
    for repair in &report.repairs {
        assert!(repair.offset <= length, "repair {repair:?} past the input's end");
        assert_eq!(repair.kind.to_string(), repair.kind.as_str());
        if repair.kind.class() == RepairClass::Lossy {
            assert!(options.repair == RepairMode::Lossy || repair.kind.as_str() == "non_finite_number");
        }
        assert!(!repair.kind.class().as_str().is_empty());
    }
    if options.repair == RepairMode::Strict {
        assert!(report.repairs.is_empty(), "strict mode repairs nothing: {:?}", report.repairs);
    }
    assert_eq!(report.status(), status);
    assert!(!status.as_str().is_empty());
    if report.truncated {
        assert_eq!(status, Status::Truncated);
    }
}

/// Checks that the value sink and a pair of sinks see the document the text sink wrote.
fn check_sinks(validator: &Validator, input: &[u8], text: &str) {
    let value = validator.validate_value(input);
    match serde_json::from_str::<Value>(text) {
        Ok(expected) => {
            let value = value.unwrap_or_else(|rejection| panic!("validate_value rejects {text}: {rejection}"));
            assert_eq!(value, expected, "the value sink and the text {text} differ");
        }
        Err(error) if error.to_string().starts_with("number out of range") => {
            let rejection = value.expect_err("serde_json cannot hold every number of this text");
            assert_eq!(rejection.kind(), RejectionKind::NumberLimit);
        }
        // serde_json stops at 128 nested levels, and `max_depth` may allow more.
        Err(_) => {}
    }

    let mut stream = validator.stream_with((TextSink::new(), ValueSink::new()));
    stream.feed(input).expect("the input was accepted whole");
    let outcome = stream.finish().expect("the input was accepted whole");
    let (text_sink, _) = outcome.into_sink();
    assert_eq!(text_sink.into_string(), text, "a pair of sinks writes other text");
}
