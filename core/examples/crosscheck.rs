//! Compares jsonseam's verdicts on the `JSONSchemaBench` instances with the `jsonschema` crate,
//! to tell a jsonseam bug from a wrong `valid` flag, a draft difference or an unchecked
//! `format`.
//!
//! ```text
//! cargo run --release -p jsonseam --example crosscheck -- [DIR]
//! ```
//!
//! For every instance of a schema that jsonseam compiles, the instance is checked by the
//! `jsonschema` crate (the version in `Cargo.lock`, 0.61.2 when this was written) in four
//! configurations:
//!
//! - `2020-12`: draft 2020-12 with `format` as an annotation, the semantics jsonseam
//!   applies to schemas of every draft;
//! - `declared`: the draft named by the schema's `$schema` (2020-12 when absent), with
//!   `format` as an annotation;
//! - `declared+format`: the declared draft with `format` asserted;
//! - `2020-12+format`: draft 2020-12 with `format` asserted, which also checks formats
//!   that the declared draft does not define (such as `uuid` in draft-06).
//!
//! An instance is printed when jsonseam's verdict differs from the `valid` flag or from the
//! `2020-12` configuration, with a class:
//!
//! - `differs from reference`: jsonseam and the `2020-12` configuration disagree, so jsonseam
//!   is suspect;
//! - `draft semantics`: the declared draft gives the flag's verdict and 2020-12 does not;
//! - `format not asserted`: only asserting `format`, under either draft, gives the flag's
//!   verdict;
//! - `flag wrong`: every configuration agrees with jsonseam;
//! - `reference build failed`: the `jsonschema` crate rejects the schema under 2020-12.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, ValidationError};
use jsonseam::Validator;
use serde_json::Value;

/// A verdict of the `jsonschema` crate, or the message of its failure to build the schema.
type Reference = Result<bool, String>;

fn main() -> ExitCode {
    let dir = std::env::args().nth(1).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/jsonschemabench"),
        PathBuf::from,
    );
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

    let mut classes: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut formats: BTreeMap<String, usize> = BTreeMap::new();
    let mut checked = 0_usize;
    for path in &paths {
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        let text = match fs::read(path) {
            Ok(text) => text,
            Err(error) => {
                eprintln!("{name}: read failed, skipped: {error}");
                continue;
            }
        };
        let file: Value = match serde_json::from_slice(&text) {
            Ok(file) => file,
            Err(error) => {
                eprintln!("{name}: invalid JSON, skipped: {error}");
                continue;
            }
        };
        let schema = &file["schema"];
        let Ok(validator) = Validator::new(schema) else {
            continue;
        };
        let declared = declared_draft(schema);
        let references = [
            build_reference(schema, Draft::Draft202012, false),
            build_reference(schema, declared, false),
            build_reference(schema, declared, true),
            build_reference(schema, Draft::Draft202012, true),
        ];

        for (index, test) in file["tests"].as_array().into_iter().flatten().enumerate() {
            let flagged_valid = test["valid"].as_bool().unwrap_or_default();
            let data = &test["data"];
            let instance = serde_json::to_vec(data).expect("a serde_json::Value serializes");
            let ours = validator.validate(&instance);
            let verdicts: Vec<Reference> = references
                .iter()
                .map(|reference| reference.as_ref().map(|v| v.is_valid(data)).map_err(Clone::clone))
                .collect();

            checked += 1;
            let class = classify(ours.is_ok(), flagged_valid, &verdicts);
            let Some(class) = class else { continue };
            *classes.entry(class).or_default() += 1;

            println!("{name} #{index}: {class}");
            println!("  description:  {}", test["description"].as_str().unwrap_or(""));
            println!("  $schema:      {}", schema.get("$schema").and_then(Value::as_str).unwrap_or("(none)"));
            println!("  flag:         {}", verdict_word(flagged_valid));
            match &ours {
                Ok(_) => println!("  jsonseam:     valid"),
                Err(rejection) => println!("  jsonseam:     invalid: {rejection}"),
            }
            for ((label, verdict), reference) in ["2020-12", "declared", "declared+format", "2020-12+format"]
                .iter()
                .zip(&verdicts)
                .zip(&references)
            {
                match (verdict, reference) {
                    (Ok(true), _) => println!("  {label:<15} valid"),
                    (Ok(false), Ok(reference)) => {
                        let first = reference.iter_errors(data).next();
                        let error = first.map_or_else(String::new, |e| format!("{e} at {:?}", e.instance_path().as_str()));
                        println!("  {label:<15} invalid: {error}");
                    }
                    (Err(message), _) | (_, Err(message)) => println!("  {label:<15} schema rejected: {message}"),
                }
            }
            if class == "format not asserted" {
                // The 2020-12 configuration also checks formats that older drafts do not define, such
                // as `uuid`.
                let failed = references[3]
                    .as_ref()
                    .map(|reference| failed_formats(reference, data))
                    .unwrap_or_default();
                let failed = if failed.is_empty() { "(not found)".to_owned() } else { failed.join(", ") };
                println!("  formats:      {failed}");
                *formats.entry(failed).or_default() += 1;
            }
        }
    }

    println!();
    println!("instances of compiled schemas checked: {checked}");
    println!(
        "jsonseam differs from the 2020-12 configuration: {}",
        classes.get("differs from reference").copied().unwrap_or(0)
    );
    println!("instances printed, by class:");
    for (class, count) in &classes {
        println!("  {class:<26} {count}");
    }
    println!();
    println!("format not asserted, by the format that failed under 2020-12+format:");
    for (format, count) in &formats {
        println!("  {format:<26} {count}");
    }
    ExitCode::SUCCESS
}

