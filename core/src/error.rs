//! Errors: [`SchemaError`] for a schema that cannot be compiled, [`Rejection`] for an
//! instance that cannot be valid.
//!
//! Both render as one lower-case line through `Display`. The caret snippet that shows the
//! input around a rejection comes from [`render_snippet`], never from `Display`.

use std::fmt;

/// The category of a [`Rejection`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RejectionKind {
    /// The input is not JSON: an unexpected byte, a malformed number, a raw control
    /// character or an invalid escape in a string, a lone surrogate escape, or content after
    /// the root value.
    Syntax,
    /// A byte that cannot be part of well-formed UTF-8.
    InvalidUtf8,
    /// The input is JSON so far, but no completion of it can satisfy the schema.
    Schema,
    /// An object repeats a key. Rejected unless duplicates are allowed, because a validator
    /// and a consumer may read different values for the same key.
    DuplicateKey,
    /// The input ended before the document was complete.
    Truncated,
    /// Containers are nested deeper than `max_depth`.
    DepthLimit,
    /// A string is longer than `max_string_bytes`.
    StringLimit,
    /// A number is written with more than `max_number_bytes` bytes.
    NumberLimit,
    /// The input is longer than `max_bytes`.
    SizeLimit,
    /// A value that must be held whole to be checked (an `enum` or `const` member that is
    /// an object or array) is longer than `max_buffered_bytes`.
    BufferLimit,
    /// More schema candidates alive at once than `max_candidates`: schemas with rules of
    /// their own (each member of an `anyOf`, say) applying to the open values.
    CandidateLimit,
    /// A run of whitespace longer than `max_whitespace_run`, as when a model emits newlines
    /// without end.
    WhitespaceLimit,
    /// More repairs than `max_repairs` in one document.
    RepairLimit,
    /// The input contains no JSON value that the schema's root could begin with: a refusal,
    /// or prose only.
    NoJson,
}

impl RejectionKind {
    /// The stable snake-case name used in reports and by the bindings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Syntax => "syntax",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::Schema => "schema",
            Self::DuplicateKey => "duplicate_key",
            Self::Truncated => "truncated",
            Self::DepthLimit => "depth_limit",
            Self::StringLimit => "string_limit",
            Self::NumberLimit => "number_limit",
            Self::SizeLimit => "size_limit",
            Self::BufferLimit => "buffer_limit",
            Self::CandidateLimit => "candidate_limit",
            Self::WhitespaceLimit => "whitespace_limit",
            Self::RepairLimit => "repair_limit",
            Self::NoJson => "no_json",
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Self::Syntax => "invalid JSON",
            Self::InvalidUtf8 => "invalid UTF-8",
            Self::Schema => "schema violation",
            Self::DuplicateKey => "duplicate key",
            Self::Truncated => "truncated input",
            Self::DepthLimit => "nesting too deep",
            Self::StringLimit => "string too long",
            Self::NumberLimit => "number too long",
            Self::SizeLimit => "input too long",
            Self::BufferLimit => "buffered value too long",
            Self::CandidateLimit => "too many schema candidates",
            Self::WhitespaceLimit => "whitespace run too long",
            Self::RepairLimit => "too many repairs",
            Self::NoJson => "no JSON in the input",
        }
    }
}

impl fmt::Display for RejectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an instance cannot be valid, and where that became certain.
///
/// `offset` is the first byte of the input after which no valid document can follow. For a
/// [`RejectionKind::Truncated`] rejection it is the length of the input.
///
/// The details sit behind one pointer, so that `Result<(), Rejection>`, which every step of
/// the lexer and the matcher returns, is one machine word: a larger error is returned
/// through memory on every call, also when nothing failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection(pub(crate) Box<RejectionDetails>);

/// The fields of a [`Rejection`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RejectionDetails {
    pub(crate) kind: RejectionKind,
    pub(crate) offset: u64,
    pub(crate) instance_path: String,
    pub(crate) schema_path: String,
    pub(crate) expected: String,
    pub(crate) found: String,
}

impl Rejection {
    pub(crate) fn new(
        kind: RejectionKind,
        offset: u64,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        Self::from_details(RejectionDetails {
            kind,
            offset,
            instance_path: String::new(),
            schema_path: String::new(),
            expected: expected.into(),
            found: found.into(),
        })
    }

    pub(crate) fn from_details(details: RejectionDetails) -> Self {
        Self(Box::new(details))
    }

    /// The category of the failure.
    #[must_use]
    pub fn kind(&self) -> RejectionKind {
        self.0.kind
    }

    /// Byte offset into the input at which the failure became certain.
    #[must_use]
    pub fn offset(&self) -> u64 {
        self.0.offset
    }

    /// JSON Pointer (RFC 6901) of the instance location: the value being written when the
    /// failure was decided, or the object or array whose keys or items are at fault.
    #[must_use]
    pub fn instance_path(&self) -> &str {
        &self.0.instance_path
    }

    /// JSON Pointer of the failing keyword inside the schema document, empty when the
    /// failure is not about a keyword (syntax, limits, truncation).
    #[must_use]
    pub fn schema_path(&self) -> &str {
        &self.0.schema_path
    }

    /// What the input should have had at `offset`.
    #[must_use]
    pub fn expected(&self) -> &str {
        &self.0.expected
    }

    /// What the input had instead.
    #[must_use]
    pub fn found(&self) -> &str {
        &self.0.found
    }

