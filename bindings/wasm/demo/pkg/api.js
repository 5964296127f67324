// The public API of the npm package `jsonseam`, shared by the Node and web entry points.
// Every check happens in the WebAssembly module (the Rust crate `jsonseam`). This file
// converts arguments, builds values from the module's events and turns its error objects
// into JavaScript errors.

import { bindings } from './bindings.js';
import { FINISHED, OPTIONS_ERROR, PROGRESS, REJECTED, SCHEMA_ERROR, ValueBuilder, readErrorTape } from './tape.js';

/** An input that no continuation can make valid, at the byte `offset`. */
export class JsonseamError extends Error {
  constructor(fields) {
    super(fields.message);
    this.name = 'JsonseamError';
    this.kind = fields.kind;
    this.offset = fields.offset;
    this.instancePath = fields.instancePath;
    this.schemaPath = fields.schemaPath;
    this.expected = fields.expected;
    this.found = fields.found;
  }
}

/** A schema that does not compile. */
export class SchemaError extends Error {
  constructor(fields) {
    super(fields.message);
    this.name = 'SchemaError';
    this.kind = fields.kind;
    this.schemaPath = fields.schemaPath;
  }
}

// Turns what the module's constructor throws, a tape of one error record, into the
// package's error. Anything else (a RangeError for memory, say) passes through.
function toError(thrown) {
  if (!(thrown instanceof Uint8Array)) {
    return thrown;
  }
  const record = readErrorTape(thrown);
  if (record.op === OPTIONS_ERROR) {
    return new TypeError(record.message);
  }
  if (record.op === SCHEMA_ERROR) {
    return new SchemaError(record);
  }
  return new Error(`jsonseam: unexpected error record ${record.op} from the WebAssembly module`);
}

function toBytes(chunk, argumentName) {
  if (chunk instanceof Uint8Array) {
    return chunk;
  }
  if (chunk instanceof ArrayBuffer) {
    return new Uint8Array(chunk);
  }
  if (ArrayBuffer.isView(chunk)) {
    return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  }
  const found = chunk === null ? 'null' : typeof chunk;
  throw new TypeError(`${argumentName} must be a string, a Uint8Array, an ArrayBuffer or another ArrayBufferView, found ${found}`);
}

function schemaText(schema) {
  if (typeof schema === 'string') {
    return schema;
  }
  if (typeof schema === 'boolean' || (schema !== null && typeof schema === 'object')) {
    return JSON.stringify(schema);
  }
  const found = schema === null ? 'null' : typeof schema;
  throw new TypeError(`schema must be an object, a boolean or a JSON string, found ${found}`);
}

/** A compiled JSON Schema with its options. */
export class Validator {
  #raw;
  #parseNumber;

  constructor(schema, options = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`options must be an object, found ${options === null ? 'null' : typeof options}`);
    }
    const { parseNumber = Number, ...coreOptions } = options;
    if (typeof parseNumber !== 'function') {
      throw new TypeError(`option parseNumber must be a function, found ${typeof parseNumber}`);
    }
    this.#parseNumber = parseNumber;
    try {
      this.#raw = new (bindings().RawValidator)(schemaText(schema), JSON.stringify(coreOptions));
    } catch (thrown) {
      throw toError(thrown);
    }
  }

  /** JSON Pointers of schema keywords accepted without being checked: annotations that the schema's draft does not define. */
  get uncheckedKeywords() {
    return this.#raw.uncheckedKeywords();
  }

  /** Starts a stream for one document. */
  stream() {
    return new JsonseamStream(this.#raw.stream(), this.#parseNumber);
  }

  /** Validates a whole document; returns the result or throws a JsonseamError. */
  validate(input) {
    const stream = this.stream();
    stream.feed(input);
    return stream.finish();
  }

  /** Checks whether a whole document is valid, without building a value. */
  isValid(input) {
    if (typeof input === 'string') {
      return this.#raw.isValidText(input);
    }
    return this.#raw.isValidBytes(toBytes(input, 'input'));
  }

  /** Reads a ReadableStream (or an async iterable) of chunks; see consumeReadableStream. */
  validateStream(readable, options) {
    return consumeReadableStream(this, readable, options);
  }

  /** Frees the compiled schema now instead of at garbage collection. */
  free() {
    this.#raw.free();
  }
}

/** One document being validated as its chunks arrive. */
export class JsonseamStream {
  #raw;
  #builder;
  #offset = 0;
  #complete = false;
  #rejection = null;
  #result = null;
  // A high surrogate that ended the last text chunk. It is held until the next chunk
  // brings its low surrogate, because encoding it alone would give U+FFFD.
  #heldSurrogate = '';

