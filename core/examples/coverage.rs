//! Measures jsonseam on a directory of `JSONSchemaBench` files. It counts how many schemas
//! compile with default options, and how often the verdicts on their test instances agree
//! with each test's `valid` flag, both for the whole document and fed one byte at a time.
//!
//! Each file is `{"schema": ..., "tests": [{"valid": bool, "data": ...}, ...]}`, and the
//! instance bytes are `serde_json::to_vec(&data)`.
//!
//! ```text
//! cargo run --release -p jsonseam --example coverage -- [DIR] [--list] [--markdown] [--format]
//! ```
//!
//! `DIR` defaults to `../shared/data/jsonschemabench` beside the workspace. `--list` prints
//! every disagreement with the `valid` flag and every difference between whole and 1-byte
//! validation. `--markdown` prints only the per-subset tables of docs/coverage.md: compile
//! rate and agreement per subset, and every compile failure grouped by reason. A file's
//! subset is its name before `---`, or before a trailing `_<number>`.

use std::collections::BTreeMap;
use std::fs;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jsonseam::{Options, Rejection, SchemaError, SchemaErrorKind, Validator};
use serde_json::Value;

/// How many of the slowest files the report names.
const SLOWEST_SHOWN: usize = 10;

/// How many keywords the survey with `unknown_keywords` set lists.
const SURVEY_SHOWN: usize = 30;

/// JSON Schema keywords, to name the keyword of a compile error whose schema path ends
/// below it (a property name, an array index).
const KEYWORDS: &[&str] = &[
    "$ref", "$dynamicRef", "$recursiveRef", "$anchor", "$dynamicAnchor", "$recursiveAnchor", "$id", "id",
    "$schema", "$vocabulary", "$defs", "definitions", "type", "enum", "const", "properties",
    "patternProperties", "additionalProperties", "propertyNames", "required", "minProperties",
    "maxProperties", "dependencies", "dependentRequired", "dependentSchemas", "items", "prefixItems",
    "additionalItems", "unevaluatedItems", "unevaluatedProperties", "contains", "minContains",
    "maxContains", "minItems", "maxItems", "uniqueItems", "allOf", "anyOf", "oneOf", "not", "if",
    "then", "else", "minLength", "maxLength", "pattern", "format", "minimum", "maximum",
    "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "contentEncoding", "contentMediaType",
    "contentSchema",
];

/// Compile and agreement counts of one subset of the corpus.
#[derive(Default)]
struct Subset {
    files: usize,
    compiled: usize,
    instances: usize,
    agreements: usize,
}

/// One test instance whose verdict differs from its `valid` flag.
struct Disagreement {
    file: String,
    index: usize,
    flagged_valid: bool,
    /// The whole-document rejection, or `None` when jsonseam accepted the instance.
    rejection: Option<Rejection>,
}

/// One test instance whose whole-document and 1-byte results differ.
struct ChunkingMismatch {
    file: String,
    index: usize,
    whole: Result<(), Rejection>,
    bytewise: Result<(), Rejection>,
}

#[derive(Default)]
struct Report {
    files: usize,
    /// Files that could not be read or are not in the expected shape, with the reason.
    unreadable: Vec<(String, String)>,
    compiled: usize,
    failures_by_kind: BTreeMap<&'static str, usize>,
    /// Keyword named by the compile error, for `unsupported_keyword` failures. Compilation
    /// stops at the first error, so each failed schema counts one keyword.
    first_unsupported: BTreeMap<String, usize>,
    /// Keywords that compiling with `unknown_keywords` lists as unchecked, each counted once
    /// per schema.
    all_unsupported: BTreeMap<String, usize>,
    /// Schemas that fail with default options but compile with `unknown_keywords`.
    compiled_with_unknown_keywords: usize,
    /// Schemas that fail even with `unknown_keywords`, by the kind of that error.
    survey_failures_by_kind: BTreeMap<&'static str, usize>,
    /// Test instances in every file, whether or not its schema compiles.
    all_instances: usize,
    instances: usize,
    flagged_valid: usize,
    agreements: usize,
    false_accepts: usize,
    false_rejects: usize,
    disagreements: Vec<Disagreement>,
    /// Instances where `is_valid` and the 1-byte stream return different verdicts.
    verdict_mismatches: usize,
    /// Instances rejected both ways, but with a different kind, offset, path or message.
    rejection_mismatches: usize,
    chunking_mismatches: Vec<ChunkingMismatch>,
    panics: Vec<(String, String)>,
    timings: Vec<(Duration, String)>,
    subsets: BTreeMap<String, Subset>,
    /// Compile failures with default options by reason (error kind and keyword), then by
    /// subset.
    failures_by_reason: BTreeMap<String, BTreeMap<String, usize>>,
}

