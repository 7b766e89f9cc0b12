"""The JSON Schema document of each event's payload, as committed under ``contracts/schemas/``.

Each document is the payload schema pydantic derives from the model, plus an ``x-jobpeak`` block
carrying the wire identity (type, version, source, topic, key field, visibility) that the
compatibility gate compares. ``additionalProperties: false`` is dropped: readers ignore fields
they do not know yet (the envelope decodes that way), so the published schema must not forbid
them either.

This module stays in the analysts' package because the documents are part of the contract: the
services serve them over HTTP and an analyst can derive them offline; writing and checking the
committed files is the developer tools' job (``jobpeak_contracts_dev``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from jobpeak_contracts.event import Event
from jobpeak_contracts.events import ALL_EVENTS

JsonObject = dict[str, Any]
SCHEMA_SUFFIX = ".json"


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
    return {
        "ce_type": cls.ce_type(),
        "event_name": cls.event_name,
        "schema_version": cls.schema_version,
        "source": cls.ce_source(),
        "topic": cls.topic.name,
        "key_field": cls.topic.key_field,
        "visibility": str(cls.topic.visibility),
        "compacted": cls.topic.compacted,
    }


def event_schema(cls: type[Event]) -> JsonObject:
    """The committed JSON Schema document of one event class."""
    schema: JsonObject = without_closed_objects(cls.model_json_schema(mode="validation"))
    return {"$id": f"urn:jobpeak:event:{cls.ce_type()}", **schema, "x-jobpeak": wire_identity(cls)}


def current_schemas(classes: Iterable[type[Event]] = ALL_EVENTS) -> dict[str, JsonObject]:
    """Schema documents of ``classes`` by CloudEvents type."""
    return {cls.ce_type(): event_schema(cls) for cls in classes}


def schema_file_name(ce_type: str) -> str:
    """The name of the committed schema file of ``ce_type``."""
    return f"{ce_type}{SCHEMA_SUFFIX}"
