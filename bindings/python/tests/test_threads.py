"""One Validator shared by the threads of a ThreadPoolExecutor, and the GIL released
while a document is validated."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from support import run_stream, run_whole

import jsonseam

SCHEMA = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "tags": {"type": "array", "items": {"type": "string", "maxLength": 8}},
    },
    "required": ["id"],
}


def documents():
    for number in range(200):
        if number % 3 == 0:
            yield f'{{"id": {number}, "tags": ["a", "too long a tag {number}"]}}'.encode()
        elif number % 3 == 1:
            yield f'{{"id": {number}, "tags": ["t{number}"]}}'.encode()
        else:
            yield f'{{"id": {number}, "tags": ["t", '.encode()


def test_shared_validator_in_thread_pool():
    validator = jsonseam.Validator(SCHEMA)
    inputs = list(documents())
    serial = [run_whole(validator, data) for data in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        whole = list(pool.map(lambda data: run_whole(validator, data), inputs))
        streamed = list(pool.map(lambda data: run_stream(validator, (data[i : i + 3] for i in range(0, len(data), 3))), inputs))
        valid = list(pool.map(validator.is_valid, inputs))
    assert whole == serial
    assert streamed == serial
    assert valid == ["result" in outcome for outcome in serial]


def test_validators_built_in_threads():
    def build_and_check(number: int) -> bool:
        validator = jsonseam.Validator({"type": "integer", "maximum": number})
        return validator.is_valid(str(number)) and not validator.is_valid(str(number + 1))

    with ThreadPoolExecutor(max_workers=4) as pool:
        assert all(pool.map(build_and_check, range(64)))


@pytest.mark.parametrize("method", ["is_valid", "validate"])
def test_validation_releases_the_gil(method: str):
    validator = jsonseam.Validator({"type": "array", "items": {"type": "integer"}})
    check = getattr(validator, method)
    # Grow the document until one call takes long enough to observe.
    items = 100_000
    while True:
        document = b"[" + b"123456789," * items + b"0]"
        start = time.perf_counter()
        assert check(document)
        duration = time.perf_counter() - start
        if duration >= 0.2 or items >= 40_000_000:
            break
        items *= 2

    finished = threading.Event()

    def worker():
        check(document)
        finished.set()

    thread = threading.Thread(target=worker)
    thread.start()
    # While the worker validates without the GIL, this loop keeps running; with the GIL
    # held, it would stall for the whole call.
    longest_gap = 0.0
    last = time.perf_counter()
    while not finished.is_set():
        now = time.perf_counter()
        longest_gap = max(longest_gap, now - last)
        last = now
    thread.join()
    assert longest_gap < duration / 2, f"the main thread stalled {longest_gap:.3f} s of a {duration:.3f} s call"
