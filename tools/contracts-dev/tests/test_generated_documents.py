"""The generator writes schemas and the AsyncAPI document, and refuses to move the baseline."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jobpeak_contracts.envelope import EVENT_CLASSES
from jobpeak_contracts.schemas import current_schemas, schema_file_name
from jobpeak_contracts.topics import ALL_TOPICS
from jobpeak_contracts_dev import generate
from jobpeak_contracts_dev.asyncapi import asyncapi_document
from jobpeak_contracts_dev.files import render

pytestmark = pytest.mark.unit

REPOSITORY = Path(__file__).resolve().parents[3]


def _references(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in _references(value)]
    if isinstance(node, list):
        return [ref for item in node for ref in _references(item)]
    return []


def _target(document: dict[str, Any], reference: str) -> Any:
    assert reference.startswith("#/"), reference
    node: Any = document
    for part in reference[2:].split("/"):
        node = node[part]
    return node


def test_the_committed_files_are_up_to_date() -> None:
    assert generate.main(["--check"]) == 0


def test_the_generator_writes_every_schema_and_the_asyncapi_document(tmp_path: Path) -> None:
    asyncapi = tmp_path / "docs" / "asyncapi.json"

    assert generate.main(["--schemas", str(tmp_path / "schemas"), "--asyncapi", str(asyncapi)]) == 0

    written = sorted(path.name for path in (tmp_path / "schemas").iterdir())
    assert written == sorted(schema_file_name(cls.ce_type()) for cls in EVENT_CLASSES)
    assert json.loads(asyncapi.read_text())["asyncapi"] == "3.0.0"
    assert (
        generate.main(
            ["--schemas", str(tmp_path / "schemas"), "--asyncapi", str(asyncapi), "--check"]
        )
        == 0
    )


def test_the_generator_refuses_to_overwrite_a_schema_with_a_breaking_change(
    tmp_path: Path,
) -> None:
    ce_type = "jobpeak.testing.TestPassed.v1"
    committed = current_schemas()[ce_type]
    committed["properties"]["legacy_flag"] = {"type": "boolean"}
    path = tmp_path / schema_file_name(ce_type)
    path.write_text(render(committed), encoding="utf-8")

    exit_code = generate.main(["--schemas", str(tmp_path), "--asyncapi", str(tmp_path / "a.json")])

    assert exit_code == 1
    assert json.loads(path.read_text())["properties"]["legacy_flag"] == {"type": "boolean"}
    assert not (tmp_path / "a.json").exists()


def test_the_asyncapi_document_has_a_channel_per_topic_and_a_message_per_event() -> None:
    document = asyncapi_document()

    assert {channel["address"] for channel in document["channels"].values()} == {
        name for topic in ALL_TOPICS for name in (topic.name, topic.dead_letter_name)
    }
    messages = document["components"]["messages"]
    assert {
        message["x-jobpeak"]["ce_type"] for message in messages.values() if "x-jobpeak" in message
    } == {cls.ce_type() for cls in EVENT_CLASSES}
    for cls in EVENT_CLASSES:
        message = messages[f"{cls.event_name}.v{cls.schema_version}"]
        fixed = message["headers"]["allOf"][1]["properties"]
        assert fixed["ce_type"]["const"] == cls.ce_type()
        assert cls.topic.key_field in message["bindings"]["kafka"]["key"]["description"]


def test_every_reference_in_the_asyncapi_document_resolves() -> None:
    document = asyncapi_document()

    references = _references(document)

    assert references
    for reference in references:
        assert _target(document, reference) is not None


def test_every_operation_sends_messages_of_its_own_channel() -> None:
    document = asyncapi_document()

    for operation in document["operations"].values():
        assert operation["action"] == "send"
        channel_ref = operation["channel"]["$ref"]
        for message in operation["messages"]:
            assert message["$ref"].startswith(channel_ref + "/messages/")


def test_the_committed_asyncapi_document_is_the_generated_one() -> None:
    committed = json.loads((REPOSITORY / "docs" / "asyncapi.json").read_text())

    assert committed == json.loads(render(asyncapi_document()))


def test_the_analysts_guide_covers_every_topic_and_event() -> None:
    guide = (REPOSITORY / "docs" / "events.md").read_text()

    missing_topics = [topic.name for topic in ALL_TOPICS if f"`{topic.name}`" not in guide]
    missing_events = [
        cls.event_name for cls in EVENT_CLASSES if f"**{cls.event_name}**" not in guide
    ]
    assert missing_topics == []
    assert missing_events == []


def test_every_channel_says_who_may_read_it() -> None:
    channels = asyncapi_document()["channels"]

    for topic in ALL_TOPICS:
        assert channels[topic.name]["x-visibility"] == str(topic.visibility)
        dead_letters = channels[topic.dead_letter_name]
        assert dead_letters["x-visibility"] == "restricted"
        assert dead_letters["x-dead-letter-of"] == topic.name


def test_the_servers_are_the_developer_stack_and_the_scram_secured_cluster() -> None:
    document = asyncapi_document()

    development, production = document["servers"]["development"], document["servers"]["production"]
    assert (development["host"], development["protocol"]) == ("127.0.0.1:19092", "kafka")
    assert "security" not in development
    [scheme_ref] = production["security"]
    scheme = _target(document, scheme_ref["$ref"])
    assert scheme["type"] == "scramSha512"


def test_the_asyncapi_schemas_name_their_discriminator_by_property() -> None:
    schemas = asyncapi_document()["components"]["schemas"]

    question = schemas["QuestionPublished"]["properties"]["question"]
    assert question["discriminator"] == "format"
