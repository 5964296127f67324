"""Run the three measurement groups and write their results as JSON.

compare.py runs this file with the interpreter of its scratch virtual environment, which
has the installed jsonseam wheel and the pinned peers. It can also be run by hand in any
environment that has them:

    python benches/python/measure.py --data-dir DIR --corpus-dir DIR --output results.json
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path

import repair_corpus
import standard_files
import streaming

SCRIPT_DIR = Path(__file__).resolve().parent
REPO_ROOT = SCRIPT_DIR.parent.parent

PACKAGES = ["jsonseam", "orjson", "jsonschema-rs", "fastjsonschema", "pydantic", "pydantic-core",
            "jiter", "partial-json-parser", "json-repair"]


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True,
                        help="folder with twitter.json, citm_catalog.json and canada.json")
    parser.add_argument("--corpus-dir", type=Path, default=REPO_ROOT / "corpus",
                        help="folder of corpus cases (default: corpus/ in the repository)")
    parser.add_argument("--schema-dir", type=Path, default=REPO_ROOT / "benches" / "schemas",
                        help="folder with the documents' schemas (default: benches/schemas/)")
    parser.add_argument("--output", type=Path, required=True, help="JSON file to write the results to")
    parser.add_argument("--budget-scale", type=float, default=1.0,
                        help="factor for every group's time budget (default: 1)")
    return parser.parse_args()


def main() -> None:
    arguments = parse_arguments()
    scale = arguments.budget_scale
    results = {
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": {package: version(package) for package in PACKAGES},
    }

    print("== whole documents", flush=True)
    start = time.perf_counter()
    results["files"] = standard_files.run(arguments.data_dir, arguments.schema_dir, budget_seconds=20 * scale)
    results["files"]["seconds"] = time.perf_counter() - start

    print("== streaming", flush=True)
    start = time.perf_counter()
    results["streaming"] = streaming.run(budget_seconds=20 * scale)
    results["streaming"]["seconds"] = time.perf_counter() - start

    print("== repair corpus", flush=True)
    start = time.perf_counter()
    results["repair"] = repair_corpus.run(arguments.corpus_dir, budget_seconds=8 * scale)
    results["repair"]["seconds"] = time.perf_counter() - start

    arguments.output.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
