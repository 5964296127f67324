//! The resource index: every schema document the compiler may read, with the base URI,
//! schema resource and draft of each schema object in it, and the URIs and anchors that
//! name them.
//!
//! The index is built before compilation by walking each document through the keywords
//! that hold subschemas (never through `enum`, `const` or unknown keywords, whose contents
//! are data), so an `$id` or `$anchor` counts only where a schema can stand.

use std::collections::HashMap;
#[cfg(feature = "metaschemas")]
use std::sync::OnceLock;

use serde_json::Value;

use super::uri;
use crate::options::Draft;

/// The base URI given to a root schema that declares none.
pub(crate) const DEFAULT_BASE: &str = "jsonseam:///root.json";

/// The position of a schema object: a document and a JSON Pointer inside it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Location {
    pub doc: u32,
    pub pointer: String,
}

/// The index entry of one schema object.
#[derive(Debug, Clone)]
pub(crate) struct Info {
    /// Base URI against which the object's references resolve.
    pub base: String,
    /// The schema resource the object belongs to.
    pub resource: u32,
    /// The draft the object is read as; `None` is the lenient default.
    pub draft: Option<Draft>,
}

/// One schema resource: a document root or an object with its own `$id`.
#[derive(Debug, Clone)]
pub(crate) struct Resource {
    pub location: Location,
    /// `$dynamicAnchor` names declared in the resource.
    pub dynamic_anchors: Vec<String>,
    /// Whether the resource root declares `"$recursiveAnchor": true`.
    pub recursive_anchor: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Index<'a> {
    pub documents: Vec<(&'a Value, String)>,
    pub infos: HashMap<Location, Info>,
    pub resources: Vec<Resource>,
    /// Absolute URIs without fragment, naming resources.
    pub by_uri: HashMap<String, u32>,
    /// `uri#name` for every `$anchor`, `$dynamicAnchor` and draft-07 `#name` identifier.
    pub anchors: HashMap<String, Location>,
}

/// Keywords whose value is one subschema.
const SINGLE: &[&str] = &[
    "additionalProperties",
    "additionalItems",
    "items",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedItems",
    "unevaluatedProperties",
];
/// Keywords whose value maps names to subschemas.
const MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "dependencies",
];
/// Keywords whose value is an array of subschemas.
const LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "items", "prefixItems"];

/// Returns whether a draft reads `$ref` alone, ignoring every keyword beside it.
pub(crate) fn ref_overrides_siblings(draft: Option<Draft>) -> bool {
    matches!(draft, Some(Draft::Draft4 | Draft::Draft6 | Draft::Draft7))
}

impl<'a> Index<'a> {
    /// Indexes the root schema, document 0, and the registered documents after it.
    pub(crate) fn build(root: &'a Value, draft: Option<Draft>, extra: &'a [(String, Value)]) -> Self {
        let mut index = Index::default();
        index.add_document(root, DEFAULT_BASE.to_owned(), draft, true);
        for (uri, document) in extra {
            index.add_document(document, uri.clone(), draft, false);
        }
        index
    }

