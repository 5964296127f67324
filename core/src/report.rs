//! The report of a document: what was stripped around the JSON and what was repaired in it.
//!
//! Nothing changes silently. Every byte range the extractor dropped is a [`Stripped`]
//! entry, and every change the lenient lexer made is a [`Repair`] entry with the input
//! offset, what was there and what was written instead.

use std::fmt;

/// Why a byte range of the input is not part of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StrippedKind {
    /// A UTF-8 byte-order mark at the start of the input.
    Bom,
    /// Text before the JSON, or between candidates, that is not part of a wrapper.
    Prose,
    /// A markdown code fence line: the opening one with its language tag, or the closing one.
    Fence,
    /// An XML-like wrapper tag such as `<json>` or `</output>`.
    Tag,
    /// Content after the document that is not a fence, a tag or whitespace.
    Trailing,
    /// A second JSON value after the document. It is reported, never merged.
    ExtraValue,
}

impl StrippedKind {
    /// The stable snake-case name used in reports and by the bindings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bom => "bom",
            Self::Prose => "prose",
            Self::Fence => "fence",
            Self::Tag => "tag",
            Self::Trailing => "trailing",
            Self::ExtraValue => "extra_value",
        }
    }
}

impl fmt::Display for StrippedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A byte range of the input, `start..end`, left out of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stripped {
    /// Offset of the first byte.
    pub start: u64,
    /// Offset one past the last byte.
    pub end: u64,
    /// Why the range was left out.
    pub kind: StrippedKind,
}

/// Whether a repair changes only syntax or also content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RepairClass {
    /// Syntax only: the value the model meant is unchanged.
    Lossless,
    /// Content invented or dropped, such as closing a truncated document.
    Lossy,
}

impl RepairClass {
    /// The stable snake-case name used in reports and by the bindings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Lossless => "lossless",
            Self::Lossy => "lossy",
        }
    }
}

/// What a repair fixed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RepairKind {
    /// A comma before `]` or `}`, dropped.
    TrailingComma,
    /// Two members or items without a comma between them; a comma is written.
    MissingComma,
    /// A string delimited by `'`; written with `"`.
    SingleQuotes,
    /// A string delimited by typographic quotes (`“ ”`, `‘ ’`); written with `"`.
    SmartQuotes,
    /// An object key without quotes; written quoted.
    UnquotedKey,
    /// A bare word where the schema admits a string; written quoted.
    UnquotedString,
    /// A `//`, `/* */` or `#` comment, dropped.
    Comment,
    /// Python's `True`, `False` or `None`; written as `true`, `false` or `null`.
    PythonLiteral,
    /// A raw control character inside a string; written as an escape.
    ControlCharacter,
    /// An escape JSON does not define, such as `\H`; the backslash is kept as a literal
    /// backslash (`\\H`).
    InvalidEscape,
    /// A `"` inside a string that the following bytes show is not its end; written as `\"`.
    InnerQuote,
    /// `NaN` or `Infinity`, written as `null` (lossy, and only when allowed).
    NonFiniteNumber,
    /// A document cut off before its end, closed (lossy).
    ClosedTruncation,
    /// A `...` placeholder where a member or item would be, dropped (lossy).
    DroppedPlaceholder,
    /// JavaScript's `undefined`, which has no JSON form, written as `null` (lossy).
    UndefinedValue,
    /// A document written as a string where the schema wants an object or array; its
    /// decoded content is read as the value.
    DoubleEncoded,
}

