// The package API on the built Node package: constructor arguments and options, results
// and reports, error fields, stream states, partial values and input types.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import init, { JsonseamError, JsonseamStream, SchemaError, Validator } from '../pkg/node/index.mjs';
import { assertGrows } from './helpers.mjs';

const person = {
  type: 'object',
  properties: {
    name: { type: 'string', maxLength: 20 },
    age: { type: 'integer', minimum: 0 },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['name'],
  additionalProperties: false,
};

const bytesOf = (text) => new TextEncoder().encode(text);

function rejection(action) {
  try {
    action();
  } catch (error) {
    return error;
  }
  assert.fail('expected a thrown error');
}

describe('Validator constructor', () => {
  test('init resolves in Node.js', async () => {
    await init();
  });

  test('schema as object and as JSON text agree', () => {
    const input = '{"name": "Ann", "age": 30}';
    const fromObject = new Validator(person).validate(input);
    const fromText = new Validator(JSON.stringify(person)).validate(input);
    assert.deepEqual(fromObject, fromText);
  });

  test('boolean schemas', () => {
    assert.equal(new Validator(true).isValid('[1]'), true);
    assert.equal(new Validator(false).isValid('[1]'), false);
  });

  test('schema of wrong type is a TypeError', () => {
    assert.throws(() => new Validator(42), TypeError);
    assert.throws(() => new Validator(null), TypeError);
    assert.throws(() => new Validator(undefined), TypeError);
  });

  test('schema text that is not JSON is a TypeError', () => {
    assert.throws(() => new Validator('{"type": '), { name: 'TypeError', message: /the schema is not valid JSON/ });
  });

  test('an invalid keyword is a SchemaError', () => {
    const error = rejection(() => new Validator({ type: 'object', properties: { a: { unevaluatedItems: 3 } } }));
    assert.ok(error instanceof SchemaError);
    assert.ok(error instanceof Error);
    assert.ok(!(error instanceof JsonseamError));
    assert.equal(error.name, 'SchemaError');
    assert.equal(error.kind, 'invalid_keyword');
    assert.equal(error.schemaPath, '/properties/a/unevaluatedItems');
    assert.match(error.message, /unevaluatedItems/);
  });

  test('invalid pattern is a SchemaError', () => {
    const error = rejection(() => new Validator({ type: 'string', pattern: '(?<=a)b' }));
    assert.ok(error instanceof SchemaError);
    assert.equal(error.kind, 'invalid_pattern');
    assert.equal(error.schemaPath, '/pattern');
  });

  test('unknownKeywords lists unchecked keywords', () => {
    const validator = new Validator({ type: 'string', format2: 'x' }, { unknownKeywords: true });
    assert.deepEqual(validator.uncheckedKeywords, ['/format2']);
    assert.deepEqual(new Validator(person).uncheckedKeywords, []);
  });

  test('unknown option is a TypeError naming it', () => {
    const error = rejection(() => new Validator(true, { max_depth: 3 }));
    assert.ok(error instanceof TypeError);
    assert.match(error.message, /unknown option "max_depth"/);
    assert.match(error.message, /maxDepth/);
  });

  test('option values of wrong type are TypeErrors', () => {
    for (const options of [
      { maxDepth: -1 },
      { maxDepth: 1.5 },
      { maxDepth: '3' },
      { extract: 'yes' },
      { repair: 'some' },
      { maxBytes: 'none' },
      { parseNumber: 'Number' },
    ]) {
      assert.throws(() => new Validator(true, options), TypeError, JSON.stringify(options));
    }
    assert.throws(() => new Validator(true, null), TypeError);
    assert.throws(() => new Validator(true, 'strict'), TypeError);
  });

  test('undefined option values keep the defaults', () => {
    const validator = new Validator(true, { maxDepth: undefined, maxBytes: null });
    assert.equal(validator.isValid('[[1]]'), true);
  });
});

describe('validate', () => {
  const validator = new Validator(person);

  test('result has the documented fields', () => {
    const result = validator.validate('{"name": "Ann", "age": 30, "tags": ["a"]}');
    assert.deepEqual(Object.keys(result).sort(), ['bytes', 'repairs', 'status', 'stripped', 'text', 'value']);
    assert.deepEqual(result.value, { name: 'Ann', age: 30, tags: ['a'] });
    assert.equal(result.text, '{"name":"Ann","age":30,"tags":["a"]}');
    assert.equal(result.status, 'valid');
    assert.deepEqual(result.repairs, []);
    assert.deepEqual(result.stripped, []);
    assert.equal(result.bytes, 41);
  });

  test('report lists stripped wrappers and repairs', () => {
    const input = 'Sure! Here it is:\n```json\n{name: \'Ann\', "tags": ["a",],}\n```\nAnything else?';
    const result = validator.validate(input);
    assert.equal(result.status, 'repaired');
    assert.deepEqual(result.value, { name: 'Ann', tags: ['a'] });
    assert.deepEqual(
      result.stripped.map((range) => range.kind),
      ['prose', 'fence', 'fence', 'trailing'],
    );
    for (const range of result.stripped) {
      assert.equal(typeof range.start, 'number');
      assert.ok(range.end > range.start);
    }
    assert.deepEqual(
      result.repairs.map((repair) => repair.kind),
      ['unquoted_key', 'single_quotes', 'trailing_comma', 'trailing_comma'],
    );
    const [unquoted] = result.repairs;
    assert.deepEqual(unquoted, { kind: 'unquoted_key', class: 'lossless', offset: 27, original: 'name', written: '"name"' });
  });

  test('strict option rejects wrappers and repairs', () => {
    const strict = new Validator(person, { strict: true });
    const error = rejection(() => strict.validate('```json\n{"name": "Ann"}\n```'));
    assert.ok(error instanceof JsonseamError);
    assert.equal(error.kind, 'syntax');
    assert.equal(error.offset, 0);
    assert.throws(() => strict.validate('{"name": "Ann",}'), { kind: 'syntax', offset: 15 });
  });

  test('lossy repair closes a truncated document', () => {
    const lossy = new Validator(person, { repair: 'lossy' });
    const result = lossy.validate('{"name": "An');
    assert.equal(result.status, 'truncated');
    assert.deepEqual(result.value, { name: 'An' });
    assert.equal(result.text, '{"name":"An"}');
    const closing = result.repairs.at(-1);
    assert.equal(closing.kind, 'closed_truncation');
    assert.equal(closing.class, 'lossy');
    assert.equal(closing.written, '"}');
  });

  test('truncated input is a truncated rejection at its length', () => {
    const error = rejection(() => validator.validate('{"name": "An'));
    assert.equal(error.kind, 'truncated');
    assert.equal(error.offset, 12);
  });

  test('allowNonFinite writes NaN as null', () => {
    const schema = { type: 'array', items: { type: ['number', 'null'] } };
    assert.throws(() => new Validator(schema).validate('[1, NaN]'), { kind: 'syntax' });
    const result = new Validator(schema, { allowNonFinite: true }).validate('[1, NaN]');
    assert.deepEqual(result.value, [1, null]);
    assert.equal(result.repairs[0].kind, 'non_finite_number');
    assert.equal(result.repairs[0].class, 'lossy');
  });

  test('allowDuplicateKeys keeps the later value', () => {
    const input = '{"a": 1, "b": 2, "a": "x"}';
    assert.throws(() => new Validator(true).validate(input), { kind: 'duplicate_key', offset: 19 });
    const result = new Validator(true, { allowDuplicateKeys: true }).validate(input);
    assert.deepEqual(result.value, { a: 'x', b: 2 });
    assert.equal(result.text, '{"a":1,"b":2,"a":"x"}');
  });

  test('maxDepth rejects deeper nesting', () => {
    const shallow = new Validator(true, { maxDepth: 2 });
    assert.equal(shallow.isValid('[[1]]'), true);
    assert.throws(() => shallow.validate('[[[1]]]'), { kind: 'depth_limit', offset: 2 });
  });

  test('maxBytes rejects longer input', () => {
    const small = new Validator(true, { maxBytes: 8 });
    assert.throws(() => small.validate('[1, 2, 3, 4]'), { kind: 'size_limit', offset: 8 });
  });

  test('error fields of a schema rejection', () => {
    const error = rejection(() => validator.validate('{"name": "Ann", "age": -1}'));
    assert.ok(error instanceof JsonseamError);
    assert.ok(error instanceof Error);
    assert.equal(error.name, 'JsonseamError');
    assert.equal(error.kind, 'schema');
    assert.equal(error.offset, 25);
    assert.equal(error.instancePath, '/age');
    assert.equal(error.schemaPath, '/properties/age/minimum');
    assert.match(error.expected, /0/);
    assert.match(error.found, /-1/);
    assert.match(error.message, /^schema violation at byte 25, instance path \/age, schema path \/properties\/age\/minimum: /);
    assert.ok(error.stack.includes('JsonseamError'));
  });

  test('invented key fails at its first wrong byte', () => {
    const error = rejection(() => validator.validate('{"name": "Ann", "nick": "A"}'));
    assert.equal(error.kind, 'schema');
    assert.equal(error.offset, 18);
    assert.equal(error.instancePath, '');
    assert.equal(error.schemaPath, '/additionalProperties');
  });

  test('offsets count UTF-8 bytes of text input', () => {
    const error = rejection(() => validator.validate('{"name": "é€😀", "x": 1}'));
    // é, € and 😀 take 2, 3 and 4 bytes, so the key "x" opens at byte 22 and fails at 23.
    assert.equal(error.offset, 23);
  });

  test('no JSON in the input', () => {
    const error = rejection(() => validator.validate('I cannot help with that.'));
    assert.equal(error.kind, 'no_json');
    assert.equal(error.offset, 24);
  });

  test('string starting with U+FEFF keeps it', () => {
    const result = new Validator(true).validate('["\uFEFFa"]');
    assert.deepEqual(result.value, ['\uFEFFa']);
  });

  test('__proto__ key is an own property', () => {
    const result = new Validator(true).validate('{"__proto__": {"polluted": true}, "a": 1}');
    assert.equal(Object.getPrototypeOf(result.value), Object.prototype);
    assert.ok(Object.hasOwn(result.value, '__proto__'));
    assert.deepEqual(result.value.__proto__, { polluted: true });
    assert.equal({}.polluted, undefined);
    assert.deepEqual(result.value, JSON.parse('{"__proto__": {"polluted": true}, "a": 1}'));
  });

  test('numbers use Number by default and parseNumber when given', () => {
    const input = '[12345678901234567890, 1.5, 1e400, -0]';
    const plain = new Validator(true).validate(input);
    assert.deepEqual(plain.value, [12345678901234567000, 1.5, Infinity, -0]);
    assert.equal(plain.text, '[12345678901234567890,1.5,1e400,-0]');
    const exact = new Validator(true, { parseNumber: (text) => text }).validate(input);
    assert.deepEqual(exact.value, ['12345678901234567890', '1.5', '1e400', '-0']);
    const big = new Validator(true, { parseNumber: (text) => (/^-?\d+$/.test(text) ? BigInt(text) : Number(text)) });
    assert.equal(big.validate('[12345678901234567890]').value[0], 12345678901234567890n);
  });

  test('input types', () => {
    const text = '{"name": "Ann"}';
    const expected = new Validator(person).validate(text).value;
    const bytes = bytesOf(text);
    for (const input of [bytes, bytes.buffer, new DataView(bytes.buffer), Buffer.from(text)]) {
      assert.deepEqual(validator.validate(input).value, expected);
      assert.equal(validator.isValid(input), true);
    }
    // A view into a larger buffer reads only its own bytes.
    const padded = bytesOf(`xx${text}yy`);
    assert.deepEqual(validator.validate(padded.subarray(2, 2 + bytes.length)).value, expected);
    assert.throws(() => validator.validate(42), TypeError);
    assert.throws(() => validator.isValid(null), TypeError);
  });

  test('invalid UTF-8 rejected at first bad byte', () => {
    const error = rejection(() => new Validator(true, { strict: true }).validate(new Uint8Array([0x22, 0x61, 0xc0, 0x22])));
    assert.equal(error.kind, 'invalid_utf8');
    assert.equal(error.offset, 2);
  });

  test('isValid agrees with validate', () => {
    assert.equal(validator.isValid('{"name": "Ann"}'), true);
    assert.equal(validator.isValid('{"name": 1}'), false);
    assert.equal(validator.isValid('{"name": "Ann"'), false);
    assert.equal(validator.isValid('```json\n{"name": "Ann",}\n```'), true);
  });

  test('large document in one chunk', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => ({ id: i, label: `item ${i} é`, ok: i % 2 === 0 }));
    const input = JSON.stringify({ name: 'big', items });
    const schema = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'integer' }, label: { type: 'string' } } },
        },
      },
    };
    const started = performance.now();
    const result = new Validator(schema).validate(input);
    const elapsed = performance.now() - started;
    assert.equal(result.text, input);
    assert.deepEqual(result.value, JSON.parse(input));
    // Several megabytes. The bound is generous: it only catches a boundary crossing per byte.
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  });
});

