//! `pattern`: an ECMA-262 regular expression compiled to a dense DFA and stepped one byte at
//! a time over the decoded string.
//!
//! JSON Schema patterns are not anchored: a string is valid when the pattern matches
//! anywhere in it. The DFA is built with an unanchored start and reports every match
//! (`MatchKind::All`), so the walk keeps two facts: the current state, and whether any match
//! has already ended. Once a match has ended the string is valid whatever follows. A dead
//! state before any match means no continuation can match, which is the early abort. At the
//! closing quote, the end-of-input transition decides patterns that end in `$`.
//!
//! ECMA-262 and the `regex` syntax differ in a few places, which [`translate`] rewrites:
//! `\d` and `\w` are ASCII-only, `\s` is ECMA's fixed whitespace set, `.` excludes the four
//! line terminators, `\b` is the ASCII word boundary, and `\uXXXX`, `\u{...}` and `\cX`
//! escapes exist. Syntax that ECMA-262 does not have is invalid even where another dialect
//! accepts it: inline flags `(?i)`, Python's `(?P<name>...)`, comments `(?#...)`, and escapes
//! of letters that ECMA-262 gives no meaning (`\a`, `\A`, `\Z`). Reading `\Z` as the
//! letter `Z` would silently change the pattern.
//!
//! Look-around and backreferences have no DFA form. With the `backtracking` cargo feature
//! (on by default) such a pattern compiles, through [`Pattern::compile_any`], to a
//! `fancy-regex` backtracking matcher with a step limit ([`BACKTRACK_LIMIT`]). It cannot be
//! stepped byte by byte: [`Pattern::is_streaming`] is false, nothing aborts early, and the
//! whole string is checked by [`Pattern::matches_text`] when it closes. Without the feature
//! such a pattern fails compilation with [`SchemaErrorKind::InvalidPattern`]. A pattern
//! whose DFA would pass `max_pattern_bytes` takes the same backtracking path when the
//! feature is on, and fails with [`SchemaErrorKind::PatternTooLarge`] when it is off.

use std::fmt::Write as _;

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

use crate::error::{SchemaError, SchemaErrorKind};

const ECMA_SPACE: &str = r"\t\n\x0B\f\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const ECMA_WORD: &str = "0-9A-Za-z_";
const ECMA_DIGIT: &str = "0-9";

/// ECMA-262's `\b` and `\B` (ASCII word boundaries) for regex-syntax, which reads them
/// from the `-u` flag.
const DFA_BOUNDARIES: [&str; 2] = [r"(?-u:\b)", r"(?-u:\B)"];
/// The same boundaries for fancy-regex, which rejects the `-u` flag, as look-around.
const BACKTRACKING_BOUNDARIES: [&str; 2] = [
    r"(?:(?<=[0-9A-Za-z_])(?![0-9A-Za-z_])|(?<![0-9A-Za-z_])(?=[0-9A-Za-z_]))",
    r"(?:(?<=[0-9A-Za-z_])(?=[0-9A-Za-z_])|(?<![0-9A-Za-z_])(?![0-9A-Za-z_]))",
];

/// Maximum number of backtracking steps one [`Pattern::matches_text`] call may take
/// before it gives up with an error. A step is one backtracking-VM instruction in
/// `fancy-regex`, which uses this number as its own default.
#[cfg(feature = "backtracking")]
pub(crate) const BACKTRACK_LIMIT: usize = 1_000_000;

#[derive(Debug)]
pub(crate) struct Pattern {
    pub source: String,
    engine: Engine,
}

#[derive(Debug)]
enum Engine {
    /// A dense DFA with its unanchored start state, stepped one byte at a time.
    Dfa {
        dfa: Box<dense::DFA<Vec<u32>>>,
        start: StateID,
    },
    /// A backtracking matcher for look-around and backreferences, run on the whole string.
    #[cfg(feature = "backtracking")]
    Backtracking(Box<fancy_regex::Regex>),
}

