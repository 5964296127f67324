//! Throughput of jsonseam on whole and streamed documents, with and without a schema,
//! against parsers and a validator that work on whole documents.
//!
//! Benchmark ids are `area/case/operation`: `area` is `syntax` or `schema`, `case` is the
//! document's file stem, and `operation` names the library and the call.
//!
//! NOTE: operations that allocate much, such as parsing into `serde_json::Value`, depend on
//! the heap's state. With glibc's default thresholds, `syntax/canada/serde_json_value` took
//! about 16 ms when run alone and 11 ms with trimming disabled, because the freed `Value`
//! went back to the kernel and the next iteration faulted its pages in again. The command
//! in `docs/benchmarks.md` fixes the thresholds with `GLIBC_TUNABLES`.

mod common;

use std::hint::black_box;
use std::path::Path;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, SamplingMode, Throughput};
use jsonseam::{Options, Validator};
use serde::de::IgnoredAny;
use serde_json::Value;

use common::{read_document, CASES};

/// Chunk size of the streaming operations, in bytes. It is an estimate of the average size
/// of one language-model token in English text.
const CHUNK_BYTES: usize = 4;

/// Reads and parses `schemas/{case}.schema.json` from this package.
fn read_schema(case: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("schemas")
        .join(format!("{case}.schema.json"));
    let text = std::fs::read(&path)
        .unwrap_or_else(|error| panic!("failed to read schema {}: {error}", path.display()));
    serde_json::from_slice(&text)
        .unwrap_or_else(|error| panic!("invalid JSON in schema {}: {error}", path.display()))
}

/// Opens the group `{area}/{case}` with byte throughput for `document`.
///
/// Flat sampling runs the same number of iterations in every sample, which keeps
/// whole-document iterations (up to tens of milliseconds each) within the measurement time.
fn open_group<'a>(
    c: &'a mut Criterion,
    area: &str,
    case: &str,
    document: &[u8],
) -> BenchmarkGroup<'a, WallTime> {
    let mut group = c.benchmark_group(format!("{area}/{case}"));
    group.throughput(Throughput::Bytes(document.len() as u64));
    group.sampling_mode(SamplingMode::Flat);
    group
}

/// Validates `document` through a stream fed `CHUNK_BYTES` bytes at a time, building no
/// output, and returns whether it is valid.
fn is_valid_streamed(validator: &Validator, document: &[u8]) -> bool {
    is_valid_in_chunks(validator, document, CHUNK_BYTES)
}

/// Validates `document` through a stream fed `size` bytes at a time, building no output.
fn is_valid_in_chunks(validator: &Validator, document: &[u8], size: usize) -> bool {
    let mut stream = validator.stream_with(());
    for chunk in document.chunks(size) {
        if stream.feed(chunk).is_err() {
            return false;
        }
    }
    stream.finish().is_ok()
}

