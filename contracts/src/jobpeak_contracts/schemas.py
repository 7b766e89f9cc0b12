"""The JSON Schema document of each event's payload, as committed under ``contracts/schemas/``.

Each document is the payload schema pydantic derives from the model, plus an ``x-jobpeak`` block
carrying the wire identity (type, version, source, topic, key field, visibility) that the
compatibility gate compares. ``additionalProperties: false`` is dropped: readers ignore fields
they do not know yet (the envelope decodes that way), so the published schema must not forbid
them either.

Discovery from a record: the ``ce_dataschema`` header of every record is its schema's ``$id``,
``urn:jobpeak:schema:<ce_type>`` (:meth:`Event.schema_id`). A URN, so that records and committed
files are identical in every deployment; it resolves three ways, all by the ``<ce_type>`` it ends
with: the committed file ``contracts/schemas/<ce_type>.json``; ``GET /schemas/<ce_type>.json`` on
the producing service (the ``<service>`` of the ``ce_type``, also in ``ce_source``); or offline
with :func:`schema_document` from this package.

This module stays in the analysts' package because the documents are part of the contract: the
services serve them over HTTP and an analyst can derive them offline; writing and checking the
committed files is the developer tools' job (``jobpeak_contracts_dev``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jobpeak_contracts.event import SCHEMA_ID_PREFIX, Event
from jobpeak_contracts.events import ALL_EVENTS

JsonObject = dict[str, Any]
SCHEMA_SUFFIX = ".json"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_HTTP_PATH = "/schemas/{ce_type}.json"
"""Where each service serves the schemas of the events it produces."""


def without_closed_objects(node: Any) -> Any:
    """``node`` without ``additionalProperties: false`` anywhere: readers tolerate new fields."""
    if isinstance(node, dict):
        return {
            key: without_closed_objects(value)
            for key, value in node.items()
            if not (key == "additionalProperties" and value is False)
        }
    if isinstance(node, list):
        return [without_closed_objects(item) for item in node]
    return node


def wire_identity(cls: type[Event]) -> JsonObject:
    """What identifies ``cls`` on the wire, as recorded in its schema's ``x-jobpeak`` block."""
    identity: JsonObject = {
        "ce_type": cls.ce_type(),
        "event_name": cls.event_name,
        "schema_version": cls.schema_version,
        "source": cls.ce_source(),
        "topic": cls.topic.name,
        "key_field": cls.topic.key_field,
        "visibility": str(cls.topic.visibility),
        "compacted": cls.topic.compacted,
    }
    if cls.superseded_by is not None:
        identity["superseded_by"] = cls.superseded_by
    return identity


def event_schema(cls: type[Event]) -> JsonObject:
    """The committed JSON Schema document of one event class."""
    schema: JsonObject = without_closed_objects(cls.model_json_schema(mode="validation"))
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": cls.schema_id(),
        **schema,
        "x-jobpeak": wire_identity(cls),
    }


def current_schemas(classes: Iterable[type[Event]] = ALL_EVENTS) -> dict[str, JsonObject]:
    """Schema documents of ``classes`` by CloudEvents type."""
    return {cls.ce_type(): event_schema(cls) for cls in classes}


def schema_file_name(ce_type: str) -> str:
    """The name of the committed schema file of ``ce_type``."""
    return f"{ce_type}{SCHEMA_SUFFIX}"


def ce_type_of_schema_id(schema_id: str) -> str:
    """The ``ce_type`` a schema id (a record's ``ce_dataschema``) names; ValueError if none."""
    if not schema_id.startswith(SCHEMA_ID_PREFIX) or len(schema_id) == len(SCHEMA_ID_PREFIX):
        raise ValueError(f"not a Jobpeak schema id (expected {SCHEMA_ID_PREFIX}<ce_type>)")
    return schema_id.removeprefix(SCHEMA_ID_PREFIX)


def schema_http_path(schema_id: str) -> str:
    """The path, on the producing service, that serves the schema ``schema_id`` names."""
    return SCHEMA_HTTP_PATH.format(ce_type=ce_type_of_schema_id(schema_id))


def schema_document(schema_id: str, classes: Iterable[type[Event]] = ALL_EVENTS) -> JsonObject:
    """The schema ``schema_id`` names, resolved offline; KeyError when no class has it."""
    for cls in classes:
        if cls.schema_id() == schema_id:
            return event_schema(cls)
    raise KeyError(f"no event in these contracts has the schema {schema_id!r}")
