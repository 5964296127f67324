"""RejectionError and SchemaError: fields, instance path decoding, feedback and pickling."""

from __future__ import annotations

import pickle

import pytest

import jsonseam

ITEMS_SCHEMA = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "price": {"type": "number", "minimum": 0}},
                "required": ["name"],
            },
        }
    },
}


def reject(schema, document, **options) -> jsonseam.RejectionError:
    with pytest.raises(jsonseam.RejectionError) as caught:
        jsonseam.Validator(schema, **options).validate(document)
    return caught.value


def test_rejection_error_fields():
    error = reject(ITEMS_SCHEMA, '{"items": [{"name": "pen", "price": 1}, {"name": 7}]}', repair="none")
    assert isinstance(error, ValueError)
    assert error.kind == "schema"
    assert error.offset == 49
    assert error.instance_path == ["items", 1, "name"]
    assert error.instance_pointer == "/items/1/name"
    assert error.schema_path == "/properties/items/items/properties/name/type"
    assert error.expected == "string"
    assert error.found == "a number"
    assert str(error) == (
        "schema violation at byte 49, instance path /items/1/name, "
        "schema path /properties/items/items/properties/name/type: expected string, found a number"
    )


def test_rejection_error_numeric_key_stays_str():
    schema = {"type": "object", "properties": {"0": {"type": "object", "properties": {"1": {"type": "string"}}}}}
    error = reject(schema, '{"0": {"1": 5}}')
    assert error.instance_path == ["0", "1"]


def test_rejection_error_index_inside_closed_array():
    schema = {"type": "array", "items": {"type": "array", "items": {"type": "array", "maxItems": 1}}}
    error = reject(schema, "[[[1]], [[1], [2, 3]]]")
    assert error.instance_path == [1, 1]
    assert error.kind == "schema"


def test_rejection_error_escaped_pointer_segments():
    schema = {"type": "object", "properties": {"a/b~c": {"type": "integer"}}}
    error = reject(schema, '{"a/b~c": "no"}')
    assert error.instance_pointer == "/a~1b~0c"
    assert error.instance_path == ["a/b~c"]


def test_rejection_error_root_path_is_empty_list():
    error = reject({"type": "string"}, "42", repair="none")
    assert error.instance_path == []
    assert error.instance_pointer == ""


def test_rejection_error_truncated():
    error = reject(True, '{"a": [1, 2', repair="none")
    assert error.kind == "truncated"
    assert error.offset == 11
    assert error.instance_path == ["a", 1]
    assert error.schema_path == ""


def test_rejection_error_no_json():
    error = reject({"type": "object"}, "I cannot help with that.")
    assert error.kind == "no_json"
    assert error.feedback() == "The output contains no JSON value. Reply with a JSON document that matches the schema."


def test_rejection_error_offset_counts_utf8_bytes():
    error = reject({"type": "array", "items": {"type": "string"}}, '["\u00e9\u00e9", 1]', repair="none")
    assert error.offset == 9


def test_feedback_schema_violation():
    error = reject(ITEMS_SCHEMA, '{"items": [{"name": "pen", "price": -3}]}')
    assert error.feedback() == (
        "The JSON does not match the schema at `$.items[0].price`: expected a number >= 0, found -3."
    )


def test_feedback_duplicate_key_omits_option():
    error = reject(True, '{"a": {"b": 1, "b": 2}}')
    assert error.feedback() == 'The object at `$.a` repeats a key: found "b" again. Use each key once.'


def test_feedback_names_location_expected_and_found():
    error = reject({"type": "object", "properties": {"unit": {"enum": ["celsius", "fahrenheit"]}}}, '{"unit": "kelvin"}')
    feedback = error.feedback()
    assert "`$.unit`" in feedback
    assert error.expected in feedback
    assert error.found in feedback
    assert "\n" not in feedback


def test_feedback_quotes_keys_that_are_not_identifiers():
    schema = {"type": "object", "properties": {"first name": {"type": "string"}}}
    error = reject(schema, '{"first name": 1}')
    assert '`$["first name"]`' in error.feedback()


def test_feedback_truncated_says_where_it_stopped():
    error = reject(True, '{"a": [1, 2', repair="none")
    assert error.feedback() == (
        "The output ended before the JSON document was complete: it stopped inside `$.a[1]`, "
        f"where {error.expected} was expected."
    )


