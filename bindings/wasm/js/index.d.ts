// Type declarations of the npm package `jsonseam`, for its Node and web entry points.

/** A JSON value as the validator builds it, with numbers of type `N` (see `parseNumber`). */
export type JsonValue<N = number> = string | N | boolean | null | JsonValue<N>[] | { [key: string]: JsonValue<N> };

/** Short name of a JSON Schema draft. */
export type Draft = '4' | '6' | '7' | '2019-09' | '2020-12';

/** Settings for compiling a schema and validating documents against it. Every field is optional. */
export interface ValidatorOptions<N = number> {
  /** Start from strict settings: no extraction and no repairs. Other fields override it. Default false. */
  strict?: boolean;
  /** Find the JSON inside model output and strip the prose, fences, tags and byte-order mark around it. Default true. */
  extract?: boolean;
  /** Repair mode. `lossy` also closes a cut-off document when the result validates. Default "lossless". */
  repair?: 'strict' | 'lossless' | 'lossy';
  /** Write NaN and Infinity as null, a lossy repair. Default false. */
  allowNonFinite?: boolean;
  /** Accept objects that repeat a key; the later value wins in `value` and `partial`. Default false. */
  allowDuplicateKeys?: boolean;
  /** Compile schemas with keywords the engine does not enforce, and list them in `uncheckedKeywords`. Default false. No keyword of drafts 4 to 2020-12 needs it. */
  unknownKeywords?: boolean;
  /** Deepest nesting of arrays and objects. Default 128. */
  maxDepth?: number;
  /** Maximum input length in bytes, or null for no limit. Default null. */
  maxBytes?: number | null;
  /** Maximum length of a string or key in bytes, after decoding escapes. Default 16 MiB. */
  maxStringBytes?: number;
  /** Maximum length of a number in bytes, as written. Default 4096. */
  maxNumberBytes?: number;
  /** Maximum length in bytes of a value held whole to compare it with an object or array `enum` or `const` member. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Maximum number of schema candidates (an `anyOf` member, a `$ref` target) alive at once over the open values. Default 100000. */
  maxCandidates?: number;
  /** Largest DFA one `pattern` may compile to, in bytes. Default 1 MiB. */
  maxPatternBytes?: number;
  /** Maximum number of repairs in one document. Default 10,000. */
  maxRepairs?: number;
  /** Maximum run of whitespace between tokens, in bytes. Default 65,536. */
  maxWhitespaceRun?: number;
  /** How far into a candidate inside prose the extractor may still abandon it, in bytes. Default 1024. */
  extractWindow?: number;
  /**
   * The JSON Schema draft to read the schema as, by short name or by its `$schema` URI.
   * Default null: the draft that the schema's `$schema` names, or for a schema without one,
   * 2020-12 that also accepts the unambiguous draft-04 forms.
   */
  draft?: Draft | string | null;
  /** Reject a string that does not conform to its `format`. Default false: `format` is an annotation. */
  formatAssertion?: boolean;
  /**
   * Documents that `$ref`s may point at, keyed by absolute URI: a schema object, a boolean
   * or JSON text. Nothing is ever fetched. This build embeds no metaschema, so a `$ref` to a
   * draft's metaschema resolves only when that metaschema is registered here.
   */
  resources?: { [uri: string]: object | boolean | string };
  /**
   * Converts a number's text, exactly as written, into the value placed in `value` and
   * `partial`. Default `Number`, which rounds integers above 2^53 and turns 1e400 into
   * Infinity; the result's `text` always keeps the digits as written.
   */
  parseNumber?: (text: string) => N;
}

/** Reason a stripped byte range is not part of the document. */
export type StrippedKind = 'bom' | 'prose' | 'fence' | 'tag' | 'trailing' | 'extra_value';

/** A byte range `start..end` of the input left out of the document. */
export interface Stripped {
  start: number;
  end: number;
  kind: StrippedKind;
}

/** One change the lenient lexer made inside the document. */
export interface Repair {
  /** Kind of fix, such as `trailing_comma`, `single_quotes` or `closed_truncation`. */
  kind: string;
  /** `lossy` when content was invented or dropped, else `lossless`. */
  class: 'lossless' | 'lossy';
  /** Byte offset in the input of the first byte concerned. */
  offset: number;
  /** The input's text there (lossy for invalid UTF-8). */
  original: string;
  /** Text the document has instead. */
  written: string;
}

/** A document that satisfied the schema. */
export interface ValidationResult<N = number> {
  /** The document's value, built from the validator's events. */
  value: JsonValue<N>;
  /** The canonical text: compact JSON, keys in input order, numbers as written. */
  text: string;
  /** `valid` when the input was the document as is, `repaired` after stripping or repairs, `truncated` after closing a cut-off document. */
  status: 'valid' | 'repaired' | 'truncated';
  repairs: Repair[];
  stripped: Stripped[];
  /** Length of the input in bytes. */
  bytes: number;
}

/** Progress of a stream, returned by `feed`. */
export interface Progress {
  /** Bytes accepted so far. */
  offset: number;
  /** Whether the document has ended. */
  complete: boolean;
}

