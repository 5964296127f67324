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
//! | `properties`, `additionalProperties` | under `additionalProperties: false`, the first key byte that no property name continues with, or the closing quote of a key that is only a prefix of one; a property whose schema is `false`, the closing quote of its key |
//! | `required`, `minProperties` | the closing `}` |
//! | `maxProperties` | the comma (or the first key) that would open one member too many |
//! | `items`, `prefixItems`, `additionalItems` | the item's own bytes, by its schema; with `items: false`, the comma that would open an item past the prefix |
//! | `minItems` / `maxItems` | `minItems`: the closing `]`; `maxItems`: the comma that would open one item too many |
//! | `allOf`, `anyOf`, `oneOf`, `$ref` | as their members decide: `anyOf` when the last member fails, `oneOf` when every member fails or, at the value's end, when two pass |
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
//! Supported: `type`, `properties`, `required`, `additionalProperties`, `items` (a schema,
//! or the draft-04 array form with `additionalItems`), `prefixItems`, `enum`, `const`,
//! `minLength`, `maxLength`, `pattern`, `minimum`, `maximum`, `exclusiveMinimum`,
//! `exclusiveMaximum`, `multipleOf`, `minItems`, `maxItems`, `minProperties`,
//! `maxProperties`, `$ref` to a JSON Pointer in the same document (recursion included),
//! `allOf`, `anyOf`, `oneOf`, and boolean schemas. Annotations are ignored: `title`,
//! `description`, `default`, `examples`, `$schema`, `$id`, `$comment`, `deprecated`,
//! `readOnly`, `writeOnly`, `format` (an annotation by default in draft 2020-12),
//! `contentMediaType` and `contentEncoding`. A `$ref` and its sibling keywords all apply, as
//! in draft 2020-12.
//!
//! Any other keyword fails compilation with its JSON Pointer, unless
//! [`Options::unknown_keywords`] is set; the keyword is then listed by
//! [`Validator::unchecked_keywords`] and not checked.
//!
//! `pattern` is an ECMA-262 regular expression run as a DFA: `\d` and `\w` are ASCII, `\s`
//! is ECMA-262's whitespace set, and look-around or backreferences fail compilation.

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
pub use report::{Repair, RepairClass, RepairKind, Report, Status, Stripped, StrippedKind};
pub use sink::{Sink, TextSink, ValueSink};
pub use validator::{Outcome, Progress, Stream, Validator};

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
