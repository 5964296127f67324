//! Sinks: what a stream builds from the lexemes it accepts.
//!
//! A [`Sink`] receives the document as events in input order, after the lexer has decoded
//! escapes and before the document is known to be valid: a caller reads a sink's output
//! only from a successful [`crate::Stream::finish`]. [`TextSink`] writes the canonical text,
//! [`ValueSink`] builds a `serde_json::Value`, and `()` builds nothing. The bindings
//! implement the trait to build Python or JavaScript values without a second parse.

use serde_json::{Map, Number, Value};

/// Receiver of an accepted document's events.
///
/// String content arrives as fragments whose concatenation is valid UTF-8; a single
/// fragment may end inside a multi-byte character when the input was split there.
pub trait Sink {
    /// Whether the sink ignores every event, so that a stream may skip preparing them
    /// (reading the current key, say). Only `()` sets it.
    const DISCARDS: bool = false;

    /// An object opens.
    fn begin_object(&mut self);
    /// The innermost open object closes.
    fn end_object(&mut self);
    /// An array opens.
    fn begin_array(&mut self);
    /// The innermost open array closes.
    fn end_array(&mut self);
    /// A complete object key, decoded. The member's value follows.
    fn key(&mut self, key: &str);
    /// A string value opens; fragments of its decoded content follow.
    fn begin_string(&mut self);
    /// Decoded content of the open string value.
    fn string_fragment(&mut self, fragment: &[u8]);
    /// The open string value closes.
    fn end_string(&mut self);
    /// A number exactly as written in the input.
    fn number(&mut self, text: &str);
    /// `true` or `false`.
    fn boolean(&mut self, value: bool);
    /// `null`.
    fn null(&mut self);

    /// Receives a complete object key as UTF-8 bytes. The stream calls this in place of
    /// [`Sink::key`], and the default checks the bytes and calls `key`. A sink that keeps
    /// bytes can store them as they are, because the lexer has already checked them.
    fn key_bytes(&mut self, key: &[u8]) {
        self.key(&String::from_utf8_lossy(key));
    }

    /// Receives a number's text as ASCII bytes. The stream calls this in place of
    /// [`Sink::number`], and the default checks the bytes and calls `number`.
    fn number_bytes(&mut self, text: &[u8]) {
        self.number(&String::from_utf8_lossy(text));
    }
}

impl Sink for () {
    const DISCARDS: bool = true;

    fn begin_object(&mut self) {}
    fn end_object(&mut self) {}
    fn begin_array(&mut self) {}
    fn end_array(&mut self) {}
    fn key(&mut self, _: &str) {}
    fn begin_string(&mut self) {}
    fn string_fragment(&mut self, _: &[u8]) {}
    fn end_string(&mut self) {}
    fn number(&mut self, _: &str) {}
    fn boolean(&mut self, _: bool) {}
    fn null(&mut self) {}
}

/// Forwards every event to the borrowed sink, so that a caller keeps the sink when
/// [`crate::Stream::finish`] consumes the stream, including when it returns a rejection.
impl<S: Sink + ?Sized> Sink for &mut S {
    const DISCARDS: bool = S::DISCARDS;

    fn begin_object(&mut self) {
        (**self).begin_object();
    }
    fn end_object(&mut self) {
        (**self).end_object();
    }
    fn begin_array(&mut self) {
        (**self).begin_array();
    }
    fn end_array(&mut self) {
        (**self).end_array();
    }
    fn key(&mut self, key: &str) {
        (**self).key(key);
    }
    fn begin_string(&mut self) {
        (**self).begin_string();
    }
    fn string_fragment(&mut self, fragment: &[u8]) {
        (**self).string_fragment(fragment);
    }
    fn end_string(&mut self) {
        (**self).end_string();
    }
    fn number(&mut self, text: &str) {
        (**self).number(text);
    }
    fn boolean(&mut self, value: bool) {
        (**self).boolean(value);
    }
    fn null(&mut self) {
        (**self).null();
    }
    fn key_bytes(&mut self, key: &[u8]) {
        (**self).key_bytes(key);
    }
    fn number_bytes(&mut self, text: &[u8]) {
        (**self).number_bytes(text);
    }
}

/// Sends every event to both sinks.
impl<A: Sink, B: Sink> Sink for (A, B) {
    const DISCARDS: bool = A::DISCARDS && B::DISCARDS;

