//! Repair throughput on broken model output, at two sizes ten times apart, to check that
//! the time grows linearly with the input and the number of repairs.
//!
//! Each document is a fenced answer with prose around it, whose items carry the defects the
//! lenient lexer repairs: single quotes, unquoted keys, Python literals, comments, trailing
//! commas and an unescaped inner quote. Run with `cargo bench -p jsonseam-benches --bench
//! repair`; ids are `repair/<items>_items/validate`.

use std::fmt::Write as _;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jsonseam::{Options, Validator};
use serde_json::json;

/// A broken answer with `items` items, and the number of repairs it needs.
fn broken_answer(items: usize) -> String {
    let mut text = String::from("Sure! Here are the results:\n```json\n{'results': [\n");
    for i in 0..items {
        let _ = writeln!(
            text,
            "  {{id: {i}, 'name': 'item {i}', \"note\": \"a 1/2\" wrench\", ok: True, // checked\n   'tags': ['a', 'b',],}},"
        );
    }
    text.push_str("]}\n```\nLet me know if you need more.");
    text
}

fn bench_repair(c: &mut Criterion) {
    let schema = json!({
        "type": "object",
        "properties": {"results": {"type": "array", "items": {
            "type": "object",
            "properties": {
                "id": {"type": "integer", "minimum": 0},
                "name": {"type": "string", "pattern": "^item [0-9]+$"},
                "note": {"type": "string"},
                "ok": {"type": "boolean"},
                "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}}
            },
            "required": ["id", "name", "ok"],
            "additionalProperties": false
        }}},
        "required": ["results"]
    });
    let mut options = Options::default();
    // The larger document needs about 12,000 repairs, past the default limit.
    options.max_repairs = 100_000;
    let validator = Validator::with_options(&schema, options).expect("the schema compiles");
    let mut group = c.benchmark_group("repair");
    for items in [100, 1000] {
        let document = broken_answer(items);
        let outcome = validator.validate(document.as_bytes()).expect("the broken answer repairs");
        assert!(!outcome.report().repairs.is_empty());
        group.throughput(Throughput::Bytes(document.len() as u64));
        group.bench_function(format!("{items}_items/validate"), |b| {
            b.iter(|| validator.validate(black_box(document.as_bytes())).map(|o| o.report().repairs.len()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_repair);
criterion_main!(benches);
