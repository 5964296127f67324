//! The public entry points: [`Validator`] compiles a schema once; [`Stream`] validates one
//! document fed in chunks.

use std::sync::Arc;

use serde_json::Value;

use crate::error::{Rejection, RejectionKind, SchemaError};
use crate::extract::{Found, RootStarts, Scanner};
use crate::lexer::{Handler, Lexer, LexerConfig};
use crate::matcher::{Engine, Matcher};
use crate::options::{Options, RepairMode};
use crate::report::{RepairKind, Report, Status};
use crate::resources::Resources;
use crate::schema::{Compiler, Schema, ValueKind};
use crate::sink::{Sink, TextSink, ValueSink};

#[derive(Debug)]
struct Inner {
    schema: Schema,
    options: Options,
    /// What a candidate may begin with, computed once per schema.
    root_starts: RootStarts,
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
        Self::with_resources(schema, options, &Resources::new())
    }

    /// Compiles `schema` with the given options, resolving references to other documents
    /// against `resources`.
    pub fn with_resources(schema: &Value, options: Options, resources: &Resources) -> Result<Self, SchemaError> {
        let schema = Compiler::compile(schema, &options, resources)?;
        let root_starts = root_starts(&schema, &options);
        Ok(Self {
            inner: Arc::new(Inner {
                schema,
                options,
                root_starts,
            }),
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

    /// JSON Pointers of the keywords that were accepted without being checked: keywords that
    /// no draft defines (annotations), keywords of another draft than the schema's, and,
    /// with [`Options::unknown_keywords`], validation keywords this engine does not enforce.
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
        let extraction = self.inner.options.extract.then(|| Extraction {
            scanner: Scanner::new(self.inner.root_starts, self.inner.options.max_whitespace_run),
            phase: Phase::Prose,
            probe: None,
            first_rejection: None,
            found: Vec::new(),
        });
        Stream {
            validator: self.clone(),
            lexer: self.new_lexer(),
            matcher: Matcher::new(),
            sink,
            offset: 0,
            diverged: None,
            report: Report::default(),
            extraction,
        }
    }

    /// A lexer whose first byte is at `offset` of the input.
    fn new_lexer_at(&self, offset: u64) -> Lexer {
        let mut lexer = self.new_lexer();
        lexer.set_offset(offset);
        lexer
    }

    fn new_lexer(&self) -> Lexer {
        let options = &self.inner.options;
        let lenient = options.repair != RepairMode::Strict;
        Lexer::new(LexerConfig {
            max_depth: options.max_depth,
            max_string_bytes: options.max_string_bytes,
            max_number_bytes: options.max_number_bytes,
            max_whitespace_run: options.max_whitespace_run,
            lenient,
            allow_non_finite: lenient && options.allow_non_finite,
            close_truncated: options.repair == RepairMode::Lossy,
            decode_strings: lenient,
            stop_at_end: options.extract,
        })
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

/// Which kinds of value the root schema lets a candidate begin with, found by starting a
/// value of each kind on an empty matcher.
fn root_starts(schema: &Schema, options: &Options) -> RootStarts {
    let admits = |kind: ValueKind| {
        let mut matcher = Matcher::new();
        let mut engine = Engine {
            schema,
            options,
            m: &mut matcher,
        };
        engine.begin_value(kind, 0).is_ok()
    };
    let mut matcher = Matcher::new();
    let engine = Engine {
        schema,
        options,
        m: &mut matcher,
    };
    let encoded = options.repair != RepairMode::Strict && engine.string_needs_decoding();
    RootStarts {
        encoded,
        object: admits(ValueKind::Object),
        array: admits(ValueKind::Array),
        scalar: [ValueKind::String, ValueKind::Number, ValueKind::True, ValueKind::False, ValueKind::Null]
            .into_iter()
            .any(admits),
    }
}

/// What a successful [`Stream::feed`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Progress {
    /// Bytes accepted so far.
    pub offset: u64,
    /// Whether the document has ended. Only whitespace, or with extraction the text around
    /// the document, may follow; call [`Stream::finish`] to get the outcome.
    pub complete: bool,
}

/// A document that satisfied the schema.
#[derive(Debug)]
pub struct Outcome<S = TextSink> {
    sink: S,
    bytes: u64,
    report: Report,
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

    /// What was stripped around the document and repaired in it.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// `valid`, `repaired` or `truncated`.
    pub fn status(&self) -> Status {
        self.report.status()
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

/// Where extraction is in the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before any candidate: the scanner reads.
    Prose,
    /// Inside a candidate in prose, which may still be abandoned.
    Probe,
    /// Inside the document: the lexer reads.
    Document,
    /// After the document: the scanner reads what follows.
    After,
}

/// A candidate inside prose, lexed and matched without a sink until it either diverges
/// (and is abandoned) or proves itself (and is lexed again into the sink).
#[derive(Debug)]
struct Probe {
    start: u64,
    bytes: Vec<u8>,
    lexer: Lexer,
    matcher: Matcher,
    report: Report,
}

#[derive(Debug)]
struct Extraction {
    scanner: Scanner,
    phase: Phase,
    probe: Option<Probe>,
    /// The divergence of the first abandoned candidate, reported when no candidate is
    /// accepted.
    first_rejection: Option<Rejection>,
    found: Vec<Found>,
}

/// One document being validated as its bytes arrive.
///
/// Feed chunks of any size with [`Stream::feed`]; the first chunk that makes the document
/// impossible to complete returns the [`Rejection`], and every later call returns it again.
/// [`Stream::finish`] ends the input.
///
/// With extraction on ([`Options::extract`]), the stream first looks for the document in
/// the input. A candidate that starts inside prose is checked without a sink; if it
/// diverges within its first [`Options::extract_window`] bytes it is taken for prose and
/// the search goes on from its second byte, so its divergence is not returned at once. If
/// no candidate is accepted, `finish` returns the first candidate's rejection, or a
/// [`RejectionKind::NoJson`] one when there was none.
#[derive(Debug)]
pub struct Stream<S = TextSink> {
    validator: Validator,
    lexer: Lexer,
    matcher: Matcher,
    sink: S,
    offset: u64,
    diverged: Option<Rejection>,
    report: Report,
    extraction: Option<Extraction>,
}

/// The handler the lexer drives: the matcher, then the sink.
struct Pipeline<'a, S> {
    engine: Engine<'a>,
    sink: &'a mut S,
    report: &'a mut Report,
}

impl<'a, S: Sink> Pipeline<'a, S> {
    fn new(inner: &'a Inner, matcher: &'a mut Matcher, sink: &'a mut S, report: &'a mut Report) -> Self {
        Self {
            engine: Engine {
                schema: &inner.schema,
                options: &inner.options,
                m: matcher,
            },
            sink,
            report,
        }
    }
}

impl<S: Sink> Pipeline<'_, S> {
    /// Returns `bytes` when the fragment at `at` stays inside `max_buffered_bytes` of the
    /// value being captured for `enum` or `const`. When it reaches past the limit, `check`
    /// gets the bytes before the limit's byte and the limit's rejection follows, so the
    /// result is the same as when the bytes arrive one at a time.
    fn within_capture_limit<'b>(
        &mut self,
        bytes: &'b [u8],
        at: u64,
        raw: bool,
        check: impl FnOnce(&mut Engine<'_>, &[u8]) -> Result<(), Rejection>,
    ) -> Result<&'b [u8], Rejection> {
        // A decoded fragment (an escape or a repaired quote) is checked at `at` alone,
        // because its length in the input differs from its decoded length.
        let last = if raw && !bytes.is_empty() { at + bytes.len() as u64 - 1 } else { at };
        let Err(limit) = self.engine.check_capture_size(last) else {
            return Ok(bytes);
        };
        let before = usize::try_from(limit.offset().saturating_sub(at)).unwrap_or(usize::MAX);
        check(&mut self.engine, &bytes[..before.min(bytes.len())])?;
        Err(limit)
    }
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
        let bytes = self.within_capture_limit(bytes, at, raw, |engine, head| engine.string_bytes(head, at, raw))?;
        self.engine.string_bytes(bytes, at, raw)?;
        self.sink.string_fragment(bytes);
        Ok(())
    }

    fn end_string(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_string(at)?;
        self.sink.end_string();
        Ok(())
    }

    fn whole_string(&mut self, at: u64, bytes: &[u8], end: u64) -> Result<(), Rejection> {
        if !self.engine.accepts_scalar(ValueKind::String, bytes) {
            self.begin_value(ValueKind::String, at)?;
            if !bytes.is_empty() {
                self.string_bytes(bytes, at + 1, true)?;
            }
            return self.end_string(end);
        }
        self.sink.begin_string();
        if !bytes.is_empty() {
            self.sink.string_fragment(bytes);
        }
        self.sink.end_string();
        Ok(())
    }

    fn begin_key(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.begin_key(at)
    }

    fn key_bytes(&mut self, bytes: &[u8], at: u64, raw: bool) -> Result<(), Rejection> {
        self.engine.check_capture_size(at)?;
        let bytes = self.within_capture_limit(bytes, at, raw, |engine, head| engine.key_bytes(head, at, raw))?;
        self.engine.key_bytes(bytes, at, raw)
    }

    fn whole_key(&mut self, at: u64, bytes: &[u8], end: u64) -> Result<(), Rejection> {
        if self.engine.ends_whole_key(bytes, end)? {
            if !S::DISCARDS {
                self.sink.key_bytes(bytes);
            }
            return Ok(());
        }
        self.begin_key(at)?;
        if !bytes.is_empty() {
            self.key_bytes(bytes, at + 1, true)?;
        }
        self.end_key(end)
    }

    fn end_key(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_key(at)?;
        if S::DISCARDS {
            return Ok(());
        }
        self.sink.key_bytes(self.engine.m.current_key());
        Ok(())
    }

    fn end_number(&mut self, text: &[u8], at: u64) -> Result<(), Rejection> {
        self.engine.end_number(text, at)?;
        if !S::DISCARDS {
            self.sink.number_bytes(text);
        }
        Ok(())
    }

    fn whole_number(&mut self, at: u64, text: &[u8], end: u64) -> Result<(), Rejection> {
        if !self.engine.accepts_scalar(ValueKind::Number, text) {
            self.begin_value(ValueKind::Number, at)?;
            return self.end_number(text, end);
        }
        if !S::DISCARDS {
            self.sink.number_bytes(text);
        }
        Ok(())
    }

    fn end_literal(&mut self, at: u64) -> Result<(), Rejection> {
        self.engine.end_literal(at)
    }

    fn whole_literal(&mut self, kind: ValueKind, at: u64, end: u64) -> Result<(), Rejection> {
        if !self.engine.accepts_scalar(kind, &[]) {
            self.begin_value(kind, at)?;
            return self.end_literal(end);
        }
        match kind {
            ValueKind::True => self.sink.boolean(true),
            ValueKind::False => self.sink.boolean(false),
            _ => self.sink.null(),
        }
        Ok(())
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

    fn string_needs_decoding(&self) -> bool {
        self.engine.string_needs_decoding()
    }

    fn repair(&mut self, kind: RepairKind, offset: u64, original: &[u8], written: &str) -> Result<(), Rejection> {
        let max = self.engine.options.max_repairs;
        if self.report.repairs.len() >= max {
            let mut rejection = Rejection::new(
                RejectionKind::RepairLimit,
                offset,
                format!("at most {max} repairs in one document (max_repairs)"),
                format!("another {kind} repair"),
            );
            rejection.0.instance_path = self.engine.instance_path(false);
            return Err(rejection);
        }
        if kind == RepairKind::ClosedTruncation {
            self.report.truncated = true;
        }
        self.report.repairs.push(crate::report::Repair {
            kind,
            offset,
            original: String::from_utf8_lossy(original).into_owned(),
            written: written.to_owned(),
        });
        Ok(())
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
        let result = self.consume(accepted).and_then(|()| match over_limit {
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

    fn consume(&mut self, chunk: &[u8]) -> Result<(), Rejection> {
        if self.extraction.is_none() {
            let inner = &*self.validator.inner;
            let mut pipeline = Pipeline::new(inner, &mut self.matcher, &mut self.sink, &mut self.report);
            self.lexer.feed(chunk, &mut pipeline)?;
            return Ok(());
        }
        self.consume_at(self.offset, chunk)
    }

    /// Reads `chunk`, whose first byte is at offset `base`, through the extractor.
    fn consume_at(&mut self, base: u64, chunk: &[u8]) -> Result<(), Rejection> {
        // Segments read again (an abandoned candidate's bytes, or bytes past the document
        // that the lexer read ahead) come before the rest of the chunk.
        let mut pending: Vec<(u64, Vec<u8>, usize)> = Vec::new();
        let mut position = 0;
        loop {
            if let Some((base, bytes, at)) = pending.last_mut() {
                if *at == bytes.len() {
                    pending.pop();
                    continue;
                }
                let segment = std::mem::take(bytes);
                let start = *at;
                let (read, again) = self.extract_step(*base + start as u64, &segment[start..])?;
                let (_, bytes, at) = pending.last_mut().expect("the segment is still on the stack");
                *bytes = segment;
                *at += read;
                pending.extend(again.map(|(base, bytes)| (base, bytes, 0)));
                continue;
            }
            if position == chunk.len() {
                return Ok(());
            }
            let (read, again) = self.extract_step(base + position as u64, &chunk[position..])?;
            position += read;
            pending.extend(again.map(|(base, bytes)| (base, bytes, 0)));
        }
    }

    /// Reads from `bytes` in the current extraction phase. Returns the bytes read, and
    /// bytes to read again first, with their offset.
    #[allow(clippy::type_complexity)]
    fn extract_step(&mut self, base: u64, bytes: &[u8]) -> Result<(usize, Option<(u64, Vec<u8>)>), Rejection> {
        let inner = &*self.validator.inner;
        let extraction = self.extraction.as_mut().expect("extraction is on");
        match extraction.phase {
            Phase::Prose | Phase::After => {
                let read = extraction.scanner.scan(bytes, base, &mut extraction.found);
                for found in extraction.found.drain(..) {
                    match found {
                        Found::Strip { start, end, kind } => self.report.strip(start, end, kind),
                        Found::WhitespaceLimit { at } => {
                            let max = inner.options.max_whitespace_run;
                            return Err(Rejection::new(
                                RejectionKind::WhitespaceLimit,
                                at,
                                format!("at most {max} whitespace bytes in a row (max_whitespace_run)"),
                                "a longer run of whitespace",
                            ));
                        }
                        Found::Candidate { at, anchored: true } => {
                            debug_assert_eq!(at, base + read as u64);
                            extraction.phase = Phase::Document;
                        }
                        Found::Candidate { at, anchored: false } => {
                            extraction.phase = Phase::Probe;
                            extraction.probe = Some(Probe {
                                start: at,
                                bytes: Vec::new(),
                                lexer: self.validator.new_lexer_at(at),
                                matcher: Matcher::new(),
                                report: Report::default(),
                            });
                        }
                    }
                }
                if extraction.phase == Phase::Document {
                    self.lexer = self.validator.new_lexer_at(base + read as u64);
                }
                Ok((read, None))
            }
            Phase::Document => {
                let mut pipeline = Pipeline::new(inner, &mut self.matcher, &mut self.sink, &mut self.report);
                let read = self.lexer.feed(bytes, &mut pipeline)?;
                if self.lexer.is_complete() {
                    extraction.phase = Phase::After;
                    // Bytes the lexer read past the document while deciding a quote start
                    // where the document ended.
                    let leftover = self.lexer.take_leftover();
                    let end = leftover.as_ref().map_or(base + read as u64, |(start, _)| *start);
                    extraction.scanner.document_ended(end);
                    self.report.document_ended();
                    return Ok((read, leftover));
                }
                Ok((read, None))
            }
            Phase::Probe => {
                let window = inner.options.extract_window;
                let probe = extraction.probe.as_mut().expect("a probe is open");
                let take = window.saturating_sub(probe.bytes.len()).max(1).min(bytes.len());
                probe.bytes.extend_from_slice(&bytes[..take]);
                let mut unit = ();
                let mut pipeline = Pipeline::new(inner, &mut probe.matcher, &mut unit, &mut probe.report);
                match probe.lexer.feed(&bytes[..take], &mut pipeline) {
                    Err(rejection) => {
                        let probe = extraction.probe.take().expect("a probe is open");
                        // Counted up to the divergence, so the figure does not depend on
                        // how much of the chunk the probe had read.
                        self.report.rescanned_bytes += rejection.offset().saturating_sub(probe.start);
                        extraction.first_rejection.get_or_insert(rejection);
                        extraction.scanner.candidate_abandoned(probe.start);
                        extraction.phase = Phase::Prose;
                        let again = probe.bytes[1..].to_vec();
                        Ok((take, Some((probe.start + 1, again))))
                    }
                    Ok(_) if probe.lexer.is_complete() || probe.bytes.len() >= window => {
                        let probe = self.commit_probe();
                        Ok((take, Some(probe)))
                    }
                    Ok(_) => Ok((take, None)),
                }
            }
        }
    }

    /// Keeps the candidate being probed as the document: closes the prose before it and
    /// returns its bytes, with their offset, for the document's lexer to read.
    fn commit_probe(&mut self) -> (u64, Vec<u8>) {
        let extraction = self.extraction.as_mut().expect("extraction is on");
        let probe = extraction.probe.take().expect("a probe is open");
        extraction.scanner.flush_prose(&mut extraction.found);
        for found in extraction.found.drain(..) {
            if let Found::Strip { start, end, kind } = found {
                self.report.strip(start, end, kind);
            }
        }
        extraction.phase = Phase::Document;
        self.lexer = self.validator.new_lexer_at(probe.start);
        (probe.start, probe.bytes)
    }

    fn progress(&self) -> Progress {
        let complete = match &self.extraction {
            Some(extraction) => extraction.phase == Phase::After,
            None => self.lexer.is_complete(),
        };
        Progress {
            offset: self.offset,
            complete,
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

    /// What has been stripped and repaired so far.
    pub fn report(&self) -> &Report {
        &self.report
    }

    /// Ends the input and returns the outcome, or the rejection: the one already returned
    /// by `feed`, or a [`RejectionKind::Truncated`] one when the document is unfinished.
    ///
    /// # Panics
    ///
    /// Never: the `expect` calls inside state facts that the stream maintains.
    pub fn finish(mut self) -> Result<Outcome<S>, Rejection> {
        if let Some(rejection) = self.diverged.take() {
            return Err(rejection);
        }
        let end = self.offset;
        if let Some(extraction) = self.extraction.as_mut() {
            if extraction.phase == Phase::Probe {
                // A candidate that never diverged is the answer, complete or not.
                let (start, bytes) = self.commit_probe();
                self.consume_at(start, &bytes)?;
            }
        }
        let inner = &*self.validator.inner;
        if let Some(extraction) = self.extraction.as_mut() {
            extraction.scanner.finish(end, &mut extraction.found);
            for found in extraction.found.drain(..) {
                if let Found::Strip { start, end, kind } = found {
                    self.report.strip(start, end, kind);
                }
            }
            if extraction.phase == Phase::Prose {
                let found = match extraction.scanner.open_reasoning() {
                    Some(name) => format!(
                        "only text: a <{}> block that never closes, whose content is reasoning, not the answer",
                        String::from_utf8_lossy(name)
                    ),
                    None => "only text".to_owned(),
                };
                return Err(extraction.first_rejection.take().unwrap_or_else(|| {
                    Rejection::new(RejectionKind::NoJson, end, "a JSON value that the schema's root can begin with", found)
                }));
            }
            if extraction.phase == Phase::After {
                self.report.sort();
                return Ok(Outcome {
                    sink: self.sink,
                    bytes: end,
                    report: self.report,
                });
            }
        }
        let mut pipeline = Pipeline::new(inner, &mut self.matcher, &mut self.sink, &mut self.report);
        self.lexer.finish(&mut pipeline)?;
        self.report.sort();
        Ok(Outcome {
            sink: self.sink,
            bytes: end,
            report: self.report,
        })
    }
}
