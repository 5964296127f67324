//! `jsonseam.Stream`: one document fed in chunks, with its partial value readable between
//! chunks.

use std::sync::PoisonError;

use jsonseam::Rejection;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::convert::ValueBuilder;
use crate::errors::{rejection_error, rejection_path, PathSegment};
use crate::input::input_from_py;
use crate::result::{Finished, ValidationResult};
use crate::tape::{LeftBehind, StreamTape, Tape};

type CoreStream = jsonseam::Stream<StreamTape>;

#[derive(Debug)]
enum State {
    Open(Box<CoreStream>),
    /// The rejection, with its instance path decoded once against the accepted document.
    Rejected(Rejection, Vec<PathSegment>),
    Finished(Py<ValidationResult>),
    /// Between taking an open stream out to finish it and storing what finishing returned.
    /// A later call finds it only if the core panicked inside `finish`.
    Finishing,
}

/// The state of one document, shared by `Stream` and `Validator.consume`.
#[derive(Debug)]
pub struct Session {
    state: State,
    /// The tape of the open stream once the stream is dropped, by a rejection.
    left_behind: LeftBehind,
    /// The partial value, created by the first read of `partial` and updated by later
    /// reads. `consume` never creates it, and builds the value once at the end instead.
    partial: Option<ValueBuilder>,
    offset: u64,
    complete: bool,
}

impl Session {
    pub fn new(validator: &jsonseam::Validator) -> Self {
        let (sink, left_behind) = StreamTape::new();
        Self {
            state: State::Open(Box::new(validator.stream_with(sink))),
            left_behind,
            partial: None,
            offset: 0,
            complete: false,
        }
    }

    /// Feeds one chunk. Raises the rejection at the first chunk that diverges, and again
    /// on every later call.
    pub fn feed(&mut self, py: Python<'_>, chunk: &[u8]) -> PyResult<()> {
        let stream = match &mut self.state {
            State::Open(stream) => stream,
            State::Rejected(rejection, path) => return Err(rejection_error(py, rejection, path)),
            State::Finished(_) => {
                return Err(PyValueError::new_err("feed() called after finish(); start a new stream"));
            }
            State::Finishing => return Err(unusable()),
        };
        match stream.feed(chunk) {
            Ok(progress) => {
                self.offset = progress.offset;
                self.complete = progress.complete;
                Ok(())
            }
            Err(rejection) => Err(self.reject(py, rejection)),
        }
    }

    /// Ends the input and returns the result, the same object on every call, or raises the
    /// rejection.
    pub fn finish(&mut self, py: Python<'_>) -> PyResult<Py<ValidationResult>> {
        match std::mem::replace(&mut self.state, State::Finishing) {
            State::Open(stream) => match stream.finish() {
                Ok(outcome) => {
                    let report = outcome.report().clone();
                    let bytes = outcome.bytes();
                    let tape = std::mem::take(&mut outcome.into_sink().tape);
                    let finished = Finished { tape, report, bytes };
                    // When the stream has shown `partial`, that value is finished rather than
                    // a second one built, so that `partial` and `Result.value` are one
                    // object. If finishing it fails, `Result.value` builds its own later.
                    let shown = self.partial.take().and_then(|mut builder| {
                        builder.apply(py, &finished.tape).ok()?;
                        Some(builder.value(py).unbind())
                    });
                    let result = match shown {
                        Some(value) => ValidationResult::with_value(py, finished, value),
                        None => ValidationResult::new(finished),
                    };
                    let result = Py::new(py, result)?;
                    self.state = State::Finished(result.clone_ref(py));
                    self.complete = true;
                    Ok(result)
                }
                Err(rejection) => Err(self.reject(py, rejection)),
            },
            State::Rejected(rejection, path) => {
                let error = rejection_error(py, &rejection, &path);
                self.state = State::Rejected(rejection, path);
                Err(error)
            }
            State::Finished(result) => {
                self.state = State::Finished(result.clone_ref(py));
                Ok(result)
            }
            State::Finishing => Err(unusable()),
        }
    }

    /// Stores a rejection and returns its exception.
    fn reject(&mut self, py: Python<'_>, rejection: Rejection) -> PyErr {
        // Dropping an open stream moves its tape into `left_behind`. After a failed `finish`
        // the stream is already gone.
        self.state = State::Finishing;
        let path = with_tape(&self.state, &self.left_behind, |tape| rejection_path(&rejection, tape));
        let error = rejection_error(py, &rejection, &path);
        self.state = State::Rejected(rejection, path);
        error
    }