/// Checks syntax only: jsonseam with the schema `true` against `serde_json` and `simd_json`.
fn bench_syntax(c: &mut Criterion) {
    let validator = Validator::syntax_only(Options::strict());

    for case in CASES {
        let document = read_document(case);
        assert!(validator.is_valid(&document), "jsonseam rejects {case}.json as JSON");
        assert!(is_valid_streamed(&validator, &document), "jsonseam rejects {case}.json streamed");
        serde_json::from_slice::<IgnoredAny>(&document)
            .unwrap_or_else(|error| panic!("serde_json rejects {case}.json: {error}"));
        let mut scratch = document.clone();
        simd_json::to_tape(&mut scratch)
            .unwrap_or_else(|error| panic!("simd-json rejects {case}.json: {error}"));

        let mut group = open_group(c, "syntax", case, &document);
        group.bench_function("jsonseam_whole", |b| {
            b.iter(|| validator.is_valid(black_box(&document)));
        });
        group.bench_function("jsonseam_stream4", |b| {
            b.iter(|| is_valid_streamed(&validator, black_box(&document)));
        });
        group.bench_function("jsonseam_stream1", |b| {
            b.iter(|| is_valid_in_chunks(&validator, black_box(&document), 1));
        });
        group.bench_function("jsonseam_stream64", |b| {
            b.iter(|| is_valid_in_chunks(&validator, black_box(&document), 64));
        });
        group.bench_function("sonic_rs_ignored_any", |b| {
            b.iter(|| sonic_rs::from_slice::<IgnoredAny>(black_box(&document)).is_ok());
        });
        group.bench_function("sonic_rs_value", |b| {
            b.iter(|| sonic_rs::from_slice::<sonic_rs::Value>(black_box(&document)).is_ok());
        });
        group.bench_function("serde_json_ignored_any", |b| {
            b.iter(|| serde_json::from_slice::<IgnoredAny>(black_box(&document)).is_ok());
        });
        group.bench_function("serde_json_value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(&document)).is_ok());
        });
        // simd-json parses in place, so every iteration first copies the document into a
        // reused buffer. The copy is part of the timed work; `copy_only` measures it alone
        // so that it can be subtracted. `to_tape` also allocates its working buffers on
        // every call, as `is_valid` allocates its stream state.
        group.bench_function("simd_json_tape", |b| {
            b.iter(|| {
                scratch.clear();
                scratch.extend_from_slice(black_box(&document));
                simd_json::to_tape(&mut scratch).is_ok()
            });
        });
        group.bench_function("copy_only", |b| {
            b.iter(|| {
                scratch.clear();
                scratch.extend_from_slice(black_box(&document));
                black_box(&scratch);
            });
        });
        group.finish();
    }
}

/// Validates against `schemas/{case}.schema.json`: jsonseam against `serde_json` parsing
/// alone and `serde_json` parsing followed by the `jsonschema` crate.
fn bench_schema(c: &mut Criterion) {
    for case in CASES {
        let document = read_document(case);
        let schema = read_schema(case);

        let validator = Validator::with_options(&schema, Options::strict()).unwrap_or_else(|error| {
            panic!("jsonseam failed to compile {case}.schema.json: {error}")
        });
        if let Err(rejection) = validator.validate(&document) {
            panic!("jsonseam rejects {case}.json against {case}.schema.json: {rejection}");
        }
        assert!(
            is_valid_streamed(&validator, &document),
            "jsonseam rejects {case}.json streamed against {case}.schema.json"
        );

        let reference = jsonschema::validator_for(&schema).unwrap_or_else(|error| {
            panic!("jsonschema failed to compile {case}.schema.json: {error}")
        });
        let value: Value = serde_json::from_slice(&document)
            .unwrap_or_else(|error| panic!("serde_json rejects {case}.json: {error}"));
        if let Err(error) = reference.validate(&value) {
            panic!("jsonschema rejects {case}.json against {case}.schema.json: {error}");
        }

        let mut group = open_group(c, "schema", case, &document);
        group.bench_function("jsonseam_validate", |b| {
            b.iter(|| validator.validate(black_box(&document)).is_ok());
        });
        group.bench_function("jsonseam_whole", |b| {
            b.iter(|| validator.is_valid(black_box(&document)));
        });
        group.bench_function("jsonseam_stream4", |b| {
            b.iter(|| is_valid_streamed(&validator, black_box(&document)));
        });
        group.bench_function("serde_json_value", |b| {
            b.iter(|| serde_json::from_slice::<Value>(black_box(&document)).is_ok());
        });
        group.bench_function("serde_json_value_jsonschema", |b| {
            b.iter(|| {
                serde_json::from_slice::<Value>(black_box(&document))
                    .is_ok_and(|value| reference.is_valid(&value))
            });
        });
        group.bench_function("jsonschema_parsed", |b| {
            b.iter(|| reference.is_valid(black_box(&value)));
        });
        group.finish();
    }
}

criterion_group!(benches, bench_syntax, bench_schema);
criterion_main!(benches);
