// Streaming: a 3 KB and a 30 KB model response arrive in small chunks, and the caller reads
// the value received so far after every chunk. jsonseam feeds each chunk once and reads
// `stream.partial`, and the re-parsers (partial-json, the ai package's parsePartialJson)
// parse the whole prefix again after every chunk.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { generateResponse, splitIntoChunks } from './responses.mjs';
import { formatCount, formatRatio, formatTime, formatTiming, markdownTable } from './report.mjs';
import { measureGroup, pairedRatio } from './timing.mjs';

export const RESPONSE_SIZES = [3000, 30000];
export const CHUNK_SIZE = 16;

const ROWS = {
  partialEveryChunk: 'jsonseam, `partial` after every chunk',
  control: 'jsonseam, `partial` after every chunk, again (control)',
  feedOnly: 'jsonseam, feed only, value at the end',
  partialReads: 'jsonseam, `partial` reads alone, one per chunk',
  wholeResponse: 'jsonseam `validate(response)`, one call',
  partialJson: 'partial-json `parse(prefix)` after every chunk',
  aiParse: 'ai `await parsePartialJson(prefix)` after every chunk',
  partialJsonLast: 'partial-json `parse` of the last prefix, once',
  aiParseLast: 'ai `parsePartialJson` of the last prefix, once',
  jsonParse: '`JSON.parse(response)`, once',
};

// Streams `chunks` through a new jsonseam stream and reads the product count of
// `stream.partial` after every chunk.
function streamReadingPartial(validator, chunks) {
  const stream = validator.stream();
  let productCount = 0;
  for (const chunk of chunks) {
    stream.feed(chunk);
    productCount = stream.partial?.results?.length ?? 0;
  }
  return [stream.finish().value, productCount];
}

function streamCalls(context, validator, response, chunks) {
  const { partialJsonParse, parsePartialJson } = context;
  // A stream that has received the whole response, for timing the reads of `partial` alone.
  const fedStream = validator.stream();
  fedStream.feed(response.text);
  // The response without its last byte, the longest prefix that the re-parsers must complete.
  const lastPrefix = response.text.slice(0, -1);
  return [
    { name: ROWS.partialEveryChunk, run: () => streamReadingPartial(validator, chunks) },
    // The same call timed as its own row: its ratio to the first row shows the noise.
    { name: ROWS.control, run: () => streamReadingPartial(validator, chunks) },
    {
      name: ROWS.feedOnly,
      run: () => {
        const stream = validator.stream();
        for (const chunk of chunks) {
          stream.feed(chunk);
        }
        return stream.finish().value;
      },
    },
    {
      name: ROWS.partialReads,
      run: () => {
        let productCount = 0;
        for (let i = 0; i < chunks.length; i++) {
          productCount += fedStream.partial?.results?.length ?? 0;
        }
        return productCount;
      },
    },
    { name: ROWS.wholeResponse, run: () => validator.validate(response.text).value },
    {
      name: ROWS.partialJson,
      run: () => {
        let prefix = '';
        let value;
        let productCount = 0;
        for (const chunk of chunks) {
          prefix += chunk;
          value = partialJsonParse(prefix);
          productCount = value?.results?.length ?? 0;
        }
        return [value, productCount];
      },
    },
    {
      name: ROWS.aiParse,
      run: async () => {
        let prefix = '';
        let value;
        let productCount = 0;
        for (const chunk of chunks) {
          prefix += chunk;
          ({ value } = await parsePartialJson(prefix));
          productCount = value?.results?.length ?? 0;
        }
        return [value, productCount];
      },
    },
    { name: ROWS.partialJsonLast, run: () => partialJsonParse(lastPrefix) },
    { name: ROWS.aiParseLast, run: () => parsePartialJson(lastPrefix) },
    { name: ROWS.jsonParse, run: () => JSON.parse(response.text) },
  ];
}

// Runs each streaming contender once, untimed, and checks that its final value equals
// JSON.parse's and that no prefix made it throw. Returns the failed checks as sentences.
async function checkStreaming(context, validator, response, chunks) {
  const { partialJsonParse, parsePartialJson } = context;
  const label = `the ${formatCount(response.bytes)}-byte response`;
  const failures = [];

  const stream = validator.stream();
  let firstPartial;
  let replacedPartial = false;
  for (const chunk of chunks) {
    stream.feed(chunk);
    firstPartial ??= stream.partial;
    replacedPartial ||= stream.partial !== firstPartial;
  }
  if (replacedPartial) {
    failures.push(`jsonseam's \`partial\` became a different object while ${label} streamed in`);
  }
  const result = stream.finish();
  if (!isDeepStrictEqual(result.value, response.value) || result.status !== 'valid') {
    failures.push(`jsonseam's streamed value of ${label} differs from JSON.parse's, or its status ${result.status} is not valid`);
  }

  let prefix = '';
  let partialJsonErrors = 0;
  let aiFailures = 0;
  let partialJsonValue;
  let aiValue;
  for (const chunk of chunks) {
    prefix += chunk;
    try {
      partialJsonValue = partialJsonParse(prefix);
    } catch {
      partialJsonErrors++;
    }
    const parsed = await parsePartialJson(prefix);
    if (parsed.state === 'failed-parse') {
      aiFailures++;
    }
    aiValue = parsed.value;
  }
  if (partialJsonErrors > 0 || !isDeepStrictEqual(partialJsonValue, response.value)) {
    failures.push(`partial-json threw on ${partialJsonErrors} prefixes of ${label}, or its final value differs from JSON.parse's`);
  }
  if (aiFailures > 0 || !isDeepStrictEqual(aiValue, response.value)) {
    failures.push(`ai's parsePartialJson failed on ${aiFailures} prefixes of ${label}, or its final value differs from JSON.parse's`);
  }
  return failures;
}