fn main() -> ExitCode {
    let mut list = false;
    let mut markdown = false;
    let mut format = false;
    let mut dir = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--list" => list = true,
            "--markdown" => markdown = true,
            "--format" => format = true,
            "-h" | "--help" => {
                println!("usage: coverage [DIR] [--list] [--markdown] [--format]");
                println!("  DIR         directory of JSONSchemaBench files (default ../shared/data/jsonschemabench)");
                println!("  --list      print every disagreement with a test's valid flag and every whole vs 1-byte difference");
                println!("  --markdown  print only the per-subset tables: compile rate, agreement and compile failures by reason");
                println!("  --format    check format as an assertion, as the validators that wrote the valid flags did");
                return ExitCode::SUCCESS;
            }
            other if other.starts_with('-') => {
                eprintln!("unknown option {other:?}. Usage: coverage [DIR] [--list] [--markdown] [--format]");
                return ExitCode::FAILURE;
            }
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/jsonschemabench")
    });

    let mut paths: Vec<PathBuf> = match fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect(),
        Err(error) => {
            eprintln!(
                "failed to read directory {}: {error}; pass the directory of JSONSchemaBench files as the first argument",
                dir.display()
            );
            return ExitCode::FAILURE;
        }
    };
    paths.sort();

    let started = Instant::now();
    let mut report = Report::default();
    for path in &paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        report.files += 1;
        let result = catch_unwind(AssertUnwindSafe(|| measure_file(path, &name, format, &mut report)));
        match result {
            Ok(Ok(())) => {}
            Ok(Err(reason)) => report.unreadable.push((name, reason)),
            Err(payload) => {
                let message = payload
                    .downcast_ref::<&str>()
                    .map(ToString::to_string)
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "non-string panic payload".to_owned());
                report.panics.push((name, message));
            }
        }
    }

    if markdown {
        print_markdown(&report);
    } else {
        print_report(&dir, &mut report, started.elapsed(), list);
    }
    if report.verdict_mismatches > 0 || !report.panics.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// Compiles one file's schema and checks its test instances, adding the results to
/// `report`. Returns the reason when the file is not in the expected shape.
fn measure_file(path: &Path, name: &str, format: bool, report: &mut Report) -> Result<(), String> {
    let text = fs::read(path).map_err(|error| format!("read failed: {error}"))?;
    let file: Value = serde_json::from_slice(&text).map_err(|error| format!("invalid JSON: {error}"))?;
    let schema = file.get("schema").ok_or("missing \"schema\"")?;
    let tests = file
        .get("tests")
        .and_then(Value::as_array)
        .ok_or("missing \"tests\" array")?;
    report.all_instances += tests.len();

    let mut survey_options = Options::default();
    survey_options.unknown_keywords = true;
    let survey = Validator::with_options(schema, survey_options);
    if let Err(error) = &survey {
        *report.survey_failures_by_kind.entry(error.kind().as_str()).or_default() += 1;
    }
    if let Ok(survey) = &survey {
        let mut keywords: Vec<String> = survey
            .unchecked_keywords()
            .iter()
            .map(|pointer| last_token(pointer))
            .collect();
        keywords.sort();
        keywords.dedup();
        for keyword in keywords {
            *report.all_unsupported.entry(keyword).or_default() += 1;
        }
    }

    // The timing covers compiling with default options and checking the instances, not
    // the survey above.
    let subset = subset_of(name);
    report.subsets.entry(subset.clone()).or_default().files += 1;
    let started = Instant::now();
    let mut options = Options::default();
    options.format_assertion = format;
    let validator = match Validator::with_options(schema, options) {
        Ok(validator) => validator,
        Err(error) => {
            report.timings.push((started.elapsed(), name.to_owned()));
            record_compile_failure(&error, report);
            let keyword = if error.kind() == SchemaErrorKind::UnsupportedKeyword {
                last_token(error.schema_path())
            } else {
                keyword_of(error.schema_path())
            };
            let reason = format!("{} {keyword}", error.kind().as_str());
            *report.failures_by_reason.entry(reason).or_default().entry(subset).or_default() += 1;
            if survey.is_ok() {
                report.compiled_with_unknown_keywords += 1;
            }
            return Ok(());
        }
    };
    report.compiled += 1;
    let agreements_before = report.agreements;
    let instances_before = report.instances;

    for (index, test) in tests.iter().enumerate() {
        let flagged_valid = test
            .get("valid")
            .and_then(Value::as_bool)
            .ok_or_else(|| format!("test {index} has no boolean \"valid\""))?;
        let data = test.get("data").ok_or_else(|| format!("test {index} has no \"data\""))?;
        let instance = serde_json::to_vec(data).map_err(|error| format!("test {index}: {error}"))?;
        check_instance(&validator, &instance, name, index, flagged_valid, report);
    }
    report.timings.push((started.elapsed(), name.to_owned()));
    let counts = report.subsets.entry(subset).or_default();
    counts.compiled += 1;
    counts.instances += report.instances - instances_before;
    counts.agreements += report.agreements - agreements_before;
    Ok(())
}

