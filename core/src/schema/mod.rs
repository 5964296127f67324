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
pub(crate) mod format;
mod index;
mod number;
mod object;
mod pattern;
pub(crate) mod plan;
mod string;
pub(crate) mod types;
mod uri;

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
use crate::options::{Draft, Options};
use index::{Index, Location};

pub(crate) type NodeId = u32;

/// Keywords that carry no assertion. `format` is an annotation unless
/// [`Options::format_assertion`] is set; `$defs` and `definitions` only hold schemas for
/// `$ref` to reach; the identifiers were read when the documents were indexed.
const ANNOTATIONS: &[&str] = &[
    "$schema",
    "$id",
    "id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$vocabulary",
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
    "contentMediaType",
    "contentEncoding",
    "contentSchema",
];

/// Returns whether `keyword` is a keyword of `draft`; the lenient default (`None`) reads them all.
/// A keyword from another draft is an annotation.
fn defined_in(keyword: &str, draft: Option<Draft>) -> bool {
    const SINCE_2019: &[&str] = &[
        "dependentRequired",
        "dependentSchemas",
        "unevaluatedProperties",
        "unevaluatedItems",
        "minContains",
        "maxContains",
        "$recursiveRef",
        "$dynamicRef",
        "prefixItems",
    ];
    match draft {
        None => true,
        Some(Draft::Draft4) => !SINCE_2019.contains(&keyword) && !matches!(keyword, "const" | "contains" | "propertyNames" | "if"),
        Some(Draft::Draft6) => !SINCE_2019.contains(&keyword) && keyword != "if",
        Some(Draft::Draft7) => !SINCE_2019.contains(&keyword),
        Some(Draft::Draft201909) => !matches!(keyword, "prefixItems" | "$dynamicRef"),
        Some(Draft::Draft202012) => !matches!(keyword, "$recursiveRef" | "additionalItems"),
    }
}

/// `if`, `then` and `else` of one schema object.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Condition {
    pub test: NodeId,
    pub then: Option<NodeId>,
    pub otherwise: Option<NodeId>,
}

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
    pub not: Option<NodeId>,
    pub condition: Option<Condition>,
    /// `dependentSchemas` (and the schema form of `dependencies`): when the object has the
    /// key, the object must match the schema. Each key is tested by a node of its own.
    pub dependent_schemas: Vec<(NodeId, NodeId)>,
    /// `$ref`, `$dynamicRef` and `$recursiveRef`, resolved.
    pub references: Vec<NodeId>,
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

    /// Returns whether the node is the schema `false` and nothing else.
    pub(crate) fn is_plain_false(&self) -> bool {
        self.never
            && self.all_of.is_empty()
            && self.any_of.is_empty()
            && self.one_of.is_empty()
            && self.not.is_none()
            && self.condition.is_none()
            && self.dependent_schemas.is_empty()
            && self.references.is_empty()
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
    /// JSON Pointer of the node inside its document.
    pub path: &'a str,
    /// The text before a pointer in messages: empty in the root schema, `uri#` in a
    /// registered document.
    pub prefix: &'a str,
    /// The draft the node is read as; `None` is the lenient default.
    pub draft: Option<Draft>,
}

impl Context<'_> {
    /// The schema path of `keyword` of this node, as messages show it.
    pub(crate) fn keyword_path(&self, keyword: &str) -> String {
        let mut path = self.prefix.to_owned();
        path.push_str(&join_pointer(self.path, keyword));
        path
    }
}

/// A node's identity: where its schema sits, and the dynamic scope it was reached in
/// (which matters only to `$dynamicRef` and `$recursiveRef`).
type Key = (Location, u32);

/// Walks the documents and builds the node table.
pub(crate) struct Compiler<'a> {
    index: Index<'a>,
    options: &'a Options,
    nodes: Vec<Node>,
    keys: Vec<Key>,
    by_key: HashMap<Key, NodeId>,
    /// Dynamic scopes: the resources with dynamic anchors entered, outermost first.
    scopes: Vec<Vec<u32>>,
    scope_ids: HashMap<Vec<u32>, u32>,
    pending: Vec<NodeId>,
    patterns: Vec<Pattern>,
    unchecked: Vec<String>,
    /// Document and scope of the node being compiled.
    current: (u32, u32),
}

