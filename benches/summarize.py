#!/usr/bin/env python3
"""Print Markdown tables of throughput and ratios from one or more `cargo bench` runs.

Each argument is a criterion output folder (criterion 0.8 writes
DIR/<group>/<function>/new/{benchmark,estimates}.json), one folder per run. For every
benchmark the script takes criterion's median time in each run, then reports across runs:

- MB/s: the median over runs of the throughput, in 10^6 bytes per second;
- spread: the slowest run's time divided by the fastest run's;
- one column per baseline: the operation's throughput divided by the baseline's throughput
  measured in the same run, then the median of those ratios over runs, followed by the
  lowest and highest ratio in brackets. A ratio above 1 means the operation is faster than
  the baseline.

Usage: python3 benches/summarize.py RUN_DIR [RUN_DIR ...]
"""

import json
import statistics
import sys
from pathlib import Path

# Baselines per area, as (operation, column heading).
BASELINES = {
    "syntax": [
        ("serde_json_ignored_any", "vs serde_json IgnoredAny"),
        ("serde_json_value", "vs serde_json Value"),
        ("simd_json_tape", "vs simd-json tape"),
        ("sonic_rs_value", "vs sonic-rs Value"),
        ("jsonseam_whole", "vs jsonseam whole"),
    ],
    "schema": [
        ("serde_json_value", "vs serde_json Value"),
        ("serde_json_value_jsonschema", "vs serde_json Value + jsonschema"),
        ("jsonseam_whole", "vs jsonseam whole"),
    ],
    "lexer": [
        ("logos_tokens", "vs logos"),
    ],
}
CASES = ["twitter", "citm_catalog", "canada"]
# Operations measured only so that their cost can be subtracted: no ratios are printed for them.
HELPERS = {"copy_only", "utf8_check"}


def load_run(root):
    """Return {(area, case): {operation: (bytes, median_ns)}} for one run folder."""
    results = {}
    for benchmark_file in sorted(root.glob("*/*/new/benchmark.json")):
        benchmark = json.loads(benchmark_file.read_text())
        estimates = json.loads((benchmark_file.parent / "estimates.json").read_text())
        area, case = benchmark["group_id"].split("/")
        size = benchmark["throughput"]["Bytes"]
        median_ns = estimates["median"]["point_estimate"]
        results.setdefault((area, case), {})[benchmark["function_id"]] = (size, median_ns)
    return results


def megabytes_per_second(size, nanoseconds):
    return size / nanoseconds * 1e3


def print_area(area, runs):
    baselines = BASELINES[area]
    print(f"### {area}\n")
    header = ["file", "operation", "MB/s", "spread"] + [title for _, title in baselines]
    print("| " + " | ".join(header) + " |")
    print("|---|---|" + "---:|" * (len(header) - 2))
    for case in CASES:
        groups = [run[(area, case)] for run in runs if (area, case) in run]
        if not groups:
            continue
        for operation in groups[0]:
            measured = [group[operation] for group in groups if operation in group]
            throughputs = [megabytes_per_second(size, ns) for size, ns in measured]
            times = [ns for _, ns in measured]
            cells = [
                case,
                operation,
                f"{statistics.median(throughputs):.0f}",
                f"{max(times) / min(times):.2f}",
            ]
            for baseline, _ in baselines:
                ratios = [
                    megabytes_per_second(*group[operation]) / megabytes_per_second(*group[baseline])
                    for group in groups
                    if operation in group and baseline in group
                ]
                if baseline == operation or operation in HELPERS or not ratios:
                    cells.append("")
                else:
                    cells.append(f"{statistics.median(ratios):.2f} ({min(ratios):.2f}–{max(ratios):.2f})")
            print("| " + " | ".join(cells) + " |")
    print()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    runs = [load_run(Path(folder)) for folder in sys.argv[1:]]
    for folder, run in zip(sys.argv[1:], runs):
        if not run:
            sys.exit(f"summarize.py: no criterion results found under {folder}; run cargo bench first")
    for area in BASELINES:
        if any(key[0] == area for run in runs for key in run):
            print_area(area, runs)


if __name__ == "__main__":
    main()