/** The kind of a rejection. */
export type RejectionKind =
  | 'syntax'
  | 'invalid_utf8'
  | 'schema'
  | 'duplicate_key'
  | 'truncated'
  | 'depth_limit'
  | 'string_limit'
  | 'number_limit'
  | 'size_limit'
  | 'buffer_limit'
  | 'whitespace_limit'
  | 'repair_limit'
  | 'no_json';

/** An input that no continuation can make valid. */
export class JsonseamError extends Error {
  readonly name: 'JsonseamError';
  readonly kind: RejectionKind;
  /** Byte offset of the first byte after which no valid document can follow; for `truncated`, the input's length. UTF-8 bytes when the input was a string. */
  readonly offset: number;
  /** JSON Pointer of the value where the failure was decided, `""` for the root. */
  readonly instancePath: string;
  /** JSON Pointer of the deciding keyword in the schema, `""` when no keyword decided (syntax, limits, truncation). */
  readonly schemaPath: string;
  /** Description of the input expected at `offset`. */
  readonly expected: string;
  /** Description of the input found there instead. */
  readonly found: string;
}

/** The kind of a schema that does not compile. */
export type SchemaErrorKind =
  | 'unsupported_keyword'
  | 'invalid_keyword'
  | 'invalid_pattern'
  | 'pattern_too_large'
  | 'unresolved_reference'
  | 'reference_cycle'
  | 'depth_limit';

/** A schema that does not compile. */
export class SchemaError extends Error {
  readonly name: 'SchemaError';
  readonly kind: SchemaErrorKind;
  /** JSON Pointer of the offending keyword. */
  readonly schemaPath: string;
}

/** Input accepted by `feed`, `validate` and `isValid`: text (fed as UTF-8) or bytes. */
export type Chunk = string | Uint8Array | ArrayBuffer | ArrayBufferView;

/** Options of `consumeReadableStream`. */
export interface ConsumeOptions<N = number> {
  /** Called after each accepted chunk, to read `stream.partial`. */
  onProgress?: (stream: JsonseamStream<N>) => void;
}

/**
 * A compiled JSON Schema of draft 4, 6, 7, 2019-09 or 2020-12.
 *
 * @throws SchemaError when the schema does not compile.
 * @throws TypeError when the options or the schema JSON are invalid.
 */
export class Validator<N = number> {
  constructor(schema: object | boolean | string, options?: ValidatorOptions<N>);
  /** JSON Pointers of schema keywords accepted without being checked: annotations that the schema's draft does not define. */
  readonly uncheckedKeywords: string[];
  /** Starts a stream for one document. */
  stream(): JsonseamStream<N>;
  /** Validates a whole document. @throws JsonseamError when it cannot be valid. */
  validate(input: Chunk): ValidationResult<N>;
  /** Whether a whole document is valid. Builds no value. */
  isValid(input: Chunk): boolean;
  /** Same as `consumeReadableStream(this, readable, options)`. */
  validateStream(readable: ReadableStream<Chunk> | AsyncIterable<Chunk>, options?: ConsumeOptions<N>): Promise<ValidationResult<N>>;
  /** Frees the compiled schema now instead of at garbage collection. The validator is unusable afterwards. */
  free(): void;
}

/** One document being validated as its chunks arrive. Created by `Validator.stream()`. */
export class JsonseamStream<N = number> {
  private constructor();
  /**
   * The value accepted so far, `undefined` before its first byte. It is the stream's own
   * object, mutated as chunks arrive; copy it (`structuredClone`) to keep a snapshot, and
   * do not modify it.
   *
   * It only grows: containers gain members and items, a string grows at its end, a number
   * appears once its last digit is known, and a key appears together with the first byte of
   * its value, never alone. With `allowDuplicateKeys`, a repeated key replaces the earlier
   * value.
   *
   * NOTE: in strict mode `true`, `false` and `null` appear at their first letter, because
   * the core reports them there. A stream that then diverges (`[tx`) has shown the literal.
   * In lenient mode a bare word appears only once it ends.
   */
  readonly partial: JsonValue<N> | undefined;
  /** Bytes accepted so far. */
  readonly offset: number;
  /** Whether the document has ended; only text around it may follow. */
  readonly complete: boolean;
  /** The error once the stream has diverged, else null. */
  readonly rejection: JsonseamError | null;
  /** Feeds the next chunk. @throws JsonseamError at the first divergence, and again on every later call. */
  feed(chunk: Chunk): Progress;
  /** Ends the input. @throws JsonseamError when the document cannot be valid, including a truncated one. */
  finish(): ValidationResult<N>;
}

/**
 * Validates the chunks of a ReadableStream (such as a `fetch` body) or an async iterable
 * (such as a Node.js stream). At the first divergence it cancels the source and rejects
 * with the JsonseamError; otherwise it resolves to the result.
 */
export function consumeReadableStream<N = number>(
  validator: Validator<N>,
  readable: ReadableStream<Chunk> | AsyncIterable<Chunk>,
  options?: ConsumeOptions<N>,
): Promise<ValidationResult<N>>;

/**
 * Loads the WebAssembly module. Await it once before creating a Validator. In the web
 * build, `source` is the `.wasm` file's URL, a Response, its bytes or a compiled module,
 * and by default the file next to the script. In Node.js the module loads on import, so
 * this resolves at once.
 */
export function init(source?: string | URL | Response | BufferSource | WebAssembly.Module): Promise<void>;
export default init;