impl<'a> Compiler<'a> {
    pub(crate) fn compile(
        document: &'a Value,
        options: &'a Options,
        resources: &'a crate::Resources,
    ) -> Result<Schema, SchemaError> {
        if let Some((uri, _)) = resources.documents().iter().find(|(uri, _)| !uri::is_absolute(uri)) {
            return Err(SchemaError::new(
                SchemaErrorKind::UnresolvedReference,
                "",
                format!("resource URI {uri:?} is relative, so no reference can name it; register documents under absolute URIs such as https://example.com/{uri}"),
            ));
        }
        let mut compiler = Compiler {
            index: Index::build(document, options.draft, resources.documents()),
            options,
            nodes: Vec::new(),
            keys: Vec::new(),
            by_key: HashMap::new(),
            scopes: vec![Vec::new()],
            scope_ids: HashMap::from([(Vec::new(), 0)]),
            pending: Vec::new(),
            patterns: Vec::new(),
            unchecked: Vec::new(),
            current: (0, 0),
        };
        // Node 0 is the always-true schema.
        compiler.push_node(Node::default(), (Location { doc: u32::MAX, pointer: String::new() }, 0));
        let root_location = Location { doc: 0, pointer: String::new() };
        let scope = compiler.enter(0, &root_location);
        let root = compiler.intern(root_location, scope);
        while let Some(id) = compiler.pending.pop() {
            compiler.compile_node(id)?;
        }
        let plain_false: Vec<bool> = compiler.nodes.iter().map(Node::is_plain_false).collect();
        for node in &mut compiler.nodes {
            if let Some(rules) = node.object.as_deref_mut() {
                rules.mark_false_values(&plain_false);
            }
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

    fn push_node(&mut self, node: Node, key: Key) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).expect("fewer than 2^32 schema nodes");
        self.nodes.push(node);
        self.keys.push(key);
        id
    }

    /// Adds a node made by the compiler rather than found in a document, such as the key test
    /// of a `dependentSchemas` entry.
    fn synthetic(&mut self, node: Node) -> NodeId {
        let key = (Location { doc: u32::MAX, pointer: node.path.clone() }, 0);
        self.push_node(node, key)
    }

    /// Returns the scope for a schema at `location` reached from `scope`: the same, or with the
    /// location's resource appended when it declares dynamic anchors not yet entered.
    fn enter(&mut self, scope: u32, location: &Location) -> u32 {
        let resource = self.index.info(location).resource;
        let declares = {
            let r = &self.index.resources[resource as usize];
            !r.dynamic_anchors.is_empty() || r.recursive_anchor
        };
        if !declares || self.scopes[scope as usize].contains(&resource) {
            return scope;
        }
        let mut entered = self.scopes[scope as usize].clone();
        entered.push(resource);
        if let Some(&id) = self.scope_ids.get(&entered) {
            return id;
        }
        let id = self.scopes.len() as u32;
        self.scopes.push(entered.clone());
        self.scope_ids.insert(entered, id);
        id
    }

    /// Returns the node for the schema at `location` in `scope`, compiled later if it is new.
    fn intern(&mut self, location: Location, scope: u32) -> NodeId {
        let key = (location, scope);
        if let Some(&id) = self.by_key.get(&key) {
            return id;
        }
        let path = self.display_path(&key.0);
        let id = self.push_node(Node { path, ..Node::default() }, key.clone());
        self.by_key.insert(key, id);
        self.pending.push(id);
        id
    }

    /// Formats a location for schema paths: a bare JSON Pointer inside the root
    /// schema, `uri#pointer` inside a registered document.
    fn display_path(&self, location: &Location) -> String {
        if location.doc == 0 {
            location.pointer.clone()
        } else {
            format!("{}#{}", self.index.documents[location.doc as usize].1, location.pointer)
        }
    }

    /// The node for the subschema under `keyword` (and `rest`, when the keyword holds a
    /// map or a list) of the schema at `parent` in the document being compiled.
    pub(crate) fn subschema(&mut self, parent: &str, keyword: &str, rest: Option<&str>) -> NodeId {
        let mut pointer = join_pointer(parent, keyword);
        if let Some(rest) = rest {
            pointer = join_pointer(&pointer, rest);
        }
        let location = Location { doc: self.current.0, pointer };
        let scope = self.enter(self.current.1, &location);
        self.intern(location, scope)
    }

    pub(crate) fn add_pattern(&mut self, source: &str, schema_path: &str) -> Result<u32, SchemaError> {
        let pattern = Pattern::compile_any(source, schema_path, self.options.max_pattern_bytes)?;
        self.patterns.push(pattern);
        Ok(u32::try_from(self.patterns.len() - 1).expect("fewer than 2^32 patterns"))
    }

