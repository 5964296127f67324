#!/usr/bin/env python3
"""Benchmark the jsonseam Python wheel against Python peers and write docs/benchmarks-python.md.

The script creates a virtual environment in a scratch folder outside the repository,
installs the pinned peers from requirements.txt, builds the jsonseam wheel from
bindings/python with `maturin build --release` and installs it. It then runs measure.py
in that environment, which times three groups side by side:

1. twitter.json, citm_catalog.json and canada.json with the schemas in benches/schemas/:
   jsonseam against json.loads or orjson.loads with jsonschema_rs, fastjsonschema and
   pydantic;
2. a 3 KB and a 30 KB generated answer streamed in 4- and 16-byte chunks: jsonseam's
   Stream against jiter and partial_json_parser re-parsing each prefix;
3. the repair and extraction cases of corpus/: jsonseam against json_repair.

Usage, from anywhere (--help lists the options):

    python3 benches/python/compare.py [--work-dir DIR] [--data-dir DIR] [--output FILE]

The script itself uses only the standard library. It needs Python 3.9 or later, a Rust
toolchain, and on the first run access to PyPI and crates.io. A run took about 2 minutes
on a 2-core machine once the virtual environment existed and the wheel's dependencies were
compiled. It is run by hand, not in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import report

SCRIPT_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPT_DIR.parent.parent
REQUIREMENTS = SCRIPT_DIR / "requirements.txt"

# Repository paths whose uncommitted changes go into the wheel.
WHEEL_SOURCES = ["core", "bindings/python", "Cargo.toml", "Cargo.lock"]


def parse_arguments() -> argparse.Namespace:
    scratch = Path(os.environ.get("TMPDIR") or tempfile.gettempdir()) / "jsonseam-python-bench"
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work-dir", type=Path, default=scratch,
                        help=f"scratch folder for the virtual environment, the wheel and the raw results, "
                             f"kept between runs (default: {scratch})")
    parser.add_argument("--data-dir", type=Path, default=REPO_ROOT.parent / "shared" / "data" / "bench",
                        help="folder with twitter.json, citm_catalog.json and canada.json "
                             "(default: shared/data/bench/ beside the repository)")
    parser.add_argument("--output", type=Path, default=REPO_ROOT / "docs" / "benchmarks-python.md",
                        help="Markdown page to write (default: docs/benchmarks-python.md)")
    parser.add_argument("--python", default=sys.executable,
                        help="interpreter that creates the virtual environment (default: this one)")
    parser.add_argument("--budget-scale", type=float, default=1.0,
                        help="factor for every group's time budget. Below 1 gives a quicker, noisier "
                             "run (default: 1)")
    return parser.parse_args()


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Print a command, then run it. Raises CalledProcessError when it fails."""
    print("$ " + shlex.join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], check=True, **kwargs)


def output_of(command: list) -> str:
    """Return a command's standard output, or "unknown" when the command is missing or fails."""
    try:
        completed = subprocess.run(command, check=True, capture_output=True, text=True)
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return completed.stdout.strip()


def venv_works(venv_python: Path) -> bool:
    """Return whether the venv's interpreter exists and starts, which a moved or upgraded Python can break."""
    if not venv_python.exists():
        return False
    probe = subprocess.run([str(venv_python), "-c", "import sys"], capture_output=True, check=False)
    return probe.returncode == 0