/// Returns the subset a corpus file belongs to: its name before `---`, or before a
/// trailing `_<number>` (`BFCL_java_12.json` is in `BFCL_java`).
fn subset_of(name: &str) -> String {
    let stem = name.strip_suffix(".json").unwrap_or(name);
    if let Some((subset, _)) = stem.split_once("---") {
        return subset.to_owned();
    }
    match stem.rsplit_once('_') {
        Some((subset, number)) if number.bytes().all(|b| b.is_ascii_digit()) => subset.to_owned(),
        _ => stem.to_owned(),
    }
}

/// Returns the keyword that a compile error other than an unsupported keyword is about:
/// the last reference token of its schema path that is a JSON Schema keyword, or
/// `(schema)` when there is none.
fn keyword_of(schema_path: &str) -> String {
    schema_path
        .split('/')
        .rev()
        .map(|token| token.replace("~1", "/").replace("~0", "~"))
        .find(|token| KEYWORDS.contains(&token.as_str()))
        .unwrap_or_else(|| "(schema)".to_owned())
}

/// Prints the per-subset tables of docs/coverage.md.
fn print_markdown(report: &Report) {
    println!("| subset | schemas | compiled | compile rate | instances of compiled schemas | agree with `valid` | agreement |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut total = Subset::default();
    for (name, subset) in &report.subsets {
        print_subset_row(name, subset);
        total.files += subset.files;
        total.compiled += subset.compiled;
        total.instances += subset.instances;
        total.agreements += subset.agreements;
    }
    print_subset_row("**all**", &total);
    println!();

    let mut reasons: Vec<(&String, &BTreeMap<String, usize>, usize)> = report
        .failures_by_reason
        .iter()
        .map(|(reason, subsets)| (reason, subsets, subsets.values().sum()))
        .collect();
    reasons.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(b.0)));
    println!("| reason (error kind and keyword) | schemas | by subset |");
    println!("|---|---:|---|");
    for (reason, subsets, count) in reasons {
        let mut by_subset: Vec<(&String, &usize)> = subsets.iter().collect();
        by_subset.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let breakdown: Vec<String> = by_subset.iter().map(|(subset, n)| format!("{subset} {n}")).collect();
        println!("| `{reason}` | {count} | {} |", breakdown.join(", "));
    }
}

fn print_subset_row(name: &str, subset: &Subset) {
    println!(
        "| {name} | {} | {} | {} | {} | {} | {} |",
        subset.files,
        subset.compiled,
        percent(subset.compiled, subset.files),
        subset.instances,
        subset.agreements,
        percent(subset.agreements, subset.instances)
    );
}

fn record_compile_failure(error: &SchemaError, report: &mut Report) {
    *report.failures_by_kind.entry(error.kind().as_str()).or_default() += 1;
    if error.kind() == SchemaErrorKind::UnsupportedKeyword {
        *report.first_unsupported.entry(last_token(error.schema_path())).or_default() += 1;
    }
}

fn check_instance(
    validator: &Validator,
    instance: &[u8],
    file: &str,
    index: usize,
    flagged_valid: bool,
    report: &mut Report,
) {
    report.instances += 1;
    if flagged_valid {
        report.flagged_valid += 1;
    }

    let valid = validator.is_valid(instance);
    let whole = validator.validate(instance).map(drop);
    let bytewise = validate_bytewise(validator, instance);

    if valid != bytewise.is_ok() || whole.is_ok() != bytewise.is_ok() {
        report.verdict_mismatches += 1;
    } else if whole != bytewise {
        report.rejection_mismatches += 1;
    }
    if whole != bytewise || valid != whole.is_ok() {
        report.chunking_mismatches.push(ChunkingMismatch {
            file: file.to_owned(),
            index,
            whole: whole.clone(),
            bytewise,
        });
    }

    if valid == flagged_valid {
        report.agreements += 1;
        return;
    }
    if valid {
        report.false_accepts += 1;
    } else {
        report.false_rejects += 1;
    }
    report.disagreements.push(Disagreement {
        file: file.to_owned(),
        index,
        flagged_valid,
        rejection: whole.err(),
    });
}

/// Feeds `instance` to a stream one byte at a time.
fn validate_bytewise(validator: &Validator, instance: &[u8]) -> Result<(), Rejection> {
    let mut stream = validator.stream_with(());
    for byte in instance.chunks(1) {
        stream.feed(byte)?;
    }
    stream.finish().map(drop)
}