/// The result of [`translate`]: the pattern in `regex-syntax` form, and whether it uses
/// look-around or backreferences, which only a backtracking matcher can run.
#[derive(Debug)]
pub(crate) struct Translation {
    pub syntax: String,
    pub needs_backtracking: bool,
}

/// The walk of one string through a [`Pattern`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternState {
    state: StateID,
    matched: bool,
}

impl Pattern {
    /// Compiles `source` to a DFA. A pattern that needs backtracking (look-around or a
    /// backreference) is an [`SchemaErrorKind::InvalidPattern`] error here, because the
    /// caller can only step the result byte by byte; [`Pattern::compile_any`] accepts it.
    #[cfg(test)]
    pub(crate) fn compile(
        source: &str,
        schema_path: &str,
        max_bytes: usize,
    ) -> Result<Self, SchemaError> {
        let pattern = Self::compile_any(source, schema_path, max_bytes)?;
        if pattern.is_streaming() {
            Ok(pattern)
        } else {
            Err(SchemaError::new(
                SchemaErrorKind::InvalidPattern,
                schema_path,
                format!("pattern {source:?} uses look-around or a backreference, which a DFA cannot check"),
            ))
        }
    }

    /// Compiles `source` to a DFA, or, when it uses look-around or a backreference and the
    /// `backtracking` feature is on, to a backtracking matcher that only
    /// [`Pattern::matches_text`] can run.
    pub(crate) fn compile_any(
        source: &str,
        schema_path: &str,
        max_bytes: usize,
    ) -> Result<Self, SchemaError> {
        let invalid = |reason: String| {
            SchemaError::new(
                SchemaErrorKind::InvalidPattern,
                schema_path,
                format!("pattern {source:?} {reason}"),
            )
        };
        let translation = translate(source).map_err(invalid)?;
        let engine = if translation.needs_backtracking {
            compile_backtracking(&translation.syntax, max_bytes).map_err(invalid)?
        } else {
            match compile_dfa(source, &translation.syntax, schema_path, max_bytes) {
                // A pattern whose DFA is too large (`^(?:\S+\s+){0,199}\S+$`) still has a
                // backtracking form, checked when the string closes.
                Err(error) if error.kind() == SchemaErrorKind::PatternTooLarge && cfg!(feature = "backtracking") => {
                    compile_backtracking(&translation.syntax, max_bytes).map_err(|_| error)?
                }
                other => other?,
            }
        };
        Ok(Self {
            source: source.to_owned(),
            engine,
        })
    }

    /// Returns whether [`Pattern::start`], [`Pattern::step`] and [`Pattern::finish`] can
    /// decide this pattern. When false, only [`Pattern::matches_text`] can, on the whole
    /// string.
    pub(crate) fn is_streaming(&self) -> bool {
        matches!(self.engine, Engine::Dfa { .. })
    }

    /// Decides whether the pattern matches somewhere in `text`. Fails with a message when
    /// a backtracking pattern exceeds [`BACKTRACK_LIMIT`] steps.
    // Without the `backtracking` feature no pattern can fail here.
    #[allow(clippy::unnecessary_wraps)]
    pub(crate) fn matches_text(&self, text: &str) -> Result<bool, String> {
        match &self.engine {
            Engine::Dfa { .. } => {
                let mut walk = self.start();
                Ok(self.step(&mut walk, text.as_bytes()).is_ok() && self.finish(walk))
            }
            #[cfg(feature = "backtracking")]
            Engine::Backtracking(regex) => regex.is_match(text).map_err(|error| {
                format!("pattern {:?} could not be decided: {error}", self.source)
            }),
        }
    }

    /// Starts a walk. Panics for a pattern that is not [`Pattern::is_streaming`], whose
    /// string must go to [`Pattern::matches_text`] instead.
    pub(crate) fn start(&self) -> PatternState {
        PatternState {
            state: self.dfa().1,
            matched: false,
        }
    }

