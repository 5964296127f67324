//! Python objects built from a tape of sink events: `dict`, `list`, `str`, `int`, `float`,
//! `bool` and `None`, without parsing the canonical text again.
//!
//! [`ValueBuilder`] applies events in order and can stop at the end of a growing tape and
//! resume there, which keeps a stream's `partial` value up to date between reads.
//! [`build_finished`] builds the value of a finished tape in one pass, with no growing
//! string to show, and fills each `list` once its items are known.

use std::hash::BuildHasher;

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyInt, PyList, PyString};

use crate::tape::{Cursor, Event, Tape};

/// An open `dict` or `list` of the value being built.
#[derive(Debug)]
enum OpenContainer {
    Object {
        dict: Py<PyDict>,
        /// The key of the member received last. It is inserted only once its value begins,
        /// and it stays here so that a growing string value can be replaced under it.
        key: Option<Py<PyString>>,
    },
    Array {
        list: Py<PyList>,
        /// Items appended so far, so that a growing string item is replaced at `len - 1`.
        len: usize,
    },
}

/// Builds the Python value of a tape, from its first event up to the tape's current end.
///
/// Each call to [`ValueBuilder::apply`] converts only the events added since the call
/// before it. It changes the objects built earlier in place: it appends to the open
/// `list`, sets new keys on the open `dict`, and replaces the open string value with a
/// longer `str`. Containers begun earlier stay the same objects.
#[derive(Debug, Default)]
pub struct ValueBuilder {
    /// The next event to apply. When `shown_string` is set it is the open string shown
    /// last, which is always the tape's last event.
    next: Cursor,
    open: Vec<OpenContainer>,
    root: Option<Py<PyAny>>,
    /// Bytes of the open string at `next` that the shown `str` contains.
    shown_string: Option<usize>,
    keys: KeyCache,
}

impl ValueBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Returns the value built so far, or `None` before the first value has begun.
    pub fn value<'py>(&self, py: Python<'py>) -> Bound<'py, PyAny> {
        match &self.root {
            Some(root) => root.bind(py).clone(),
            None => py.None().into_bound(py),
        }
    }

    /// Applies the events that `tape` gained since the last call. An open string is shown
    /// up to its last complete character, and a number appears once it is complete, because
    /// the core sends a number only then.
    pub fn apply(&mut self, py: Python<'_>, tape: &Tape) -> PyResult<()> {
        while let Some((event, bytes)) = tape.read(self.next) {
            match event {
                Event::BeginObject => {
                    let dict = PyDict::new(py);
                    self.attach(py, dict.as_any())?;
                    self.open.push(OpenContainer::Object {
                        dict: dict.unbind(),
                        key: None,
                    });
                }
                Event::BeginArray => {
                    let list = PyList::empty(py);
                    self.attach(py, list.as_any())?;
                    self.open.push(OpenContainer::Array {
                        list: list.unbind(),
                        len: 0,
                    });
                }
                Event::EndObject | Event::EndArray => {
                    self.open.pop();
                }
                Event::Key { .. } => {
                    let key = self.keys.get(py, bytes)?;
                    if let Some(OpenContainer::Object { key: pending, .. }) = self.open.last_mut() {
                        *pending = Some(key.unbind());
                    }
                }
                Event::String { closed: false, .. } => {
                    // The open string is the tape's last event: show its complete characters
                    // and stay on it, so that the next call replaces it with a longer `str`.
                    let shown = complete_utf8_len(bytes);
                    if self.shown_string != Some(shown) {
                        let text = PyString::from_bytes(py, &bytes[..shown])?;
                        self.show_string(py, text.as_any())?;
                        self.shown_string = Some(shown);
                    }
                    return Ok(());
                }
                Event::String { closed: true, .. } => {
                    let text = PyString::from_bytes(py, bytes)?;
                    self.show_string(py, text.as_any())?;
                    self.shown_string = None;
                }
                Event::Number { .. } => {
                    let number = number_to_py(py, bytes)?;
                    self.attach(py, &number)?;
                }
                Event::Bool(value) => {
                    let value = value.into_pyobject(py)?.to_owned().into_any();
                    self.attach(py, &value)?;
                }
                Event::Null => self.attach(py, &py.None().into_bound(py))?,
            }
            Tape::advance(&mut self.next, event);
        }
        Ok(())
    }

    /// Shows a string value: attaches it when it begins, or replaces the shorter `str`
    /// shown for it before.
    fn show_string(&mut self, py: Python<'_>, text: &Bound<'_, PyAny>) -> PyResult<()> {
        if self.shown_string.is_none() {
            return self.attach(py, text);
        }
        match self.open.last() {
            Some(OpenContainer::Object { dict, key }) => set_member(py, dict, key.as_ref(), text),
            Some(OpenContainer::Array { list, len }) => list.bind(py).set_item(len - 1, text),
            None => {
                self.root = Some(text.clone().unbind());
                Ok(())
            }
        }
    }

    /// Adds a value that has begun to the open container, or makes it the root.
    fn attach(&mut self, py: Python<'_>, value: &Bound<'_, PyAny>) -> PyResult<()> {
        match self.open.last_mut() {
            Some(OpenContainer::Object { dict, key }) => set_member(py, dict, key.as_ref(), value),
            Some(OpenContainer::Array { list, len }) => {
                list.bind(py).append(value)?;
                *len += 1;
                Ok(())
            }
            None => {
                self.root = Some(value.clone().unbind());
                Ok(())
            }
        }
    }
}

