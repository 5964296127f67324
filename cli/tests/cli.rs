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
