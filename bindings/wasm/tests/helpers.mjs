// Shared helpers of the package tests: paths, chunkings, corpus loading, and checks that a
// stream's partial value only grows.

import assert from 'node:assert/strict';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const wasmDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const pkgDir = path.join(wasmDir, 'pkg');
export const corpusDir = path.resolve(wasmDir, '../../corpus');

/** A small deterministic generator (SplitMix64, as in core/tests/common), so chunkings repeat. */
export class SplitMix {
  constructor(seed) {
    this.state = BigInt.asUintN(64, BigInt(seed));
  }

  next() {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }

  /** Returns a length in 1..=max. */
  length(max) {
    return 1 + Number(this.next() % BigInt(max));
  }
}

/** The chunkings of core/tests/common: whole, fixed sizes and seeded random sizes. */
export const CHUNKINGS = [
  { name: 'whole' },
  { name: '1-byte', size: 1 },
  { name: '4-byte', size: 4 },
  { name: 'random seed 1 max 16', seed: 1, max: 16 },
  { name: 'random seed 7 max 5', seed: 7, max: 5 },
  { name: 'random seed 42 max 64', seed: 42, max: 64 },
];

/** Cuts a Uint8Array or a string into chunks; a string is cut by UTF-16 code units. */
export function chunk(input, chunking) {
  if (chunking.size === undefined && chunking.seed === undefined) {
    return [input];
  }
  const random = chunking.seed === undefined ? null : new SplitMix(chunking.seed);
  const pieces = [];
  for (let at = 0; at < input.length; ) {
    const length = random === null ? chunking.size : random.length(chunking.max);
    pieces.push(input.slice(at, at + length));
    at += length;
  }
  return pieces;
}

/** Converts an expected.json `options` object (snake_case) into the package's options. */
export function optionsFromCorpus(options = {}) {
  const converted = {};
  for (const [name, value] of Object.entries(options)) {
    converted[name.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase())] = value;
  }
  return converted;
}

/** Loads every corpus case that has an expected.json, sorted by name. */
export function loadCorpus() {
  return readdirSync(corpusDir)
    .filter((name) => existsSync(path.join(corpusDir, name, 'expected.json')))
    .sort()
    .map((name) => {
      const dir = path.join(corpusDir, name);
      return {
        name,
        schemaText: readFileSync(path.join(dir, 'schema.json'), 'utf8'),
        input: new Uint8Array(readFileSync(path.join(dir, 'input.txt'))),
        expected: JSON.parse(readFileSync(path.join(dir, 'expected.json'), 'utf8')),
      };
    });
}

/** Decodes the input as UTF-8, or returns null when it is not valid UTF-8. */
export function asText(bytes) {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/**
 * Runs `chunks` through a new stream of `validator`. Returns `{ result }` or `{ error }`,
 * and the partial value after each accepted chunk when `snapshots` is set. Checks that a
 * diverged stream throws the same error again.
 */
export function run(validator, chunks, { snapshots = false } = {}) {
  const stream = validator.stream();
  const seen = [];
  try {
    for (const piece of chunks) {
      stream.feed(piece);
      if (snapshots) {
        seen.push(structuredClone(stream.partial));
      }
    }
    return { result: stream.finish(), snapshots: seen };
  } catch (error) {
    assert.equal(stream.rejection, error, 'stream.rejection is the thrown error');
    assert.throws(() => stream.feed('{}'), (again) => again === error, 'a diverged stream throws the same error again');
    return { error, snapshots: seen };
  }
}

/** The fields of an outcome that must not depend on how the input was cut. */
export function summary({ result, error }) {
  if (error !== undefined) {
    const { name, kind, offset, instancePath, schemaPath, expected, found, message } = error;
    return { error: { name, kind, offset, instancePath, schemaPath, expected, found, message } };
  }
  return { result };
}

/**
 * Asserts that `after` extends `before` the way a partial value may grow: equal scalars,
 * a string that starts with the earlier string, arrays and objects that keep every earlier
 * item or member (in order) and extend them.
 */
export function assertGrows(before, after, where = '') {
  if (before === undefined) {
    return;
  }
  if (typeof before === 'string') {
    assert.equal(typeof after, 'string', `${where || '/'}: a string was retyped`);
    assert.ok(after.startsWith(before), `${where || '/'}: string ${JSON.stringify(before)} became ${JSON.stringify(after)}`);
    return;
  }
  if (before === null || typeof before !== 'object') {
    assert.ok(Object.is(before, after), `${where || '/'}: ${String(before)} became ${String(after)}`);
    return;
  }
  if (Array.isArray(before)) {
    assert.ok(Array.isArray(after), `${where || '/'}: an array was retyped`);
    assert.ok(after.length >= before.length, `${where || '/'}: an array shrank`);
    before.forEach((item, index) => assertGrows(item, after[index], `${where}/${index}`));
    return;
  }
  assert.equal(typeof after, 'object', `${where || '/'}: an object was retyped`);
  assert.notEqual(after, null, `${where || '/'}: an object became null`);
  assert.ok(!Array.isArray(after), `${where || '/'}: an object became an array`);
  const beforeKeys = Object.keys(before);
  const afterKeys = Object.keys(after);
  assert.deepEqual(afterKeys.slice(0, beforeKeys.length), beforeKeys, `${where || '/'}: keys were removed or reordered`);
  for (const key of beforeKeys) {
    assertGrows(before[key], after[key], `${where}/${key}`);
  }
}

/** Asserts that each entry in `expected` matches `actual` on the fields the entry gives. */
export function assertEntries(actual, expected, label) {
  assert.equal(actual.length, expected.length, `${label}: ${JSON.stringify(actual)}`);
  expected.forEach((entry, index) => {
    for (const [field, value] of Object.entries(entry)) {
      assert.deepEqual(actual[index][field], value, `${label}[${index}].${field}: ${JSON.stringify(actual)}`);
    }
  });
}
