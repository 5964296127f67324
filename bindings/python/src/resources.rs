//! The `resources` argument of `Validator`: schema documents that `$ref`s may point at,
//! keyed by absolute URI. Each value is converted as the schema argument is.

use jsonseam::Resources;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyList, PyMapping, PyString};
use serde_json::Value;

use crate::convert::number_to_py;
use crate::schema::{document_from_py, type_name};

/// The registered documents, in the mapping's order, each under the URI given for it.
pub type Documents = Vec<(String, Value)>;

/// Converts the `resources` mapping.
pub fn resources_from_py(resources: &Bound<'_, PyAny>) -> PyResult<Documents> {
    let Ok(mapping) = resources.cast::<PyMapping>() else {
        return Err(PyTypeError::new_err(format!(
            "resources must be a dict that maps absolute URIs to schemas, not {}",
            type_name(resources)
        )));
    };
    let mut documents = Vec::new();
    for item in mapping.items()?.iter() {
        let (key, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let Ok(uri) = key.cast::<PyString>() else {
            return Err(PyTypeError::new_err(format!("resources keys must be str URIs, found {}", type_name(&key))));
        };
        let uri: String = uri.extract()?;
        if !has_scheme(&uri) {
            return Err(PyValueError::new_err(format!(
                "resources key {uri:?} is not an absolute URI; give the full URI that the $refs resolve to, such as 'https://example.com/{uri}'"
            )));
        }
        // The core stores a URI without its empty fragment, and paths into the document
        // start with that URI and `#`.
        let base = format!("{}#", uri.strip_suffix('#').unwrap_or(&uri));
        let document = document_from_py(&value, &format!("resources[{uri:?}]"), &base)?;
        documents.push((uri, document));
    }
    Ok(documents)
}

/// Builds the core's resources from the converted documents.
pub fn build_resources(documents: &[(String, Value)]) -> Resources {
    let mut resources = Resources::new();
    for (uri, document) in documents {
        resources.add(uri.clone(), document.clone());
    }
    resources
}

/// Returns the documents as a `dict` of URI to schema `dict` (or `bool`).
pub fn resources_to_py<'py>(py: Python<'py>, documents: &[(String, Value)]) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (uri, document) in documents {
        dict.set_item(uri, value_to_py(py, document)?)?;
    }
    Ok(dict)
}

/// Converts a JSON value to the Python value `json.loads` would give. Recursion is bounded
/// because a schema converted from Python nests at most `MAX_SCHEMA_NESTING` levels and
/// `serde_json` parses schema text at most 128 levels deep.
fn value_to_py<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(flag) => PyBool::new(py, *flag).to_owned().into_any(),
        Value::Number(number) => number_to_py(py, number.to_string().as_bytes())?,
        Value::String(text) => PyString::new(py, text).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(value_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(members) => {
            let dict = PyDict::new(py);
            for (key, member) in members {
                dict.set_item(key, value_to_py(py, member)?)?;
            }
            dict.into_any()
        }
    })
}

/// Whether `uri` starts with a scheme (RFC 3986: a letter, then letters, digits, `+`, `-`
/// or `.`, then `:`). A `$ref` resolves to an absolute URI, so a document registered
/// under a relative one could never be found.
fn has_scheme(uri: &str) -> bool {
    let Some((scheme, _)) = uri.split_once(':') else {
        return false;
    };
    let mut characters = scheme.chars();
    characters.next().is_some_and(|first| first.is_ascii_alphabetic())
        && characters.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}
