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
//! line terminators, `\b` is the ASCII word boundary, and `\uXXXX` and `\cX` escapes exist.
//! Look-around and backreferences have no DFA form and fail compilation.

use std::fmt::Write as _;

use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

use crate::error::{SchemaError, SchemaErrorKind};

const ECMA_SPACE: &str = r"\t\n\x0B\f\r \xA0\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}";
const ECMA_WORD: &str = "0-9A-Za-z_";
const ECMA_DIGIT: &str = "0-9";

#[derive(Debug)]
pub(crate) struct Pattern {
    pub source: String,
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

/// The walk of one string through a [`Pattern`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct PatternState {
    state: StateID,
    matched: bool,
}

impl Pattern {
    pub(crate) fn compile(
        source: &str,
        schema_path: &str,
        max_bytes: usize,
    ) -> Result<Self, SchemaError> {
        let translated = translate(source).map_err(|reason| {
            SchemaError::new(
                SchemaErrorKind::InvalidPattern,
                schema_path,
                format!("pattern {source:?} {reason}"),
            )
        })?;
        let dfa = dense::Builder::new()
            .configure(
                dense::DFA::config()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Unanchored)
                    .dfa_size_limit(Some(max_bytes))
                    .determinize_size_limit(Some(max_bytes.saturating_mul(2))),
            )
            .build(&translated)
            .map_err(|error| {
                let too_large = error.is_size_limit_exceeded();
                let kind = if too_large {
                    SchemaErrorKind::PatternTooLarge
                } else {
                    SchemaErrorKind::InvalidPattern
                };
                let reason = if too_large {
                    format!("needs a DFA larger than max_pattern_bytes ({max_bytes} bytes)")
                } else if let Err(syntax) = regex_syntax::Parser::new().parse(&translated) {
                    // The parser's message ends with a line `error: <what is wrong>`.
                    let text = syntax.to_string();
                    let what = text.lines().rev().find_map(|l| l.strip_prefix("error: ")).unwrap_or("invalid syntax");
                    format!("is not a valid regular expression: {what}")
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
        Ok(Self {
            source: source.to_owned(),
            dfa,
            start,
        })
    }

    pub(crate) fn start(&self) -> PatternState {
        PatternState {
            state: self.start,
            matched: false,
        }
    }

    /// Steps over `bytes`; returns `Err(i)` when byte `i` leaves no way to match.
    pub(crate) fn step(&self, walk: &mut PatternState, bytes: &[u8]) -> Result<(), usize> {
        if walk.matched {
            return Ok(());
        }
        for (i, &byte) in bytes.iter().enumerate() {
            let next = self.dfa.next_state(walk.state, byte);
            if self.dfa.is_match_state(next) {
                walk.matched = true;
                return Ok(());
            }
            if self.dfa.is_dead_state(next) || self.dfa.is_quit_state(next) {
                return Err(i);
            }
            walk.state = next;
        }
        Ok(())
    }

    /// Decides the string at its closing quote.
    /// Whether the pattern matches somewhere in `text`, a whole string.
    pub(crate) fn matches_whole(&self, text: &[u8]) -> bool {
        let mut walk = self.start();
        self.step(&mut walk, text).is_ok() && self.finish(walk)
    }

    pub(crate) fn finish(&self, walk: PatternState) -> bool {
        walk.matched || self.dfa.is_match_state(self.dfa.next_eoi_state(walk.state))
    }
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

/// Rewrites an ECMA-262 pattern into the syntax of `regex-syntax` with the same meaning.
pub(crate) fn translate(source: &str) -> Result<String, String> {
    let mut out = String::with_capacity(source.len() + 16);
    let mut chars = source.chars().peekable();
    let mut in_class = false;

    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(escaped) = chars.next() else {
                    return Err("ends with a lone backslash".to_owned());
                };
                translate_escape(escaped, &mut chars, in_class, &mut out)?;
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
                out.push('(');
                let mut lookahead = chars.clone();
                lookahead.next();
                match lookahead.next() {
                    Some('=' | '!') => return Err("uses a look-ahead".to_owned()),
                    Some('<') if matches!(lookahead.next(), Some('=' | '!')) => {
                        return Err("uses a look-behind".to_owned())
                    }
                    _ => {}
                }
            }
            _ => out.push(c),
        }
    }
    if in_class {
        return Err("has an unclosed character class".to_owned());
    }
    Ok(out)
}

fn translate_escape(
    escaped: char,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
    in_class: bool,
    out: &mut String,
) -> Result<(), String> {
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
        'b' => out.push_str(r"(?-u:\b)"),
        'B' => out.push_str(r"(?-u:\B)"),
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
        '1'..='9' => return Err("uses a backreference".to_owned()),
        'k' if chars.peek() == Some(&'<') => return Err("uses a named backreference".to_owned()),
        't' | 'n' | 'r' | 'f' | 'v' | 'x' => {
            out.push('\\');
            out.push(if escaped == 'v' { 'v' } else { escaped });
        }
        c if c.is_ascii_alphanumeric() => {
            // `\p{...}` and friends mean the same in both dialects; other letters are
            // identity escapes in ECMA-262's web-compatible grammar.
            if matches!(c, 'p' | 'P') {
                out.push('\\');
                out.push(c);
            } else {
                out.push(c);
            }
        }
        c => {
            let mut buffer = [0u8; 4];
            out.push_str(&regex_syntax::escape(c.encode_utf8(&mut buffer)));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::Pattern;

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
}
