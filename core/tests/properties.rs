//! Property tests over generated schemas and documents.
//!
//! - soundness: a document built to satisfy a generated schema is accepted in every
//!   chunking, and no prefix of it is ever rejected by `feed`;
//! - agreement: on documents that may or may not satisfy the schema (valid ones with one
//!   mutation), the verdict equals the `jsonschema` crate's.

mod common;

use common::{run, run_with_report, Chunking, SplitMix};
use jsonseam::{Options, Status, Validator};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

const KEYS: [&str; 6] = ["id", "name", "tags", "score", "meta", "kind"];
const WORDS: [&str; 5] = ["alpha", "beta", "gamma", "delta", "é✓"];

fn leaf_schema() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0u64..3, 3u64..8).prop_map(|(min, max)| json!({"type": "string", "minLength": min, "maxLength": max})),
        Just(json!({"type": "string", "enum": ["alpha", "beta", "gamma"]})),
        Just(json!({"type": "string", "pattern": "^[a-z]{2,6}$"})),
        (-50i64..0, 0i64..50).prop_map(|(lo, hi)| json!({"type": "integer", "minimum": lo, "maximum": hi})),
        Just(json!({"type": "number", "multipleOf": 0.5, "exclusiveMaximum": 100})),
        Just(json!({"type": "boolean"})),
        Just(json!({"type": "null"})),
        Just(json!({"const": "fixed"})),
        Just(json!({"anyOf": [{"type": "string", "maxLength": 4}, {"type": "null"}]})),
        Just(json!({"oneOf": [{"type": "integer"}, {"type": "string", "enum": ["x", "y"]}]})),
    ]
}

fn schema() -> impl Strategy<Value = Value> {
    leaf_schema().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            (
                proptest::collection::vec(inner.clone(), 1..4),
                any::<u8>(),
                any::<bool>()
            )
                .prop_map(|(members, required_mask, closed)| {
                    let mut properties = Map::new();
                    let mut required = Vec::new();
                    for (i, member) in members.into_iter().enumerate() {
                        properties.insert(KEYS[i].to_owned(), member);
                        if required_mask & (1 << i) != 0 {
                            required.push(json!(KEYS[i]));
                        }
                    }
                    let mut schema = json!({"type": "object", "properties": properties, "required": required});
                    if closed {
                        schema["additionalProperties"] = json!(false);
                    }
                    schema
                }),
            (inner.clone(), 0u64..2, 2u64..5)
                .prop_map(|(items, min, max)| json!({"type": "array", "items": items, "minItems": min, "maxItems": max})),
            (inner.clone(), inner)
                .prop_map(|(a, b)| json!({"type": "array", "prefixItems": [a, b], "items": false})),
        ]
    })
}

/// Builds a document that satisfies `schema` (one of the shapes generated above).
fn valid_instance(schema: &Value, rng: &mut SplitMix) -> Value {
    if let Some(value) = schema.get("const") {
        return value.clone();
    }
    if let Some(members) = schema.get("enum").and_then(Value::as_array) {
        return members[(rng.next() % members.len() as u64) as usize].clone();
    }
    if let Some(members) = schema.get("anyOf").or_else(|| schema.get("oneOf")).and_then(Value::as_array) {
        return valid_instance(&members[(rng.next() % members.len() as u64) as usize], rng);
    }
    match schema["type"].as_str().unwrap() {
        "string" if schema.get("pattern").is_some() => {
            let length = 2 + rng.next() % 5;
            Value::String((0..length).map(|_| (b'a' + (rng.next() % 26) as u8) as char).collect())
        }
        "string" => {
            let min = schema["minLength"].as_u64().unwrap_or(0);
            let max = schema["maxLength"].as_u64().unwrap_or(8);
            let length = min + rng.next() % (max - min + 1);
            let mut text = String::new();
            while (text.chars().count() as u64) < length {
                let word = WORDS[(rng.next() % WORDS.len() as u64) as usize];
                for c in word.chars() {
                    if (text.chars().count() as u64) < length {
                        text.push(c);
                    }
                }
            }
            Value::String(text)
        }
        "integer" => {
            let lo = schema.get("minimum").map_or(-5, |v| v.as_i64().unwrap());
            let hi = schema.get("maximum").map_or(5, |v| v.as_i64().unwrap());
            let span = u64::try_from(hi - lo + 1).unwrap();
            json!(lo + i64::try_from(rng.next() % span).unwrap())
        }
        "number" => json!(f64::from(u32::try_from(rng.next() % 199).unwrap()) * 0.5),
        "boolean" => json!(rng.next().is_multiple_of(2)),
        "null" => Value::Null,
        "object" => {
            let mut object = Map::new();
            let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|k| k.as_str().unwrap()).collect();
            for (key, member) in schema["properties"].as_object().unwrap() {
                if required.contains(&key.as_str()) || rng.next().is_multiple_of(2) {
                    object.insert(key.clone(), valid_instance(member, rng));
                }
            }
            if schema.get("additionalProperties").is_none() && rng.next().is_multiple_of(3) {
                object.insert("extra".to_owned(), json!([1, "two", null]));
            }
            Value::Object(object)
        }
        "array" => {
            if let Some(prefix) = schema.get("prefixItems").and_then(Value::as_array) {
                let count = (rng.next() % 3) as usize;
                return Value::Array(prefix.iter().take(count).map(|s| valid_instance(s, rng)).collect());
            }
            let min = schema["minItems"].as_u64().unwrap();
            let max = schema["maxItems"].as_u64().unwrap();
            let count = min + rng.next() % (max - min + 1);
            Value::Array((0..count).map(|_| valid_instance(&schema["items"], rng)).collect())
        }
        other => panic!("no generator for type {other}"),
    }
}

