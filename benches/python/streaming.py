"""Streaming a generated answer in small chunks while showing the value received so far.

jsonseam feeds each chunk to one `Stream`. The peers have no stream state, so they parse
the whole prefix received so far after every chunk, which is how callers use them for
partial values.
"""

from __future__ import annotations

import json
from typing import Callable, Dict, List

import jiter
import jsonseam
import partial_json_parser

import answers
from timing import run_rounds

# (label, target size in bytes, random seed) of each generated answer.
ANSWERS = [("3 KB", 3_000, 3), ("30 KB", 30_000, 30)]
CHUNK_SIZES = [4, 16]

# Rows of the streaming tables, in table order: id, label, what one pass does.
TOOLS = [
    ("jsonseam_partial_each", "jsonseam, `partial` after every chunk",
     "`stream.feed(chunk)`, then read `stream.partial`, for every chunk; then `finish()`"),
    ("jsonseam_partial_end", "jsonseam, `partial` at the end only",
     "`stream.feed(chunk)` for every chunk, then read `stream.partial` once and `finish()`"),
    ("jiter", "jiter, re-parse the prefix",
     "`jiter.from_json(data[:end], partial_mode=\"trailing-strings\")` after every chunk"),
    ("partial_json_parser", "partial_json_parser, re-parse the prefix",
     "`partial_json_parser.loads(text[:end])` after every chunk"),
]


def split_chunks(data: bytes, chunk_size: int) -> List[bytes]:
    return [data[start:start + chunk_size] for start in range(0, len(data), chunk_size)]


def build_functions(validator: jsonseam.Validator, text: str, chunk_size: int) -> Dict[str, Callable[[], object]]:
    """Build one timed pass over the whole answer per row of TOOLS."""
    data = text.encode("ascii")
    chunks = split_chunks(data, chunk_size)
    # The end offset of the prefix after each chunk. The answers are ASCII, so byte and
    # character offsets agree.
    ends = [min(start + chunk_size, len(data)) for start in range(0, len(data), chunk_size)]

    def jsonseam_partial_each():
        stream = validator.stream()
        for chunk in chunks:
            stream.feed(chunk)
            stream.partial
        return stream.finish()

    def jsonseam_partial_end():
        stream = validator.stream()
        for chunk in chunks:
            stream.feed(chunk)
        value = stream.partial
        stream.finish()
        return value

    def jiter_prefixes():
        value = None
        for end in ends:
            value = jiter.from_json(data[:end], partial_mode="trailing-strings")
        return value

    def partial_json_parser_prefixes():
        value = None
        for end in ends:
            value = partial_json_parser.loads(text[:end])
        return value

    return {
        "jsonseam_partial_each": jsonseam_partial_each,
        "jsonseam_partial_end": jsonseam_partial_end,
        "jiter": jiter_prefixes,
        "partial_json_parser": partial_json_parser_prefixes,
    }


def check_final_values(functions: Dict[str, Callable[[], object]], text: str) -> None:
    """Raise AssertionError unless every tool ends with the same value as `json.loads`."""
    expected = json.loads(text)
    for name, function in functions.items():
        output = function()
        value = output.value if isinstance(output, jsonseam.Result) else output
        assert value == expected, f"{name} ended with a value that differs from json.loads"


def run(budget_seconds: float) -> dict:
    """Check and time every tool on both answers in both chunk sizes, and return the JSON-ready results."""
    schema = answers.load_schema()
    # The defaults (extraction and lossless repairs on) are what a caller streaming model
    # output would use.
    validator = jsonseam.Validator(schema)
    answer_rows = []
    groups = []
    for label, target_bytes, seed in ANSWERS:
        text = answers.make_answer(target_bytes, seed)
        assert validator.validate(text).status == "valid", f"the generated {label} answer is not valid"
        answer_rows.append({
            "label": label,
            "bytes": len(text.encode("ascii")),
            "line_items": len(json.loads(text)["line_items"]),
        })
        for chunk_size in CHUNK_SIZES:
            functions = build_functions(validator, text, chunk_size)
            check_final_values(functions, text)
            print(f"  {label} answer in {chunk_size}-byte chunks: timing {len(TOOLS)} tools", flush=True)
            rounds = run_rounds(functions, budget_seconds)
            groups.append({
                "answer": label,
                "chunk_size": chunk_size,
                "chunks": len(split_chunks(text.encode("ascii"), chunk_size)),
                **rounds.to_json(),
            })
    return {
        "tools": [{"id": tool, "label": label, "call": call} for tool, label, call in TOOLS],
        "answers": answer_rows,
        "budget_seconds": budget_seconds,
        "groups": groups,
    }
