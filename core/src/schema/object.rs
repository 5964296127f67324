//! `properties`, `required`, `additionalProperties`, `minProperties` and `maxProperties`:
//! rules on object values.
//!
//! Property names are kept sorted. Under `additionalProperties: false` a key is narrowed
//! against them byte by byte, so a key that no property name begins with is rejected at
//! the byte that leaves them all. `required` and `minProperties` are decided at the closing
//! `}`; `maxProperties` at the comma that would open one member too many.

use serde_json::Value;

use super::enumeration::narrow_run;
use super::{read_count, Compiler, Context, NodeId};
use crate::error::{SchemaError, SchemaErrorKind};

/// What `additionalProperties` allows for a key not in `properties`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Additional {
    #[default]
    Any,
    /// `false`: no other key.
    Closed,
    Schema(NodeId),
}

#[derive(Debug, Default)]
pub(crate) struct ObjectRules {
    /// Property names, sorted, with the node for each value.
    pub names: Vec<Box<[u8]>>,
    pub values: Vec<NodeId>,
    /// Required names, sorted and without duplicates.
    pub required: Vec<Box<[u8]>>,
    pub additional: Additional,
    pub min_properties: Option<u64>,
    pub max_properties: Option<u64>,
    unsorted: Vec<(Box<[u8]>, NodeId)>,
}

impl ObjectRules {
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
            "properties" => {
                let map = value.as_object().ok_or_else(|| invalid("properties must be an object"))?;
                for name in map.keys() {
                    let node = compiler.subschema(cx.path, keyword, Some(name));
                    self.unsorted.push((name.as_bytes().into(), node));
                }
            }
            "required" => {
                let names = value
                    .as_array()
                    .ok_or_else(|| invalid("required must be an array of strings"))?;
                for name in names {
                    let name = name.as_str().ok_or_else(|| invalid("required must be an array of strings"))?;
                    self.required.push(name.as_bytes().into());
                }
                self.required.sort_unstable();
                self.required.dedup();
            }
            "additionalProperties" => {
                self.additional = match value {
                    Value::Bool(true) => Additional::Any,
                    Value::Bool(false) => Additional::Closed,
                    Value::Object(map) if map.is_empty() => Additional::Any,
                    Value::Object(_) => Additional::Schema(compiler.subschema(cx.path, keyword, None)),
                    _ => return Err(invalid("additionalProperties must be a schema")),
                };
            }
            "minProperties" => self.min_properties = Some(read_count(keyword, value, cx)?),
            _ => self.max_properties = Some(read_count(keyword, value, cx)?),
        }
        Ok(())
    }

    pub(crate) fn finish(&mut self) {
        self.unsorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let (names, values) = std::mem::take(&mut self.unsorted).into_iter().unzip();
        self.names = names;
        self.values = values;
    }

    /// Whether keys must be narrowed byte by byte: only a closed object can reject a key
    /// before it ends.
    pub(crate) fn narrows_keys(&self) -> bool {
        self.additional == Additional::Closed
    }

    pub(crate) fn all_names(&self) -> (u32, u32) {
        (0, self.names.len() as u32)
    }

    /// Narrows `range` to the names that continue with `run` after `position` bytes, or
    /// returns the index of the first byte of `run` that no name continues with.
    pub(crate) fn narrow(&self, range: (u32, u32), position: usize, run: &[u8]) -> Result<(u32, u32), usize> {
        narrow_run(&self.names, range, position, run)
    }

    pub(crate) fn property(&self, key: &[u8]) -> Option<NodeId> {
        self.names
            .binary_search_by(|name| name.as_ref().cmp(key))
            .ok()
            .map(|i| self.values[i])
    }

    pub(crate) fn required_index(&self, key: &[u8]) -> Option<usize> {
        self.required.binary_search_by(|name| name.as_ref().cmp(key)).ok()
    }

    /// The property names for a message, cut after a few.
    pub(crate) fn describe_names(&self) -> String {
        const SHOWN: usize = 8;
        let mut shown: Vec<String> = self
            .names
            .iter()
            .take(SHOWN)
            .map(|n| format!("{:?}", String::from_utf8_lossy(n)))
            .collect();
        if self.names.len() > SHOWN {
            shown.push(format!("{} more", self.names.len() - SHOWN));
        }
        if shown.is_empty() {
            "no key (additionalProperties is false and there are no properties)".to_owned()
        } else {
            format!("a key among {}", shown.join(", "))
        }
    }
}
