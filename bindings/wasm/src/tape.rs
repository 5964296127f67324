//! The tape: the bytes that one call returns to JavaScript, so that a call's events, status
//! and errors cross the boundary in one copy instead of one call per event.
//!
//! A tape is a sequence of records, each an opcode byte and its fields. A string field is
//! its UTF-8 length as a little-endian `u32`, then its bytes. An offset is a little-endian
//! `f64`, and a count is a little-endian `u32`.
//!
//! - Events: `BEGIN_OBJECT`, `END_OBJECT`, `BEGIN_ARRAY`, `END_ARRAY`, `BEGIN_STRING`,
//!   `END_STRING`, `TRUE`, `FALSE` and `NULL` have no fields. `KEY`, `STRING_FRAGMENT` and
//!   `NUMBER` have one byte-string field. Adjacent string fragments are merged into one
//!   record, whose bytes may still end inside a multi-byte character.
//! - Every `feed` and `finish` tape ends with one status record:
//!   `PROGRESS` (offset, then one byte: 1 if the document is complete, else 0);
//!   `REJECTED` (kind, offset, instance path, schema path, expected, found, message);
//!   `FINISHED` (canonical text, status, input length, a count of stripped ranges each as
//!   start, end and kind, then a count of repairs each as kind, class, offset, original and
//!   written).
//! - A failed constructor throws a tape of one record: `OPTIONS_ERROR` (message) or
//!   `SCHEMA_ERROR` (kind, schema path, message).
//!
//! The decoder in `js/tape.js` reads this format: change both together.

use std::cell::RefCell;
use std::rc::Rc;

use jsonseam::{Rejection, Report, SchemaError, Sink, Status};

pub const BEGIN_OBJECT: u8 = 1;
pub const END_OBJECT: u8 = 2;
pub const BEGIN_ARRAY: u8 = 3;
pub const END_ARRAY: u8 = 4;
pub const KEY: u8 = 5;
pub const BEGIN_STRING: u8 = 6;
pub const STRING_FRAGMENT: u8 = 7;
pub const END_STRING: u8 = 8;
pub const NUMBER: u8 = 9;
pub const TRUE: u8 = 10;
pub const FALSE: u8 = 11;
pub const NULL: u8 = 12;
pub const PROGRESS: u8 = 13;
pub const REJECTED: u8 = 14;
pub const FINISHED: u8 = 15;
pub const OPTIONS_ERROR: u8 = 16;
pub const SCHEMA_ERROR: u8 = 17;

/// Bytes of a tape under construction.
#[derive(Debug, Default)]
pub struct Writer {
    bytes: Vec<u8>,
    /// Position of the length field of the last record, when that record is a string
    /// fragment that the next fragment may extend.
    open_fragment: Option<usize>,
}

impl Writer {
    /// Returns the tape written so far and starts an empty one.
    pub fn take(&mut self) -> Vec<u8> {
        self.open_fragment = None;
        std::mem::take(&mut self.bytes)
    }

    fn op(&mut self, op: u8) {
        self.open_fragment = None;
        self.bytes.push(op);
    }

