//! `jsonseam.Result`: a document that satisfied the schema, with its value, canonical text
//! and report.

use jsonseam::{Outcome, Report, TextSink};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyList, PyString};

use crate::convert::node_to_py;
use crate::tree::{lock, Node, SharedTree, TreeSink};

/// Output of a finished stream, before any Python object is built.
#[derive(Debug)]
pub struct Finished {
    pub text: String,
    pub report: Report,
    pub bytes: u64,
    pub root: Node,
}

impl Finished {
    /// Takes the outcome apart; `tree` is the tree that the outcome's `TreeSink` filled.
    pub fn from_outcome(outcome: Outcome<(TextSink, TreeSink)>, tree: &SharedTree) -> Self {
        let report = outcome.report().clone();
        let bytes = outcome.bytes();
        let (text_sink, _) = outcome.into_sink();
        // A successful outcome always has a root value.
        let root = lock(tree).root.take().unwrap_or(Node::Null);
        Self {
            text: text_sink.into_string(),
            report,
            bytes,
            root,
        }
    }
}

/// A document that satisfied the schema.
#[pyclass(module = "jsonseam", name = "Result", frozen)]
pub struct ValidationResult {
    finished: Finished,
    value: PyOnceLock<Py<PyAny>>,
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
        }
    }

    /// The document's value as a tree, for snapshots that must not share the cached value.
    pub fn root(&self) -> &Node {
        &self.finished.root
    }
}

#[pymethods]
impl ValidationResult {
    /// The document as Python objects, built on first access and then cached.
    #[getter]
    fn value(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let value = self
            .value
            .get_or_try_init(py, || node_to_py(py, &self.finished.root).map(Bound::unbind))?;
        Ok(value.clone_ref(py))
    }

    /// The canonical text: compact JSON, numbers as written.
    #[getter]
    fn text(&self) -> &str {
        &self.finished.text
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
                return model.call_method1(method, (self.finished.text.as_str(),));
            }
        }
        Err(PyTypeError::new_err(
            "parse() expects a pydantic v2 model class or TypeAdapter, which has model_validate_json() or validate_json()",
        ))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        const SHOWN_CHARS: usize = 60;
        let text = &self.finished.text;
        let preview: String = text.chars().take(SHOWN_CHARS).collect();
        let ellipsis = if preview.len() < text.len() { "..." } else { "" };
        let preview = PyString::new(py, &preview).repr()?;
        Ok(format!("<jsonseam.Result status='{}' text={preview}{ellipsis}>", self.status()))
    }
}
