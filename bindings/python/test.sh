#!/usr/bin/env bash
# Builds the jsonseam wheel with maturin, installs it into a virtual environment and runs
# the pytest suite in tests/ against the installed wheel.
#
# Needs Python 3.9 or later (PYTHON, default python3), a Rust toolchain, and access to
# PyPI and crates.io. The virtual environment is kept in bindings/python/.venv between
# runs; delete it to start from scratch. Extra arguments go to pytest, for example
# `bindings/python/test.sh -k corpus`. JSONSEAM_CORPUS_DIR points the corpus tests at
# another copy of corpus/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
python="${PYTHON:-python3}"
venv="$here/.venv"

# Pinned so that every machine builds and tests with the same tools.
requirements=(maturin==1.16.0 pytest==9.2.0 pydantic==2.14.4)

if ! "$venv/bin/python" -c 'import sys' >/dev/null 2>&1; then
    echo "== creating the virtual environment $venv"
    rm -rf "$venv"
    "$python" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "${requirements[@]}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "== maturin build --release"
start=$SECONDS
(cd "$here" && "$venv/bin/maturin" build --release --interpreter "$venv/bin/python" --out "$work/wheels")
echo "== built in $((SECONDS - start)) s"

wheels=("$work"/wheels/jsonseam-*.whl)
if [ "${#wheels[@]}" -ne 1 ] || [ ! -f "${wheels[0]}" ]; then
    echo "test.sh: expected one jsonseam wheel in $work/wheels, found: ${wheels[*]}" >&2
    exit 1
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "${wheels[0]}"

# pytest runs from an empty directory with --import-mode=importlib, so nothing puts the
# source tree on sys.path and `import jsonseam` can only find the installed wheel.
echo "== pytest"
mkdir "$work/run"
cd "$work/run"
status=0
JSONSEAM_SOURCE_DIR="$here" JSONSEAM_CORPUS_DIR="${JSONSEAM_CORPUS_DIR:-$here/../../corpus}" JSONSEAM_REQUIRE_PYDANTIC=1 \
    "$venv/bin/python" -m pytest -p no:cacheprovider --import-mode=importlib \
    --junitxml="$work/junit.xml" "$here/tests" "$@" || status=$?
if [ "$status" -ne 0 ]; then
    exit "$status"
fi

# pytest exits 0 when every selected test was skipped; count what actually ran.
"$venv/bin/python" - "$work/junit.xml" <<'EOF'
import sys
import xml.etree.ElementTree as ElementTree

root = ElementTree.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
tests = sum(int(suite.get("tests", 0)) for suite in suites)
skipped = sum(int(suite.get("skipped", 0)) for suite in suites)
if tests - skipped <= 0:
    sys.exit(f"test.sh: no test ran ({tests} collected, {skipped} skipped)")
EOF
