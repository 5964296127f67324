//! `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`: rules on
//! number values, checked exactly on the decimal text at the byte that ends the number.

use serde_json::Value;

use super::Context;
use crate::options::Draft;
use crate::error::{SchemaError, SchemaErrorKind};
use crate::number::Decimal;

#[derive(Debug, Default)]
pub(crate) struct NumberRules {
    pub minimum: Option<Decimal>,
    pub maximum: Option<Decimal>,
    pub exclusive_minimum: Option<Decimal>,
    pub exclusive_maximum: Option<Decimal>,
    pub multiple_of: Option<Decimal>,
    /// Draft-04 booleans: `exclusiveMinimum: true` makes `minimum` exclusive.
    minimum_is_exclusive: bool,
    maximum_is_exclusive: bool,
}

/// A number rule that failed: the keyword and the bound as written in the schema.
#[derive(Debug)]
pub(crate) struct NumberFailure {
    pub keyword: &'static str,
    pub expected: String,
}

impl NumberRules {
    pub(crate) fn compile_keyword(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
    ) -> Result<(), SchemaError> {
        let invalid = |message: String| {
            SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path(keyword), message)
        };
        match (keyword, value) {
            // Draft 6 made the exclusive bounds numbers; a boolean is draft 4's form.
            ("exclusiveMinimum" | "exclusiveMaximum", Value::Bool(_)) if !matches!(cx.draft, None | Some(Draft::Draft4)) => {
                return Err(invalid(format!("{keyword} must be a number in this draft (a boolean is the draft-04 form), found {value}")));
            }
            ("exclusiveMinimum", Value::Bool(flag)) => {
                self.minimum_is_exclusive = *flag;
                return Ok(());
            }
            ("exclusiveMaximum", Value::Bool(flag)) => {
                self.maximum_is_exclusive = *flag;
                return Ok(());
            }
            _ => {}
        }
        let Value::Number(number) = value else {
            return Err(invalid(format!("{keyword} must be a number, found {value}")));
        };
        let decimal = Decimal::from_json(number)
            .ok_or_else(|| invalid(format!("{keyword} must be a finite number, found {value}")))?;
        match keyword {
            "minimum" => self.minimum = Some(decimal),
            "maximum" => self.maximum = Some(decimal),
            "exclusiveMinimum" => self.exclusive_minimum = Some(decimal),
            "exclusiveMaximum" => self.exclusive_maximum = Some(decimal),
            _ => {
                if decimal.is_zero() || decimal.is_negative() {
                    return Err(invalid(format!("multipleOf must be greater than 0, found {value}")));
                }
                self.multiple_of = Some(decimal);
            }
        }
        Ok(())
    }

    /// Applies the draft-04 boolean forms once every keyword has been read.
    pub(crate) fn finish(&mut self) {
        if self.minimum_is_exclusive {
            if let Some(minimum) = self.minimum.take() {
                self.exclusive_minimum = Some(match self.exclusive_minimum.take() {
                    Some(other) if other > minimum => other,
                    _ => minimum,
                });
            }
        }
        if self.maximum_is_exclusive {
            if let Some(maximum) = self.maximum.take() {
                self.exclusive_maximum = Some(match self.exclusive_maximum.take() {
                    Some(other) if other < maximum => other,
                    _ => maximum,
                });
            }
        }
    }

    /// Checks a complete number.
    pub(crate) fn check(&self, value: &Decimal) -> Result<(), NumberFailure> {
        let fail = |keyword: &'static str, relation: &str, bound: &Decimal| NumberFailure {
            keyword,
            expected: format!("a number {relation} {}", display(bound)),
        };
        if let Some(bound) = &self.minimum {
            if value < bound {
                return Err(fail("minimum", ">=", bound));
            }
        }
        if let Some(bound) = &self.maximum {
            if value > bound {
                return Err(fail("maximum", "<=", bound));
            }
        }
        if let Some(bound) = &self.exclusive_minimum {
            if value <= bound {
                return Err(fail("exclusiveMinimum", ">", bound));
            }
        }
        if let Some(bound) = &self.exclusive_maximum {
            if value >= bound {
                return Err(fail("exclusiveMaximum", "<", bound));
            }
        }
        if let Some(divisor) = &self.multiple_of {
            if !value.is_multiple_of(divisor) {
                return Err(NumberFailure {
                    keyword: "multipleOf",
                    expected: format!("a multiple of {}", display(divisor)),
                });
            }
        }
        Ok(())
    }
}

fn display(value: &Decimal) -> String {
    let f = value.to_f64();
    if f.is_finite() {
        format!("{f}")
    } else {
        format!("{value:?}")
    }
}
