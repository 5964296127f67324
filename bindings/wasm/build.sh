#!/usr/bin/env bash
# Builds the npm package `jsonseam` into bindings/wasm/pkg/ (web and Node.js builds of the
# WebAssembly module, the JavaScript wrapper and its type declarations), copies it into
# demo/pkg/ for the browser demo, and fails if the gzipped .wasm exceeds its size budget.
#
# Needs rustup, cargo, gzip and network access to crates.io on the first run, which
# installs wasm-bindgen-cli (several minutes of compiling).
#
# Environment:
#   JSONSEAM_WASM_MAX_GZIP_BYTES  size budget of the .wasm after gzip -9, in bytes
#                                 (default 307200, that is 300 KiB)
set -euo pipefail

wasm_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$wasm_dir/../.." && pwd)"
pkg="$wasm_dir/pkg"
max_gzip_bytes="${JSONSEAM_WASM_MAX_GZIP_BYTES:-307200}"
cd "$root"

echo "== wasm32 target"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    rustup target add wasm32-unknown-unknown
fi

echo "== wasm-bindgen-cli"
# The CLI must be the exact version of the wasm-bindgen crate that Cargo.lock resolves,
# or it refuses the module. `cargo pkgid` reads that version (and fails if two resolve).
bindgen_version="$(cargo pkgid -p wasm-bindgen | sed 's/.*[@#]//')"
installed_version="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$installed_version" != "$bindgen_version" ]; then
    echo "installing wasm-bindgen-cli $bindgen_version (found ${installed_version:-none})"
    # Without --locked: the lock file of wasm-bindgen-cli 0.2.130 pins webpki-roots 1.0.11,
    # which the registry these machines reach does not serve, so a locked install fails.
    cargo install wasm-bindgen-cli --version "$bindgen_version"
fi
echo "wasm-bindgen $bindgen_version"

echo "== cargo build (wasm32-unknown-unknown, release)"
# Size settings for this build only, through Cargo's environment overrides, so the
# workspace's release profile (which keeps debug info for profiling) stays as it is.
# A separate target directory keeps these artifacts from invalidating the host build's.
export CARGO_TARGET_DIR="$root/target/wasm-bindings"
export CARGO_PROFILE_RELEASE_OPT_LEVEL=z
export CARGO_PROFILE_RELEASE_LTO=true
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=1
export CARGO_PROFILE_RELEASE_DEBUG=0
cargo build --release --target wasm32-unknown-unknown -p jsonseam-wasm
module="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/jsonseam_wasm.wasm"

echo "== wasm-bindgen (web, nodejs)"
rm -rf "$pkg"
mkdir -p "$pkg"
for target in web nodejs; do
    out="$pkg/${target%js}"
    wasm-bindgen --target "$target" --no-typescript --remove-name-section --remove-producers-section \
        --out-dir "$out" "$module"
done

gzip_size() {
    gzip -9 -c "$1" | wc -c | tr -d ' '
}

# wasm-opt runs only where it is installed, and its output is kept only if it compresses
# smaller: on this module Binaryen 108 (Debian) and 132 (npm) gave a smaller raw file but a
# larger gzip.
if command -v wasm-opt >/dev/null 2>&1; then
    echo "== wasm-opt ($(wasm-opt --version))"
    optimized="$(mktemp --suffix=.wasm)"
    trap 'rm -f "$optimized"' EXIT
    wasm-opt -Oz --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
        --enable-mutable-globals --enable-multivalue --enable-reference-types \
        "$pkg/web/jsonseam_wasm_bg.wasm" -o "$optimized"
    before="$(gzip_size "$pkg/web/jsonseam_wasm_bg.wasm")"
    after="$(gzip_size "$optimized")"
    if [ "$after" -lt "$before" ]; then
        echo "wasm-opt: $before -> $after bytes gzipped; keeping its output"
        cp "$optimized" "$pkg/web/jsonseam_wasm_bg.wasm"
        cp "$optimized" "$pkg/node/jsonseam_wasm_bg.wasm"
    else
        echo "wasm-opt: $before -> $after bytes gzipped; keeping the original"
    fi
fi

echo "== package files"
cp -R "$wasm_dir/js/." "$pkg/"
cp "$wasm_dir/README.md" "$pkg/README.md"

echo "== size"
# NOTE: most of the module is the core's regex compiler and Unicode tables (about 125 KB
# of the gzipped size). While the core enables regex-syntax's whole `unicode` feature, the
# module is over this budget. ECMA-262 patterns need neither its Age nor its segmentation
# tables, and leaving those two out measured about 15 KB smaller.
raw_size="$(wc -c < "$pkg/web/jsonseam_wasm_bg.wasm" | tr -d ' ')"
gzipped_size="$(gzip_size "$pkg/web/jsonseam_wasm_bg.wasm")"
echo "jsonseam_wasm_bg.wasm: $raw_size bytes, $gzipped_size bytes after gzip -9 (budget $max_gzip_bytes)"
if [ "$gzipped_size" -gt "$max_gzip_bytes" ]; then
    echo "build.sh: the gzipped .wasm is $gzipped_size bytes, over the budget of $max_gzip_bytes bytes" >&2
    exit 1
fi

echo "== demo"
rm -rf "$wasm_dir/demo/pkg"
cp -R "$pkg" "$wasm_dir/demo/pkg"
echo "built $pkg and $wasm_dir/demo/pkg"
