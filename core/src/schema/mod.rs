//! The schema compiler: a JSON Schema document becomes a table of [`Node`]s.
//!
//! Each schema object in the document that can apply to some value becomes one node,
//! identified by its JSON Pointer inside the document. A node holds its local keywords in
//! compiled form (a [`TypeSet`], string, number, object and array rules, an enumeration),
//! and links to other nodes: the subschemas of its object and array keywords, which apply
//! to child values, and its `allOf`, `anyOf`, `oneOf` and `$ref` members, which apply to
//! the same value. The second kind of link forms a graph that must not cycle (a cycle would
//! never reach a child value); [`plan`] checks that and flattens each node's combinators
//! into a [`Plan`] the matcher evaluates.
//!
//! Compilation walks the document with a work list, never with recursion on its depth, and
//! compiles only schemas reachable from the root: an unused `$defs` entry is not checked.

mod array;
mod enumeration;
mod format;
mod number;
mod object;
mod pattern;
pub(crate) mod plan;
mod string;
pub(crate) mod types;

use std::collections::HashMap;

use serde_json::{Map, Value};

pub(crate) use array::{ArrayRules, Rest};
pub(crate) use enumeration::Enumeration;
pub(crate) use number::NumberRules;
pub(crate) use object::{Additional, ObjectRules};
pub(crate) use pattern::{Pattern, PatternState};
pub(crate) use plan::Plan;
pub(crate) use string::{count_code_points, StringRules};
pub(crate) use types::{TypeSet, ValueKind};

use crate::error::{SchemaError, SchemaErrorKind};
use crate::options::Options;

pub(crate) type NodeId = u32;

/// Keywords that carry no assertion. `format` is an annotation by default in draft
/// 2020-12; `$defs` and `definitions` only hold schemas for `$ref` to reach.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "$comment",
    "$defs",
    "definitions",
    "title",
    "description",
    "default",
    "examples",
    "deprecated",
    "readOnly",
    "writeOnly",
    "format",
    "contentMediaType",
    "contentEncoding",
];

/// One compiled schema object.
#[derive(Debug, Default)]
pub(crate) struct Node {
    /// JSON Pointer of this schema inside the document.
    pub path: String,
    /// `false`, or a schema that can match nothing.
    pub never: bool,
    pub types: Option<TypeSet>,
    pub enumeration: Option<Box<Enumeration>>,
    pub string: Option<Box<StringRules>>,
    pub number: Option<Box<NumberRules>>,
    pub object: Option<Box<ObjectRules>>,
    pub array: Option<Box<ArrayRules>>,
    pub all_of: Vec<NodeId>,
    pub any_of: Vec<NodeId>,
    pub one_of: Vec<NodeId>,
    pub reference: Option<NodeId>,
}

impl Node {
    /// Whether this node asserts anything about a value by itself, apart from its
    /// combinators. Nodes that do become matcher threads.
    pub(crate) fn has_local_rules(&self) -> bool {
        self.never
            || self.types.is_some()
            || self.enumeration.is_some()
            || self.string.is_some()
            || self.number.is_some()
            || self.object.is_some()
            || self.array.is_some()
    }
}

/// A compiled schema, shared read-only by every stream.
#[derive(Debug)]
pub(crate) struct Schema {
    pub nodes: Vec<Node>,
    /// One plan per node, computed for the nodes that can apply to a value.
    pub plans: Vec<Option<Plan>>,
    pub patterns: Vec<Pattern>,
    pub root: NodeId,
    pub unchecked: Vec<String>,
}

impl Schema {
    pub(crate) fn plan(&self, node: NodeId) -> &Plan {
        self.plans[node as usize]
            .as_ref()
            .expect("every node reachable as a value's schema has a plan")
    }
}

/// The compiler's view of the node being compiled.
pub(crate) struct Context<'a> {
    pub path: &'a str,
}

impl Context<'_> {
    pub(crate) fn keyword_path(&self, keyword: &str) -> String {
        join_pointer(self.path, keyword)
    }
}

/// Walks the document and builds the node table.
pub(crate) struct Compiler<'a> {
    document: &'a Value,
    options: &'a Options,
    nodes: Vec<Node>,
    by_path: HashMap<String, NodeId>,
    pending: Vec<NodeId>,
    patterns: Vec<Pattern>,
    unchecked: Vec<String>,
}