    fn begin_object(&mut self) {
        self.0.begin_object();
        self.1.begin_object();
    }
    fn end_object(&mut self) {
        self.0.end_object();
        self.1.end_object();
    }
    fn begin_array(&mut self) {
        self.0.begin_array();
        self.1.begin_array();
    }
    fn end_array(&mut self) {
        self.0.end_array();
        self.1.end_array();
    }
    fn key(&mut self, key: &str) {
        self.0.key(key);
        self.1.key(key);
    }
    fn begin_string(&mut self) {
        self.0.begin_string();
        self.1.begin_string();
    }
    fn string_fragment(&mut self, fragment: &[u8]) {
        self.0.string_fragment(fragment);
        self.1.string_fragment(fragment);
    }
    fn end_string(&mut self) {
        self.0.end_string();
        self.1.end_string();
    }
    fn number(&mut self, text: &str) {
        self.0.number(text);
        self.1.number(text);
    }
    fn boolean(&mut self, value: bool) {
        self.0.boolean(value);
        self.1.boolean(value);
    }
    fn null(&mut self) {
        self.0.null();
        self.1.null();
    }
    fn key_bytes(&mut self, key: &[u8]) {
        self.0.key_bytes(key);
        self.1.key_bytes(key);
    }
    fn number_bytes(&mut self, text: &[u8]) {
        self.0.number_bytes(text);
        self.1.number_bytes(text);
    }
}

/// Writes the canonical text: compact JSON, keys in input order, numbers exactly as
/// written, strings with the shortest escapes (`\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`,
/// `\u00XX` for other control characters) and every other character as raw UTF-8.
#[derive(Debug, Default, Clone)]
pub struct TextSink {
    out: Vec<u8>,
}

impl TextSink {
    /// Creates an empty sink.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The text written so far.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// Returns the text. After a successful `finish` it is valid UTF-8, being made of
    /// validated input and ASCII punctuation.
    #[must_use]
    pub fn into_string(self) -> String {
        String::from_utf8(self.out)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }

    fn separate(&mut self) {
        if let Some(&last) = self.out.last() {
            if !matches!(last, b'[' | b'{' | b':') {
                self.out.push(b',');
            }
        }
    }

    fn push_escaped(&mut self, bytes: &[u8]) {
        let mut run = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                0x0c => b"\\f",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0x00..=0x1f => b"",
                _ => continue,
            };
            self.out.extend_from_slice(&bytes[run..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.extend_from_slice(b"\\u00");
                self.out.push(HEX[usize::from(b >> 4)]);
                self.out.push(HEX[usize::from(b & 0xf)]);
            } else {
                self.out.extend_from_slice(escape);
            }
            run = i + 1;
        }
        self.out.extend_from_slice(&bytes[run..]);
    }
}

impl Sink for TextSink {
    fn begin_object(&mut self) {
        self.separate();
        self.out.push(b'{');
    }
    fn end_object(&mut self) {
        self.out.push(b'}');
    }
    fn begin_array(&mut self) {
        self.separate();
        self.out.push(b'[');
    }
    fn end_array(&mut self) {
        self.out.push(b']');
    }
    fn key(&mut self, key: &str) {
        self.separate();
        self.out.push(b'"');
        self.push_escaped(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }
    fn begin_string(&mut self) {
        self.separate();
        self.out.push(b'"');
    }
    fn string_fragment(&mut self, fragment: &[u8]) {
        self.push_escaped(fragment);
    }
    fn end_string(&mut self) {
        self.out.push(b'"');
    }
    fn number(&mut self, text: &str) {
        self.separate();
        self.out.extend_from_slice(text.as_bytes());
    }
    fn boolean(&mut self, value: bool) {
        self.separate();
        self.out.extend_from_slice(if value { b"true" } else { b"false" });
    }
    fn null(&mut self) {
        self.separate();
        self.out.extend_from_slice(b"null");
    }
}

/// Builds a `serde_json::Value`, with object keys in input order.
///
/// `serde_json::Value` stores numbers as `i64`, `u64` or finite `f64`. A number outside
/// those (such as `1e400`) cannot be held, and [`ValueSink::into_value`] then returns an
/// error naming it rather than a changed value.
#[derive(Debug, Default)]
pub struct ValueSink {
    stack: Vec<Partial>,
    string: Vec<u8>,
    root: Option<Value>,
    unrepresentable: Option<String>,
    /// Treat a number that `f64` would round as unrepresentable, so that comparisons
    /// with `enum` and `const` members stay exact.
    exact: bool,
}

#[derive(Debug)]
enum Partial {
    Object(Map<String, Value>, Option<String>),
    Array(Vec<Value>),
}

impl ValueSink {
    /// Creates an empty sink.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A sink for values compared with `enum` and `const` members, which must not round.
    pub(crate) fn exact() -> Self {
        Self {
            exact: true,
            ..Self::default()
        }
    }

