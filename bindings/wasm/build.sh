#!/usr/bin/env bash
# Builds the npm package `jsonseam` into bindings/wasm/pkg/ (web and Node.js builds of the
# WebAssembly module, the JavaScript wrapper and its type declarations), copies it into
# demo/pkg/ for the browser demo, and fails if the gzipped .wasm exceeds its size budget.
#
# Needs rustup, cargo, gzip, Node.js and npm, and network access to crates.io and the npm
# registry on the first run, which installs wasm-bindgen-cli (several minutes of compiling)
# and Binaryen's wasm-opt.
#
# Environment:
#   JSONSEAM_WASM_MAX_GZIP_BYTES  size budget of the .wasm after gzip -9, in bytes
#                                 (default 307200, that is 300 KiB)
#   JSONSEAM_WASM_TOOLS           scratch folder where npm installs Binaryen
#                                 (default ${TMPDIR:-/tmp}/jsonseam-wasm-tools)
set -euo pipefail

wasm_dir="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$wasm_dir/../.." && pwd)"
pkg="$wasm_dir/pkg"
max_gzip_bytes="${JSONSEAM_WASM_MAX_GZIP_BYTES:-307200}"
binaryen_version=132.0.0
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

# Size after gzip -9, without the file name that gzip would otherwise store in its header.
gzip_size() {
    gzip -9 -n -c "$1" | wc -c | tr -d ' '
}

echo "== wasm-opt (Binaryen $binaryen_version from npm)"
# npm installs Binaryen into a scratch folder outside the repository. The version is pinned
# because another version may give another size.
tools="${JSONSEAM_WASM_TOOLS:-${TMPDIR:-/tmp}/jsonseam-wasm-tools}"
wasm_opt="$tools/node_modules/.bin/wasm-opt"
installed_binaryen="$(node -p "require('$tools/node_modules/binaryen/package.json').version" 2>/dev/null || true)"
if [ ! -x "$wasm_opt" ] || [ "$installed_binaryen" != "$binaryen_version" ]; then
    mkdir -p "$tools"
    npm install --prefix "$tools" --no-save --no-audit --no-fund "binaryen@$binaryen_version"
fi
# -Os with Binaryen's inlining turned off. Measured with Binaryen 132 on the module of
# rustc 1.95 at opt-level z (845,493 bytes, 297,528 gzipped): -Oz and -Os shrank the raw
# file to 789,753 and 793,864 bytes but grew the gzipped size to 302,369 and 302,394 bytes.
# Without inlining, -Os gave 805,248 bytes, 292,469 gzipped, and validation took as long
# as before within the noise of a shared 2-core machine.
optimized="$(mktemp --suffix=.wasm)"
trap 'rm -f "$optimized"' EXIT
"$wasm_opt" -Os --always-inline-max-function-size 0 --one-caller-inline-max-function-size 0 \
    --enable-bulk-memory --enable-sign-ext --enable-nontrapping-float-to-int \
    --enable-mutable-globals --enable-multivalue --enable-reference-types \
    "$pkg/web/jsonseam_wasm_bg.wasm" -o "$optimized"
before="$(gzip_size "$pkg/web/jsonseam_wasm_bg.wasm")"
after="$(gzip_size "$optimized")"
# A later change to the module could make wasm-opt's output compress worse, so the build
# keeps the smaller of the two.
if [ "$after" -lt "$before" ]; then
    echo "wasm-opt: $before -> $after bytes gzipped; keeping its output"
    cp "$optimized" "$pkg/web/jsonseam_wasm_bg.wasm"
    cp "$optimized" "$pkg/node/jsonseam_wasm_bg.wasm"
else
    echo "wasm-opt: $before -> $after bytes gzipped; keeping the original"
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
