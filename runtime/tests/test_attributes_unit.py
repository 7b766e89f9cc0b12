"""Models and dataclasses read from like-named attributes; renamed or converted fields given."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from jobpeak_runtime.attributes import ResponseView, from_attributes
from pydantic import BaseModel, ValidationError

pytestmark = pytest.mark.unit


class Shown(ResponseView):
    order_id: int
    kind: str
    note: str | None = None


@dataclass(frozen=True)
class Record:
    order_id: int
    kind: str
    note: str | None = None


ORDER = SimpleNamespace(id=7, kind="certification", note="paid", unrelated=True)


def test_a_view_reads_its_fields_and_takes_the_renamed_ones_given() -> None:
    assert Shown.read(ORDER, order_id=ORDER.id) == Shown(
        order_id=7, kind="certification", note="paid"
    )


def test_a_dataclass_is_read_the_same_way() -> None:
    assert from_attributes(Record, ORDER, order_id=7) == Record(7, "certification", "paid")


def test_the_first_source_with_the_attribute_wins_and_given_values_win_over_all() -> None:
    score = SimpleNamespace(kind="practice")

    assert from_attributes(Record, score, ORDER, order_id=1, note=None) == Record(
        1, "practice", None
    )


def test_a_field_no_source_has_is_the_constructor_s_error() -> None:
    with pytest.raises(ValidationError, match="order_id"):
        Shown.read(ORDER)
    with pytest.raises(TypeError, match="order_id"):
        from_attributes(Record, ORDER)


def test_only_models_and_dataclasses_are_read() -> None:
    class Plain:
        pass

    with pytest.raises(TypeError, match="neither a pydantic model nor a dataclass"):
        from_attributes(Plain, ORDER)


def test_a_plain_model_is_validated_as_its_constructor_would() -> None:
    class Strict(BaseModel):
        kind: int

    with pytest.raises(ValidationError, match="kind"):
        from_attributes(Strict, ORDER)
