"""Schema router: a record's ``ce_dataschema`` resolves on its producer to the committed file."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from cloudevents.core.bindings.kafka import KafkaMessage, from_binary_event
from fastapi import FastAPI
from httpx import ASGITransport, AsyncClient
from jobpeak_contracts.attributes import parse_ce_type
from jobpeak_contracts.envelope import encode
from jobpeak_contracts.events import PaymentCaptured, TestPassed
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.schemas import schema_http_path
from jobpeak_runtime.schemas_http import SCHEMA_MEDIA_TYPE, schema_router
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.unit

COMMITTED = Path(__file__).resolve().parents[2] / "contracts" / "schemas"
EXAMPLES = {type(event): event for event in example_events()}


def _service_app(service: str) -> FastAPI:
    app = FastAPI()
    app.include_router(schema_router(service=service))
    return app


@pytest.fixture
async def testing_service() -> AsyncIterator[AsyncClient]:
    transport = ASGITransport(_service_app("testing"))
    async with AsyncClient(transport=transport, base_url="http://testing") as client:
        yield client


async def test_a_record_leads_through_its_dataschema_to_a_schema_that_validates_it(
    testing_service: AsyncClient,
) -> None:
    record = encode(EXAMPLES[TestPassed])
    cloud_event = from_binary_event(
        KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
    )
    dataschema = cloud_event.get_dataschema()
    assert dataschema is not None
    producer = parse_ce_type(cloud_event.get_type())
    assert producer is not None
    assert producer.service == "testing"

    response = await testing_service.get(schema_http_path(dataschema))

    assert response.status_code == 200
    assert response.headers["content-type"].startswith(SCHEMA_MEDIA_TYPE)
    schema = response.json()
    assert schema["$id"] == dataschema
    assert schema == json.loads((COMMITTED / f"{cloud_event.get_type()}.json").read_text())
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(cloud_event.get_data())) == []


async def test_the_index_lists_only_this_services_events(testing_service: AsyncClient) -> None:
    response = await testing_service.get("/schemas")

    listed = response.json()
    assert response.status_code == 200
    assert listed
    assert all(entry["ce_type"].startswith("jobpeak.testing.") for entry in listed)
    assert {
        "ce_type": "jobpeak.testing.TestPassed.v1",
        "id": "urn:jobpeak:schema:jobpeak.testing.TestPassed.v1",
        "path": "/schemas/jobpeak.testing.TestPassed.v1.json",
    } in listed


@pytest.mark.parametrize(
    "path",
    [
        schema_http_path(PaymentCaptured.schema_id()),  # billing's, not testing's
        "/schemas/jobpeak.testing.TestPassed.v9.json",
        "/schemas/<script>alert(1)</script>.json",
    ],
)
async def test_a_schema_this_service_does_not_publish_is_a_404_without_echo(
    testing_service: AsyncClient, path: str
) -> None:
    response = await testing_service.get(path)

    assert response.status_code == 404
    assert "script" not in response.text
    assert "PaymentCaptured" not in response.text
