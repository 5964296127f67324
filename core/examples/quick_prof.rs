#![allow(clippy::pedantic)]
use jsonseam::{Options, Validator};
fn main() {
    let name = std::env::args().nth(1).unwrap();
    let with_schema = std::env::args().nth(2).is_some();
    let doc = std::fs::read(format!("../shared/data/bench/{name}.json")).unwrap();
    let v = if with_schema {
        let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("benches/schemas/{name}.schema.json")).unwrap()).unwrap();
        Validator::with_options(&schema, Options::strict()).unwrap()
    } else { Validator::syntax_only(Options::strict()) };
    for _ in 0..200 { assert!(v.is_valid(&doc)); }
}