    /// `true` when the input ended early, so that more input might have made it valid.
    #[must_use]
    pub fn is_truncated(&self) -> bool {
        self.0.kind == RejectionKind::Truncated
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.0.kind.describe(), self.0.offset)?;
        if !self.0.instance_path.is_empty() {
            f.write_str(", instance path ")?;
            write_one_line(f, &self.0.instance_path)?;
        }
        if !self.0.schema_path.is_empty() {
            f.write_str(", schema path ")?;
            write_one_line(f, &self.0.schema_path)?;
        }
        f.write_str(": expected ")?;
        write_one_line(f, &self.0.expected)?;
        f.write_str(", found ")?;
        write_one_line(f, &self.0.found)
    }
}

/// Writes `text` with its control characters escaped (`\n`, `\u{7f}`), so that a key or
/// keyword that contains one keeps the message on one line.
fn write_one_line(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    for c in text.chars() {
        if c.is_control() {
            write!(f, "{}", c.escape_default())?;
        } else {
            write!(f, "{c}")?;
        }
    }
    Ok(())
}

impl std::error::Error for Rejection {}

/// The category of a [`SchemaError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SchemaErrorKind {
    /// A keyword this engine does not enforce. No keyword of the supported drafts gives it
    /// today; the kind stays so that its name remains stable.
    UnsupportedKeyword,
    /// A keyword whose value has the wrong type or is out of range.
    InvalidKeyword,
    /// A `pattern` that does not parse as ECMA-262, or that needs look-around or
    /// backreferences in a build without the `backtracking` feature.
    InvalidPattern,
    /// A `pattern` whose DFA, and whose backtracking form where the `backtracking` feature
    /// is on, would exceed `max_pattern_bytes`.
    PatternTooLarge,
    /// A `$ref` that points at nothing in this document, or at another document.
    UnresolvedReference,
    /// A `$ref` cycle that never descends into an instance value, so it would never end.
    ReferenceCycle,
    /// The schema nests deeper than the compiler's limit.
    DepthLimit,
}

impl SchemaErrorKind {
    /// The stable snake-case name used in reports and by the bindings.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::UnsupportedKeyword => "unsupported_keyword",
            Self::InvalidKeyword => "invalid_keyword",
            Self::InvalidPattern => "invalid_pattern",
            Self::PatternTooLarge => "pattern_too_large",
            Self::UnresolvedReference => "unresolved_reference",
            Self::ReferenceCycle => "reference_cycle",
            Self::DepthLimit => "depth_limit",
        }
    }
}

impl fmt::Display for SchemaErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a schema could not be compiled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    kind: SchemaErrorKind,
    schema_path: String,
    message: String,
}

impl SchemaError {
    pub(crate) fn new(kind: SchemaErrorKind, schema_path: &str, message: impl Into<String>) -> Self {
        Self {
            kind,
            schema_path: schema_path.to_owned(),
            message: message.into(),
        }
    }

    /// The category of the failure.
    #[must_use]
    pub fn kind(&self) -> SchemaErrorKind {
        self.kind
    }

    /// JSON Pointer of the offending keyword inside the schema document.
    #[must_use]
    pub fn schema_path(&self) -> &str {
        &self.schema_path
    }

    /// The message without the path.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.schema_path.is_empty() { "/" } else { &self.schema_path };
        f.write_str("invalid schema at ")?;
        write_one_line(f, path)?;
        f.write_str(": ")?;
        write_one_line(f, &self.message)
    }
}

impl std::error::Error for SchemaError {}

/// Renders the line of `input` that contains the rejection's offset, with a caret under the
/// offending byte, in two lines after the one-line message.
///
/// `input_start` is the offset of `input[0]` in the whole input, so a caller that keeps only
/// a window of a long stream can still render it; line numbers then count from the start of
/// the window. An offset outside the window renders the message alone. Long lines are cut to about 80 columns around the caret; bytes that are
/// not printable ASCII are shown as `.` so the caret stays aligned.
#[must_use]
pub fn render_snippet(rejection: &Rejection, input: &[u8], input_start: u64) -> String {
    render_snippet_from_line(rejection, input, input_start, 1)
}

/// Renders a snippet as [`render_snippet`] does, for a window of input whose first byte is
/// on line `first_line` (counting from 1).
#[must_use]
pub fn render_snippet_from_line(rejection: &Rejection, input: &[u8], input_start: u64, first_line: u64) -> String {
    const WIDTH: usize = 80;
    let mut out = rejection.to_string();
    let Some(position) = rejection
        .offset()
        .checked_sub(input_start)
        .and_then(|p| usize::try_from(p).ok())
        .filter(|&p| p <= input.len())
    else {
        return out;
    };

    let line_start = input[..position]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line_end = input[position..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(input.len(), |i| position + i);

    let from = position.saturating_sub(WIDTH / 2).max(line_start);
    let to = (from + WIDTH).min(line_end);
    let shown: String = input[from..to]
        .iter()
        .map(|&b| if (0x20..0x7f).contains(&b) { b as char } else { '.' })
        .collect();
    let line_number = (memchr::memchr_iter(b'\n', &input[..position]).count() as u64).saturating_add(first_line);
    let gutter = format!("{line_number} | ");

    out.push('\n');
    out.push_str(&gutter);
    out.push_str(&shown);
    out.push('\n');
    out.push_str(&" ".repeat(gutter.len() + position - from));
    out.push('^');
    out
}
