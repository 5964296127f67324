//! Documents that a schema's `$ref`s may point at, registered by URI.

use serde_json::Value;

/// Schema documents a schema may refer to, each under its absolute URI.
///
/// jsonseam never fetches a reference over the network or from disk: a `$ref` to a
/// document outside the schema resolves only against the documents registered here, and
/// compilation fails with [`crate::SchemaErrorKind::UnresolvedReference`] otherwise.
///
/// ```
/// use jsonseam::{Options, Resources, Validator};
/// use serde_json::json;
///
/// let mut resources = Resources::new();
/// resources.add("https://example.com/point.json", json!({"type": "object", "required": ["x"]}));
/// let schema = json!({"items": {"$ref": "https://example.com/point.json"}});
/// let validator = Validator::with_resources(&schema, Options::default(), &resources)?;
/// assert!(validator.is_valid(br#"[{"x": 1}]"#));
/// # Ok::<(), jsonseam::SchemaError>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Resources {
    documents: Vec<(String, Value)>,
}

impl Resources {
    /// An empty set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers `document` under `uri`, an absolute URI without a fragment (a trailing
    /// empty fragment `#` is ignored). A later registration of the same URI replaces the
    /// earlier one. Compiling with a relative URI fails, since references resolve to
    /// absolute URIs and could never name it.
    pub fn add(&mut self, uri: impl Into<String>, document: Value) -> &mut Self {
        let mut uri = uri.into();
        if uri.ends_with('#') {
            uri.pop();
        }
        self.documents.retain(|(known, _)| *known != uri);
        self.documents.push((uri, document));
        self
    }

    /// The registered documents, in registration order.
    pub(crate) fn documents(&self) -> &[(String, Value)] {
        &self.documents
    }
}
