//! jsonseam validates JSON against a JSON Schema while the bytes stream in, and stops at
//! the first byte from which no valid document can follow.
//!
//! ```
//! use jsonseam::{RejectionKind, Validator};
//! use serde_json::json;
//!
//! let schema = json!({
//!     "type": "object",
//!     "properties": {"name": {"type": "string"}},
//!     "required": ["name"],
//! });
//! let validator = Validator::new(&schema)?;
//!
//! let mut stream = validator.stream();
//! stream.feed(br#"{"name": "#)?;
//! let rejection = stream.feed(b"42}").unwrap_err();
//! assert_eq!(rejection.kind(), RejectionKind::Schema);
//! assert_eq!(rejection.offset(), 9);
//! assert_eq!(rejection.instance_path(), "/name");
//!
//! let outcome = validator.validate(br#"{ "name" : "Ann" }"#)?;
//! assert_eq!(outcome.text(), r#"{"name":"Ann"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # When each keyword decides
//!
//! A rejection's offset is the first byte after which no valid document can follow,
//! wherever the prefix decides it. The rule for each keyword:
//!
//! | keyword | decided at |
//! |---------|------------|
//! | `type` | the value's first byte; `integer` against a number with a fraction, the byte after the number (`1.5e1` is the integer 15) |
//! | `enum`, `const` | strings: the first byte that leaves every member, or the closing quote; literals: their first byte; numbers: the byte after them; objects and arrays: the closing bracket |
//! | `minLength`, `maxLength` | `maxLength`: the first byte of the code point past the limit; `minLength`: the closing quote |
//! | `pattern` | the byte at which its DFA dies, or the closing quote |
//! | `minimum`, `maximum`, `exclusiveMinimum`, `exclusiveMaximum`, `multipleOf` | the byte after the number, or the end of input for a number at the root; compared exactly as decimals |
//! | `properties`, `additionalProperties` | under `additionalProperties: false` without `patternProperties`, the first key byte that no property name continues with, or the closing quote of a key that is only a prefix of one; a property whose schema is `false`, the closing quote of its key |
//! | `patternProperties` | the value's own bytes, by the schema of every pattern its key matches; with `additionalProperties: false`, a key that matches no name and no pattern at its closing quote |
//! | `propertyNames` | the closing quote of the key |
//! | `required`, `minProperties`, `dependentRequired` | the closing `}`; a schema whose only object rule is `required` passes at the closing quote of the last required key, so `not: {required: [..]}` fails there |
//! | `dependentSchemas` | as `if` with the key's presence as the condition: the schema's own bytes once the key has ended |
//! | `unevaluatedProperties` | a key that no schema around can evaluate: its value's own bytes, like `additionalProperties`; a key that another schema would evaluate if it passed: the closing `}` |
//! | `maxProperties` | the comma (or the first key) that would open one member too many |
//! | `items`, `prefixItems`, `additionalItems` | the item's own bytes, by its schema; with `items: false`, the comma that would open an item past the prefix |
//! | `minItems` / `maxItems` | `minItems`: the closing `]`; `maxItems`: the comma that would open one item too many |
//! | `contains`, `minContains`, `maxContains` | `maxContains`: the end of the item one past the limit; `minContains` (1 by default): the closing `]` |
//! | `uniqueItems` | the end of the first item equal to an earlier one (a 128-bit hash of each item's canonical form is kept) |
//! | `unevaluatedItems` | an item that no schema around can evaluate: its own bytes; one that another schema would evaluate if it passed (`contains` included): the closing `]` |
//! | `allOf`, `anyOf`, `oneOf`, `$ref`, `$dynamicRef`, `$recursiveRef` | as their members decide: `anyOf` when the last member fails, `oneOf` when every member fails or when two pass |
//! | `not` | the byte at which its schema is known to pass: `not: {type: string}` at the opening quote |
//! | `if`, `then`, `else` | once the condition is decided, as the branch it picks decides; before that, when both branches have failed |
//! | `format` (with [`Options::format_assertion`]) | the closing quote |
//!
//! Escapes are decoded before any rule sees them, and a rule that fails on an escaped
//! character fails at the escape's last byte. A duplicate key is rejected at its closing
//! quote unless [`Options::allow_duplicate_keys`] is set. Input that ends early is a
//! [`RejectionKind::Truncated`] rejection at the end of input, distinct from invalid input.
//!
//! Members of `allOf` that contradict each other (`minLength: 5` with `maxLength: 2`) are
//! each satisfiable alone, so they are decided by their own rules, not earlier.
//!
//! # Keywords
//!
//! Every validation keyword of drafts 4, 6, 7, 2019-09 and 2020-12 is enforced. The draft
//! comes from `$schema`, or from [`Options::draft`]; a schema that names none is read as
//! 2020-12 that also accepts the unambiguous draft-04 forms (`id`, boolean
//! `exclusiveMinimum` and `exclusiveMaximum`, `definitions`, array-form `items` with
//! `additionalItems`, `dependencies`). Before 2019-09, `$ref` replaces its sibling
//! keywords, as those drafts specify.
//!
//! References resolve by URI: `$id`, `$anchor`, `$dynamicAnchor`, plain-name identifiers,
//! JSON Pointers, documents registered in [`Resources`], and the drafts' own metaschemas,
//! which ship inside the crate. Nothing is ever fetched; a reference that resolves to no
//! known document fails compilation.
//!
//! `format` is an annotation unless [`Options::format_assertion`] is set. Keywords that no
//! draft defines are annotations too: they compile, are not checked, and are listed by
//! [`Validator::unchecked_keywords`].
//!
//! `pattern` is an ECMA-262 regular expression run as a DFA: `\d` and `\w` are ASCII, `\s`
//! is ECMA-262's whitespace set.
//!
//! # Known limits
//!
//! - Numbers in the schema (`const`, `enum`, bounds, `multipleOf`) are read through
//!   `serde_json` as `f64` when they are not integers of 64 bits, so a bound or member that
//!   `f64` rounds (`0.10000000000000001`, `1e-400`) is compared in its rounded form.
//!   Instance numbers are compared exactly.
//! - `uniqueItems` hashes items through `serde_json` values: two equal items holding a
//!   number that `f64` cannot hold exactly (`9007199254740993`, `1e400`) are not caught.
//! - Patterns that need look-around or backreferences run on `fancy-regex` (with the
//!   `backtracking` feature) with a step limit; a string on which the limit is hit is
//!   rejected, with a `found` that states it, and a backreference to a group that did not
//!   take part in the match fails to match, where ECMA-262 matches it as empty.

#![warn(missing_docs)]

mod error;
mod extract;
mod lexer;
mod matcher;
mod number;
mod options;
mod report;
mod resources;
mod schema;
mod sink;
mod validator;

pub use error::{render_snippet, render_snippet_from_line, Rejection, RejectionKind, SchemaError, SchemaErrorKind};
pub use options::{Draft, Options, RepairMode};
pub use resources::Resources;
pub use report::{Repair, RepairClass, RepairKind, Report, Status, Stripped, StrippedKind, MAX_STRIPPED_RANGES};
pub use sink::{Sink, TextSink, ValueSink};
pub use validator::{Outcome, Progress, Stream, Validator};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
