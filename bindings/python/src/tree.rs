//! The accepted document as a tree of Rust values, rebuilt from a tape when a rejection's
//! instance path must be decoded.

use jsonseam::Sink;

use crate::tape::Tape;

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

impl Tree {
    /// Rebuilds the tree from a tape. Only the error path needs it, to tell array indexes
    /// from object keys in an instance path.
    pub fn from_tape(tape: &Tape) -> Self {
        let mut tree = Self::default();
        tape.replay(&mut tree);
        tree
    }
}

/// Drops the nodes without recursion, which a tree nested tens of thousands of levels
/// deep would need more native stack for than a thread has.
impl Drop for Tree {
    fn drop(&mut self) {
        let mut pending: Vec<Node> = self.root.take().into_iter().collect();
        for frame in self.frames.drain(..) {
            match frame {
                Frame::Array(items) => pending.extend(items),
                Frame::Object { members, .. } => pending.extend(members.into_iter().map(|(_, value)| value)),
            }
        }
        while let Some(node) = pending.pop() {
            match node {
                Node::Array(items) => pending.extend(items),
                Node::Object(members) => pending.extend(members.into_iter().map(|(_, value)| value)),
                _ => {}
            }
        }
    }
}

impl Sink for Tree {
    fn begin_object(&mut self) {
        self.frames.push(Frame::Object {
            members: Vec::new(),
            key: None,
        });
    }

    fn end_object(&mut self) {
        if let Some(Frame::Object { members, .. }) = self.frames.pop() {
            self.push(Node::Object(members));
        }
    }

    fn begin_array(&mut self) {
        self.frames.push(Frame::Array(Vec::new()));
    }

    fn end_array(&mut self) {
        if let Some(Frame::Array(items)) = self.frames.pop() {
            self.push(Node::Array(items));
        }
    }

    fn key(&mut self, key: &str) {
        if let Some(Frame::Object { key: pending, .. }) = self.frames.last_mut() {
            *pending = Some(key.into());
        }
    }

    fn begin_string(&mut self) {
        self.string = Some(Vec::new());
    }

    fn string_fragment(&mut self, fragment: &[u8]) {
        if let Some(string) = self.string.as_mut() {
            string.extend_from_slice(fragment);
        }
    }

    fn end_string(&mut self) {
        let bytes = self.string.take().unwrap_or_default();
        // The core sends only validated UTF-8, so the lossy branch is never taken.
        let text = String::from_utf8(bytes).unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned());
        self.push(Node::String(text.into()));
    }

    fn number(&mut self, text: &str) {
        self.push(Node::Number(text.into()));
    }

    fn boolean(&mut self, value: bool) {
        self.push(Node::Bool(value));
    }

    fn null(&mut self) {
        self.push(Node::Null);
    }
}
