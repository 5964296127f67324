#!/usr/bin/env bash
# Builds the npm package `jsonseam` into bindings/wasm/pkg/ (web and Node.js builds of the
# WebAssembly module, the JavaScript wrapper and its type declarations) and fails if the
# gzipped .wasm exceeds its size budget.
#
# The demo page loads a copy of the web build that is committed under demo/pkg/, so that it
# runs from a plain static file server without a build. A normal build leaves that copy
# alone and warns when it was built from other sources than the checkout's.
#
# Usage:
#   build.sh                build pkg/, then check the demo's copy
#   build.sh --update-demo  build pkg/, then replace demo/pkg/ with its web build and write
#                           demo/pkg/built-from.txt; commit both afterwards
#   build.sh --check-demo   only check the demo's copy, without building
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
demo_pkg="$wasm_dir/demo/pkg"
demo_stamp="$demo_pkg/built-from.txt"
# The sources of the module and of the JavaScript that the demo loads, relative to the
# repository root. The stamp stores one SHA-256 over all of them.
demo_sources=(Cargo.toml Cargo.lock core/Cargo.toml core/src bindings/wasm/Cargo.toml
    bindings/wasm/src bindings/wasm/js bindings/wasm/build.sh)

mode=build
case "${1:-}" in
    "") ;;
    --update-demo) mode=update-demo ;;
    --check-demo) mode=check-demo ;;
    -h | --help)
        sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "build.sh: unknown argument $1; expected --update-demo, --check-demo or nothing" >&2
        exit 2
        ;;
esac
cd "$root"

# Prints one SHA-256 over the paths and contents of the files under demo_sources.
sources_hash() {
    find "${demo_sources[@]}" -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum \
        | sha256sum | cut -d' ' -f1
}

# Warns, without failing, when the demo's committed copy was built from other sources.
check_demo() {
    local built current
    built="$(sed -n 's/^sources-sha256: //p' "$demo_stamp" 2>/dev/null || true)"
    current="$(sources_hash)"
    if [ "$built" = "$current" ]; then
        echo "demo/pkg/ was built from the current sources ($current)"
        return
    fi
    cat >&2 <<WARNING
================================================================================
WARNING: bindings/wasm/demo/pkg/ is stale. It was built from sources with SHA-256
${built:-(no stamp found)}, and the checkout's sources now hash to
$current.
The demo page runs that older build. Refresh it and commit the result:
    bindings/wasm/build.sh --update-demo
    git add bindings/wasm/demo/pkg
================================================================================
WARNING
}

if [ "$mode" = check-demo ]; then
    echo "== demo"
    check_demo
    exit 0
fi

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
# NOTE: opt-level z costs speed. With the wasm-opt step below, opt-level s measured 307,766
# gzipped bytes (over the default budget), and isValid on twitter, citm_catalog and canada
# took 0.68, 0.94 and 0.54 times as long (Node 20, best of 3 runs on a shared 2-core
# machine). Only the core crate at s (--config profile.release.package.jsonseam.opt-level="s")
# measured 304,562 bytes, which leaves little room for the code still to come.
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
if [ "$mode" = update-demo ]; then
    # Only what the page loads: the web build and the wrapper modules it imports.
    rm -rf "$demo_pkg"
    mkdir -p "$demo_pkg"
    cp -R "$pkg/web" "$demo_pkg/web"
    cp "$pkg/api.js" "$pkg/bindings.js" "$pkg/tape.js" "$demo_pkg/"
    {
        echo "# Written by bindings/wasm/build.sh --update-demo. The build compares sources-sha256"
        echo "# with the checkout's sources and warns when the two differ."
        echo "sources-sha256: $(sources_hash)"
        echo "sources: ${demo_sources[*]}"
        echo "checkout: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)"
        echo "rustc: $(rustc --version)"
        echo "wasm-bindgen: $bindgen_version"
        echo "binaryen: $binaryen_version"
        echo "wasm-gzip-bytes: $gzipped_size"
    } > "$demo_stamp"
    echo "wrote $demo_pkg; commit it with: git add bindings/wasm/demo/pkg"
else
    check_demo
fi
echo "built $pkg"
