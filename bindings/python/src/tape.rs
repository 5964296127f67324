//! A sink that records the accepted document as a flat list of events, with the bytes of
//! keys, strings and numbers in one shared buffer.
//!
//! Recording needs no Python objects, so `validate` records with the GIL released. The
//! Python value, the canonical text and the tree for error paths are built afterwards by
//! reading or replaying the tape.

use std::ops::Range;
use std::sync::{Arc, Mutex, PoisonError};

use jsonseam::Sink;

/// One sink event. Ranges index [`Tape::bytes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    BeginObject,
    EndObject,
    BeginArray,
    EndArray,
    Key(Range<usize>),
    /// A string value. While `closed` is false the string is open, it is the last event on
    /// the tape, and its range grows as fragments arrive. An open string may end inside a
    /// multi-byte character.
    String { bytes: Range<usize>, closed: bool },
    /// A number's text exactly as written in the input.
    Number(Range<usize>),
    Bool(bool),
    Null,
}

/// The events of one document, in input order.
#[derive(Debug, Default)]
pub struct Tape {
    pub events: Vec<Event>,
    pub bytes: Vec<u8>,
}

impl Tape {
    pub fn new() -> Self {
        Self::default()
    }

    /// Creates a tape sized for a document of `length` bytes, so that recording it rarely
    /// grows the buffers. The content of a document is no longer than the document, and the
    /// benchmark documents have one event per 10 to 21 bytes. Both reservations are capped.
    pub fn for_document(length: usize) -> Self {
        const MAX_RESERVED_BYTES: usize = 64 << 20;
        const MAX_RESERVED_EVENTS: usize = 1 << 20;
        Self {
            events: Vec::with_capacity((length / 8).min(MAX_RESERVED_EVENTS)),
            bytes: Vec::with_capacity(length.min(MAX_RESERVED_BYTES)),
        }
    }

    fn push_bytes(&mut self, bytes: &[u8]) -> Range<usize> {
        let start = self.bytes.len();
        self.bytes.extend_from_slice(bytes);
        start..self.bytes.len()
    }

    /// Sends the recorded events to `sink`, as the core sent them to the tape. An open
    /// string is sent as begun but not ended, so that `sink` sees the same prefix.
    pub fn replay<S: Sink>(&self, sink: &mut S) {
        for event in &self.events {
            match event {
                Event::BeginObject => sink.begin_object(),
                Event::EndObject => sink.end_object(),
                Event::BeginArray => sink.begin_array(),
                Event::EndArray => sink.end_array(),
                Event::Key(range) => sink.key(&self.text(range.clone())),
                Event::String { bytes, closed } => {
                    sink.begin_string();
                    if !bytes.is_empty() {
                        sink.string_fragment(&self.bytes[bytes.clone()]);
                    }
                    if *closed {
                        sink.end_string();
                    }
                }
                Event::Number(range) => sink.number(&self.text(range.clone())),
                Event::Bool(value) => sink.boolean(*value),
                Event::Null => sink.null(),
            }
        }
    }

    /// Writes the canonical text of a finished document with the core's `TextSink`.
    pub fn canonical_text(&self) -> String {
        let mut text = jsonseam::TextSink::new();
        self.replay(&mut text);
        text.into_string()
    }

    /// Reads a key or number range as text. The core sends only validated UTF-8 there, so
    /// the lossy branch never replaces anything.
    fn text(&self, range: Range<usize>) -> std::borrow::Cow<'_, str> {
        String::from_utf8_lossy(&self.bytes[range])
    }
}

impl Sink for Tape {
    fn begin_object(&mut self) {
        self.events.push(Event::BeginObject);
    }

    fn end_object(&mut self) {
        self.events.push(Event::EndObject);
    }

    fn begin_array(&mut self) {
        self.events.push(Event::BeginArray);
    }

    fn end_array(&mut self) {
        self.events.push(Event::EndArray);
    }

    fn key(&mut self, key: &str) {
        let range = self.push_bytes(key.as_bytes());
        self.events.push(Event::Key(range));
    }

    fn begin_string(&mut self) {
        let start = self.bytes.len();
        self.events.push(Event::String {
            bytes: start..start,
            closed: false,
        });
    }

    fn string_fragment(&mut self, fragment: &[u8]) {
        // Fragments follow their `begin_string` directly, so the open string is the last
        // event and its bytes end the buffer.
        self.bytes.extend_from_slice(fragment);
        if let Some(Event::String { bytes, closed: false }) = self.events.last_mut() {
            bytes.end = self.bytes.len();
        }
    }

    fn end_string(&mut self) {
        if let Some(Event::String { closed, .. }) = self.events.last_mut() {
            *closed = true;
        }
    }

    fn number(&mut self, text: &str) {
        let range = self.push_bytes(text.as_bytes());
        self.events.push(Event::Number(range));
    }

    fn boolean(&mut self, value: bool) {
        self.events.push(Event::Bool(value));
    }

    fn null(&mut self) {
        self.events.push(Event::Null);
    }
}

/// The sink of a long-lived core stream: a tape that the stream owns and records into
/// without locking, and that moves into `left_behind` when the stream drops it.
///
/// `Stream::finish` consumes the stream, and when it returns a rejection the sink is
/// dropped with it. The binding still needs the tape then, to decode the rejection's
/// instance path and to show the accepted prefix as `partial`, so it reads the tape from
/// `left_behind`. While the stream is open it reads the tape through `Stream::sink`.
#[derive(Debug, Default)]
pub struct StreamTape {
    pub tape: Tape,
    left_behind: LeftBehind,
}

/// The slot that a dropped [`StreamTape`] moves its tape into.
pub type LeftBehind = Arc<Mutex<Option<Tape>>>;

impl StreamTape {
    /// Creates a sink and the slot that receives its tape when the sink is dropped.
    pub fn new() -> (Self, LeftBehind) {
        let left_behind = LeftBehind::default();
        let sink = Self {
            tape: Tape::new(),
            left_behind: Arc::clone(&left_behind),
        };
        (sink, left_behind)
    }
}

impl Drop for StreamTape {
    fn drop(&mut self) {
        let tape = std::mem::take(&mut self.tape);
        // A panic while the lock was held cannot leave the slot half written, so a poisoned
        // lock is used as is.
        *self.left_behind.lock().unwrap_or_else(PoisonError::into_inner) = Some(tape);
    }
}

impl Sink for StreamTape {
    fn begin_object(&mut self) {
        self.tape.begin_object();
    }

    fn end_object(&mut self) {
        self.tape.end_object();
    }

    fn begin_array(&mut self) {
        self.tape.begin_array();
    }

    fn end_array(&mut self) {
        self.tape.end_array();
    }

    fn key(&mut self, key: &str) {
        self.tape.key(key);
    }

    fn begin_string(&mut self) {
        self.tape.begin_string();
    }

    fn string_fragment(&mut self, fragment: &[u8]) {
        self.tape.string_fragment(fragment);
    }

    fn end_string(&mut self) {
        self.tape.end_string();
    }

    fn number(&mut self, text: &str) {
        self.tape.number(text);
    }

    fn boolean(&mut self, value: bool) {
        self.tape.boolean(value);
    }

    fn null(&mut self) {
        self.tape.null();
    }
}
