// Entry point for browsers and bundlers. Await init() once before creating a Validator.

import initModule, * as wasmExports from './jsonseam_wasm.js';
import { setBindings } from '../bindings.js';

export { JsonseamError, JsonseamStream, SchemaError, Validator, consumeReadableStream } from '../api.js';

let loading = null;

/**
 * Loads the WebAssembly module once; later calls return the same promise. `source` is
 * the .wasm file's URL, a Response, its bytes or a compiled module, by default the file
 * next to this script.
 */
export function init(source) {
  loading ??= initModule(source === undefined ? undefined : { module_or_path: source }).then(() => {
    setBindings(wasmExports);
  });
  return loading;
}

export default init;
