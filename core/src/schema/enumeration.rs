//! `enum` and `const`: the value must equal one member.
//!
//! Members are split by type so each is checked at the earliest byte. Strings are kept
//! sorted, and a string value narrows a range of that list byte by byte, so a value that
//! leaves every member is rejected at that byte. Literals are decided at their first byte,
//! numbers when they end. Objects and arrays are compared whole when they close, with the
//! specification's equality: key order does not matter and `1` equals `1.0`.

use std::cmp::Ordering;

use serde_json::Value;

use super::{Context, ValueKind};
use crate::error::{SchemaError, SchemaErrorKind};
use crate::number::Decimal;

const TRUE: u8 = 1;
const FALSE: u8 = 2;
const NULL: u8 = 4;

#[derive(Debug, Clone)]
pub(crate) struct Enumeration {
    /// `enum` or `const`, for the schema path of a failure.
    pub keyword: &'static str,
    /// String members, decoded to UTF-8, sorted and without duplicates.
    pub strings: Vec<Box<[u8]>>,
    pub numbers: Vec<Decimal>,
    literals: u8,
    /// Object and array members.
    pub containers: Vec<Value>,
    /// Every member, for intersecting `enum` with `const` and for messages.
    members: Vec<Value>,
}

impl Enumeration {
    pub(crate) fn compile(keyword: &str, value: &Value, cx: &Context<'_>) -> Result<Self, SchemaError> {
        let (keyword, members): (&'static str, Vec<Value>) = if keyword == "const" {
            ("const", vec![value.clone()])
        } else {
            let members = value.as_array().ok_or_else(|| {
                SchemaError::new(
                    SchemaErrorKind::InvalidKeyword,
                    &cx.keyword_path("enum"),
                    format!("enum must be an array, found {value}"),
                )
            })?;
            ("enum", members.clone())
        };
        Ok(Self::from_members(keyword, members))
    }

    fn from_members(keyword: &'static str, members: Vec<Value>) -> Self {
        let mut enumeration = Self {
            keyword,
            strings: Vec::new(),
            numbers: Vec::new(),
            literals: 0,
            containers: Vec::new(),
            members: Vec::new(),
        };
        for member in &members {
            match member {
                Value::String(s) => enumeration.strings.push(s.as_bytes().into()),
                Value::Number(n) => enumeration.numbers.extend(Decimal::from_json(n)),
                Value::Bool(true) => enumeration.literals |= TRUE,
                Value::Bool(false) => enumeration.literals |= FALSE,
                Value::Null => enumeration.literals |= NULL,
                Value::Array(_) | Value::Object(_) => enumeration.containers.push(member.clone()),
            }
        }
        enumeration.strings.sort_unstable();
        enumeration.strings.dedup();
        enumeration.members = members;
        enumeration
    }

    /// The members of both.
    pub(crate) fn intersect(self, other: &Self) -> Self {
        let members = self
            .members
            .into_iter()
            .filter(|a| other.members.iter().any(|b| json_equal(a, b)))
            .collect();
        Self::from_members(other.keyword, members)
    }

    /// Whether some member can still equal a value that starts as `kind`.
    pub(crate) fn admits(&self, kind: ValueKind) -> bool {
        match kind {
            ValueKind::String => !self.strings.is_empty(),
            ValueKind::Number => !self.numbers.is_empty(),
            ValueKind::True => self.literals & TRUE != 0,
            ValueKind::False => self.literals & FALSE != 0,
            ValueKind::Null => self.literals & NULL != 0,
            ValueKind::Object => self.containers.iter().any(Value::is_object),
            ValueKind::Array => self.containers.iter().any(Value::is_array),
        }
    }

    /// Narrows `range`, the string members that begin with the `position` bytes seen so
    /// far, to those that continue with `run`, or returns the index of the first byte of
    /// `run` that no member continues with.
    pub(crate) fn narrow(&self, range: (u32, u32), position: usize, run: &[u8]) -> Result<(u32, u32), usize> {
        narrow_run(&self.strings, range, position, run)
    }

