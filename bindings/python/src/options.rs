//! The keyword arguments of `Validator` and the core `Options` they set. An argument left
//! at `None` keeps the core's default, so the defaults are stated once, in the core.

use jsonseam::{Draft, Options, RepairMode};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

/// The keyword arguments, each `None` when the caller did not set it.
#[derive(Debug, Default)]
pub struct OptionArgs<'a> {
    pub repair: Option<&'a str>,
    pub extract: Option<bool>,
    pub max_depth: Option<usize>,
    pub max_bytes: Option<u64>,
    pub allow_duplicate_keys: Option<bool>,
    pub allow_non_finite: Option<bool>,
    pub unknown_keywords: Option<bool>,
    pub max_string_bytes: Option<usize>,
    pub max_number_bytes: Option<usize>,
    pub max_buffered_bytes: Option<usize>,
    pub max_candidates: Option<usize>,
    pub max_pattern_bytes: Option<usize>,
    pub max_repairs: Option<usize>,
    pub max_whitespace_run: Option<usize>,
    pub extract_window: Option<usize>,
    pub draft: Option<&'a str>,
    pub format_assertion: Option<bool>,
}

/// Builds the core options from the arguments.
pub fn build_options(args: &OptionArgs<'_>) -> PyResult<Options> {
    let mut options = Options::default();
    if let Some(repair) = args.repair {
        options.repair = repair_mode(repair)?;
    }
    set(&mut options.extract, args.extract);
    set(&mut options.max_depth, args.max_depth);
    if args.max_bytes.is_some() {
        options.max_bytes = args.max_bytes;
    }
    set(&mut options.allow_duplicate_keys, args.allow_duplicate_keys);
    set(&mut options.allow_non_finite, args.allow_non_finite);
    set(&mut options.unknown_keywords, args.unknown_keywords);
    set(&mut options.max_string_bytes, args.max_string_bytes);
    set(&mut options.max_number_bytes, args.max_number_bytes);
    set(&mut options.max_buffered_bytes, args.max_buffered_bytes);
    set(&mut options.max_candidates, args.max_candidates);
    set(&mut options.max_pattern_bytes, args.max_pattern_bytes);
    set(&mut options.max_repairs, args.max_repairs);
    set(&mut options.max_whitespace_run, args.max_whitespace_run);
    set(&mut options.extract_window, args.extract_window);
    if let Some(draft) = args.draft {
        options.draft = Some(draft_from_name(draft)?);
    }
    set(&mut options.format_assertion, args.format_assertion);
    Ok(options)
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}

/// The Python name of each repair mode. `none` is the core's `RepairMode::Strict`.
const REPAIR_MODES: [(&str, RepairMode); 3] = [
    ("none", RepairMode::Strict),
    ("lossless", RepairMode::Lossless),
    ("lossy", RepairMode::Lossy),
];

fn repair_mode(name: &str) -> PyResult<RepairMode> {
    REPAIR_MODES
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, mode)| *mode)
        .ok_or_else(|| PyValueError::new_err(format!("repair must be 'none', 'lossless' or 'lossy', not {name:?}")))
}

pub fn repair_name(mode: RepairMode) -> &'static str {
    REPAIR_MODES
        .iter()
        .find(|(_, known)| *known == mode)
        .map_or("lossless", |(name, _)| name)
}

/// The Python name of each draft, as JSON Schema's documents name them.
const DRAFTS: [(&str, Draft); 5] = [
    ("4", Draft::Draft4),
    ("6", Draft::Draft6),
    ("7", Draft::Draft7),
    ("2019-09", Draft::Draft201909),
    ("2020-12", Draft::Draft202012),
];

/// Reads a draft from its short name or from the `$schema` URI that names it.
fn draft_from_name(name: &str) -> PyResult<Draft> {
    DRAFTS
        .iter()
        .find(|(known, _)| *known == name)
        .map(|(_, draft)| *draft)
        .or_else(|| Draft::from_uri(name))
        .ok_or_else(|| {
            PyValueError::new_err(format!(
                "draft must be '4', '6', '7', '2019-09' or '2020-12', or the $schema URI of one of them, not {name:?}"
            ))
        })
}

fn draft_name(draft: Draft) -> Option<&'static str> {
    DRAFTS.iter().find(|(_, known)| *known == draft).map(|(name, _)| *name)
}

/// Returns the options as a `dict` keyed by the keyword argument names.
pub fn options_to_dict<'py>(py: Python<'py>, options: &Options) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("repair", repair_name(options.repair))?;
    dict.set_item("extract", options.extract)?;
    dict.set_item("max_depth", options.max_depth)?;
    dict.set_item("max_bytes", options.max_bytes)?;
    dict.set_item("allow_duplicate_keys", options.allow_duplicate_keys)?;
    dict.set_item("allow_non_finite", options.allow_non_finite)?;
    dict.set_item("unknown_keywords", options.unknown_keywords)?;
    dict.set_item("max_string_bytes", options.max_string_bytes)?;
    dict.set_item("max_number_bytes", options.max_number_bytes)?;
    dict.set_item("max_buffered_bytes", options.max_buffered_bytes)?;
    dict.set_item("max_candidates", options.max_candidates)?;
    dict.set_item("max_pattern_bytes", options.max_pattern_bytes)?;
    dict.set_item("max_repairs", options.max_repairs)?;
    dict.set_item("max_whitespace_run", options.max_whitespace_run)?;
    dict.set_item("extract_window", options.extract_window)?;
    dict.set_item("draft", options.draft.and_then(draft_name))?;
    dict.set_item("format_assertion", options.format_assertion)?;
    Ok(dict)
}
