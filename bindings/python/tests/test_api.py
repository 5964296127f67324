"""Validator, Stream and Result: options, input types, values, reports and consume()."""

from __future__ import annotations

import json
import math

import pytest

import jsonseam

PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
    "required": ["name"],
    "additionalProperties": False,
}


def test_validate_returns_result():
    result = jsonseam.Validator(PERSON).validate('{ "name" : "Ann", "age": 31 }')
    assert isinstance(result, jsonseam.Result)
    assert result.value == {"name": "Ann", "age": 31}
    assert result.text == '{"name":"Ann","age":31}'
    assert result.status == "valid"
    assert result.repairs == []
    assert result.stripped == []
    assert result.bytes == 29


def test_validate_accepts_str_bytes_and_bytearray():
    validator = jsonseam.Validator(PERSON)
    document = '{"name": "Zo\u00eb"}'
    for data in (document, document.encode(), bytearray(document.encode())):
        assert validator.validate(data).value == {"name": "Zo\u00eb"}
        assert validator.is_valid(data) is True


def test_validate_rejects_other_input_types():
    validator = jsonseam.Validator(PERSON)
    with pytest.raises(TypeError, match="document must be str or bytes, not dict"):
        validator.validate({"name": "Ann"})
    with pytest.raises(TypeError, match="chunk must be str or bytes, not int"):
        validator.stream().feed(5)


def test_is_valid():
    validator = jsonseam.Validator(PERSON)
    assert validator.is_valid('{"name": "Ann"}') is True
    assert validator.is_valid('{"name": "Ann", "age": -1}') is False
    assert validator.is_valid('{"name": "Ann"') is False


def test_schema_as_json_text():
    for schema in ('{"type": "integer"}', b'{"type": "integer"}'):
        validator = jsonseam.Validator(schema)
        assert validator.validate("7").value == 7
        assert not validator.is_valid('"7"')


def test_boolean_schemas():
    assert jsonseam.Validator(True).validate("[1]").value == [1]
    assert not jsonseam.Validator(False, extract=False).is_valid("[1]")


def test_numbers_int_float_and_text():
    schema = {"type": "array"}
    result = jsonseam.Validator(schema, max_number_bytes=10_000).validate(
        "[0, -0, 7, -12, 1.0, 1.5E+2, 1e400, 123456789012345678901234567890, -9223372036854775809]"
    )
    value = result.value
    assert [type(item) for item in value] == [int, int, int, int, float, float, float, int, int]
    assert value[:6] == [0, 0, 7, -12, 1.0, 150.0]
    assert math.isinf(value[6])
    assert value[7] == 123456789012345678901234567890
    assert value[8] == -9223372036854775809
    assert result.text == "[0,-0,7,-12,1.0,1.5E+2,1e400,123456789012345678901234567890,-9223372036854775809]"



def test_integers_at_18_and_19_digits():
    # An integer of up to 18 digits is read directly, and a longer one by the general path.
    text = ("[999999999999999999, -999999999999999999, 1000000000000000000, "
            "9223372036854775807, -9223372036854775808, 9223372036854775808]")
    value = jsonseam.Validator({"type": "array"}).validate(text).value
    assert value == json.loads(text)
    assert all(type(item) is int for item in value)

