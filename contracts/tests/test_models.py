"""The event models, value types and topic registry keep the rules of DESIGN.md section 4."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from importlib.metadata import requires
from typing import Any

import pytest
from jobpeak_contracts.blueprints import Blueprint, RetakePolicy
from jobpeak_contracts.envelope import EVENT_CLASSES
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    AttemptVoided,
    ItemExposureCapReached,
    MatchOffered,
    QuestionPublished,
    ReviewerQualified,
    SpecialtyPublished,
    TestFailed,
    TestPassed,
    TestStarted,
)
from jobpeak_contracts.example_blueprints import certification_blueprint
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.money import Money
from jobpeak_contracts.schemas import JsonObject, current_schemas
from jobpeak_contracts.topics import (
    ALL_TOPICS,
    CATALOG_QUESTION_BANK,
    Visibility,
    dead_letter_topic_name,
    topic_named,
)
from pydantic import ValidationError

pytestmark = pytest.mark.unit

EXAMPLES = {type(event): event for event in example_events()}
CE_TYPE = re.compile(
    r"^jobpeak\.(catalog|billing|testing|matching|analytics)\.[A-Z][A-Za-z]+\.v[1-9]\d*$"
)


def _changed(event: Event, **changes: Any) -> dict[str, Any]:
    return {**event.model_dump(), **changes}


# --- wire identity ----------------------------------------------------------------------------


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__name__)
def test_every_event_declares_its_own_name_and_version(cls: type[Event]) -> None:
    assert "event_name" in vars(cls)
    assert "schema_version" in vars(cls)
    assert CE_TYPE.match(cls.ce_type())
    assert cls.topic.name.startswith(f"{cls.source_service}.")
    assert cls.ce_source() == f"/jobpeak/{cls.source_service}"


def test_event_types_are_unique() -> None:
    ce_types = [cls.ce_type() for cls in EVENT_CLASSES]
    assert len(set(ce_types)) == len(ce_types) == 26


def test_the_wire_name_does_not_follow_the_class_name() -> None:
    class RenamedInRefactoring(TestPassed):
        pass

    assert RenamedInRefactoring.ce_type() == "jobpeak.testing.TestPassed.v1"


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__name__)
def test_the_partition_key_is_a_required_field_of_the_event(cls: type[Event]) -> None:
    field = cls.model_fields[cls.topic.key_field]

    assert field.is_required()
    assert EXAMPLES[cls].partition_key() == str(getattr(EXAMPLES[cls], cls.topic.key_field))


@pytest.mark.parametrize("cls", EVENT_CLASSES, ids=lambda cls: cls.__name__)
def test_events_are_frozen_and_closed(cls: type[Event]) -> None:
    event = EXAMPLES[cls]
    key_field = cls.topic.key_field

    with pytest.raises(ValidationError, match="frozen"):
        setattr(event, key_field, "something-else")
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        cls.model_validate(_changed(event, surprise=1))


def _properties(node: JsonObject, root: JsonObject) -> Iterator[tuple[str, JsonObject]]:
    seen: set[str] = set()
    pending: list[tuple[str, JsonObject]] = [("", node)]
    while pending:
        path, current = pending.pop()
        reference = current.get("$ref")
        if reference is not None:
            name = reference.rsplit("/", 1)[1]
            if name in seen:
                continue
            seen.add(name)
            pending.append((name, root["$defs"][name]))
        for name, child in current.get("properties", {}).items():
            yield f"{path}.{name}", child
            pending.append((f"{path}.{name}", child))
        for combinator in ("anyOf", "oneOf"):
            pending.extend((path, branch) for branch in current.get(combinator, []))
        if isinstance(current.get("items"), dict):
            pending.append((path, current["items"]))


def _documented(child: JsonObject, root: JsonObject, key: str) -> bool:
    if key in child:
        return True
    reference = child.get("$ref")
    return reference is not None and key in root["$defs"][reference.rsplit("/", 1)[1]]


@pytest.mark.parametrize("ce_type", list(current_schemas()))
def test_every_field_has_a_description_and_examples(ce_type: str) -> None:
    schema = current_schemas()[ce_type]
    undocumented = [
        path
        for path, child in _properties(schema, schema)
        if not (
            _documented(child, schema, "description") and _documented(child, schema, "examples")
        )
    ]
    assert undocumented == []


def test_the_package_depends_on_pydantic_only() -> None:
    declared = requires("jobpeak-contracts") or []
    assert [re.split(r"[<>=!~ ;\[]", requirement)[0] for requirement in declared] == ["pydantic"]


def test_importing_every_module_loads_nothing_but_pydantic_and_the_standard_library() -> None:
    probe = (
        "import sys, pkgutil, importlib, jobpeak_contracts\n"
        "for info in pkgutil.walk_packages(jobpeak_contracts.__path__, 'jobpeak_contracts.'):\n"
        "    importlib.import_module(info.name)\n"
        "print('\\n'.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    ).stdout.split()

    allowed = set(sys.stdlib_module_names) | {
        "jobpeak_contracts",
        "pydantic",
        "pydantic_core",
        "annotated_types",
        "typing_extensions",
        "typing_inspection",
        "sitecustomize",
        "_distutils_hack",
        "__main__",
    }
    interpreter_internals = {name for name in loaded if name.startswith("_sysconfigdata_")}
    assert sorted(set(loaded) - allowed - interpreter_internals) == []


# --- topics -----------------------------------------------------------------------------------


def test_topics_follow_the_design_table() -> None:
    table = {
        topic.name: (topic.key_field, topic.visibility, topic.compacted) for topic in ALL_TOPICS
    }
    assert table == {
        "catalog.specialties.v1": ("specialty_slug", Visibility.PUBLIC, True),
        "catalog.question-bank.v1": ("question_id", Visibility.RESTRICTED, True),
        "billing.payments.v1": ("candidate_id", Visibility.PUBLIC, False),
        "testing.attempts.v1": ("candidate_id", Visibility.PUBLIC, False),
        "testing.item-responses.v1": ("specialty_slug", Visibility.RESTRICTED, False),
        "matching.work.v1": ("work_id", Visibility.PUBLIC, False),
        "matching.matches.v1": ("candidate_id", Visibility.PUBLIC, False),
        "analytics.item-statistics.v1": ("statistics_id", Visibility.PUBLIC, True),
    }


def test_every_topic_carries_events() -> None:
    assert {cls.topic for cls in EVENT_CLASSES} == set(ALL_TOPICS)


def test_dead_letters_and_prefixes() -> None:
    assert dead_letter_topic_name("t1.testing.attempts.v1") == "t1.testing.attempts.v1.dlq"
    assert CATALOG_QUESTION_BANK.dead_letter_name == "catalog.question-bank.v1.dlq"
    assert CATALOG_QUESTION_BANK.qualified_name("t1.") == "t1.catalog.question-bank.v1"
    assert topic_named("billing.payments.v1").key_field == "candidate_id"
    with pytest.raises(KeyError, match=r"billing\.payments\.v2"):
        topic_named("billing.payments.v2")


# --- value types ------------------------------------------------------------------------------


def test_money_is_integer_minor_units_and_an_iso_code() -> None:
    assert Money(amount_minor=0, currency="EUR").amount_minor == 0
    for bad in (
        {"amount_minor": -1, "currency": "USD"},
        {"amount_minor": 1, "currency": "usd"},
        {"amount_minor": 1, "currency": "US"},
        {"amount_minor": 1.5, "currency": "USD"},
    ):
        with pytest.raises(ValidationError):
            Money.model_validate(bad)


def test_timestamps_are_normalised_to_utc_and_naive_ones_refused() -> None:
    local = datetime(2025, 6, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    event = TestPassed.model_validate(_changed(EXAMPLES[TestPassed], graded_at=local))

    assert event.graded_at == local
    assert event.graded_at.tzinfo is UTC
    assert event.model_dump_json().count('"graded_at":"2025-06-01T09:30:00Z"') == 1
    with pytest.raises(ValidationError, match="naive"):
        TestPassed.model_validate(_changed(EXAMPLES[TestPassed], graded_at=datetime(2025, 6, 1)))


# --- invariants the models enforce ------------------------------------------------------------


def test_a_blueprint_mix_must_fill_the_domain_section() -> None:
    values = certification_blueprint().model_dump()
    values["domain_difficulty_mix"] = {"easy": 10, "medium": 20, "hard": 9}

    with pytest.raises(ValidationError, match="domain_difficulty_mix: sums to 39"):
        Blueprint.model_validate(values)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fee": None}, "a certification needs a published fee"),
        ({"kind": "practice"}, "the practice test is free"),
        (
            {"sections": [{"section": "domain", "question_count": 40}] * 2},
            "each section may appear only once",
        ),
        ({"pass_mark": 78}, "pass_mark"),
    ],
)
def test_inconsistent_blueprints_are_refused(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Blueprint.model_validate({**certification_blueprint().model_dump(), **changes})


def test_a_lockout_needs_both_its_threshold_and_its_length() -> None:
    with pytest.raises(ValidationError, match="lockout_days"):
        RetakePolicy(
            allowed=True,
            cooldown_hours=0,
            lockout_after_failures=3,
            lockout_days=None,
            max_attempts=None,
            payment_per_attempt=True,
        )


@pytest.mark.parametrize(
    ("cls", "changes", "message"),
    [
        (TestPassed, {"total_score": 0.7}, "below the pass mark"),
        (TestFailed, {"total_score": 0.78}, "reaches the pass mark"),
        (TestStarted, {"order_id": None}, "consumes a paid order"),
        (TestStarted, {"kind": "practice"}, "practice attempt is free"),
        (AttemptVoided, {"attempt_id": None, "order_id": None}, "name the voided attempt"),
        (MatchOffered, {"expires_at": datetime(2025, 1, 1, tzinfo=UTC)}, "later than offered_at"),
        (ReviewerQualified, {"due_by": datetime(2025, 1, 1, tzinfo=UTC)}, "earlier than"),
        (QuestionPublished, {"question_id": "cod-py-bug-999"}, "differs from question.id"),
        (QuestionPublished, {"specialty_slug": "writing"}, "differs from question.specialty"),
        (ItemExposureCapReached, {"served_count": 1}, "below the cap"),
    ],
)
def test_events_refuse_self_contradicting_values(
    cls: type[Event], changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        cls.model_validate(_changed(EXAMPLES[cls], **changes))


def test_a_snapshot_refuses_swapped_blueprints() -> None:
    snapshot = EXAMPLES[SpecialtyPublished]
    assert isinstance(snapshot, SpecialtyPublished)

    with pytest.raises(ValidationError, match="practice_blueprint: kind must be practice"):
        SpecialtyPublished.model_validate(
            _changed(
                snapshot,
                practice_blueprint=snapshot.certification_blueprint,
                certification_blueprint=snapshot.practice_blueprint,
            )
        )
