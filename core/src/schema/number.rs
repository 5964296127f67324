//! `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum` and `multipleOf`: rules on
//! number values, checked exactly on the decimal text at the byte that ends the number.

use serde_json::Value;

use super::Context;
use crate::options::Draft;
use crate::error::{SchemaError, SchemaErrorKind};
use crate::number::{Decimal, PlainDecimal};

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
    /// The rules again when every bound and divisor is an integer below 2^64 in magnitude,
    /// so that [`NumberRules::passes_plain`] can decide without a [`Decimal`].
    integer_bounds: Option<IntegerBounds>,
}

/// Integer forms of the bounds and the divisor, in the order of the fields above.
#[derive(Debug, Clone, Copy)]
struct IntegerBounds {
    minimum: Option<i128>,
    maximum: Option<i128>,
    exclusive_minimum: Option<i128>,
    exclusive_maximum: Option<i128>,
    multiple_of: Option<i128>,
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

    /// Applies the draft-04 boolean forms once every keyword has been read, and keeps the
    /// integer forms of the bounds when they all have one.
    pub(crate) fn finish(&mut self) {
        self.apply_draft4_exclusive();
        self.integer_bounds = self.integer_forms();
    }

    /// Returns the integer forms of the bounds and the divisor, or `None` when one of them
    /// has none.
    fn integer_forms(&self) -> Option<IntegerBounds> {
        let integer = |bound: &Option<Decimal>| match bound {
            None => Some(None),
            Some(bound) => bound.to_small_integer().map(Some),
        };
        Some(IntegerBounds {
            minimum: integer(&self.minimum)?,
            maximum: integer(&self.maximum)?,
            exclusive_minimum: integer(&self.exclusive_minimum)?,
            exclusive_maximum: integer(&self.exclusive_maximum)?,
            multiple_of: integer(&self.multiple_of)?,
        })
    }

    /// Turns the draft-04 boolean forms into exclusive bounds.
    fn apply_draft4_exclusive(&mut self) {
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

    /// Returns whether a number written as `value` passes every rule, decided exactly in
    /// integers. Returns `false` when it fails or when the bounds have no integer form. The
    /// caller then runs [`NumberRules::check`], which also reports why it failed.
    pub(crate) fn passes_plain(&self, value: PlainDecimal) -> bool {
        let Some(bounds) = &self.integer_bounds else {
            return false;
        };
        // Bounds are below 2^64 and the unit at most 10^18, so the products fit `i128`.
        let unit = value.unit();
        let satisfies = |bound: Option<i128>, relation: fn(&i128, &i128) -> bool| bound.is_none_or(|bound| relation(&value.mantissa, &(bound * unit)));
        satisfies(bounds.minimum, i128::ge)
            && satisfies(bounds.maximum, i128::le)
            && satisfies(bounds.exclusive_minimum, i128::gt)
            && satisfies(bounds.exclusive_maximum, i128::lt)
            && satisfies(bounds.multiple_of, |value, divisor| value % divisor == 0)
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

#[cfg(test)]
mod tests {
    use super::NumberRules;
    use crate::number::{Decimal, PlainDecimal};

    fn decimal(text: &str) -> Decimal {
        Decimal::parse(text.as_bytes()).unwrap()
    }

    const VALUES: [&str; 25] = [
        "-180", "-180.0", "-180.0000001", "-179.99999999999999999", "-1", "-0", "0", "0.0", "0.5", "7", "14",
        "21.000", "7.5", "89.99999999999999", "90", "90.00000000000000001", "180", "180.5", "1e2", "10E-1",
        "1234567890123456789", "12345678901234567890", "0.123456789012345678", "-00.10", "18446744073709551615",
    ];

    /// Builds every single-keyword rule over a list of integer bounds and one fractional bound.
    fn rules() -> Vec<(String, NumberRules)> {
        let bounds = ["-180", "-1", "0", "1", "7", "90", "180", "1e18", "-1e18", "18446744073709551615", "1e20", "0.5"];
        let mut all = Vec::new();
        for bound in bounds {
            for keyword in ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"] {
                let mut rules = NumberRules::default();
                let value = Some(decimal(bound));
                match keyword {
                    "minimum" => rules.minimum = value,
                    "maximum" => rules.maximum = value,
                    "exclusiveMinimum" => rules.exclusive_minimum = value,
                    "exclusiveMaximum" => rules.exclusive_maximum = value,
                    _ if decimal(bound).is_negative() || decimal(bound).is_zero() => continue,
                    _ => rules.multiple_of = value,
                }
                rules.finish();
                all.push((format!("{keyword}: {bound}"), rules));
            }
        }
        all
    }

    #[test]
    fn plain_reading_equals_the_decimal() {
        for text in VALUES {
            let Some(plain) = PlainDecimal::parse(text.as_bytes()) else {
                continue;
            };
            let rebuilt = decimal(&format!("{}e-{}", plain.mantissa, plain.scale));
            assert_eq!(rebuilt, decimal(text), "{text}");
            assert_eq!(plain.is_integer(), decimal(text).is_integer(), "{text}");
        }
        for unread in ["1e2", "10E-1", "12345678901234567890", "1.2345678901234567890", "0.1234567890123456789", "", "-", ".5", "5.", "1.2.3"] {
            assert_eq!(PlainDecimal::parse(unread.as_bytes()), None, "{unread}");
        }
    }

    #[test]
    fn plain_check_agrees_with_the_exact_check() {
        for (rule, rules) in rules() {
            for text in VALUES {
                let exact = rules.check(&decimal(text)).is_ok();
                let Some(plain) = PlainDecimal::parse(text.as_bytes()) else {
                    continue;
                };
                let quick = rules.passes_plain(plain);
                // The quick check may decline, but never passes a failing number.
                assert!(!quick || exact, "{rule}, {text}: passed a failing number");
                if rules.integer_bounds.is_some() {
                    assert_eq!(quick, exact, "{rule}, {text}");
                }
            }
        }
    }
}
