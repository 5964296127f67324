"""Stream.partial while documents arrive one byte at a time: every read must extend the
one before it, return the same containers, and extend into the finished value."""

from __future__ import annotations

import copy
import json
import random
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
    """Feed `data` one byte at a time and return a deep copy of the partial value after
    every byte (and after finish), checking each against the one before. Stops at a
    rejection.

    `partial` is updated in place, so each read is copied before the next feed, and the
    root container must be the object that the previous read returned."""
    stream = validator.stream()
    snapshots: List[Any] = []
    previous: Any = NOTHING_YET
    previous_root: Any = None
    for position in range(len(data)):
        try:
            stream.feed(data[position : position + 1])
        except jsonseam.RejectionError:
            break
        current = stream.partial
        if isinstance(previous_root, (dict, list)):
            assert current is previous_root, f"$ after byte {position}: partial returned a new root container"
        if previous is not NOTHING_YET and previous is not None:
            assert_extends(previous, current, f"$ after byte {position}")
        previous_root = current
        previous = copy.deepcopy(current)
        snapshots.append(previous)
    else:
        try:
            result = stream.finish()
        except jsonseam.RejectionError:
            return snapshots
        if previous is not NOTHING_YET and previous is not None:
            assert_extends(previous, result.value, "$ at finish")
        if isinstance(previous_root, (dict, list)):
            assert result.value is previous_root, "the finished value is not the partial value shown"
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


def test_partial_updates_same_objects():
    stream = jsonseam.Validator(True).stream()
    stream.feed('{"a": [1, {"b": "x')
    first = stream.partial
    inner_list = first["a"]
    inner_dict = inner_list[1]
    string_before = inner_dict["b"]
    stream.feed('yz"}, 2], "c": true}')
    second = stream.partial
    assert second is first
    assert second["a"] is inner_list
    assert second["a"][1] is inner_dict
    assert first == {"a": [1, {"b": "xyz"}, 2], "c": True}
    # A str cannot change, so a string read while it grew keeps its old content.
    assert string_before == "x"


def test_partial_is_result_value_after_finish():
    stream = jsonseam.Validator(True).stream()
    stream.feed('{"a": [1')
    shown = stream.partial
    stream.feed("]}")
    result = stream.finish()
    assert result.value is shown
    assert stream.partial is shown
    assert shown == {"a": [1]}


def test_partial_after_finish_without_reads():
    stream = jsonseam.Validator(True).stream()
    stream.feed('{"a": [1]}')
    result = stream.finish()
    assert stream.partial is result.value
    assert result.value == {"a": [1]}


def test_partial_root_string_is_replaced():
    stream = jsonseam.Validator(True).stream()
    stream.feed('"ab')
    first = stream.partial
    stream.feed('c"')
    assert first == "ab"
    assert stream.partial == "abc"


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


def make_large_document(seed: int, target_bytes: int) -> bytes:
    """Generate a pretty-printed document of about `target_bytes` with nested objects and
    arrays, repeated keys, escapes, non-ASCII text and numbers in every JSON form."""
    rng = random.Random(seed)
    words = ["alpha", "beta", "gamma", "caf\u00e9", "na\u00efve", "\u2603", "\U0001f600", 'quote"d', "back\\slash", "tab\t"]

    def text() -> str:
        return " ".join(rng.choice(words) for _ in range(rng.randint(0, 6)))

    def number() -> Any:
        return rng.choice([rng.randint(-1000, 1000), rng.randint(-(10**30), 10**30), rng.uniform(-1e6, 1e6), 0, -0.5e-7])

    def record(depth: int) -> Any:
        item = {
            "id": rng.randint(0, 10**9),
            "name": text(),
            "price": number(),
            "active": rng.choice([True, False, None]),
            "tags": [text() for _ in range(rng.randint(0, 4))],
        }
        if depth < 3 and rng.random() < 0.4:
            item["children"] = [record(depth + 1) for _ in range(rng.randint(0, 3))]
        if rng.random() < 0.2:
            item["empty"] = rng.choice([{}, [], ""])
        return item

    document = {"title": text(), "items": []}
    while len(json.dumps(document, ensure_ascii=False, indent=1)) < target_bytes:
        document["items"].append(record(0))
    return json.dumps(document, ensure_ascii=False, indent=1).encode()


def value_at(value: Any, path: List[Any]) -> Any:
    for segment in path:
        value = value[segment]
    return value


def assert_prefix_of(partial: Any, final: Any, path: str = "$") -> None:
    """Fail unless `partial` is a prefix of `final`: the same keys in the same order up to
    its last member, finished members and items equal, and the last one a prefix itself."""
    assert type(partial) is type(final), f"{path}: {type(partial).__name__} where the final value has {type(final).__name__}"
    if isinstance(partial, dict):
        keys = list(partial)
        assert keys == list(final)[: len(keys)], f"{path}: keys {keys} are not a prefix of the final keys"
        for key in keys[:-1]:
            assert partial[key] == final[key], f"{path}.{key}: differs from the final value"
        if keys:
            assert_prefix_of(partial[keys[-1]], final[keys[-1]], f"{path}.{keys[-1]}")
    elif isinstance(partial, list):
        assert len(partial) <= len(final), f"{path}: {len(partial)} items, the final value has {len(final)}"
        if partial:
            assert partial[:-1] == final[: len(partial) - 1], f"{path}: finished items differ from the final value"
            assert_prefix_of(partial[-1], final[len(partial) - 1], f"{path}[{len(partial) - 1}]")
    elif isinstance(partial, str):
        assert final.startswith(partial), f"{path}: {partial!r} is not a prefix of {final!r}"
    else:
        assert partial == final, f"{path}: {partial!r} differs from the final {final!r}"


def open_containers(value: Any) -> List[Any]:
    """Return the path of every container along the last member or item, from the root."""
    paths: List[Any] = []
    path: List[Any] = []
    while isinstance(value, (dict, list)):
        paths.append(list(path))
        if not value:
            break
        last = next(reversed(value)) if isinstance(value, dict) else len(value) - 1
        path.append(last)
        value = value[last]
    return paths


def test_partial_large_document_bytewise():
    data = make_large_document(seed=5, target_bytes=20_000)
    final = json.loads(data)
    stream = jsonseam.Validator(True, repair="none", extract=False).stream()
    root = None
    # Each container seen along the open path, with its path, must stay the same object.
    seen: List[Any] = []
    for position in range(len(data)):
        stream.feed(data[position : position + 1])
        partial = stream.partial
        if partial is None:
            continue
        if root is None:
            root = partial
        assert partial is root, f"after byte {position}: a new root object"
        assert_prefix_of(partial, final, f"$ after byte {position}")
        for path, container in seen:
            assert value_at(partial, path) is container, f"after byte {position}: the container at {path} was replaced"
        seen = [(path, value_at(partial, path)) for path in open_containers(partial)]
    result = stream.finish()
    assert result.value is root
    assert root == final