impl<'a> Compiler<'a> {
    pub(crate) fn compile(
        document: &'a Value,
        options: &'a Options,
        _resources: &'a crate::Resources,
    ) -> Result<Schema, SchemaError> {
        let mut compiler = Compiler {
            document,
            options,
            nodes: Vec::new(),
            by_path: HashMap::new(),
            pending: Vec::new(),
            patterns: Vec::new(),
            unchecked: Vec::new(),
        };
        // Node 0 is the always-true schema.
        compiler.push_node(Node::default());
        let root = compiler.intern(String::new());
        while let Some(id) = compiler.pending.pop() {
            compiler.compile_node(id)?;
        }
        let plans = plan::build_all(&compiler.nodes, root)?;
        Ok(Schema {
            nodes: compiler.nodes,
            plans,
            patterns: compiler.patterns,
            root,
            unchecked: compiler.unchecked,
        })
    }

    fn push_node(&mut self, node: Node) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).expect("fewer than 2^32 schema nodes");
        self.nodes.push(node);
        id
    }

    /// The node for the schema at `path`, compiled later if it is new.
    pub(crate) fn intern(&mut self, path: String) -> NodeId {
        if let Some(&id) = self.by_path.get(&path) {
            return id;
        }
        let id = self.push_node(Node {
            path: path.clone(),
            ..Node::default()
        });
        self.by_path.insert(path, id);
        self.pending.push(id);
        id
    }

    /// The node for the subschema under `keyword` (and `rest`, when the keyword holds a
    /// map or a list) of the schema at `parent`.
    pub(crate) fn subschema(&mut self, parent: &str, keyword: &str, rest: Option<&str>) -> NodeId {
        let mut path = join_pointer(parent, keyword);
        if let Some(rest) = rest {
            path = join_pointer(&path, rest);
        }
        self.intern(path)
    }

    pub(crate) fn add_pattern(&mut self, source: &str, schema_path: &str) -> Result<u32, SchemaError> {
        let pattern = Pattern::compile(source, schema_path, self.options.max_pattern_bytes)?;
        self.patterns.push(pattern);
        Ok(u32::try_from(self.patterns.len() - 1).expect("fewer than 2^32 patterns"))
    }

    fn compile_node(&mut self, id: NodeId) -> Result<(), SchemaError> {
        let path = self.nodes[id as usize].path.clone();
        let value = self.document.pointer(&path).ok_or_else(|| {
            SchemaError::new(
                SchemaErrorKind::UnresolvedReference,
                &path,
                "no schema at this location",
            )
        })?;
        let node = match value {
            Value::Bool(true) => Node::default(),
            Value::Bool(false) => Node {
                never: true,
                ..Node::default()
            },
            Value::Object(map) => self.compile_object(map, &path)?,
            other => {
                return Err(SchemaError::new(
                    SchemaErrorKind::InvalidKeyword,
                    &path,
                    format!("a schema must be an object or a boolean, found {other}"),
                ))
            }
        };
        self.nodes[id as usize] = Node { path, ..node };
        Ok(())
    }

    fn compile_object(&mut self, map: &Map<String, Value>, path: &str) -> Result<Node, SchemaError> {
        let options = self.options;
        let cx = Context { path };
        let mut node = Node::default();

        for (keyword, value) in map {
            match keyword.as_str() {
                "type" => node.types = Some(types::compile(value, &cx)?),
                "enum" | "const" => {
                    // Both keywords may appear; the second narrows the first.
                    let compiled = Enumeration::compile(keyword, value, &cx)?;
                    node.enumeration = Some(Box::new(match node.enumeration.take() {
                        Some(previous) => previous.intersect(&compiled),
                        None => compiled,
                    }));
                }
                "minLength" | "maxLength" | "pattern" => {
                    let rules = node.string.get_or_insert_with(Box::default);
                    rules.compile_keyword(keyword, value, &cx, self)?;
                }
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    let rules = node.number.get_or_insert_with(Box::default);
                    rules.compile_keyword(keyword, value, &cx)?;
                }
                "properties" | "required" | "additionalProperties" | "minProperties"
                | "maxProperties" => {
                    let rules = node.object.get_or_insert_with(Box::default);
                    rules.compile_keyword(keyword, value, &cx, self)?;
                }
                "items" | "prefixItems" | "additionalItems" | "minItems" | "maxItems" => {
                    let rules = node.array.get_or_insert_with(Box::default);
                    rules.compile_keyword(keyword, value, &cx, self)?;
                }
                "allOf" | "anyOf" | "oneOf" => {
                    let members = self.compile_members(keyword, value, &cx)?;
                    match keyword.as_str() {
                        "allOf" => node.all_of = members,
                        "anyOf" => node.any_of = members,
                        _ => node.one_of = members,
                    }
                }
                "$ref" => node.reference = Some(self.compile_reference(value, &cx)?),
                other if ANNOTATIONS.contains(&other) => {}
                other => {
                    let keyword_path = cx.keyword_path(other);
                    if options.unknown_keywords {
                        self.unchecked.push(keyword_path);
                    } else {
                        return Err(SchemaError::new(
                            SchemaErrorKind::UnsupportedKeyword,
                            &keyword_path,
                            format!(
                                "keyword {other:?} is not supported; set the unknown-keywords option to compile it unchecked"
                            ),
                        ));
                    }
                }
            }
        }
        if let Some(array) = node.array.as_mut() {
            array::compile_items(array, map, &cx, self)?;
        }
        if let Some(object) = node.object.as_mut() {
            object.finish();
        }
        Ok(node)
    }

    fn compile_members(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
    ) -> Result<Vec<NodeId>, SchemaError> {
        let members = value.as_array().filter(|m| !m.is_empty()).ok_or_else(|| {
            SchemaError::new(
                SchemaErrorKind::InvalidKeyword,
                &cx.keyword_path(keyword),
                format!("{keyword} must be a non-empty array of schemas"),
            )
        })?;
        Ok((0..members.len())
            .map(|i| self.subschema(cx.path, keyword, Some(&i.to_string())))
            .collect())
    }

    fn compile_reference(&mut self, value: &Value, cx: &Context<'_>) -> Result<NodeId, SchemaError> {
        let keyword_path = cx.keyword_path("$ref");
        let reference = value.as_str().ok_or_else(|| {
            SchemaError::new(SchemaErrorKind::InvalidKeyword, &keyword_path, "$ref must be a string")
        })?;
        let unresolved = |why: &str| {
            SchemaError::new(
                SchemaErrorKind::UnresolvedReference,
                &keyword_path,
                format!("$ref {reference:?} {why}"),
            )
        };
        // An empty reference names this document, like "#".
        let Some(fragment) = reference.strip_prefix('#').or((reference.is_empty()).then_some("")) else {
            return Err(unresolved(
                "points outside this document; only references inside it (\"#/...\") are resolved",
            ));
        };
        let pointer = percent_decode(fragment).ok_or_else(|| unresolved("is not valid percent-encoding"))?;
        if !pointer.is_empty() && !pointer.starts_with('/') {
            return Err(unresolved("names an anchor, which is not supported; use a JSON Pointer"));
        }
        match self.document.pointer(&pointer) {
            Some(Value::Object(_) | Value::Bool(_)) => Ok(self.intern(pointer)),
            Some(_) => Err(unresolved("does not point at a schema")),
            None => Err(unresolved("points at nothing in this document")),
        }
    }
}

/// Appends one reference token to a JSON Pointer, escaping `~` and `/` (RFC 6901).
pub(crate) fn join_pointer(base: &str, token: &str) -> String {
    let mut out = String::with_capacity(base.len() + token.len() + 1);
    out.push_str(base);
    out.push('/');
    push_pointer_token(&mut out, token);
    out
}

pub(crate) fn push_pointer_token(out: &mut String, token: &str) {
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Reads a non-negative integer keyword value such as `maxLength`.
pub(crate) fn read_count(keyword: &str, value: &Value, cx: &Context<'_>) -> Result<u64, SchemaError> {
    let count = match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1.8e19)
                .map(|f| f as u64)
        }),
        _ => None,
    };
    count.ok_or_else(|| {
        SchemaError::new(
            SchemaErrorKind::InvalidKeyword,
            &cx.keyword_path(keyword),
            format!("{keyword} must be a non-negative integer, found {value}"),
        )
    })
}
