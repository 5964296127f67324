//! A sink that stores the accepted document as a tree of Rust values. A stream then runs
//! without the Python interpreter, and the Python objects are built afterwards, for the
//! finished value or for a snapshot of the partial one.

use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use jsonseam::Sink;

/// A complete JSON value, as the sink events described it.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    Null,
    Bool(bool),
    /// The number's text as written in the input.
    Number(Box<str>),
    String(Box<str>),
    Array(Vec<Node>),
    /// Members in input order, repeated keys included when the validator allows them.
    Object(Vec<(Box<str>, Node)>),
}

/// A container whose closing bracket has not arrived yet.
#[derive(Debug)]
pub enum Frame {
    Array(Vec<Node>),
    Object {
        members: Vec<(Box<str>, Node)>,
        /// The last key received. It names the member whose value is open, or whose value
        /// has not begun yet (the key is then not shown in a partial value).
        key: Option<Box<str>>,
    },
}

/// The document received so far.
///
/// Invariant: `frames` lists the open containers from the root inwards, and `string` is the
/// content of an open string value, which belongs to the innermost frame (or is the root
/// when no frame is open). `root` is set once the root value has ended.
#[derive(Debug, Default)]
pub struct Tree {
    pub root: Option<Node>,
    pub frames: Vec<Frame>,
    pub string: Option<Vec<u8>>,
}

impl Tree {
    fn push(&mut self, node: Node) {
        match self.frames.last_mut() {
            Some(Frame::Object { members, key }) => {
                // The core sends `key` before every member value, so a missing key cannot
                // occur; an empty key keeps the member rather than dropping it.
                members.push((key.take().unwrap_or_default(), node));
            }
            Some(Frame::Array(items)) => items.push(node),
            None => self.root = Some(node),
        }
    }
}

/// The tree shared between a stream's sink and the binding, so that the binding can read
/// the partial value after `Stream::finish` has consumed the sink.
pub type SharedTree = Arc<Mutex<Tree>>;

/// Locks the tree. A panic while the lock was held leaves a tree that is still well
/// formed (every operation is a single push or pop), so a poisoned lock is used as is.
pub fn lock(tree: &SharedTree) -> MutexGuard<'_, Tree> {
    tree.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The sink that fills a [`SharedTree`].
#[derive(Debug, Clone, Default)]
pub struct TreeSink {
    tree: SharedTree,
}

impl TreeSink {
    pub fn new() -> Self {
        Self::default()
    }

    /// Another handle to the tree this sink fills.
    pub fn tree(&self) -> SharedTree {
        Arc::clone(&self.tree)
    }
}

impl Sink for TreeSink {
    fn begin_object(&mut self) {
        lock(&self.tree).frames.push(Frame::Object {
            members: Vec::new(),
            key: None,
        });
    }

    fn end_object(&mut self) {
        let mut tree = lock(&self.tree);
        if let Some(Frame::Object { members, .. }) = tree.frames.pop() {
            tree.push(Node::Object(members));
        }
    }

    fn begin_array(&mut self) {
        lock(&self.tree).frames.push(Frame::Array(Vec::new()));
    }

    fn end_array(&mut self) {
        let mut tree = lock(&self.tree);
        if let Some(Frame::Array(items)) = tree.frames.pop() {
            tree.push(Node::Array(items));
        }
    }

    fn key(&mut self, key: &str) {
        if let Some(Frame::Object { key: pending, .. }) = lock(&self.tree).frames.last_mut() {
            *pending = Some(key.into());
        }
    }

    fn begin_string(&mut self) {
        lock(&self.tree).string = Some(Vec::new());
    }

    fn string_fragment(&mut self, fragment: &[u8]) {
        if let Some(string) = lock(&self.tree).string.as_mut() {
            string.extend_from_slice(fragment);
        }
    }

    fn end_string(&mut self) {
        let mut tree = lock(&self.tree);
        let bytes = tree.string.take().unwrap_or_default();
        // The core sends only validated UTF-8, so the lossy branch is never taken.
        let text = String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
        tree.push(Node::String(text.into()));
    }

    fn number(&mut self, text: &str) {
        lock(&self.tree).push(Node::Number(text.into()));
    }

    fn boolean(&mut self, value: bool) {
        lock(&self.tree).push(Node::Bool(value));
    }

    fn null(&mut self) {
        lock(&self.tree).push(Node::Null);
    }
}

/// Returns the longest prefix of `bytes` that is valid UTF-8. An open string may end inside a
/// multi-byte character when the input was split there.
pub fn utf8_prefix(bytes: &[u8]) -> &str {
    match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or_default(),
    }
}
