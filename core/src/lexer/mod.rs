//! The incremental lexer: strict RFC 8259 over byte chunks of any size.
//!
//! The lexer is a state machine whose whole state lives in [`Lexer`]: where in the grammar
//! it is, a stack of open containers, and the unfinished lexeme (a string's escape and
//! UTF-8 sequence, a number's text, a literal's progress). Feeding a chunk resumes from that
//! state and never looks at earlier chunks again, so a split inside `\u00e9`, inside a
//! four-byte UTF-8 sequence or between the `-` and the digits of a number gives the same
//! events as no split at all.
//!
//! The lexer reports lexemes to a [`Handler`] as they are recognized, with the byte offset
//! at which each becomes certain. String content goes out in fragments: runs of raw bytes,
//! whose byte `i` is at `at + i`, and the decoded bytes of an escape, all at the escape's last
//! byte. The handler may reject any event; the lexer then stops and returns its rejection.
//!
//! Nesting is tracked with an explicit stack capped at `max_depth`, never with recursion.
//!
//! In lenient mode the lexer also accepts the defects that [`lenient`] repairs, and reports
//! each change to the handler as a repair event. Strict input takes the same path in both
//! modes: the lenient code runs only where strict lexing would reject, plus at commas, whose
//! meaning lenient mode learns from the byte after them.

mod lenient;

use crate::error::{Rejection, RejectionKind};
use crate::report::RepairKind;
use crate::schema::ValueKind;

/// Receiver of the lexer's events. Every method may reject the input.
pub(crate) trait Handler {
    fn begin_value(&mut self, kind: ValueKind, at: u64) -> Result<(), Rejection>;
    /// Decoded string content. When `raw`, byte `i` came from input offset `at + i`;
    /// otherwise all bytes came from one escape that ended at `at`.
    fn string_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection>;
    /// The closing quote of a value string, at `at`.
    fn end_string(&mut self, at: u64) -> Result<(), Rejection>;
    fn begin_key(&mut self, at: u64) -> Result<(), Rejection>;
    fn key_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection>;
    fn end_key(&mut self, at: u64) -> Result<(), Rejection>;
    /// Receives a whole key read at once: its opening quote at `at`, its raw bytes from
    /// `at + 1`, and its closing quote at `end`. The default makes the three calls above,
    /// in order.
    fn whole_key(&mut self, at: u64, bytes: &[u8], end: u64) -> Result<(), Rejection> {
        self.begin_key(at)?;
        if !bytes.is_empty() {
            self.key_bytes(bytes, at + 1, true)?;
        }
        self.end_key(end)
    }
    /// Receives a whole string value read at once: its opening quote at `at`, its raw
    /// bytes from `at + 1`, and its closing quote at `end`. The default calls
    /// `begin_value`, `string_bytes` and `end_string`, in order.
    fn whole_string(&mut self, at: u64, bytes: &[u8], end: u64) -> Result<(), Rejection> {
        self.begin_value(ValueKind::String, at)?;
        if !bytes.is_empty() {
            self.string_bytes(bytes, at + 1, true)?;
        }
        self.end_string(end)
    }
    /// A complete number, decided at `at`: the byte after it, or the end of input.
    fn end_number(&mut self, text: &[u8], at: u64) -> Result<(), Rejection>;
    /// Receives a whole number read at once: its first byte at `at`, its text, and the
    /// byte after it at `end`. The default calls `begin_value` and `end_number`.
    fn whole_number(&mut self, at: u64, text: &[u8], end: u64) -> Result<(), Rejection> {
        self.begin_value(ValueKind::Number, at)?;
        self.end_number(text, end)
    }
    /// The last byte of `true`, `false` or `null`.
    fn end_literal(&mut self, at: u64) -> Result<(), Rejection>;
    /// Receives a whole `true`, `false` or `null` read at once: its first byte at `at` and
    /// its last at `end`. The default calls `begin_value` and `end_literal`.
    fn whole_literal(&mut self, kind: ValueKind, at: u64, end: u64) -> Result<(), Rejection> {
        self.begin_value(kind, at)?;
        self.end_literal(end)
    }
    /// A comma in an object: another member must follow.
    fn next_member(&mut self, at: u64) -> Result<(), Rejection>;
    /// A comma in an array: another item must follow.
    fn next_item(&mut self, at: u64) -> Result<(), Rejection>;
    fn end_object(&mut self, at: u64) -> Result<(), Rejection>;
    fn end_array(&mut self, at: u64) -> Result<(), Rejection>;
    /// JSON Pointer of the value being lexed, for errors; with `pending_value`, of the
    /// value about to begin in the innermost container.
    fn instance_path(&self, pending_value: bool) -> String;
    /// A change the lenient lexer made: `original` was at `offset` in the input, and the
    /// document has `written` instead.
    fn repair(&mut self, kind: RepairKind, offset: u64, original: &[u8], written: &str) -> Result<(), Rejection>;
    /// Whether the value about to begin may not be a string but may be an object or an
    /// array, so that a string there is read as a document encoded as a string.
    fn string_needs_decoding(&self) -> bool {
        false
    }
}