    fn compile_node(&mut self, id: NodeId) -> Result<(), SchemaError> {
        let (location, scope) = self.keys[id as usize].clone();
        let path = self.nodes[id as usize].path.clone();
        let value = self.index.value(&location).ok_or_else(|| {
            SchemaError::new(SchemaErrorKind::UnresolvedReference, &path, "no schema at this location")
        })?;
        self.current = (location.doc, scope);
        let node = match value {
            Value::Bool(true) => Node::default(),
            Value::Bool(false) => Node {
                never: true,
                ..Node::default()
            },
            Value::Object(map) => self.compile_object(map, &location)?,
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

    fn compile_object(&mut self, map: &Map<String, Value>, location: &Location) -> Result<Node, SchemaError> {
        let options = self.options;
        let info = self.index.info(location);
        let prefix = if location.doc == 0 {
            String::new()
        } else {
            format!("{}#", self.index.documents[location.doc as usize].1)
        };
        let cx = Context { path: &location.pointer, prefix: &prefix, draft: info.draft };
        let mut node = Node::default();

        // Before draft 2019-09, `$ref` replaces every keyword beside it.
        if index::ref_overrides_siblings(info.draft) {
            if let Some(reference) = map.get("$ref") {
                node.references.push(self.compile_reference("$ref", reference, &cx, &info)?);
                return Ok(node);
            }
        }

        for (keyword, value) in map {
            if !defined_in(keyword, info.draft) {
                self.unchecked.push(cx.keyword_path(keyword));
                continue;
            }
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
                "format" => {
                    if options.format_assertion {
                        let rules = node.string.get_or_insert_with(Box::default);
                        rules.compile_keyword(keyword, value, &cx, self)?;
                    }
                }
                "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
                    let rules = node.number.get_or_insert_with(Box::default);
                    rules.compile_keyword(keyword, value, &cx)?;
                }
                "properties" | "patternProperties" | "required" | "additionalProperties" | "minProperties"
                | "maxProperties" | "propertyNames" | "dependentRequired" | "unevaluatedProperties" => {
                    let rules = node.object.get_or_insert_with(Box::default);
                    rules.compile_keyword(keyword, value, &cx, self)?;
                }
                "dependentSchemas" => self.compile_dependent_schemas(keyword, value, &cx, &mut node)?,
                "dependencies" => {
                    // Arrays are `dependentRequired`, schemas `dependentSchemas`.
                    let entries = value.as_object().ok_or_else(|| {
                        SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path(keyword), "dependencies must be an object")
                    })?;
                    let (lists, schemas): (Map<String, Value>, Map<String, Value>) =
                        entries.iter().map(|(k, v)| (k.clone(), v.clone())).partition(|(_, v)| v.is_array());
                    if !lists.is_empty() {
                        let rules = node.object.get_or_insert_with(Box::default);
                        rules.compile_keyword(keyword, &Value::Object(lists), &cx, self)?;
                    }
                    if !schemas.is_empty() {
                        self.compile_dependent_schemas(keyword, &Value::Object(schemas), &cx, &mut node)?;
                    }
                }
                "items" | "prefixItems" | "additionalItems" | "minItems" | "maxItems" | "contains" | "minContains"
                | "maxContains" | "uniqueItems" | "unevaluatedItems" => {
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
                "not" => node.not = Some(self.compile_single(keyword, value, &cx)?),
                "if" => {
                    let test = self.compile_single(keyword, value, &cx)?;
                    let then = map.get("then").map(|v| self.compile_single("then", v, &cx)).transpose()?;
                    let otherwise = map.get("else").map(|v| self.compile_single("else", v, &cx)).transpose()?;
                    // Without `then` and `else` the condition asserts nothing, but its
                    // annotations still count for `unevaluated*`.
                    node.condition = Some(Condition { test, then, otherwise });
                }
                // Without `if`, `then` and `else` have no effect.
                "then" | "else" => {}
                "$ref" | "$dynamicRef" | "$recursiveRef" => {
                    node.references.push(self.compile_reference(keyword, value, &cx, &info)?);
                }
                other if ANNOTATIONS.contains(&other) => {}
                // Keywords outside every draft's vocabulary are annotations, as the
                // specification defines them. They are listed, not enforced.
                _ => self.unchecked.push(cx.keyword_path(keyword)),
            }
        }
        if let Some(array) = node.array.as_mut() {
            array::compile_items(array, map, &cx, self)?;
        }
        if let Some(number) = node.number.as_mut() {
            number.finish();
        }
        if let Some(object) = node.object.as_mut() {
            object.finish();
            object.passes_early = object.only_required() && node.enumeration.is_none();
        }
        Ok(node)
    }

    fn compile_single(&mut self, keyword: &str, value: &Value, cx: &Context<'_>) -> Result<NodeId, SchemaError> {
        if !(value.is_object() || value.is_boolean()) {
            return Err(SchemaError::new(
                SchemaErrorKind::InvalidKeyword,
                &cx.keyword_path(keyword),
                format!("{keyword} must be a schema"),
            ));
        }
        Ok(self.subschema(cx.path, keyword, None))
    }

