// The wasm-bindgen exports that the public API calls. Each entry point (node/index.js,
// web/index.js) sets them once its WebAssembly module is instantiated.

let loaded = null;

export function setBindings(exports) {
  loaded = exports;
}

export function bindings() {
  if (loaded === null) {
    throw new Error('jsonseam is not initialized: call init() and await it before creating a Validator');
  }
  return loaded;
}
