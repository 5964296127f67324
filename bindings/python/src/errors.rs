//! Python exceptions for the core's errors. The classes are defined in Python
//! (`jsonseam/_errors.py`), because there they can subclass `ValueError` under the stable
//! ABI, pickle, and carry `feedback()`. This module only fills their fields.

use jsonseam::{Rejection, SchemaError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyList, PyType};

use crate::tape::Tape;
use crate::tree::{Frame, Node, Tree};

static REJECTION_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();
static SCHEMA_ERROR: PyOnceLock<Py<PyType>> = PyOnceLock::new();

const ERRORS_MODULE: &str = "jsonseam._errors";

/// Creates the `SchemaError` for a schema that the core could not compile.
pub fn schema_error(py: Python<'_>, error: &SchemaError) -> PyErr {
    new_schema_error(py, &error.to_string(), error.kind().as_str(), error.schema_path(), error.message())
}

/// Creates a `SchemaError` for a schema argument that the binding could not turn into JSON
/// before compiling it. `kind` is `invalid_json` or `depth_limit`.
pub fn binding_schema_error(py: Python<'_>, kind: &str, schema_path: &str, message: &str) -> PyErr {
    let location = if schema_path.is_empty() { "/" } else { schema_path };
    new_schema_error(py, &format!("invalid schema at {location}: {message}"), kind, schema_path, message)
}

fn new_schema_error(py: Python<'_>, display: &str, kind: &str, schema_path: &str, message: &str) -> PyErr {
    let raised = SCHEMA_ERROR
        .import(py, ERRORS_MODULE, "SchemaError")
        .and_then(|class| class.call1((display, kind, schema_path, message)));
    match raised {
        Ok(exception) => PyErr::from_value(exception),
        Err(import_failure) => import_failure,
    }
}

/// One segment of an instance path: an array index or an object key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathSegment {
    Index(usize),
    Key(String),
}

/// Creates the `RejectionError` for a rejection whose instance path was decoded by
/// [`decode_instance_path`].
pub fn rejection_error(py: Python<'_>, rejection: &Rejection, instance_path: &[PathSegment]) -> PyErr {
    let raised = instance_path_list(py, instance_path).and_then(|path| {
        let class = REJECTION_ERROR.import(py, ERRORS_MODULE, "RejectionError")?;
        class.call1((
            rejection.to_string(),
            rejection.kind().as_str(),
            rejection.offset(),
            path,
            rejection.schema_path(),
            rejection.expected(),
            rejection.found(),
            rejection.instance_path(),
        ))
    });
    match raised {
        Ok(exception) => PyErr::from_value(exception),
        Err(failure) => failure,
    }
}

/// Decodes the instance path of `rejection` against the document accepted before it, as
/// recorded on `tape`.
pub fn rejection_path(rejection: &Rejection, tape: &Tape) -> Vec<PathSegment> {
    let pointer = rejection.instance_path();
    if pointer.is_empty() {
        return Vec::new();
    }
    decode_instance_path(pointer, &Tree::from_tape(tape))
}

fn instance_path_list<'py>(py: Python<'py>, instance_path: &[PathSegment]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for segment in instance_path {
        match segment {
            PathSegment::Index(index) => list.append(index)?,
            PathSegment::Key(key) => list.append(key)?,
        }
    }
    Ok(list)
}

/// Position of the walk along an instance path in the accepted tree.
#[derive(Clone, Copy)]
enum Cursor<'a> {
    /// A complete value.
    Closed(&'a Node),
    /// The open container at this index of `Tree::frames`.
    Open(usize),
    /// A value that is not in the tree as a container: an open string, a value that failed
    /// at its first byte, or any value of a candidate that the extractor checked without a
    /// sink.
    Unknown,
}

/// Kind of container that a path segment addresses, as far as the tree shows.
enum Segment {
    Index(usize),
    Key,
    /// The container is not in the tree.
    Unknown,
}

