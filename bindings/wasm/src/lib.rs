//! WebAssembly exports of jsonseam, the low-level half of the npm package `jsonseam`.
//!
//! The JavaScript wrapper in `js/` turns these exports into the public API (`Validator`,
//! `JsonseamError`, the `partial` value of a stream). Validation happens only in the
//! `jsonseam` crate: this crate moves bytes in, and events, reports and errors out.
//!
//! Each call crosses the boundary once each way: a chunk comes in as one string or byte
//! slice, and everything the call produced goes out as one tape of bytes (see [`tape`]),
//! which the wrapper decodes.

mod options;
mod tape;

use std::cell::RefCell;
use std::rc::Rc;

use jsonseam::{Stream, Validator};
use wasm_bindgen::prelude::*;

use crate::tape::{DocumentSink, Writer};

/// A compiled schema.
#[wasm_bindgen]
#[derive(Debug)]
pub struct RawValidator {
    validator: Validator,
}

#[wasm_bindgen]
impl RawValidator {
    /// Compiles `schema`, the JSON text of a JSON Schema, with `options`, the JSON text of
    /// the options object.
    ///
    /// Throws a tape (a `Uint8Array`) with one `OPTIONS_ERROR` record for invalid options
    /// or schema JSON, or one `SCHEMA_ERROR` record for a schema that does not compile.
    #[wasm_bindgen(constructor)]
    pub fn new(schema: &str, options: &str) -> Result<RawValidator, JsValue> {
        let mut writer = Writer::default();
        let settings = match options::parse(options) {
            Ok(settings) => settings,
            Err(message) => {
                writer.options_error(&message);
                return Err(writer.take().into());
            }
        };
        let schema: serde_json::Value = match serde_json::from_str(schema) {
            Ok(schema) => schema,
            Err(error) => {
                writer.options_error(&format!("the schema is not valid JSON: {error}"));
                return Err(writer.take().into());
            }
        };
        match Validator::with_resources(&schema, settings.options, &settings.resources) {
            Ok(validator) => Ok(Self { validator }),
            Err(error) => {
                writer.schema_error(&error);
                Err(writer.take().into())
            }
        }
    }

    /// Checks whether `text` is a valid document, without building any output.
    #[wasm_bindgen(js_name = isValidText)]
    #[must_use]
    pub fn is_valid_text(&self, text: &str) -> bool {
        self.is_valid(text.as_bytes())
    }

    /// Checks whether `bytes` is a valid document, without building any output.
    #[wasm_bindgen(js_name = isValidBytes)]
    #[must_use]
    pub fn is_valid_bytes(&self, bytes: &[u8]) -> bool {
        self.is_valid(bytes)
    }

    /// JSON Pointers of the keywords accepted without being checked: the annotations that
    /// the schema's draft does not define.
    #[wasm_bindgen(js_name = uncheckedKeywords)]
    #[must_use]
    pub fn unchecked_keywords(&self) -> Vec<String> {
        self.validator.unchecked_keywords().to_vec()
    }

    /// Starts a stream for one document.
    #[must_use]
    pub fn stream(&self) -> RawStream {
        let tape = Rc::new(RefCell::new(Writer::default()));
        let sink = DocumentSink {
            text: jsonseam::TextSink::new(),
            tape: Rc::clone(&tape),
            active: true,
        };
        RawStream {
            stream: Some(self.validator.stream_with(sink)),
            tape,
        }
    }
}

impl RawValidator {
    /// Runs the input through an inactive sink, so that this check and streams share one
    /// copy of the stream code in the module (a separate sink type would add another).
    fn is_valid(&self, document: &[u8]) -> bool {
        let mut stream = self.validator.stream_with(DocumentSink::default());
        stream.feed(document).is_ok() && stream.finish().is_ok()
    }
}

/// One document being validated.
#[wasm_bindgen]
#[derive(Debug)]
pub struct RawStream {
    /// `None` once `finish` has run.
    stream: Option<Stream<DocumentSink>>,
    tape: Rc<RefCell<Writer>>,
}

#[wasm_bindgen]
impl RawStream {
    /// Feeds a chunk of text, as UTF-8, and returns the tape of what it produced.
    #[wasm_bindgen(js_name = feedText)]
    pub fn feed_text(&mut self, chunk: &str) -> Vec<u8> {
        self.feed(chunk.as_bytes())
    }

    /// Feeds a chunk of bytes and returns the tape of what it produced.
    #[wasm_bindgen(js_name = feedBytes)]
    pub fn feed_bytes(&mut self, chunk: &[u8]) -> Vec<u8> {
        self.feed(chunk)
    }

    /// Ends the input and returns the tape of the last events, which ends with `FINISHED`
    /// or `REJECTED`. A second call returns an empty tape; the wrapper makes none.
    pub fn finish(&mut self) -> Vec<u8> {
        let Some(stream) = self.stream.take() else {
            return self.tape.borrow_mut().take();
        };
        let result = stream.finish();
        let mut writer = self.tape.borrow_mut();
        match result {
            Ok(outcome) => {
                let report = outcome.report();
                writer.finished(
                    outcome.sink().text.as_bytes(),
                    outcome.status(),
                    outcome.bytes(),
                    report,
                );
            }
            Err(rejection) => writer.rejected(&rejection),
        }
        writer.take()
    }
}

impl RawStream {
    fn feed(&mut self, chunk: &[u8]) -> Vec<u8> {
        let Some(stream) = self.stream.as_mut() else {
            // A finished stream: the wrapper never feeds one, so no status is owed.
            return self.tape.borrow_mut().take();
        };
        let result = stream.feed(chunk);
        let mut writer = self.tape.borrow_mut();
        match result {
            Ok(progress) => writer.progress(progress.offset, progress.complete),
            Err(rejection) => writer.rejected(&rejection),
        }
        writer.take()
    }
}
