//! Runs the real `jsonseam` binary on the corpus and on pipes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn binary() -> &'static str {
    env!("CARGO_BIN_EXE_jsonseam")
}

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

fn check(schema: &Path, input: &Path, extra: &[&str]) -> Output {
    Command::new(binary())
        .arg("check")
        .arg("--schema")
        .arg(schema)
        .arg(input)
        .args(extra)
        .output()
        .expect("the binary runs")
}

fn option_flags(expected: &Value) -> Vec<String> {
    let mut flags = Vec::new();
    if let Some(options) = expected.get("options").and_then(Value::as_object) {
        for (name, value) in options {
            match name.as_str() {
                "strict" if value == true => flags.push("--strict".to_owned()),
                "repair" => flags.push(format!("--repair={}", value.as_str().unwrap().replace("strict", "none"))),
                "allow_non_finite" if value == true => flags.push("--allow-non-finite".to_owned()),
                "allow_duplicate_keys" if value == true => flags.push("--allow-duplicate-keys".to_owned()),
                "max_depth" => flags.push(format!("--max-depth={value}")),
                other => panic!("no flag for option {other}"),
            }
        }
    }
    flags
}

#[test]
fn corpus_cases_give_expected_exit_and_report() {
    let mut cases: Vec<_> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("expected.json").exists())
        .collect();
    cases.sort();
    assert!(!cases.is_empty());
    for case in cases {
        let expected: Value = serde_json::from_slice(&std::fs::read(case.join("expected.json")).unwrap()).unwrap();
        let flags = option_flags(&expected);
        for chunking in [None, Some("--chunk-size=1"), Some("--chunk-size=7")] {
            let mut extra: Vec<&str> = flags.iter().map(String::as_str).collect();
            extra.push("--report=json");
            extra.extend(chunking);
            let output = check(&case.join("schema.json"), &case.join("input.txt"), &extra);
            let name = case.file_name().unwrap().to_string_lossy();
            let stderr = String::from_utf8_lossy(&output.stderr);
            let report: Value = serde_json::from_str(stderr.lines().last().unwrap_or(""))
                .unwrap_or_else(|e| panic!("{name}: report is not JSON ({e}): {stderr}"));
            if expected["valid"] == true {
                assert_eq!(output.status.code(), Some(0), "{name}: {stderr}");
                let stdout = String::from_utf8(output.stdout).unwrap();
                assert_eq!(stdout.trim_end_matches('\n'), expected["output"].as_str().unwrap(), "{name}");
                assert_eq!(report["valid"], true);
                assert!(report["divergence"].is_null());
            } else {
                assert_eq!(output.status.code(), Some(1), "{name}: {stderr}");
                assert!(output.stdout.is_empty(), "{name}: nothing on stdout for a rejection");
                let divergence = &report["divergence"];
                assert_eq!(divergence["kind"], expected["kind"], "{name}");
                assert_eq!(divergence["offset"], expected["offset"], "{name}");
                assert_eq!(divergence["instance_path"], expected["instance_path"], "{name}");
                assert_eq!(report["valid"], false);
            }
        }
    }
}

#[test]
fn text_report_has_message_and_caret() {
    let case = corpus_dir().join("weather-unit-not-in-enum");
    let output = check(&case.join("schema.json"), &case.join("input.txt"), &[]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 3, "{stderr}");
    assert!(lines[0].starts_with("jsonseam: schema violation at byte "), "{stderr}");
    assert!(lines[0].contains("instance path /unit"), "{stderr}");
    assert!(lines[2].trim_start() == "^", "{stderr}");
}

