"""Every corpus case through validate(), is_valid(), stream() in several chunkings, and
consume(), checked against the case's expected.json."""

from __future__ import annotations

import json

import pytest
from support import (
    CASES,
    Case,
    case_params,
    encode_pointer,
    fixed_chunks,
    random_chunks,
    run_stream,
    run_whole,
)

import jsonseam


def test_corpus_is_present():
    assert len(CASES) >= 12, "the corpus has at least twelve cases"


def check_expected(case: Case, outcome: dict) -> None:
    expected = case.expected
    if expected["valid"]:
        assert "result" in outcome, f"rejected: {outcome.get('rejection', {}).get('message')}"
        result = outcome["result"]
        assert result["text"] == expected["output"]
        assert result["value"] == json.loads(expected["output"])
        if "status" in expected:
            assert result["status"] == expected["status"]
        for field in ("stripped", "repairs"):
            if field in expected:
                actual = [{key: entry[key] for key in want} for want, entry in zip(expected[field], result[field])]
                assert len(result[field]) == len(expected[field]), f"{field}: {result[field]}"
                assert actual == expected[field]
    else:
        assert "rejection" in outcome, f"accepted as {outcome.get('result', {}).get('text')}"
        rejection = outcome["rejection"]
        assert rejection["kind"] == expected["kind"], rejection["message"]
        assert rejection["offset"] == expected["offset"], rejection["message"]
        assert rejection["instance_pointer"] == expected["instance_path"], rejection["message"]
        assert encode_pointer(rejection["instance_path"]) == expected["instance_path"]
        if "schema_path" in expected:
            assert rejection["schema_path"] == expected["schema_path"], rejection["message"]


@pytest.mark.parametrize("case", case_params())
def test_corpus_validate(case: Case):
    validator = case.validator()
    assert validator.is_valid(case.input) is case.expected["valid"]
    check_expected(case, run_whole(validator, case.input))


@pytest.mark.parametrize("case", case_params())
def test_corpus_stream_chunkings(case: Case):
    validator = case.validator()
    whole = run_whole(validator, case.input)
    chunkings = {
        "1-byte": list(fixed_chunks(case.input, 1)),
        "3-byte": list(fixed_chunks(case.input, 3)),
        **{f"random seed {seed}": list(random_chunks(case.input, seed, 16)) for seed in (1, 2, 3)},
    }
    for name, chunks in chunkings.items():
        outcome = run_stream(validator, iter(chunks))
        assert outcome == whole, f"{name} chunking differs from the whole input"
    check_expected(case, whole)


@pytest.mark.parametrize("case", case_params())
def test_corpus_consume(case: Case):
    validator = case.validator()
    whole = run_whole(validator, case.input)
    chunks = list(random_chunks(case.input, 11, 8))
    try:
        result = validator.consume(chunks)
    except jsonseam.RejectionError as error:
        assert "rejection" in whole
        assert error.offset == whole["rejection"]["offset"]
        assert str(error) == whole["rejection"]["message"]
    else:
        assert "result" in whole
        assert result.text == whole["result"]["text"]
