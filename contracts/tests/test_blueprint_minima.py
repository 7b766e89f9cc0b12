"""Blueprint domain minima (balanced forms): optional, additive, at most what a form holds."""

from __future__ import annotations

from typing import Any

import pytest
from jobpeak_contracts.blueprints import Blueprint, DomainMinima
from pydantic import ValidationError

pytestmark = pytest.mark.unit


def _certification(**overrides: Any) -> dict[str, Any]:
    example = Blueprint.model_json_schema()["examples"][0]
    assert isinstance(example, dict)
    return {**example, **overrides}


def test_a_blueprint_without_minima_still_reads_and_has_none() -> None:
    assert Blueprint.model_validate(_certification()).domain_minima is None


def test_minima_round_trip_through_json() -> None:
    minima = {"per_language": {"python": 3, "sql": 3}, "per_topic": {"debugging": 6}}
    blueprint = Blueprint.model_validate(_certification(domain_minima=minima))
    assert blueprint.domain_minima == DomainMinima.model_validate(minima)
    assert Blueprint.model_validate_json(blueprint.model_dump_json()) == blueprint


def test_minima_over_the_domain_count_or_negative_are_refused() -> None:
    with pytest.raises(ValidationError, match="per_topic: asks for 41"):
        Blueprint.model_validate(_certification(domain_minima={"per_topic": {"a": 21, "b": 20}}))
    with pytest.raises(ValidationError):
        Blueprint.model_validate(_certification(domain_minima={"per_language": {"go": -1}}))
