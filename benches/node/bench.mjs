// Measures the Node.js build of the npm package `jsonseam` (bindings/wasm/pkg) against
// npm packages that do part of its work, and writes docs/benchmarks-node.md.
//
// Usage (run.sh builds the package, installs the peers and runs this):
//   node --expose-gc benches/node/bench.mjs --prefix DIR [--output FILE] [--data DIR]
//       [--budget SECONDS] [--command TEXT]
//
// --prefix   folder where `npm ci --prefix` installed this folder's package.json (required)
// --output   the page to write (default docs/benchmarks-node.md in the repository)
// --data     folder of twitter.json, citm_catalog.json and canada.json
//            (default shared/data/bench beside the repository)
// --budget   seconds of timed rounds per group of calls (default 30). There are 5 groups,
//            and the streaming group gets twice the budget.
// --command  the command to name in the page (default this node command line)

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { benchmarkDocuments } from './documents.mjs';
import { benchmarkRepairCorpus } from './repair-corpus.mjs';
import {
  describeCommit,
  describeMachine,
  formatCount,
  installedVersion,
  loadAverage,
  markdownTable,
} from './report.mjs';
import { benchmarkStreaming } from './streaming.mjs';
import { TIMING_DEFAULTS } from './timing.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const root = resolve(benchDir, '..', '..');
const PEERS = ['ajv', 'partial-json', 'ai', 'jsonrepair'];

function readOptions() {
  const { values } = parseArgs({
    options: {
      prefix: { type: 'string' },
      output: { type: 'string', default: join(root, 'docs', 'benchmarks-node.md') },
      data: { type: 'string', default: join(root, '..', 'shared', 'data', 'bench') },
      budget: { type: 'string', default: '30' },
      command: { type: 'string' },
    },
  });
  if (values.prefix === undefined) {
    throw new Error('missing --prefix DIR. Pass the folder where run.sh installed the peer packages, or run benches/node/run.sh.');
  }
  const budgetSeconds = Number(values.budget);
  if (!(budgetSeconds > 0)) {
    throw new Error(`invalid --budget ${values.budget}: expected a positive number of seconds`);
  }
  return { ...values, prefix: resolve(values.prefix), data: resolve(values.data), budgetSeconds };
}

// Loads the peers with require() from the scratch folder, so nothing is installed in the
// repository. jsonrepair and ai therefore run their CommonJS builds.
function loadPeers(prefix) {
  const nodeModules = join(prefix, 'node_modules');
  for (const name of PEERS) {
    if (!existsSync(join(nodeModules, name))) {
      throw new Error(`${name} not found in ${nodeModules}. Run benches/node/run.sh, which installs it there.`);
    }
  }
  const require = createRequire(join(prefix, 'package.json'));
  const { parsePartialJson } = require('ai');
  if (typeof parsePartialJson !== 'function') {
    throw new Error(`the installed ai ${installedVersion(nodeModules, 'ai')} does not export parsePartialJson`);
  }
  return {
    Ajv2020: require('ajv/dist/2020.js').default,
    partialJsonParse: require('partial-json').parse,
    parsePartialJson,
    jsonrepair: require('jsonrepair').jsonrepair,
    versions: Object.fromEntries(PEERS.map((name) => [name, installedVersion(nodeModules, name)])),
  };
}

async function loadJsonseam() {
  const pkg = join(root, 'bindings', 'wasm', 'pkg');
  const entry = join(pkg, 'node', 'index.mjs');
  if (!existsSync(entry)) {
    throw new Error(`${entry} not found. Build the package with bindings/wasm/build.sh.`);
  }
  const module = await import(pathToFileURL(entry).href);
  const version = JSON.parse(readFileSync(join(pkg, 'package.json'), 'utf8')).version;
  const wasmBytes = statSync(join(pkg, 'node', 'jsonseam_wasm_bg.wasm')).size;
  return { Validator: module.Validator, JsonseamError: module.JsonseamError, version, wasmBytes };
}

// The opt-level that build.sh sets for the .wasm, read from the script so the page
// follows it.
function wasmOptLevel() {
  const script = readFileSync(join(root, 'bindings', 'wasm', 'build.sh'), 'utf8');
  return script.match(/CARGO_PROFILE_RELEASE_OPT_LEVEL=(\S+)/)?.[1] ?? 'not set in build.sh';
}

