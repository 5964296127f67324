// Whole documents: jsonseam's strict validate(text) against JSON.parse with a compiled
// ajv validator and JSON.parse alone, on the benchmark files twitter.json,
// citm_catalog.json and canada.json with the schemas in benches/schemas/.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { formatCount, formatRatio, formatTiming, markdownTable } from './report.mjs';
import { measureGroup, pairedRatio } from './timing.mjs';

export const DOCUMENT_NAMES = ['twitter', 'citm_catalog', 'canada'];

const BASELINE = '`JSON.parse` + ajv';
const CONTROL = '`JSON.parse` + ajv again (control)';

function loadDocument(context, name) {
  const path = join(context.dataDir, `${name}.json`);
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(
      `failed to read the benchmark file ${path} (${error.code}). Pass the folder that contains ${DOCUMENT_NAMES.map((file) => `${file}.json`).join(', ')} with --data.`,
    );
  }
  const schema = JSON.parse(readFileSync(join(context.root, 'benches', 'schemas', `${name}.schema.json`), 'utf8'));
  return { name, bytes, text: bytes.toString('utf8'), schema };
}

// Checks once, untimed, that every contender accepts the document and that jsonseam's value
// equals JSON.parse's. Returns the failed checks as sentences.
function checkDocument(document, validator, ajvValidate) {
  const failures = [];
  const parsed = JSON.parse(document.text);
  if (!ajvValidate(parsed)) {
    failures.push(`ajv rejected ${document.name}.json: ${JSON.stringify(ajvValidate.errors?.[0])}`);
  }
  try {
    const result = validator.validate(document.text);
    if (result.status !== 'valid') {
      failures.push(`jsonseam returned the status ${result.status} for ${document.name}.json, expected valid`);
    }
    if (!isDeepStrictEqual(result.value, parsed)) {
      failures.push(`jsonseam's value for ${document.name}.json differs from JSON.parse's`);
    }
  } catch (error) {
    failures.push(`jsonseam rejected ${document.name}.json: ${error.message}`);
  }
  if (!validator.isValid(document.text)) {
    failures.push(`jsonseam isValid returned false for ${document.name}.json`);
  }
  return failures;
}

function documentCalls(document, validator, ajvValidate) {
  const { text, bytes } = document;
  return [
    { name: 'jsonseam `validate(text)`', run: () => validator.validate(text) },
    { name: 'jsonseam `validate(bytes)`', run: () => validator.validate(bytes) },
    { name: 'jsonseam `isValid(text)`', run: () => validator.isValid(text) },
    { name: BASELINE, run: () => ajvValidate(JSON.parse(text)) },
    // The same call as BASELINE timed as its own row: its ratio shows the noise.
    { name: CONTROL, run: () => ajvValidate(JSON.parse(text)) },
    { name: '`JSON.parse` alone', run: () => JSON.parse(text) },
  ];
}

/** Measures the whole-document group of each file and returns `{ summary, markdown, checks }`. */
export async function benchmarkDocuments(context) {
  const { Validator, Ajv2020, timing } = context;
  const measured = [];
  const checks = [];
  for (const name of DOCUMENT_NAMES) {
    const document = loadDocument(context, name);
    const validator = new Validator(document.schema, { strict: true });
    const ajvValidate = new Ajv2020({ strict: false }).compile(document.schema);
    checks.push(...checkDocument(document, validator, ajvValidate));

    console.log(`documents: ${name}.json`);
    const timings = await measureGroup(documentCalls(document, validator, ajvValidate), timing.documents);
    measured.push({ document, timings });
    validator.free();
  }
  return { summary: summarize(measured), markdown: render(measured), checks };
}

function timingOf(entry, name) {
  return entry.timings.find((timing) => timing.name === name);
}

function summarize(measured) {
  const names = measured.map((entry) => entry.document.name).join(', ');
  const ratios = (row, baseline) =>
    measured.map((entry) => formatRatio(pairedRatio(timingOf(entry, row), timingOf(entry, baseline)))).join(', ');
  const validateRow = 'jsonseam `validate(text)`';
  return [
    `Whole documents (${names}): jsonseam \`validate(text)\` took ${ratios(validateRow, BASELINE)} the time of \`JSON.parse\` + ajv, and ${ratios(validateRow, '`JSON.parse` alone')} the time of \`JSON.parse\` alone. \`isValid(text)\`, which builds no value and no text, took ${ratios('jsonseam `isValid(text)`', BASELINE)} the time of \`JSON.parse\` + ajv.`,
  ];
}

function render(measured) {
  const documentRows = measured.map(({ document, timings }) => [
    `\`${document.name}.json\``,
    formatCount(document.bytes.length),
    String(timings[0].rounds),
  ]);
  const names = measured[0].timings.map((timing) => timing.name);
  const timingRows = names.map((name) => {
    const cells = [name];
    for (const entry of measured) {
      const timing = timingOf(entry, name);
      cells.push(formatTiming(timing), formatRatio(pairedRatio(timing, timingOf(entry, BASELINE))));
    }
    return cells;
  });
  const header = ['row'];
  for (const { document } of measured) {
    header.push(document.name, 'ratio');
  }

  return [
    '## Whole documents',
    '',
    markdownTable(['document', 'bytes', 'rounds'], documentRows, ['l', 'r', 'r']),
    '',
    'jsonseam runs with `{ strict: true }` (no extraction, no repairs), so it accepts only RFC 8259 JSON, and with the schema of the same name in `benches/schemas/`. ajv compiles the same schema with its draft 2020-12 class (`ajv/dist/2020.js`) and `strict: false`. The calls:',
    '',
    markdownTable(
      ['row', 'one call'],
      [
        ['jsonseam `validate(text)`', 'validate the file read as a string and build the result: the JavaScript value, the canonical text and the report'],
        ['jsonseam `validate(bytes)`', 'the same, from the file\'s bytes (a `Buffer`), which skips encoding the string to UTF-8'],
        ['jsonseam `isValid(text)`', 'validate only, no value and no text'],
        [BASELINE, '`JSON.parse(text)`, then the compiled ajv function on the value'],
        [CONTROL, 'the same call again, timed as its own row: its distance from 1.00× shows the noise of the ratios'],
        ['`JSON.parse` alone', 'parsing only, no schema'],
      ],
      ['l', 'l'],
    ),
    '',
    `Times as median (minimum) per call, and ratios to ${BASELINE} (below 1 is faster):`,
    '',
    markdownTable(header, timingRows, ['l', ...measured.flatMap(() => ['r', 'r'])]),
  ].join('\n');
}
