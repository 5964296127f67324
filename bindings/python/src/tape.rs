//! A sink that records the accepted document as a flat list of events, with the bytes of
//! keys, strings and numbers in one shared buffer.
//!
//! Recording needs no Python objects, so `validate` records with the GIL released. The
//! Python value, the canonical text and the tree for error paths are built afterwards by
//! reading or replaying the tape.

use std::sync::{Arc, Mutex, PoisonError};

use jsonseam::Sink;

/// One sink event.
///
/// Keys, strings and numbers append their bytes to [`Tape::bytes`] in event order, so each
/// keeps only where its bytes end: they begin where those of the event with bytes before it
/// end. That keeps an event at 16 bytes, and the tape small next to the input it records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    BeginObject,
    EndObject,
    BeginArray,
    EndArray,
    Key { end: usize },
    /// A string value. While `closed` is false the string is open, it is the last event on
    /// the tape, and its end grows as fragments arrive. An open string may end inside a
    /// multi-byte character.
    String { end: usize, closed: bool },
    /// A number's text exactly as written in the input.
    Number { end: usize },
    Bool(bool),
    Null,
}

impl Event {
    /// Returns where the event's bytes end in [`Tape::bytes`], for an event that has bytes.
    fn end(&self) -> Option<usize> {
        match self {
            Event::Key { end } | Event::String { end, .. } | Event::Number { end } => Some(*end),
            _ => None,
        }
    }
}

// Every event of a document is stored: a larger event costs memory and cache misses.
const _: () = assert!(std::mem::size_of::<Event>() == 16);

/// A place in a tape: the next event to read, and where its bytes begin.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    pub event: usize,
    pub byte: usize,
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

    /// Appends bytes and returns where they end.
    fn push_bytes(&mut self, bytes: &[u8]) -> usize {
        self.bytes.extend_from_slice(bytes);
        self.bytes.len()
    }

    /// Returns the event at `cursor` with its bytes, or `None` at the end of the tape.
    pub fn read(&self, cursor: Cursor) -> Option<(&Event, &[u8])> {
        let event = self.events.get(cursor.event)?;
        let bytes = match event.end() {
            Some(end) => &self.bytes[cursor.byte..end],
            None => &[],
        };
        Some((event, bytes))
    }

    /// Moves `cursor` past the event it is at, which `read` returned.
    pub fn advance(cursor: &mut Cursor, event: &Event) {
        cursor.event += 1;
        if let Some(end) = event.end() {
            cursor.byte = end;
        }
    }

    /// Returns every event with its bytes, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&Event, &[u8])> {
        let mut cursor = Cursor::default();
        std::iter::from_fn(move || {
            let (event, bytes) = self.read(cursor)?;
            Self::advance(&mut cursor, event);
            Some((event, bytes))
        })
    }

    /// Sends the recorded events to `sink`, as the core sent them to the tape. An open
    /// string is sent as begun but not ended, so that `sink` sees the same prefix.
    pub fn replay<S: Sink>(&self, sink: &mut S) {
        for (event, bytes) in self.iter() {
            match event {
                Event::BeginObject => sink.begin_object(),
                Event::EndObject => sink.end_object(),
                Event::BeginArray => sink.begin_array(),
                Event::EndArray => sink.end_array(),
                Event::Key { .. } => sink.key(&text(bytes)),
                Event::String { closed, .. } => {
                    sink.begin_string();
                    if !bytes.is_empty() {
                        sink.string_fragment(bytes);
                    }
                    if *closed {
                        sink.end_string();
                    }
                }
                Event::Number { .. } => sink.number(&text(bytes)),
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

}

/// Reads the bytes of a key or number as text. The core sends only validated UTF-8 there,
/// so the lossy branch never replaces anything.
fn text(bytes: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(bytes)
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
        self.key_bytes(key.as_bytes());
    }

    fn begin_string(&mut self) {
        self.events.push(Event::String {
            end: self.bytes.len(),
            closed: false,
        });
    }

    fn string_fragment(&mut self, fragment: &[u8]) {
        // Fragments follow their `begin_string` directly, so the open string is the last
        // event and its bytes end the buffer.
        let end = self.push_bytes(fragment);
        if let Some(Event::String { end: last, closed: false }) = self.events.last_mut() {
            *last = end;
        }
    }

    fn end_string(&mut self) {
        if let Some(Event::String { closed, .. }) = self.events.last_mut() {
            *closed = true;
        }
    }

    fn number(&mut self, text: &str) {
        self.number_bytes(text.as_bytes());
    }

    fn key_bytes(&mut self, key: &[u8]) {
        let end = self.push_bytes(key);
        self.events.push(Event::Key { end });
    }

    fn number_bytes(&mut self, text: &[u8]) {
        let end = self.push_bytes(text);
        self.events.push(Event::Number { end });
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

    fn key_bytes(&mut self, key: &[u8]) {
        self.tape.key_bytes(key);
    }

    fn number_bytes(&mut self, text: &[u8]) {
        self.tape.number_bytes(text);
    }
}