function renderPage({ options, setup, sections }) {
  const checks = sections.flatMap((section) => section.checks);
  const versionRows = [
    ['`jsonseam` (bindings/wasm/pkg, Node.js build)', setup.jsonseamVersion],
    ...Object.entries(setup.peerVersions).map(([name, version]) => [`\`${name}\``, version]),
  ];
  const checkLines =
    checks.length === 0
      ? ['Before timing, the script checked that every contender accepts each document and response, and that each final value equals the one from `JSON.parse`. All checks passed.']
      : ['Before timing, the script checked that every contender accepts each document and response, and that each final value equals the one from `JSON.parse`. These checks failed:', '', ...checks.map((line) => `- ${line}`)];

  return [
    '# Node.js benchmarks',
    '',
    '<!-- Generated by benches/node/bench.mjs. Do not edit: rerun benches/node/run.sh. -->',
    '',
    '`benches/node/bench.mjs` measures the Node.js build of the npm package `jsonseam` (`bindings/wasm`) against npm packages that do part of its work: parsing and validating whole documents, showing a partial value while a response streams in, and repairing model output. The script wrote this page from one run, described under Setup. The machine was shared with other work, so compare the ratios, which were measured side by side in the same run, rather than the absolute times. The Rust benchmarks are in docs/benchmarks.md.',
    '',
    '## Summary',
    '',
    ...sections.flatMap((section) => section.summary).map((line) => `- ${line}`),
    '',
    '## Checks',
    '',
    ...checkLines,
    '',
    '## Setup',
    '',
    `- Date: ${setup.date}`,
    `- Machine: ${setup.machine}`,
    `- Load: the 1-minute load average was ${setup.loadBefore} before the measurements and ${setup.loadAfter} after them. Other processes shared the machine.`,
    `- Node.js ${process.versions.node} (V8 ${process.versions.v8}), run with \`--expose-gc\``,
    `- jsonseam: commit ${setup.commit}. \`bindings/wasm/build.sh\` built the module with \`opt-level\` ${setup.optLevel} (its size setting) into a ${formatCount(setup.wasmBytes)}-byte \`jsonseam_wasm_bg.wasm\`.`,
    `- Command: \`${setup.command}\`, from the repository root`,
    `- Runtime: ${setup.runtimeSeconds} s of measuring, with a budget of ${options.budgetSeconds} s of timed rounds per group and twice that for the streaming group`,
    '',
    markdownTable(['package', 'version'], versionRows, ['l', 'l']),
    '',
    '## Method',
    '',
    `Each group of calls (one document, both response sizes, or the repair corpus) first runs every call ${TIMING_DEFAULTS.warmups} times untimed, to warm up the JIT compiler. Then it runs interleaved rounds. Every call of the group runs once per round, in an order shuffled each round, so that load from other processes spreads over all of them. The rounds fill the time budget of the group, with at least ${TIMING_DEFAULTS.minRounds} and at most ${TIMING_DEFAULTS.maxRounds}. A sample repeats a short call until it takes about ${TIMING_DEFAULTS.sampleMs} ms, so that it includes the garbage collections the call causes, and keeps the mean per call. A table gives each time as the median over the rounds, with the minimum in brackets. A ratio between two calls of a group is the median over the rounds of the ratio of their samples in the same round, which cancels load that changes between rounds. The growth from the 3 KB to the 30 KB response is such a ratio too. Each group has a control row that repeats the baseline call of its ratios, so the control's distance from 1.00× shows how far noise alone moved the ratios of that group. A minimum far below its median shows a noisy measurement as well.`,
    '',
    'The garbage collector stays enabled while a call runs, as it is for a caller, and `global.gc()` runs before each sample, outside the timed span. Every schema and validator is compiled before the timed calls, except in the repair row that says otherwise.',
    '',
    ...sections.flatMap((section) => [section.markdown, '']),
  ].join('\n');
}

async function main() {
  const options = readOptions();
  const peers = loadPeers(options.prefix);
  const jsonseam = await loadJsonseam();

  // The streaming group contains both response sizes, so it gets twice the budget.
  const groupTiming = { budgetMs: options.budgetSeconds * 1000 };
  const streamingTiming = { budgetMs: 2 * options.budgetSeconds * 1000 };
  const context = {
    root,
    benchDir,
    dataDir: options.data,
    ...peers,
    Validator: jsonseam.Validator,
    JsonseamError: jsonseam.JsonseamError,
    timing: { documents: groupTiming, streaming: streamingTiming, repairCorpus: groupTiming },
  };

  const loadBefore = loadAverage();
  const start = performance.now();
  const sections = [
    await benchmarkDocuments(context),
    await benchmarkStreaming(context),
    await benchmarkRepairCorpus(context),
  ];
  const runtimeSeconds = Math.round((performance.now() - start) / 1000);

  const setup = {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    machine: describeMachine(),
    loadBefore,
    loadAfter: loadAverage(),
    commit: describeCommit(root),
    optLevel: wasmOptLevel(),
    wasmBytes: jsonseam.wasmBytes,
    jsonseamVersion: jsonseam.version,
    peerVersions: peers.versions,
    command: options.command ?? `node --expose-gc ${relative(root, fileURLToPath(import.meta.url))} --prefix ${options.prefix}`,
    runtimeSeconds,
  };
  writeFileSync(options.output, renderPage({ options, setup, sections }));

  for (const line of sections.flatMap((section) => section.summary)) {
    console.log(`- ${line}`);
  }
  const failed = sections.flatMap((section) => section.checks);
  for (const line of failed) {
    console.error(`check failed: ${line}`);
  }
  console.log(`wrote ${options.output}`);
}

await main();