/// Returns the draft named by the schema's `$schema`, or 2020-12 when it names none.
fn declared_draft(schema: &Value) -> Draft {
    let uri = schema.get("$schema").and_then(Value::as_str).unwrap_or("");
    if uri.contains("draft-04") {
        Draft::Draft4
    } else if uri.contains("draft-06") {
        Draft::Draft6
    } else if uri.contains("draft-07") {
        Draft::Draft7
    } else if uri.contains("2019-09") {
        Draft::Draft201909
    } else {
        Draft::Draft202012
    }
}

fn build_reference(schema: &Value, draft: Draft, formats: bool) -> Result<jsonschema::Validator, String> {
    jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(formats)
        .build(schema)
        .map_err(|error| error.to_string())
}

/// Returns the class of an instance worth printing, or `None` when jsonseam agrees with both
/// the flag and the 2020-12 reference.
fn classify(ours: bool, flagged_valid: bool, verdicts: &[Reference]) -> Option<&'static str> {
    let [reference_2020, declared, declared_format, format_2020] = verdicts else {
        unreachable!("four reference configurations");
    };
    match reference_2020 {
        Ok(valid) if *valid != ours => return Some("differs from reference"),
        Err(_) => return Some("reference build failed"),
        Ok(_) => {}
    }
    if ours == flagged_valid {
        return None;
    }
    if declared.as_ref() == Ok(&flagged_valid) {
        Some("draft semantics")
    } else if declared_format.as_ref() == Ok(&flagged_valid) || format_2020.as_ref() == Ok(&flagged_valid) {
        Some("format not asserted")
    } else {
        Some("flag wrong")
    }
}

/// Returns the names of the formats that `data` fails, including failures inside `anyOf`
/// and `oneOf` members, sorted and without repeats.
fn failed_formats(reference: &jsonschema::Validator, data: &Value) -> Vec<String> {
    fn collect(error: &ValidationError<'_>, names: &mut Vec<String>) {
        match error.kind() {
            ValidationErrorKind::Format { format } => names.push(format.clone()),
            ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
                for member in context.iter().flatten() {
                    collect(member, names);
                }
            }
            _ => {}
        }
    }

    let mut names = Vec::new();
    for error in reference.iter_errors(data) {
        collect(&error, &mut names);
    }
    names.sort();
    names.dedup();
    names
}

fn verdict_word(valid: bool) -> &'static str {
    if valid {
        "valid"
    } else {
        "invalid"
    }
}
