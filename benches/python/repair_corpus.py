"""The repair and extraction cases of corpus/ (names starting with r- or x-) through
jsonseam and json_repair, timed as one pass over all cases.

Only time is measured here. Whether each tool's output is right is compared in
docs/repair-comparison.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List

import json_repair
import jsonseam

from timing import run_rounds

CASE_PREFIXES = ("r-", "x-")

# Rows of the repair table, in table order: id, label, what one pass does.
TOOLS = [
    ("jsonseam_validate", "jsonseam `validate(data).text`",
     "for each case, `validate(data)` with a `Validator` compiled before the pass, then read `text`"),
    ("jsonseam_compile_validate", "jsonseam `Validator(schema).validate(data).text`",
     "the same, with the case's `Validator` compiled inside the pass"),
    ("json_repair", "json_repair `repair_json(text)`", "for each case, `repair_json(text)` without a schema"),
]
BASELINE = "json_repair"

# Inputs above this size are the corpus's limit tests (60 to 70 KB of whitespace or
# repairs). They dominate a pass's time, so the cases below it are also timed alone.
SMALL_INPUT_BYTES = 4096


@dataclass
class Case:
    name: str
    schema: Any
    options: Dict[str, Any]
    expected_valid: bool
    data: bytes
    # The input decoded as UTF-8 with errors="surrogateescape", for json_repair: the bytes
    # that are not UTF-8 (some cases contain them on purpose) become lone surrogates.
    text: str


def validator_kwargs(options: Dict[str, Any]) -> Dict[str, Any]:
    """Translate a case's `options` from expected.json into `Validator` keyword arguments.

    The corpus names the no-repair mode `strict`, which the Python binding calls `"none"`,
    and `strict: true` turns off both repairs and extraction.
    """
    kwargs: Dict[str, Any] = {}
    if options.get("strict"):
        kwargs["repair"] = "none"
        kwargs["extract"] = False
    for name, value in options.items():
        if name == "strict":
            continue
        if name == "repair" and value == "strict":
            value = "none"
        kwargs[name] = value
    return kwargs


def load_cases(corpus_dir: Path) -> List[Case]:
    cases = []
    for folder in sorted(corpus_dir.iterdir()):
        if not folder.name.startswith(CASE_PREFIXES):
            continue
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        data = (folder / "input.txt").read_bytes()
        cases.append(Case(
            name=folder.name,
            schema=json.loads((folder / "schema.json").read_text(encoding="utf-8")),
            options=expected.get("options") or {},
            expected_valid=expected["valid"],
            data=data,
            text=data.decode("utf-8", errors="surrogateescape"),
        ))
    if not cases:
        raise SystemExit(f"no case whose name starts with r- or x- in {corpus_dir}")
    return cases


def validate_or_reject(validator: jsonseam.Validator, data: bytes) -> str | None:
    """Return the canonical text of a valid document, or None when jsonseam rejects it."""
    try:
        return validator.validate(data).text
    except jsonseam.RejectionError:
        return None


def repair_or_fail(text: str) -> str | None:
    """Return json_repair's output, or None when it raises."""
    try:
        return json_repair.repair_json(text)
    # json_repair documents no exception types, so any exception counts as its failure.
    except Exception:  # noqa: BLE001
        return None


def build_functions(cases: List[Case]) -> Dict[str, Callable[[], object]]:
    validators = [jsonseam.Validator(case.schema, **validator_kwargs(case.options)) for case in cases]
    pairs = list(zip(validators, [case.data for case in cases]))

    def jsonseam_validate():
        return [validate_or_reject(validator, data) for validator, data in pairs]

    def jsonseam_compile_validate():
        return [
            validate_or_reject(jsonseam.Validator(case.schema, **validator_kwargs(case.options)), case.data)
            for case in cases
        ]

    def json_repair_all():
        return [repair_or_fail(case.text) for case in cases]

    return {
        "jsonseam_validate": jsonseam_validate,
        "jsonseam_compile_validate": jsonseam_compile_validate,
        "json_repair": json_repair_all,
    }


def run(corpus_dir: Path, budget_seconds: float) -> dict:
    """Time every tool on all repair and extraction cases, and on the small ones alone.

    Returns the JSON-ready results.
    """
    cases = load_cases(corpus_dir)
    small_cases = [case for case in cases if len(case.data) <= SMALL_INPUT_BYTES]
    functions = build_functions(cases)
    jsonseam_outputs = functions["jsonseam_validate"]()
    json_repair_outputs = functions["json_repair"]()

    sets = []
    for label, selected in [("all cases", cases), (f"inputs up to {SMALL_INPUT_BYTES:,} bytes", small_cases)]:
        print(f"  {label} ({len(selected)} cases): timing {len(TOOLS)} tools", flush=True)
        rounds = run_rounds(build_functions(selected), budget_seconds / 2, max_rounds=50)
        sets.append({
            "label": label,
            "cases": len(selected),
            "input_bytes": sum(len(case.data) for case in selected),
            **rounds.to_json(),
        })
    return {
        "tools": [{"id": tool, "label": label, "call": call} for tool, label, call in TOOLS],
        "baseline": BASELINE,
        "budget_seconds": budget_seconds,
        "small_input_bytes": SMALL_INPUT_BYTES,
        "cases": len(cases),
        "input_bytes": sum(len(case.data) for case in cases),
        "expected_rejections": sum(not case.expected_valid for case in cases),
        "jsonseam_rejected": sum(output is None for output in jsonseam_outputs),
        "json_repair_raised": sum(output is None for output in json_repair_outputs),
        "sets": sets,
    }
