// Runs the npm package jsonrepair on every input of one JSON file, in one Node process.
//
// Usage: node run_jsonrepair.mjs PREFIX INPUTS_JSON RESULTS_JSON
//
// PREFIX is the folder given to `npm install --prefix`. INPUTS_JSON contains a list of
// {"name": ..., "text": ...}. RESULTS_JSON receives {"version": ..., "results": [...]},
// one entry per input in the same order: {"name", "output", "ns"} when jsonrepair returns
// a string, or {"name", "error", "ns"} when it throws. `ns` is the call's wall time in
// nanoseconds.

import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const [prefix, inputsPath, resultsPath] = process.argv.slice(2)
if (!prefix || !inputsPath || !resultsPath) {
  console.error('usage: node run_jsonrepair.mjs PREFIX INPUTS_JSON RESULTS_JSON')
  process.exit(2)
}

// Resolving from PREFIX/package.json finds PREFIX/node_modules/jsonrepair.
const require = createRequire(join(prefix, 'package.json'))
const { jsonrepair } = require('jsonrepair')
// The package's "exports" map hides package.json from require, so read it as a file.
const packageJsonPath = join(prefix, 'node_modules', 'jsonrepair', 'package.json')
const { version } = JSON.parse(readFileSync(packageJsonPath, 'utf8'))

const inputs = JSON.parse(readFileSync(inputsPath, 'utf8'))
const results = []
for (const { name, text } of inputs) {
  const start = process.hrtime.bigint()
  try {
    const output = jsonrepair(text)
    results.push({ name, output, ns: Number(process.hrtime.bigint() - start) })
  } catch (error) {
    const message = `${error.name}: ${error.message}`
    results.push({ name, error: message, ns: Number(process.hrtime.bigint() - start) })
  }
}

// JSON.stringify escapes lone surrogates, so the file is valid UTF-8 whatever the inputs.
writeFileSync(resultsPath, JSON.stringify({ version, results }))
