#![allow(clippy::pedantic)]
// Scratch timing loop (not committed).
use std::time::Instant;
use jsonseam::{Options, Validator};
fn best<F: FnMut()>(mut f: F) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..15 { let t = Instant::now(); f(); best = best.min(t.elapsed().as_secs_f64()); }
    best
}
fn main() {
    for name in ["twitter", "citm_catalog", "canada"] {
        let doc = std::fs::read(format!("../shared/data/bench/{name}.json")).unwrap();
        let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(format!("benches/schemas/{name}.schema.json")).unwrap()).unwrap();
        let syntax = Validator::syntax_only(Options::strict());
        let v = Validator::with_options(&schema, Options::strict()).unwrap();
        let js = jsonschema::validator_for(&schema).unwrap();
        assert!(v.is_valid(&doc));
        let a = best(|| { assert!(syntax.is_valid(&doc)); });
        let b = best(|| { let _: serde::de::IgnoredAny = serde_json::from_slice(&doc).unwrap(); });
        let c = best(|| { assert!(v.is_valid(&doc)); });
        let d = best(|| { let val: serde_json::Value = serde_json::from_slice(&doc).unwrap(); assert!(js.is_valid(&val)); });
        println!("{name:14} syntax {:.2} ms (ignored_any {:.2} ms, ratio {:.2})  schema {:.2} ms (serde+jsonschema {:.2} ms, speedup {:.2}x)", a*1e3, b*1e3, b/a, c*1e3, d*1e3, d/c);
    }
}