    fn string(&mut self, field: &[u8]) {
        self.bytes
            .extend_from_slice(&(field.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(field);
    }

    fn offset(&mut self, offset: u64) {
        self.bytes.extend_from_slice(&(offset as f64).to_le_bytes());
    }

    fn count(&mut self, count: usize) {
        self.bytes.extend_from_slice(&(count as u32).to_le_bytes());
    }

    fn op_with_string(&mut self, op: u8, field: &[u8]) {
        self.op(op);
        self.string(field);
    }

    fn fragment(&mut self, fragment: &[u8]) {
        let Some(length_at) = self.open_fragment else {
            self.op_with_string(STRING_FRAGMENT, fragment);
            self.open_fragment = Some(self.bytes.len() - fragment.len() - 4);
            return;
        };
        let field: [u8; 4] = self.bytes[length_at..length_at + 4]
            .try_into()
            .expect("a length field is four bytes");
        let length = u32::from_le_bytes(field) + fragment.len() as u32;
        self.bytes[length_at..length_at + 4].copy_from_slice(&length.to_le_bytes());
        self.bytes.extend_from_slice(fragment);
    }

    /// Writes the status record of a stream that has accepted every byte so far.
    pub fn progress(&mut self, offset: u64, complete: bool) {
        self.op(PROGRESS);
        self.offset(offset);
        self.bytes.push(u8::from(complete));
    }

    /// Writes the status record of a stream that cannot become valid.
    pub fn rejected(&mut self, rejection: &Rejection) {
        self.op(REJECTED);
        self.string(rejection.kind().as_str().as_bytes());
        self.offset(rejection.offset());
        self.string(rejection.instance_path().as_bytes());
        self.string(rejection.schema_path().as_bytes());
        self.string(rejection.expected().as_bytes());
        self.string(rejection.found().as_bytes());
        self.string(rejection.to_string().as_bytes());
    }

    /// Writes the status record of a valid document.
    pub fn finished(&mut self, text: &[u8], status: Status, bytes: u64, report: &Report) {
        self.op(FINISHED);
        self.string(text);
        self.string(status.as_str().as_bytes());
        self.offset(bytes);
        self.count(report.stripped.len());
        for range in &report.stripped {
            self.offset(range.start);
            self.offset(range.end);
            self.string(range.kind.as_str().as_bytes());
        }
        self.count(report.repairs.len());
        for repair in &report.repairs {
            self.string(repair.kind.as_str().as_bytes());
            self.string(repair.kind.class().as_str().as_bytes());
            self.offset(repair.offset);
            self.string(repair.original.as_bytes());
            self.string(repair.written.as_bytes());
        }
    }

    /// Writes the record of options that cannot be read.
    pub fn options_error(&mut self, message: &str) {
        self.op_with_string(OPTIONS_ERROR, message.as_bytes());
    }

    /// Writes the record of a schema that does not compile.
    pub fn schema_error(&mut self, error: &SchemaError) {
        self.op(SCHEMA_ERROR);
        self.string(error.kind().as_str().as_bytes());
        self.string(error.schema_path().as_bytes());
        self.string(error.to_string().as_bytes());
    }
}

/// The sink of a stream: writes the canonical text and the events, or nothing at all for
/// a stream that only checks validity.
///
/// The tape writer is shared with the stream's owner because `jsonseam::Stream` lends its
/// sink only by shared reference, so the owner could not otherwise drain it between calls.
#[derive(Debug, Default)]
pub struct DocumentSink {
    pub text: jsonseam::TextSink,
    pub tape: Rc<RefCell<Writer>>,
    /// Whether events are written: `false` for a stream that only checks validity.
    pub active: bool,
}

impl DocumentSink {
    fn event(&mut self, op: u8) {
        self.tape.borrow_mut().op(op);
    }
}

// Each method writes nothing when the sink is inactive.
impl Sink for DocumentSink {
    fn begin_object(&mut self) {
        if self.active {
            self.text.begin_object();
            self.event(BEGIN_OBJECT);
        }
    }
    fn end_object(&mut self) {
        if self.active {
            self.text.end_object();
            self.event(END_OBJECT);
        }
    }
    fn begin_array(&mut self) {
        if self.active {
            self.text.begin_array();
            self.event(BEGIN_ARRAY);
        }
    }
    fn end_array(&mut self) {
        if self.active {
            self.text.end_array();
            self.event(END_ARRAY);
        }
    }
    fn key(&mut self, key: &str) {
        if self.active {
            self.text.key(key);
            self.tape.borrow_mut().op_with_string(KEY, key.as_bytes());
        }
    }
    fn begin_string(&mut self) {
        if self.active {
            self.text.begin_string();
            self.event(BEGIN_STRING);
        }
    }
    fn string_fragment(&mut self, fragment: &[u8]) {
        if self.active && !fragment.is_empty() {
            self.text.string_fragment(fragment);
            self.tape.borrow_mut().fragment(fragment);
        }
    }
    fn end_string(&mut self) {
        if self.active {
            self.text.end_string();
            self.event(END_STRING);
        }
    }
    fn number(&mut self, text: &str) {
        if self.active {
            self.text.number(text);
            self.tape
                .borrow_mut()
                .op_with_string(NUMBER, text.as_bytes());
        }
    }
    fn boolean(&mut self, value: bool) {
        if self.active {
            self.text.boolean(value);
            self.event(if value { TRUE } else { FALSE });
        }
    }
    fn null(&mut self) {
        if self.active {
            self.text.null();
            self.event(NULL);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn active_sink() -> DocumentSink {
        DocumentSink {
            active: true,
            ..DocumentSink::default()
        }
    }

    #[test]
    fn adjacent_fragments_merge() {
        let mut sink = active_sink();
        sink.begin_string();
        sink.string_fragment(b"ab");
        sink.string_fragment(b"c");
        sink.end_string();
        let tape = sink.tape.borrow_mut().take();
        assert_eq!(
            tape,
            [
                BEGIN_STRING,
                STRING_FRAGMENT,
                3,
                0,
                0,
                0,
                b'a',
                b'b',
                b'c',
                END_STRING
            ]
        );
        assert_eq!(sink.text.as_bytes(), b"\"abc\"");
    }

    #[test]
    fn take_ends_an_open_fragment() {
        let mut sink = active_sink();
        sink.begin_string();
        sink.string_fragment(b"a");
        sink.tape.borrow_mut().take();
        sink.string_fragment(b"b");
        assert_eq!(
            sink.tape.borrow_mut().take(),
            [STRING_FRAGMENT, 1, 0, 0, 0, b'b']
        );
    }

    #[test]
    fn key_and_number_records() {
        let mut sink = active_sink();
        sink.begin_object();
        sink.key("é");
        sink.number("-1.5e3");
        let mut expected = vec![
            BEGIN_OBJECT,
            KEY,
            2,
            0,
            0,
            0,
            0xC3,
            0xA9,
            NUMBER,
            6,
            0,
            0,
            0,
        ];
        expected.extend_from_slice(b"-1.5e3");
        assert_eq!(sink.tape.borrow_mut().take(), expected);
    }

    #[test]
    fn inactive_sink_writes_nothing() {
        let mut sink = DocumentSink::default();
        sink.begin_array();
        sink.number("1");
        sink.end_array();
        assert!(sink.tape.borrow_mut().take().is_empty());
        assert!(sink.text.as_bytes().is_empty());
    }

    #[test]
    fn progress_record_layout() {
        let mut writer = Writer::default();
        writer.progress(7, true);
        let mut expected = vec![PROGRESS];
        expected.extend_from_slice(&7.0_f64.to_le_bytes());
        expected.push(1);
        assert_eq!(writer.take(), expected);
    }
}
