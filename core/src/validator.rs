//! The public entry points: [`Validator`] compiles a schema once; [`Stream`] validates one
//! document fed in chunks.

use std::sync::Arc;

use serde_json::Value;

use crate::error::{Rejection, RejectionKind, SchemaError};
use crate::lexer::{Handler, Lexer, LexerLimits};
use crate::matcher::{Engine, Matcher};
use crate::options::Options;
use crate::schema::{Compiler, Schema, ValueKind};
use crate::sink::{Sink, TextSink, ValueSink};

#[derive(Debug)]
struct Inner {
    schema: Schema,
    options: Options,
}

/// A compiled schema. Cheap to clone and share between threads: clones share the compiled
/// form.
#[derive(Debug, Clone)]
pub struct Validator {
    inner: Arc<Inner>,
}

impl Validator {
    /// Compiles `schema` with default [`Options`].
    pub fn new(schema: &Value) -> Result<Self, SchemaError> {
        Self::with_options(schema, Options::default())
    }

    /// Compiles `schema` with the given options.
    pub fn with_options(schema: &Value, options: Options) -> Result<Self, SchemaError> {
        let schema = Compiler::compile(schema, &options)?;
        Ok(Self {
            inner: Arc::new(Inner { schema, options }),
        })
    }

    /// A validator that checks syntax only: the schema `true`.
    ///
    /// # Panics
    ///
    /// Never: the schema `true` always compiles.
    #[must_use]
    pub fn syntax_only(options: Options) -> Self {
        Self::with_options(&Value::Bool(true), options).expect("the schema `true` always compiles")
    }

    /// The options this validator was compiled with.
    #[must_use]
    pub fn options(&self) -> &Options {
        &self.inner.options
    }

    /// JSON Pointers of the keywords that were accepted without being checked, when
    /// [`Options::unknown_keywords`] is set. Empty otherwise.
    #[must_use]
    pub fn unchecked_keywords(&self) -> &[String] {
        &self.inner.schema.unchecked
    }

    /// Starts a stream that writes the canonical text of the document.
    #[must_use]
    pub fn stream(&self) -> Stream<TextSink> {
        self.stream_with(TextSink::new())
    }

    /// Starts a stream that sends the accepted document to `sink`.
    #[must_use]
    pub fn stream_with<S: Sink>(&self, sink: S) -> Stream<S> {
        let options = &self.inner.options;
        Stream {
            validator: self.clone(),
            lexer: Lexer::new(LexerLimits {
                max_depth: options.max_depth,
                max_string_bytes: options.max_string_bytes,
                max_number_bytes: options.max_number_bytes,
            }),
            matcher: Matcher::new(),
            sink,
            offset: 0,
            diverged: None,
        }
    }

    /// Validates a complete document and returns its canonical text.
    pub fn validate(&self, document: &[u8]) -> Result<Outcome<TextSink>, Rejection> {
        let mut stream = self.stream();
        stream.feed(document)?;
        stream.finish()
    }

    /// Validates a complete document and builds its value.
    ///
    /// A number that `serde_json::Value` cannot hold (such as `1e400`) is valid JSON but
    /// makes this method fail with a [`RejectionKind::NumberLimit`] rejection; use
    /// [`Validator::validate`] to keep its text.
    pub fn validate_value(&self, document: &[u8]) -> Result<Value, Rejection> {
        let mut stream = self.stream_with(ValueSink::new());
        stream.feed(document)?;
        let outcome = stream.finish()?;
        outcome.into_sink().into_value().map_err(|number| {
            Rejection::new(
                RejectionKind::NumberLimit,
                0,
                "a number that serde_json::Value can hold (i64, u64 or finite f64)",
                number,
            )
        })
    }

    /// Whether a complete document is valid. Builds no output.
    #[must_use]
    pub fn is_valid(&self, document: &[u8]) -> bool {
        let mut stream = self.stream_with(());
        stream.feed(document).is_ok() && stream.finish().is_ok()
    }
}

/// What a successful [`Stream::feed`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes accepted so far.
    pub offset: u64,
    /// Whether the root value has ended. Only whitespace may follow; call
    /// [`Stream::finish`] to get the outcome.
    pub complete: bool,
}

/// A document that satisfied the schema.
#[derive(Debug)]
pub struct Outcome<S = TextSink> {
    sink: S,
    bytes: u64,
}

impl<S> Outcome<S> {
    /// The sink that received the document.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// Returns the sink that received the document.
    pub fn into_sink(self) -> S {
        self.sink
    }

    /// Length of the input in bytes.
    pub fn bytes(&self) -> u64 {
        self.bytes
    }
}

impl Outcome<TextSink> {
    /// The canonical text of the document.
    #[must_use]
    pub fn text(&self) -> &str {
        // The text sink writes only validated UTF-8 and ASCII punctuation.
        std::str::from_utf8(self.sink.as_bytes()).unwrap_or_default()
    }

    /// Returns the canonical text of the document.
    #[must_use]
    pub fn into_text(self) -> String {
        self.sink.into_string()
    }
}

