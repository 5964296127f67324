"""Stream.partial while documents arrive one byte at a time: every snapshot must extend the
one before it, and the last one must extend into the finished value."""

from __future__ import annotations

from typing import Any, List

import pytest
from support import CASES, Case, case_params

import jsonseam

NOTHING_YET = object()


def assert_extends(before: Any, after: Any, path: str = "$") -> None:
    """Fail unless `after` keeps everything `before` showed: same types, same keys in the
    same order, lists and strings only growing, scalars unchanged."""
    assert type(after) is type(before), f"{path}: {type(before).__name__} became {type(after).__name__}"
    if isinstance(before, dict):
        keys_before, keys_after = list(before), list(after)
        assert keys_after[: len(keys_before)] == keys_before, f"{path}: keys {keys_before} became {keys_after}"
        for position, key in enumerate(keys_before):
            if position < len(keys_before) - 1:
                assert after[key] == before[key], f"{path}.{key}: a finished member changed"
            assert_extends(before[key], after[key], f"{path}.{key}")
    elif isinstance(before, list):
        assert len(after) >= len(before), f"{path}: list shrank from {len(before)} to {len(after)}"
        for index, item in enumerate(before):
            if index < len(before) - 1:
                assert after[index] == item, f"{path}[{index}]: a finished item changed"
            assert_extends(item, after[index], f"{path}[{index}]")
    elif isinstance(before, str):
        assert after.startswith(before), f"{path}: string {before!r} became {after!r}"
    else:
        assert after == before, f"{path}: {before!r} became {after!r}"


def stream_bytewise(validator: jsonseam.Validator, data: bytes) -> List[Any]:
    """Feed `data` one byte at a time and return the partial value after every byte (and
    after finish), checking each against the one before. Stops at a rejection."""
    stream = validator.stream()
    snapshots: List[Any] = []
    previous: Any = NOTHING_YET
    for position in range(len(data)):
        try:
            stream.feed(data[position : position + 1])
        except jsonseam.RejectionError:
            break
        current = stream.partial
        if previous is not NOTHING_YET and previous is not None:
            assert_extends(previous, current, f"$ after byte {position}")
        previous = current
        snapshots.append(current)
    else:
        try:
            result = stream.finish()
        except jsonseam.RejectionError:
            return snapshots
        if previous is not NOTHING_YET and previous is not None:
            assert_extends(previous, result.value, "$ at finish")
        assert stream.partial == result.value
    return snapshots


@pytest.mark.parametrize("case", case_params())
def test_partial_corpus_bytewise(case: Case):
    if (case.expected.get("options") or {}).get("allow_duplicate_keys"):
        pytest.skip("a repeated key replaces the value shown before it, as Stream.partial documents")
    stream_bytewise(case.validator(), case.input)


def test_partial_repeated_key_replaces_value():
    stream = jsonseam.Validator(True, allow_duplicate_keys=True).stream()
    stream.feed('{"a": 1, "a": "x')
    assert stream.partial == {"a": "x"}


HANDMADE = [
    ("nested", b'{"a": {"b": [1, {"c": "deep"}, [true, null]], "d": -12.5e3}, "e": []}'),
    ("strings split inside characters", '{"k": "caf\u00e9 \u2603 \U0001f600", "\u00e9": "x"}'.encode()),
    ("escapes", rb'{"q": "a\"b\\c\u00e9\ud83d\ude00\n", "r": ["\t"]}'),
    ("root string", b'"just a string"'),
    ("root number", b"12345"),
    ("root array of numbers", b"[1, 22, 333, 4.5, 6e7, -0]"),
    ("big integer", b'{"n": 123456789012345678901234567890, "m": 1}'),
    ("empty containers", b'{"a": {}, "b": [], "c": [[], {}], "d": ""}'),
]


@pytest.mark.parametrize(("name", "data"), HANDMADE, ids=[name for name, _ in HANDMADE])
def test_partial_handmade_bytewise(name: str, data: bytes):
    validator = jsonseam.Validator(True)
    snapshots = stream_bytewise(validator, data)
    assert snapshots, f"{name}: no snapshot taken"
    assert validator.validate(data).value == stream_bytewise(validator, data + b" ")[-1]


def test_partial_repaired_model_output():
    data = b"Here it is:\n```json\n{'name': 'Ann', tags: ['a', 'b',], 'ok': True, // done\n}\n```\n"
    validator = jsonseam.Validator({"type": "object"})
    stream_bytewise(validator, data)
    assert validator.validate(data).value == {"name": "Ann", "tags": ["a", "b"], "ok": True}


def test_partial_before_any_value_is_none():
    stream = jsonseam.Validator(True).stream()
    assert stream.partial is None
    stream.feed("   ")
    assert stream.partial is None


def test_partial_hides_key_until_value_begins():
    stream = jsonseam.Validator(True).stream()
    stream.feed('{"done": 1, "key"')
    assert stream.partial == {"done": 1}
    stream.feed(": ")
    assert stream.partial == {"done": 1}
    stream.feed('"v')
    assert stream.partial == {"done": 1, "key": "v"}


def test_partial_shows_number_once_complete():
    stream = jsonseam.Validator(True).stream()
    stream.feed("[12")
    assert stream.partial == []
    stream.feed("34")
    assert stream.partial == []
    stream.feed(",")
    assert stream.partial == [1234]


def test_partial_snapshots_are_independent():
    stream = jsonseam.Validator(True).stream()
    stream.feed('{"a": [1,')
    first = stream.partial
    first["a"].append("mutated")
    assert stream.partial == {"a": [1]}


def test_partial_after_rejection_keeps_accepted_prefix():
    validator = jsonseam.Validator({"type": "array", "items": {"type": "integer"}}, repair="none")
    stream = validator.stream()
    stream.feed("[1, 2, ")
    with pytest.raises(jsonseam.RejectionError):
        stream.feed('"x"]')
    assert stream.partial == [1, 2]


def test_partial_after_truncation_at_finish():
    stream = jsonseam.Validator(True, repair="none").stream()
    stream.feed('{"a": [1, "tw')
    with pytest.raises(jsonseam.RejectionError) as caught:
        stream.finish()
    assert caught.value.kind == "truncated"
    assert stream.partial == {"a": [1, "tw"]}


def test_partial_corpus_cases_exist():
    assert any(case.expected["valid"] for case in CASES)
