//! Lenient lexing: the defects models put in JSON, each accepted with a repair event.
//!
//! | defect | repair |
//! |--------|--------|
//! | `[1, 2,]`, `{"a": 1,}` | the trailing comma is dropped |
//! | `[1 2]`, `{"a": 1 "b": 2}` | a comma is written |
//! | `'text'` | written with double quotes; `\'` inside is a quote |
//! | `{key: 1}` | the key is written quoted |
//! | `//`, `/* */` and `#` comments between lexemes | dropped |
//! | `True`, `False`, `None` | `true`, `false`, `null` |
//! | a bare word in value position | a string, which the schema then checks (so `red` passes `enum: ["red"]` and fails `type: integer`) |
//! | a raw control character in a string | kept as content, so it is written escaped |
//! | `\H` and other escapes JSON lacks | the backslash is kept as a literal backslash |
//! | a quote inside a string that the next bytes show is not its end | written as `\"` |
//! | `NaN`, `Infinity` | rejected, or `null` (lossy) with `allow_non_finite` |
//! | `undefined` | rejected, or `null` (lossy) in lossy mode; never a string, which would change its meaning |
//! | `[1, 2, ...]`, `{"a": 1, ...}` | rejected, or the placeholder dropped (lossy) in lossy mode |
//! | `"{\"a\": 1}"` where the schema wants an object or array, not a string | the string's decoded content is read as the document |
//!
//! Commas change meaning in lenient mode: a comma may be trailing, so the handler hears of
//! it only when the next lexeme shows that another member or item follows. A bare word is
//! held until it ends, so its value starts at its first byte but is decided at its end.
//!
//! Whether a quote ends a string is decided from at most [`LOOKAHEAD_LIMIT`] bytes after it:
//! it ends the string when the bytes that follow read as what may come after a value (a
//! closing bracket, or a comma and then a key, an item, or a closing bracket), and it
//! belongs to the string otherwise. The bytes looked at are lexed again after the decision.

use super::{is_whitespace, Container, Escape, Expect, Handler, Lexer};
use crate::error::{Rejection, RejectionKind};
use crate::report::RepairKind;
use crate::schema::ValueKind;

/// Bytes after a quote that may be read to decide whether it ends its string.
pub(super) const LOOKAHEAD_LIMIT: usize = 256;

/// Bytes of a comment kept for its repair event.
const COMMENT_TEXT_LIMIT: usize = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommentKind {
    /// After a `/`, before the byte that separates `//` from `/*`.
    Slash,
    Line,
    Block { star: bool },
}

/// Lexer state used in lenient mode only.
#[derive(Debug)]
pub(super) struct State {
    /// The ASCII quote that closes the current string: `"` or `'`, or 0 for a string in
    /// typographic quotes.
    pub delimiter: u8,
    /// The bytes of the quote that closes the current string.
    pub closing: &'static [u8],
    /// The bytes of a typographic quote read so far, and the offset of the first.
    smart: Vec<u8>,
    smart_at: u64,
    /// Offset of a comma whose meaning the next lexeme decides.
    pending_comma: Option<u64>,
    /// The bare word or key being read, and where it started.
    word: Vec<u8>,
    word_start: u64,
    comment: CommentKind,
    comment_start: u64,
    comment_text: Vec<u8>,
    /// Where lexing resumes after the comment.
    resume: Expect,
    /// Offset of a quote whose meaning is being decided, and the bytes read after it.
    quote_at: u64,
    lookahead: Vec<u8>,
    /// The first index of each run of `lookahead`, with that byte's input offset. A lexer
    /// reading a string's decoded content gets runs that are not contiguous.
    lookahead_runs: Vec<(usize, u64)>,
}

