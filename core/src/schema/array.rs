//! `prefixItems`, `items`, `additionalItems`, `minItems`, `maxItems`, `contains`,
//! `minContains`, `maxContains` and `uniqueItems`: rules on array values.
//!
//! `contains` is matched against each item as it streams; `maxContains` is decided at the
//! end of the item one past the limit, `minContains` at the closing `]`. `uniqueItems`
//! keeps a 128-bit hash of each item's canonical form (keys sorted, numbers compared by
//! value) and is decided at the end of the first item equal to an earlier one.
//!
//! The draft-04 form of `items`, an array of schemas, is read as `prefixItems`, and
//! `additionalItems` then plays the part of `items`. `maxItems`, and `items: false` after
//! the prefix, are decided at the comma that would open one item too many; `minItems` at
//! the closing `]`.

use serde_json::{Map, Value};

use super::{read_count, Compiler, Context, NodeId};
use crate::error::{SchemaError, SchemaErrorKind};

/// What applies to the items after the prefix.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rest {
    #[default]
    Any,
    /// `items: false`: no item past the prefix.
    Closed,
    Schema(NodeId),
}

#[derive(Debug, Default)]
pub(crate) struct ArrayRules {
    pub prefix: Vec<NodeId>,
    pub rest: Rest,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// The keyword that `rest` came from, for the schema path of a failure.
    pub rest_keyword: &'static str,
    pub contains: Option<NodeId>,
    /// `minContains`; 1 when only `contains` is given.
    pub min_contains: Option<u64>,
    pub max_contains: Option<u64>,
    pub unique_items: bool,
    /// `unevaluatedItems`, when it constrains anything.
    pub unevaluated: Option<NodeId>,
    /// Whether every item counts as evaluated here: `items` after the prefix is present.
    pub evaluates_all: bool,
    /// Whether `unevaluatedItems` is present: to a schema around this one, every item counts
    /// as evaluated.
    pub unevaluated_present: bool,
}

impl ArrayRules {
    /// Whether these rules evaluate item `index` whatever its value, in the sense of
    /// `unevaluatedItems`, when their schema passes: for the schema's own
    /// `unevaluatedItems` (`outer` false), or for one in a schema around it.
    pub(crate) fn evaluates(&self, index: u64, outer: bool) -> bool {
        self.evaluates_all || (outer && self.unevaluated_present) || index < self.prefix.len() as u64
    }
}

impl ArrayRules {
    pub(crate) fn compile_keyword(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
        compiler: &mut Compiler<'_>,
    ) -> Result<(), SchemaError> {
        let invalid = |message: &str| {
            SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path(keyword), message)
        };
        match keyword {
            "minItems" => self.min_items = Some(read_count(keyword, value, cx)?),
            "minContains" => self.min_contains = Some(read_count(keyword, value, cx)?),
            "maxContains" => self.max_contains = Some(read_count(keyword, value, cx)?),
            "uniqueItems" => {
                self.unique_items = value.as_bool().ok_or_else(|| invalid("uniqueItems must be a boolean"))?;
            }
            "unevaluatedItems" => {
                self.unevaluated_present = true;
                self.unevaluated = match value {
                    Value::Bool(true) => None,
                    Value::Object(map) if map.is_empty() => None,
                    Value::Bool(false) | Value::Object(_) => Some(compiler.subschema(cx.path, keyword, None)),
                    _ => return Err(invalid("unevaluatedItems must be a schema")),
                };
            }
            "contains" => {
                if !(value.is_object() || value.is_boolean()) {
                    return Err(invalid("contains must be a schema"));
                }
                self.contains = Some(compiler.subschema(cx.path, keyword, None));
            }
            "maxItems" => self.max_items = Some(read_count(keyword, value, cx)?),
            "prefixItems" => {
                let members = value.as_array().ok_or_else(|| invalid("prefixItems must be an array of schemas"))?;
                self.prefix = (0..members.len())
                    .map(|i| compiler.subschema(cx.path, keyword, Some(&i.to_string())))
                    .collect();
            }
            // `items` and `additionalItems` depend on each other: see `compile_items`.
            _ => {}
        }
        Ok(())
    }

}

/// Compiles `items` and `additionalItems` into the rules.
pub(crate) fn compile_items(
    rules: &mut ArrayRules,
    map: &Map<String, Value>,
    cx: &Context<'_>,
    compiler: &mut Compiler<'_>,
) -> Result<(), SchemaError> {
    let rest_of = |keyword: &str, value: &Value, compiler: &mut Compiler<'_>| -> Result<Rest, SchemaError> {
        Ok(match value {
            Value::Bool(true) => Rest::Any,
            Value::Bool(false) => Rest::Closed,
            Value::Object(m) if m.is_empty() => Rest::Any,
            Value::Object(_) => Rest::Schema(compiler.subschema(cx.path, keyword, None)),
            _ => {
                return Err(SchemaError::new(
                    SchemaErrorKind::InvalidKeyword,
                    &cx.keyword_path(keyword),
                    format!("{keyword} must be a schema"),
                ))
            }
        })
    };
    match map.get("items") {
        Some(Value::Array(members)) => {
            if map.contains_key("prefixItems") {
                return Err(SchemaError::new(
                    SchemaErrorKind::InvalidKeyword,
                    &cx.keyword_path("items"),
                    "items must be a schema when prefixItems is present",
                ));
            }
            rules.prefix = (0..members.len())
                .map(|i| compiler.subschema(cx.path, "items", Some(&i.to_string())))
                .collect();
            if let Some(additional) = map.get("additionalItems") {
                rules.rest = rest_of("additionalItems", additional, compiler)?;
                rules.rest_keyword = "additionalItems";
                rules.evaluates_all = true;
            }
        }
        Some(items) => {
            rules.rest = rest_of("items", items, compiler)?;
            rules.rest_keyword = "items";
            rules.evaluates_all = true;
        }
        // Without an array-form `items`, `additionalItems` has no effect.
        None => {}
    }
    Ok(())
}
