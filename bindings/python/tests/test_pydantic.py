"""Validator.from_pydantic() and Result.parse(). test.sh sets JSONSEAM_REQUIRE_PYDANTIC so
that a missing pydantic fails the run instead of skipping these tests."""

from __future__ import annotations

import datetime
import os
from typing import List, Optional

import pytest

import jsonseam

if os.environ.get("JSONSEAM_REQUIRE_PYDANTIC"):
    import pydantic
else:
    pydantic = pytest.importorskip("pydantic")


class Item(pydantic.BaseModel):
    name: str = pydantic.Field(max_length=20)
    quantity: int = pydantic.Field(ge=1)


class Order(pydantic.BaseModel):
    customer: str
    items: List[Item]
    note: Optional[str] = None


def test_from_pydantic_validates_and_parses():
    validator = jsonseam.Validator.from_pydantic(Order)
    result = validator.validate('{"customer": "Ann", "items": [{"name": "pen", "quantity": 2}]}')
    order = result.parse(Order)
    assert isinstance(order, Order)
    assert order.items[0] == Item(name="pen", quantity=2)
    assert order.note is None


def test_from_pydantic_rejects_early():
    validator = jsonseam.Validator.from_pydantic(Order)
    stream = validator.stream()
    stream.feed('{"customer": "Ann", "items": [{"name": "pen", "quantity": ')
    with pytest.raises(jsonseam.RejectionError) as caught:
        stream.feed("0}]}")
    assert caught.value.instance_path == ["items", 0, "quantity"]


def test_from_pydantic_passes_options():
    validator = jsonseam.Validator.from_pydantic(Order, repair="none", max_depth=5)
    assert validator.options["repair"] == "none"
    assert validator.options["max_depth"] == 5


def test_from_pydantic_passes_draft_options():
    class Booking(pydantic.BaseModel):
        day: datetime.date

    validator = jsonseam.Validator.from_pydantic(Booking, draft="2020-12", format_assertion=True)
    assert validator.options["draft"] == "2020-12"
    assert validator.validate('{"day": "2024-02-29"}').parse(Booking).day == datetime.date(2024, 2, 29)
    with pytest.raises(jsonseam.RejectionError) as caught:
        validator.validate('{"day": "2024-02-30"}')
    assert caught.value.instance_path == ["day"]


def test_from_pydantic_type_adapter():
    adapter = pydantic.TypeAdapter(List[int])
    result = jsonseam.Validator.from_pydantic(adapter).validate("[1, 2, 3]")
    assert result.parse(adapter) == [1, 2, 3]


def test_from_pydantic_rejects_other_objects():
    with pytest.raises(TypeError, match="pydantic v2 model class or TypeAdapter"):
        jsonseam.Validator.from_pydantic(dict)
    with pytest.raises(TypeError, match="pydantic v2 model class or TypeAdapter"):
        jsonseam.Validator(True).validate("1").parse(int)