    /// Steps over `bytes`; returns `Err(i)` when byte `i` leaves no way to match.
    pub(crate) fn step(&self, walk: &mut PatternState, bytes: &[u8]) -> Result<(), usize> {
        if walk.matched {
            return Ok(());
        }
        let (dfa, _) = self.dfa();
        for (i, &byte) in bytes.iter().enumerate() {
            let next = dfa.next_state(walk.state, byte);
            // Match, dead and quit states are all special, which one comparison rules out.
            if dfa.is_special_state(next) {
                if dfa.is_match_state(next) {
                    walk.matched = true;
                    return Ok(());
                }
                if dfa.is_dead_state(next) || dfa.is_quit_state(next) {
                    return Err(i);
                }
            }
            walk.state = next;
        }
        Ok(())
    }

    /// Whether the pattern matches somewhere in `text`, a whole string such as a key.
    /// NOTE: a backtracking pattern that hits its step limit counts as not matching.
    pub(crate) fn matches_whole(&self, text: &[u8]) -> bool {
        if !self.is_streaming() {
            return self.matches_text(&String::from_utf8_lossy(text)).unwrap_or(false);
        }
        let mut walk = self.start();
        self.step(&mut walk, text).is_ok() && self.finish(walk)
    }

    /// Decides the string at its closing quote.
    pub(crate) fn finish(&self, walk: PatternState) -> bool {
        let (dfa, _) = self.dfa();
        walk.matched || dfa.is_match_state(dfa.next_eoi_state(walk.state))
    }

    fn dfa(&self) -> (&dense::DFA<Vec<u32>>, StateID) {
        match &self.engine {
            Engine::Dfa { dfa, start } => (dfa.as_ref(), *start),
            #[cfg(feature = "backtracking")]
            Engine::Backtracking(_) => {
                panic!("pattern {:?} needs backtracking and cannot be stepped byte by byte", self.source)
            }
        }
    }
}

fn compile_dfa(
    source: &str,
    translated: &str,
    schema_path: &str,
    max_bytes: usize,
) -> Result<Engine, SchemaError> {
    let dfa = dense::Builder::new()
        .configure(
            dense::DFA::config()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Unanchored)
                .dfa_size_limit(Some(max_bytes))
                .determinize_size_limit(Some(max_bytes.saturating_mul(2))),
        )
        .build(translated)
        .map_err(|error| {
            let too_large = error.is_size_limit_exceeded();
            let kind = if too_large {
                SchemaErrorKind::PatternTooLarge
            } else {
                SchemaErrorKind::InvalidPattern
            };
            let reason = if too_large {
                format!("needs a DFA larger than max_pattern_bytes ({max_bytes} bytes)")
            } else if let Err(syntax) = regex_syntax::Parser::new().parse(translated) {
                format!("is not a valid regular expression: {}", syntax_error_summary(&syntax.to_string()))
            } else {
                format!("cannot be checked by a DFA: {}", first_line(&error.to_string()))
            };
            SchemaError::new(kind, schema_path, format!("pattern {source:?} {reason}"))
        })?;
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::No))
        .map_err(|error| {
            SchemaError::new(
                SchemaErrorKind::InvalidPattern,
                schema_path,
                format!("pattern {source:?} has no start state: {error}"),
            )
        })?;
    Ok(Engine::Dfa {
        dfa: Box::new(dfa),
        start,
    })
}

#[cfg(feature = "backtracking")]
/// How many times `max_pattern_bytes` the compiled program of a backtracking pattern may
/// take. With the default of 1 MiB that is 16 MiB, held once per such pattern.
#[cfg(feature = "backtracking")]
const BACKTRACKING_SIZE_FACTOR: usize = 16;

#[cfg(feature = "backtracking")]
fn compile_backtracking(translated: &str, max_bytes: usize) -> Result<Engine, String> {
    let regex = fancy_regex::RegexBuilder::new(translated)
        .backtrack_limit(BACKTRACK_LIMIT)
        // The backtracking engine keeps an NFA, not a DFA: bounded repetition of `.`
        // (`^.{0,1000}$`) needs a few MiB there, which the DFA cap would refuse.
        .delegate_size_limit(max_bytes.saturating_mul(BACKTRACKING_SIZE_FACTOR))
        .build()
        .map_err(|error| format!("is not a valid regular expression: {error}"))?;
    Ok(Engine::Backtracking(Box::new(regex)))
}