/**
 * Measures both response sizes in one group, so that their growth is a ratio of samples from
 * the same rounds, and returns `{ summary, markdown, checks }`.
 */
export async function benchmarkStreaming(context) {
  const { Validator, Ajv2020, timing } = context;
  const schema = JSON.parse(readFileSync(join(context.benchDir, 'product-response.schema.json'), 'utf8'));
  const validator = new Validator(schema);
  const ajvValidate = new Ajv2020({ strict: false }).compile(schema);

  const checks = [];
  const sizes = [];
  for (const size of RESPONSE_SIZES) {
    const response = generateResponse(size);
    const chunks = splitIntoChunks(response.text, CHUNK_SIZE);
    if (!ajvValidate(response.value)) {
      checks.push(`ajv rejected the generated ${response.bytes}-byte response: ${JSON.stringify(ajvValidate.errors?.[0])}`);
    }
    checks.push(...(await checkStreaming(context, validator, response, chunks)));
    sizes.push({ response, chunks });
  }

  console.log(`streaming: responses of ${sizes.map(({ response, chunks }) => `${response.bytes} bytes in ${chunks.length} chunks`).join(' and ')}`);
  // Each call is named `${row}|${index of its size}` within the one group.
  const calls = sizes.flatMap(({ response, chunks }, index) =>
    streamCalls(context, validator, response, chunks).map((call) => ({ ...call, name: `${call.name}|${index}` })),
  );
  const timings = await measureGroup(calls, timing.streaming);
  const measured = sizes.map(({ response, chunks }, index) => ({
    response,
    chunks: chunks.length,
    timings: timings
      .filter((entry) => entry.name.endsWith(`|${index}`))
      .map((entry) => ({ ...entry, name: entry.name.slice(0, entry.name.lastIndexOf('|')) })),
  }));
  validator.free();
  return { summary: summarize(measured), markdown: render(measured), checks };
}

function timingOf(entry, name) {
  return entry.timings.find((timing) => timing.name === name);
}

function growth(small, large, name) {
  const ratio = pairedRatio(timingOf(large, name), timingOf(small, name));
  const exponent = Math.log(ratio) / Math.log(large.response.bytes / small.response.bytes);
  return { ratio, exponent };
}

function summarize(measured) {
  const [small, large] = measured;
  const bytesRatio = large.response.bytes / small.response.bytes;
  const growthOf = (name) => formatRatio(growth(small, large, name).ratio);
  const relativeTo = (name, baseline) => formatRatio(pairedRatio(timingOf(large, name), timingOf(large, baseline)));
  const chunksRatio = large.chunks / small.chunks;
  return [
    `Streaming in ${CHUNK_SIZE}-character chunks, the 30 KB response against the 3 KB one (${formatRatio(bytesRatio)} the bytes): jsonseam with \`partial\` read after every chunk took ${growthOf(ROWS.partialEveryChunk)} the time, feeding alone ${growthOf(ROWS.feedOnly)}, partial-json re-parsing every prefix ${growthOf(ROWS.partialJson)} and ai's \`parsePartialJson\` ${growthOf(ROWS.aiParse)}.`,
    `On the 30 KB response, jsonseam with \`partial\` after every chunk took ${relativeTo(ROWS.partialEveryChunk, ROWS.partialJson)} the time of partial-json and ${relativeTo(ROWS.partialEveryChunk, ROWS.aiParse)} the time of ai's \`parsePartialJson\`. Its mean cost per chunk was ${formatTime(timingOf(large, ROWS.partialEveryChunk).median / large.chunks)}, while one re-parse of the last prefix took ${formatTime(timingOf(large, ROWS.partialJsonLast).median)} (partial-json) and ${formatTime(timingOf(large, ROWS.aiParseLast).median)} (ai).`,
    `A cost that grows with the square of the response would have grown ${formatRatio(chunksRatio ** 2)}. One re-parse of the last prefix grew ${growthOf(ROWS.partialJsonLast)} (partial-json) and ${growthOf(ROWS.aiParseLast)} (ai) for ${formatRatio(bytesRatio)} the bytes, and a response needs ${formatRatio(chunksRatio)} as many re-parses.`,
    `Reading \`stream.partial\` rebuilds nothing: the getter returns the one value that the stream extends from the events of each \`feed\` (bindings/wasm/js/api.js and tape.js), so feeding builds that value whether or not the caller reads it. The ${formatCount(large.chunks)} reads of the 30 KB response, timed alone, took ${formatTime(timingOf(large, ROWS.partialReads).median)}. With them, streaming that response took ${formatTime(timingOf(large, ROWS.partialEveryChunk).median)}, and ${formatTime(timingOf(large, ROWS.feedOnly).median)} without them (${relativeTo(ROWS.partialEveryChunk, ROWS.feedOnly)}), while the control, the same call measured twice, gave ${relativeTo(ROWS.control, ROWS.partialEveryChunk)}.`,
  ];
}

