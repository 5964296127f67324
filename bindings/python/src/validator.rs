//! `jsonseam.Validator`: a compiled schema, shareable between threads.

use jsonseam::{Rejection, Report};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyType};

use crate::errors::{rejection_error, rejection_path, schema_error};
use crate::input::input_from_py;
use crate::options::{build_options, options_to_dict, repair_name, OptionArgs};
use crate::resources::{build_resources, resources_from_py, resources_to_py, Documents};
use crate::result::{Finished, ValidationResult};
use crate::schema::schema_from_py;
use crate::stream::{PyStream, Session};
use crate::tape::Tape;

/// A JSON Schema compiled once, for validating any number of documents.
///
/// `schema` is a `dict` (or `True`/`False`), or JSON text as `str` or `bytes`. The options
/// are keyword-only; each one left out keeps the default shown in the stub file.
#[pyclass(module = "jsonseam", name = "Validator", frozen)]
#[derive(Debug)]
pub struct PyValidator {
    inner: jsonseam::Validator,
    /// The `resources` argument as converted, for `options`, or `None` when it was not given.
    resources: Option<Documents>,
}

#[pymethods]
impl PyValidator {
    #[new]
    #[pyo3(signature = (
        schema,
        *,
        repair = None,
        extract = None,
        max_depth = None,
        max_bytes = None,
        allow_duplicate_keys = None,
        allow_non_finite = None,
        unknown_keywords = None,
        max_string_bytes = None,
        max_number_bytes = None,
        max_buffered_bytes = None,
        max_candidates = None,
        max_pattern_bytes = None,
        max_repairs = None,
        max_whitespace_run = None,
        extract_window = None,
        draft = None,
        format_assertion = None,
        resources = None,
    ))]
    // PyO3 extracts each argument into an owned value; `&str` is not extractable under
    // the Python 3.9 stable ABI.
    #[allow(clippy::too_many_arguments, clippy::needless_pass_by_value)]
    fn new(
        py: Python<'_>,
        schema: &Bound<'_, PyAny>,
        repair: Option<String>,
        extract: Option<bool>,
        max_depth: Option<usize>,
        max_bytes: Option<u64>,
        allow_duplicate_keys: Option<bool>,
        allow_non_finite: Option<bool>,
        unknown_keywords: Option<bool>,
        max_string_bytes: Option<usize>,
        max_number_bytes: Option<usize>,
        max_buffered_bytes: Option<usize>,
        max_candidates: Option<usize>,
        max_pattern_bytes: Option<usize>,
        max_repairs: Option<usize>,
        max_whitespace_run: Option<usize>,
        extract_window: Option<usize>,
        draft: Option<String>,
        format_assertion: Option<bool>,
        resources: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let options = build_options(&OptionArgs {
            repair: repair.as_deref(),
            extract,
            max_depth,
            max_bytes,
            allow_duplicate_keys,
            allow_non_finite,
            unknown_keywords,
            max_string_bytes,
            max_number_bytes,
            max_buffered_bytes,
            max_candidates,
            max_pattern_bytes,
            max_repairs,
            max_whitespace_run,
            extract_window,
            draft: draft.as_deref(),
            format_assertion,
        })?;
        let schema = schema_from_py(schema)?;
        let resources = resources.map(resources_from_py).transpose()?;
        let registered = build_resources(resources.as_deref().unwrap_or_default());
        let inner = jsonseam::Validator::with_resources(&schema, options, &registered)
            .map_err(|error| schema_error(py, &error))?;
        Ok(Self { inner, resources })
    }

    /// Builds a validator from a pydantic v2 model class (`model_json_schema()`) or
    /// `TypeAdapter` (`json_schema()`). Keyword arguments are the validator's options.
    /// pydantic itself is never imported: the model brings it.
    #[classmethod]
    #[pyo3(signature = (model, **options))]
    fn from_pydantic<'py>(
        class: &Bound<'py, PyType>,
        model: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let schema = if model.hasattr("model_json_schema")? {
            model.call_method0("model_json_schema")?
        } else if model.hasattr("json_schema")? {
            model.call_method0("json_schema")?
        } else {
            return Err(pyo3::exceptions::PyTypeError::new_err(
                "from_pydantic() expects a pydantic v2 model class or TypeAdapter, which has model_json_schema() or json_schema()",
            ));
        };
        class.call((schema,), options)
    }

    /// Validates a complete document (`str` or `bytes`) and returns its `Result`, or
    /// raises `RejectionError`. The GIL is released while the document is validated.
    fn validate(&self, py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<ValidationResult> {
        let input = input_from_py(document, "document")?;
        let bytes = input.as_bytes();
        let (tape, outcome) = py.detach(|| validate_detached(&self.inner, bytes));
        match outcome {
            Ok((report, bytes)) => Ok(ValidationResult::new(Finished { tape, report, bytes })),
            Err(rejection) => {
                let path = py.detach(|| rejection_path(&rejection, &tape));
                Err(rejection_error(py, &rejection, &path))
            }
        }
    }

    /// Returns whether a complete document (`str` or `bytes`) is valid. It builds no value
    /// and releases the GIL while it runs.
    fn is_valid(&self, py: Python<'_>, document: &Bound<'_, PyAny>) -> PyResult<bool> {
        let input = input_from_py(document, "document")?;
        let bytes = input.as_bytes();
        Ok(py.detach(|| self.inner.is_valid(bytes)))
    }

    /// Starts a `Stream` for one document.
    fn stream(&self) -> PyStream {
        PyStream::new(&self.inner)
    }

    /// Feeds every chunk of an iterable (`str` or `bytes` items, such as a model SDK's
    /// text deltas; `None` items are skipped) and returns the `Result`.
    ///
    /// Raises `RejectionError` as soon as a chunk diverges, without reading further
    /// items. The iterable is not closed: close the model's response to stop generation.
    fn consume(&self, py: Python<'_>, chunks: &Bound<'_, PyAny>) -> PyResult<Py<ValidationResult>> {
        let mut session = Session::new(&self.inner);
        for item in chunks.try_iter()? {
            let item = item?;
            if item.is_none() {
                continue;
            }
            let input = input_from_py(&item, "each chunk")?;
            session.feed(py, input.as_bytes())?;
        }
        session.finish(py)
    }

    /// JSON Pointers of schema keywords accepted without being checked: keywords that no
    /// draft defines, or that the schema's draft does not define, which are annotations.
    #[getter]
    fn unchecked_keywords(&self) -> Vec<String> {
        self.inner.unchecked_keywords().to_vec()
    }

    /// The options in force, keyed by keyword argument name. `resources` maps each URI to
    /// its document as a `dict`, also for a document given as JSON text.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let dict = options_to_dict(py, self.inner.options())?;
        match &self.resources {
            Some(documents) => dict.set_item("resources", resources_to_py(py, documents)?)?,
            None => dict.set_item("resources", py.None())?,
        }
        Ok(dict)
    }

    fn __repr__(&self) -> String {
        let options = self.inner.options();
        format!(
            "<jsonseam.Validator repair='{}' extract={}>",
            repair_name(options.repair),
            if options.extract { "True" } else { "False" }
        )
    }
}

/// Validates a whole document and records its events, without touching Python objects.
/// The tape comes back also after a rejection, holding what was accepted before it.
fn validate_detached(validator: &jsonseam::Validator, document: &[u8]) -> (Tape, Result<(Report, u64), Rejection>) {
    let mut tape = Tape::for_document(document.len());
    // The stream borrows the tape, so the tape outlives `finish` also when it fails.
    let outcome = {
        let mut stream = validator.stream_with(&mut tape);
        stream
            .feed(document)
            .and_then(|_| stream.finish())
            .map(|outcome| (outcome.report().clone(), outcome.bytes()))
    };
    (tape, outcome)
}
