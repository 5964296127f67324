//! The native module `jsonseam._jsonseam`, re-exported by the Python package `jsonseam`.
//!
//! Every check comes from the core crate: this module converts arguments and results
//! between Python and the core's public API, and contains no validation logic.

mod convert;
mod errors;
mod input;
mod options;
mod resources;
mod result;
mod schema;
mod stream;
mod tape;
mod tree;
mod validator;

use pyo3::prelude::*;

// `gil_used = false` declares that the module may run on a free-threaded interpreter
// without re-enabling the GIL: a `Validator` is immutable, and a `Stream` is guarded by
// PyO3's borrow checking. An abi3 wheel loads only on interpreters with a GIL, so the
// declaration takes effect only in a build for a free-threaded interpreter.
#[pymodule(gil_used = false)]
#[pyo3(name = "_jsonseam")]
fn jsonseam_python(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<validator::PyValidator>()?;
    module.add_class::<stream::PyStream>()?;
    module.add_class::<result::ValidationResult>()?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