    fn add_document(&mut self, document: &'a Value, base: String, forced: Option<Draft>, is_root: bool) {
        let doc = self.documents.len() as u32;
        self.documents.push((document, base.clone()));
        // The option decides the root schema's draft; a registered document's own
        // `$schema` wins over it, so a draft-07 document stays draft 07.
        let forced = if is_root { forced } else { declared_draft(document).or(forced) };
        let draft = forced.or_else(|| declared_draft(document));
        let root_resource = self.push_resource(Location { doc, pointer: String::new() }, document);
        // The root's own URI names the document; an `$id` at the root adds a second name.
        self.by_uri.entry(base.clone()).or_insert(root_resource);
        if is_root {
            self.by_uri.entry(String::new()).or_insert(root_resource);
        }

        let mut stack: Vec<(String, &'a Value, String, u32, Option<Draft>)> =
            vec![(String::new(), document, base, root_resource, draft)];
        while let Some((pointer, value, mut base, mut resource, mut draft)) = stack.pop() {
            let Value::Object(map) = value else {
                if value.is_boolean() {
                    self.infos.insert(Location { doc, pointer }, Info { base, resource, draft });
                }
                continue;
            };
            if forced.is_none() {
                if let Some(declared) = declared_draft(value) {
                    draft = Some(declared);
                }
            }
            let location = Location { doc, pointer: pointer.clone() };
            let ref_alone = ref_overrides_siblings(draft) && map.contains_key("$ref");
            let id = match draft {
                Some(Draft::Draft4) => map.get("id"),
                Some(_) => map.get("$id"),
                None => map.get("$id").or_else(|| map.get("id")),
            };
            if let Some(id) = id.and_then(Value::as_str).filter(|_| !ref_alone) {
                let resolved = uri::resolve(&base, id);
                let (absolute, fragment) = uri::split_fragment(&resolved);
                if id.starts_with('#') {
                    // A plain-name identifier (drafts 6 and 7): an anchor.
                    if !fragment.is_empty() && !fragment.starts_with('/') {
                        self.anchors.insert(resolved.clone(), location.clone());
                    }
                } else {
                    absolute.clone_into(&mut base);
                    if !pointer.is_empty() {
                        resource = self.push_resource(location.clone(), value);
                    }
                    self.by_uri.insert(base.clone(), resource);
                    if !fragment.is_empty() && !fragment.starts_with('/') {
                        self.anchors.insert(resolved.clone(), location.clone());
                    }
                }
            }
            for keyword in ["$anchor", "$dynamicAnchor"] {
                if let Some(name) = map.get(keyword).and_then(Value::as_str) {
                    self.anchors.insert(format!("{base}#{name}"), location.clone());
                    if keyword == "$dynamicAnchor" {
                        self.resources[resource as usize].dynamic_anchors.push(name.to_owned());
                    }
                }
            }
            self.infos.insert(location, Info { base: base.clone(), resource, draft });

            for (keyword, child) in map {
                let keyword = keyword.as_str();
                let path = super::join_pointer(&pointer, keyword);
                match child {
                    Value::Object(_) | Value::Bool(_) if SINGLE.contains(&keyword) => {
                        stack.push((path, child, base.clone(), resource, draft));
                    }
                    Value::Object(members) if MAPS.contains(&keyword) => {
                        for (name, member) in members {
                            if member.is_object() || member.is_boolean() {
                                let member_path = super::join_pointer(&path, name);
                                stack.push((member_path, member, base.clone(), resource, draft));
                            }
                        }
                    }
                    Value::Array(members) if LISTS.contains(&keyword) => {
                        for (i, member) in members.iter().enumerate() {
                            let member_path = super::join_pointer(&path, &i.to_string());
                            stack.push((member_path, member, base.clone(), resource, draft));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn push_resource(&mut self, location: Location, value: &Value) -> u32 {
        let recursive_anchor = value.get("$recursiveAnchor") == Some(&Value::Bool(true));
        self.resources.push(Resource {
            location,
            dynamic_anchors: Vec::new(),
            recursive_anchor,
        });
        self.resources.len() as u32 - 1
    }

    /// Returns the index entry of `location`, or of its nearest indexed ancestor when a reference
    /// points somewhere the walk did not reach (inside an unknown keyword, say).
    pub(crate) fn info(&self, location: &Location) -> Info {
        let mut pointer = location.pointer.as_str();
        loop {
            let probe = Location { doc: location.doc, pointer: pointer.to_owned() };
            if let Some(info) = self.infos.get(&probe) {
                return info.clone();
            }
            match pointer.rfind('/') {
                Some(slash) => pointer = &pointer[..slash],
                None => {
                    return Info {
                        base: self.documents[location.doc as usize].1.clone(),
                        resource: 0,
                        draft: None,
                    }
                }
            }
        }
    }

    /// Indexes the metaschema named by `uri` if it is one of the supported drafts' and not
    /// indexed yet. Returns whether the URI now names a document.
    pub(crate) fn load_metaschema(&mut self, uri: &str) -> bool {
        if self.by_uri.contains_key(uri) {
            return true;
        }
        match metaschema(uri) {
            Some(document) => {
                self.add_document(document, uri.to_owned(), None, false);
                true
            }
            None => false,
        }
    }

    pub(crate) fn value(&self, location: &Location) -> Option<&'a Value> {
        self.documents[location.doc as usize].0.pointer(&location.pointer)
    }
}

/// Returns the draft that a schema object's `$schema` names, if any.
pub(crate) fn declared_draft(value: &Value) -> Option<Draft> {
    value.get("$schema").and_then(Value::as_str).and_then(Draft::from_uri)
}

/// Returns the metaschema of a supported draft by URI, parsed on first use. A schema may
/// `$ref` one (to validate a schema kept in an instance, say) without registering it.
/// Without the `metaschemas` feature none is embedded, and such a reference must name a
/// registered document like any other.
#[cfg(not(feature = "metaschemas"))]
fn metaschema(_uri: &str) -> Option<&'static Value> {
    None
}

/// Returns the metaschema of a supported draft by URI, parsed on first use. A schema may
/// `$ref` one (to validate a schema kept in an instance, say) without registering it.
#[cfg(feature = "metaschemas")]
fn metaschema(uri: &str) -> Option<&'static Value> {
    macro_rules! embedded {
        ($file:literal) => {{
            static DOCUMENT: OnceLock<Value> = OnceLock::new();
            DOCUMENT.get_or_init(|| serde_json::from_str(include_str!($file)).expect("an embedded metaschema parses"))
        }};
    }
    Some(match uri {
        "http://json-schema.org/draft-04/schema" => embedded!("metaschemas/draft4.json"),
        "http://json-schema.org/draft-06/schema" => embedded!("metaschemas/draft6.json"),
        "http://json-schema.org/draft-07/schema" => embedded!("metaschemas/draft7.json"),
        "https://json-schema.org/draft/2019-09/schema" => embedded!("metaschemas/draft2019-09/schema.json"),
        "https://json-schema.org/draft/2019-09/meta/core" => embedded!("metaschemas/draft2019-09/meta/core.json"),
        "https://json-schema.org/draft/2019-09/meta/applicator" => embedded!("metaschemas/draft2019-09/meta/applicator.json"),
        "https://json-schema.org/draft/2019-09/meta/validation" => embedded!("metaschemas/draft2019-09/meta/validation.json"),
        "https://json-schema.org/draft/2019-09/meta/meta-data" => embedded!("metaschemas/draft2019-09/meta/meta-data.json"),
        "https://json-schema.org/draft/2019-09/meta/format" => embedded!("metaschemas/draft2019-09/meta/format.json"),
        "https://json-schema.org/draft/2019-09/meta/content" => embedded!("metaschemas/draft2019-09/meta/content.json"),
        "https://json-schema.org/draft/2020-12/schema" => embedded!("metaschemas/draft2020-12/schema.json"),
        "https://json-schema.org/draft/2020-12/meta/core" => embedded!("metaschemas/draft2020-12/meta/core.json"),
        "https://json-schema.org/draft/2020-12/meta/applicator" => embedded!("metaschemas/draft2020-12/meta/applicator.json"),
        "https://json-schema.org/draft/2020-12/meta/unevaluated" => embedded!("metaschemas/draft2020-12/meta/unevaluated.json"),
        "https://json-schema.org/draft/2020-12/meta/validation" => embedded!("metaschemas/draft2020-12/meta/validation.json"),
        "https://json-schema.org/draft/2020-12/meta/meta-data" => embedded!("metaschemas/draft2020-12/meta/meta-data.json"),
        "https://json-schema.org/draft/2020-12/meta/format-annotation" => {
            embedded!("metaschemas/draft2020-12/meta/format-annotation.json")
        }
        "https://json-schema.org/draft/2020-12/meta/format-assertion" => {
            embedded!("metaschemas/draft2020-12/meta/format-assertion.json")
        }
        "https://json-schema.org/draft/2020-12/meta/content" => embedded!("metaschemas/draft2020-12/meta/content.json"),
        _ => return None,
    })
}
