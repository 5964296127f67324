//! `jsonseam.Result`: a document that satisfied the schema, with its value, canonical text
//! and report.

use std::sync::OnceLock;

use jsonseam::Report;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use crate::tape::Tape;

/// Output of a finished stream, before any Python object is built.
#[derive(Debug)]
pub struct Finished {
    pub tape: Tape,
    pub report: Report,
    pub bytes: u64,
}

/// A document that satisfied the schema.
#[pyclass(module = "jsonseam", name = "Result", frozen)]
pub struct ValidationResult {
    finished: Finished,
    value: PyOnceLock<Py<PyAny>>,
    text: OnceLock<String>,
}

impl std::fmt::Debug for ValidationResult {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ValidationResult")
            .field("finished", &self.finished)
            .finish_non_exhaustive()
    }
}

impl ValidationResult {
    pub fn new(finished: Finished) -> Self {
        Self {
            finished,
            value: PyOnceLock::new(),
            text: OnceLock::new(),
        }
    }

    /// Creates a result whose value a stream has already built while it showed `partial`.
    pub fn with_value(py: Python<'_>, finished: Finished, value: Py<PyAny>) -> Self {
        let result = Self::new(finished);
        // The lock was created just above, so it is empty and `set` cannot fail.
        let _ = result.value.set(py, value);
        result
    }

    /// Returns the value, building it on the first call.
    pub fn value_ref(&self, py: Python<'_>) -> PyResult<&Py<PyAny>> {
        self.value
            .get_or_try_init(py, || crate::convert::build_finished(py, &self.finished.tape).map(Bound::unbind))
    }

    /// Returns the canonical text, writing it on the first call without holding the GIL.
    fn text_ref(&self, py: Python<'_>) -> &str {
        if let Some(text) = self.text.get() {
            return text;
        }
        // Writing happens outside `get_or_init`, because a thread waiting in `get_or_init`
        // would hold the GIL that this thread needs back after `detach`. Two threads may
        // both write the text, and the lock keeps the first.
        let text = py.detach(|| self.finished.tape.canonical_text());
        self.text.get_or_init(|| text)
    }
}

#[pymethods]
impl ValidationResult {
    /// The document as Python objects, built on first access and then cached.
    #[getter]
    fn value(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        Ok(self.value_ref(py)?.clone_ref(py))
    }

    /// The canonical text: compact JSON, numbers as written. Written on first access and
    /// then cached.
    #[getter]
    fn text(&self, py: Python<'_>) -> &str {
        self.text_ref(py)
    }

    /// `"valid"`, `"repaired"` or `"truncated"`.
    #[getter]
    fn status(&self) -> &'static str {
        self.finished.report.status().as_str()
    }

    /// The repairs made inside the document, in input order.
    #[getter]
    fn repairs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for repair in &self.finished.report.repairs {
            let entry = PyDict::new(py);
            entry.set_item("kind", repair.kind.as_str())?;
            entry.set_item("class", repair.kind.class().as_str())?;
            entry.set_item("offset", repair.offset)?;
            entry.set_item("original", &repair.original)?;
            entry.set_item("written", &repair.written)?;
            list.append(entry)?;
        }
        Ok(list)
    }

    /// The byte ranges of the input left out of the document, in input order.
    #[getter]
    fn stripped<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for range in &self.finished.report.stripped {
            let entry = PyDict::new(py);
            entry.set_item("start", range.start)?;
            entry.set_item("end", range.end)?;
            entry.set_item("kind", range.kind.as_str())?;
            list.append(entry)?;
        }
        Ok(list)
    }

    /// Length of the input in bytes (UTF-8 bytes for `str` input).
    #[getter]
    fn bytes(&self) -> u64 {
        self.finished.bytes
    }

    /// Bytes the extractor read twice after abandoning a candidate inside prose.
    #[getter]
    fn rescanned_bytes(&self) -> u64 {
        self.finished.report.rescanned_bytes
    }

    /// Validates the canonical text with a pydantic model class (`model_validate_json`) or
    /// `TypeAdapter` (`validate_json`) and returns what it returns.
    ///
    /// pydantic's JSON mode reads the text rather than `value`, because the JSON schema that
    /// pydantic generates describes JSON input: in JSON mode a string can become a
    /// `datetime` or a `bytes` field, and a list a tuple.
    fn parse<'py>(&self, model: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
        for method in ["model_validate_json", "validate_json"] {
            if model.hasattr(method)? {
                return model.call_method1(method, (self.text_ref(model.py()),));
            }
        }
        Err(PyTypeError::new_err(
            "parse() expects a pydantic v2 model class or TypeAdapter, which has model_validate_json() or validate_json()",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        const SHOWN_CHARS: usize = 60;
        let text = self.text_ref(py);
        let preview: String = text.chars().take(SHOWN_CHARS).collect();
        let ellipsis = if preview.len() < text.len() { "..." } else { "" };
        let preview = PyString::new(py, &preview).repr()?;
        Ok(format!("<jsonseam.Result status='{}' text={preview}{ellipsis}>", self.status()))
    }
}