#[test]
fn pipe_exits_before_the_input_ends() {
    let dir = std::env::temp_dir().join(format!("jsonseam-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let schema = dir.join("schema.json");
    std::fs::write(&schema, r#"{"type": "object", "properties": {"name": {"type": "string"}}}"#).unwrap();

    let mut child = Command::new(binary())
        .args(["check", "--schema"])
        .arg(&schema)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(br#"{"name": 4"#).unwrap();
    stdin.flush().unwrap();

    // Stdin stays open: the process must end on its own, from the bytes it has.
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "jsonseam kept waiting for input after the divergence");
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(stdin);
    assert_eq!(status.code(), Some(1));
    let output = child.wait_with_output().unwrap();
    assert!(String::from_utf8_lossy(&output.stderr).contains("at byte 9"));
}

#[test]
fn usage_schema_and_io_errors_exit_2() {
    let case = corpus_dir().join("weather-valid");
    let missing = Path::new("/nonexistent/jsonseam/input.json");
    let output = check(&case.join("schema.json"), missing, &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read input"));

    let output = check(missing, &case.join("input.txt"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("cannot read schema"));

    let dir = std::env::temp_dir().join(format!("jsonseam-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"type": "object", "unevaluatedProperties": 3}"#).unwrap();
    let output = check(&bad, &case.join("input.txt"), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("/unevaluatedProperties"));

    let output = Command::new(binary()).args(["check", "--chunk-size", "0", "--schema", "x"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let output = Command::new(binary()).arg("nonsense").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn help_documents_every_option() {
    let output = Command::new(binary()).args(["check", "--help"]).output().unwrap();
    let help = String::from_utf8(output.stdout).unwrap();
    for flag in [
        "--schema",
        "--report",
        "--chunk-size",
        "--quiet",
        "--max-depth",
        "--max-bytes",
        "--max-string-bytes",
        "--allow-duplicate-keys",
        "--unknown-keywords",
        "--draft",
        "--format-assertion",
        "--resource",
    ] {
        assert!(help.contains(flag), "--help lacks {flag}");
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("jsonseam-cli-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn snippet_line_number_counts_whole_input() {
    let dir = scratch("lines");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, r#"{"type": "array", "items": {"type": "integer"}}"#).unwrap();
    // 20,000 lines push the error far past the kept window of recent input.
    let mut input = String::from("[\n");
    for _ in 0..20_000 {
        input.push_str("  1,\n");
    }
    input.push_str("  \"x\"\n]\n");
    let path = dir.join("input.json");
    std::fs::write(&path, &input).unwrap();
    let output = check(&schema, &path, &["--strict"]);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("20002 |   \"x\""), "{stderr}");
}

#[test]
fn quiet_prints_nothing_and_json_report_stays_one_object() {
    let dir = scratch("quiet");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, r#"{"type": "object", "not": {"required": ["x"]}}"#).unwrap();
    let input = dir.join("input.json");
    std::fs::write(&input, r#"{"a": 1}"#).unwrap();
    let output = check(&schema, &input, &["--quiet", "--unknown-keywords", "--report=json"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    let report: Value = serde_json::from_str(&stderr).unwrap();
    assert_eq!(report["status"], "valid");
}

#[test]
fn default_mode_strips_and_reports_repairs() {
    let dir = scratch("repair");
    let schema = dir.join("schema.json");
    std::fs::write(&schema, r#"{"type": "object", "required": ["name"]}"#).unwrap();
    let input = dir.join("input.txt");
    std::fs::write(&input, "Sure! Here it is:\n```json\n{'name': 'Ann',}\n```\nAnything else?").unwrap();
    let output = check(&schema, &input, &["--report=json"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "{\"name\":\"Ann\"}\n");
    let report: Value = serde_json::from_slice(&output.stderr).unwrap();
    assert_eq!(report["status"], "repaired");
    let kinds: Vec<&str> = report["repairs"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["single_quotes", "single_quotes", "trailing_comma"]);
    let stripped: Vec<&str> = report["stripped"].as_array().unwrap().iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(stripped, ["prose", "fence", "fence", "trailing"]);

    let output = check(&schema, &input, &["--strict"]);
    assert_eq!(output.status.code(), Some(1));
}

/// Runs `jsonseam check` on `input` given as text, with `schema` written to a file in `dir`.
fn check_text(dir: &Path, schema: &str, input: &str, extra: &[&str]) -> Output {
    let schema_path = dir.join("schema.json");
    std::fs::write(&schema_path, schema).unwrap();
    let input_path = dir.join("input.json");
    std::fs::write(&input_path, input).unwrap();
    check(&schema_path, &input_path, extra)
}

fn json_report(output: &Output) -> Value {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.lines().count(), 1, "the JSON report is one line: {stderr}");
    serde_json::from_str(&stderr).unwrap_or_else(|e| panic!("report is not JSON ({e}): {stderr}"))
}

#[test]
fn draft_4_reads_boolean_exclusive_maximum() {
    let dir = scratch("draft4");
    // `const` is not a draft-04 keyword, so under draft 4 it is an unchecked annotation.
    let schema = r#"{"type": "number", "maximum": 10, "exclusiveMaximum": true, "const": 3}"#;

    let output = check_text(&dir, schema, "10", &["--draft", "4", "--report=json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json_report(&output);
    assert_eq!(report["divergence"]["schema_path"], "/exclusiveMaximum");
    assert_eq!(report["unchecked_keywords"], serde_json::json!(["/const"]));

    let output = check_text(&dir, schema, "5", &["--draft", "4", "--report=json"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));

    // Without --draft, a schema without `$schema` is read as 2020-12, where `const` applies.
    let output = check_text(&dir, schema, "5", &["--report=json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json_report(&output)["divergence"]["schema_path"], "/const");
}

#[test]
fn draft_flag_rejects_unknown_names() {
    let output = Command::new(binary()).args(["check", "--schema", "x", "--draft", "5"]).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("2019-09"), "the error lists the drafts: {stderr}");
}

#[test]
fn format_rejected_only_as_assertion() {
    let dir = scratch("format");
    let schema = r#"{"type": "string", "format": "date"}"#;

    let output = check_text(&dir, schema, r#""2024-02-30x""#, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));

    let output = check_text(&dir, schema, r#""2024-02-30x""#, &["--format-assertion", "--report=json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json_report(&output)["divergence"]["schema_path"], "/format");

    let output = check_text(&dir, schema, r#""2024-02-29""#, &["--format-assertion"]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn resource_resolves_registered_ref() {
    let dir = scratch("resource");
    let point = dir.join("point.json");
    std::fs::write(&point, r#"{"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}}"#).unwrap();
    let registration = format!("https://example.com/point.json={}", point.display());
    let schema = r#"{"type": "array", "items": {"$ref": "https://example.com/point.json"}}"#;

    let output = check_text(&dir, schema, r#"[{"x": 1}, {"x": 2}]"#, &["--resource", &registration]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), "[{\"x\":1},{\"x\":2}]\n");

    let output = check_text(&dir, schema, r#"[{"x": 1}, {"x": "2"}]"#, &["--resource", &registration, "--report=json"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(json_report(&output)["divergence"]["instance_path"], "/1/x");
}

#[test]
fn unregistered_ref_is_schema_error() {
    let dir = scratch("unresolved");
    let schema = r#"{"items": {"$ref": "https://example.com/point.json"}}"#;
    let output = check_text(&dir, schema, "[]", &[]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("https://example.com/point.json"), "{stderr}");
    assert!(stderr.contains("--resource URI=FILE"), "the error names the flag: {stderr}");
    assert!(stderr.starts_with("jsonseam: schema "), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn bad_resource_is_usage_error() {
    let dir = scratch("bad-resource");
    let schema = r#"{"$ref": "https://example.com/a.json"}"#;
    let missing = format!("https://example.com/a.json={}", dir.join("missing.json").display());
    let output = check_text(&dir, schema, "1", &["--resource", &missing]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("cannot read resource https://example.com/a.json"), "{stderr}");

    let broken = dir.join("broken.json");
    std::fs::write(&broken, "{\"type\": ").unwrap();
    let registration = format!("https://example.com/a.json={}", broken.display());
    let output = check_text(&dir, schema, "1", &["--resource", &registration]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("is not valid JSON"), "{stderr}");
    assert!(stderr.contains("broken.json"), "{stderr}");

    for malformed in ["https://example.com/a.json", "=a.json", "https://example.com/a.json="] {
        let output = check_text(&dir, schema, "1", &["--resource", malformed]);
        assert_eq!(output.status.code(), Some(2), "--resource {malformed}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("URI=FILE"), "--resource {malformed}: {stderr}");
    }

    let relative = format!("a.json={}", broken.display());
    let output = check_text(&dir, schema, "1", &["--resource", &relative]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("\"a.json\" is not absolute"), "{stderr}");
}

#[test]
fn resource_uri_may_contain_equals() {
    let dir = scratch("resource-query");
    let document = dir.join("v2.json");
    std::fs::write(&document, r#"{"type": "integer"}"#).unwrap();
    let registration = format!("https://example.com/schema?version=2={}", document.display());
    let schema = r#"{"$ref": "https://example.com/schema?version=2"}"#;
    let output = check_text(&dir, schema, "1.5", &["--resource", &registration]);
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
}

#[test]
fn unchecked_keywords_warn_on_one_line() {
    let dir = scratch("unchecked");
    let schema = r#"{"type": "object", "x-order": 1, "properties": {"a": {"javaType": "int"}}}"#;

    let output = check_text(&dir, schema, r#"{"a": 1}"#, &[]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(
        stderr,
        "jsonseam: warning: these schema keywords are not checked: /x-order, /properties/a/javaType\n"
    );

    let output = check_text(&dir, schema, r#"{"a": 1}"#, &["--quiet"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stderr.is_empty(), "{}", String::from_utf8_lossy(&output.stderr));

    let output = check_text(&dir, schema, r#"{"a": "#, &["--report=json"]);
    assert_eq!(output.status.code(), Some(1));
    let report = json_report(&output);
    assert_eq!(report["unchecked_keywords"], serde_json::json!(["/x-order", "/properties/a/javaType"]));

    let output = check_text(&dir, r#"{"type": "object"}"#, "{}", &["--report=json"]);
    assert_eq!(json_report(&output)["unchecked_keywords"], serde_json::json!([]));
}

#[test]
fn max_candidates_flag_sets_the_limit() {
    let dir = scratch("candidates");
    let schema = dir.join("schema.json");
    std::fs::write(
        &schema,
        r##"{"$defs": {"n": {"anyOf": [{"type": "array", "items": {"$ref": "#/$defs/n"}}, {"type": "array", "minItems": 0, "items": {"$ref": "#/$defs/n"}}]}}, "$ref": "#/$defs/n"}"##,
    )
    .unwrap();
    let input = dir.join("input.json");
    std::fs::write(&input, format!("{}{}", "[".repeat(40), "]".repeat(40))).unwrap();
    let output = check(&schema, &input, &["--strict"]);
    assert_eq!(output.status.code(), Some(0));
    let output = check(&schema, &input, &["--strict", "--max-candidates", "20", "--report=json"]);
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_str(&String::from_utf8(output.stderr).unwrap()).unwrap();
    assert_eq!(report["divergence"]["kind"], "candidate_limit");
}
