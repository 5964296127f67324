//! Python objects built from the tree that the sink filled: `dict`, `list`, `str`, `int`,
//! `float`, `bool` and `None`, without parsing the canonical text again.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyString};

use crate::tree::{utf8_prefix, Frame, Node, Tree};

// NOTE: conversion recurses once per nesting level, so its depth is bounded by the
// validator's `max_depth` (128 by default). A `max_depth` in the tens of thousands could
// exhaust the native stack of the converting thread.

/// Builds the Python object for a complete value.
pub fn node_to_py<'py>(py: Python<'py>, node: &Node) -> PyResult<Bound<'py, PyAny>> {
    let object = match node {
        Node::Null => py.None().into_bound(py),
        Node::Bool(value) => value.into_pyobject(py)?.to_owned().into_any(),
        Node::Number(text) => number_to_py(py, text)?,
        Node::String(text) => PyString::new(py, text).into_any(),
        Node::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(node_to_py(py, item)?)?;
            }
            list.into_any()
        }
        Node::Object(members) => {
            let dict = PyDict::new(py);
            for (key, value) in members {
                dict.set_item(key.as_ref(), node_to_py(py, value)?)?;
            }
            dict.into_any()
        }
    };
    Ok(object)
}

/// Builds a snapshot of the value received so far. An open container contains its complete
/// members or items plus the open one, and an open string contains its content up to the
/// last complete character. A key whose value has not begun is left out, and so is a number
/// that has not ended, because the core sends a number only once it is complete.
///
/// Returns `None` before the first value has begun.
pub fn partial_to_py<'py>(py: Python<'py>, tree: &Tree) -> PyResult<Bound<'py, PyAny>> {
    let mut open_child = tree
        .string
        .as_ref()
        .map(|bytes| PyString::new(py, utf8_prefix(bytes)).into_any());
    if tree.frames.is_empty() {
        return match (open_child, &tree.root) {
            (Some(string), _) => Ok(string),
            (None, Some(root)) => node_to_py(py, root),
            (None, None) => Ok(py.None().into_bound(py)),
        };
    }
    // Build from the innermost open container outwards: each one contains the next.
    for frame in tree.frames.iter().rev() {
        let container = match frame {
            Frame::Array(items) => {
                let list = PyList::empty(py);
                for item in items {
                    list.append(node_to_py(py, item)?)?;
                }
                if let Some(child) = open_child.take() {
                    list.append(child)?;
                }
                list.into_any()
            }
            Frame::Object { members, key } => {
                let dict = PyDict::new(py);
                for (name, value) in members {
                    dict.set_item(name.as_ref(), node_to_py(py, value)?)?;
                }
                if let (Some(child), Some(name)) = (open_child.take(), key) {
                    dict.set_item(name.as_ref(), child)?;
                }
                dict.into_any()
            }
        };
        open_child = Some(container);
    }
    Ok(open_child.unwrap_or_else(|| py.None().into_bound(py)))
}

/// Converts number text to `int` when it has no fraction and no exponent, as `json.loads`
/// does, and to `float` otherwise. `float` follows IEEE 754 rounding, so `1e400` becomes
/// `inf`; the canonical text keeps the digits as written.
pub fn number_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let is_integer = !text.bytes().any(|b| matches!(b, b'.' | b'e' | b'E'));
    if !is_integer {
        let value: f64 = text
            .parse()
            .map_err(|_| PyValueError::new_err(format!("invalid number text {text:?} from the validator")))?;
        return Ok(PyFloat::new(py, value).into_any());
    }
    if let Ok(value) = text.parse::<i64>() {
        return Ok(value.into_pyobject(py)?.into_any());
    }
    big_int_to_py(py, text)
}

/// Digits converted by one call to `int(str)`. Python 3.11 and later (and security
/// releases of 3.9 and 3.10) reject `int()` of strings longer than
/// `sys.get_int_max_str_digits()`, 4300 by default, so longer integers are built in
/// pieces of this size.
const INT_PIECE_DIGITS: usize = 4000;

fn big_int_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let int_type = py.get_type::<PyInt>();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let mut value = int_type.call1((0,))?;
    let mut start = 0;
    while start < digits.len() {
        let end = (start + INT_PIECE_DIGITS).min(digits.len());
        let piece = int_type.call1((&digits[start..end],))?;
        let scale = int_type.call1((10,))?.pow(end - start, py.None())?;
        value = value.mul(scale)?.add(piece)?;
        start = end;
    }
    if negative {
        value = value.neg()?;
    }
    Ok(value)
}
