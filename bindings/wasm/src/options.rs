//! Reads the JavaScript options object, passed as JSON text, into [`jsonseam::Options`].

use jsonseam::{Options, RepairMode};
use serde_json::{Map, Value};

/// Option names as JavaScript spells them, in the order the error message lists them.
const NAMES: [&str; 15] = [
    "strict",
    "extract",
    "repair",
    "allowNonFinite",
    "allowDuplicateKeys",
    "unknownKeywords",
    "maxDepth",
    "maxBytes",
    "maxStringBytes",
    "maxNumberBytes",
    "maxBufferedBytes",
    "maxPatternBytes",
    "maxRepairs",
    "maxWhitespaceRun",
    "extractWindow",
];

/// Builds options from JSON text such as `{"repair": "lossless", "maxDepth": 64}`.
///
/// `strict: true` starts from [`Options::strict`] (no extraction, no repairs), and the
/// other fields then override it in any order. `maxBytes: null` means no limit. Returns
/// a message naming the offending option when a name is unknown or a value has the wrong
/// type.
pub fn parse(json: &str) -> Result<Options, String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|error| format!("options are not valid JSON: {error}"))?;
    let fields = match value {
        Value::Null => return Ok(Options::default()),
        Value::Object(fields) => fields,
        other => {
            return Err(format!(
                "options must be an object, found {}",
                type_name(&other)
            ))
        }
    };

    let mut options = if flag(&fields, "strict")?.unwrap_or(false) {
        Options::strict()
    } else {
        Options::default()
    };
    for (name, value) in &fields {
        apply(&mut options, name, value)?;
    }
    Ok(options)
}

fn apply(options: &mut Options, name: &str, value: &Value) -> Result<(), String> {
    match name {
        "strict" => {}
        "extract" => options.extract = boolean(name, value)?,
        "repair" => options.repair = repair_mode(value)?,
        "allowNonFinite" => options.allow_non_finite = boolean(name, value)?,
        "allowDuplicateKeys" => options.allow_duplicate_keys = boolean(name, value)?,
        "unknownKeywords" => options.unknown_keywords = boolean(name, value)?,
        "maxDepth" => options.max_depth = size(name, value)?,
        "maxBytes" => {
            options.max_bytes = match value {
                Value::Null => None,
                _ => Some(integer(name, value)?),
            };
        }
        "maxStringBytes" => options.max_string_bytes = size(name, value)?,
        "maxNumberBytes" => options.max_number_bytes = size(name, value)?,
        "maxBufferedBytes" => options.max_buffered_bytes = size(name, value)?,
        "maxPatternBytes" => options.max_pattern_bytes = size(name, value)?,
        "maxRepairs" => options.max_repairs = size(name, value)?,
        "maxWhitespaceRun" => options.max_whitespace_run = size(name, value)?,
        "extractWindow" => options.extract_window = size(name, value)?,
        _ => {
            return Err(format!(
                "unknown option {name:?}; the options are {}",
                NAMES.join(", ")
            ));
        }
    }
    Ok(())
}

fn flag(fields: &Map<String, Value>, name: &str) -> Result<Option<bool>, String> {
    fields
        .get(name)
        .map(|value| boolean(name, value))
        .transpose()
}

fn boolean(name: &str, value: &Value) -> Result<bool, String> {
    value.as_bool().ok_or_else(|| {
        format!(
            "option {name} must be a boolean, found {}",
            type_name(value)
        )
    })
}

fn repair_mode(value: &Value) -> Result<RepairMode, String> {
    match value.as_str() {
        Some("strict") => Ok(RepairMode::Strict),
        Some("lossless") => Ok(RepairMode::Lossless),
        Some("lossy") => Ok(RepairMode::Lossy),
        _ => Err(format!(
            "option repair must be \"strict\", \"lossless\" or \"lossy\", found {value}"
        )),
    }
}

fn integer(name: &str, value: &Value) -> Result<u64, String> {
    // JSON.stringify writes integral doubles without a fraction, so 1e3 arrives as 1000.
    value
        .as_u64()
        .ok_or_else(|| format!("option {name} must be a non-negative integer, found {value}"))
}

fn size(name: &str, value: &Value) -> Result<usize, String> {
    let number = integer(name, value)?;
    usize::try_from(number).map_err(|_| format!("option {name} is too large: {number}"))
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(parse("{}").unwrap(), Options::default());
        assert_eq!(parse("null").unwrap(), Options::default());
    }

    #[test]
    fn strict_applies_before_other_fields() {
        let options = parse(r#"{"repair": "lossy", "strict": true}"#).unwrap();
        assert!(!options.extract);
        assert_eq!(options.repair, RepairMode::Lossy);
    }

    #[test]
    fn every_field_is_read() {
        let options = parse(
            r#"{"extract": false, "allowNonFinite": true, "allowDuplicateKeys": true,
                "unknownKeywords": true, "maxDepth": 3, "maxBytes": 10, "maxStringBytes": 11,
                "maxNumberBytes": 12, "maxBufferedBytes": 13, "maxPatternBytes": 14,
                "maxRepairs": 15, "maxWhitespaceRun": 16, "extractWindow": 17}"#,
        )
        .unwrap();
        assert!(!options.extract);
        assert!(options.allow_non_finite);
        assert!(options.allow_duplicate_keys);
        assert!(options.unknown_keywords);
        assert_eq!(options.max_depth, 3);
        assert_eq!(options.max_bytes, Some(10));
        assert_eq!(options.max_string_bytes, 11);
        assert_eq!(options.max_number_bytes, 12);
        assert_eq!(options.max_buffered_bytes, 13);
        assert_eq!(options.max_pattern_bytes, 14);
        assert_eq!(options.max_repairs, 15);
        assert_eq!(options.max_whitespace_run, 16);
        assert_eq!(options.extract_window, 17);
    }

    #[test]
    fn null_max_bytes_means_no_limit() {
        assert_eq!(parse(r#"{"maxBytes": null}"#).unwrap().max_bytes, None);
    }

    #[test]
    fn unknown_name_is_rejected() {
        let message = parse(r#"{"max_depth": 3}"#).unwrap_err();
        assert!(
            message.contains("unknown option \"max_depth\""),
            "{message}"
        );
    }

    #[test]
    fn wrong_types_are_rejected() {
        assert!(parse(r#"{"maxDepth": -1}"#)
            .unwrap_err()
            .contains("maxDepth"));
        assert!(parse(r#"{"maxDepth": 1.5}"#)
            .unwrap_err()
            .contains("maxDepth"));
        assert!(parse(r#"{"extract": "yes"}"#)
            .unwrap_err()
            .contains("extract"));
        assert!(parse(r#"{"repair": "some"}"#)
            .unwrap_err()
            .contains("repair"));
        assert!(parse("[]").unwrap_err().contains("an array"));
    }
}