#[cfg(not(feature = "backtracking"))]
fn compile_backtracking(_translated: &str, _max_bytes: usize) -> Result<Engine, String> {
    Err("uses look-around or a backreference, which needs the `backtracking` feature of jsonseam, left out of this build".to_owned())
}

/// Returns whether `source` is a valid ECMA-262 pattern as far as this translator reads
/// it: it translates, and the result parses. A pattern that needs backtracking is parsed by
/// `fancy-regex` when the `backtracking` feature is on.
pub(crate) fn is_valid_ecma(source: &str) -> bool {
    let Ok(translation) = translate(source) else {
        return false;
    };
    if !translation.needs_backtracking {
        return regex_syntax::Parser::new().parse(&translation.syntax).is_ok();
    }
    #[cfg(feature = "backtracking")]
    {
        fancy_regex::Regex::new(&translation.syntax).is_ok()
    }
    // NOTE: without the `backtracking` feature nothing parses look-around and
    // backreferences, so a pattern with them counts as valid once it translates.
    #[cfg(not(feature = "backtracking"))]
    true
}

/// Returns the last `error: ...` line of a `regex-syntax` message, which describes the error.
fn syntax_error_summary(text: &str) -> &str {
    text.lines().rev().find_map(|l| l.strip_prefix("error: ")).unwrap_or("invalid syntax")
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Rewrites an ECMA-262 pattern into the syntax of `regex-syntax` with the same meaning.
/// Look-around and backreferences are kept as written, in the form `fancy-regex` reads,
/// and mark the translation as needing backtracking.
pub(crate) fn translate(source: &str) -> Result<Translation, String> {
    let translation = translate_for(source, DFA_BOUNDARIES)?;
    if translation.needs_backtracking {
        return translate_for(source, BACKTRACKING_BOUNDARIES);
    }
    Ok(translation)
}

fn translate_for(source: &str, boundaries: [&str; 2]) -> Result<Translation, String> {
    let mut out = String::with_capacity(source.len() + 16);
    let mut chars = source.chars().peekable();
    let mut in_class = false;
    let mut needs_backtracking = false;

    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    return Err("ends with a lone backslash".to_owned());
                };
                needs_backtracking |= translate_escape(escaped, &mut chars, in_class, boundaries, &mut out)?;
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                // ECMA-262 reads `[]` as the empty class and `[^]` as any character.
                if chars.peek() == Some(&']') {
                    chars.next();
                    in_class = false;
                    if out.ends_with("[^") {
                        out.truncate(out.len() - 2);
                        out.push_str(r"(?s:.)");
                    } else {
                        out.truncate(out.len() - 1);
                        out.push_str(r"[^\x00-\x{10FFFF}]");
                    }
                }
            }
            // A literal `[` inside a class would open a nested class in regex-syntax.
            '[' => out.push_str(r"\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '&' | '~' | '-' if in_class => {
                // regex-syntax gives `&&`, `~~` and `--` set-operator meaning inside classes.
                if c != '-' && chars.peek() == Some(&c) {
                    out.push('\\');
                }
                out.push(c);
            }
            '.' if !in_class => out.push_str(r"[^\n\r\x{2028}\x{2029}]"),
            '(' if !in_class && chars.peek() == Some(&'?') => {
                chars.next();
                out.push_str("(?");
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some(':'), _) => {}
                    // Look-ahead `(?=`, `(?!` and look-behind `(?<=`, `(?<!`.
                    (Some('=' | '!'), _) | (Some('<'), Some('=' | '!')) => needs_backtracking = true,
                    // A named group `(?<name>...)`, which regex-syntax reads the same way.
                    (Some('<'), Some(_)) => {}
                    (Some(other), _) => {
                        return Err(format!("uses the group syntax \"(?{other}\", which ECMA-262 does not have"))
                    }
                    (None, _) => return Err("ends inside a group".to_owned()),
                }
            }
            _ => out.push(c),
        }
    }
    if in_class {
        return Err("has an unclosed character class".to_owned());
    }
    Ok(Translation {
        syntax: out,
        needs_backtracking,
    })
}

