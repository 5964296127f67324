// consumeReadableStream and Validator.validateStream on the built Node package: web
// ReadableStreams of text and bytes, fetch Response bodies and Node.js streams, and that
// reading stops at the first divergence.

import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';

import { JsonseamError, Validator, consumeReadableStream } from '../pkg/node/index.mjs';

const schema = {
  type: 'object',
  properties: { city: { type: 'string' }, days: { type: 'integer', maximum: 14 } },
  required: ['city', 'days'],
};
const validator = new Validator(schema);

/**
 * Creates a pull-based ReadableStream over `chunks` that records how many chunks were
 * pulled and why it was cancelled.
 */
function recordingStream(chunks) {
  const record = { pulled: 0, cancelReason: undefined };
  const stream = new ReadableStream(
    {
      pull(controller) {
        if (record.pulled === chunks.length) {
          controller.close();
          return;
        }
        controller.enqueue(chunks[record.pulled]);
        record.pulled += 1;
      },
      cancel(reason) {
        record.cancelReason = reason;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, record };
}

describe('consumeReadableStream', () => {
  test('text chunks give the validate result', async () => {
    const chunks = ['Here you go:\n```json\n{"ci', 'ty": "Oslo", ', '"days": 3}\n```'];
    const { stream } = recordingStream(chunks);
    const result = await consumeReadableStream(validator, stream);
    assert.deepEqual(result, validator.validate(chunks.join('')));
    assert.deepEqual(result.value, { city: 'Oslo', days: 3 });
  });

  test('byte chunks split inside a character', async () => {
    const bytes = new TextEncoder().encode('{"city": "Zürich", "days": 2}');
    const chunks = Array.from(bytes, (byte) => new Uint8Array([byte]));
    const { stream } = recordingStream(chunks);
    const result = await consumeReadableStream(validator, stream);
    assert.deepEqual(result.value, { city: 'Zürich', days: 2 });
  });

  test('divergence cancels the source and stops reading', async () => {
    const chunks = ['{"city": "Oslo", ', '"days": 30', ', ', ...Array.from({ length: 100 }, () => ' ')];
    const { stream, record } = recordingStream(chunks);
    await assert.rejects(consumeReadableStream(validator, stream), (error) => {
      assert.ok(error instanceof JsonseamError);
      assert.equal(error.kind, 'schema');
      assert.equal(error.instancePath, '/days');
      assert.equal(error.offset, 27);
      assert.equal(record.cancelReason, error, 'the source is cancelled with the error');
      return true;
    });
    // The maximum is decided at the comma after 30, in the third chunk.
    assert.equal(record.pulled, 3);
    assert.equal(stream.locked, false, 'the reader lock is released');
  });

  test('truncated source is a truncated rejection', async () => {
    const { stream } = recordingStream(['{"city": "Oslo"']);
    await assert.rejects(consumeReadableStream(validator, stream), { name: 'JsonseamError', kind: 'truncated', offset: 15 });
  });

  test('source error is passed through', async () => {
    const failure = new Error('connection reset');
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue('{"city": ');
        controller.error(failure);
      },
    });
    await assert.rejects(consumeReadableStream(validator, stream), (error) => error === failure);
  });

  test('fetch Response body', async () => {
    const response = new Response('{"city": "Oslo", "days": 3}');
    const result = await consumeReadableStream(validator, response.body);
    assert.equal(result.text, '{"city":"Oslo","days":3}');
  });

  test('onProgress sees the partial value grow', async () => {
    const { stream } = recordingStream(['{"city": "Os', 'lo", "da', 'ys": 3}']);
    const seen = [];
    await consumeReadableStream(validator, stream, {
      onProgress: (progress) => seen.push(structuredClone(progress.partial)),
    });
    assert.deepEqual(seen, [{ city: 'Os' }, { city: 'Oslo' }, { city: 'Oslo', days: 3 }]);
  });

  test('Node.js stream as async iterable', async () => {
    const result = await consumeReadableStream(validator, Readable.from(['{"city": ', '"Oslo", "days": 3}']));
    assert.deepEqual(result.value, { city: 'Oslo', days: 3 });
  });

  test('Node.js stream is destroyed at divergence', async () => {
    const source = Readable.from(['{"city": 1', ', "days": 3}']);
    await assert.rejects(consumeReadableStream(validator, source), { kind: 'schema', offset: 9 });
    assert.equal(source.destroyed, true);
  });

  test('validateStream method', async () => {
    const { stream } = recordingStream(['{"city": "Oslo", "days": 3}']);
    const result = await validator.validateStream(stream);
    assert.equal(result.status, 'valid');
  });

  test('non-stream argument is a TypeError', async () => {
    await assert.rejects(consumeReadableStream(validator, '{"city": "Oslo"}'), TypeError);
    await assert.rejects(consumeReadableStream(validator, null), TypeError);
  });
});
