//! `jsonseam.Stream`: one document fed in chunks, with its partial value readable between
//! chunks.

use jsonseam::{Rejection, TextSink};
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::convert::{node_to_py, partial_to_py};
use crate::errors::rejection_error;
use crate::input::input_from_py;
use crate::result::{Finished, ValidationResult};
use crate::tree::{lock, SharedTree, TreeSink};

type CoreStream = jsonseam::Stream<(TextSink, TreeSink)>;

#[derive(Debug)]
enum State {
    Open(Box<CoreStream>),
    Rejected(Rejection),
    Finished(Py<ValidationResult>),
    /// Between taking an open stream out to finish it and storing what finishing returned.
    /// A later call finds it only if the core panicked inside `finish`.
    Finishing,
}

/// The state of one document, shared by `Stream` and `Validator.consume`.
#[derive(Debug)]
pub struct Session {
    state: State,
    tree: SharedTree,
    offset: u64,
    complete: bool,
}

impl Session {
    pub fn new(validator: &jsonseam::Validator) -> Self {
        let tree_sink = TreeSink::new();
        let tree = tree_sink.tree();
        Self {
            state: State::Open(Box::new(validator.stream_with((TextSink::new(), tree_sink)))),
            tree,
            offset: 0,
            complete: false,
        }
    }

    /// Feeds one chunk. Raises the rejection at the first chunk that diverges, and again
    /// on every later call.
    pub fn feed(&mut self, py: Python<'_>, chunk: &[u8]) -> PyResult<()> {
        let stream = match &mut self.state {
            State::Open(stream) => stream,
            State::Rejected(rejection) => return Err(rejection_error(py, rejection, Some(&lock(&self.tree)))),
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
            Err(rejection) => {
                let error = rejection_error(py, &rejection, Some(&lock(&self.tree)));
                self.state = State::Rejected(rejection);
                Err(error)
            }
        }
    }

    /// Ends the input and returns the result, the same object on every call, or raises the
    /// rejection.
    pub fn finish(&mut self, py: Python<'_>) -> PyResult<Py<ValidationResult>> {
        match std::mem::replace(&mut self.state, State::Finishing) {
            State::Open(stream) => match stream.finish() {
                Ok(outcome) => {
                    let result = Py::new(py, ValidationResult::new(Finished::from_outcome(outcome, &self.tree)))?;
                    self.state = State::Finished(result.clone_ref(py));
                    self.complete = true;
                    Ok(result)
                }
                Err(rejection) => {
                    let error = rejection_error(py, &rejection, Some(&lock(&self.tree)));
                    self.state = State::Rejected(rejection);
                    Err(error)
                }
            },
            State::Rejected(rejection) => {
                let error = rejection_error(py, &rejection, Some(&lock(&self.tree)));
                self.state = State::Rejected(rejection);
                Err(error)
            }
            State::Finished(result) => {
                self.state = State::Finished(result.clone_ref(py));
                Ok(result)
            }
            State::Finishing => Err(unusable()),
        }
    }

    /// Builds a new snapshot of the value accepted so far. After a successful `finish` it is
    /// the whole document, and after a rejection it is what was accepted before it.
    pub fn partial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        if let State::Finished(result) = &self.state {
            return node_to_py(py, result.get().root());
        }
        partial_to_py(py, &lock(&self.tree))
    }

    pub fn rejection(&self, py: Python<'_>) -> Option<PyErr> {
        match &self.state {
            State::Rejected(rejection) => Some(rejection_error(py, rejection, Some(&lock(&self.tree)))),
            _ => None,
        }
    }
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

    /// A new snapshot of the value accepted so far: `None` before a value has begun.
    ///
    /// Each read builds new objects, in time proportional to the value so far. Strings
    /// grow as their bytes arrive, numbers appear once complete, and a key appears once
    /// its value has begun. Nothing shown is later removed or changes type, except that
    /// with `allow_duplicate_keys=True` a repeated key replaces the earlier value.
    #[getter]
    fn partial<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
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
            State::Rejected(_) => "rejected",
            State::Finished(_) | State::Finishing => "finished",
        };
        format!("<jsonseam.Stream {state} offset={}>", self.session.offset)
    }
}