/// One document being validated as its bytes arrive.
///
/// Feed chunks of any size with [`Stream::feed`]; the first chunk that makes the document
/// impossible to complete returns the [`Rejection`], and every later call returns it again.
/// [`Stream::finish`] ends the input.
#[derive(Debug)]
pub struct Stream<S = TextSink> {
    validator: Validator,
    lexer: Lexer,
    matcher: Matcher,
    sink: S,
    offset: u64,
    diverged: Option<Rejection>,
}

/// The handler the lexer drives: the matcher, then the sink.
struct Pipeline<'a, S> {
    engine: Engine<'a>,
    sink: &'a mut S,
}

impl<S: Sink> Handler for Pipeline<'_, S> {
    fn begin_value(&mut self, kind: ValueKind, at: u64) -> Result<(), Rejection> {
        self.engine.check_capture_size(at)?;
        self.engine.begin_value(kind, at)?;
        match kind {
            ValueKind::Object => self.sink.begin_object(),
            ValueKind::Array => self.sink.begin_array(),
            ValueKind::String => self.sink.begin_string(),
            ValueKind::True => self.sink.boolean(true),
            ValueKind::False => self.sink.boolean(false),
            ValueKind::Null => self.sink.null(),
            ValueKind::Number => {}
        }
        Ok(())
    }

    fn string_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection> {
        self.engine.check_capture_size(at)?;
        self.engine.string_bytes(bytes, at, raw)?;
        self.sink.string_fragment(bytes);
        Ok(())
    }

    fn end_string(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_string(at)?;
        self.sink.end_string();
        Ok(())
    }

    fn begin_key(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.begin_key(at)
    }

    fn key_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection> {
        self.engine.check_capture_size(at)?;
        self.engine.key_bytes(bytes, at, raw)
    }

    fn end_key(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_key(at)?;
        // Keys are validated UTF-8 by the lexer, so this conversion only checks.
        let key = std::str::from_utf8(self.engine.m.current_key()).unwrap_or_default();
        self.sink.key(key);
        Ok(())
    }

    fn end_number(&mut self, text: &[u8], at: u64) -> Result<(), Rejection> {
        self.engine.end_number(text, at)?;
        self.sink.number(std::str::from_utf8(text).unwrap_or("0"));
        Ok(())
    }

    fn end_literal(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_literal(at)
    }

    fn next_member(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.next_member(at)
    }

    fn next_item(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.next_item(at)
    }

    fn end_object(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_object(at)?;
        self.sink.end_object();
        Ok(())
    }

    fn end_array(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_array(at)?;
        self.sink.end_array();
        Ok(())
    }

    fn instance_path(&self, pending_value: bool) -> String {
        self.engine.instance_path(pending_value)
    }
}

impl<S: Sink> Stream<S> {
    /// Feeds the next chunk of input.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Progress, Rejection> {
        if let Some(rejection) = &self.diverged {
            return Err(rejection.clone());
        }
        let (accepted, over_limit) = match self.validator.inner.options.max_bytes {
            Some(max) if self.offset + chunk.len() as u64 > max => {
                let room = usize::try_from(max.saturating_sub(self.offset)).unwrap_or(usize::MAX);
                (&chunk[..room.min(chunk.len())], Some(max))
            }
            _ => (chunk, None),
        };
        let result = self.lex(accepted).and_then(|()| match over_limit {
            Some(max) => Err(Rejection::new(
                RejectionKind::SizeLimit,
                max,
                format!("at most {max} bytes of input (max_bytes)"),
                "more input",
            )),
            None => Ok(()),
        });
        match result {
            Ok(()) => {
                self.offset += chunk.len() as u64;
                Ok(self.progress())
            }
            Err(rejection) => {
                self.diverged = Some(rejection.clone());
                Err(rejection)
            }
        }
    }

    fn lex(&mut self, chunk: &[u8]) -> Result<(), Rejection> {
        let inner = &self.validator.inner;
        let mut pipeline = Pipeline {
            engine: Engine {
                schema: &inner.schema,
                options: &inner.options,
                m: &mut self.matcher,
            },
            sink: &mut self.sink,
        };
        self.lexer.feed(chunk, &mut pipeline)
    }

    fn progress(&self) -> Progress {
        Progress {
            offset: self.offset,
            complete: self.lexer.is_complete(),
        }
    }

    /// Bytes accepted so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }

    /// The rejection, once the stream has diverged.
    pub fn rejection(&self) -> Option<&Rejection> {
        self.diverged.as_ref()
    }

    /// The sink, holding what has been accepted so far.
    pub fn sink(&self) -> &S {
        &self.sink
    }

    /// Ends the input and returns the outcome, or the rejection: the one already returned
    /// by `feed`, or a [`RejectionKind::Truncated`] one when the document is unfinished.
    pub fn finish(mut self) -> Result<Outcome<S>, Rejection> {
        if let Some(rejection) = self.diverged {
            return Err(rejection);
        }
        let inner = &self.validator.inner;
        let mut pipeline = Pipeline {
            engine: Engine {
                schema: &inner.schema,
                options: &inner.options,
                m: &mut self.matcher,
            },
            sink: &mut self.sink,
        };
        self.lexer.finish(&mut pipeline)?;
        Ok(Outcome {
            sink: self.sink,
            bytes: self.offset,
        })
    }
}