/// Settings the lexer applies itself.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LexerConfig {
    pub max_depth: usize,
    pub max_string_bytes: usize,
    pub max_number_bytes: usize,
    /// Maximum run of whitespace between lexemes, in bytes.
    pub max_whitespace_run: usize,
    /// Accept and repair the defects of [`lenient`].
    pub lenient: bool,
    /// Write `NaN` and `Infinity` as `null` (a lossy repair) instead of rejecting them.
    pub allow_non_finite: bool,
    /// Close a document that the input cut off, as a lossy repair.
    pub close_truncated: bool,
    /// Stop at the end of the root value and leave the rest of the input to the caller.
    pub stop_at_end: bool,
    /// Read a string where the schema wants an object or array as the document it encodes.
    pub decode_strings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// The root value, before any byte of it.
    Root,
    /// A value after `:` or after `,` in an array.
    Value,
    /// A value or `]` after `[`.
    FirstItem,
    /// A key or `}` after `{`.
    FirstKey,
    /// A key after `,` in an object.
    Key,
    Colon,
    /// `,` or the closing bracket after a value in a container.
    Separator,
    /// Only whitespace after the root value.
    End,
    String,
    Number,
    Literal,
    /// Lenient: an unquoted object key.
    BareKey,
    /// Lenient: an unquoted word in value position (`True`, `None`, `NaN`, a bare string).
    BareWord,
    /// Lenient: a comment between lexemes.
    Comment,
    /// Lenient: after a quote that may close the string or belong to it.
    QuoteLookahead,
    /// Lenient: inside the three bytes of a typographic quote that may open a string.
    SmartOpen,
    /// Lenient: after a `-` that begins a number or `-Infinity`.
    LenientMinus,
    /// Lenient: inside the three bytes of a typographic quote that may close a string.
    SmartClose,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Object,
    Array,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    None,
    /// After `\`.
    Backslash,
    /// After `\u` and `digits` hex digits of `value`.
    Unicode { digits: u8, value: u32 },
    /// After a high surrogate escape, expecting the `\` of the low one.
    LowBackslash { high: u32 },
    /// Expecting the `u` of the low surrogate escape.
    LowU { high: u32 },
    LowUnicode { high: u32, digits: u8, value: u32 },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Number {
    /// After `-`.
    Minus,
    /// A leading `0`, which no digit may follow.
    Zero,
    Integer,
    /// After `.`, expecting a digit.
    Point,
    Fraction,
    /// After `e` or `E`.
    Exponent,
    /// After the exponent's sign.
    ExponentSign,
    ExponentDigits,
}

impl Number {
    fn is_complete(self) -> bool {
        matches!(self, Self::Zero | Self::Integer | Self::Fraction | Self::ExponentDigits)
    }

    /// Returns the state after byte `b`, or `None` when `b` cannot continue the number.
    #[inline]
    fn next(self, b: u8) -> Option<Self> {
        Some(match (self, b) {
            (Self::Minus, b'0') => Self::Zero,
            (Self::Minus | Self::Integer, b'1'..=b'9') | (Self::Integer, b'0') => Self::Integer,
            (Self::Zero | Self::Integer, b'.') => Self::Point,
            (Self::Point | Self::Fraction, b'0'..=b'9') => Self::Fraction,
            (Self::Zero | Self::Integer | Self::Fraction, b'e' | b'E') => Self::Exponent,
            (Self::Exponent, b'+' | b'-') => Self::ExponentSign,
            (Self::Exponent | Self::ExponentSign | Self::ExponentDigits, b'0'..=b'9') => Self::ExponentDigits,
            _ => return None,
        })
    }
}

/// Index of the byte after the number that begins at `bytes[start]`, when the number is
/// valid, complete, and followed by a byte inside `bytes`. `None` otherwise.
#[inline]
fn number_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut state = match bytes[start] {
        b'-' => Number::Minus,
        b'0' => Number::Zero,
        b'1'..=b'9' => Number::Integer,
        _ => return None,
    };
    for (i, &b) in bytes.iter().enumerate().skip(start + 1) {
        match state.next(b) {
            Some(next) => state = next,
            None => return state.is_complete().then_some(i),
        }
    }
    None
}

/// Lexer state between chunks.
#[derive(Debug)]
pub(crate) struct Lexer {
    limits: LexerConfig,
    expect: Expect,
    stack: Vec<Container>,
    /// Offset of the first byte of the current chunk.
    base: u64,
    // The string being lexed.
    in_key: bool,
    escape: Escape,
    /// Continuation bytes still due in the current UTF-8 sequence, and the range allowed
    /// for the next one.
    utf8_due: u8,
    utf8_low: u8,
    utf8_high: u8,
    string_bytes: usize,
    // The number being lexed.
    number: Number,
    number_text: Vec<u8>,
    // The literal being lexed.
    literal: &'static [u8],
    literal_matched: usize,
    /// Whitespace bytes since the last lexeme.
    whitespace_run: usize,
    /// Whether whitespace came before the byte being lexed.
    gap: bool,
    /// Hex digits of the `\u` escape being lexed, as written.
    hex_digits: [u8; 4],
    /// State of lenient mode only.
    lenient: lenient::State,
    /// Bytes after the root value that a replay after a quote read past it, with the
    /// offset of the first; see [`Lexer::take_leftover`].
    leftover: Vec<(u64, Vec<u8>)>,
    /// The lexer of a document encoded in the string being read, which receives the
    /// string's decoded content.
    nested: Option<Box<Lexer>>,
}

pub(crate) const fn is_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// Index of the first byte at or after `i` that is not whitespace. Indented documents have
/// long runs of spaces, so eight spaces are compared at a time.
fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    const SPACES: u64 = u64::from_le_bytes([b' '; 8]);
    while let Some(window) = bytes.get(i..i + 8) {
        if u64::from_le_bytes(window.try_into().expect("eight bytes")) != SPACES {
            break;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| is_whitespace(b)) {
        i += 1;
    }
    i
}

/// Index of the first byte at or after `i` that is not plain string content: a quote, a
/// backslash, a control character or a non-ASCII byte.
fn skip_plain(bytes: &[u8], i: usize) -> usize {
    skip_string_run::<true>(bytes, i)
}

/// Index of the first byte at or after `i` that is not plain string content, where plain
/// content is valid UTF-8 without quotes, backslashes or control characters. When a
/// non-ASCII run is not valid UTF-8, returns the index of the first non-ASCII byte: the
/// byte-wise path then finds where the invalid sequence starts.
#[inline]
fn plain_string_end(bytes: &[u8], i: usize) -> usize {
    let end = skip_plain(bytes, i);
    match bytes.get(end) {
        Some(&b) if b >= 0x80 => utf8_string_end(bytes, end),
        _ => end,
    }
}

