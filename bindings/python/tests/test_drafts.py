"""The draft, format_assertion and resources options of Validator."""

from __future__ import annotations

import json

import pytest

import jsonseam

DRAFT_04_URI = "http://json-schema.org/draft-04/schema#"

# `exclusiveMaximum: true` is the draft-04 form. `const` is not a draft-04 keyword, so read
# as draft 4 it is an unchecked annotation, while 2020-12 enforces it.
DRAFT_04_SCHEMA = {"type": "number", "maximum": 10, "exclusiveMaximum": True, "const": 3}

POINT_URI = "https://example.com/point.json"
POINT = {"type": "object", "required": ["x"], "properties": {"x": {"type": "integer"}}}
POINTS = {"type": "array", "items": {"$ref": POINT_URI}}


def test_draft_4_reads_boolean_exclusive_maximum():
    validator = jsonseam.Validator(DRAFT_04_SCHEMA, draft="4")
    with pytest.raises(jsonseam.RejectionError) as caught:
        validator.validate("10")
    assert caught.value.schema_path == "/exclusiveMaximum"
    assert validator.validate("5").value == 5
    assert validator.unchecked_keywords == ["/const"]
    assert validator.options["draft"] == "4"


def test_draft_default_follows_schema_uri():
    lenient = jsonseam.Validator(DRAFT_04_SCHEMA)
    assert lenient.options["draft"] is None
    with pytest.raises(jsonseam.RejectionError) as caught:
        lenient.validate("5")
    assert caught.value.schema_path == "/const"

    declared = jsonseam.Validator({"$schema": DRAFT_04_URI, **DRAFT_04_SCHEMA})
    assert declared.validate("5").value == 5


@pytest.mark.parametrize(
    ("argument", "name"),
    [
        ("4", "4"),
        ("6", "6"),
        ("7", "7"),
        ("2019-09", "2019-09"),
        ("2020-12", "2020-12"),
        (DRAFT_04_URI, "4"),
        ("https://json-schema.org/draft-07/schema", "7"),
        ("https://json-schema.org/draft/2020-12/schema", "2020-12"),
    ],
)
def test_draft_accepts_names_and_uris(argument, name):
    assert jsonseam.Validator(True, draft=argument).options["draft"] == name


@pytest.mark.parametrize("argument", ["5", "draft-04", "2020", "", "https://json-schema.org/draft/2021-01/schema"])
def test_draft_rejects_unknown_value(argument):
    with pytest.raises(ValueError, match="'4', '6', '7', '2019-09' or '2020-12'"):
        jsonseam.Validator(True, draft=argument)


def test_draft_of_wrong_type_is_type_error():
    with pytest.raises(TypeError):
        jsonseam.Validator(True, draft=4)


def test_format_rejected_only_with_assertion():
    schema = {"type": "string", "format": "date"}
    assert jsonseam.Validator(schema).is_valid('"2024-02-30"')

    validator = jsonseam.Validator(schema, format_assertion=True)
    assert validator.options["format_assertion"] is True
    assert validator.is_valid('"2024-02-29"')
    with pytest.raises(jsonseam.RejectionError) as caught:
        validator.validate('"2024-02-30"')
    assert caught.value.kind == "schema"
    assert caught.value.schema_path == "/format"


@pytest.mark.parametrize(
    "document",
    [POINT, json.dumps(POINT), json.dumps(POINT).encode(), bytearray(json.dumps(POINT).encode())],
    ids=["dict", "str", "bytes", "bytearray"],
)
def test_resource_resolves_registered_ref(document):
    validator = jsonseam.Validator(POINTS, resources={POINT_URI: document})
    assert validator.validate('[{"x": 1}, {"x": 2}]').value == [{"x": 1}, {"x": 2}]
    with pytest.raises(jsonseam.RejectionError) as caught:
        validator.validate('[{"x": 1}, {"x": "2"}]')
    assert caught.value.instance_path == [1, "x"]
    assert caught.value.schema_path.startswith(POINT_URI + "#")


def test_unregistered_ref_is_unresolved_reference():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator(POINTS)
    assert caught.value.kind == "unresolved_reference"
    assert caught.value.schema_path == "/items/$ref"

    other = {"https://example.com/other.json": POINT}
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator(POINTS, resources=other)
    assert caught.value.kind == "unresolved_reference"


def test_options_reflect_resources():
    assert jsonseam.Validator(True).options["resources"] is None
    assert jsonseam.Validator(True, resources={}).options["resources"] == {}

    big = {"type": "integer", "maximum": 2**70, "multipleOf": 0.5, "default": None}
    resources = {POINT_URI: json.dumps(POINT), "https://example.com/big.json": big}
    validator = jsonseam.Validator(POINTS, resources=resources)
    assert validator.options["resources"] == {POINT_URI: POINT, "https://example.com/big.json": big}

    rebuilt = jsonseam.Validator(POINTS, **validator.options)
    assert rebuilt.options == validator.options


def test_resource_that_is_not_json_is_schema_error():
    with pytest.raises(jsonseam.SchemaError) as caught:
        jsonseam.Validator(POINTS, resources={POINT_URI: '{"type": '})
    assert caught.value.kind == "invalid_json"
    assert caught.value.schema_path == POINT_URI + "#"
    assert POINT_URI in str(caught.value)


def test_resource_arguments_of_wrong_type():
    with pytest.raises(TypeError, match="resources must be a dict"):
        jsonseam.Validator(POINTS, resources=[(POINT_URI, POINT)])
    with pytest.raises(TypeError, match="resources keys must be str"):
        jsonseam.Validator(POINTS, resources={b"https://example.com/point.json": POINT})
    with pytest.raises(TypeError, match=r"resources\[\"https://example.com/point.json\"\] must be a dict"):
        jsonseam.Validator(POINTS, resources={POINT_URI: 3})
    with pytest.raises(TypeError, match="schema values must be"):
        jsonseam.Validator(POINTS, resources={POINT_URI: {"enum": [object()]}})


def test_relative_resource_uri_is_value_error():
    with pytest.raises(ValueError, match='"point.json" is not an absolute URI'):
        jsonseam.Validator({"$ref": "point.json"}, resources={"point.json": POINT})


def test_resource_in_its_own_draft():
    # A registered document's `$schema` decides its draft, whatever `draft` sets for the
    # root: this draft-04 document keeps its boolean `exclusiveMinimum`.
    bound = {"$schema": DRAFT_04_URI, "minimum": 0, "exclusiveMinimum": True}
    validator = jsonseam.Validator(
        {"$ref": "https://example.com/positive.json"},
        draft="2020-12",
        resources={"https://example.com/positive.json": bound},
    )
    assert validator.is_valid("1")
    assert not validator.is_valid("0")


def test_metaschema_ref_needs_no_resource():
    validator = jsonseam.Validator({"$ref": "https://json-schema.org/draft/2020-12/schema"})
    assert validator.is_valid('{"type": "string"}')
    assert not validator.is_valid('{"type": 12}')
