"""Write docs/benchmarks-python.md from the results of measure.py and the run's setup.

Every number on the page comes from one run. Times are the minimum over the rounds, with
the median in brackets, and each ratio divides two minimums from the same run.
"""

from __future__ import annotations

import math
import statistics
from typing import Dict, List, Optional


# Column headers for the validators that standard_files.check_tools runs on broken copies.
CHECKER_LABELS = {"pydantic_typeddict": "pydantic `TypedDict`"}


def minimum(samples: List[float]) -> float:
    return min(samples)


def format_seconds(seconds: float) -> str:
    """Format a duration in s, ms or µs, with about 3 significant digits."""
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.3g} ms" if seconds < 0.1 else f"{seconds * 1e3:.0f} ms"
    return f"{seconds * 1e6:.3g} µs"


def format_time(samples: List[float]) -> str:
    return f"{format_seconds(min(samples))} ({format_seconds(statistics.median(samples))})"


def format_ratio(ratio: float) -> str:
    if ratio >= 10:
        return f"{ratio:.0f}×"
    if ratio >= 0.1:
        return f"{ratio:.2f}×"
    return f"{ratio:.2g}×"


def table(header: List[str], rows: List[List[str]], align: Optional[List[str]] = None) -> List[str]:
    """Return the lines of a Markdown table. `align` gives "l" or "r" for each column."""
    align = align or ["l"] + ["r"] * (len(header) - 1)
    separators = ["---:" if side == "r" else "---" for side in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(separators) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return lines


def growth_exponent(time_ratio: float, size_ratio: float) -> float:
    """Return k such that time grows as size to the power k: 1 is linear, 2 quadratic."""
    return math.log(time_ratio) / math.log(size_ratio)


def faster_or_slower(ratio: float) -> str:
    """Word a time ratio (ours divided by theirs) as "N× faster" or "N× slower"."""
    if ratio <= 1:
        return f"{format_ratio(1 / ratio)} faster"
    return f"{format_ratio(ratio)} slower"


def whole_document_ratios(files: dict, tool: str, baseline: str) -> Dict[str, float]:
    return {
        document["name"]: minimum(document["samples"][tool]) / minimum(document["samples"][baseline])
        for document in files["documents"]
    }


def streaming_growth(streaming: dict) -> Dict[int, Dict[str, float]]:
    """Return, per chunk size, each tool's time on the larger answer divided by the smaller."""
    small, large = [answer["label"] for answer in streaming["answers"]]
    growth: Dict[int, Dict[str, float]] = {}
    for group in streaming["groups"]:
        if group["answer"] != small:
            continue
        partner = next(other for other in streaming["groups"]
                       if other["answer"] == large and other["chunk_size"] == group["chunk_size"])
        growth[group["chunk_size"]] = {
            tool: minimum(partner["samples"][tool]) / minimum(group["samples"][tool])
            for tool in group["samples"]
        }
    return growth


def size_ratio(streaming: dict) -> float:
    small, large = streaming["answers"]
    return large["bytes"] / small["bytes"]


def whole_documents_summary(files: dict) -> str:
    value_ratios = whole_document_ratios(files, "jsonseam_value", files["baseline"])
    orjson_ratios = whole_document_ratios(files, "jsonseam_value", "orjson_jsonschema_rs")
    is_valid_ratios = whole_document_ratios(files, "jsonseam_is_valid", files["baseline"])
    at_least_as_fast = [f"{name}.json" for name, ratio in value_ratios.items() if ratio <= 1]
    return (
        "- Whole documents: `validate(data).value` (validate, then build the `dict`) took "
        + ", ".join(f"{format_ratio(ratio)} ({name})" for name, ratio in value_ratios.items())
        + " the time of `json.loads` + jsonschema_rs, and "
        + ", ".join(f"{format_ratio(ratio)} ({name})" for name, ratio in orjson_ratios.items())
        + " the time of `orjson.loads` + jsonschema_rs. It was at least as fast as `json.loads` + "
        + "jsonschema_rs on "
        + (", ".join(at_least_as_fast) if at_least_as_fast else "none of the three files")
        + ". Validation alone, `is_valid(data)`, took "
        + ", ".join(f"{format_ratio(ratio)} ({name})" for name, ratio in is_valid_ratios.items())
        + " the time of `json.loads` + jsonschema_rs, so where that ratio is above 1 no speed-up of "
        + "building the `dict` can bring `validate(data).value` to 1."
    )


def streaming_summary(streaming: dict) -> List[str]:
    growth = streaming_growth(streaming)
    sizes = size_ratio(streaming)
    small, large = [answer["label"] for answer in streaming["answers"]]
    lines = []
    for chunk_size, ratios in growth.items():
        lines.append(
            f"- Streaming in {chunk_size}-byte chunks, the {large} answer against the {small} one "
            f"({sizes:.1f}× the bytes): feeding jsonseam and reading `partial` only at the end took "
            f"{format_ratio(ratios['jsonseam_partial_end'])} the time. Reading `partial` after every "
            f"chunk took {format_ratio(ratios['jsonseam_partial_each'])}, jiter re-parsing every prefix "
            f"{format_ratio(ratios['jiter'])}, and partial_json_parser "
            f"{format_ratio(ratios['partial_json_parser'])}."
        )

    def exponents(tool: str) -> str:
        return " and ".join(
            f"{growth_exponent(ratios[tool], sizes):.2f} ({chunk_size}-byte)" for chunk_size, ratios in growth.items()
        )

    lines.append(
        "- `Stream.partial` returns the same value on every read, updated in place with the events "
        "that arrived since the read before (`ValueBuilder` in bindings/python/src/convert.rs). So "
        "reading it after every chunk adds work in proportion to the new bytes, while the peers "
        "re-parse the whole prefix. The measured growth exponents (1 is linear, 2 quadratic) were "
        f"{exponents('jsonseam_partial_each')} with `partial` after every chunk, "
        f"{exponents('jsonseam_partial_end')} when feeding alone, and {exponents('jiter')} for jiter."
    )
    return lines


def repair_summary(repair: dict) -> List[str]:
    lines = []
    for case_set in repair["sets"]:
        jsonseam_time = minimum(case_set["samples"]["jsonseam_validate"])
        json_repair_time = minimum(case_set["samples"]["json_repair"])
        lines.append(
            f"- Repair corpus, {case_set['label']} ({case_set['cases']} cases), each schema compiled "
            f"beforehand: jsonseam took {format_seconds(jsonseam_time / case_set['cases'])} per case and "
            f"json_repair {format_seconds(json_repair_time / case_set['cases'])}, so jsonseam was "
            f"{faster_or_slower(jsonseam_time / json_repair_time)}."
        )
    return lines


def summary_section(results: dict) -> List[str]:
    lines = ["## Summary", ""]
    lines.append(whole_documents_summary(results["files"]))
    lines += streaming_summary(results["streaming"])
    lines += repair_summary(results["repair"])
    lines.append("")
    return lines


def setup_section(setup: dict, results: dict) -> List[str]:
    lines = ["## Setup", ""]
    lines.append(f"- Date: {setup['date']}")
    lines.append(f"- Machine: {setup['nproc']} cores (`nproc`), CPU model `{setup['cpu_model']}` "
                 f"({setup['cpu_flags']}), {setup['memory']} of memory, Linux {setup['kernel']}")
    lines.append(f"- Load: the 1-minute load average was {setup['load_before']:.2f} before the measurements "
                 f"and {setup['load_after']:.2f} after them. Other processes shared the machine.")
    lines.append(f"- Toolchain: {results['python']}, {setup['rustc']}, maturin {setup['maturin']}")
    lines.append(f"- jsonseam: {setup['git']}, wheel built with `maturin build --release` "
                 f"in {setup['build_seconds']:.0f} s")
    lines.append(f"- Command: `{setup['command']}`, from the repository root")
    lines.append(f"- Runtime: {setup['total_seconds']:.0f} s in all, of which {setup['install_seconds']:.0f} s "
                 f"installing the peers, {setup['build_seconds']:.0f} s building the wheel and "
                 f"{setup['measure_seconds']:.0f} s measuring")
    lines.append("")
    lines += table(["package", "version"],
                   [[f"`{name}`", version] for name, version in results["versions"].items()],
                   align=["l", "l"])
    lines.append("")
    return lines


def method_section(results: dict) -> List[str]:
    return [
        "## Method",
        "",
        "Each group of calls (one document, one answer at one chunk size, or the repair corpus) "
        "runs one warm-up round, which is not kept, and then interleaved rounds. Every call of "
        "the group runs once per round, in an order that rotates each round, so that load from "
        "other processes spreads over all of them. The number of rounds fills a time budget per "
        "group, with at least 3. A table gives each time as the minimum over the rounds, with "
        "the median in brackets, and each ratio divides two minimums. A median far above its "
        "minimum shows a noisy measurement.",
        "",
        "The garbage collector stays enabled during a call, as in a caller. `gc.collect()` runs "
        "before each call and the call's output is freed after the clock stops, both outside "
        "the timed span. Every schema and validator is compiled before the timed calls, except "
        "in the repair row that says otherwise.",
        "",
    ]


def whole_documents_section(files: dict) -> List[str]:
    documents = files["documents"]
    baseline = files["baseline"]
    labels = {tool["id"]: tool["label"] for tool in files["tools"]}
    lines = ["## Whole documents", ""]
    lines += table(
        ["document", "bytes", "rounds", "pydantic type"],
        [[f"`{document['name']}.json`", f"{document['bytes']:,}", str(len(document["samples"][baseline])),
          document["pydantic_type"]]
         for document in documents],
        align=["l", "r", "r", "l"],
    )
    lines += [
        "",
        "The schemas are the ones in `benches/schemas/`, described in docs/benchmarks.md. jsonseam "
        "runs with `repair=\"none\", extract=False`, which accepts only RFC 8259 JSON, and reads the "
        "document as `bytes`. The calls:",
        "",
    ]
    lines += table(["row", "one call"], [[tool["label"], tool["call"]] for tool in files["tools"]],
                   align=["l", "l"])
    lines += ["", f"Times, and ratios to {labels[baseline]} (below 1 is faster):", ""]

    header = ["row"]
    for document in documents:
        header += [f"{document['name']}", "ratio"]
    rows = []
    for tool in files["tools"]:
        row = [tool["label"]]
        for document in documents:
            samples = document["samples"][tool["id"]]
            row += [format_time(samples), format_ratio(minimum(samples) / minimum(document["samples"][baseline]))]
        rows.append(row)
    lines += table(header, rows)

    lines += [
        "",
        "Before timing, the script checks that jsonseam, jsonschema_rs, fastjsonschema and the "
        "pydantic `TypedDict` accept each document, and that jsonseam's `value` equals "
        "`json.loads`. It also runs them on two broken copies of each document. One lacks the "
        "schema's first required top-level key. The other has one value deep inside made "
        "invalid: in twitter the first status's `id_str` becomes `\"not-digits\"`, in "
        "citm_catalog the first performance's `id` becomes 0, and in canada the first longitude "
        "becomes 500. \"yes\" means that the validator rejected the broken copy:",
        "",
    ]
    checkers = list(documents[0]["rejections"]["missing_required_key"])
    rows = []
    for document in documents:
        for case, outcome in document["rejections"].items():
            rows.append([f"`{document['name']}.json`", case.replace("_", " ")]
                        + ["yes" if outcome[checker] else "**no**" for checker in checkers])
    header = ["document", "broken copy"] + [CHECKER_LABELS.get(checker, checker) for checker in checkers]
    lines += table(header, rows, align=["l", "l"] + ["l"] * len(checkers))
    lines += [
        "",
        "fastjsonschema 2.22 implements drafts 4 to 2019-09 and compiles a 2020-12 schema as "
        "2019-09, which has no `prefixItems`. So it does not check the bounds and types of "
        "canada's positions, and its canada time covers less work than the others. The pydantic "
        "types check far less than the JSON Schemas, as the table shows.",
        "",
    ]
    return lines


def streaming_intro(streaming: dict) -> List[str]:
    answers = streaming["answers"]
    groups = streaming["groups"]
    chunk_sizes = sorted({group["chunk_size"] for group in groups})
    lines = [
        "The answers are price quotes generated by `benches/python/answers.py`: pretty-printed "
        "JSON, ASCII only, valid against `benches/python/quote.schema.json` (patterns, an enum, "
        "numeric bounds, `additionalProperties: false`, a `$ref`). jsonseam runs with the default "
        "options (extraction and lossless repairs), as a caller streaming model output would. "
        "jiter runs with its default `cache_mode=\"all\"`, which caches strings between calls.",
        "",
    ]

    rows = []
    for answer in answers:
        chunk_counts = []
        for chunk_size in chunk_sizes:
            group = next(g for g in groups if g["answer"] == answer["label"] and g["chunk_size"] == chunk_size)
            chunk_counts.append(f"{group['chunks']:,}")
        rows.append([answer["label"], f"{answer['bytes']:,}", str(answer["line_items"])] + chunk_counts)
    header = ["answer", "bytes", "line items"] + [f"{size}-byte chunks" for size in chunk_sizes]
    lines += table(header, rows)
    lines.append("")

    lines += table(["row", "one pass over the answer"],
                   [[tool["label"], tool["call"]] for tool in streaming["tools"]],
                   align=["l", "l"])
    lines.append("")
    return lines


def streaming_table(streaming: dict, chunk_size: int) -> List[str]:
    """Return the table of one chunk size: both answers' times, their ratio and its exponent."""
    small, large = [answer["label"] for answer in streaming["answers"]]
    groups = streaming["groups"]
    small_group = next(g for g in groups if g["answer"] == small and g["chunk_size"] == chunk_size)
    large_group = next(g for g in groups if g["answer"] == large and g["chunk_size"] == chunk_size)
    growth = streaming_growth(streaming)[chunk_size]
    sizes = size_ratio(streaming)

    rows = []
    for tool in streaming["tools"]:
        large_samples = large_group["samples"][tool["id"]]
        rows.append([
            tool["label"],
            format_time(small_group["samples"][tool["id"]]),
            format_time(large_samples),
            format_ratio(growth[tool["id"]]),
            f"{growth_exponent(growth[tool['id']], sizes):.2f}",
            format_seconds(minimum(large_samples) / large_group["chunks"]),
        ])
    lines = [f"### {chunk_size}-byte chunks", ""]
    lines += table(["row", small, large, "growth", "exponent", f"per chunk, {large}"], rows)

    small_rounds = len(next(iter(small_group["samples"].values())))
    large_rounds = len(next(iter(large_group["samples"].values())))
    lines += ["", f"Rounds: {small_rounds} ({small}), {large_rounds} ({large}).", ""]
    return lines


def streaming_section(streaming: dict) -> List[str]:
    small, large = [answer["label"] for answer in streaming["answers"]]
    sizes = size_ratio(streaming)
    lines = ["## Streaming", ""]
    lines += streaming_intro(streaming)
    lines += [
        f"The {large} answer has {sizes:.2f}× the bytes of the {small} one. A cost linear in the "
        f"length grows about {sizes:.0f}×, and a quadratic one about {sizes ** 2:.0f}×. The exponent "
        "column gives k in time ∝ bytes^k, from the two sizes: 1 is linear, 2 quadratic.",
        "",
    ]
    for chunk_size in sorted(streaming_growth(streaming)):
        lines += streaming_table(streaming, chunk_size)
    return lines


def repair_section(repair: dict) -> List[str]:
    baseline = repair["baseline"]
    large_cases = repair["cases"] - min(case_set["cases"] for case_set in repair["sets"])

    lines = ["## Repair corpus", ""]
    lines += [
        f"The {repair['cases']} cases under `corpus/` whose names start with `r-` (repairs) or "
        f"`x-` (extraction from prose, fences and tags), {repair['input_bytes']:,} bytes of input "
        f"in all. jsonseam runs each case with the options in its expected.json (the defaults "
        f"when there are none) and gets the input as bytes. json_repair gets it decoded as UTF-8 "
        f"with `errors=\"surrogateescape\"`. jsonseam rejected {repair['jsonseam_rejected']} "
        f"inputs, and the corpus expects a rejection for {repair['expected_rejections']}. "
        f"json_repair raised on {repair['json_repair_raised']}. Which outputs are right is "
        f"compared in docs/repair-comparison.md, not here.",
        "",
        f"{large_cases} inputs are larger than {repair['small_input_bytes']:,} bytes. They test "
        "limits such as the longest whitespace run, and they can dominate the time of a pass, so "
        "the smaller inputs are also timed alone.",
        "",
    ]
    lines += table(["row", "one pass"], [[tool["label"], tool["call"]] for tool in repair["tools"]],
                   align=["l", "l"])
    lines.append("")

    for case_set in repair["sets"]:
        lines += [f"### {case_set['label'].capitalize()}", "",
                  f"{case_set['cases']} cases, {case_set['input_bytes']:,} bytes of input, "
                  f"{len(case_set['samples'][baseline])} rounds.", ""]
        rows = []
        for tool in repair["tools"]:
            samples = case_set["samples"][tool["id"]]
            rows.append([
                tool["label"],
                format_time(samples),
                format_seconds(minimum(samples) / case_set["cases"]),
                format_ratio(minimum(samples) / minimum(case_set["samples"][baseline])),
            ])
        lines += table(["row", "one pass", "per case", "ratio to json_repair"], rows)
        lines.append("")
    return lines


def render_page(results: dict, setup: dict) -> str:
    lines = [
        "# Python benchmarks",
        "",
        "<!-- Generated by benches/python/compare.py. Do not edit: rerun the script. -->",
        "",
        "`benches/python/compare.py` measures the Python wheel (`bindings/python`) against Python "
        "packages that do part of its work: parsing and validating whole documents, showing a "
        "partial value while an answer streams in, and repairing model output. The script wrote "
        "this page from one run, described under Setup. The machine was shared with other work, "
        "so compare the ratios, which were measured side by side, rather than the absolute times. "
        "The Rust benchmarks are in docs/benchmarks.md.",
        "",
    ]
    lines += summary_section(results)
    lines += setup_section(setup, results)
    lines += method_section(results)
    lines += whole_documents_section(results["files"])
    lines += streaming_section(results["streaming"])
    lines += repair_section(results["repair"])
    return "\n".join(lines).rstrip() + "\n"