  constructor(raw, parseNumber) {
    this.#raw = raw;
    this.#builder = new ValueBuilder(parseNumber);
  }

  /** The value accepted so far; see the type declarations for how it grows. */
  get partial() {
    return this.#builder.root;
  }

  /** Bytes accepted so far. */
  get offset() {
    return this.#offset;
  }

  /** Whether the document has ended; only trailing text may follow. */
  get complete() {
    return this.#complete;
  }

  /** The JsonseamError once the stream has diverged, else null. */
  get rejection() {
    return this.#rejection;
  }

  /** Feeds the next chunk; throws a JsonseamError at the first divergence, and again on every later call. */
  feed(chunk) {
    this.#checkOpen();
    let tape;
    if (typeof chunk === 'string') {
      tape = this.#raw.feedText(this.#holdSurrogate(chunk));
    } else {
      const bytes = toBytes(chunk, 'chunk');
      this.#flushSurrogate();
      tape = this.#raw.feedBytes(bytes);
    }
    return this.#progress(tape);
  }

  #holdSurrogate(text) {
    const joined = this.#heldSurrogate + text;
    const last = joined.charCodeAt(joined.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.#heldSurrogate = joined.slice(-1);
      return joined.slice(0, -1);
    }
    this.#heldSurrogate = '';
    return joined;
  }

  // Feeds a held high surrogate that no low surrogate followed; it is encoded as U+FFFD.
  #flushSurrogate() {
    if (this.#heldSurrogate !== '') {
      const surrogate = this.#heldSurrogate;
      this.#heldSurrogate = '';
      this.#progress(this.#raw.feedText(surrogate));
    }
  }

  #progress(tape) {
    const status = this.#builder.apply(tape);
    if (status.op === REJECTED) {
      this.#reject(status);
    }
    if (status.op !== PROGRESS) {
      throw new Error(`jsonseam: feed returned status ${status.op}; the JavaScript and .wasm files come from different builds`);
    }
    this.#offset = status.offset;
    this.#complete = status.complete;
    return { offset: status.offset, complete: status.complete };
  }

  /** Ends the input; returns the result or throws a JsonseamError. */
  finish() {
    this.#checkOpen();
    this.#flushSurrogate();
    const status = this.#builder.apply(this.#raw.finish());
    if (status.op === REJECTED) {
      this.#reject(status);
    }
    if (status.op !== FINISHED) {
      throw new Error(`jsonseam: finish returned status ${status.op}; the JavaScript and .wasm files come from different builds`);
    }
    this.#raw.free();
    this.#result = {
      value: this.#builder.root,
      text: status.text,
      status: status.status,
      repairs: status.repairs,
      stripped: status.stripped,
      bytes: status.bytes,
    };
    return this.#result;
  }

  #checkOpen() {
    if (this.#rejection !== null) {
      throw this.#rejection;
    }
    if (this.#result !== null) {
      throw new Error('jsonseam: this stream is finished; start a new one with validator.stream()');
    }
  }

  #reject(record) {
    this.#rejection = new JsonseamError(record);
    this.#raw.free();
    throw this.#rejection;
  }
}

/**
 * Validates the chunks of a ReadableStream (a fetch body, say) or of an async iterable,
 * strings or bytes. At the first divergence it cancels the source, so no more of it is
 * read, and throws the JsonseamError. Otherwise it returns the result of `finish`.
 */
export async function consumeReadableStream(validator, readable, options = {}) {
  const { onProgress } = options;
  const stream = validator.stream();
  if (readable !== null && typeof readable === 'object' && typeof readable.getReader === 'function') {
    const reader = readable.getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        stream.feed(value);
        onProgress?.(stream);
      }
    } catch (error) {
      // Cancelling an errored stream rejects too; the first error is the one to report.
      await reader.cancel(error).catch(() => {});
      throw error;
    } finally {
      reader.releaseLock();
    }
    return stream.finish();
  }
  if (readable !== null && typeof readable === 'object' && typeof readable[Symbol.asyncIterator] === 'function') {
    // `for await` calls the iterator's return() when the loop exits by a throw, which
    // closes a Node.js stream.
    for await (const chunk of readable) {
      stream.feed(chunk);
      onProgress?.(stream);
    }
    return stream.finish();
  }
  throw new TypeError('readable must be a ReadableStream or an async iterable of strings or bytes');
}
