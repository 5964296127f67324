// Entry point for Node.js: the WebAssembly module loads synchronously on import.

import wasmExports from './jsonseam_wasm.js';
import { setBindings } from '../bindings.js';

export { JsonseamError, JsonseamStream, SchemaError, Validator, consumeReadableStream } from '../api.js';

setBindings(wasmExports);

/** Resolves at once: the module is already loaded. Kept so that code written for the web build runs unchanged. */
export function init() {
  return Promise.resolve();
}

export default init;