describe('stream', () => {
  const validator = new Validator(person);

  test('stream is a JsonseamStream', () => {
    assert.ok(validator.stream() instanceof JsonseamStream);
  });

  test('feed returns progress', () => {
    const stream = validator.stream();
    assert.deepEqual(stream.feed('{"name": '), { offset: 9, complete: false });
    assert.deepEqual(stream.feed('"Ann"}'), { offset: 15, complete: true });
    assert.equal(stream.offset, 15);
    assert.equal(stream.complete, true);
    assert.deepEqual(stream.feed('\n'), { offset: 16, complete: true });
    assert.equal(stream.finish().text, '{"name":"Ann"}');
  });

  test('partial grows as chunks arrive', () => {
    const stream = validator.stream();
    const seen = [];
    for (const piece of ['{"na', 'me": "A', 'nn", "ag', 'e": 3', '1, "tags": ["x', '"]}']) {
      stream.feed(piece);
      seen.push(structuredClone(stream.partial));
    }
    assert.deepEqual(seen, [
      {},
      { name: 'A' },
      { name: 'Ann' },
      { name: 'Ann' },
      { name: 'Ann', age: 31, tags: ['x'] },
      { name: 'Ann', age: 31, tags: ['x'] },
    ]);
    const result = stream.finish();
    assert.equal(stream.partial, result.value);
  });

  test('partial is undefined before the first value byte', () => {
    const stream = validator.stream();
    stream.feed('Here is the JSON: ');
    assert.equal(stream.partial, undefined);
  });

  test('partial root string grows', () => {
    const stream = new Validator({ type: 'string' }).stream();
    stream.feed('"ab');
    assert.equal(stream.partial, 'ab');
    stream.feed('c"');
    assert.equal(stream.finish().value, 'abc');
  });

  test('split character never shows U+FFFD', () => {
    const bytes = bytesOf('["a😀é€b"]');
    const stream = new Validator(true).stream();
    let before;
    for (let i = 0; i < bytes.length; i++) {
      stream.feed(bytes.subarray(i, i + 1));
      const partial = structuredClone(stream.partial);
      assert.ok(!JSON.stringify(partial ?? null).includes('\uFFFD'), `after byte ${i}: ${JSON.stringify(partial)}`);
      assertGrows(before, partial);
      before = partial;
    }
    assert.deepEqual(stream.finish().value, ['a😀é€b']);
  });

  test('surrogate pair split across text chunks', () => {
    const text = '["😀"]';
    const stream = new Validator(true).stream();
    for (const unit of text) {
      // Iterating a string yields code points; split each one into code units.
      for (let i = 0; i < unit.length; i++) {
        stream.feed(unit[i]);
      }
    }
    assert.deepEqual(stream.finish().value, ['😀']);
  });

  test('lone high surrogate at the end becomes U+FFFD', () => {
    const stream = new Validator(true).stream();
    stream.feed('["a\uD83D');
    stream.feed(new Uint8Array([0x22, 0x5d]));
    assert.deepEqual(stream.finish().value, ['a\uFFFD']);
  });

  test('number appears only when complete', () => {
    const stream = new Validator(true).stream();
    stream.feed('[12');
    assert.deepEqual(stream.partial, []);
    stream.feed('3');
    assert.deepEqual(stream.partial, []);
    stream.feed(',');
    assert.deepEqual(stream.partial, [123]);
  });

  test('key appears with its value, not before', () => {
    const stream = new Validator(true).stream();
    stream.feed('{"key"');
    assert.deepEqual(Object.keys(stream.partial), []);
    stream.feed(': ');
    assert.deepEqual(Object.keys(stream.partial), []);
    stream.feed('[');
    assert.deepEqual(stream.partial, { key: [] });
  });

  test('diverged stream keeps its error', () => {
    const stream = validator.stream();
    stream.feed('{"name": "Ann", ');
    const error = rejection(() => stream.feed('"age": "x"}'));
    assert.ok(error instanceof JsonseamError);
    assert.equal(error.offset, 23);
    assert.equal(stream.rejection, error);
    assert.deepEqual(stream.partial, { name: 'Ann' });
    assert.throws(() => stream.feed('more'), (again) => again === error);
    assert.throws(() => stream.finish(), (again) => again === error);
  });

  test('finished stream refuses more input', () => {
    const stream = validator.stream();
    stream.feed('{"name": "Ann"}');
    stream.finish();
    assert.throws(() => stream.feed(' '), /this stream is finished/);
    assert.throws(() => stream.finish(), /this stream is finished/);
  });

  test('streams of one validator are independent', () => {
    const first = validator.stream();
    const second = validator.stream();
    first.feed('{"name": "A');
    assert.throws(() => second.feed('{"name": 1'), JsonseamError);
    assert.deepEqual(first.partial, { name: 'A' });
    first.feed('nn"}');
    assert.equal(first.finish().text, '{"name":"Ann"}');
  });
});
