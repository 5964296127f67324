// Runs every case in corpus/ through the built Node package: whole, in the chunkings of the
// Rust corpus test, as text chunks where the input is UTF-8, and through isValid. Every
// way of feeding a case must give the same outcome, and that outcome must match
// expected.json.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { JsonseamError, Validator } from '../pkg/node/index.mjs';
import {
  CHUNKINGS,
  asText,
  assertEntries,
  assertGrows,
  chunk,
  loadCorpus,
  optionsFromCorpus,
  run,
  summary,
} from './helpers.mjs';

const cases = loadCorpus();

test('corpus has cases', () => {
  assert.ok(cases.length >= 12, `found ${cases.length} cases in corpus/`);
});

function checkValid(outcome, expected) {
  assert.equal(outcome.error, undefined, `rejected: ${outcome.error?.message}`);
  const { result } = outcome;
  assert.equal(result.text, expected.output);
  // The value is built from events, so it must equal what JSON.parse makes of the text.
  assert.deepEqual(result.value, JSON.parse(expected.output));
  if (expected.status !== undefined) {
    assert.equal(result.status, expected.status);
  }
  if (expected.stripped !== undefined) {
    assertEntries(result.stripped, expected.stripped, 'stripped');
  }
  if (expected.repairs !== undefined) {
    assertEntries(result.repairs, expected.repairs, 'repairs');
  }
}

function checkRejected(outcome, expected) {
  assert.equal(outcome.result, undefined, `accepted as ${outcome.result?.text}`);
  const { error } = outcome;
  assert.ok(error instanceof JsonseamError, `threw ${error}`);
  assert.ok(error instanceof Error);
  assert.equal(error.kind, expected.kind, error.message);
  assert.equal(error.offset, expected.offset, error.message);
  assert.equal(error.instancePath, expected.instance_path, error.message);
  if (expected.schema_path !== undefined) {
    assert.equal(error.schemaPath, expected.schema_path, error.message);
  }
  assert.equal(typeof error.schemaPath, 'string');
  assert.ok(error.expected.length > 0, `empty expected: ${error.message}`);
  assert.ok(error.found.length > 0, `empty found: ${error.message}`);
  assert.ok(error.message.includes(`at byte ${expected.offset}`), error.message);
}

describe('corpus', () => {
  for (const { name, schemaText, input, expected } of cases) {
    test(name, () => {
      const validator = new Validator(schemaText, optionsFromCorpus(expected.options));
      const check = expected.valid ? checkValid : checkRejected;

      assert.equal(validator.isValid(input), expected.valid, 'isValid');

      const whole = run(validator, [input]);
      check(whole, expected);

      for (const chunking of CHUNKINGS.slice(1)) {
        const outcome = run(validator, chunk(input, chunking));
        assert.deepEqual(summary(outcome), summary(whole), `${chunking.name} differs from whole`);
      }

      // Partial values only grow, and end at the final value. A repeated key replaces
      // its value, which is the documented exception. Long inputs are fed in pieces of
      // at least 1/2000 of their length, to keep the comparisons of long strings cheap.
      if (!expected.options?.allow_duplicate_keys) {
        const size = Math.max(1, Math.ceil(input.length / 2000));
        const { result, snapshots } = run(validator, chunk(input, { size }), { snapshots: true });
        for (let i = 1; i < snapshots.length; i++) {
          assertGrows(snapshots[i - 1], snapshots[i], `after chunk ${i} of ${size} bytes`);
        }
        if (result !== undefined) {
          assertGrows(snapshots[snapshots.length - 1], result.value);
        }
      }

      const text = asText(input);
      if (text !== null) {
        assert.equal(validator.isValid(text), expected.valid, 'isValid(text)');
        for (const chunking of CHUNKINGS) {
          const outcome = run(validator, chunk(text, chunking));
          assert.deepEqual(summary(outcome), summary(whole), `text in ${chunking.name} chunks differs from bytes`);
        }
      }
    });
  }
});
