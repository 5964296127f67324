"""Shared helpers: the corpus cases, option mapping, chunkings and result summaries.

The tests import `jsonseam` from the installed wheel: test.sh runs pytest from an empty
directory with --import-mode=importlib, and pyproject.toml puts only tests/ on sys.path
(for this module). test_install.py checks where the package came from.
"""

from __future__ import annotations

import json
import os
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

import pytest

import jsonseam

TESTS_DIR = Path(__file__).resolve().parent
SOURCE_DIR = Path(os.environ.get("JSONSEAM_SOURCE_DIR", TESTS_DIR.parent))
CORPUS_DIR = Path(os.environ.get("JSONSEAM_CORPUS_DIR", SOURCE_DIR.parent.parent / "corpus"))


@dataclass
class Case:
    name: str
    schema: Any
    input: bytes
    expected: Dict[str, Any]

    def validator(self) -> jsonseam.Validator:
        return jsonseam.Validator(self.schema, **validator_options(self.expected.get("options")))


def load_cases() -> List[Case]:
    """Load every corpus case, sorted by name."""
    cases = []
    for folder in sorted(CORPUS_DIR.iterdir()):
        if not (folder / "expected.json").exists():
            continue
        cases.append(
            Case(
                name=folder.name,
                schema=json.loads((folder / "schema.json").read_bytes()),
                input=(folder / "input.txt").read_bytes(),
                expected=json.loads((folder / "expected.json").read_bytes()),
            )
        )
    return cases


CASES = load_cases() if CORPUS_DIR.is_dir() else []


def case_params() -> List[Any]:
    if not CASES:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no corpus at {CORPUS_DIR}"))]
    return [pytest.param(case, id=case.name) for case in CASES]


def validator_options(options: Optional[Dict[str, Any]]) -> Dict[str, Any]:
    """Map an expected.json `options` object to Validator keyword arguments.

    `strict: true` is the core's Options::strict(): no extraction and no repairs. The core
    names the no-repair mode `strict`, which is `"none"` in Python.
    """
    kwargs: Dict[str, Any] = {}
    if not options:
        return kwargs
    if options.get("strict"):
        kwargs.update(repair="none", extract=False)
    for name, value in options.items():
        if name == "strict":
            continue
        if name == "repair":
            kwargs["repair"] = "none" if value == "strict" else value
        else:
            kwargs[name] = value
    return kwargs


def encode_pointer(path: List[Any]) -> str:
    """Encode a list of keys and indexes as a JSON Pointer (RFC 6901)."""
    return "".join("/" + str(segment).replace("~", "~0").replace("/", "~1") for segment in path)


def random_chunks(data: bytes, seed: int, max_size: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    position = 0
    while position < len(data):
        size = rng.randint(1, max_size)
        yield data[position : position + size]
        position += size


def fixed_chunks(data: bytes, size: int) -> Iterator[bytes]:
    for position in range(0, len(data), size):
        yield data[position : position + size]


def summarize_result(result: jsonseam.Result) -> Dict[str, Any]:
    return {
        "text": result.text,
        "value": result.value,
        "status": result.status,
        "repairs": result.repairs,
        "stripped": result.stripped,
        "bytes": result.bytes,
    }


def summarize_rejection(error: jsonseam.RejectionError) -> Dict[str, Any]:
    return {
        "message": str(error),
        "kind": error.kind,
        "offset": error.offset,
        "instance_path": error.instance_path,
        "instance_pointer": error.instance_pointer,
        "schema_path": error.schema_path,
        "expected": error.expected,
        "found": error.found,
    }


def run_stream(validator: jsonseam.Validator, chunks: Iterator[bytes]) -> Dict[str, Any]:
    """Feed chunks to a new stream and summarize the outcome. A diverged stream must raise
    the same rejection on the next feed and on finish."""
    stream = validator.stream()
    try:
        for chunk in chunks:
            stream.feed(chunk)
    except jsonseam.RejectionError as error:
        first = summarize_rejection(error)
        with pytest.raises(jsonseam.RejectionError) as again:
            stream.feed(b"{}")
        assert summarize_rejection(again.value) == first, "a diverged stream raises the same rejection again"
        with pytest.raises(jsonseam.RejectionError) as at_finish:
            stream.finish()
        assert summarize_rejection(at_finish.value) == first, "finish() raises the rejection that feed() raised"
        return {"rejection": first}
    try:
        return {"result": summarize_result(stream.finish())}
    except jsonseam.RejectionError as error:
        return {"rejection": summarize_rejection(error)}


def run_whole(validator: jsonseam.Validator, data: bytes) -> Dict[str, Any]:
    try:
        return {"result": summarize_result(validator.validate(data))}
    except jsonseam.RejectionError as error:
        return {"rejection": summarize_rejection(error)}