/// Decodes a rejection's JSON Pointer into keys and indexes. `tree` is the document
/// accepted before the rejection.
///
/// A pointer does not say whether `0` is an index or a key, so each segment is decoded by
/// the container it addresses in the accepted tree. Where the walk leaves the tree, a
/// segment that is a canonical array index (`0`, or digits without a leading zero) becomes
/// an index, and any other segment a key.
pub fn decode_instance_path(pointer: &str, tree: &Tree) -> Vec<PathSegment> {
    let Some(rest) = pointer.strip_prefix('/') else {
        return Vec::new();
    };
    let mut path = Vec::new();
    let mut cursor = root_cursor(tree);
    for raw in rest.split('/') {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        let (addressed, next) = step(tree, cursor, &segment);
        let index = match addressed {
            Segment::Index(index) => Some(index),
            Segment::Key => None,
            Segment::Unknown => canonical_index(&segment),
        };
        path.push(match index {
            Some(index) => PathSegment::Index(index),
            None => PathSegment::Key(segment),
        });
        cursor = next;
    }
    path
}

fn root_cursor(tree: &Tree) -> Cursor<'_> {
    if tree.frames.is_empty() {
        tree.root.as_ref().map_or(Cursor::Unknown, Cursor::Closed)
    } else {
        Cursor::Open(0)
    }
}

/// Returns the container open inside the frame at `index`, if any.
fn open_child(tree: &Tree, index: usize) -> Cursor<'_> {
    if index + 1 < tree.frames.len() {
        Cursor::Open(index + 1)
    } else {
        Cursor::Unknown
    }
}

/// Moves one segment down from `cursor`. Returns the kind of container the segment
/// addresses, and the cursor of the child.
fn step<'a>(tree: &'a Tree, cursor: Cursor<'a>, segment: &str) -> (Segment, Cursor<'a>) {
    match cursor {
        Cursor::Open(frame) => match &tree.frames[frame] {
            Frame::Array(items) => match canonical_index(segment) {
                Some(index) if index < items.len() => (Segment::Index(index), Cursor::Closed(&items[index])),
                Some(index) if index == items.len() => (Segment::Index(index), open_child(tree, frame)),
                Some(index) => (Segment::Index(index), Cursor::Unknown),
                None => (Segment::Unknown, Cursor::Unknown),
            },
            Frame::Object { members, key } => {
                // The member whose value is open carries the pending key.
                let child = match open_child(tree, frame) {
                    Cursor::Open(inner) if key.as_deref() == Some(segment) => Cursor::Open(inner),
                    _ => last_member(members, segment),
                };
                (Segment::Key, child)
            }
        },
        Cursor::Closed(Node::Array(items)) => match canonical_index(segment) {
            Some(index) => (Segment::Index(index), items.get(index).map_or(Cursor::Unknown, Cursor::Closed)),
            None => (Segment::Unknown, Cursor::Unknown),
        },
        Cursor::Closed(Node::Object(members)) => (Segment::Key, last_member(members, segment)),
        Cursor::Closed(_) | Cursor::Unknown => (Segment::Unknown, Cursor::Unknown),
    }
}

/// Finds the last member named `name`: with repeated keys allowed, the one a `dict` keeps.
fn last_member<'a>(members: &'a [(Box<str>, Node)], name: &str) -> Cursor<'a> {
    members
        .iter()
        .rev()
        .find(|(key, _)| key.as_ref() == name)
        .map_or(Cursor::Unknown, |(_, value)| Cursor::Closed(value))
}

/// Parses `segment` as an array index, when it is written as RFC 6901 writes one.
fn canonical_index(segment: &str) -> Option<usize> {
    let digits = !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit());
    let leading_zero = segment.len() > 1 && segment.starts_with('0');
    if digits && !leading_zero {
        segment.parse().ok()
    } else {
        None
    }
}
