"""The headers ``encode`` builds without a model are the model's headers, and fail as it does."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from uuid import UUID

import pytest
from jobpeak_contracts.attributes import Envelope, envelope_headers
from jobpeak_contracts.event_headers import event_headers
from pydantic import ValidationError

pytestmark = pytest.mark.unit

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
EVENT_ID = UUID("6a1f3c5e-7b9d-4f1a-8c3e-5b7d9f1a3c5e")
TYPE = {
    "source": "/jobpeak/testing",
    "type": "jobpeak.testing.TestPassed.v1",
    "dataschema": "urn:jobpeak:schema:jobpeak.testing.TestPassed.v1",
}


def _values(**attributes: object) -> dict[str, object]:
    return {"id": EVENT_ID, **TYPE, "subject": None, "traceparent": None, **attributes}


def _fast(values: dict[str, object]) -> list[tuple[str, bytes]]:
    return event_headers(
        source=str(values["source"]),
        ce_type=str(values["type"]),
        dataschema=values["dataschema"],  # type: ignore[arg-type]
        event_id=values["id"],  # type: ignore[arg-type]
        time=values["time"],  # type: ignore[arg-type]
        subject=values["subject"],  # type: ignore[arg-type]
        traceparent=values["traceparent"],  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    "attributes",
    [
        {"time": datetime(2025, 6, 1, 9, 30, 15, 123456, tzinfo=UTC)},
        {"time": datetime(2025, 6, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "subject": "a" * 200},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "subject": "é", "traceparent": TRACEPARENT},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "dataschema": None},
    ],
)
def test_the_headers_are_the_models_byte_for_byte_in_order(attributes: dict[str, object]) -> None:
    values = _values(**attributes)

    assert _fast(values) == envelope_headers(Envelope.model_validate(values))


@pytest.mark.parametrize(
    "attributes",
    [
        {"time": datetime(2025, 6, 1)},  # naive
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "subject": ""},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "subject": "a" * 201},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "traceparent": TRACEPARENT + "\n"},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "traceparent": TRACEPARENT.upper()},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "type": "jobpeak.testing.testPassed.v1"},
        {"time": datetime(2025, 6, 1, tzinfo=UTC), "source": "/elsewhere/testing"},
    ],
)
def test_a_bad_value_fails_as_the_model_does(attributes: dict[str, object]) -> None:
    values = _values(**attributes)
    with pytest.raises(ValidationError):
        Envelope.model_validate(values)
    with pytest.raises(ValidationError):
        _fast(values)
