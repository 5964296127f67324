//! The schema argument of `Validator` and the values of its `resources`: a `dict` (or a
//! `bool`, a boolean schema) converted to a `serde_json::Value`, or JSON text as `str` or
//! `bytes` parsed by `serde_json`.

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

use crate::errors::binding_schema_error;

/// Deepest nesting converted from Python objects. Deeper schemas, and dicts that contain
/// themselves, fail with a `SchemaError` of kind `depth_limit` instead of exhausting the
/// stack. The core compiler has its own, lower limit on how deep a schema may nest.
const MAX_SCHEMA_NESTING: usize = 1024;

/// Converts the schema argument.
pub fn schema_from_py(schema: &Bound<'_, PyAny>) -> PyResult<Value> {
    document_from_py(schema, "schema", "")
}

/// Converts one schema document. `argument` names it in error messages, and `base`
/// starts the schema paths of its errors: empty for the root schema, `uri#` for a
/// resource, as the core writes paths into other documents.
pub fn document_from_py(schema: &Bound<'_, PyAny>, argument: &str, base: &str) -> PyResult<Value> {
    if schema.is_instance_of::<PyString>() {
        let text: String = schema.extract()?;
        return parse_schema_text(schema.py(), text.as_bytes(), argument, base);
    }
    if let Ok(bytes) = schema.cast::<PyBytes>() {
        return parse_schema_text(schema.py(), bytes.as_bytes(), argument, base);
    }
    if let Ok(bytes) = schema.cast::<PyByteArray>() {
        return parse_schema_text(schema.py(), &bytes.to_vec(), argument, base);
    }
    if schema.is_instance_of::<PyDict>() || schema.is_instance_of::<PyBool>() {
        let mut path = base.to_owned();
        return value_from_py(schema, &mut path, 0);
    }
    Err(PyTypeError::new_err(format!(
        "{argument} must be a dict, a bool, or JSON text as str or bytes, not {}",
        type_name(schema)
    )))
}

fn parse_schema_text(py: Python<'_>, text: &[u8], argument: &str, base: &str) -> PyResult<Value> {
    let argument = if argument == "schema" { "the schema" } else { argument };
    serde_json::from_slice(text).map_err(|error| {
        binding_schema_error(py, "invalid_json", base, &format!("{argument} is not valid JSON: {error}"))
    })
}

/// Converts one value; `path` is its JSON Pointer, kept for error messages.
fn value_from_py(object: &Bound<'_, PyAny>, path: &mut String, depth: usize) -> PyResult<Value> {
    if depth > MAX_SCHEMA_NESTING {
        return Err(binding_schema_error(
            object.py(),
            "depth_limit",
            path,
            &format!("the schema nests deeper than {MAX_SCHEMA_NESTING} levels, or contains itself"),
        ));
    }
    if object.is_none() {
        return Ok(Value::Null);
    }
    // `bool` is a subclass of `int`, so it is tested first.
    if let Ok(value) = object.cast::<PyBool>() {
        return Ok(Value::Bool(value.is_true()));
    }
    if object.is_instance_of::<PyInt>() {
        return int_from_py(object, path);
    }
    if object.is_instance_of::<PyFloat>() {
        let value: f64 = object.extract()?;
        return Number::from_f64(value).map(Value::Number).ok_or_else(|| {
            binding_schema_error(object.py(), "invalid_json", path, &format!("{value} is not a JSON number"))
        });
    }
    if object.is_instance_of::<PyString>() {
        return Ok(Value::String(object.extract()?));
    }
    if let Ok(dict) = object.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "schema keys must be str, found {} at {}",
                    type_name(&key),
                    display_path(path)
                )));
            };
            let key: String = key.extract()?;
            let length = path.len();
            push_segment(path, &key);
            let converted = value_from_py(&value, path, depth + 1)?;
            path.truncate(length);
            map.insert(key, converted);
        }
        return Ok(Value::Object(map));
    }
    if object.is_instance_of::<PyList>() || object.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (index, item) in object.try_iter()?.enumerate() {
            let length = path.len();
            push_segment(path, &index.to_string());
            items.push(value_from_py(&item?, path, depth + 1)?);
            path.truncate(length);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "schema values must be dict, list, tuple, str, int, float, bool or None, found {} at {}",
        type_name(object),
        display_path(path)
    )))
}

/// Converts an `int`. `serde_json::Value` stores integers of up to 64 bits, and a larger one
/// becomes the nearest `f64`, as it does when the schema is given as JSON text.
fn int_from_py(object: &Bound<'_, PyAny>, path: &str) -> PyResult<Value> {
    if let Ok(value) = object.extract::<i64>() {
        return Ok(Value::from(value));
    }
    if let Ok(value) = object.extract::<u64>() {
        return Ok(Value::from(value));
    }
    object
        .extract::<f64>()
        .ok()
        .and_then(Number::from_f64)
        .map(Value::Number)
        .ok_or_else(|| binding_schema_error(object.py(), "invalid_json", path, "the integer is too large for a JSON number"))
}

fn push_segment(path: &mut String, segment: &str) {
    path.push('/');
    path.push_str(&segment.replace('~', "~0").replace('/', "~1"));
}

fn display_path(path: &str) -> &str {
    if path.is_empty() {
        "the schema root"
    } else {
        path
    }
}

pub fn type_name(object: &Bound<'_, PyAny>) -> String {
    object
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string())
}
