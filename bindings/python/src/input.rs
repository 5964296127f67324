//! Documents and chunks passed in from Python: `str` (validated as its UTF-8 encoding),
//! `bytes`, or `bytearray` (copied, because it can change while the GIL is released).

use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::pybacked::{PyBackedBytes, PyBackedStr};
use pyo3::types::{PyByteArray, PyBytes, PyString};

/// Input bytes that stay valid without the GIL.
pub enum Input {
    Text(PyBackedStr),
    Bytes(PyBackedBytes),
}

impl Input {
    pub fn as_bytes(&self) -> &[u8] {
        match self {
            Self::Text(text) => text.as_bytes(),
            Self::Bytes(bytes) => bytes,
        }
    }
}

/// Reads `object` as input. `argument_name` names it in the error message.
pub fn input_from_py(object: &Bound<'_, PyAny>, argument_name: &str) -> PyResult<Input> {
    if object.is_instance_of::<PyString>() {
        return Ok(Input::Text(object.extract()?));
    }
    if object.is_instance_of::<PyBytes>() || object.is_instance_of::<PyByteArray>() {
        return Ok(Input::Bytes(object.extract()?));
    }
    let type_name = object
        .get_type()
        .name()
        .map_or_else(|_| "an unknown type".to_owned(), |name| name.to_string());
    Err(PyTypeError::new_err(format!("{argument_name} must be str or bytes, not {type_name}")))
}