def test_keys_differing_only_inside():
    # The key cache compares keys of up to 16 bytes by their first and last eight bytes, and
    # keys that differ in a middle byte must stay distinct at every length.
    keys = []
    for length in (1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 40, 64, 65):
        for middle in "ab":
            key = "x" * (length // 2) + middle + "y" * (length - length // 2 - 1)
            keys.append(key[:length])
    keys.extend(["é", "e\u0301", "k" * 5000])
    members = [f"{json.dumps(key)}: {i}" for i, key in enumerate(dict.fromkeys(keys))]
    text = "[" + ", ".join("{" + ", ".join(members) + "}" for _ in range(3)) + "]"
    value = jsonseam.Validator({"type": "array"}).validate(text).value
    assert value == json.loads(text)
    assert len(value[0]) == len(dict.fromkeys(keys))


def test_many_distinct_keys():
    # More keys than the cache keeps: the later ones are built each time.
    members = ", ".join(f'"key{i}": {i}' for i in range(10000))
    text = "[{" + members + "}, {" + members + "}]"
    value = jsonseam.Validator(True).validate(text).value
    assert value == json.loads(text)


def test_integer_longer_than_int_max_str_digits():
    digits = "9" * 5000
    result = jsonseam.Validator(True, max_number_bytes=6000).validate(f"[-{digits}]")
    assert result.value == [-(10**5000 - 1)]


def test_value_is_cached_and_text_is_canonical():
    result = jsonseam.Validator(True).validate(' {"a\\/b": "\\u00e9\\t", "n": [1.50E+2]} ')
    assert result.value is result.value
    assert result.text == '{"a/b":"\u00e9\\t","n":[1.50E+2]}'


def test_lossless_repairs_are_reported():
    result = jsonseam.Validator({"type": "object"}).validate("{'a': 1, b: [True, None,],}")
    assert result.value == {"a": 1, "b": [True, None]}
    assert result.status == "repaired"
    kinds = [repair["kind"] for repair in result.repairs]
    assert "single_quotes" in kinds
    assert "unquoted_key" in kinds
    assert "python_literal" in kinds
    assert "trailing_comma" in kinds
    for repair in result.repairs:
        assert set(repair) == {"kind", "class", "offset", "original", "written"}
        assert repair["class"] == "lossless"


def test_repair_none_rejects_what_lossless_repairs():
    document = '{"a": 1,}'
    assert jsonseam.Validator(True).validate(document).value == {"a": 1}
    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(True, repair="none").validate(document)
    assert caught.value.kind == "syntax"


def test_repair_lossy_closes_truncated_document():
    validator = jsonseam.Validator({"type": "object"}, repair="lossy")
    result = validator.validate('{"items": ["a", "b')
    assert result.status == "truncated"
    assert result.value == {"items": ["a", "b"]}
    assert result.repairs[-1]["kind"] == "closed_truncation"
    assert result.repairs[-1]["class"] == "lossy"
    with pytest.raises(jsonseam.RejectionError):
        jsonseam.Validator({"type": "object"}).validate('{"items": ["a", "b')


def test_repair_mode_must_be_known():
    with pytest.raises(ValueError, match="repair must be 'none', 'lossless' or 'lossy'"):
        jsonseam.Validator(True, repair="strict")


def test_allow_non_finite():
    with pytest.raises(jsonseam.RejectionError):
        jsonseam.Validator(True).validate("[NaN]")
    result = jsonseam.Validator(True, allow_non_finite=True).validate("[NaN, 1]")
    assert result.value == [None, 1]
    assert result.repairs[0]["kind"] == "non_finite_number"
    assert result.repairs[0]["class"] == "lossy"


def test_extract_strips_prose_and_fences():
    output = 'Sure! Here is the JSON:\n```json\n{"name": "Ann"}\n```\nAnything else?'
    result = jsonseam.Validator(PERSON).validate(output)
    assert result.value == {"name": "Ann"}
    assert result.status == "repaired"
    stripped = [(entry["kind"], output.encode()[entry["start"] : entry["end"]]) for entry in result.stripped]
    assert stripped == [
        ("prose", b"Sure! Here is the JSON:"),
        ("fence", b"```json\n"),
        ("fence", b"```\n"),
        ("trailing", b"Anything else?"),
    ]
    with pytest.raises(jsonseam.RejectionError):
        jsonseam.Validator(PERSON, extract=False).validate(output)


def test_duplicate_keys():
    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(True).validate('{"a": 1, "a": 2}')
    assert caught.value.kind == "duplicate_key"
    result = jsonseam.Validator(True, allow_duplicate_keys=True).validate('{"a": 1, "a": 2}')
    assert result.text == '{"a":1,"a":2}'
    assert result.value == {"a": 2}


def test_max_depth_and_max_bytes():
    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(True, max_depth=2).validate("[[[1]]]")
    assert caught.value.kind == "depth_limit"
    assert caught.value.offset == 2
    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(True, max_bytes=4).validate("[1, 2]")
    assert caught.value.kind == "size_limit"


def test_deep_nesting_without_native_recursion():
    depth = 200_000
    validator = jsonseam.Validator(True, max_depth=depth + 1, repair="none", extract=False)
    deep = "[" * depth + "]" * depth
    result = validator.validate(deep)
    assert len(result.text) == 2 * depth
    assert isinstance(result.value, list)
    stream = validator.stream()
    stream.feed("[" * depth)
    assert isinstance(stream.partial, list)
    # The rejection's path is decoded against a tree that contains the closed deep array.
    with pytest.raises(jsonseam.RejectionError) as caught:
        validator.validate('{"a": ' + deep + ', "0": {"b": x')
    assert caught.value.instance_path == ["0", "b"]


def test_unknown_keywords_are_listed():
    # A keyword that no draft defines is an annotation: it compiles and is listed.
    schema = {"type": "string", "format": "email", "x-internal": True}
    assert jsonseam.Validator(schema).unchecked_keywords == ["/x-internal"]
    validator = jsonseam.Validator(schema, unknown_keywords=True)
    assert validator.unchecked_keywords == ["/x-internal"]
    assert jsonseam.Validator({"type": "string"}).unchecked_keywords == []


def test_options_reflect_arguments():
    options = jsonseam.Validator(True, repair="lossy", max_depth=7, max_bytes=100, extract=False).options
    assert options["repair"] == "lossy"
    assert options["max_depth"] == 7
    assert options["max_bytes"] == 100
    assert options["extract"] is False


def test_unknown_option_is_type_error():
    with pytest.raises(TypeError):
        jsonseam.Validator(True, max_dept=3)
    with pytest.raises(TypeError):
        jsonseam.Validator(True, "lossless")


def test_negative_limit_is_rejected():
    with pytest.raises(OverflowError):
        jsonseam.Validator(True, max_depth=-1)


def test_stream_progress_and_finish():
    stream = jsonseam.Validator({"type": "array"}).stream()
    stream.feed(b"[1, ")
    assert stream.offset == 4
    assert stream.complete is False
    stream.feed("2]  ")
    assert stream.offset == 8
    assert stream.complete is True
    result = stream.finish()
    assert result.value == [1, 2]
    assert stream.finish() is result
    with pytest.raises(ValueError, match="after finish"):
        stream.feed("x")


def test_stream_accepts_characters_split_across_byte_chunks():
    encoded = '"\U0001f600"'.encode()
    stream = jsonseam.Validator(True).stream()
    for index in range(len(encoded)):
        stream.feed(encoded[index : index + 1])
    assert stream.finish().value == "\U0001f600"


def test_consume_reads_iterator():
    deltas = ['```json\n{"na', "me", '": "Ann", ', None, '"age": 3', "1}\n```"]
    result = jsonseam.Validator(PERSON).consume(deltas)
    assert result.value == {"name": "Ann", "age": 31}


def test_consume_stops_at_first_divergence():
    pulled = []

    def deltas():
        for delta in ['{"name": "Ann", ', '"nickname": ', '"A"}', "never read"]:
            pulled.append(delta)
            yield delta

    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(PERSON).consume(deltas())
    assert caught.value.kind == "schema"
    assert pulled == ['{"name": "Ann", ', '"nickname": ']


def test_consume_raises_truncation_at_end():
    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(PERSON).consume(['{"name": "A'])
    assert caught.value.kind == "truncated"


def test_consume_rejects_non_text_items():
    with pytest.raises(TypeError, match="each chunk must be str or bytes, not int"):
        jsonseam.Validator(PERSON).consume(["{", 5])


def test_consume_propagates_iterator_errors():
    def broken():
        yield "{"
        raise ConnectionError("stream dropped")

    with pytest.raises(ConnectionError, match="stream dropped"):
        jsonseam.Validator(PERSON).consume(broken())


def test_repr():
    validator = jsonseam.Validator(True, repair="none", extract=False)
    assert repr(validator) == "<jsonseam.Validator repair='none' extract=False>"
    assert repr(validator.validate("[1]")) == "<jsonseam.Result status='valid' text='[1]'>"
    stream = validator.stream()
    assert repr(stream) == "<jsonseam.Stream open offset=0>"
