"""The AsyncAPI 3 document of the whole platform, derived from the contracts.

Channels are the topics, messages the events (payload = the event's JSON Schema, headers = the
CloudEvents binary-mode headers with this event's ``ce_type`` and ``ce_source`` fixed), and one
``send`` operation per topic names the service that publishes on it.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from importlib.metadata import PackageNotFoundError, version

from jobpeak_contracts.attributes import (
    CONTENT_TYPE_JSON,
    HEADER_CONTENT_TYPE,
    HEADER_DATASCHEMA,
    HEADER_ID,
    HEADER_SOURCE,
    HEADER_SPECVERSION,
    HEADER_SUBJECT,
    HEADER_TIME,
    HEADER_TRACEPARENT,
    HEADER_TYPE,
    REQUIRED_HEADERS,
    SPECVERSION,
    Envelope,
)
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import ALL_EVENTS
from jobpeak_contracts.schemas import JsonObject, wire_identity, without_closed_objects
from jobpeak_contracts.topics import ALL_TOPICS, Topic, Visibility
from pydantic.json_schema import models_json_schema

from jobpeak_contracts_dev.asyncapi_infra import (
    DEAD_LETTER_MESSAGE,
    KAFKA_BINDING_VERSION,
    asyncapi_schema,
    dead_letter_channel,
    dead_letter_message,
    security_schemes,
    servers,
)

_SCHEMAS = "#/components/schemas/"
_HEADERS_SCHEMA = "CloudEventsKafkaHeaders"


def _header(field: str) -> JsonObject:
    schema: JsonObject = dict(Envelope.model_json_schema()["properties"][field])
    schema.pop("title", None)
    return schema


def _headers_schema() -> JsonObject:
    return {
        "type": "object",
        "description": "CloudEvents 1.0 attributes in Kafka binary content mode, UTF-8 values.",
        "properties": {
            HEADER_ID: {**_header("id"), "type": "string", "format": "uuid"},
            HEADER_SOURCE: _header("source"),
            HEADER_TYPE: _header("type"),
            HEADER_SPECVERSION: {"type": "string", "const": SPECVERSION},
            HEADER_TIME: {
                "type": "string",
                "format": "date-time",
                "description": _header("time")["description"],
            },
            HEADER_DATASCHEMA: {"type": "string", **_optional_string_schema("dataschema")},
            HEADER_SUBJECT: {"type": "string", **_optional_string_schema("subject")},
            HEADER_CONTENT_TYPE: {"type": "string", "const": CONTENT_TYPE_JSON},
            HEADER_TRACEPARENT: {"type": "string", **_optional_string_schema("traceparent")},
        },
        "required": list(REQUIRED_HEADERS),
    }


def _optional_string_schema(field: str) -> JsonObject:
    schema = _header(field)
    string_branch = next(branch for branch in schema["anyOf"] if branch.get("type") == "string")
    return {
        **{key: value for key, value in string_branch.items() if key != "type"},
        "description": schema["description"],
    }


def _message_id(cls: type[Event]) -> str:
    return f"{cls.event_name}.v{cls.schema_version}"


def _channel_id(topic: Topic) -> str:
    return topic.name


def _message(cls: type[Event], payload_ref: str) -> JsonObject:
    summary = inspect.getdoc(cls) or cls.event_name
    if cls.superseded_by is not None:
        summary = f"Retired from new traffic (superseded by {cls.superseded_by}). {summary}"
    return {
        "name": cls.event_name,
        "title": f"{cls.event_name} v{cls.schema_version}",
        "summary": summary.split("\n\n", 1)[0].replace("\n", " "),
        "contentType": CONTENT_TYPE_JSON,
        "headers": {
            "allOf": [
                {"$ref": f"{_SCHEMAS}{_HEADERS_SCHEMA}"},
                {
                    "type": "object",
                    "properties": {
                        HEADER_TYPE: {"type": "string", "const": cls.ce_type()},
                        HEADER_SOURCE: {"type": "string", "const": cls.ce_source()},
                        HEADER_DATASCHEMA: {"type": "string", "const": cls.schema_id()},
                    },
                },
            ]
        },
        "payload": {"$ref": payload_ref},
        "bindings": {
            "kafka": {
                "key": {
                    "type": "string",
                    "description": f"The event's `{cls.topic.key_field}` field, UTF-8.",
                },
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
        "x-jobpeak": wire_identity(cls),
    }


def _channel(topic: Topic, classes: list[type[Event]]) -> JsonObject:
    cleanup = "compact" if topic.compacted else "delete"
    return {
        "address": topic.name,
        "title": topic.name,
        "description": f"{topic.description} Key: `{topic.key_field}`. "
        f"Visibility: {topic.visibility}. Dead letters go to `{topic.dead_letter_name}`.",
        "messages": {
            _message_id(cls): {"$ref": f"#/components/messages/{_message_id(cls)}"}
            for cls in classes
        },
        "bindings": {
            "kafka": {
                "topic": topic.name,
                "topicConfiguration": {"cleanup.policy": [cleanup]},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
        "x-visibility": str(topic.visibility),
        "x-jobpeak-key-field": topic.key_field,
    }


def _package_version() -> str:
    try:
        return version("jobpeak-contracts")
    except PackageNotFoundError:
        return "0.0.0"


def asyncapi_document(classes: Iterable[type[Event]] = ALL_EVENTS) -> JsonObject:
    """The AsyncAPI 3.0 document describing every topic and event."""
    classes = list(classes)
    payload_refs, shared = models_json_schema(
        [(cls, "validation") for cls in classes], ref_template=_SCHEMAS + "{model}"
    )
    schemas: JsonObject = {_HEADERS_SCHEMA: _headers_schema(), **shared["$defs"]}
    channels: JsonObject = {}
    operations: JsonObject = {}
    messages: JsonObject = {}
    for cls in classes:
        messages[_message_id(cls)] = _message(cls, payload_refs[(cls, "validation")]["$ref"])
    for topic in ALL_TOPICS:
        on_topic = [cls for cls in classes if cls.topic == topic]
        if not on_topic:
            continue
        channels[_channel_id(topic)] = _channel(topic, on_topic)
        channels[topic.dead_letter_name] = dead_letter_channel(topic)
        # A retired event stays a message of its channel (old records hold it) but is no
        # longer sent by anyone.
        produced = [cls for cls in on_topic if cls.superseded_by is None]
        producers = sorted({cls.source_service for cls in produced})
        for service in producers:
            operations[f"{service}.publish.{topic.name}"] = {
                "action": "send",
                "title": f"{service} publishes on {topic.name}",
                "channel": {"$ref": f"#/channels/{_channel_id(topic)}"},
                "messages": [
                    {"$ref": f"#/channels/{_channel_id(topic)}/messages/{_message_id(cls)}"}
                    for cls in produced
                    if cls.source_service == service
                ],
            }
    restricted = [t.name for t in ALL_TOPICS if t.visibility is Visibility.RESTRICTED]
    return {
        "asyncapi": "3.0.0",
        "info": {
            "title": "Jobpeak platform events",
            "version": _package_version(),
            "description": (
                "Every Kafka topic and event of the Jobpeak platform, generated from the "
                "jobpeak-contracts package (python -m jobpeak_contracts_dev.generate). "
                "Envelope: CloudEvents 1.0 in Kafka binary content mode; the record value is the "
                "payload JSON, the record key the topic's key field. Readers must ignore payload "
                "fields they do not know. Public topics carry pseudonymous ids only; "
                f"restricted topics ({', '.join(restricted)}) are for named services only."
            ),
        },
        "defaultContentType": CONTENT_TYPE_JSON,
        "servers": servers(),
        "channels": channels,
        "operations": operations,
        "components": {
            "schemas": asyncapi_schema(without_closed_objects(schemas)),
            "messages": {**messages, DEAD_LETTER_MESSAGE: dead_letter_message()},
            "securitySchemes": security_schemes(),
        },
    }
