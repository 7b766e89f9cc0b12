"""From a record to the schema that validates it, as an outside reader would go.

The record is read with the official CloudEvents SDK, its ``ce_dataschema`` is followed to the
committed schema file, and the payload is validated with an independent JSON Schema validator.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cloudevents.core.bindings.kafka import KafkaMessage, from_binary_event
from jobpeak_contracts.envelope import EVENT_CLASSES, encode
from jobpeak_contracts.event import Event
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.schemas import (
    JSON_SCHEMA_DIALECT,
    ce_type_of_schema_id,
    schema_document,
    schema_file_name,
    schema_http_path,
)
from jsonschema import Draft202012Validator

pytestmark = pytest.mark.unit

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"
EXAMPLES = {type(event): event for event in example_events()}


def _committed(schema_id: str) -> dict[str, object]:
    path = SCHEMA_DIR / schema_file_name(ce_type_of_schema_id(schema_id))
    document: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("event_cls", EVENT_CLASSES, ids=lambda cls: cls.event_name)
def test_a_record_read_with_the_cloudevents_sdk_leads_to_a_schema_that_validates_it(
    event_cls: type[Event],
) -> None:
    record = encode(EXAMPLES[event_cls])

    cloud_event = from_binary_event(
        KafkaMessage(headers=dict(record.headers), key=record.key, value=record.value)
    )
    dataschema = cloud_event.get_dataschema()
    assert dataschema is not None
    schema = _committed(dataschema)

    assert schema["$schema"] == JSON_SCHEMA_DIALECT
    assert schema["$id"] == dataschema
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(cloud_event.get_data())) == []


def test_a_schema_id_resolves_offline_and_to_the_producers_http_path() -> None:
    schema_id = "urn:jobpeak:schema:jobpeak.testing.TestPassed.v1"

    assert schema_document(schema_id) == _committed(schema_id)
    assert schema_http_path(schema_id) == "/schemas/jobpeak.testing.TestPassed.v1.json"


@pytest.mark.parametrize(
    "schema_id", ["urn:jobpeak:event:jobpeak.testing.TestPassed.v1", "urn:jobpeak:schema:", ""]
)
def test_a_foreign_schema_id_is_refused(schema_id: str) -> None:
    with pytest.raises(ValueError, match="not a Jobpeak schema id"):
        schema_http_path(schema_id)


def test_an_unknown_schema_id_is_a_key_error() -> None:
    with pytest.raises(KeyError):
        schema_document("urn:jobpeak:schema:jobpeak.testing.Nonexistent.v1")