    fn compile_dependent_schemas(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
        node: &mut Node,
    ) -> Result<(), SchemaError> {
        let entries = value.as_object().ok_or_else(|| {
            SchemaError::new(SchemaErrorKind::InvalidKeyword, &cx.keyword_path(keyword), format!("{keyword} must be an object"))
        })?;
        for (name, schema) in entries {
            if !(schema.is_object() || schema.is_boolean()) {
                return Err(SchemaError::new(
                    SchemaErrorKind::InvalidKeyword,
                    &join_pointer(&cx.keyword_path(keyword), name),
                    format!("each member of {keyword} must be a schema"),
                ));
            }
            let then = self.subschema(cx.path, keyword, Some(name));
            let mut rules = ObjectRules::default();
            rules.require(name);
            rules.finish();
            rules.passes_early = true;
            let test = self.synthetic(Node {
                path: join_pointer(&cx.keyword_path(keyword), name),
                types: Some(TypeSet::OBJECT),
                object: Some(Box::new(rules)),
                ..Node::default()
            });
            node.dependent_schemas.push((test, then));
        }
        Ok(())
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

    /// Resolves `$ref`, `$dynamicRef` or `$recursiveRef` to the node it names in the
    /// current dynamic scope.
    fn compile_reference(
        &mut self,
        keyword: &str,
        value: &Value,
        cx: &Context<'_>,
        info: &index::Info,
    ) -> Result<NodeId, SchemaError> {
        let keyword_path = cx.keyword_path(keyword);
        let reference = value.as_str().ok_or_else(|| {
            SchemaError::new(SchemaErrorKind::InvalidKeyword, &keyword_path, format!("{keyword} must be a string"))
        })?;
        let unresolved = |why: &str| {
            SchemaError::new(
                SchemaErrorKind::UnresolvedReference,
                &keyword_path,
                format!("{keyword} {reference:?} {why}"),
            )
        };
        let resolved = uri::resolve(&info.base, reference);
        let (absolute, fragment) = uri::split_fragment(&resolved);
        let fragment = percent_decode(fragment).ok_or_else(|| unresolved("is not valid percent-encoding"))?;
        let mut target = self.locate(absolute, &fragment).ok_or_else(|| {
            unresolved(&format!(
                "resolves to {resolved:?}, which names no schema here; register other documents as resources (they are never fetched)"
            ))
        })?;

        let scope = self.current.1;
        match keyword {
            "$dynamicRef" if !fragment.is_empty() && !fragment.starts_with('/') => {
                // The initial target counts only when it declares the same dynamic anchor;
                // then the outermost resource in scope that declares it wins.
                let declares = self
                    .index
                    .value(&target)
                    .and_then(|v| v.get("$dynamicAnchor"))
                    .and_then(Value::as_str)
                    == Some(fragment.as_str());
                if declares {
                    let outermost = self.scopes[scope as usize]
                        .iter()
                        .find(|&&r| self.index.resources[r as usize].dynamic_anchors.contains(&fragment))
                        .copied();
                    if let Some(resource) = outermost {
                        let base = self.index.info(&self.index.resources[resource as usize].location).base;
                        if let Some(location) = self.index.anchors.get(&format!("{base}#{fragment}")) {
                            target = location.clone();
                        }
                    }
                }
            }
            "$recursiveRef" => {
                let declares = self.index.value(&target).and_then(|v| v.get("$recursiveAnchor")) == Some(&Value::Bool(true));
                if declares {
                    let outermost = self.scopes[scope as usize]
                        .iter()
                        .find(|&&r| self.index.resources[r as usize].recursive_anchor)
                        .copied();
                    if let Some(resource) = outermost {
                        target = self.index.resources[resource as usize].location.clone();
                    }
                }
            }
            _ => {}
        }
        match self.index.value(&target) {
            Some(Value::Object(_) | Value::Bool(_)) => {}
            Some(_) => return Err(unresolved("does not point at a schema")),
            None => return Err(unresolved("points at nothing")),
        }
        let scope = self.enter(scope, &target);
        Ok(self.intern(target, scope))
    }

    /// Finds the location that an absolute URI and a fragment (a JSON Pointer or an anchor name)
    /// name.
    fn locate(&mut self, absolute: &str, fragment: &str) -> Option<Location> {
        self.index.load_metaschema(absolute);
        if fragment.is_empty() || fragment.starts_with('/') {
            let resource = *self.index.by_uri.get(absolute)?;
            let root = &self.index.resources[resource as usize].location;
            Some(Location {
                doc: root.doc,
                pointer: format!("{}{}", root.pointer, fragment),
            })
        } else {
            self.index.anchors.get(&format!("{absolute}#{fragment}")).cloned()
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