/// Sets a member. The core sends a key before every member value, so `key` is never
/// missing; an empty key keeps the member rather than dropping it.
fn set_member(py: Python<'_>, dict: &Py<PyDict>, key: Option<&Py<PyString>>, value: &Bound<'_, PyAny>) -> PyResult<()> {
    let dict = dict.bind(py);
    match key {
        Some(key) => dict.set_item(key.bind(py), value),
        None => dict.set_item("", value),
    }
}

/// A container open while [`build_finished`] reads a tape.
enum Building<'py> {
    Object {
        dict: Bound<'py, PyDict>,
        key: Option<Bound<'py, PyString>>,
    },
    /// A list whose items are `items[start..]` of the builder's shared item stack.
    Array { start: usize },
}

/// Builds the value of a finished tape: one whose strings are all closed and whose
/// containers all end. Items of the open lists wait on one shared stack, and each list is
/// created at its full length when it closes.
pub fn build_finished<'py>(py: Python<'py>, tape: &Tape) -> PyResult<Bound<'py, PyAny>> {
    let mut open: Vec<Building<'py>> = Vec::new();
    let mut items: Vec<Bound<'py, PyAny>> = Vec::new();
    let mut keys = KeyCache::default();
    let mut root = None;
    for (event, bytes) in tape.iter() {
        let value = match event {
            Event::BeginObject => {
                open.push(Building::Object {
                    dict: PyDict::new(py),
                    key: None,
                });
                continue;
            }
            Event::BeginArray => {
                open.push(Building::Array { start: items.len() });
                continue;
            }
            Event::Key { .. } => {
                if let Some(Building::Object { key, .. }) = open.last_mut() {
                    *key = Some(keys.get(py, bytes)?);
                }
                continue;
            }
            Event::EndObject | Event::EndArray => match open.pop() {
                Some(Building::Object { dict, .. }) => dict.into_any(),
                Some(Building::Array { start }) => PyList::new(py, items.drain(start..))?.into_any(),
                None => return Err(PyValueError::new_err("the validator's tape closes a container it never opened")),
            },
            Event::String { .. } => PyString::from_bytes(py, bytes)?.into_any(),
            Event::Number { .. } => number_to_py(py, bytes)?,
            Event::Bool(value) => value.into_pyobject(py)?.to_owned().into_any(),
            Event::Null => py.None().into_bound(py),
        };
        match open.last_mut() {
            Some(Building::Object { dict, key }) => match key.take() {
                Some(key) => dict.set_item(key, value)?,
                None => dict.set_item("", value)?,
            },
            Some(Building::Array { .. }) => items.push(value),
            None => root = Some(value),
        }
    }
    if !open.is_empty() {
        return Err(PyValueError::new_err("the validator's tape ends inside a container"));
    }
    Ok(root.unwrap_or_else(|| py.None().into_bound(py)))
}

/// Returns the length of the longest prefix of `bytes` that ends on a character boundary.
/// `bytes` is valid UTF-8 except that it may end inside a multi-byte character, when the
/// input was split there.
fn complete_utf8_len(bytes: &[u8]) -> usize {
    // The last character starts at the last byte that is not a continuation byte
    // (0b10xx_xxxx), at most 3 bytes before the end.
    let Some(start) = (0..bytes.len()).rev().take(4).find(|&i| bytes[i] & 0xc0 != 0x80) else {
        return bytes.len();
    };
    let width = match bytes[start] {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    };
    if start + width <= bytes.len() {
        bytes.len()
    } else {
        start
    }
}

/// Maximum length in bytes of a key that [`KeyCache`] keeps. Longer keys are rarely
/// repeated.
const MAX_CACHED_KEY_BYTES: usize = 64;
/// Number of distinct keys that [`KeyCache`] keeps; later new keys are built each time.
const MAX_CACHED_KEYS: usize = 4096;

