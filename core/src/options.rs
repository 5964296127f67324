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
    /// Maximum length of a string, key or value, in bytes after decoding escapes. Default 16 MiB. Keys
    /// are held whole while their object is open; value strings are held only by a sink
    /// that writes text.
    pub max_string_bytes: usize,
    /// Maximum length of a number, in bytes as written. Default 4096. Numbers are held whole until they
    /// end, so that bounds can be checked exactly.
    pub max_number_bytes: usize,
    /// Maximum length of the input, in bytes, including whitespace. Default `None` (no limit).
    pub max_bytes: Option<u64>,
    /// Maximum length of a value held whole to compare it with an `enum` or `const` member that is an
    /// object or an array, and of the item hashes that `uniqueItems` keeps (16 bytes per
    /// item). Default 1 MiB.
    pub max_buffered_bytes: usize,
    /// Maximum number of schema candidates alive at once: one for each schema with rules
    /// of its own (an `anyOf` member, a `$ref` target, ...) that applies to an open value,
    /// summed over the open values. Default 100,000. Each costs about 150 bytes, and the
    /// work per byte grows with the candidates of the innermost value. Schemas of nested
    /// `anyOf` over similar objects multiply them; exceeding the limit is a
    /// [`crate::RejectionKind::CandidateLimit`] rejection.
    pub max_candidates: usize,
    /// Accept objects that repeat a key. Default `false`: a repeated key is a
    /// [`crate::RejectionKind::DuplicateKey`] rejection, because RFC 8259 leaves its meaning
    /// open and a consumer may keep a different occurrence than the validator checked.
    /// NOTE: with repeats allowed, `minProperties` and `maxProperties` count every occurrence.
    pub allow_duplicate_keys: bool,
    /// Has no effect, and is kept so that code that sets it still compiles. It used to let
    /// schemas with unenforced validation keywords compile; every validation keyword of
    /// drafts 4 to 2020-12 is enforced now. Keywords that no draft defines (`x-order`,
    /// `javaType`, a misspelt `requird`) are annotations: they compile, unenforced, and are
    /// listed by [`crate::Validator::unchecked_keywords`].
    pub unknown_keywords: bool,
    /// Largest DFA, in bytes, that one `pattern` may compile to. Default 1 MiB.
    pub max_pattern_bytes: usize,
    /// Find the JSON inside model output: strip prose, markdown fences, XML-like tags and
    /// a byte-order mark around it. Default `true`. Without it, the input must be the
    /// document alone. A `<think>`, `<thinking>` or `<reasoning>` block before the answer
    /// is stripped as prose, and JSON inside it is never taken for the answer. These tags
    /// may carry attributes (`<think type="draft">`).
    pub extract: bool,
    /// The repairs the lexer may make. Default [`RepairMode::Lossless`].
    pub repair: RepairMode,
    /// Write `NaN` and `Infinity` as `null`, a lossy repair. Default `false`: they are
    /// rejected. Takes effect only with [`RepairMode::Lossless`] or [`RepairMode::Lossy`].
    pub allow_non_finite: bool,
    /// Maximum number of repairs in one document. Default 10,000. Each costs one report entry of a few
    /// dozen bytes.
    pub max_repairs: usize,
    /// Maximum run of whitespace between lexemes, in bytes. Default 65,536. A model in a
    /// JSON mode can emit newlines without end; this stops it.
    pub max_whitespace_run: usize,
    /// How far into a candidate that sits in prose the extractor may still abandon it for
    /// the next one, in bytes. Default 1024. Each abandonment reads the candidate's bytes
    /// again, so the cost is up to this many bytes read again per abandoned candidate.
    pub extract_window: usize,
    /// The JSON Schema draft to read schemas as. Default `None`: the draft named by the
    /// schema's `$schema`, and for a schema without one, draft 2020-12 that also accepts the
    /// draft-04 forms whose meaning is unambiguous (see [`Draft`]).
    pub draft: Option<Draft>,
    /// Check `format` as an assertion: a string of a known format that does not conform
    /// fails. Default `false`, as draft 2020-12 specifies: `format` is then an annotation
    /// only. Unknown formats are always ignored.
    pub format_assertion: bool,
}

/// A JSON Schema draft, the dialect a schema is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Draft {
    /// Draft 4 (`http://json-schema.org/draft-04/schema#`).
    Draft4,
    /// Draft 6 (`http://json-schema.org/draft-06/schema#`).
    Draft6,
    /// Draft 7 (`http://json-schema.org/draft-07/schema#`).
    Draft7,
    /// Draft 2019-09 (`https://json-schema.org/draft/2019-09/schema`).
    Draft201909,
    /// Draft 2020-12 (`https://json-schema.org/draft/2020-12/schema`).
    Draft202012,
}

impl Draft {
    /// The draft that a `$schema` URI names, if it names one of the supported drafts.
    /// A trailing `#` and the scheme (`http` or `https`) are ignored.
    #[must_use]
    pub fn from_uri(uri: &str) -> Option<Self> {
        let uri = uri.trim_end_matches('#');
        let rest = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))?;
        match rest {
            "json-schema.org/draft-04/schema" => Some(Self::Draft4),
            "json-schema.org/draft-06/schema" => Some(Self::Draft6),
            "json-schema.org/draft-07/schema" => Some(Self::Draft7),
            "json-schema.org/draft/2019-09/schema" => Some(Self::Draft201909),
            "json-schema.org/draft/2020-12/schema" => Some(Self::Draft202012),
            _ => None,
        }
    }
}

/// The set of repairs the lexer may make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RepairMode {
    /// None: the document must be RFC 8259 JSON.
    Strict,
    /// Syntax repairs that keep the meaning: commas, quotes, comments, literals, escapes.
    #[default]
    Lossless,
    /// Lossless repairs, and closing a document cut off before its end when the result
    /// validates; the report's status is then `truncated`.
    Lossy,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            max_depth: 128,
            max_string_bytes: 16 << 20,
            max_number_bytes: 4096,
            max_bytes: None,
            max_buffered_bytes: 1 << 20,
            max_candidates: 100_000,
            allow_duplicate_keys: false,
            unknown_keywords: false,
            max_pattern_bytes: 1 << 20,
            extract: true,
            repair: RepairMode::Lossless,
            allow_non_finite: false,
            max_repairs: 10_000,
            max_whitespace_run: 1 << 16,
            extract_window: 1024,
            draft: None,
            format_assertion: false,
        }
    }
}

impl Options {
    /// Options for RFC 8259 input only: no extraction and no repairs, with the default
    /// limits.
    #[must_use]
    pub fn strict() -> Self {
        Self {
            extract: false,
            repair: RepairMode::Strict,
            ..Self::default()
        }
    }
}
