//! The checks behind the fuzz targets, in one module that `core/tests/fuzz_regressions.rs`
//! also includes by path to replay the committed crash inputs.

pub mod checks;