impl Default for State {
    fn default() -> Self {
        Self {
            delimiter: b'"',
            closing: b"\"",
            smart: Vec::new(),
            smart_at: 0,
            pending_comma: None,
            word: Vec::new(),
            word_start: 0,
            comment: CommentKind::Line,
            comment_start: 0,
            comment_text: Vec::new(),
            resume: Expect::Root,
            quote_at: 0,
            lookahead: Vec::new(),
            lookahead_runs: Vec::new(),
        }
    }
}

fn is_word_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b'$'
}

fn is_word_byte(b: u8, key: bool) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'$' | b'-') || (!key && matches!(b, b'.' | b'+'))
}

fn begins_value(b: u8) -> bool {
    matches!(b, b'{' | b'[' | b'"' | b'\'' | b'-' | b'0'..=b'9') || is_word_start(b)
}

fn skip_whitespace(bytes: &[u8], mut i: usize) -> usize {
    while bytes.get(i).is_some_and(|&b| is_whitespace(b)) {
        i += 1;
    }
    i
}

impl Lexer {
    /// Handles a byte between lexemes that strict lexing would reject or that lenient mode
    /// reads differently. Returns `false` to let strict lexing handle it.
    pub(super) fn lenient_byte<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<bool, Rejection> {
        if b == b'/' || b == b'#' {
            self.lenient.resume = self.expect;
            self.lenient.comment_start = at;
            self.lenient.comment_text.clear();
            self.lenient.comment_text.push(b);
            self.lenient.comment = if b == b'#' { CommentKind::Line } else { CommentKind::Slash };
            self.expect = Expect::Comment;
            return Ok(true);
        }
        match self.expect {
            Expect::Separator => self.lenient_separator(b, at, h),
            Expect::Root | Expect::Value | Expect::FirstItem | Expect::FirstKey | Expect::Key => {
                if let Some(comma) = self.lenient.pending_comma.take() {
                    let top = *self.stack.last().expect("a comma is pending only in a container");
                    if matches!((top, b), (Container::Object, b'}') | (Container::Array, b']')) {
                        h.repair(RepairKind::TrailingComma, comma, b",", "")?;
                        self.close(top, at, h)?;
                        return Ok(true);
                    }
                    match top {
                        Container::Object => h.next_member(comma)?,
                        Container::Array => h.next_item(comma)?,
                    }
                }
                self.lenient_lexeme_start(b, at, h)
            }
            _ => Ok(false),
        }
    }

    fn lenient_separator<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<bool, Rejection> {
        let top = *self.stack.last().expect("a separator is expected only inside a container");
        if b == b',' {
            self.lenient.pending_comma = Some(at);
            self.expect = match top {
                Container::Object => Expect::Key,
                Container::Array => Expect::Value,
            };
            return Ok(true);
        }
        // A digit right after a number is a malformed number (`01`), not a second item.
        let glued_digit = !self.gap && matches!(b, b'0'..=b'9' | b'-' | b'.');
        let begins = !glued_digit && match top {
            Container::Array => begins_value(b),
            Container::Object => b == b'"' || b == b'\'' || is_word_start(b),
        };
        if !begins {
            return Ok(false);
        }
        h.repair(RepairKind::MissingComma, at, b"", ",")?;
        match top {
            Container::Object => {
                h.next_member(at)?;
                self.expect = Expect::Key;
            }
            Container::Array => {
                h.next_item(at)?;
                self.expect = Expect::Value;
            }
        }
        if !self.lenient_lexeme_start(b, at, h)? {
            self.strict_byte(b, at, h)?;
        }
        Ok(true)
    }