function render(measured) {
  const [small, large] = measured;
  const bytesRatio = large.response.bytes / small.response.bytes;
  const responseRows = measured.map((entry) => [
    formatCount(entry.response.bytes),
    String(entry.response.products),
    String(entry.chunks),
    String(entry.timings[0].rounds),
  ]);

  const names = small.timings.map((timing) => timing.name);
  const timingRows = names.map((name) => {
    const cells = [name];
    for (const entry of measured) {
      const timing = timingOf(entry, name);
      cells.push(formatTiming(timing), formatRatio(pairedRatio(timing, timingOf(entry, ROWS.partialEveryChunk))));
    }
    const { ratio, exponent } = growth(small, large, name);
    cells.push(formatRatio(ratio), exponent.toFixed(2));
    return cells;
  });

  const perChunkRows = [ROWS.partialEveryChunk, ROWS.feedOnly, ROWS.partialJson, ROWS.aiParse].map((name) => [
    name,
    ...measured.map((entry) => formatTime(timingOf(entry, name).median / entry.chunks)),
  ]);

  return [
    '## Streaming',
    '',
    `The responses are a shopping assistant's product list, generated by \`benches/node/responses.mjs\` with a fixed seed and valid against \`benches/node/product-response.schema.json\`: pretty-printed JSON with a two-space indent, mostly ASCII with a few accented letters, an en dash and a degree sign. Each one arrives as a string split into chunks of ${CHUNK_SIZE} UTF-16 code units.`,
    '',
    markdownTable(['response bytes', 'products', 'chunks', 'rounds'], responseRows, ['r', 'r', 'r', 'r']),
    '',
    'jsonseam runs with the default options (extraction and lossless repairs), as for model output, and with the schema compiled beforehand. After every chunk each contender reads the number of products in the value so far, as a form that renders the list would. The re-parsers append the chunk to the prefix and parse the whole prefix: `parse` of partial-json with its default `Allow.ALL`, and `parsePartialJson` of ai, which is async, so every call is awaited. jsonseam keeps one value and extends it, while the re-parsers return a new value after every chunk. The calls, one per response:',
    '',
    markdownTable(
      ['row', 'one call'],
      [
        [ROWS.partialEveryChunk, '`stream.feed(chunk)` and `stream.partial` for every chunk, then `finish()`'],
        [ROWS.control, 'the same call again, timed as its own row: its distance from 1.00× shows the noise of the ratios'],
        [ROWS.feedOnly, '`stream.feed(chunk)` for every chunk, then `finish().value`'],
        [ROWS.partialReads, 'as many reads of `stream.partial` and its product count as there are chunks, on a stream that has received the whole response'],
        [ROWS.wholeResponse, 'the whole response in one call, for the per-chunk overhead'],
        [ROWS.partialJson, 'append the chunk, `parse(prefix)`'],
        [ROWS.aiParse, 'append the chunk, `await parsePartialJson(prefix)`'],
        [ROWS.partialJsonLast, 'one parse of the response without its last byte, which is what the last update costs'],
        [ROWS.aiParseLast, 'the same with `await parsePartialJson`'],
        [ROWS.jsonParse, 'the whole response parsed once, for scale'],
      ],
      ['l', 'l'],
    ),
    '',
    `Times as median (minimum) per response, ratios to the first row at the same size, and the growth from the 3 KB to the 30 KB response (${formatRatio(bytesRatio)} the bytes). The exponent is log(time ratio) / log(bytes ratio): 1 is linear and 2 quadratic.`,
    '',
    markdownTable(
      ['row', '3 KB', 'ratio', '30 KB', 'ratio', '30 KB / 3 KB', 'exponent'],
      timingRows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    'Mean time per chunk (median time per response divided by the number of chunks):',
    '',
    markdownTable(['row', '3 KB', '30 KB'], perChunkRows, ['l', 'r', 'r']),
  ].join('\n');
}