impl RepairKind {
    /// The stable snake-case name used in reports and by the bindings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TrailingComma => "trailing_comma",
            Self::MissingComma => "missing_comma",
            Self::SingleQuotes => "single_quotes",
            Self::SmartQuotes => "smart_quotes",
            Self::UnquotedKey => "unquoted_key",
            Self::UnquotedString => "unquoted_string",
            Self::Comment => "comment",
            Self::PythonLiteral => "python_literal",
            Self::ControlCharacter => "control_character",
            Self::InvalidEscape => "invalid_escape",
            Self::InnerQuote => "inner_quote",
            Self::NonFiniteNumber => "non_finite_number",
            Self::ClosedTruncation => "closed_truncation",
            Self::DroppedPlaceholder => "dropped_placeholder",
            Self::UndefinedValue => "undefined_value",
            Self::DoubleEncoded => "double_encoded",
        }
    }

    /// Whether the repair changes content, not only syntax.
    #[must_use]
    pub fn class(self) -> RepairClass {
        match self {
            Self::NonFiniteNumber | Self::ClosedTruncation | Self::DroppedPlaceholder | Self::UndefinedValue => RepairClass::Lossy,
            _ => RepairClass::Lossless,
        }
    }
}

impl fmt::Display for RepairKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change the lenient lexer made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    /// What was fixed.
    pub kind: RepairKind,
    /// Offset in the input of the first byte concerned.
    pub offset: u64,
    /// The input's bytes there, as text (lossy for invalid UTF-8).
    pub original: String,
    /// What the document has instead.
    pub written: String,
}

/// The verdict of a finished document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    /// The input was the document, as is.
    Valid,
    /// The document is valid after stripping or repairs, all in the report; the class of
    /// each repair marks the lossy ones.
    Repaired,
    /// The input ended early and the document was closed by a lossy repair. It validates,
    /// but it is not the whole answer.
    Truncated,
}

impl Status {
    /// The stable snake-case name used in reports and by the bindings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Valid => "valid",
            Self::Repaired => "repaired",
            Self::Truncated => "truncated",
        }
    }
}

/// Stripped ranges kept apart on each side of the document. Past this many, a new range
/// joins the last one, which becomes prose (before the document) or trailing text (after
/// it), so that a long text full of tags cannot grow a report without bound.
pub const MAX_STRIPPED_RANGES: usize = 1024;

/// Everything stripped and repaired on the way to a document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    /// Byte ranges left out of the document, in input order. At most
    /// [`MAX_STRIPPED_RANGES`] on each side of the document: past that, each new range
    /// joins the last.
    pub stripped: Vec<Stripped>,
    /// Changes made inside the document, in input order.
    pub repairs: Vec<Repair>,
    /// Whether the document was closed after the input ended early.
    pub truncated: bool,
    /// Bytes read again after a candidate in prose was abandoned (see the extractor).
    pub rescanned_bytes: u64,
    /// The number of ranges before the document, once it has ended.
    ranges_before: Option<usize>,
}

impl Report {
    /// The status these entries give a valid document.
    #[must_use]
    pub fn status(&self) -> Status {
        if self.truncated {
            Status::Truncated
        } else if self.stripped.is_empty() && self.repairs.is_empty() {
            Status::Valid
        } else {
            Status::Repaired
        }
    }

    /// Puts entries in input order. A repair decided by a later byte, such as a trailing
    /// comma seen only at the bracket after a comment, is recorded late.
    pub(crate) fn sort(&mut self) {
        self.repairs.sort_by_key(|repair| repair.offset);
        self.stripped.sort_by_key(|range| range.start);
    }

    pub(crate) fn strip(&mut self, start: u64, end: u64, kind: StrippedKind) {
        if start == end {
            return;
        }
        let side_start = self.ranges_before.unwrap_or(0);
        let side_full = self.stripped.len() - side_start >= MAX_STRIPPED_RANGES;
        if let Some(last) = self.stripped.last_mut() {
            // Adjacent ranges of one kind read as one.
            if last.kind == kind && last.end == start {
                last.end = end;
                return;
            }
            // Only whitespace lies between ranges on one side of the document.
            if side_full && last.end <= start {
                last.end = end;
                last.kind = if self.ranges_before.is_some() { StrippedKind::Trailing } else { StrippedKind::Prose };
                return;
            }
        }
        self.stripped.push(Stripped { start, end, kind });
    }

    /// Marks the end of the document: ranges from here on are after it, and never join
    /// the ranges before it.
    pub(crate) fn document_ended(&mut self) {
        self.ranges_before = Some(self.stripped.len());
    }
}