/// Changes one thing in `value`, which may or may not make it invalid.
fn mutate(value: &mut Value, rng: &mut SplitMix) {
    match value {
        Value::Object(map) if !map.is_empty() && !rng.next().is_multiple_of(3) => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let key = &keys[(rng.next() % keys.len() as u64) as usize];
            match rng.next() % 3 {
                0 => {
                    map.remove(key);
                }
                1 => {
                    map.insert("unexpected".to_owned(), json!(1));
                }
                _ => mutate(map.get_mut(key).unwrap(), rng),
            }
        }
        Value::Array(items) if !items.is_empty() && !rng.next().is_multiple_of(3) => {
            let i = (rng.next() % items.len() as u64) as usize;
            if rng.next().is_multiple_of(2) {
                items.push(items[i].clone());
            } else {
                mutate(&mut items[i], rng);
            }
        }
        _ => {
            *value = match rng.next() % 8 {
                0 => json!("zzzzzzzzzz"),
                1 => json!(1000),
                2 => json!(-1000.25),
                3 => json!(null),
                4 => json!(true),
                5 => json!({}),
                6 => json!([]),
                _ => json!("beta"),
            };
        }
    }
}

fn pretty_or_compact(value: &Value, pretty: bool) -> Vec<u8> {
    if pretty {
        serde_json::to_vec_pretty(value).unwrap()
    } else {
        serde_json::to_vec(value).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn valid_documents_never_diverge(schema in schema(), seed in any::<u64>(), pretty in any::<bool>()) {
        let document = valid_instance(&schema, &mut SplitMix(seed));
        let input = pretty_or_compact(&document, pretty);
        for options in [Options::strict(), Options::default()] {
            let validator = Validator::with_options(&schema, options).unwrap();
            for chunking in [Chunking::Whole, Chunking::Bytes(1), Chunking::Random { seed, max: 16 }] {
                let result = run_with_report(&validator, &input, chunking);
                prop_assert!(result.is_ok(), "{chunking:?}: {:?} for {}", result, String::from_utf8_lossy(&input));
                // Valid JSON needs no stripping and no repair.
                let (_, report) = result.unwrap();
                prop_assert_eq!(report.status(), Status::Valid, "{:?}", report);
            }

            // Every prefix is accepted by `feed`: the stream never rejects early.
            for end in 0..input.len() {
                let mut stream = validator.stream_with(());
                prop_assert!(stream.feed(&input[..end]).is_ok(), "prefix of {end} bytes rejected");
            }
        }
    }

    #[test]
    fn verdicts_agree_with_jsonschema(schema in schema(), seed in any::<u64>(), mutations in 0u8..3) {
        let ours = Validator::new(&schema).unwrap();
        let reference = jsonschema::validator_for(&schema).unwrap();
        let mut rng = SplitMix(seed);
        let mut document = valid_instance(&schema, &mut rng);
        for _ in 0..mutations {
            mutate(&mut document, &mut rng);
        }
        let input = serde_json::to_vec(&document).unwrap();
        let expected = reference.is_valid(&document);
        prop_assert_eq!(ours.is_valid(&input), expected, "document {}", String::from_utf8_lossy(&input));
        // The whole report, not only the verdict, is the same in every chunking.
        let whole = run(&ours, &input, Chunking::Whole);
        prop_assert_eq!(whole.is_ok(), expected);
        prop_assert_eq!(&run(&ours, &input, Chunking::Bytes(1)), &whole);
        prop_assert_eq!(&run(&ours, &input, Chunking::Random { seed, max: 9 }), &whole);
    }
}

/// The agreement property means something only if the mutated documents are often
/// invalid: count both verdicts over a fixed sample.
#[test]
fn agreement_sample_has_both_verdicts() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;

    let mut runner = TestRunner::deterministic();
    let (mut valid, mut invalid) = (0, 0);
    for seed in 0..300u64 {
        let schema = schema().new_tree(&mut runner).unwrap().current();
        let ours = Validator::new(&schema).unwrap();
        let reference = jsonschema::validator_for(&schema).unwrap();
        let mut rng = SplitMix(seed);
        let mut document = valid_instance(&schema, &mut rng);
        mutate(&mut document, &mut rng);
        let verdict = reference.is_valid(&document);
        assert_eq!(ours.is_valid(&serde_json::to_vec(&document).unwrap()), verdict, "{schema} {document}");
        if verdict {
            valid += 1;
        } else {
            invalid += 1;
        }
    }
    assert!(valid > 30 && invalid > 30, "valid {valid}, invalid {invalid}");
}