    /// Returns the value, or the text of a number that `serde_json::Value` cannot hold.
    pub fn into_value(self) -> Result<Value, String> {
        if let Some(number) = self.unrepresentable {
            return Err(number);
        }
        Ok(self.root.unwrap_or(Value::Null))
    }

    /// The finished value, when the root has ended and every number fits.
    pub(crate) fn peek(&self) -> Option<&Value> {
        if self.unrepresentable.is_some() {
            return None;
        }
        self.root.as_ref()
    }

    fn push(&mut self, value: Value) {
        match self.stack.last_mut() {
            Some(Partial::Object(map, key)) => {
                let key = key.take().unwrap_or_default();
                map.insert(key, value);
            }
            Some(Partial::Array(items)) => items.push(value),
            None => self.root = Some(value),
        }
    }
}

/// Reads number text into a `serde_json::Number` when it fits exactly enough: integers
/// that fit `i64` or `u64`, and other numbers that are finite as `f64`.
pub(crate) fn parse_number(text: &str) -> Option<Number> {
    if let Ok(n) = text.parse::<i64>() {
        // `serde_json` reads `-0` as the float -0.0, keeping the sign, and so does this sink.
        if n == 0 && text.starts_with('-') {
            return Number::from_f64(-0.0);
        }
        return Some(n.into());
    }
    if let Ok(n) = text.parse::<u64>() {
        return Some(n.into());
    }
    text.parse::<f64>().ok().and_then(Number::from_f64)
}

impl Sink for ValueSink {
    fn begin_object(&mut self) {
        self.stack.push(Partial::Object(Map::new(), None));
    }
    fn end_object(&mut self) {
        if let Some(Partial::Object(map, _)) = self.stack.pop() {
            self.push(Value::Object(map));
        }
    }
    fn begin_array(&mut self) {
        self.stack.push(Partial::Array(Vec::new()));
    }
    fn end_array(&mut self) {
        if let Some(Partial::Array(items)) = self.stack.pop() {
            self.push(Value::Array(items));
        }
    }
    fn key(&mut self, key: &str) {
        if let Some(Partial::Object(_, pending)) = self.stack.last_mut() {
            *pending = Some(key.to_owned());
        }
    }
    fn begin_string(&mut self) {
        self.string.clear();
    }
    fn string_fragment(&mut self, fragment: &[u8]) {
        self.string.extend_from_slice(fragment);
    }
    fn end_string(&mut self) {
        let bytes = std::mem::take(&mut self.string);
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
        self.push(Value::String(text));
    }
    fn number(&mut self, text: &str) {
        let number = parse_number(text).filter(|number| {
            !self.exact
                || crate::number::Decimal::parse(text.as_bytes()) == crate::number::Decimal::from_json(number)
        });
        if let Some(number) = number {
            self.push(Value::Number(number));
        } else {
            self.unrepresentable.get_or_insert_with(|| text.to_owned());
            self.push(Value::Null);
        }
    }
    fn boolean(&mut self, value: bool) {
        self.push(Value::Bool(value));
    }
    fn null(&mut self) {
        self.push(Value::Null);
    }
}

#[cfg(test)]
mod tests {
    use super::TextSink;
    use crate::{RejectionKind, Validator};

    #[test]
    fn borrowed_sink_outlives_failed_finish() {
        let validator = Validator::new(&serde_json::json!({"type": "array"})).unwrap();
        let mut text = TextSink::new();
        let mut stream = validator.stream_with(&mut text);
        stream.feed(b"[1, \"tw").unwrap();
        let rejection = stream.finish().unwrap_err();
        assert_eq!(rejection.kind(), RejectionKind::Truncated);
        assert_eq!(text.as_bytes(), b"[1,\"tw");
    }
}
