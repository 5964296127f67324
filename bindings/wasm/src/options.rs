//! Reads the JavaScript options object, passed as JSON text, into [`jsonseam::Options`]
//! and the [`jsonseam::Resources`] of its `resources` field.

use jsonseam::{Draft, Options, RepairMode, Resources};
use serde_json::{Map, Value};

/// Option names as JavaScript spells them, in the order the error message lists them.
const NAMES: [&str; 19] = [
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
    "maxCandidates",
    "maxPatternBytes",
    "maxRepairs",
    "maxWhitespaceRun",
    "extractWindow",
    "draft",
    "formatAssertion",
    "resources",
];

/// The settings that an options object gives.
#[derive(Debug, Default)]
pub struct Settings {
    pub options: Options,
    /// The documents of the `resources` option, which `$ref`s may point at.
    pub resources: Resources,
}

/// Builds settings from JSON text such as `{"repair": "lossless", "maxDepth": 64}`.
///
/// `strict: true` starts from [`Options::strict`] (no extraction, no repairs), and the
/// other fields then override it in any order. `maxBytes: null` means no limit. Returns
/// a message naming the offending option when a name is unknown or a value has the wrong
/// type.
pub fn parse(json: &str) -> Result<Settings, String> {
    let value: Value = serde_json::from_str(json)
        .map_err(|error| format!("options are not valid JSON: {error}"))?;
    let fields = match value {
        Value::Null => return Ok(Settings::default()),
        Value::Object(fields) => fields,
        other => {
            return Err(format!(
                "options must be an object, found {}",
                type_name(&other)
            ))
        }
    };

    let options = if flag(&fields, "strict")?.unwrap_or(false) {
        Options::strict()
    } else {
        Options::default()
    };
    let mut settings = Settings {
        options,
        resources: Resources::new(),
    };
    for (name, value) in &fields {
        if name == "resources" {
            settings.resources = resources(value)?;
        } else {
            apply(&mut settings.options, name, value)?;
        }
    }
    Ok(settings)
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
        "maxCandidates" => options.max_candidates = size(name, value)?,
        "maxPatternBytes" => options.max_pattern_bytes = size(name, value)?,
        "maxRepairs" => options.max_repairs = size(name, value)?,
        "maxWhitespaceRun" => options.max_whitespace_run = size(name, value)?,
        "extractWindow" => options.extract_window = size(name, value)?,
        "draft" => options.draft = draft(value)?,
        "formatAssertion" => options.format_assertion = boolean(name, value)?,
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

/// Reads `draft`: a short name, the `$schema` URI of a draft, or `null` for the draft that
/// the schema's `$schema` names.
fn draft(value: &Value) -> Result<Option<Draft>, String> {
    let draft = match value {
        Value::Null => return Ok(None),
        Value::String(name) => match name.as_str() {
            "4" => Some(Draft::Draft4),
            "6" => Some(Draft::Draft6),
            "7" => Some(Draft::Draft7),
            "2019-09" => Some(Draft::Draft201909),
            "2020-12" => Some(Draft::Draft202012),
            uri => Draft::from_uri(uri),
        },
        _ => None,
    };
    draft.map(Some).ok_or_else(|| {
        format!(
            "option draft must be \"4\", \"6\", \"7\", \"2019-09\" or \"2020-12\", or the $schema URI of one of them, found {value}"
        )
    })
}

/// Reads `resources`, an object of absolute URI to schema: an object, a boolean, or JSON
/// text.
fn resources(value: &Value) -> Result<Resources, String> {
    let mut resources = Resources::new();
    let Value::Object(documents) = value else {
        return Err(format!(
            "option resources must be an object that maps absolute URIs to schemas, found {}",
            type_name(value)
        ));
    };
    for (uri, document) in documents {
        if !has_scheme(uri) {
            return Err(format!(
                "option resources: {uri:?} is not an absolute URI; give the full URI that the $refs resolve to, such as \"https://example.com/{uri}\""
            ));
        }
        let document = match document {
            Value::String(text) => serde_json::from_str(text)
                .map_err(|error| format!("option resources: the schema of {uri:?} is not valid JSON: {error}"))?,
            Value::Object(_) | Value::Bool(_) => document.clone(),
            other => {
                return Err(format!(
                    "option resources: the schema of {uri:?} must be an object, a boolean or JSON text, found {}",
                    type_name(other)
                ))
            }
        };
        resources.add(uri.clone(), document);
    }
    Ok(resources)
}

/// Whether `uri` starts with a scheme (RFC 3986: a letter, then letters, digits, `+`, `-`
/// or `.`, then `:`). A `$ref` resolves to an absolute URI, so a document registered
/// under a relative one could never be found.
fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut characters = scheme.chars();
    characters
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic())
        && characters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
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
        assert_eq!(parse("{}").unwrap().options, Options::default());
        assert_eq!(parse("null").unwrap().options, Options::default());
    }

    #[test]
    fn strict_applies_before_other_fields() {
        let options = parse(r#"{"repair": "lossy", "strict": true}"#)
            .unwrap()
            .options;
        assert!(!options.extract);
        assert_eq!(options.repair, RepairMode::Lossy);
    }

    #[test]
    fn every_field_is_read() {
        let options = parse(
            r#"{"extract": false, "allowNonFinite": true, "allowDuplicateKeys": true,
                "unknownKeywords": true, "maxDepth": 3, "maxBytes": 10, "maxStringBytes": 11,
                "maxNumberBytes": 12, "maxBufferedBytes": 13, "maxPatternBytes": 14,
                "maxRepairs": 15, "maxWhitespaceRun": 16, "extractWindow": 17, "draft": "7",
                "formatAssertion": true}"#,
        )
        .unwrap()
        .options;
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
        assert_eq!(options.draft, Some(Draft::Draft7));
        assert!(options.format_assertion);
    }

    #[test]
    fn draft_names_and_uris_are_read() {
        let cases = [
            (r#""4""#, Some(Draft::Draft4)),
            (r#""6""#, Some(Draft::Draft6)),
            (r#""2019-09""#, Some(Draft::Draft201909)),
            (r#""2020-12""#, Some(Draft::Draft202012)),
            (
                r#""http://json-schema.org/draft-04/schema#""#,
                Some(Draft::Draft4),
            ),
            (
                r#""https://json-schema.org/draft/2020-12/schema""#,
                Some(Draft::Draft202012),
            ),
            ("null", None),
        ];
        for (text, expected) in cases {
            let options = parse(&format!(r#"{{"draft": {text}}}"#)).unwrap().options;
            assert_eq!(options.draft, expected, "draft {text}");
        }
        for text in [r#""5""#, "4", r#""draft-04""#] {
            let message = parse(&format!(r#"{{"draft": {text}}}"#)).unwrap_err();
            assert!(message.contains("\"2019-09\""), "draft {text}: {message}");
        }
    }

    #[test]
    fn resources_are_read() {
        let settings = parse(
            r#"{"resources": {"https://example.com/a.json": {"type": "integer"},
                              "https://example.com/b.json": "{\"type\": \"string\"}"}}"#,
        )
        .unwrap();
        let schema = serde_json::json!({"anyOf": [{"$ref": "https://example.com/a.json"}, {"$ref": "https://example.com/b.json"}]});
        let validator =
            jsonseam::Validator::with_resources(&schema, settings.options, &settings.resources)
                .unwrap();
        assert!(validator.is_valid(b"1"));
        assert!(validator.is_valid(br#""x""#));
        assert!(!validator.is_valid(b"1.5"));
    }

    #[test]
    fn bad_resources_are_rejected() {
        let cases = [
            ("[]", "must be an object"),
            (r#"{"a.json": {}}"#, "\"a.json\" is not an absolute URI"),
            (r#"{"https://example.com/a.json": 3}"#, "found a number"),
            (
                r#"{"https://example.com/a.json": "{\"type\": "}"#,
                "is not valid JSON",
            ),
        ];
        for (resources, expected) in cases {
            let message = parse(&format!(r#"{{"resources": {resources}}}"#)).unwrap_err();
            assert!(
                message.contains(expected),
                "resources {resources}: {message}"
            );
        }
    }

    #[test]
    fn null_max_bytes_means_no_limit() {
        assert_eq!(parse(r#"{"maxBytes": null}"#).unwrap().options.max_bytes, None);
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
