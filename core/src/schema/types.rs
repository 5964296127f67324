//! `type`: the set of JSON types a value may have.

use serde_json::Value;

use super::Context;
use crate::error::{SchemaError, SchemaErrorKind};

/// The kind of a value as the lexer sees it at its first byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ValueKind {
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

impl ValueKind {
    pub(crate) const ALL: [Self; 7] = [Self::Object, Self::Array, Self::String, Self::Number, Self::True, Self::False, Self::Null];

    /// This kind's bit in a set of kinds held in a `u8`.
    pub(crate) fn bit(self) -> u8 {
        1 << self as u8
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Object => "object",
            Self::Array => "array",
            Self::String => "string",
            Self::Number => "number",
            Self::True | Self::False => "boolean",
            Self::Null => "null",
        }
    }
}

/// A bit set over the seven JSON Schema type names. `integer` is its own bit because a
/// number can only be known to be an integer when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TypeSet(u8);

impl TypeSet {
    pub const NULL: Self = Self(1);
    pub const BOOLEAN: Self = Self(2);
    pub const OBJECT: Self = Self(4);
    pub const ARRAY: Self = Self(8);
    pub const NUMBER: Self = Self(16);
    pub const INTEGER: Self = Self(32);
    pub const STRING: Self = Self(64);

    const NAMES: [(Self, &'static str); 7] = [
        (Self::NULL, "null"),
        (Self::BOOLEAN, "boolean"),
        (Self::OBJECT, "object"),
        (Self::ARRAY, "array"),
        (Self::NUMBER, "number"),
        (Self::INTEGER, "integer"),
        (Self::STRING, "string"),
    ];

    pub(crate) fn contains(self, other: Self) -> bool {
        self.0 & other.0 == other.0
    }

    pub(crate) fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }

    /// Whether a value starting as `kind` may still have one of these types.
    pub(crate) fn admits(self, kind: ValueKind) -> bool {
        let bits = match kind {
            ValueKind::Object => Self::OBJECT.0,
            ValueKind::Array => Self::ARRAY.0,
            ValueKind::String => Self::STRING.0,
            ValueKind::Number => Self::NUMBER.0 | Self::INTEGER.0,
            ValueKind::True | ValueKind::False => Self::BOOLEAN.0,
            ValueKind::Null => Self::NULL.0,
        };
        self.0 & bits != 0
    }

    /// A number is admitted but only as an integer.
    pub(crate) fn integer_only(self) -> bool {
        self.contains(Self::INTEGER) && !self.contains(Self::NUMBER)
    }

    /// The type names, joined for a message: `string or null`.
    pub(crate) fn describe(self) -> String {
        let names: Vec<&str> = Self::NAMES
            .iter()
            .filter(|(set, _)| self.contains(*set))
            .map(|(_, name)| *name)
            .collect();
        match names.len() {
            0 => "nothing".to_owned(),
            _ => names.join(" or "),
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(set, _)| *set)
    }
}

/// Compiles the value of `type`: a name or an array of names.
pub(crate) fn compile(value: &Value, cx: &Context<'_>) -> Result<TypeSet, SchemaError> {
    let invalid = |message: String| {
        SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path("type"), message)
    };
    let one = |name: &Value| -> Result<TypeSet, SchemaError> {
        let text = name
            .as_str()
            .ok_or_else(|| invalid(format!("type must be a string or an array of strings, found {name}")))?;
        TypeSet::from_name(text).ok_or_else(|| invalid(format!("unknown type name {text:?}")))
    };
    match value {
        Value::Array(names) if names.is_empty() => Err(invalid("type must not be an empty array".to_owned())),
        Value::Array(names) => names.iter().try_fold(TypeSet(0), |set, name| {
            let next = one(name)?;
            if set.contains(next) {
                return Err(invalid(format!("type lists {name} twice")));
            }
            Ok(set.union(next))
        }),
        name => one(name),
    }
}