/// Python `str` objects for object keys, reused for every repeat of a key.
///
/// Arrays of objects repeat the same keys, and a reused `str` also carries its hash, so
/// each `dict` insertion after the first skips hashing the key. The cache is a small
/// open-addressing table. A lookup reads at most [`MAX_KEY_PROBES`] slots, so keys made
/// to collide only go uncached, and short keys are compared as words, not with `memcmp`.
#[derive(Debug, Default)]
struct KeyCache {
    /// A power of two long once the first key arrives, and at most half full.
    slots: Vec<Option<CachedKey>>,
    len: usize,
    hasher: foldhash::fast::RandomState,
}

/// A key's bytes and its `str`.
type CachedKey = (Box<[u8]>, Py<PyString>);

/// Slots a lookup reads before it builds the key without the cache.
const MAX_KEY_PROBES: usize = 8;

impl KeyCache {
    fn get<'py>(&mut self, py: Python<'py>, bytes: &[u8]) -> PyResult<Bound<'py, PyString>> {
        if bytes.len() > MAX_CACHED_KEY_BYTES {
            return PyString::from_bytes(py, bytes);
        }
        if self.slots.is_empty() {
            self.slots.resize_with(64, || None);
        }
        let mask = self.slots.len() - 1;
        let mut slot = self.hasher.hash_one(bytes) as usize & mask;
        for _ in 0..MAX_KEY_PROBES {
            match &self.slots[slot] {
                Some((key, text)) if same_bytes(key, bytes) => return Ok(text.bind(py).clone()),
                Some(_) => slot = (slot + 1) & mask,
                None => {
                    let text = PyString::from_bytes(py, bytes)?;
                    if self.len < MAX_CACHED_KEYS {
                        self.slots[slot] = Some((bytes.into(), text.clone().unbind()));
                        self.len += 1;
                        if 2 * self.len > self.slots.len() {
                            self.grow();
                        }
                    }
                    return Ok(text);
                }
            }
        }
        PyString::from_bytes(py, bytes)
    }

    /// Doubles the table and places every key again. A key that finds no free slot within
    /// the probe limit is dropped from the cache.
    fn grow(&mut self) {
        let old = std::mem::take(&mut self.slots);
        self.slots.resize_with(2 * old.len(), || None);
        self.len = 0;
        let mask = self.slots.len() - 1;
        for (key, text) in old.into_iter().flatten() {
            let mut slot = self.hasher.hash_one(&key[..]) as usize & mask;
            for _ in 0..MAX_KEY_PROBES {
                if self.slots[slot].is_none() {
                    self.slots[slot] = Some((key, text));
                    self.len += 1;
                    break;
                }
                slot = (slot + 1) & mask;
            }
        }
    }
}

/// Compares two keys. Up to 16 bytes, whole words decide it, which is cheaper than a call
/// to `memcmp` for the short keys that most documents use.
fn same_bytes(left: &[u8], right: &[u8]) -> bool {
    fn word(bytes: &[u8]) -> u64 {
        // Overlapping reads of the first and last bytes cover a slice of up to 8 bytes.
        let n = bytes.len();
        if n >= 8 {
            u64::from_le_bytes(bytes[..8].try_into().expect("eight bytes"))
        } else if n >= 4 {
            let low = u32::from_le_bytes(bytes[..4].try_into().expect("four bytes"));
            let high = u32::from_le_bytes(bytes[n - 4..].try_into().expect("four bytes"));
            u64::from(low) | u64::from(high) << 32
        } else if n > 0 {
            u64::from(bytes[0]) | u64::from(bytes[n / 2]) << 8 | u64::from(bytes[n - 1]) << 16
        } else {
            0
        }
    }
    let n = left.len();
    if n != right.len() {
        return false;
    }
    match n {
        0..=8 => word(left) == word(right),
        9..=16 => word(left) == word(right) && word(&left[n - 8..]) == word(&right[n - 8..]),
        _ => left == right,
    }
}

/// Converts number text to `int` when it has no fraction and no exponent, as `json.loads`
/// does, and to `float` otherwise. `float` follows IEEE 754 rounding, so `1e400` becomes
/// `inf`; the canonical text keeps the digits as written.
pub fn number_to_py<'py>(py: Python<'py>, text: &[u8]) -> PyResult<Bound<'py, PyAny>> {
    if let Some(value) = small_integer(text) {
        return Ok(value.into_pyobject(py)?.into_any());
    }
    let text = std::str::from_utf8(text)
        .map_err(|_| PyValueError::new_err(format!("invalid number text {text:?} from the validator")))?;
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

/// Reads an integer of at most 18 digits, which always fits `i64`, in one pass. Returns
/// `None` for anything else: a fraction, an exponent or a longer integer.
fn small_integer(text: &[u8]) -> Option<i64> {
    let (negative, digits) = match text.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, text),
    };
    if digits.is_empty() || digits.len() > 18 {
        return None;
    }
    let mut value: i64 = 0;
    for &b in digits {
        if !b.is_ascii_digit() {
            return None;
        }
        value = value * 10 + i64::from(b - b'0');
    }
    Some(if negative { -value } else { value })
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
