//! Compile-time and run-time settings of a [`crate::Validator`].

/// Settings for compiling a schema and validating instances against it.
///
/// Every limit has a documented default and a distinct [`crate::RejectionKind`] when it is
/// exceeded. Memory held by a stream is bounded by the nesting depth times the schema's
/// size, plus the longest key, number or buffered value, plus the keys of the open objects
/// (kept to detect duplicates).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// Deepest nesting of arrays and objects. Default 128. Each level costs one frame of a
    /// few dozen bytes plus the state of the schema nodes that apply there.
    pub max_depth: usize,
    /// Longest string, key or value, in bytes after decoding escapes. Default 16 MiB. Keys
    /// are held whole while their object is open; value strings are held only by a sink
    /// that writes text.
    pub max_string_bytes: usize,
    /// Longest number, in bytes as written. Default 4096. Numbers are held whole until they
    /// end, so that bounds can be checked exactly.
    pub max_number_bytes: usize,
    /// Longest input, in bytes, including whitespace. Default `None` (no limit).
    pub max_bytes: Option<u64>,
    /// Longest value held whole to compare it with an `enum` or `const` member that is an
    /// object or an array. Default 1 MiB.
    pub max_buffered_bytes: usize,
    /// Accept objects that repeat a key. Default `false`: a repeated key is a
    /// [`crate::RejectionKind::DuplicateKey`] rejection, because RFC 8259 leaves its meaning
    /// open and a consumer may keep a different occurrence than the validator checked.
    pub allow_duplicate_keys: bool,
    /// Compile schemas that use keywords this engine does not enforce, and list those
    /// keywords in [`crate::Validator::unchecked_keywords`] instead of failing. Default
    /// `false`: an unknown keyword is a [`crate::SchemaErrorKind::UnsupportedKeyword`] error.
    pub unknown_keywords: bool,
    /// Largest DFA, in bytes, that one `pattern` may compile to. Default 1 MiB.
    pub max_pattern_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_depth: 128,
            max_string_bytes: 16 << 20,
            max_number_bytes: 4096,
            max_bytes: None,
            max_buffered_bytes: 1 << 20,
            allow_duplicate_keys: false,
            unknown_keywords: false,
            max_pattern_bytes: 1 << 20,
        }
    }
}