def prepare_venv(work_dir: Path, python: str) -> Path:
    """Create the virtual environment if it is missing and install the pinned packages.

    Returns the venv's interpreter.
    """
    venv = work_dir / "venv"
    venv_python = venv / "bin" / "python"
    if not venv_works(venv_python):
        print(f"== creating the virtual environment {venv}", flush=True)
        run([python, "-m", "venv", "--clear", venv])
    run([venv_python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", REQUIREMENTS])
    return venv_python


def build_and_install_wheel(work_dir: Path, venv_python: Path) -> None:
    """Build the wheel from bindings/python, as bindings/python/test.sh does, and install it."""
    wheel_dir = work_dir / "wheels"
    for old_wheel in wheel_dir.glob("jsonseam-*.whl"):
        old_wheel.unlink()
    maturin = venv_python.parent / "maturin"
    run([maturin, "build", "--release", "--interpreter", venv_python, "--out", wheel_dir],
        cwd=REPO_ROOT / "bindings" / "python")
    wheels = list(wheel_dir.glob("jsonseam-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"compare.py: expected one jsonseam wheel in {wheel_dir}, found {len(wheels)}")
    run([venv_python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--force-reinstall", "--no-deps", wheels[0]])


def cpu_info() -> dict:
    """Return the CPU model and its SIMD flags relevant to the measured libraries, from /proc/cpuinfo."""
    model, flags = platform.processor() or "unknown", []
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8")
    except OSError:
        return {"cpu_model": model, "cpu_flags": "flags unknown"}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "model name":
            model = value.strip()
        elif key.strip() == "flags" and not flags:
            flags = [flag for flag in ("avx2", "avx512f") if flag in value.split()]
    return {"cpu_model": model, "cpu_flags": ", ".join(flags) or "no AVX2"}


def memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.0f} GiB"
    except OSError:
        pass
    return "unknown"


def git_description() -> str:
    """Describe the checkout that the wheel was built from, with uncommitted source changes."""
    commit = output_of(["git", "-C", str(REPO_ROOT), "rev-parse", "--short", "HEAD"])
    changed = output_of(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "--", *WHEEL_SOURCES])
    if changed in ("", "unknown"):
        return f"commit `{commit}`"
    # Porcelain lines are "XY PATH", where the status XY may start with a space.
    paths = sorted({line.split(maxsplit=1)[1] for line in changed.splitlines()})
    return f"commit `{commit}` with uncommitted changes in " + ", ".join(f"`{path}`" for path in paths)


def main() -> None:
    arguments = parse_arguments()
    started = time.perf_counter()
    work_dir = arguments.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    for name in ("twitter", "citm_catalog", "canada"):
        if not (arguments.data_dir / f"{name}.json").is_file():
            raise SystemExit(f"compare.py: {name}.json not found in {arguments.data_dir}. "
                             "Pass --data-dir with the folder that contains it.")

    print("== installing the peers", flush=True)
    step = time.perf_counter()
    venv_python = prepare_venv(work_dir, arguments.python)
    install_seconds = time.perf_counter() - step

    print("== building the jsonseam wheel", flush=True)
    step = time.perf_counter()
    build_and_install_wheel(work_dir, venv_python)
    build_seconds = time.perf_counter() - step

    results_path = work_dir / "results.json"
    load_before = os.getloadavg()[0]
    step = time.perf_counter()
    # The worker runs from the scratch folder, so `import jsonseam` can only find the
    # installed wheel. Its own modules come from the script's folder, which Python puts
    # on sys.path.
    run([venv_python, SCRIPT_DIR / "measure.py", "--data-dir", arguments.data_dir.resolve(),
         "--corpus-dir", REPO_ROOT / "corpus", "--schema-dir", REPO_ROOT / "benches" / "schemas",
         "--output", results_path, "--budget-scale", arguments.budget_scale], cwd=work_dir)
    measure_seconds = time.perf_counter() - step
    load_after = os.getloadavg()[0]

    command = ["python3", "benches/python/compare.py"]
    if arguments.budget_scale != 1.0:
        command += ["--budget-scale", str(arguments.budget_scale)]
    setup = {
        "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": output_of(["nproc"]),
        **cpu_info(),
        "memory": memory_total(),
        "kernel": platform.release(),
        "load_before": load_before,
        "load_after": load_after,
        "rustc": output_of(["rustc", "--version"]),
        "maturin": output_of([str(venv_python.parent / "maturin"), "--version"]).removeprefix("maturin "),
        "git": git_description(),
        "command": shlex.join(command),
        "install_seconds": install_seconds,
        "build_seconds": build_seconds,
        "measure_seconds": measure_seconds,
        "total_seconds": time.perf_counter() - started,
    }
    results = json.loads(results_path.read_text(encoding="utf-8"))
    arguments.output.write_text(report.render_page(results, setup), encoding="utf-8")
    print(f"== wrote {arguments.output} (raw results in {results_path})", flush=True)


if __name__ == "__main__":
    main()
