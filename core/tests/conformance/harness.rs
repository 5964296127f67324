//! Runs the official JSON-Schema-Test-Suite and classifies every test case. Shared by the
//! `conformance` integration test, which compares the outcomes with a committed baseline,
//! and the `conformance` example, which writes docs/conformance.md.
//!
//! Every schema compiles with `Options::strict()` and the draft of its directory, and with
//! `format_assertion` for the files under `optional/format/`. The suite's remote documents
//! are registered in a `Resources` under `http://localhost:1234/<path>`, never fetched.
//! Each instance runs whole and in 1-byte chunks.

#![allow(dead_code)]

use std::fmt;
use std::fs;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use jsonseam::{Draft, Options, Rejection, Resources, SchemaError, Validator};
use serde_json::Value;

/// The suite's draft directories, each with the draft its schemas are read as.
pub const DRAFTS: [(&str, Draft); 5] = [
    ("draft4", Draft::Draft4),
    ("draft6", Draft::Draft6),
    ("draft7", Draft::Draft7),
    ("draft2019-09", Draft::Draft201909),
    ("draft2020-12", Draft::Draft202012),
];

/// The base URI under which the suite's remote documents are registered.
const REMOTE_BASE: &str = "http://localhost:1234/";

/// The result of one test case, from best to worst.
///
/// A false accept and a panic rank worst because they break a guarantee: a false accept
/// lets an invalid document through, and a panic brings down the caller. A chunking
/// mismatch breaks determinism. A false reject and a compile error only withhold service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Outcome {
    /// The verdict equals the suite's, whole and in 1-byte chunks, with equal results.
    Pass,
    /// The schema did not compile, so no instance of its group was checked.
    CompileError,
    /// A valid instance was rejected, whole and in 1-byte chunks alike.
    FalseReject,
    /// The whole and 1-byte runs returned different results.
    ChunkingMismatch,
    /// An invalid instance was accepted, in at least one of the two runs.
    FalseAccept,
    /// Compiling or validating panicked.
    Panic,
}

