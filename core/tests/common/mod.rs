//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::path::PathBuf;

use jsonseam::{Options, Rejection, Report, Stream, TextSink, Validator};

/// The external test suites, which live beside the checkout in `../shared/data`.
pub fn shared_data() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/data")
}

/// The project's own cases.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../corpus")
}

/// A small deterministic generator, so chunkings repeat from run to run.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A length in `1..=max`.
    pub fn length(&mut self, max: usize) -> usize {
        1 + (self.next() % max as u64) as usize
    }
}

/// How an input is cut into chunks.
#[derive(Debug, Clone, Copy)]
pub enum Chunking {
    Whole,
    Bytes(usize),
    Random { seed: u64, max: usize },
}

pub const CHUNKINGS: [Chunking; 6] = [
    Chunking::Whole,
    Chunking::Bytes(1),
    Chunking::Bytes(4),
    Chunking::Random { seed: 1, max: 16 },
    Chunking::Random { seed: 7, max: 5 },
    Chunking::Random { seed: 42, max: 64 },
];

pub fn chunks(input: &[u8], chunking: Chunking) -> Vec<&[u8]> {
    match chunking {
        Chunking::Whole => vec![input],
        Chunking::Bytes(n) => input.chunks(n).collect(),
        Chunking::Random { seed, max } => {
            let mut rng = SplitMix(seed);
            let mut out = Vec::new();
            let mut rest = input;
            while !rest.is_empty() {
                let n = rng.length(max).min(rest.len());
                let (head, tail) = rest.split_at(n);
                out.push(head);
                rest = tail;
            }
            out
        }
    }
}

/// Feeds `input` in the given chunking and returns the canonical text or the rejection.
/// Checks that a diverged stream keeps returning the same rejection.
pub fn run(validator: &Validator, input: &[u8], chunking: Chunking) -> Result<String, Rejection> {
    run_with_report(validator, input, chunking).map(|(text, _)| text)
}

/// Like [`run`], with the report of a valid document.
pub fn run_with_report(validator: &Validator, input: &[u8], chunking: Chunking) -> Result<(String, Report), Rejection> {
    let mut stream: Stream<TextSink> = validator.stream();
    for chunk in chunks(input, chunking) {
        if let Err(rejection) = stream.feed(chunk) {
            assert_eq!(stream.feed(b"{}").unwrap_err(), rejection, "a diverged stream stays diverged");
            return Err(rejection);
        }
    }
    stream.finish().map(|outcome| {
        let report = outcome.report().clone();
        (outcome.into_text(), report)
    })
}

pub fn options_from(value: Option<&serde_json::Value>) -> Options {
    let map = value.and_then(serde_json::Value::as_object);
    let strict = map.and_then(|m| m.get("strict")).and_then(serde_json::Value::as_bool) == Some(true);
    let mut options = if strict { Options::strict() } else { Options::default() };
    if let Some(map) = map {
        for (name, setting) in map {
            match name.as_str() {
                "strict" => {}
                "repair" => {
                    options.repair = match setting.as_str().unwrap() {
                        "strict" => jsonseam::RepairMode::Strict,
                        "lossless" => jsonseam::RepairMode::Lossless,
                        "lossy" => jsonseam::RepairMode::Lossy,
                        other => panic!("unknown repair mode {other}"),
                    };
                }
                "extract" => options.extract = setting.as_bool().unwrap(),
                "allow_non_finite" => options.allow_non_finite = setting.as_bool().unwrap(),
                "max_repairs" => options.max_repairs = usize::try_from(setting.as_u64().unwrap()).unwrap(),
                "max_whitespace_run" => {
                    options.max_whitespace_run = usize::try_from(setting.as_u64().unwrap()).unwrap();
                }
                "allow_duplicate_keys" => options.allow_duplicate_keys = setting.as_bool().unwrap(),
                "max_depth" => options.max_depth = usize::try_from(setting.as_u64().unwrap()).unwrap(),
                "max_string_bytes" => {
                    options.max_string_bytes = usize::try_from(setting.as_u64().unwrap()).unwrap();
                }
                "max_bytes" => options.max_bytes = setting.as_u64(),
                "unknown_keywords" => options.unknown_keywords = setting.as_bool().unwrap(),
                other => panic!("unknown option {other} in a corpus case"),
            }
        }
    }
    options
}
