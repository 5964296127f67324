//! `minLength`, `maxLength` and `pattern`: rules on string values.
//!
//! Lengths count Unicode code points, as the specification says, so a code point is
//! counted at its first UTF-8 byte. `maxLength` is decided at the first byte of the code
//! point one past the limit; `minLength` at the closing quote. `pattern` is decided at the
//! byte where its DFA dies, or at the closing quote.

use serde_json::Value;

use super::{read_count, Compiler, Context};
use crate::error::{SchemaError, SchemaErrorKind};

#[derive(Debug, Default)]
pub(crate) struct StringRules {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// Index into the schema's pattern table.
    pub pattern: Option<u32>,
    /// A `format` checked as an assertion, when the options ask for it and the format is
    /// known.
    pub format: Option<Box<str>>,
}

impl StringRules {
    /// Whether a rule needs the whole string at its closing quote: `format`, or a
    /// `pattern` that cannot be stepped byte by byte.
    pub(crate) fn needs_text(&self, patterns: &[super::Pattern]) -> bool {
        self.format.is_some() || self.pattern.is_some_and(|p| !patterns[p as usize].is_streaming())
    }
}

impl StringRules {
    pub(crate) fn compile_keyword(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
        compiler: &mut Compiler<'_>,
    ) -> Result<(), SchemaError> {
        match keyword {
            "minLength" => self.min_length = Some(read_count(keyword, value, cx)?),
            "maxLength" => self.max_length = Some(read_count(keyword, value, cx)?),
            "format" => {
                let name = value.as_str().ok_or_else(|| {
                    SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path(keyword), "format must be a string")
                })?;
                // Unknown formats are annotations in every draft.
                if super::format::known(name) {
                    self.format = Some(name.into());
                }
            }
            _ => {
                let path = cx.keyword_path(keyword);
                let source = value.as_str().ok_or_else(|| {
                    SchemaError::new(SchemaErrorKind::InvalidKeyword, &path, "pattern must be a string")
                })?;
                self.pattern = Some(compiler.add_pattern(source, &path)?);
            }
        }
        Ok(())
    }
}

/// Counts the code points that start in `bytes`, which is valid UTF-8 or a piece of it.
pub(crate) fn count_code_points(bytes: &[u8]) -> u64 {
    bytes.iter().filter(|&&b| b & 0xC0 != 0x80).count() as u64
}