/// Returns the last reference token of a JSON Pointer, unescaped (RFC 6901).
fn last_token(pointer: &str) -> String {
    let token = pointer.rsplit('/').next().unwrap_or(pointer);
    token.replace("~1", "/").replace("~0", "~")
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "n/a".to_owned();
    }
    format!("{:.1}%", 100.0 * part as f64 / whole as f64)
}

fn sorted_by_count(counts: &BTreeMap<String, usize>) -> Vec<(&String, &usize)> {
    let mut sorted: Vec<_> = counts.iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    sorted
}

fn print_report(dir: &Path, report: &mut Report, elapsed: Duration, list: bool) {
    println!("directory: {}", dir.display());
    println!("total time: {:.2} s", elapsed.as_secs_f64());
    println!();

    let files = report.files;
    let failed: usize = report.failures_by_kind.values().sum();
    println!("schemas:            {files}");
    println!("unreadable files:   {}", report.unreadable.len());
    println!("compiled:           {} ({})", report.compiled, percent(report.compiled, files));
    println!("failed to compile:  {failed} ({})", percent(failed, files));
    for (kind, count) in &report.failures_by_kind {
        println!("  {kind:<22} {count}");
    }
    println!(
        "  of the failures, compile with unknown_keywords set: {}",
        report.compiled_with_unknown_keywords
    );
    println!("  fail with unknown_keywords set, by kind:");
    for (kind, count) in &report.survey_failures_by_kind {
        println!("    {kind:<20} {count}");
    }
    println!();

    println!("unsupported keyword named by the compile error (one per failed schema):");
    for (keyword, count) in sorted_by_count(&report.first_unsupported) {
        println!("  {keyword:<28} {count}");
    }
    println!();
    println!("unsupported keywords anywhere in the reachable part of a schema (compiled with unknown_keywords set; schemas per keyword):");
    let survey = sorted_by_count(&report.all_unsupported);
    for (keyword, count) in survey.iter().take(SURVEY_SHOWN) {
        println!("  {keyword:<28} {count}");
    }
    if survey.len() > SURVEY_SHOWN {
        println!("  ... and {} more keywords", survey.len() - SURVEY_SHOWN);
    }
    println!();

    let instances = report.instances;
    let disagreements = report.false_accepts + report.false_rejects;
    println!("instances in all files:        {}", report.all_instances);
    println!("instances of compiled schemas: {instances}");
    println!("  flagged valid:    {}", report.flagged_valid);
    println!("  flagged invalid:  {}", instances - report.flagged_valid);
    println!("  agreements:       {} ({})", report.agreements, percent(report.agreements, instances));
    println!("  disagreements:    {disagreements} ({})", percent(disagreements, instances));
    println!("    false accepts:  {} (flagged invalid, accepted)", report.false_accepts);
    println!("    false rejects:  {} (flagged valid, rejected)", report.false_rejects);
    println!();
    println!("whole vs 1-byte chunks:");
    println!("  verdicts differ:             {}", report.verdict_mismatches);
    println!(
        "  rejections differ (both reject, with another kind, offset, path or message): {}",
        report.rejection_mismatches
    );
    println!();

    report.timings.sort_by_key(|timing| std::cmp::Reverse(timing.0));
    println!("slowest files (compile with default options, then is_valid, validate and the 1-byte stream of every instance):");
    for (time, name) in report.timings.iter().take(SLOWEST_SHOWN) {
        println!("  {:>9.2} ms  {name}", time.as_secs_f64() * 1000.0);
    }
    println!();

    println!("panics: {}", report.panics.len());
    for (name, message) in &report.panics {
        println!("  {name}: {message}");
    }
    for (name, reason) in &report.unreadable {
        println!("unreadable {name}: {reason}");
    }

    if !list {
        return;
    }
    println!();
    println!("disagreements with the valid flag:");
    for disagreement in &report.disagreements {
        let Disagreement { file, index, flagged_valid, rejection } = disagreement;
        let flag = if *flagged_valid { "valid" } else { "invalid" };
        match rejection {
            Some(rejection) => println!("  {file} #{index}: flagged {flag}, rejected: {rejection}"),
            None => println!("  {file} #{index}: flagged {flag}, accepted"),
        }
    }
    println!();
    println!("whole vs 1-byte differences:");
    for mismatch in &report.chunking_mismatches {
        println!("  {} #{}:", mismatch.file, mismatch.index);
        println!("    whole:  {}", describe(&mismatch.whole));
        println!("    1-byte: {}", describe(&mismatch.bytewise));
    }
}

fn describe(result: &Result<(), Rejection>) -> String {
    match result {
        Ok(()) => "accepted".to_owned(),
        Err(rejection) => format!("rejected: {rejection}"),
    }
}
