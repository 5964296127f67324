"""Whole-document validation of twitter.json, citm_catalog.json and canada.json.

jsonseam reads the document bytes with the schema from benches/schemas/. The peers parse
the same bytes with `json.loads` or `orjson.loads` and validate the value with
jsonschema_rs or fastjsonschema, or let pydantic parse and validate in one call.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Dict, List

import fastjsonschema
import jsonschema_rs
import jsonseam
import orjson
import pydantic
from typing_extensions import Literal, NotRequired, TypedDict

from timing import run_rounds

DOCUMENT_NAMES = ["twitter", "citm_catalog", "canada"]

# Rows of the whole-document tables, in table order: id, label, what one call does.
TOOLS = [
    ("jsonseam_value", "jsonseam `validate(data).value`",
     "validate, then build the `dict` (the `Result`, with its recorded events, is freed inside the timed call)"),
    ("jsonseam_validate", "jsonseam `validate(data)`",
     "validate and record the events that `value` and `text` are built from on first access, but build neither"),
    ("jsonseam_is_valid", "jsonseam `is_valid(data)`", "validate only, no output"),
    ("json_jsonschema_rs", "`json.loads` + jsonschema_rs", "`json.loads(data)`, then `is_valid` on the value"),
    ("orjson_jsonschema_rs", "`orjson.loads` + jsonschema_rs", "`orjson.loads(data)`, then `is_valid` on the value"),
    ("json_fastjsonschema", "`json.loads` + fastjsonschema",
     "`json.loads(data)`, then the compiled fastjsonschema function on the value"),
    ("pydantic_typeddict", "pydantic `TypedDict`", "`TypeAdapter(<TypedDict>).validate_json(data)`, shallow types (below)"),
    ("pydantic_dict", "pydantic `dict`", "`TypeAdapter(dict[str, Any]).validate_json(data)`: parsing only"),
    ("json_loads", "`json.loads` alone", "parsing only, no schema"),
    ("orjson_loads", "`orjson.loads` alone", "parsing only, no schema"),
]

# The baseline that the ratio column of each table divides by.
BASELINE = "json_jsonschema_rs"


# pydantic types for the documents. They check the top-level keys and the types of a few
# fields, and take the rest as `dict[str, Any]`: far less than the JSON Schemas check.
# pydantic rejects typing.TypedDict before Python 3.12, so these use typing_extensions.
class TwitterSearchMetadata(TypedDict):
    completed_in: float
    max_id: int
    max_id_str: str
    next_results: NotRequired[str]
    query: str
    refresh_url: str
    count: int
    since_id: int
    since_id_str: str


class TwitterSearch(TypedDict):
    statuses: List[Dict[str, Any]]
    search_metadata: TwitterSearchMetadata


class CitmCatalog(TypedDict):
    areaNames: Dict[str, str]
    audienceSubCategoryNames: Dict[str, str]
    blockNames: Dict[str, str]
    events: Dict[str, Dict[str, Any]]
    performances: List[Dict[str, Any]]
    seatCategoryNames: Dict[str, str]
    subTopicNames: Dict[str, str]
    subjectNames: Dict[str, str]
    topicNames: Dict[str, str]
    topicSubTopics: Dict[str, List[int]]
    venueNames: Dict[str, str]


class CanadaGeometry(TypedDict):
    type: Literal["Polygon"]
    coordinates: List[List[List[float]]]


class CanadaFeature(TypedDict):
    type: Literal["Feature"]
    properties: Dict[str, Any]
    geometry: CanadaGeometry


class CanadaFeatureCollection(TypedDict):
    type: Literal["FeatureCollection"]
    features: List[CanadaFeature]


PYDANTIC_TYPES = {
    "twitter": TwitterSearch,
    "citm_catalog": CitmCatalog,
    "canada": CanadaFeatureCollection,
}

PYDANTIC_TYPE_NOTES = {
    "twitter": "`statuses: list[dict[str, Any]]` and `search_metadata` with its 9 fields typed",
    "citm_catalog": "the 11 top-level keys, name tables as `dict[str, str]`, `topicSubTopics` as "
                    "`dict[str, list[int]]`, events and performances as `dict[str, Any]`",
    "canada": "`FeatureCollection` with `Feature` items whose polygon `coordinates` are "
              "`list[list[list[float]]]`, so every number is checked to be a number",
}


def deep_mutation(name: str, value: Any) -> Any:
    """Return a copy of the document with one value deep inside it made invalid.

    Each change breaks a constraint of the file's JSON Schema several levels down, to show
    which peers check that far.
    """
    broken = copy.deepcopy(value)
    if name == "twitter":
        broken["statuses"][0]["id_str"] = "not-digits"
    elif name == "citm_catalog":
        broken["performances"][0]["id"] = 0
    else:
        broken["features"][0]["geometry"]["coordinates"][0][0][0] = 500.0
    return broken


@dataclass
class Document:
    name: str
    data: bytes
    schema: dict
    value: Any


def load_documents(data_dir: Path, schema_dir: Path) -> List[Document]:
    documents = []
    for name in DOCUMENT_NAMES:
        data = (data_dir / f"{name}.json").read_bytes()
        schema = json.loads((schema_dir / f"{name}.schema.json").read_text(encoding="utf-8"))
        documents.append(Document(name=name, data=data, schema=schema, value=json.loads(data)))
    return documents


def accepts(check: Callable[[bytes], object], data: bytes) -> bool:
    """Return whether `check` accepts `data`: it returns a true value or None and raises nothing."""
    try:
        outcome = check(data)
    except (ValueError, jsonseam.RejectionError, fastjsonschema.JsonSchemaException, pydantic.ValidationError):
        return False
    return outcome is None or bool(outcome)


def build_functions(document: Document) -> Dict[str, Callable[[], object]]:
    """Build one timed call per row of TOOLS, each with its schema compiled once."""
    data = document.data
    validator = jsonseam.Validator(document.schema, repair="none", extract=False)
    schema_rs = jsonschema_rs.validator_for(document.schema)
    fast_validate = fastjsonschema.compile(document.schema)
    typed_adapter = pydantic.TypeAdapter(PYDANTIC_TYPES[document.name])
    dict_adapter = pydantic.TypeAdapter(Dict[str, Any])

    def json_jsonschema_rs():
        value = json.loads(data)
        return value, schema_rs.is_valid(value)

    def orjson_jsonschema_rs():
        value = orjson.loads(data)
        return value, schema_rs.is_valid(value)

    def json_fastjsonschema():
        return fast_validate(json.loads(data))

    return {
        "jsonseam_value": lambda: validator.validate(data).value,
        "jsonseam_validate": lambda: validator.validate(data),
        "jsonseam_is_valid": lambda: validator.is_valid(data),
        "json_jsonschema_rs": json_jsonschema_rs,
        "orjson_jsonschema_rs": orjson_jsonschema_rs,
        "json_fastjsonschema": json_fastjsonschema,
        "pydantic_typeddict": lambda: typed_adapter.validate_json(data),
        "pydantic_dict": lambda: dict_adapter.validate_json(data),
        "json_loads": lambda: json.loads(data),
        "orjson_loads": lambda: orjson.loads(data),
    }


def check_tools(document: Document) -> Dict[str, Dict[str, bool]]:
    """Check that every validator accepts the document, and record which reject broken copies.

    Raises AssertionError when a validator rejects the real document or jsonseam's value
    differs from `json.loads`, because the timings would then compare different work.
    """
    validator = jsonseam.Validator(document.schema, repair="none", extract=False)
    schema_rs = jsonschema_rs.validator_for(document.schema)
    fast_validate = fastjsonschema.compile(document.schema)
    typed_adapter = pydantic.TypeAdapter(PYDANTIC_TYPES[document.name])
    checks = {
        "jsonseam": validator.is_valid,
        "jsonschema_rs": lambda data: schema_rs.is_valid(json.loads(data)),
        "fastjsonschema": lambda data: fast_validate(json.loads(data)),
        "pydantic_typeddict": typed_adapter.validate_json,
    }

    for tool, check in checks.items():
        assert accepts(check, document.data), f"{tool} rejected {document.name}.json"
    value = validator.validate(document.data).value
    assert value == document.value, f"jsonseam's value of {document.name}.json differs from json.loads"

    top_level = dict(document.value)
    del top_level[document.schema["required"][0]]
    broken = {
        "missing_required_key": json.dumps(top_level).encode(),
        "deep_mutation": json.dumps(deep_mutation(document.name, document.value)).encode(),
    }
    return {
        case: {tool: not accepts(check, data) for tool, check in checks.items()}
        for case, data in broken.items()
    }


def run(data_dir: Path, schema_dir: Path, budget_seconds: float) -> dict:
    """Check and time every tool on every document, and return the JSON-ready results."""
    results = []
    for document in load_documents(data_dir, schema_dir):
        rejections = check_tools(document)
        print(f"  {document.name}.json: timing {len(TOOLS)} tools", flush=True)
        rounds = run_rounds(build_functions(document), budget_seconds, max_rounds=40)
        results.append({
            "name": document.name,
            "bytes": len(document.data),
            "rejections": rejections,
            "pydantic_type": PYDANTIC_TYPE_NOTES[document.name],
            **rounds.to_json(),
        })
    return {
        "tools": [{"id": tool, "label": label, "call": call} for tool, label, call in TOOLS],
        "baseline": BASELINE,
        "budget_seconds": budget_seconds,
        "documents": results,
    }
