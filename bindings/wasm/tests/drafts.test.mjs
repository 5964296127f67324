// The draft, formatAssertion and resources options on the built Node package, and the two
// limits of this build: no embedded metaschemas and no look-around in patterns.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';

import { JsonseamError, SchemaError, Validator } from '../pkg/node/index.mjs';
import { wasmDir } from './helpers.mjs';

// `exclusiveMaximum: true` is the draft-04 form. `const` is not a draft-04 keyword, so read
// as draft 4 it is an unchecked annotation, while 2020-12 enforces it.
const draft4Schema = { type: 'number', maximum: 10, exclusiveMaximum: true, const: 3 };

const pointUri = 'https://example.com/point.json';
const point = { type: 'object', required: ['x'], properties: { x: { type: 'integer' } } };
const points = { type: 'array', items: { $ref: pointUri } };

function thrown(action) {
  try {
    action();
  } catch (error) {
    return error;
  }
  assert.fail('expected a thrown error');
}

describe('draft option', () => {
  test('draft 4 reads boolean exclusiveMaximum', () => {
    const validator = new Validator(draft4Schema, { draft: '4' });
    const error = thrown(() => validator.validate('10'));
    assert.ok(error instanceof JsonseamError);
    assert.equal(error.schemaPath, '/exclusiveMaximum');
    assert.equal(validator.validate('5').value, 5);
    assert.deepEqual(validator.uncheckedKeywords, ['/const']);
  });

  test('default follows the schema', () => {
    const lenient = new Validator(draft4Schema);
    assert.equal(thrown(() => lenient.validate('5')).schemaPath, '/const');
    const declared = new Validator({ $schema: 'http://json-schema.org/draft-04/schema#', ...draft4Schema });
    assert.equal(declared.isValid('5'), true);
    assert.equal(new Validator(draft4Schema, { draft: null }).isValid('5'), false);
  });

  test('names and $schema URIs are accepted', () => {
    for (const draft of ['4', '6', '7', '2019-09', '2020-12', 'http://json-schema.org/draft-04/schema#']) {
      assert.equal(new Validator(true, { draft }).isValid('1'), true, `draft ${draft}`);
    }
    assert.equal(new Validator(draft4Schema, { draft: 'http://json-schema.org/draft-04/schema#' }).isValid('5'), true);
  });

  test('unknown draft is a TypeError', () => {
    for (const draft of ['5', 'draft-04', 4]) {
      assert.throws(() => new Validator(true, { draft }), { name: 'TypeError', message: /"2019-09"/ }, `draft ${draft}`);
    }
  });
});

describe('formatAssertion option', () => {
  const schema = { type: 'string', format: 'date' };

  test('format is an annotation by default', () => {
    assert.equal(new Validator(schema).isValid('"2024-02-30"'), true);
  });

  test('format rejects only as an assertion', () => {
    const validator = new Validator(schema, { formatAssertion: true });
    assert.equal(validator.isValid('"2024-02-29"'), true);
    const error = thrown(() => validator.validate('"2024-02-30"'));
    assert.ok(error instanceof JsonseamError);
    assert.equal(error.kind, 'schema');
    assert.equal(error.schemaPath, '/format');
  });

  test('formatAssertion must be a boolean', () => {
    assert.throws(() => new Validator(schema, { formatAssertion: 'yes' }), { name: 'TypeError', message: /formatAssertion/ });
  });
});

describe('resources option', () => {
  for (const [name, document] of [['object', point], ['JSON text', JSON.stringify(point)]]) {
    test(`registered ref resolves, given as ${name}`, () => {
      const validator = new Validator(points, { resources: { [pointUri]: document } });
      assert.deepEqual(validator.validate('[{"x": 1}, {"x": 2}]').value, [{ x: 1 }, { x: 2 }]);
      const error = thrown(() => validator.validate('[{"x": 1}, {"x": "2"}]'));
      assert.ok(error instanceof JsonseamError);
      assert.equal(error.instancePath, '/1/x');
      assert.ok(error.schemaPath.startsWith(`${pointUri}#`), error.schemaPath);
    });
  }

  test('unregistered ref is unresolved_reference', () => {
    for (const options of [{}, { resources: { 'https://example.com/other.json': point } }]) {
      const error = thrown(() => new Validator(points, options));
      assert.ok(error instanceof SchemaError);
      assert.equal(error.kind, 'unresolved_reference');
      assert.equal(error.schemaPath, '/items/$ref');
    }
  });

  test('invalid resources are TypeErrors', () => {
    const cases = [
      [[point], /must be an object/],
      [{ 'point.json': point }, /"point.json" is not an absolute URI/],
      [{ [pointUri]: 3 }, /found a number/],
      [{ [pointUri]: '{"type": ' }, /is not valid JSON/],
    ];
    for (const [resources, message] of cases) {
      assert.throws(() => new Validator(points, { resources }), { name: 'TypeError', message }, JSON.stringify(resources));
    }
  });
});

describe('limits of the WebAssembly build', () => {
  const metaschemaUri = 'http://json-schema.org/draft-07/schema#';
  const metaschema = readFileSync(path.join(wasmDir, '../../core/src/schema/metaschemas/draft7.json'), 'utf8');

  test('metaschema ref needs a registered resource', () => {
    const error = thrown(() => new Validator({ $ref: metaschemaUri }));
    assert.ok(error instanceof SchemaError);
    assert.equal(error.kind, 'unresolved_reference');

    const validator = new Validator({ $ref: metaschemaUri }, { resources: { [metaschemaUri]: metaschema } });
    assert.equal(validator.isValid('{"type": "string"}'), true);
    assert.equal(validator.isValid('{"type": 12}'), false);
  });

  test('look-around pattern is invalid_pattern', () => {
    for (const pattern of ['(?<=a)b', 'a(?=b)', '(a)\\1']) {
      const error = thrown(() => new Validator({ type: 'string', pattern }));
      assert.ok(error instanceof SchemaError, pattern);
      assert.equal(error.kind, 'invalid_pattern', pattern);
    }
  });
});

describe('maxCandidates option', () => {
  // Two anyOf members per level, each demanding the same schema of its items.
  const member = { type: 'array', items: { $ref: '#/$defs/n' } };
  const schema = { $defs: { n: { anyOf: [member, { ...member, minItems: 0 }] } }, $ref: '#/$defs/n' };
  const document = '['.repeat(40) + ']'.repeat(40);

  test('the default leaves room, a small limit is a candidate_limit rejection', () => {
    assert.equal(new Validator(schema).isValid(document), true);
    const error = thrown(() => new Validator(schema, { maxCandidates: 20 }).validate(document));
    assert.ok(error instanceof JsonseamError);
    assert.equal(error.kind, 'candidate_limit');
    assert.match(error.expected, /maxCandidates|max_candidates/);
  });
});

describe('pattern tables of this build', () => {
  test('general categories compile, binary properties do not', () => {
    assert.equal(new Validator({ pattern: '^\\p{L}+$' }).isValid('"héllo"'), true);
    const error = thrown(() => new Validator({ pattern: '^\\p{Alphabetic}+$' }));
    assert.ok(error instanceof SchemaError);
    assert.equal(error.kind, 'invalid_pattern');
  });
});
