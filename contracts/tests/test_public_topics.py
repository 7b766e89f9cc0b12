"""No public topic carries personal data, question content or answer keys.

Driven by the committed JSON Schemas, which is what analysts see: every field name reachable from
a public event (through nested models) must be on the allow-list below. A new field on a public
topic therefore needs a deliberate entry here, reviewed for privacy.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from jobpeak_contracts.schemas import JsonObject
from jobpeak_contracts.topics import ALL_TOPICS, Visibility
from jobpeak_contracts_dev.files import default_schema_dir, read_schemas

pytestmark = pytest.mark.unit

COMMITTED = read_schemas(default_schema_dir())

PSEUDONYMOUS_PEOPLE = {"candidate_id", "client_id"}
OPAQUE_RECORD_IDS = {"attempt_id", "order_id", "work_id", "offer_id", "question_id"}
HARMLESS_STRIPE_IDS = {"checkout_session_id", "payment_intent_id", "refund_id", "failure_code"}
CATALOG_FACTS = {
    "specialty_slug", "revision", "name", "tier", "hourly_rate_ceiling", "languages", "topics",
    "practice_blueprint", "certification_blueprint", "match_sla_days", "bank_version",
    "bank_question_count",
    # blueprint internals
    "kind", "blueprint_version", "title", "sections", "section", "question_count",
    "domain_difficulty_mix", "easy", "medium", "hard", "difficulty_weights",
    "domain_minima", "per_language", "per_topic",
    "behavioural_weighted", "pass_mark", "time_limit_minutes", "retake_policy", "allowed",
    "cooldown_hours", "lockout_after_failures", "lockout_days", "max_attempts",
    "payment_per_attempt", "fee",
}  # fmt: skip
MONEY = {"amount", "amount_minor", "currency", "hourly_rate"}
OUTCOMES = {
    "attempt_number", "total_score", "domain_score", "behavioural_score", "score", "responses",
    "correct", "reason", "required_languages", "seats", "seats_filled",
}  # fmt: skip
MOMENTS = {
    "published_at", "retired_at", "started_at", "captured_at", "failed_at", "refunded_at",
    "graded_at", "recorded_at", "voided_at", "starts_at", "posted_at", "closed_at",
    "qualified_at", "due_by", "offered_at", "expires_at", "accepted_at", "declined_at",
    "detected_at",
}  # fmt: skip
ITEM_STATISTICS = {
    # labels of an item version (never its content) and classical test theory figures
    "statistics_id", "pool", "question_version", "difficulty", "question_topic", "language",
    "n", "suppressed", "p_value", "point_biserial", "exposure_count", "flags", "min_n",
    "computed_at", "attempts", "items_per_attempt", "mean_score", "sd_score", "kr20",
    "sem_items", "sem_share", "sem_at_cut_items", "sem_at_cut_share",
}  # fmt: skip
ALLOWED_ON_PUBLIC_TOPICS = (
    PSEUDONYMOUS_PEOPLE
    | OPAQUE_RECORD_IDS
    | HARMLESS_STRIPE_IDS
    | CATALOG_FACTS
    | MONEY
    | OUTCOMES
    | MOMENTS
    | ITEM_STATISTICS
)
ALLOWED_KEYS = {"candidate_id", "work_id", "specialty_slug", "statistics_id"}
FORBIDDEN_FRAGMENTS = (
    "email", "phone", "address", "first_name", "last_name", "full_name", "birth", "ssn",
    "card", "cvc", "iban", "ip_", "password", "token", "secret",
    "answer", "stem", "explanation", "option", "code_snippet", "text",
)  # fmt: skip
QUESTION_MODELS = {
    "SingleChoiceQuestion", "MultipleSelectQuestion", "FaultyLinesQuestion",
    "TrueFalseQuestion", "Option",
}  # fmt: skip


def _resolve(node: JsonObject, root: JsonObject) -> JsonObject:
    while "$ref" in node:
        node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
    return node


def field_names(schema: JsonObject) -> Iterator[tuple[str, JsonObject]]:
    """Every (property name, property schema) reachable from ``schema``, nested models included."""
    seen: set[int] = set()
    pending = [schema]
    while pending:
        node = _resolve(pending.pop(), schema)
        if id(node) in seen:
            continue
        seen.add(id(node))
        for name, child in node.get("properties", {}).items():
            yield name, child
            pending.append(child)
        for combinator in ("anyOf", "oneOf", "allOf"):
            pending.extend(node.get(combinator, []))
        if isinstance(node.get("items"), dict):
            pending.append(node["items"])


def disallowed_fields(schema: JsonObject) -> set[str]:
    return {name for name, _ in field_names(schema) if name not in ALLOWED_ON_PUBLIC_TOPICS}


def public_schemas() -> list[JsonObject]:
    return [doc for doc in COMMITTED.values() if doc["x-jobpeak"]["visibility"] == "public"]


PUBLIC = public_schemas()


def test_there_are_public_schemas_to_check() -> None:
    public_topics = {topic.name for topic in ALL_TOPICS if topic.visibility is Visibility.PUBLIC}
    assert {doc["x-jobpeak"]["topic"] for doc in PUBLIC} == public_topics


@pytest.mark.parametrize("schema", PUBLIC, ids=lambda doc: doc["x-jobpeak"]["ce_type"])
def test_public_events_carry_only_allow_listed_fields(schema: JsonObject) -> None:
    assert disallowed_fields(schema) == set()


@pytest.mark.parametrize("schema", PUBLIC, ids=lambda doc: doc["x-jobpeak"]["ce_type"])
def test_public_events_embed_no_question_content(schema: JsonObject) -> None:
    assert not set(schema.get("$defs", {})) & QUESTION_MODELS


@pytest.mark.parametrize("schema", PUBLIC, ids=lambda doc: doc["x-jobpeak"]["ce_type"])
def test_public_events_are_keyed_by_a_pseudonymous_or_catalog_id(schema: JsonObject) -> None:
    key = schema["x-jobpeak"]["key_field"]

    assert key in ALLOWED_KEYS
    assert key in schema["required"]


@pytest.mark.parametrize("schema", PUBLIC, ids=lambda doc: doc["x-jobpeak"]["ce_type"])
def test_people_appear_only_as_opaque_ids(schema: JsonObject) -> None:
    people = [(name, child) for name, child in field_names(schema) if name in PSEUDONYMOUS_PEOPLE]
    for name, child in people:
        pattern = re.compile(child["pattern"])
        assert pattern.match("3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d"), name
        assert not pattern.match("jane.doe@example.org"), name
        assert not pattern.match("Jane Doe"), name


def test_the_allow_list_itself_admits_nothing_sensitive() -> None:
    risky = {
        name
        for name in ALLOWED_ON_PUBLIC_TOPICS
        for fragment in FORBIDDEN_FRAGMENTS
        if fragment in name
    }
    assert risky == set()


def test_the_check_would_catch_personal_data_and_keys() -> None:
    leaky: JsonObject = {
        "properties": {
            "candidate_id": {"type": "string"},
            "contact": {"$ref": "#/$defs/Contact"},
            "items": {"type": "array", "items": {"$ref": "#/$defs/Item"}},
        },
        "$defs": {
            "Contact": {"properties": {"email": {"type": "string"}}},
            "Item": {"properties": {"answer": {"type": "string"}}},
        },
    }

    assert disallowed_fields(leaky) == {"contact", "email", "items", "answer"}


def test_answer_keys_travel_only_on_the_restricted_topic() -> None:
    with_keys = {
        doc["x-jobpeak"]["topic"]
        for doc in COMMITTED.values()
        if any(name == "answer" for name, _ in field_names(doc))
    }

    assert with_keys == {"catalog.question-bank.v1"}
    assert all(
        topic.visibility is Visibility.RESTRICTED for topic in ALL_TOPICS if topic.name in with_keys
    )
