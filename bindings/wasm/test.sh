#!/usr/bin/env bash
# Builds the npm package and runs every test of the WebAssembly binding: the corpus, the
# API, ReadableStream input, the packaging and type declarations (Node's test runner on the
# built package), and the demo page end to end in headless Chromium (on the copy of the web
# build committed in demo/pkg/, not on the fresh build).
#
# Installs what is missing on a fresh machine: the wasm32 target and wasm-bindgen-cli
# (through build.sh), the npm dev dependencies (npm ci) and Debian's chromium (apt-get,
# which needs root). Exits non-zero if anything fails or if no test ran.
set -euo pipefail

wasm_dir="$(cd "$(dirname "$0")" && pwd)"
cd "$wasm_dir"

echo "== build"
./build.sh

echo "== npm ci"
npm ci --no-audit --no-fund

echo "== chromium"
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

echo "== node --test"
mkdir -p test-output
# The spec reporter prints to the terminal; the TAP copy is read below for the count.
node --test \
    --test-reporter=spec --test-reporter-destination=stdout \
    --test-reporter=tap --test-reporter-destination=test-output/results.tap \
    tests/*.test.mjs

# The demo page runs the copy of the web build committed in demo/pkg/, which the browser
# test above served. Repeat the build's warning here, where it is not lost in the log,
# when that copy was built from other sources. It does not fail the run.
./build.sh --check-demo

passed="$(sed -n 's/^# pass \([0-9]*\)$/\1/p' test-output/results.tap)"
failed="$(sed -n 's/^# fail \([0-9]*\)$/\1/p' test-output/results.tap)"
if [ -z "$passed" ] || [ "$passed" -eq 0 ]; then
    echo "test.sh: no test ran" >&2
    exit 1
fi
echo "wasm: $passed passed, $failed failed"
