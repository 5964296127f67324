//! The official JSON-Schema-Test-Suite, all five drafts with their optional files, checked
//! against a committed baseline of outcomes (tests/conformance/baseline.tsv).
//!
//! Outcomes rank `pass` > `compile_error` > `false_reject` > `chunking_mismatch` >
//! `false_accept` > `panic` (see `harness::Outcome`). The test fails on every case whose outcome is worse than
//! its baseline, and on a case missing from the baseline whose outcome is a false accept or
//! a panic. Improvements pass and are printed as a note. `JSONSEAM_BLESS=1 cargo test
//! --test conformance` rewrites the baseline with the current outcomes.

#[path = "conformance/harness.rs"]
mod harness;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;
use std::time::Instant;

use harness::{run_suite, suite_root, Case, Outcome};

type Key = (String, String, usize, usize);

fn baseline_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/conformance/baseline.tsv")
}

fn read_baseline() -> BTreeMap<Key, Outcome> {
    let path = baseline_path();
    let text = fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!("failed to read {}: {error}; run JSONSEAM_BLESS=1 cargo test --test conformance to create it", path.display())
    });
    let mut baseline = BTreeMap::new();
    for (number, line) in text.lines().enumerate() {
        let fields: Vec<&str> = line.split('\t').collect();
        let parsed = match fields.as_slice() {
            [draft, file, group, test, outcome] => {
                match (group.parse(), test.parse(), Outcome::parse(outcome)) {
                    (Ok(group), Ok(test), Some(outcome)) => Some((((*draft).to_owned(), (*file).to_owned(), group, test), outcome)),
                    _ => None,
                }
            }
            _ => None,
        };
        let (key, outcome) = parsed.unwrap_or_else(|| {
            panic!("{}:{}: invalid baseline line {line:?}; expected draft, file, group, test and outcome separated by tabs", path.display(), number + 1)
        });
        baseline.insert(key, outcome);
    }
    baseline
}

fn write_baseline(cases: &[Case]) {
    let mut lines: Vec<String> = cases.iter().map(Case::baseline_line).collect();
    lines.sort();
    let path = baseline_path();
    fs::write(&path, lines.join("\n") + "\n").unwrap_or_else(|error| panic!("failed to write {}: {error}", path.display()));
    eprintln!("wrote {} cases to {}", lines.len(), path.display());
}

fn describe(case: &Case) -> String {
    let detail = case.detail.as_deref().map(|d| format!(": {d}")).unwrap_or_default();
    format!(
        "{} {} group {} ({:?}) test {} ({:?}){detail}",
        case.draft, case.file, case.group, case.group_description, case.test, case.test_description
    )
}

#[test]
fn suite_outcomes_match_baseline() {
    let started = Instant::now();
    let cases = run_suite(&suite_root()).unwrap_or_else(|error| panic!("{error}"));
    eprintln!("ran {} cases in {:.1} s", cases.len(), started.elapsed().as_secs_f64());
    assert!(cases.len() > 5000, "the suite has only {} cases; is the JSON-Schema-Test-Suite complete?", cases.len());

    if std::env::var_os("JSONSEAM_BLESS").is_some_and(|v| v == "1") {
        write_baseline(&cases);
        return;
    }

    let baseline = read_baseline();
    let mut regressions = Vec::new();
    let mut improvements = 0;
    let mut unlisted = 0;
    for case in &cases {
        match baseline.get(&case.key()) {
            Some(&expected) if case.outcome > expected => {
                regressions.push(format!("{} -> {}: {}", expected, case.outcome, describe(case)));
            }
            Some(&expected) if case.outcome < expected => improvements += 1,
            Some(_) => {}
            None if matches!(case.outcome, Outcome::FalseAccept | Outcome::Panic) => {
                regressions.push(format!("new case, {}: {}", case.outcome, describe(case)));
            }
            None => unlisted += 1,
        }
    }
    let current: std::collections::BTreeSet<Key> = cases.iter().map(Case::key).collect();
    let removed = baseline.keys().filter(|key| !current.contains(*key)).count();
    if improvements + unlisted + removed > 0 {
        eprintln!(
            "note: {improvements} cases improved on the baseline, {unlisted} are not in it and {removed} of it no longer exist; \
             run JSONSEAM_BLESS=1 cargo test --test conformance to record them"
        );
    }
    assert!(
        regressions.is_empty(),
        "{} cases got worse than the baseline:\n{}",
        regressions.len(),
        regressions.join("\n")
    );
}