    /// Whether `range` holds a member exactly `length` bytes long. Such a member sorts
    /// first, being a prefix of the rest.
    pub(crate) fn has_exact(&self, range: (u32, u32), length: usize) -> bool {
        range.0 < range.1 && self.strings[range.0 as usize].len() == length
    }

    pub(crate) fn contains_number(&self, number: &Decimal) -> bool {
        self.numbers.iter().any(|m| m == number)
    }

    pub(crate) fn contains_container(&self, value: &Value) -> bool {
        self.containers.iter().any(|m| json_equal(m, value))
    }

    /// The members for a message, cut after a few.
    pub(crate) fn describe(&self) -> String {
        const SHOWN: usize = 5;
        if self.members.is_empty() {
            return "no value (the enumeration is empty)".to_owned();
        }
        let mut text: Vec<String> = self.members.iter().take(SHOWN).map(ToString::to_string).collect();
        if self.members.len() > SHOWN {
            text.push(format!("{} more", self.members.len() - SHOWN));
        }
        if self.members.len() == 1 {
            text.remove(0)
        } else {
            format!("one of {}", text.join(", "))
        }
    }
}

/// Narrows a range of a sorted list of byte strings that share a `position`-byte prefix to
/// those whose byte at `position` is `byte`.
pub(crate) fn narrow_sorted(list: &[Box<[u8]>], range: (u32, u32), position: usize, byte: u8) -> (u32, u32) {
    let slice = &list[range.0 as usize..range.1 as usize];
    let byte_at = |member: &[u8]| member.get(position).copied();
    let low = slice.partition_point(|member| byte_at(member).is_none_or(|b| b < byte));
    let high = slice.partition_point(|member| byte_at(member).is_none_or(|b| b <= byte));
    (range.0 + low as u32, range.0 + high as u32)
}

/// Narrows a range of a sorted list of byte strings that share a `position`-byte prefix to
/// those that continue with `run`. Returns the index in `run` of the first byte that no
/// member continues with when none does.
///
/// The common case costs two binary searches for the whole run; only a failing run is
/// walked byte by byte, to find where it failed.
pub(crate) fn narrow_run(list: &[Box<[u8]>], range: (u32, u32), position: usize, run: &[u8]) -> Result<(u32, u32), usize> {
    fn rest(member: &[u8], position: usize) -> &[u8] {
        member.get(position..).unwrap_or_default()
    }
    // Names and keys are short: a byte loop beats a call to memcmp per probe.
    fn compare(a: &[u8], b: &[u8]) -> (Ordering, bool) {
        for (x, y) in a.iter().zip(b) {
            if x != y {
                return (x.cmp(y), false);
            }
        }
        (a.len().cmp(&b.len()), a.len() >= b.len())
    }
    let slice = &list[range.0 as usize..range.1 as usize];
    let low = slice.partition_point(|member| compare(rest(member, position), run).0 == Ordering::Less);
    let high = slice.partition_point(|member| {
        let (order, has_prefix) = compare(rest(member, position), run);
        order == Ordering::Less || has_prefix
    });
    if low < high {
        return Ok((range.0 + low as u32, range.0 + high as u32));
    }
    let mut narrowed = range;
    for (i, &byte) in run.iter().enumerate() {
        narrowed = narrow_sorted(list, narrowed, position + i, byte);
        if narrowed.0 == narrowed.1 {
            return Err(i);
        }
    }
    unreachable!("a run that no member continues with has a byte where the range empties")
}

/// JSON Schema equality: numbers by value, objects regardless of key order.
pub(crate) fn json_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Number(x), Value::Number(y)) => {
            matches!((Decimal::from_json(x), Decimal::from_json(y)), (Some(x), Some(y)) if x.cmp(&y) == Ordering::Equal)
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| json_equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(key, a)| y.get(key).is_some_and(|b| json_equal(a, b)))
        }
        _ => left == right,
    }
}
