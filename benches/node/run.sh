#!/usr/bin/env bash
# Builds the npm package `jsonseam`, installs the peer packages of the Node.js benchmark
# into a scratch folder outside the repository, and runs bench.mjs, which writes
# docs/benchmarks-node.md. Run by hand, not in CI: it takes about 4 minutes with the
# default budget (bench.mjs --budget).
#
# Usage: benches/node/run.sh [bench.mjs options, such as --budget 5 --output /tmp/page.md]
#
# package.json and package-lock.json pin the peer versions. ai stays at 6.0.333, the last
# release whose engines field accepts Node.js 18 and 20, because ai 7 requires Node.js 22.
# ai 6 exports parsePartialJson as an async function.
#
# Environment:
#   JSONSEAM_BENCH_PREFIX  scratch folder for `npm ci --prefix`
#                          (default ${TMPDIR:-/tmp}/jsonseam-bench-node)
set -euo pipefail

bench_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$bench_dir/../.." && pwd)"
prefix="${JSONSEAM_BENCH_PREFIX:-${TMPDIR:-/tmp}/jsonseam-bench-node}"
cd "$root"

mkdir -p "$prefix"
prefix="$(cd "$prefix" && pwd)"
case "$prefix/" in
    "$root"/*)
        echo "run.sh: JSONSEAM_BENCH_PREFIX=$prefix is inside the repository. Choose a folder outside $root." >&2
        exit 1
        ;;
esac

echo "== build the package (bindings/wasm/build.sh)"
bindings/wasm/build.sh

echo "== install the peer packages into $prefix"
cp "$bench_dir/package.json" "$bench_dir/package-lock.json" "$prefix/"
npm ci --prefix "$prefix" --include=dev --no-audit --no-fund

echo "== measure"
node --expose-gc "$bench_dir/bench.mjs" --prefix "$prefix" --command "benches/node/run.sh${*:+ $*}" "$@"
