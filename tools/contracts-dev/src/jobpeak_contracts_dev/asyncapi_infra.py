"""The parts of the AsyncAPI document that come from the deployment, not from one event.

Servers (the developer stack and the production cluster with its SASL/SCRAM scheme), the
dead-letter channels ``<topic>.dlq``, and the rewriting of pydantic's OpenAPI-isms into what an
AsyncAPI 3 schema accepts.
"""

from __future__ import annotations

from typing import Any

from jobpeak_contracts.deadletters import DEAD_LETTER_HEADER_DESCRIPTIONS, DeadLetterHeader
from jobpeak_contracts.schemas import JsonObject
from jobpeak_contracts.topics import Topic, Visibility

KAFKA_BINDING_VERSION = "0.5.0"
DEAD_LETTER_MESSAGE = "DeadLetter"
SCRAM_SCHEME = "saslScram"
DEVELOPMENT_BOOTSTRAP = "127.0.0.1:19092"
CLUSTER_BOOTSTRAP_DEFAULT = "jobpeak-kafka-bootstrap:9093"


def servers() -> JsonObject:
    """The developer stack (PLAINTEXT) and the production cluster (SASL/SCRAM-SHA-512 over TLS)."""
    return {
        "development": {
            "host": DEVELOPMENT_BOOTSTRAP,
            "protocol": "kafka",
            "title": "Developer stack",
            "description": "The single-node broker `make infra-up` starts; PLAINTEXT, no auth.",
            "tags": [{"name": "env:development"}],
        },
        "production": {
            "host": "{bootstrap}",
            "protocol": "kafka-secure",
            "title": "Production cluster",
            "description": (
                "Three KRaft brokers behind the cluster's SASL_SSL listener. Each service and the "
                "read-only analyst role has its own SCRAM principal; broker ACLs enforce the "
                "channels' `x-visibility`."
            ),
            "variables": {
                "bootstrap": {
                    "default": CLUSTER_BOOTSTRAP_DEFAULT,
                    "description": "The cluster's bootstrap address, as the deployment names it.",
                }
            },
            "security": [{"$ref": f"#/components/securitySchemes/{SCRAM_SCHEME}"}],
            "tags": [{"name": "env:production"}],
        },
    }


def security_schemes() -> JsonObject:
    return {
        SCRAM_SCHEME: {
            "type": "scramSha512",
            "description": "SASL/SCRAM-SHA-512: one principal per service, one read-only analyst.",
        }
    }


def dead_letter_channel(topic: Topic) -> JsonObject:
    """``<topic>.dlq``: what consumers of ``topic`` could not process, for operators."""
    return {
        "address": topic.dead_letter_name,
        "title": topic.dead_letter_name,
        "description": (
            f"Records of `{topic.name}` a consumer gave up on after bounded retries: the original "
            "key, value and headers, plus `jobpeak-dlq-*` headers saying why and where. Read by "
            "operators only."
        ),
        "messages": {DEAD_LETTER_MESSAGE: {"$ref": f"#/components/messages/{DEAD_LETTER_MESSAGE}"}},
        "bindings": {
            "kafka": {
                "topic": topic.dead_letter_name,
                "topicConfiguration": {"cleanup.policy": ["delete"]},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
        "x-visibility": str(Visibility.RESTRICTED),
        "x-dead-letter-of": topic.name,
        "x-jobpeak-key-field": topic.key_field,
    }


def dead_letter_message() -> JsonObject:
    return {
        "name": DEAD_LETTER_MESSAGE,
        "title": "Dead letter",
        "summary": "The original record as it failed, with the reason and its source position.",
        "headers": {
            "type": "object",
            "description": (
                "The original record's headers (normally the CloudEvents headers of its event) "
                "plus these, UTF-8."
            ),
            "properties": {
                str(header): {"type": "string", "description": description}
                for header, description in DEAD_LETTER_HEADER_DESCRIPTIONS.items()
            },
            "required": [str(header) for header in DeadLetterHeader],
        },
        "payload": {
            "description": (
                "The original record value, unchanged: normally the payload of one of the source "
                "channel's messages, but possibly the malformed bytes that could not be decoded."
            )
        },
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The original record's key."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def asyncapi_schema(node: Any) -> Any:
    """``node`` with OpenAPI-style ``discriminator`` objects reduced to the property name.

    Pydantic writes ``{"propertyName": "format", "mapping": {...}}``; an AsyncAPI 3 Schema Object
    takes the property name as a string (each branch still fixes the value with ``const``).
    """
    if isinstance(node, dict):
        return {
            key: (
                value["propertyName"]
                if key == "discriminator" and isinstance(value, dict)
                else asyncapi_schema(value)
            )
            for key, value in node.items()
        }
    if isinstance(node, list):
        return [asyncapi_schema(item) for item in node]
    return node