impl Outcome {
    pub const ALL: [Outcome; 6] = [
        Outcome::Pass,
        Outcome::CompileError,
        Outcome::FalseReject,
        Outcome::ChunkingMismatch,
        Outcome::FalseAccept,
        Outcome::Panic,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::CompileError => "compile_error",
            Outcome::FalseReject => "false_reject",
            Outcome::ChunkingMismatch => "chunking_mismatch",
            Outcome::FalseAccept => "false_accept",
            Outcome::Panic => "panic",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        Outcome::ALL.into_iter().find(|outcome| outcome.as_str() == text)
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One test case of the suite and its outcome.
#[derive(Debug, Clone)]
pub struct Case {
    pub draft: &'static str,
    /// Path of the file inside the draft directory, such as `optional/format/date.json`.
    pub file: String,
    /// Index of the group (a schema with its tests) in the file, from 0.
    pub group: usize,
    /// Index of the test in its group, from 0.
    pub test: usize,
    pub group_description: String,
    pub test_description: String,
    pub outcome: Outcome,
    /// The compile error, the panic message, or the rejection of a false reject.
    pub detail: Option<String>,
}

impl Case {
    /// The key that identifies the case in the baseline: draft, file, group and test.
    pub fn key(&self) -> (String, String, usize, usize) {
        (self.draft.to_owned(), self.file.clone(), self.group, self.test)
    }

    /// The keyword the case's file covers: the file name without `.json`.
    pub fn keyword(&self) -> &str {
        let name = self.file.rsplit('/').next().unwrap_or(&self.file);
        name.strip_suffix(".json").unwrap_or(name)
    }

    /// Whether the file is part of the required suite, not under `optional/`.
    pub fn is_required(&self) -> bool {
        !self.file.starts_with("optional/")
    }

    /// The case as one baseline line: draft, file, group, test and outcome, tab-separated.
    pub fn baseline_line(&self) -> String {
        format!("{}\t{}\t{}\t{}\t{}", self.draft, self.file, self.group, self.test, self.outcome)
    }
}

/// The suite's root folder, `JSON-Schema-Test-Suite` in the external test material that
/// lives beside the checkout.
pub fn suite_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/JSON-Schema-Test-Suite")
}

/// Runs every test case of every draft and returns them in a stable order (draft, file,
/// group, test).
pub fn run_suite(root: &Path) -> Result<Vec<Case>, String> {
    let resources = load_remotes(&root.join("remotes"))?;
    // Panics are caught and recorded as outcomes, so the default hook's report on stderr
    // would only repeat them.
    let previous_hook = panic::take_hook();
    panic::set_hook(Box::new(|_| {}));
    let result = run_drafts(root, &resources);
    panic::set_hook(previous_hook);
    result
}

fn run_drafts(root: &Path, resources: &Resources) -> Result<Vec<Case>, String> {
    let mut cases = Vec::new();
    for (draft_name, draft) in DRAFTS {
        let dir = root.join("tests").join(draft_name);
        for file in suite_files(&dir)? {
            let relative = file
                .strip_prefix(&dir)
                .map_err(|error| error.to_string())?
                .to_string_lossy()
                .replace('\\', "/");
            let text = fs::read(&file).map_err(|error| format!("failed to read {}: {error}", file.display()))?;
            let groups: Vec<Value> =
                serde_json::from_slice(&text).map_err(|error| format!("{} is not valid JSON: {error}", file.display()))?;
            let mut options = Options::strict();
            options.draft = Some(draft);
            options.format_assertion = relative.starts_with("optional/format/");
            for (group_index, group) in groups.iter().enumerate() {
                run_group(draft_name, &relative, group_index, group, &options, resources, &mut cases);
            }
        }
    }
    Ok(cases)
}

/// The `.json` files of a draft directory, its `optional/` and `optional/format/`, sorted.
fn suite_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for sub in ["", "optional", "optional/format"] {
        let folder = dir.join(sub);
        if !folder.is_dir() {
            continue;
        }
        let entries = fs::read_dir(&folder).map_err(|error| format!("failed to read {}: {error}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.extension().is_some_and(|ext| ext == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Registers every file under `remotes/` at `http://localhost:1234/<its path>`.
fn load_remotes(dir: &Path) -> Result<Resources, String> {
    let mut resources = Resources::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = fs::read_dir(&folder).map_err(|error| format!("failed to read {}: {error}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|error| error.to_string())?.path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let relative = path.strip_prefix(dir).map_err(|error| error.to_string())?;
            let uri = format!("{REMOTE_BASE}{}", relative.to_string_lossy().replace('\\', "/"));
            let text = fs::read(&path).map_err(|error| format!("failed to read {}: {error}", path.display()))?;
            let document =
                serde_json::from_slice(&text).map_err(|error| format!("{} is not valid JSON: {error}", path.display()))?;
            resources.add(uri, document);
        }
    }
    Ok(resources)
}

fn run_group(
    draft: &'static str,
    file: &str,
    group_index: usize,
    group: &Value,
    options: &Options,
    resources: &Resources,
    cases: &mut Vec<Case>,
) {
    let tests = group["tests"].as_array().map(Vec::as_slice).unwrap_or_default();
    let compiled = panic::catch_unwind(AssertUnwindSafe(|| {
        Validator::with_resources(&group["schema"], options.clone(), resources)
    }));
    let case = |test_index: usize, outcome: Outcome, detail: Option<String>| Case {
        draft,
        file: file.to_owned(),
        group: group_index,
        test: test_index,
        group_description: text_of(&group["description"]),
        test_description: text_of(&tests[test_index]["description"]),
        outcome,
        detail,
    };
    let validator = match compiled {
        Ok(Ok(validator)) => validator,
        Ok(Err(error)) => {
            let detail = describe_schema_error(&error);
            cases.extend((0..tests.len()).map(|i| case(i, Outcome::CompileError, Some(detail.clone()))));
            return;
        }
        Err(payload) => {
            let detail = format!("compiling panicked: {}", panic_message(payload.as_ref()));
            cases.extend((0..tests.len()).map(|i| case(i, Outcome::Panic, Some(detail.clone()))));
            return;
        }
    };
    for (test_index, test) in tests.iter().enumerate() {
        let (outcome, detail) = run_test(&validator, test);
        cases.push(case(test_index, outcome, detail));
    }
}

fn run_test(validator: &Validator, test: &Value) -> (Outcome, Option<String>) {
    let instance = serde_json::to_vec(&test["data"]).expect("a serde_json value serializes");
    let expected = test["valid"].as_bool() == Some(true);
    let runs = panic::catch_unwind(AssertUnwindSafe(|| {
        (validate(validator, &instance, instance.len().max(1)), validate(validator, &instance, 1))
    }));
    let (whole, bytewise) = match runs {
        Ok(runs) => runs,
        Err(payload) => return (Outcome::Panic, Some(format!("validating panicked: {}", panic_message(payload.as_ref())))),
    };
    if !expected && (whole.is_ok() || bytewise.is_ok()) {
        return (Outcome::FalseAccept, None);
    }
    if whole != bytewise {
        let detail = format!("whole: {}; 1-byte: {}", describe(&whole), describe(&bytewise));
        return (Outcome::ChunkingMismatch, Some(detail));
    }
    match whole {
        Err(rejection) if expected => (Outcome::FalseReject, Some(rejection.to_string())),
        _ => (Outcome::Pass, None),
    }
}

/// Feeds `instance` in chunks of `size` bytes and returns the canonical text or the
/// rejection.
fn validate(validator: &Validator, instance: &[u8], size: usize) -> Result<String, Rejection> {
    let mut stream = validator.stream();
    for chunk in instance.chunks(size) {
        stream.feed(chunk)?;
    }
    stream.finish().map(jsonseam::Outcome::into_text)
}

fn describe(result: &Result<String, Rejection>) -> String {
    match result {
        Ok(_) => "accepted".to_owned(),
        Err(rejection) => format!("rejected: {rejection}"),
    }
}

fn describe_schema_error(error: &SchemaError) -> String {
    format!("{} at {:?}: {}", error.kind().as_str(), error.schema_path(), error.message())
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(ToString::to_string)
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "non-string panic payload".to_owned())
}

fn text_of(value: &Value) -> String {
    value.as_str().map_or_else(|| value.to_string(), str::to_owned)
}
