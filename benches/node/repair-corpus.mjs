// The repair corpus: every case of corpus/ whose name starts with `r-` (repairs) or `x-`
// (extraction), through jsonseam's validate with the default options and through
// jsonrepair, timed as one pass over all the cases and one over the short inputs.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { formatRatio, formatTime, formatTiming, markdownTable } from './report.mjs';
import { measureGroup, pairedRatio } from './timing.mjs';

const ROWS = {
  seamCompiled: 'jsonseam `validate(text)`, schemas compiled beforehand',
  seamWithCompile: 'jsonseam `new Validator(schema)` + `validate(text)`',
  jsonrepair: '`jsonrepair(text)`',
  control: '`jsonrepair(text)` again (control)',
  jsonrepairParse: '`JSON.parse(jsonrepair(text))`',
};

// Inputs up to this size look like ordinary model output. The few longer ones test the
// limits on whitespace runs and repairs, and they take a large share of a pass over all
// cases.
const SHORT_INPUT_BYTES = 4096;

function loadCases(root) {
  const corpus = join(root, 'corpus');
  const names = readdirSync(corpus)
    .filter((name) => name.startsWith('r-') || name.startsWith('x-'))
    .sort();
  return names.map((name) => {
    const folder = join(corpus, name);
    const bytes = readFileSync(join(folder, 'input.txt'));
    return {
      name,
      bytes: bytes.length,
      schemaText: readFileSync(join(folder, 'schema.json'), 'utf8'),
      // Both libraries get the same string. The few inputs with invalid UTF-8 on purpose
      // therefore arrive with U+FFFD in place of the invalid bytes.
      text: bytes.toString('utf8'),
      validUtf8: Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes),
      expected: JSON.parse(readFileSync(join(folder, 'expected.json'), 'utf8')),
    };
  });
}

function validateOrReject(JsonseamError, validator, text) {
  try {
    return validator.validate(text);
  } catch (error) {
    if (error instanceof JsonseamError) {
      return error;
    }
    throw error;
  }
}

function repairOrThrow(jsonrepair, text) {
  try {
    return jsonrepair(text);
  } catch (error) {
    return error;
  }
}

// The calls of one pass over `cases`, each named `${row}|${label}`.
function corpusCalls(context, cases, validators, label) {
  const { Validator, JsonseamError, jsonrepair } = context;
  const calls = [
    {
      name: ROWS.seamCompiled,
      run: () => cases.map((testCase, i) => validateOrReject(JsonseamError, validators[i], testCase.text)),
    },
    {
      name: ROWS.seamWithCompile,
      run: () =>
        cases.map((testCase) => {
          const validator = new Validator(testCase.schemaText);
          const outcome = validateOrReject(JsonseamError, validator, testCase.text);
          validator.free();
          return outcome;
        }),
    },
    { name: ROWS.jsonrepair, run: () => cases.map((testCase) => repairOrThrow(jsonrepair, testCase.text)) },
    // The same call timed as its own row: its ratio to the row above shows the noise.
    { name: ROWS.control, run: () => cases.map((testCase) => repairOrThrow(jsonrepair, testCase.text)) },
    {
      name: ROWS.jsonrepairParse,
      run: () =>
        cases.map((testCase) => {
          const repaired = repairOrThrow(jsonrepair, testCase.text);
          return typeof repaired === 'string' ? JSON.parse(repaired) : repaired;
        }),
    },
  ];
  return calls.map((call) => ({ ...call, name: `${call.name}|${label}` }));
}