def test_feedback_syntax_error():
    error = reject(True, "[1, 2,, 3]", repair="none")
    assert error.kind == "syntax"
    assert error.feedback().startswith("The output is not valid JSON at ")


def test_rejection_error_pickles():
    error = reject(ITEMS_SCHEMA, '{"items": [{"name": 1}]}')
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is jsonseam.RejectionError
    assert str(copy) == str(error)
    assert copy.instance_path == error.instance_path
    assert copy.feedback() == error.feedback()


def test_stream_raises_again_after_divergence():
    stream = jsonseam.Validator({"type": "array", "items": {"type": "integer"}}).stream()
    stream.feed("[1, ")
    with pytest.raises(jsonseam.RejectionError) as first:
        stream.feed('"two"')
    assert stream.rejection is not None
    assert str(stream.rejection) == str(first.value)
    with pytest.raises(jsonseam.RejectionError) as second:
        stream.feed("]")
    assert str(second.value) == str(first.value)
    with pytest.raises(jsonseam.RejectionError) as third:
        stream.finish()
    assert str(third.value) == str(first.value)


def test_stream_rejection_is_none_while_valid():
    stream = jsonseam.Validator(True).stream()
    stream.feed("[1")
    assert stream.rejection is None


def test_schema_error_fields():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator({"type": "object", "properties": {"a": {"type": "object", "unevaluatedProperties": 3}}})
    error = caught.value
    assert isinstance(error, ValueError)
    assert error.kind == "invalid_keyword"
    assert error.schema_path == "/properties/a/unevaluatedProperties"
    assert error.message
    assert str(error).startswith("invalid schema at /properties/a/unevaluatedProperties: ")
    assert error.offset is None
    assert error.instance_path == []
    assert error.expected is None
    assert error.found is None
    assert error.feedback().startswith("The JSON Schema is invalid at /properties/a/unevaluatedProperties: ")


def test_schema_error_invalid_pattern():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator({"type": "string", "pattern": "(unclosed"})
    assert caught.value.kind == "invalid_pattern"
    assert caught.value.schema_path == "/pattern"
    # Look-behind has no DFA; the wheel checks it when the string closes.
    validator = jsonseam.Validator({"type": "string", "pattern": "(?<=a)b"})
    assert validator.is_valid('"ab"')
    assert not validator.is_valid('"cb"')


def test_schema_error_unresolved_reference():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator({"$ref": "#/$defs/missing"})
    assert caught.value.kind == "unresolved_reference"


def test_schema_error_for_text_that_is_not_json():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator('{"type": ')
    assert caught.value.kind == "invalid_json"
    assert caught.value.schema_path == ""


def test_schema_error_for_non_finite_float():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator({"type": "number", "maximum": float("inf")})
    assert caught.value.kind == "invalid_json"
    assert caught.value.schema_path == "/maximum"


def test_schema_error_for_dict_that_contains_itself():
    schema: dict = {"type": "object"}
    schema["properties"] = {"self": schema}
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator(schema)
    assert caught.value.kind == "depth_limit"


def test_schema_of_wrong_python_type():
    with pytest.raises(TypeError, match="found set at /enum"):
        jsonseam.Validator({"enum": {1, 2}})
    with pytest.raises(TypeError, match="schema must be a dict"):
        jsonseam.Validator(42)
    with pytest.raises(TypeError, match="schema keys must be str"):
        jsonseam.Validator({1: "x"})


def test_schema_error_pickles():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator({"unevaluatedItems": 3})
    copy = pickle.loads(pickle.dumps(caught.value))
    assert (copy.kind, copy.schema_path, str(copy)) == (caught.value.kind, caught.value.schema_path, str(caught.value))


def test_candidate_limit_is_a_distinct_rejection():
    # Two anyOf members per level, each demanding the same schema of its items.
    member = {"type": "array", "items": {"$ref": "#/$defs/n"}}
    schema = {"$defs": {"n": {"anyOf": [member, dict(member, minItems=0)]}}, "$ref": "#/$defs/n"}
    document = "[" * 40 + "]" * 40
    assert jsonseam.Validator(schema).is_valid(document)
    validator = jsonseam.Validator(schema, max_candidates=20)
    assert validator.options["max_candidates"] == 20
    with pytest.raises(jsonseam.RejectionError) as caught:
        validator.validate(document)
    assert caught.value.kind == "candidate_limit"
    assert "max_candidates" in caught.value.expected