    /// Starts a single-quoted string or a bare word or key.
    fn lenient_lexeme_start<H: Handler>(&mut self, b: u8, at: u64, h: &mut H) -> Result<bool, Rejection> {
        let key = matches!(self.expect, Expect::FirstKey | Expect::Key);
        if b == b'\'' {
            h.repair(RepairKind::SingleQuotes, at, b"'", "\"")?;
            if key {
                h.begin_key(at)?;
            } else {
                h.begin_value(ValueKind::String, at)?;
            }
            self.begin_string(key, b'\'');
            return Ok(true);
        }
        if b == b'-' && !key && self.limits.allow_non_finite {
            // Maybe `-Infinity`: decided by the next byte.
            self.lenient.word_start = at;
            self.expect = Expect::LenientMinus;
            return Ok(true);
        }
        if b == 0xE2 {
            // Maybe `“` or `‘`: decided when its three bytes have arrived.
            self.in_key = key;
            self.lenient.smart.clear();
            self.lenient.smart.push(b);
            self.lenient.smart_at = at;
            self.expect = Expect::SmartOpen;
            return Ok(true);
        }
        if is_word_start(b) || b == b'.' {
            self.lenient.word.clear();
            self.lenient.word.push(b);
            self.lenient.word_start = at;
            // A placeholder is read as a word even where a key would be.
            self.in_key = key;
            self.expect = if key && b != b'.' { Expect::BareKey } else { Expect::BareWord };
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads a bare word or key up to the byte that ends it, which is left for the caller.
    pub(super) fn lex_bare<H: Handler>(&mut self, bytes: &[u8], mut i: usize, h: &mut H) -> Result<usize, Rejection> {
        let key = self.expect == Expect::BareKey;
        let start = i;
        while i < bytes.len() && is_word_byte(bytes[i], key) {
            i += 1;
        }
        if self.lenient.word.len() + (i - start) > self.limits.max_string_bytes {
            // At the first byte past the limit, so that the offset does not depend on how
            // much of the word this chunk holds.
            let room = self.limits.max_string_bytes.saturating_sub(self.lenient.word.len());
            return Err(self.reject(
                h,
                RejectionKind::StringLimit,
                self.base + (start + room) as u64,
                &format!("a word of at most {} bytes (max_string_bytes)", self.limits.max_string_bytes),
                "a longer word".to_owned(),
            ));
        }
        self.lenient.word.extend_from_slice(&bytes[start..i]);
        if i < bytes.len() {
            self.end_bare(self.base + i as u64, h)?;
        }
        Ok(i)
    }

    /// Ends a bare word or key; `end` is the offset just past it.
    fn end_bare<H: Handler>(&mut self, end: u64, h: &mut H) -> Result<(), Rejection> {
        let word = std::mem::take(&mut self.lenient.word);
        let start = self.lenient.word_start;
        let last = end - 1;
        let result = if self.expect == Expect::BareKey {
            let quoted = format!("\"{}\"", String::from_utf8_lossy(&word));
            h.repair(RepairKind::UnquotedKey, start, &word, &quoted)
                .and_then(|()| h.begin_key(start))
                .and_then(|()| h.key_bytes(&word, start, true))
                .and_then(|()| h.end_key(last))
                .map(|()| self.expect = Expect::Colon)
        } else {
            self.end_bare_word(&word, start, last, h)
        };
        self.lenient.word = word;
        result
    }

    fn end_bare_word<H: Handler>(&mut self, word: &[u8], start: u64, last: u64, h: &mut H) -> Result<(), Rejection> {
        if word.first() == Some(&b'.') {
            return self.end_placeholder(word, start, h);
        }
        let literal = match word {
            b"true" | b"True" => Some((ValueKind::True, "true")),
            b"false" | b"False" => Some((ValueKind::False, "false")),
            b"null" | b"None" => Some((ValueKind::Null, "null")),
            _ => None,
        };
        if let Some((kind, written)) = literal {
            if word != written.as_bytes() {
                h.repair(RepairKind::PythonLiteral, start, word, written)?;
            }
            h.begin_value(kind, start)?;
            h.end_literal(last)?;
        } else if matches!(word, b"NaN" | b"Infinity" | b"inf" | b"nan" | b"-Infinity" | b"-inf") {
            if !self.limits.allow_non_finite {
                return Err(self.reject(
                    h,
                    RejectionKind::Syntax,
                    start,
                    "a JSON value; NaN and Infinity are not JSON numbers (allow_non_finite writes them as null)",
                    String::from_utf8_lossy(word).into_owned(),
                ));
            }
            h.repair(RepairKind::NonFiniteNumber, start, word, "null")?;
            h.begin_value(ValueKind::Null, start)?;
            h.end_literal(last)?;
        } else if word == b"undefined" {
            if !self.limits.close_truncated {
                return Err(self.reject(
                    h,
                    RejectionKind::Syntax,
                    start,
                    "a JSON value; `undefined` is JavaScript and has no JSON form (lossy repairs write it as null)",
                    "undefined".to_owned(),
                ));
            }
            h.repair(RepairKind::UndefinedValue, start, word, "null")?;
            h.begin_value(ValueKind::Null, start)?;
            h.end_literal(last)?;
        } else {
            let quoted = format!("\"{}\"", String::from_utf8_lossy(word));
            h.repair(RepairKind::UnquotedString, start, word, &quoted)?;
            h.begin_value(ValueKind::String, start)?;
            h.string_bytes(word, start, true)?;
            h.end_string(last)?;
        }
        self.value_ended();
        Ok(())
    }

    /// Reads the byte after a `-`: a letter begins `-Infinity` as a bare word, anything
    /// else a number.
    pub(super) fn lex_lenient_minus<H: Handler>(&mut self, bytes: &[u8], i: usize, h: &mut H) -> Result<usize, Rejection> {
        let at = self.lenient.word_start;
        if bytes[i].is_ascii_alphabetic() {
            self.lenient.word.clear();
            self.lenient.word.push(b'-');
            self.expect = Expect::BareWord;
            return Ok(i);
        }
        self.expect = Expect::Value;
        self.begin_value(b'-', at, h)?;
        Ok(i)
    }

    /// Drops a `...` placeholder in lossy mode; anything else starting with `.` is invalid.
    fn end_placeholder<H: Handler>(&mut self, word: &[u8], start: u64, h: &mut H) -> Result<(), Rejection> {
        // A placeholder may stand for whole items or members, never for one member's value.
        let whole = matches!(
            (self.stack.last(), self.in_key),
            (Some(Container::Array), false) | (Some(Container::Object), true)
        );
        if word != b"..." || !whole || !self.limits.close_truncated {
            let expected = if self.limits.close_truncated {
                "a value; a `...` placeholder can stand only for whole items or members"
            } else {
                "a value; a `...` placeholder is dropped only by lossy repairs"
            };
            return Err(self.reject(h, RejectionKind::Syntax, start, expected, String::from_utf8_lossy(word).into_owned()));
        }
        h.repair(RepairKind::DroppedPlaceholder, start, word, "")?;
        self.expect = Expect::Separator;
        Ok(())
    }

    pub(super) fn lex_comment<H: Handler>(&mut self, bytes: &[u8], mut i: usize, h: &mut H) -> Result<usize, Rejection> {
        while i < bytes.len() {
            let b = bytes[i];
            let at = self.base + i as u64;
            i += 1;
            if self.lenient.comment_text.len() < COMMENT_TEXT_LIMIT {
                self.lenient.comment_text.push(b);
            }
            match self.lenient.comment {
                CommentKind::Slash => match b {
                    b'/' => self.lenient.comment = CommentKind::Line,
                    b'*' => self.lenient.comment = CommentKind::Block { star: false },
                    _ => {
                        self.expect = self.lenient.resume;
                        return Err(self.unexpected(h, at, "'/' or '*' after '/' to begin a comment", b));
                    }
                },
                CommentKind::Line if b == b'\n' => {
                    self.end_comment(h)?;
                    return Ok(i);
                }
                CommentKind::Line => {}
                CommentKind::Block { star } => {
                    if star && b == b'/' {
                        self.end_comment(h)?;
                        return Ok(i);
                    }
                    self.lenient.comment = CommentKind::Block { star: b == b'*' };
                }
            }
        }
        Ok(i)
    }

    fn end_comment<H: Handler>(&mut self, h: &mut H) -> Result<(), Rejection> {
        self.expect = self.lenient.resume;
        let text = std::mem::take(&mut self.lenient.comment_text);
        let result = h.repair(RepairKind::Comment, self.lenient.comment_start, &text, "");
        self.lenient.comment_text = text;
        result
    }

    /// Holds a closing quote at `at` until the bytes after it decide its meaning.
    pub(super) fn begin_quote_lookahead(&mut self, at: u64) {
        self.lenient.quote_at = at;
        self.lenient.lookahead.clear();
        self.lenient.lookahead_runs.clear();
        self.expect = Expect::QuoteLookahead;
    }

    pub(super) fn lex_quote_lookahead<H: Handler>(&mut self, bytes: &[u8], i: usize, h: &mut H) -> Result<usize, Rejection> {
        let room = LOOKAHEAD_LIMIT - self.lenient.lookahead.len();
        let take = room.min(bytes.len() - i);
        let at = self.base + i as u64;
        let index = self.lenient.lookahead.len();
        let contiguous = self.lenient.lookahead_runs.last().is_some_and(|&(start, offset)| offset + (index - start) as u64 == at);
        if take > 0 && !contiguous {
            self.lenient.lookahead_runs.push((index, at));
        }
        self.lenient.lookahead.extend_from_slice(&bytes[i..i + take]);
        let full = self.lenient.lookahead.len() >= LOOKAHEAD_LIMIT;
        if let Some(closes) = self.quote_closes(&self.lenient.lookahead, full) {
            self.apply_quote(closes, h)?;
        }
        Ok(i + take)
    }

    /// Decides a quote from the bytes after it in the current chunk, reading at most
    /// [`LOOKAHEAD_LIMIT`] of them, exactly as the lookahead buffer would; `None` when
    /// those bytes do not decide it.
    pub(super) fn decide_quote_in_chunk(&self, after: &[u8]) -> Option<bool> {
        let seen = &after[..after.len().min(LOOKAHEAD_LIMIT)];
        self.quote_closes(seen, seen.len() == LOOKAHEAD_LIMIT)
    }

    /// Decides, as [`Lexer::decide_quote_in_chunk`] would once the string had begun, the
    /// quote that ends a `"`-quoted key (`in_key`) or string value that has not begun yet.
    pub(super) fn decide_double_quote_in_chunk(&self, after: &[u8], in_key: bool) -> Option<bool> {
        let seen = &after[..after.len().min(LOOKAHEAD_LIMIT)];
        self.quote_closes_as(seen, seen.len() == LOOKAHEAD_LIMIT, in_key, true)
    }

    /// Keeps a quote at `at` as string content, with its repair event.
    pub(super) fn keep_inner_quote<H: Handler>(&mut self, at: u64, h: &mut H) -> Result<(), Rejection> {
        let quote = self.lenient.closing;
        let written = if quote == b"\"" { "\\\"" } else { std::str::from_utf8(quote).unwrap_or_default() };
        h.repair(RepairKind::InnerQuote, at, quote, written)?;
        self.expect = Expect::String;
        self.emit_decoded(quote, at, h)
    }

    /// Applies the decision on a held quote, then lexes the bytes read after it.
    fn apply_quote<H: Handler>(&mut self, closes: bool, h: &mut H) -> Result<(), Rejection> {
        let at = self.lenient.quote_at;
        if closes {
            self.expect = Expect::String;
            self.close_string(at, h)?;
        } else {
            self.keep_inner_quote(at, h)?;
        }
        let replay = std::mem::take(&mut self.lenient.lookahead);
        let runs = std::mem::take(&mut self.lenient.lookahead_runs);
        self.replay_runs(&replay, &runs, h)
    }

    /// Lexes the lookahead bytes again, each run from its own offset. Bytes past the end of
    /// the document are kept for [`Lexer::take_leftover`].
    fn replay_runs<H: Handler>(&mut self, bytes: &[u8], runs: &[(usize, u64)], h: &mut H) -> Result<(), Rejection> {
        let ends = runs.iter().skip(1).map(|&(next, _)| next).chain([bytes.len()]);
        let mut slices = runs.iter().zip(ends).map(|(&(start, base), end)| (base, &bytes[start..end]));
        while let Some((base, run)) = slices.next() {
            self.replay(run, base, h)?;
            if !self.leftover.is_empty() {
                // The document ended inside this run, so the later runs follow it.
                self.leftover.extend(slices.map(|(base, run)| (base, run.to_vec())));
                break;
            }
        }
        Ok(())
    }

    /// Lexes `bytes` again, from offset `base`. Bytes past the end of the document are
    /// kept for [`Lexer::take_leftover`].
    fn replay<H: Handler>(&mut self, bytes: &[u8], base: u64, h: &mut H) -> Result<(), Rejection> {
        let saved_base = self.base;
        self.base = base;
        let consumed = self.run(bytes, h);
        self.base = saved_base;
        let consumed = consumed?;
        if consumed < bytes.len() {
            self.leftover.push((base + consumed as u64, bytes[consumed..].to_vec()));
        }
        Ok(())
    }

    /// Whether `chunk[i..]` starts with the closing typographic quote, or with its first
    /// bytes at the end of the chunk.
    pub(super) fn smart_closing_at(&self, chunk: &[u8], i: usize) -> bool {
        let rest = &chunk[i..];
        let n = rest.len().min(3);
        rest[..n] == self.lenient.closing[..n]
    }

    /// Handles a closing typographic quote at `chunk[i]`, or the first bytes of one at the
    /// end of the chunk. Returns the bytes of the chunk read.
    pub(super) fn smart_closing(&mut self, chunk: &[u8], i: usize) -> usize {
        let at = self.base + i as u64;
        if chunk.len() - i >= 3 {
            self.begin_quote_lookahead(at);
            return i + 3;
        }
        self.lenient.smart.clear();
        self.lenient.smart.extend_from_slice(&chunk[i..]);
        self.lenient.smart_at = at;
        self.expect = Expect::SmartClose;
        chunk.len()
    }

    /// Reads the rest of a typographic quote's three bytes, then opens or closes a string,
    /// or lexes the bytes again as what they are.
    pub(super) fn lex_smart_quote<H: Handler>(&mut self, bytes: &[u8], i: usize, h: &mut H) -> Result<usize, Rejection> {
        let take = (3 - self.lenient.smart.len()).min(bytes.len() - i);
        self.lenient.smart.extend_from_slice(&bytes[i..i + take]);
        let buffered = self.lenient.smart.len();
        // Bytes that stop matching the closing quote are string content at once, as they
        // are when the whole quote arrives in one chunk.
        let closes_yet = self.expect != Expect::SmartClose || self.lenient.smart[..] == self.lenient.closing[..buffered];
        if buffered < 3 && closes_yet {
            return Ok(i + take);
        }
        let quote = std::mem::take(&mut self.lenient.smart);
        let at = self.lenient.smart_at;
        if self.expect == Expect::SmartClose {
            if quote == self.lenient.closing {
                self.begin_quote_lookahead(at);
            } else {
                self.expect = Expect::String;
                self.replay(&quote, at, h)?;
            }
            return Ok(i + take);
        }
        let closing: &'static [u8] = match quote.as_slice() {
            [0xE2, 0x80, 0x9C] => "\u{201D}".as_bytes(),
            [0xE2, 0x80, 0x98] => "\u{2019}".as_bytes(),
            _ => return Err(self.unexpected(h, at, "a value", 0xE2)),
        };
        h.repair(RepairKind::SmartQuotes, at, &quote, "\"")?;
        if self.in_key {
            h.begin_key(at)?;
        } else {
            h.begin_value(ValueKind::String, at)?;
        }
        self.begin_string(self.in_key, 0);
        self.lenient.closing = closing;
        Ok(i + take)
    }

    /// Decides whether a quote ends its string from the bytes after it: `Some(true)` when it
    /// does, `Some(false)` when it is part of the content, `None` when more bytes are needed.
    /// With `final_bytes`, no more bytes will come.
    fn quote_closes(&self, after: &[u8], final_bytes: bool) -> Option<bool> {
        self.quote_closes_as(after, final_bytes, self.in_key, self.lenient.closing == b"\"")
    }

    /// Decides like [`Lexer::quote_closes`], for a string that is a key when `in_key`, and
    /// opened by `"` when `double_quoted`.
    fn quote_closes_as(&self, after: &[u8], final_bytes: bool, in_key: bool, double_quoted: bool) -> Option<bool> {
        let undecided = if final_bytes { Some(true) } else { None };
        let i = skip_whitespace(after, 0);
        let Some(&next) = after.get(i) else { return undecided };
        if in_key {
            return Some(!next.is_ascii_alphanumeric());
        }
        let Some(&top) = self.stack.last() else { return Some(true) };
        match (top, next) {
            // A closing bracket ends the string even when it does not match, so that
            // `["v1"}` is a bracket error rather than a string that swallows the rest.
            (_, b'}' | b']') => Some(true),
            (_, b'/' | b'#') => Some(true),
            // `""`: when the second quote would end the string, the first is content, as
            // in `"The "Matrix""`.
            (_, b'"') if i == 0 && double_quoted => {
                self.quote_closes_as(&after[1..], final_bytes, in_key, double_quoted).map(|second| !second)
            }
            // Two strings in a row: a missing comma, which the separator repairs.
            (_, b'"') => Some(true),
            (_, b',') => {
                let j = skip_whitespace(after, i + 1);
                let Some(&after_comma) = after.get(j) else { return undecided };
                match top {
                    _ if matches!(after_comma, b'/' | b'#') => Some(true),
                    Container::Array => Some(begins_value(after_comma) || after_comma == b']'),
                    Container::Object if matches!(after_comma, b'"' | b'\'' | b'}') => Some(true),
                    Container::Object if is_word_start(after_comma) => {
                        // An unquoted key ends with ':'.
                        let mut k = j;
                        while after.get(k).is_some_and(|&b| is_word_byte(b, true)) {
                            k += 1;
                        }
                        let k = skip_whitespace(after, k);
                        match after.get(k) {
                            Some(&b) => Some(b == b':'),
                            None => undecided.map(|_| false),
                        }
                    }
                    Container::Object => Some(false),
                }
            }
            _ => Some(false),
        }
    }

    /// Lexes an invalid escape as a literal backslash followed by `extra` (the escape's
    /// bytes after the backslash so far). Returns `false`: the current byte is lexed again as
    /// content.
    pub(super) fn invalid_escape<H: Handler>(&mut self, extra: &[u8], at: u64, h: &mut H) -> Result<bool, Rejection> {
        self.escape = Escape::None;
        let mut content = vec![b'\\'];
        content.extend_from_slice(extra);
        let written = format!("\\\\{}", String::from_utf8_lossy(extra));
        h.repair(RepairKind::InvalidEscape, at - extra.len() as u64 - 1, &content, &written)?;
        self.emit_decoded(&content, at, h)?;
        Ok(false)
    }

    /// Closes a document that the input cut off: ends an open string, completes a cut-off
    /// literal, drops a dangling comma and closes every open container, with one lossy
    /// repair event. Fails where no closing keeps the input's content: inside a key, an
    /// escape, an unfinished number, or after a key whose value never began.
    pub(super) fn close_truncated<H: Handler>(&mut self, h: &mut H) -> Result<(), Rejection> {
        let end = self.base;
        let give_up = || Rejection::new(RejectionKind::Truncated, end, "", "");
        let mut written = String::new();
        match self.expect {
            // A string that encodes the document: close the document inside it, which
            // records its own repair.
            Expect::String if self.nested.is_some() => {
                if self.escape != Escape::None || self.utf8_due != 0 {
                    return Err(give_up());
                }
                let mut inner = self.nested.take().expect("checked above");
                inner.set_offset(end);
                inner.finish(h)?;
                self.value_ended();
            }
            Expect::String if !self.in_key && self.escape == Escape::None && self.utf8_due == 0 => {
                written.push('"');
                h.end_string(end)?;
                self.value_ended();
            }
            Expect::Number if self.number.is_complete() => {
                h.end_number(&self.number_text, end)?;
                self.value_ended();
            }
            Expect::Literal => {
                let rest = &self.literal[self.literal_matched..];
                written.push_str(std::str::from_utf8(rest).unwrap_or_default());
                h.end_literal(end)?;
                self.value_ended();
            }
            Expect::FirstItem | Expect::FirstKey | Expect::Separator => {}
            Expect::Key | Expect::Value if self.lenient.pending_comma.is_some() => {
                let comma = self.lenient.pending_comma.take().expect("checked above");
                h.repair(RepairKind::TrailingComma, comma, b",", "")?;
            }
            _ => return Err(give_up()),
        }
        while let Some(container) = self.stack.pop() {
            match container {
                Container::Object => {
                    written.push('}');
                    h.end_object(end)?;
                }
                Container::Array => {
                    written.push(']');
                    h.end_array(end)?;
                }
            }
        }
        self.expect = Expect::End;
        // Nothing written here means a nested document was closed, with its own repair.
        if written.is_empty() {
            return Ok(());
        }
        h.repair(RepairKind::ClosedTruncation, end, b"", &written)
    }

    /// Whether the bare word is a whole literal, which the end of input cannot have cut.
    fn is_whole_literal(&self) -> bool {
        matches!(
            self.lenient.word.as_slice(),
            b"true" | b"false" | b"null" | b"True" | b"False" | b"None"
        )
    }

    /// Completes a bare word cut off by the end of input, when truncation may be closed. A
    /// literal's prefix becomes that literal in progress. Any other word ends where the
    /// input ends (`undefined`, or a word read as a string). Without lossy repairs the word
    /// stays unfinished.
    fn cut_off_word<H: Handler>(&mut self, h: &mut H) -> Result<(), Rejection> {
        if !self.limits.close_truncated {
            return Ok(());
        }
        let literals: [(&'static [u8], ValueKind); 3] =
            [(b"true", ValueKind::True), (b"false", ValueKind::False), (b"null", ValueKind::Null)];
        let word = &self.lenient.word;
        let Some(&(literal, kind)) = literals.iter().find(|(l, _)| l.starts_with(word) && l.len() > word.len()) else {
            return self.end_bare(self.base, h);
        };
        self.literal = literal;
        self.literal_matched = self.lenient.word.len();
        h.begin_value(kind, self.lenient.word_start)?;
        self.expect = Expect::Literal;
        Ok(())
    }

    /// Ends lenient lexemes that the end of input completes.
    pub(super) fn finish_lenient<H: Handler>(&mut self, h: &mut H) -> Result<(), Rejection> {
        // Each step ends one lexeme, and the bytes replayed after a quote may open another;
        // there are at most as many steps as lexemes in the lookahead.
        loop {
            match self.expect {
                Expect::QuoteLookahead => self.apply_quote(true, h)?,
                // A bare word that the input cut off inside a container may be a literal's
                // first bytes: only a lossy repair completes it.
                Expect::BareWord if self.lenient.word == b"..." => self.end_bare(self.base, h)?,
                Expect::BareWord if !self.stack.is_empty() && !self.is_whole_literal() => return self.cut_off_word(h),
                Expect::BareKey | Expect::BareWord => self.end_bare(self.base, h)?,
                Expect::Comment if self.lenient.comment != CommentKind::Slash => self.end_comment(h)?,
                _ => return Ok(()),
            }
        }
    }
}