function parseOrUndefined(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

// Runs every case once, untimed, and counts the outcomes of both libraries. jsonseam runs
// with the default options, so the cases whose expected.json sets options are counted
// apart, because their expected results assume other options.
function countOutcomes(context, cases, validators) {
  const { JsonseamError, jsonrepair } = context;
  const counts = {
    cases: cases.length,
    withOptions: 0,
    invalidUtf8: 0,
    expectedValid: 0,
    seamAccepted: 0,
    seamAgrees: 0,
    seamSameValue: 0,
    repairReturned: 0,
    repairSameValue: 0,
    repairReturnedForInvalid: 0,
    defaultCases: 0,
  };
  cases.forEach((testCase, i) => {
    const { expected } = testCase;
    counts.invalidUtf8 += testCase.validUtf8 ? 0 : 1;
    if (expected.options !== undefined) {
      counts.withOptions++;
      return;
    }
    counts.defaultCases++;
    const expectedValue = expected.valid ? parseOrUndefined(expected.output) : undefined;
    counts.expectedValid += expected.valid ? 1 : 0;

    const outcome = validateOrReject(JsonseamError, validators[i], testCase.text);
    const accepted = !(outcome instanceof JsonseamError);
    counts.seamAccepted += accepted ? 1 : 0;
    counts.seamAgrees += accepted === expected.valid ? 1 : 0;
    counts.seamSameValue += accepted && expected.valid && isDeepStrictEqual(outcome.value, expectedValue) ? 1 : 0;

    const repaired = repairOrThrow(jsonrepair, testCase.text);
    if (typeof repaired === 'string') {
      counts.repairReturned++;
      if (expected.valid && isDeepStrictEqual(parseOrUndefined(repaired), expectedValue)) {
        counts.repairSameValue++;
      }
      if (!expected.valid) {
        counts.repairReturnedForInvalid++;
      }
    }
  });
  return counts;
}

/** Measures passes over the repair corpus and returns `{ summary, markdown, checks }`. */
export async function benchmarkRepairCorpus(context) {
  const { Validator, timing } = context;
  const cases = loadCases(context.root);
  if (cases.length === 0) {
    throw new Error(`no case whose name starts with r- or x- in ${join(context.root, 'corpus')}`);
  }
  const validators = cases.map((testCase) => new Validator(testCase.schemaText));
  const counts = countOutcomes(context, cases, validators);

  const shortIndexes = cases.flatMap((testCase, i) => (testCase.bytes <= SHORT_INPUT_BYTES ? [i] : []));
  const subsets = {
    all: { cases, validators },
    short: { cases: shortIndexes.map((i) => cases[i]), validators: shortIndexes.map((i) => validators[i]) },
  };

  console.log(`repair corpus: ${cases.length} cases, ${subsets.short.cases.length} of at most ${SHORT_INPUT_BYTES} bytes`);
  const calls = Object.entries(subsets).flatMap(([label, subset]) =>
    corpusCalls(context, subset.cases, subset.validators, label),
  );
  const timings = await measureGroup(calls, timing.repairCorpus);
  for (const validator of validators) {
    validator.free();
  }
  const result = { timings, subsets, counts };
  return { summary: summarize(result), markdown: render(result), checks: [] };
}

// The timing of `row` over the subset `label`, with its mean per case.
function timingOf({ timings, subsets }, row, label) {
  const timing = timings.find((entry) => entry.name === `${row}|${label}`);
  return { ...timing, perCase: timing.median / subsets[label].cases.length };
}

function compare(result, label) {
  const seam = timingOf(result, ROWS.seamCompiled, label);
  const repair = timingOf(result, ROWS.jsonrepair, label);
  return `jsonseam \`validate\` took ${formatTime(seam.perCase)} per case and \`jsonrepair\` ${formatTime(repair.perCase)} (medians), and jsonseam took ${formatRatio(pairedRatio(seam, repair))} the time of jsonrepair (paired ratio)`;
}

function summarize(result) {
  const { subsets } = result;
  return [
    `Repair corpus, with each schema compiled beforehand: over all ${subsets.all.cases.length} cases ${compare(result, 'all')}. Over the ${subsets.short.cases.length} inputs of at most ${SHORT_INPUT_BYTES} bytes ${compare(result, 'short')}. jsonseam also checks the schema and builds the value, while jsonrepair returns text only.`,
  ];
}

function render(result) {
  const { subsets, counts } = result;
  const rows = Object.values(ROWS).map((row) => {
    const cells = [row];
    for (const label of Object.keys(subsets)) {
      const timing = timingOf(result, row, label);
      const baseline = timingOf(result, ROWS.jsonrepair, label);
      cells.push(formatTiming(timing), formatTime(timing.perCase), formatRatio(pairedRatio(timing, baseline)));
    }
    return cells;
  });
  const allCount = subsets.all.cases.length;
  const shortCount = subsets.short.cases.length;
  const disagreements = counts.defaultCases - counts.seamAgrees;
  return [
    '## Repair corpus',
    '',
    `The ${counts.cases} cases of \`corpus/\` whose names start with \`r-\` (repairs) or \`x-\` (extraction from prose, fences and tags): model output with defects, each with its schema. Both libraries get \`input.txt\` decoded as UTF-8 into a string; ${counts.invalidUtf8 === 1 ? 'one input contains' : `${counts.invalidUtf8} inputs contain`} invalid UTF-8 on purpose and so arrives with U+FFFD in its place. jsonseam runs with the default options (extraction and lossless repairs). jsonrepair has no schema and returns repaired text, so the last row adds \`JSON.parse\` to get a value as jsonseam does. The control row repeats \`jsonrepair(text)\`: its distance from 1.00× shows the noise of the ratios. A rejection or a thrown error counts as one call like any other result. ${result.timings[0].rounds} rounds.`,
    '',
    `Times for one pass as median (minimum), mean per case, and ratios to \`jsonrepair(text)\` over the same cases. The second pass leaves out the ${allCount - shortCount} inputs longer than ${SHORT_INPUT_BYTES} bytes, which test the limits on whitespace runs and on the number of repairs:`,
    '',
    markdownTable(
      ['row', `all ${allCount} cases`, 'per case', 'ratio', `${shortCount} short inputs`, 'per case', 'ratio'],
      rows,
      ['l', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
    '',
    `Outcomes, counted on the ${counts.defaultCases} cases whose \`expected.json\` sets no options (the other ${counts.withOptions} expect results under other options, such as lossy repairs or strict mode):`,
    '',
    markdownTable(
      ['outcome', 'cases'],
      [
        ['expected valid', String(counts.expectedValid)],
        ['jsonseam accepted', String(counts.seamAccepted)],
        ['jsonseam accepted or rejected as `expected.json` says', `${counts.seamAgrees} (${disagreements} differ)`],
        ['jsonseam value equal to the expected output', String(counts.seamSameValue)],
        ['jsonrepair returned text', String(counts.repairReturned)],
        ['jsonrepair text that parses to the expected output', String(counts.repairSameValue)],
        ['jsonrepair returned text for a case expected invalid', String(counts.repairReturnedForInvalid)],
      ],
      ['l', 'r'],
    ),
  ].join('\n');
}