/// Translates the escape `\` `escaped` and returns whether it is a backreference.
fn translate_escape(
    escaped: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    in_class: bool,
    boundaries: [&str; 2],
    out: &mut String,
) -> Result<bool, String> {
    let class = |set: &str, negated: bool, out: &mut String| {
        out.push('[');
        if negated {
            out.push('^');
        }
        out.push_str(set);
        out.push(']');
    };
    match escaped {
        'd' | 'D' | 'w' | 'W' | 's' | 'S' => {
            let set = match escaped.to_ascii_lowercase() {
                'd' => ECMA_DIGIT,
                'w' => ECMA_WORD,
                _ => ECMA_SPACE,
            };
            let negated = escaped.is_ascii_uppercase();
            if in_class && !negated {
                out.push_str(set);
            } else {
                // Inside a class a negated set becomes a nested class, which regex-syntax
                // unions with the rest.
                class(set, negated, out);
            }
        }
        'b' if in_class => out.push_str(r"\x08"),
        'b' => out.push_str(boundaries[0]),
        'B' => out.push_str(boundaries[1]),
        'u' => {
            let hex: String = chars.clone().take(4).collect();
            if hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                for _ in 0..4 {
                    chars.next();
                }
                let mut code = u32::from_str_radix(&hex, 16).unwrap_or(0);
                // A high surrogate followed by `\uDC00`-`\uDFFF` is one character.
                let low: String = chars.clone().take(6).collect();
                if (0xD800..0xDC00).contains(&code) && low.len() == 6 && low.starts_with("\\u") {
                    if let Ok(second) = u32::from_str_radix(&low[2..], 16) {
                        if (0xDC00..0xE000).contains(&second) {
                            for _ in 0..6 {
                                chars.next();
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (second - 0xDC00);
                        }
                    }
                }
                let _ = write!(out, r"\x{{{code:X}}}");
            } else if chars.peek() == Some(&'{') {
                out.push_str(r"\x");
            } else {
                out.push('u');
            }
        }
        'c' => match chars.peek().copied() {
            Some(letter) if letter.is_ascii_alphabetic() => {
                chars.next();
                let _ = write!(out, r"\x{:02X}", (letter as u32) % 32);
            }
            _ => out.push_str(r"\\c"),
        },
        '0' if !chars.peek().is_some_and(char::is_ascii_digit) => out.push_str(r"\x00"),
        '1'..='9' if !in_class => {
            out.push('\\');
            out.push(escaped);
            return Ok(true);
        }
        '1'..='9' => return Err(format!("uses the escape \\{escaped} inside a character class")),
        'k' if chars.peek() == Some(&'<') && !in_class => {
            out.push_str("\\k");
            return Ok(true);
        }
        't' | 'n' | 'r' | 'f' | 'v' | 'x' => {
            out.push('\\');
            out.push(if escaped == 'v' { 'v' } else { escaped });
        }
        // `\p{...}` and `\P{...}` mean the same in both dialects.
        'p' | 'P' => {
            out.push('\\');
            out.push(escaped);
        }
        c if c.is_ascii_alphanumeric() => {
            return Err(format!("uses the escape \\{c}, which ECMA-262 does not define"));
        }
        c => {
            let mut buffer = [0u8; 4];
            out.push_str(&regex_syntax::escape(c.encode_utf8(&mut buffer)));
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::PathBuf;

    use serde_json::Value;

    use super::{is_valid_ecma, Pattern};

    fn full(pattern: &str, text: &str) -> bool {
        let compiled = Pattern::compile(pattern, "/pattern", 1 << 20).unwrap();
        let mut walk = compiled.start();
        compiled.step(&mut walk, text.as_bytes()).is_ok() && compiled.finish(walk)
    }

    fn dies_at(pattern: &str, text: &str) -> Option<usize> {
        let compiled = Pattern::compile(pattern, "/pattern", 1 << 20).unwrap();
        let mut walk = compiled.start();
        compiled.step(&mut walk, text.as_bytes()).err()
    }

    #[test]
    fn unanchored_search() {
        assert!(full("b", "abc"));
        assert!(!full("x", "abc"));
        assert!(full("^a", "abc"));
        assert!(!full("^b", "abc"));
        assert!(full("c$", "abc"));
        assert!(!full("b$", "abc"));
    }

    #[test]
    fn anchored_pattern_dies_early() {
        assert_eq!(dies_at("^[A-Z]{3}-[0-9]{4}$", "AB1"), Some(2));
        assert_eq!(dies_at("^[A-Z]{3}-[0-9]{4}$", "ABC-12345"), Some(8));
        assert_eq!(dies_at("^[A-Z]{3}-[0-9]{4}$", "ABC-1234"), None);
        assert_eq!(dies_at("abc", "zzzzzz"), None);
    }

    #[test]
    fn ecma_classes_are_translated() {
        assert!(full(r"^\d+$", "0123"));
        assert!(!full(r"^\d+$", "\u{0660}"));
        assert!(full(r"^\w+$", "a_Z9"));
        assert!(!full(r"^\w$", "é"));
        assert!(full(r"^\s$", "\u{a0}"));
        assert!(full(r"^[\d\s]+$", "1 2"));
        assert!(full(r"^[^\d]$", "a"));
        assert!(full(r"^.$", "é"));
        assert!(!full(r"^.$", "\n"));
        assert!(full(r"^\u00e9$", "é"));
        assert!(full(r"^a\/b$", "a/b"));
        assert!(full(r"^[a-z&&]$", "&"));
    }

    #[test]
    fn unsupported_syntax_is_an_error() {
        for pattern in [r"(?=a)", r"(?!a)", r"(?<=a)b", r"(a)\1", "[a"] {
            let error = Pattern::compile(pattern, "/pattern", 1 << 20).unwrap_err();
            assert!(error.to_string().contains(&format!("{pattern:?}")), "{error}");
        }
    }

    #[test]
    fn ecma_only_syntax_is_invalid() {
        for pattern in [r"\a", r"\Z", "(?i)abc", "(?P<name>x)", "(?#comment)a", r"[\1]"] {
            assert!(Pattern::compile_any(pattern, "/pattern", 1 << 20).is_err(), "{pattern}");
            assert!(!is_valid_ecma(pattern), "{pattern}");
        }
        for pattern in [r"(?<name>x)", r"\cA", "[]", "[^]", r"\u{1F600}", r"\p{Script=Greek}"] {
            assert!(is_valid_ecma(pattern), "{pattern}");
        }
    }

    #[test]
    fn control_and_unicode_escapes() {
        assert!(full(r"^\cC$", "\u{3}"));
        assert!(full(r"^\cc$", "\u{3}"));
        assert!(full(r"^\u{1F432}+$", "\u{1F432}\u{1F432}"));
        assert!(full(r"^\uD83D\uDC32$", "\u{1F432}"));
        assert!(!full(r"^abc$", "abc\n"));
        assert!(full(r"^\s$", "\u{FEFF}"));
        assert!(full(r"^\p{digit}+$", "\u{09EA}\u{09E8}"));
    }

    #[cfg(feature = "backtracking")]
    #[test]
    fn backtracking_patterns_match_whole_text() {
        let lookahead = Pattern::compile_any(r"^(?!bad)\w+$", "/pattern", 1 << 20).unwrap();
        assert!(!lookahead.is_streaming());
        assert_eq!(lookahead.matches_text("good"), Ok(true));
        assert_eq!(lookahead.matches_text("badly"), Ok(false));

        let backreference = Pattern::compile_any(r"^(a|b)\1$", "/pattern", 1 << 20).unwrap();
        assert_eq!(backreference.matches_text("aa"), Ok(true));
        assert_eq!(backreference.matches_text("ab"), Ok(false));

        let named = Pattern::compile_any(r"(?<n>x)\k<n>", "/pattern", 1 << 20).unwrap();
        assert_eq!(named.matches_text("zxxz"), Ok(true));

        // ECMA-262 meanings hold in the backtracking engine too.
        let digits = Pattern::compile_any(r"^(?=\d)\d+\b.$", "/pattern", 1 << 20).unwrap();
        assert_eq!(digits.matches_text("12 "), Ok(true));
        assert_eq!(digits.matches_text("\u{0660}1 "), Ok(false));
        assert_eq!(digits.matches_text("12\n"), Ok(false));

        let behind = Pattern::compile_any(r"(?<=a+)b", "/pattern", 1 << 20).unwrap();
        assert_eq!(behind.matches_text("aab"), Ok(true));
        assert_eq!(behind.matches_text("cb"), Ok(false));
    }

    #[cfg(feature = "backtracking")]
    #[test]
    fn backtracking_limit_is_an_error() {
        let catastrophic = Pattern::compile_any(r"^(a|a)+\1b", "/pattern", 1 << 20).unwrap();
        let text = "a".repeat(40);
        let error = catastrophic.matches_text(&text).unwrap_err();
        assert!(error.contains("could not be decided"), "{error}");
    }

    #[cfg(not(feature = "backtracking"))]
    #[test]
    fn backtracking_needs_the_feature() {
        let error = Pattern::compile_any(r"(?=a)", "/pattern", 1 << 20).unwrap_err();
        assert!(error.to_string().contains("`backtracking` feature"), "{error}");
    }

    /// The `pattern` groups and the `patternProperties` groups with
    /// `additionalProperties: false` of the official suite's ECMA-262 regex files.
    #[test]
    fn official_ecmascript_regex_suite() {
        let tests = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data/JSON-Schema-Test-Suite/tests");
        let (mut checked, mut failures) = (0, Vec::new());
        for draft in ["draft4", "draft6", "draft7", "draft2019-09", "draft2020-12"] {
            for name in ["ecmascript-regex.json", "non-bmp-regex.json"] {
                let file = tests.join(draft).join("optional").join(name);
                let Ok(text) = fs::read(&file) else {
                    continue;
                };
                let groups: Vec<Value> = serde_json::from_slice(&text).unwrap();
                for group in &groups {
                    let schema = &group["schema"];
                    let closed = schema["additionalProperties"] == Value::Bool(false);
                    let patterns: Vec<&str> = match (&schema["pattern"], &schema["patternProperties"]) {
                        (Value::String(pattern), _) => vec![pattern.as_str()],
                        (_, Value::Object(map)) if closed => map.keys().map(String::as_str).collect(),
                        _ => continue,
                    };
                    let compiled: Vec<Pattern> = patterns
                        .iter()
                        .map(|p| Pattern::compile_any(p, "/pattern", 1 << 20).unwrap_or_else(|e| panic!("{draft} {name}: {e}")))
                        .collect();
                    let matches = |text: &str| compiled.iter().any(|p| p.matches_text(text) == Ok(true));
                    for test in group["tests"].as_array().unwrap() {
                        let verdict = match &test["data"] {
                            Value::String(text) if schema["pattern"].is_string() => matches(text),
                            Value::Object(map) => map.keys().all(|key| matches(key)),
                            _ => continue,
                        };
                        checked += 1;
                        if verdict != test["valid"] {
                            failures.push(format!("{draft} {name} {}: {}", group["description"], test["description"]));
                        }
                    }
                }
            }
        }
        eprintln!("checked {checked} regex cases");
        assert!(failures.is_empty(), "{} of {checked} failed:\n{}", failures.len(), failures.join("\n"));
        assert!(checked > 200, "checked only {checked} cases");
    }
}