    /// Returns the value accepted so far, updated in place since the last call. After a
    /// successful `finish` it is `Result.value`, and after a rejection it is what was
    /// accepted before it.
    pub fn partial<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let State::Finished(result) = &self.state {
            return Ok(result.get().value_ref(py)?.bind(py).clone());
        }
        let builder = self.partial.get_or_insert_with(ValueBuilder::new);
        with_tape(&self.state, &self.left_behind, |tape| builder.apply(py, tape))?;
        Ok(builder.value(py))
    }

    pub fn rejection(&self, py: Python<'_>) -> Option<PyErr> {
        match &self.state {
            State::Rejected(rejection, path) => Some(rejection_error(py, rejection, path)),
            _ => None,
        }
    }
}

/// Calls `read` with the tape accepted so far: the open stream's, or the one that its sink
/// left behind when a rejection dropped the stream.
fn with_tape<R>(state: &State, left_behind: &LeftBehind, read: impl FnOnce(&Tape) -> R) -> R {
    if let State::Open(stream) = state {
        return read(&stream.sink().tape);
    }
    // The sink writes the slot only while it is dropped, so nothing holds the lock long.
    let slot = left_behind.lock().unwrap_or_else(PoisonError::into_inner);
    let empty = Tape::new();
    read(slot.as_ref().unwrap_or(&empty))
}

fn unusable() -> PyErr {
    PyRuntimeError::new_err("the stream is unusable because an earlier finish() call panicked; start a new stream")
}

/// One document being validated as its chunks arrive. Create it with
/// `Validator.stream()`.
///
/// A stream belongs to one thread at a time: a call from a second thread while another
/// call runs raises `RuntimeError`.
#[pyclass(module = "jsonseam", name = "Stream")]
#[derive(Debug)]
pub struct PyStream {
    session: Session,
}

impl PyStream {
    pub fn new(validator: &jsonseam::Validator) -> Self {
        Self {
            session: Session::new(validator),
        }
    }
}

#[pymethods]
impl PyStream {
    /// Feeds the next chunk (`str` or `bytes`). Raises `RejectionError` at the first chunk
    /// from which no valid document can follow, and again on every later call.
    fn feed(&mut self, py: Python<'_>, chunk: &Bound<'_, PyAny>) -> PyResult<()> {
        let input = input_from_py(chunk, "chunk")?;
        self.session.feed(py, input.as_bytes())
    }

    /// Ends the input and returns the `Result`, or raises `RejectionError`: the rejection
    /// already raised by `feed`, or a `truncated` one when the document is unfinished.
    fn finish(&mut self, py: Python<'_>) -> PyResult<Py<ValidationResult>> {
        self.session.finish(py)
    }

    /// The value accepted so far: `None` before a value has begun.
    ///
    /// Every read returns the same root object, updated in place with what arrived since
    /// the read before, in time proportional to that. Strings grow as their bytes arrive
    /// (each read puts a longer `str` in place of the open one), numbers appear once
    /// complete, and a key appears once its value has begun. Nothing shown is later
    /// removed or changes type, except that with `allow_duplicate_keys=True` a repeated key
    /// replaces the earlier value. After `finish` it is `Result.value`. Copy it
    /// (`copy.deepcopy`) to keep a snapshot, and do not modify it: the stream's later
    /// updates assume the objects it built are unchanged.
    #[getter]
    fn partial<'py>(&mut self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.session.partial(py)
    }

    /// Bytes accepted so far (UTF-8 bytes for `str` chunks).
    #[getter]
    fn offset(&self) -> u64 {
        self.session.offset
    }

    /// Whether the document has ended, so that only whitespace or text around the
    /// document may follow.
    #[getter]
    fn complete(&self) -> bool {
        self.session.complete
    }

    /// The `RejectionError` once the stream has diverged, else `None`.
    #[getter]
    fn rejection(&self, py: Python<'_>) -> Option<Py<PyAny>> {
        self.session.rejection(py).map(|error| error.into_value(py).into_any())
    }

    fn __repr__(&self) -> String {
        let state = match self.session.state {
            State::Open(_) if self.session.complete => "complete",
            State::Open(_) => "open",
            State::Rejected(..) => "rejected",
            State::Finished(_) | State::Finishing => "finished",
        };
        format!("<jsonseam.Stream {state} offset={}>", self.session.offset)
    }
}