/// Finds the end of plain content for [`plain_string_end`], from `end`, its first
/// non-ASCII byte.
fn utf8_string_end(bytes: &[u8], end: usize) -> usize {
    let content_end = skip_content(bytes, end);
    if simdutf8::basic::from_utf8(&bytes[end..content_end]).is_ok() {
        content_end
    } else {
        end
    }
}

/// Index of the first byte at or after `i` that is a quote, a backslash or a control
/// character: the end of a run of string content, which may contain any other byte.
fn skip_content(bytes: &[u8], i: usize) -> usize {
    skip_string_run::<false>(bytes, i)
}

/// Index of the first byte at or after `i` that is a quote, a backslash, a control
/// character or, when `STOP_AT_NON_ASCII`, a byte with the high bit. Reads eight bytes at a
/// time.
fn skip_string_run<const STOP_AT_NON_ASCII: bool>(bytes: &[u8], mut i: usize) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let has_zero = |w: u64| w.wrapping_sub(ONES) & !w & HIGHS;
    while let Some(window) = bytes.get(i..i + 8) {
        let word = u64::from_le_bytes(window.try_into().expect("eight bytes"));
        // Bytes below 0x20, quotes and backslashes. Borrows can flag bytes above the first
        // special one, never below it, so the lowest flag is exact.
        let mut special = (word.wrapping_sub(ONES * 0x20) & !word & HIGHS)
            | has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')));
        if STOP_AT_NON_ASCII {
            special |= word & HIGHS;
        }
        if special != 0 {
            return i + (special.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&b) = bytes.get(i) {
        if b < 0x20 || b == b'"' || b == b'\\' || (STOP_AT_NON_ASCII && b >= 0x80) {
            break;
        }
        i += 1;
    }
    i
}

/// The JSON escape of a control character, as a sink writes it.
fn control_escape(b: u8) -> String {
    match b {
        0x08 => "\\b".to_owned(),
        0x0c => "\\f".to_owned(),
        b'\n' => "\\n".to_owned(),
        b'\r' => "\\r".to_owned(),
        b'\t' => "\\t".to_owned(),
        _ => format!("\\u{b:04x}"),
    }
}

/// A byte as a message shows it: `'x'` when printable ASCII, `byte 0xNN` otherwise.
pub(crate) fn describe_byte(b: u8) -> String {
    match b {
        b'\n' => "a newline".to_owned(),
        b'\r' => "a carriage return".to_owned(),
        b'\t' => "a tab".to_owned(),
        b' ' => "a space".to_owned(),
        0x21..=0x7e => format!("'{}'", b as char),
        _ => format!("byte 0x{b:02X}"),
    }
}

impl Lexer {
    pub(crate) fn new(limits: LexerConfig) -> Self {
        Self {
            limits,
            expect: Expect::Root,
            stack: Vec::new(),
            base: 0,
            in_key: false,
            escape: Escape::None,
            utf8_due: 0,
            utf8_low: 0x80,
            utf8_high: 0xBF,
            string_bytes: 0,
            number: Number::Integer,
            number_text: Vec::new(),
            literal: b"",
            literal_matched: 0,
            whitespace_run: 0,
            gap: false,
            hex_digits: [0; 4],
            lenient: lenient::State::default(),
            leftover: Vec::new(),
            nested: None,
        }
    }

    /// Places the next byte at `offset` of the input.
    pub(crate) fn set_offset(&mut self, offset: u64) {
        self.base = offset;
    }

    /// Bytes after the root value that the lexer consumed while deciding a quote, when
    /// `stop_at_end` is set: they belong to whatever follows the document.
    pub(crate) fn take_leftover(&mut self) -> Option<(u64, Vec<u8>)> {
        // The input of an outer lexer is contiguous, so its runs join into one.
        let mut runs = std::mem::take(&mut self.leftover).into_iter();
        let (start, mut bytes) = runs.next()?;
        for (_, more) in runs {
            bytes.extend_from_slice(&more);
        }
        Some((start, bytes))
    }

    /// Like [`Lexer::take_leftover`], with each run at its own offset: the runs of a lexer
    /// that reads a string's decoded content need not be contiguous.
    fn take_leftover_runs(&mut self) -> Vec<(u64, Vec<u8>)> {
        std::mem::take(&mut self.leftover)
    }

    /// Whether the root value has ended; only whitespace may follow.
    pub(crate) fn is_complete(&self) -> bool {
        self.expect == Expect::End
    }

    fn reject<H: Handler>(&self, h: &H, kind: RejectionKind, at: u64, expected: &str, found: String) -> Rejection {
        let mut rejection = Rejection::new(kind, at, expected, found);
        let pending_value = matches!(
            self.expect,
            Expect::Value | Expect::FirstItem | Expect::BareWord | Expect::SmartOpen | Expect::LenientMinus
        );
        rejection.0.instance_path = h.instance_path(pending_value);
        rejection
    }

    fn unexpected<H: Handler>(&self, h: &H, at: u64, expected: &str, b: u8) -> Rejection {
        self.reject(h, RejectionKind::Syntax, at, expected, describe_byte(b))
    }

    /// Lexes one chunk. Offsets continue from the previous chunk. Returns the number of
    /// bytes consumed: all of them, unless `stop_at_end` is set and the root value ended
    /// inside the chunk.
    pub(crate) fn feed<H: Handler>(&mut self, chunk: &[u8], h: &mut H) -> Result<usize, Rejection> {
        let consumed = self.run(chunk, h)?;
        self.base += consumed as u64;
        Ok(consumed)
    }

    /// Lexes `bytes`, whose first byte is at offset `self.base`.
    fn run<H: Handler>(&mut self, bytes: &[u8], h: &mut H) -> Result<usize, Rejection> {
        let mut i = 0;
        while i < bytes.len() {
            match self.expect {
                Expect::String => {
                    i = self.lex_string(bytes, i, h)?;
                    continue;
                }
                Expect::Number => {
                    i = self.lex_number(bytes, i, h)?;
                    continue;
                }
                Expect::Literal => {
                    i = self.lex_literal(bytes, i, h)?;
                    continue;
                }
                Expect::BareKey | Expect::BareWord => {
                    i = self.lex_bare(bytes, i, h)?;
                    continue;
                }
                Expect::Comment => {
                    i = self.lex_comment(bytes, i, h)?;
                    continue;
                }
                Expect::QuoteLookahead => {
                    i = self.lex_quote_lookahead(bytes, i, h)?;
                    continue;
                }
                Expect::SmartOpen | Expect::SmartClose => {
                    i = self.lex_smart_quote(bytes, i, h)?;
                    continue;
                }
                Expect::LenientMinus => {
                    i = self.lex_lenient_minus(bytes, i, h)?;
                    continue;
                }
                Expect::End if self.limits.stop_at_end => return Ok(i),
                _ => {}
            }
            let b = bytes[i];
            if is_whitespace(b) {
                let end = skip_whitespace(bytes, i + 1);
                let before = self.whitespace_run;
                self.whitespace_run = before.saturating_add(end - i);
                if self.whitespace_run > self.limits.max_whitespace_run {
                    // The first byte past the limit.
                    let over = i + (self.limits.max_whitespace_run - before);
                    return Err(self.whitespace_limit(self.base + over as u64, h));
                }
                i = end;
                continue;
            }
            let at = self.base + i as u64;
            self.gap = self.whitespace_run > 0;
            self.whitespace_run = 0;
            i += 1;
            if self.limits.lenient && self.lenient_byte(b, at, h)? {
                continue;
            }
            // Most keys and strings have no escapes and end in the chunk they begin in, and
            // so do most numbers and literals: read them at once, without their states.
            let whole = if b == b'"' {
                self.lex_whole_string(bytes, i, at, h)?
            } else if matches!(self.expect, Expect::Value | Expect::FirstItem) {
                self.lex_whole_scalar(bytes, i - 1, at, h)?
            } else {
                None
            };
            if let Some(end) = whole {
                i = self.after_whole_lexeme(bytes, end, h)?;
                continue;
            }
            self.strict_byte(b, at, h)?;
        }
        Ok(i)
    }

    /// Reads the `"`-quoted key or string value whose content begins at `bytes[start]` in
    /// one step, when that content is plain and ends in `bytes`, and returns the index after
    /// its closing quote. Returns `None` for anything else, which the byte-wise path reads.
    #[inline]
    fn lex_whole_string<H: Handler>(&mut self, bytes: &[u8], start: usize, at: u64, h: &mut H) -> Result<Option<usize>, Rejection> {
        let in_key = match self.expect {
            Expect::FirstKey | Expect::Key => true,
            Expect::Root | Expect::Value | Expect::FirstItem => false,
            _ => return Ok(None),
        };
        let end = plain_string_end(bytes, start);
        if bytes.get(end) != Some(&b'"') || end - start > self.limits.max_string_bytes {
            return Ok(None);
        }
        if self.limits.lenient && !self.lenient_string_is_whole(bytes, end, in_key, h) {
            return Ok(None);
        }
        let (content, end_at) = (&bytes[start..end], self.base + end as u64);
        if in_key {
            h.whole_key(at, content, end_at)?;
        } else {
            h.whole_string(at, content, end_at)?;
        }
        if self.limits.lenient {
            // Lenient repairs read the string state that the byte-wise path leaves.
            self.begin_string(in_key, b'"');
            self.string_bytes = content.len();
        }
        if in_key {
            self.expect = Expect::Colon;
        } else {
            self.value_ended();
        }
        Ok(Some(end + 1))
    }

    /// Returns whether lenient mode reads a `"`-quoted key (`in_key`) or string value, whose
    /// content is plain up to the quote at `bytes[end]`, as one string. That holds when the
    /// bytes after the quote in the chunk decide that it closes the string, and a value is
    /// not to be read as an encoded document.
    fn lenient_string_is_whole<H: Handler>(&self, bytes: &[u8], end: usize, in_key: bool, h: &H) -> bool {
        if !in_key && self.limits.decode_strings && h.string_needs_decoding() {
            return false;
        }
        self.decide_double_quote_in_chunk(&bytes[end + 1..], in_key) == Some(true)
    }

    /// Takes the punctuation that most often follows a lexeme read whole, at `bytes[i]`: the
    /// colon after a key with one space after it, or the comma after a value. Lenient mode
    /// takes neither, because it keeps a comma pending until the next lexeme. Returns the
    /// index of the next byte to lex.
    #[inline]
    fn after_whole_lexeme<H: Handler>(&mut self, bytes: &[u8], mut i: usize, h: &mut H) -> Result<usize, Rejection> {
        if self.limits.lenient {
            return Ok(i);
        }
        match (self.expect, bytes.get(i)) {
            (Expect::Colon, Some(b':')) => {
                self.gap = false;
                self.expect = Expect::Value;
                i += 1;
                if bytes.get(i) == Some(&b' ') && self.limits.max_whitespace_run > 0 {
                    self.whitespace_run = 1;
                    i += 1;
                }
            }
            (Expect::Separator, Some(b',')) => {
                self.gap = false;
                self.separator(b',', self.base + i as u64, h)?;
                i += 1;
            }
            _ => {}
        }
        Ok(i)
    }

    /// Reads the number or literal that begins at `bytes[start]`, at offset `at`, in one
    /// step when it ends inside `bytes`, ends the value and returns the index after it.
    /// Returns `None` for anything else, including invalid text: the byte-wise path then
    /// reads it, and rejects it at the same offset in every chunking.
    #[inline]
    fn lex_whole_scalar<H: Handler>(&mut self, bytes: &[u8], start: usize, at: u64, h: &mut H) -> Result<Option<usize>, Rejection> {
        let (kind, literal): (_, &[u8]) = match bytes[start] {
            b'-' | b'0'..=b'9' => {
                let Some(end) = number_end(bytes, start) else { return Ok(None) };
                if end - start > self.limits.max_number_bytes {
                    return Ok(None);
                }
                h.whole_number(at, &bytes[start..end], self.base + end as u64)?;
                self.value_ended();
                return Ok(Some(end));
            }
            _ if self.limits.lenient => return Ok(None),
            b't' => (ValueKind::True, b"true"),
            b'f' => (ValueKind::False, b"false"),
            b'n' => (ValueKind::Null, b"null"),
            _ => return Ok(None),
        };
        let end = start + literal.len();
        if bytes.get(start..end) != Some(literal) {
            return Ok(None);
        }
        h.whole_literal(kind, at, at + literal.len() as u64 - 1)?;
        self.value_ended();
        Ok(Some(end))
    }

    /// Handles a byte between lexemes as RFC 8259 defines it.
    fn strict_byte<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<(), Rejection> {
        match self.expect {
            Expect::Root | Expect::Value => self.begin_value(b, at, h)?,
            Expect::FirstItem if b == b']' => self.close(Container::Array, at, h)?,
            Expect::FirstItem => self.begin_value(b, at, h)?,
            Expect::FirstKey if b == b'}' => self.close(Container::Object, at, h)?,
            Expect::FirstKey | Expect::Key if b == b'"' => {
                h.begin_key(at)?;
                self.begin_string(true, b'"');
            }
            Expect::FirstKey => return Err(self.unexpected(h, at, "'\"' to begin a key, or '}'", b)),
            Expect::Key => return Err(self.unexpected(h, at, "'\"' to begin a key", b)),
            Expect::Colon if b == b':' => self.expect = Expect::Value,
            Expect::Colon => return Err(self.unexpected(h, at, "':' after the key", b)),
            Expect::Separator => self.separator(b, at, h)?,
            Expect::End => return Err(self.unexpected(h, at, "the end of input after the root value", b)),
            _ => unreachable!("lexeme states are handled by their own loops"),
        }
        Ok(())
    }

    fn whitespace_limit<H: Handler>(&self, at: u64, h: &H) -> Rejection {
        self.reject(
            h,
            RejectionKind::WhitespaceLimit,
            at,
            &format!(
                "at most {} whitespace bytes in a row (max_whitespace_run)",
                self.limits.max_whitespace_run
            ),
            "a longer run of whitespace".to_owned(),
        )
    }

    /// Ends the input. A number at the root ends here; anything else unfinished is
    /// truncated.
    pub(crate) fn finish<H: Handler>(&mut self, h: &mut H) -> Result<(), Rejection> {
        let at = self.base;
        if self.limits.lenient {
            self.finish_lenient(h)?;
        }
        if self.expect == Expect::Number && self.number.is_complete() && self.stack.is_empty() {
            h.end_number(&self.number_text, at)?;
            self.expect = Expect::End;
        }
        if self.expect == Expect::End {
            return Ok(());
        }
        if self.limits.close_truncated {
            let snapshot = self.truncation_rejection(h);
            if self.close_truncated(h).is_err() {
                return Err(snapshot);
            }
            return Ok(());
        }
        Err(self.truncation_rejection(h))
    }

    /// The rejection for input that ends before the document does.
    fn truncation_rejection<H: Handler>(&self, h: &H) -> Rejection {
        let at = self.base;
        let expect = match self.expect {
            Expect::Number if self.number.is_complete() => Expect::Separator,
            other => other,
        };
        let expected = match expect {
            Expect::End => "nothing",
            Expect::Root | Expect::Value => "a value",
            Expect::FirstItem => "a value or ']'",
            Expect::FirstKey => "a key or '}'",
            Expect::Key => "a key",
            Expect::Colon => "':'",
            Expect::Separator => match self.stack.last() {
                Some(Container::Object) => "',' or '}'",
                _ => "',' or ']'",
            },
            Expect::String => "the rest of the string and its closing '\"'",
            Expect::Number => "the rest of the number",
            Expect::Literal | Expect::BareWord => "the rest of the literal",
            Expect::BareKey => "the rest of the key and ':'",
            Expect::Comment => "the end of the comment",
            Expect::QuoteLookahead | Expect::SmartClose => "the rest of the string",
            Expect::SmartOpen => "a value",
            Expect::LenientMinus => "the rest of the number",
        };
        self.reject(h, RejectionKind::Truncated, at, expected, "the end of input".to_owned())
    }

    fn value_ended(&mut self) {
        self.expect = if self.stack.is_empty() {
            Expect::End
        } else {
            Expect::Separator
        };
    }

    fn begin_value<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<(), Rejection> {
        let kind = match b {
            b'{' => ValueKind::Object,
            b'[' => ValueKind::Array,
            b'"' => ValueKind::String,
            b'-' | b'0'..=b'9' => ValueKind::Number,
            b't' => ValueKind::True,
            b'f' => ValueKind::False,
            b'n' => ValueKind::Null,
            0xEF if at == 0 => {
                return Err(self.unexpected(h, at, "a value; a UTF-8 byte-order mark is not JSON (extraction strips it)", b))
            }
            _ => return Err(self.unexpected(h, at, "a value", b)),
        };
        if matches!(kind, ValueKind::Object | ValueKind::Array) && self.stack.len() >= self.limits.max_depth {
            return Err(self.reject(
                h,
                RejectionKind::DepthLimit,
                at,
                &format!("at most {} nested arrays and objects (max_depth)", self.limits.max_depth),
                format!("{} opening level {}", describe_byte(b), self.stack.len() + 1),
            ));
        }
        if kind == ValueKind::String && self.limits.decode_strings && h.string_needs_decoding() {
            h.repair(RepairKind::DoubleEncoded, at, b"\"", "")?;
            let mut inner = Lexer::new(LexerConfig {
                decode_strings: false,
                stop_at_end: true,
                ..self.limits
            });
            inner.set_offset(at + 1);
            self.nested = Some(Box::new(inner));
            self.begin_string(false, b'"');
            return Ok(());
        }
        h.begin_value(kind, at)?;
        match kind {
            ValueKind::Object => {
                self.stack.push(Container::Object);
                self.expect = Expect::FirstKey;
            }
            ValueKind::Array => {
                self.stack.push(Container::Array);
                self.expect = Expect::FirstItem;
            }
            ValueKind::String => self.begin_string(false, b'"'),
            ValueKind::Number => {
                self.number = match b {
                    b'-' => Number::Minus,
                    b'0' => Number::Zero,
                    _ => Number::Integer,
                };
                self.number_text.clear();
                self.number_text.push(b);
                self.expect = Expect::Number;
            }
            ValueKind::True | ValueKind::False | ValueKind::Null => {
                self.literal = match kind {
                    ValueKind::True => b"true",
                    ValueKind::False => b"false",
                    _ => b"null",
                };
                self.literal_matched = 1;
                self.expect = Expect::Literal;
            }
        }
        Ok(())
    }

    fn separator<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<(), Rejection> {
        let top = *self.stack.last().expect("a separator is expected only inside a container");
        match (b, top) {
            (b',', Container::Object) => {
                h.next_member(at)?;
                self.expect = Expect::Key;
            }
            (b',', Container::Array) => {
                h.next_item(at)?;
                self.expect = Expect::Value;
            }
            (b'}', Container::Object) | (b']', Container::Array) => self.close(top, at, h)?,
            (_, Container::Object) => return Err(self.unexpected(h, at, "',' or '}'", b)),
            (_, Container::Array) => return Err(self.unexpected(h, at, "',' or ']'", b)),
        }
        Ok(())
    }

    fn close<H: Handler>(&mut self, container: Container, at: u64, h: &mut H) -> Result<(), Rejection> {
        match container {
            Container::Object => h.end_object(at)?,
            Container::Array => h.end_array(at)?,
        }
        self.stack.pop();
        self.value_ended();
        Ok(())
    }

    fn begin_string(&mut self, key: bool, delimiter: u8) {
        self.in_key = key;
        self.lenient.delimiter = delimiter;
        self.lenient.closing = match delimiter {
            b'"' => b"\"",
            b'\'' => b"'",
            _ => self.lenient.closing,
        };
        self.escape = Escape::None;
        self.utf8_due = 0;
        self.string_bytes = 0;
        self.expect = Expect::String;
    }

    /// Ends the string at its closing quote, at offset `at`.
    fn close_string<H: Handler>(&mut self, at: u64, h: &mut H) -> Result<(), Rejection> {
        if let Some(mut inner) = self.nested.take() {
            inner.set_offset(at);
            inner.finish(h).map_err(|mut rejection| {
                // The closing quote ends the encoded document, so more input cannot complete
                // it: it is invalid, not truncated.
                if rejection.0.kind == RejectionKind::Truncated {
                    rejection.0.kind = RejectionKind::Syntax;
                    "the closing quote of the string that encodes the document".clone_into(&mut rejection.0.found);
                }
                rejection
            })?;
            self.value_ended();
            return Ok(());
        }
        if self.in_key {
            h.end_key(at)?;
            self.expect = Expect::Colon;
        } else {
            h.end_string(at)?;
            self.value_ended();
        }
        Ok(())
    }

    /// Sends raw string content `chunk[from..to]` to the handler, enforcing the string
    /// length limit.
    fn emit_raw<H: Handler>(&mut self, chunk: &[u8], from: usize, to: usize, h: &mut H) -> Result<(), Rejection> {
        if from == to {
            return Ok(());
        }
        let room = self.limits.max_string_bytes.saturating_sub(self.string_bytes);
        let allowed = (to - from).min(room);
        let at = self.base + from as u64;
        if allowed > 0 {
            let bytes = &chunk[from..from + allowed];
            if self.nested.is_some() && !self.in_key {
                self.feed_nested(bytes, at, h)?;
            } else if self.in_key {
                h.key_bytes(bytes, at, true)?;
            } else {
                h.string_bytes(bytes, at, true)?;
            }
            self.string_bytes += allowed;
        }
        if allowed < to - from {
            return Err(self.string_limit(at + allowed as u64, h));
        }
        Ok(())
    }

    fn string_limit<H: Handler>(&self, at: u64, h: &H) -> Rejection {
        self.reject(
            h,
            RejectionKind::StringLimit,
            at,
            &format!("a string of at most {} bytes (max_string_bytes)", self.limits.max_string_bytes),
            "a longer string".to_owned(),
        )
    }

    /// Sends the decoded bytes of an escape that ended at `at`.
    fn emit_decoded<H: Handler>(&mut self, bytes: &[u8], at: u64, h: &mut H) -> Result<(), Rejection> {
        if self.string_bytes + bytes.len() > self.limits.max_string_bytes {
            return Err(self.string_limit(at, h));
        }
        self.string_bytes += bytes.len();
        if self.nested.is_some() && !self.in_key {
            self.feed_nested(bytes, at, h)
        } else if self.in_key {
            h.key_bytes(bytes, at, false)
        } else {
            h.string_bytes(bytes, at, false)
        }
    }

    /// Lexes decoded string content as the document the string encodes. Content after that
    /// document, other than whitespace, is invalid.
    fn feed_nested<H: Handler>(&mut self, bytes: &[u8], at: u64, h: &mut H) -> Result<(), Rejection> {
        let inner = self.nested.as_mut().expect("called only while decoding");
        inner.set_offset(at);
        let consumed = inner.feed(bytes, h)?;
        // Bytes after the encoded document: the rest of this fragment, and any that the
        // nested lexer read ahead while deciding a quote.
        let mut after = vec![(at + consumed as u64, bytes[consumed..].to_vec())];
        after.extend(inner.take_leftover_runs());
        for (start, rest) in after {
            if let Some(extra) = rest.iter().position(|&b| !is_whitespace(b)) {
                let offset = start + extra as u64;
                return Err(self.unexpected(h, offset, "the end of the string after the document it encodes", rest[extra]));
            }
        }
        Ok(())
    }

    fn emit_char<H: Handler>(&mut self, code_point: u32, at: u64, h: &mut H) -> Result<(), Rejection> {
        let c = char::from_u32(code_point).expect("surrogates are combined before this point");
        let mut buffer = [0u8; 4];
        self.emit_decoded(c.encode_utf8(&mut buffer).as_bytes(), at, h)
    }

    fn lex_string<H: Handler>(&mut self, chunk: &[u8], mut i: usize, h: &mut H) -> Result<usize, Rejection> {
        let mut run = i;
        while i < chunk.len() {
            let b = chunk[i];
            if self.escape != Escape::None {
                let consumed = self.lex_escape(b, self.base + i as u64, h)?;
                if consumed {
                    i += 1;
                }
                run = i;
                continue;
            }
            if self.utf8_due > 0 {
                if b < self.utf8_low || b > self.utf8_high {
                    self.emit_raw(chunk, run, i, h)?;
                    return Err(self.reject(
                        h,
                        RejectionKind::InvalidUtf8,
                        self.base + i as u64,
                        "a UTF-8 continuation byte",
                        describe_byte(b),
                    ));
                }
                self.utf8_due -= 1;
                self.utf8_low = 0x80;
                self.utf8_high = 0xBF;
                i += 1;
                continue;
            }
            match b {
                b'"' | b'\'' if b == self.lenient.delimiter => {
                    self.emit_raw(chunk, run, i, h)?;
                    let at = self.base + i as u64;
                    if !self.limits.lenient {
                        self.close_string(at, h)?;
                        return Ok(i + 1);
                    }
                    // Most quotes are decided by the bytes already in this chunk; only the
                    // others wait in the lookahead buffer.
                    match self.decide_quote_in_chunk(&chunk[i + 1..]) {
                        Some(true) => {
                            self.close_string(at, h)?;
                            return Ok(i + 1);
                        }
                        Some(false) => {
                            self.keep_inner_quote(at, h)?;
                            i += 1;
                            run = i;
                        }
                        None => {
                            self.begin_quote_lookahead(at);
                            return Ok(i + 1);
                        }
                    }
                }
                // The other quote character inside a single-quoted string is content.
                b'"' | b'\'' => i += 1,
                b'\\' => {
                    self.emit_raw(chunk, run, i, h)?;
                    self.escape = Escape::Backslash;
                    i += 1;
                    run = i;
                }
                0x00..=0x1f if self.limits.lenient => {
                    // Kept as content, which every sink writes escaped. In a string that
                    // encodes a document, the nested lexer repairs it if it needs to.
                    if self.nested.is_none() {
                        // The content before it goes first, so that a limit or a schema
                        // rule failing there wins over the repair limit in every chunking.
                        self.emit_raw(chunk, run, i, h)?;
                        run = i;
                        let written = control_escape(b);
                        h.repair(RepairKind::ControlCharacter, self.base + i as u64, &[b], &written)?;
                    }
                    i += 1;
                }
                0x00..=0x1f => {
                    self.emit_raw(chunk, run, i, h)?;
                    return Err(self.unexpected(
                        h,
                        self.base + i as u64,
                        "a string character; control characters must be escaped",
                        b,
                    ));
                }
                0xE2 if self.lenient.closing.len() == 3 && self.smart_closing_at(chunk, i) => {
                    self.emit_raw(chunk, run, i, h)?;
                    return Ok(self.smart_closing(chunk, i));
                }
                0x80..=0xff => {
                    // Valid UTF-8 runs are checked whole; the byte-wise path below takes
                    // only a sequence that is invalid or cut off.
                    let end = if self.lenient.delimiter == b'"' { self.utf8_run_end(chunk, i) } else { i };
                    if end > i {
                        i = end;
                        continue;
                    }
                    let (due, low, high) = match b {
                        0xC2..=0xDF => (1, 0x80, 0xBF),
                        0xE0 => (2, 0xA0, 0xBF),
                        0xE1..=0xEC | 0xEE..=0xEF => (2, 0x80, 0xBF),
                        0xED => (2, 0x80, 0x9F),
                        0xF0 => (3, 0x90, 0xBF),
                        0xF1..=0xF3 => (3, 0x80, 0xBF),
                        0xF4 => (3, 0x80, 0x8F),
                        _ => {
                            self.emit_raw(chunk, run, i, h)?;
                            return Err(self.reject(
                                h,
                                RejectionKind::InvalidUtf8,
                                self.base + i as u64,
                                "a UTF-8 lead byte",
                                describe_byte(b),
                            ));
                        }
                    };
                    self.utf8_due = due;
                    self.utf8_low = low;
                    self.utf8_high = high;
                    i += 1;
                }
                _ if self.lenient.delimiter != b'"' => i += 1,
                _ => i = skip_plain(chunk, i + 1),
            }
        }
        self.emit_raw(chunk, run, chunk.len(), h)?;
        Ok(chunk.len())
    }

    /// Returns the end of the valid UTF-8 that starts at `i`, a lead byte with no sequence
    /// in progress, within the run of content there. Returns `i` when the sequence at `i` is
    /// invalid or cut off by the end of the chunk: the byte-wise path then decides it, with
    /// the same offsets in every chunking.
    fn utf8_run_end(&self, chunk: &[u8], i: usize) -> usize {
        // In a string opened by a typographic quote, lead byte 0xE2 may close it.
        if self.lenient.closing.len() == 3 {
            return i;
        }
        let run = &chunk[i..skip_content(chunk, i)];
        // The fast check reports only whether the run is valid. Where the valid part ends
        // comes from the slower check, which runs only after a failure.
        if simdutf8::basic::from_utf8(run).is_ok() {
            return i + run.len();
        }
        match simdutf8::compat::from_utf8(run) {
            Ok(_) => i + run.len(),
            Err(error) => i + error.valid_up_to(),
        }
    }

    /// Lexes one byte of an escape. Returns `false` when the byte was not consumed and must
    /// be lexed again as string content (lenient mode, after an invalid escape).
    fn lex_escape<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<bool, Rejection> {
        let hex = |b: u8| (b as char).to_digit(16);
        match self.escape {
            Escape::None => unreachable!("called only inside an escape"),
            Escape::Backslash => {
                let decoded = match b {
                    b'"' => b'"',
                    b'\\' => b'\\',
                    b'/' => b'/',
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'u' => {
                        self.escape = Escape::Unicode { digits: 0, value: 0 };
                        return Ok(true);
                    }
                    b'\'' if self.limits.lenient && self.lenient.delimiter == b'\'' => b'\'',
                    _ if self.limits.lenient => return self.invalid_escape(b"", at, h),
                    _ => {
                        return Err(self.unexpected(h, at, "an escape: one of \" \\ / b f n r t u", b));
                    }
                };
                self.escape = Escape::None;
                self.emit_decoded(&[decoded], at, h)?;
                Ok(true)
            }
            Escape::Unicode { digits, value } => {
                let Some(digit) = hex(b) else {
                    if self.limits.lenient {
                        let written = self.hex_digits;
                        return self.invalid_escape(&[&b"u"[..], &written[..digits as usize]].concat(), at, h);
                    }
                    return Err(self.unexpected(h, at, "a hex digit of a \\u escape", b));
                };
                self.hex_digits[digits as usize] = b;
                let value = value << 4 | digit;
                if digits == 1 && (0xDC..=0xDF).contains(&value) {
                    return Err(self.reject(
                        h,
                        RejectionKind::Syntax,
                        at,
                        "a character escape; a low surrogate must follow a high one",
                        "a lone low surrogate escape".to_owned(),
                    ));
                }
                if digits < 3 {
                    self.escape = Escape::Unicode { digits: digits + 1, value };
                    return Ok(true);
                }
                if (0xD800..=0xDBFF).contains(&value) {
                    self.escape = Escape::LowBackslash { high: value };
                    return Ok(true);
                }
                self.escape = Escape::None;
                self.emit_char(value, at, h)?;
                Ok(true)
            }
            Escape::LowBackslash { high } if b == b'\\' => {
                self.escape = Escape::LowU { high };
                Ok(true)
            }
            Escape::LowU { high } if b == b'u' => {
                self.escape = Escape::LowUnicode { high, digits: 0, value: 0 };
                Ok(true)
            }
            Escape::LowBackslash { .. } | Escape::LowU { .. } => Err(self.reject(
                h,
                RejectionKind::Syntax,
                at,
                "a \\u escape of a low surrogate after a high surrogate",
                describe_byte(b),
            )),
            Escape::LowUnicode { high, digits, value } => {
                let Some(digit) = hex(b) else {
                    return Err(self.unexpected(h, at, "a hex digit of a \\u escape", b));
                };
                let value = value << 4 | digit;
                let in_range = match digits {
                    0 => value == 0xD,
                    1 => (0xDC..=0xDF).contains(&value),
                    _ => true,
                };
                if !in_range {
                    return Err(self.reject(
                        h,
                        RejectionKind::Syntax,
                        at,
                        "a low surrogate (\\uDC00 to \\uDFFF) after a high surrogate",
                        describe_byte(b),
                    ));
                }
                if digits < 3 {
                    self.escape = Escape::LowUnicode { high, digits: digits + 1, value };
                    return Ok(true);
                }
                self.escape = Escape::None;
                let code_point = 0x10000 + ((high - 0xD800) << 10) + (value - 0xDC00);
                self.emit_char(code_point, at, h)?;
                Ok(true)
            }
        }
    }

    fn lex_number<H: Handler>(&mut self, chunk: &[u8], mut i: usize, h: &mut H) -> Result<usize, Rejection> {
        let start = i;
        while i < chunk.len() {
            let b = chunk[i];
            if b.is_ascii_digit() && matches!(self.number, Number::Integer | Number::Fraction | Number::ExponentDigits) {
                // Digits after digits leave the state as it is.
                i += 1;
                while chunk.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
                continue;
            }
            let next = match (self.number.next(b), self.number) {
                (Some(next), _) => next,
                (None, state) if state.is_complete() => {
                    self.append_number(chunk, start, i, h)?;
                    h.end_number(&self.number_text, self.base + i as u64)?;
                    self.value_ended();
                    return Ok(i);
                }
                (None, state) => {
                    // A number already past its limit fails there, before this byte, in
                    // every chunking.
                    self.append_number(chunk, start, i, h)?;
                    let expected = match state {
                        Number::Point => "a digit after the decimal point",
                        Number::Exponent => "a digit or sign after the exponent mark",
                        _ => "a digit",
                    };
                    return Err(self.unexpected(h, self.base + i as u64, expected, b));
                }
            };
            self.number = next;
            i += 1;
        }
        self.append_number(chunk, start, i, h)?;
        Ok(i)
    }

    fn append_number<H: Handler>(&mut self, chunk: &[u8], from: usize, to: usize, h: &H) -> Result<(), Rejection> {
        let digits = &chunk[from..to];
        if self.number_text.len() + digits.len() > self.limits.max_number_bytes {
            let room = self.limits.max_number_bytes.saturating_sub(self.number_text.len());
            let at = self.base + (from + room) as u64;
            return Err(self.reject(
                h,
                RejectionKind::NumberLimit,
                at,
                &format!("a number of at most {} bytes (max_number_bytes)", self.limits.max_number_bytes),
                "a longer number".to_owned(),
            ));
        }
        self.number_text.extend_from_slice(digits);
        Ok(())
    }

    fn lex_literal<H: Handler>(&mut self, chunk: &[u8], mut i: usize, h: &mut H) -> Result<usize, Rejection> {
        while i < chunk.len() {
            let b = chunk[i];
            let at = self.base + i as u64;
            if b != self.literal[self.literal_matched] {
                let expected = format!("'{}' to continue {:?}", self.literal[self.literal_matched] as char, std::str::from_utf8(self.literal).unwrap_or(""));
                return Err(self.unexpected(h, at, &expected, b));
            }
            self.literal_matched += 1;
            i += 1;
            if self.literal_matched == self.literal.len() {
                h.end_literal(at)?;
                self.value_ended();
                return Ok(i);
            }
        }
        Ok(i)
    }
}
