"""The compatibility gate catches every kind of breaking change and lets compatible ones pass."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from jobpeak_contracts.event import Event
from jobpeak_contracts.events import (
    AttemptVoided,
    ItemResponsesRecorded,
    PaymentCaptured,
    PaymentFailed,
    PaymentRefunded,
    QuestionPublished,
    SpecialtyPublished,
    TestPassed,
    TestStarted,
    WorkPosted,
)
from jobpeak_contracts.identifiers import OrderId, QuestionId
from jobpeak_contracts.questions import (
    FaultyLinesQuestion,
    MultipleSelectQuestion,
    SingleChoiceQuestion,
)
from jobpeak_contracts.schemas import JsonObject, current_schemas, event_schema, schema_file_name
from jobpeak_contracts.timestamps import UtcDatetime
from jobpeak_contracts.topics import MATCHING_MATCHES, TESTING_ATTEMPTS, Topic
from jobpeak_contracts_dev import compat
from jobpeak_contracts_dev.compat import Incompatibility, Rule, check_compatibility
from jobpeak_contracts_dev.files import default_schema_dir, read_schemas, render
from pydantic import BaseModel, ConfigDict, Field, create_model

pytestmark = pytest.mark.unit

BASELINE = current_schemas()
FieldSpec = tuple[Any, Any]


def variant(
    cls: type[Event],
    *,
    drop: tuple[str, ...] = (),
    fields: dict[str, FieldSpec] | None = None,
    schema_version: int | None = None,
    topic: Topic | None = None,
) -> type[Event]:
    """``cls`` as a developer might have edited it: same wire identity unless told otherwise."""
    kept: dict[str, Any] = {
        name: (info.annotation, info) for name, info in cls.model_fields.items() if name not in drop
    }
    kept.update(fields or {})
    model: type[Event] = create_model(cls.__name__, __base__=Event, **kept)
    model.event_name = cls.event_name
    model.schema_version = schema_version or cls.schema_version
    model.source_service = cls.source_service
    model.topic = topic or cls.topic
    return model


def breaks_after(
    *replacements: type[Event], removed: tuple[str, ...] = ()
) -> list[Incompatibility]:
    current = {ce_type: doc for ce_type, doc in BASELINE.items() if ce_type not in removed}
    for cls in replacements:
        current[cls.ce_type()] = event_schema(cls)
    return check_compatibility(committed=BASELINE, current=current)


def found(breaks: list[Incompatibility]) -> set[tuple[str, Rule]]:
    return {(incompatibility.field, incompatibility.rule) for incompatibility in breaks}


def test_the_committed_schemas_match_the_models() -> None:
    assert read_schemas(default_schema_dir()) == BASELINE


def test_the_current_models_are_compatible_with_the_committed_schemas() -> None:
    assert check_compatibility(committed=read_schemas(default_schema_dir()), current=BASELINE) == []


def test_declaring_the_dialect_and_a_resolvable_id_is_compatible() -> None:
    """Schemas committed before ``$schema`` and the ``urn:jobpeak:schema:`` ids were added."""
    before = {}
    for ce_type, document in BASELINE.items():
        older = {key: value for key, value in document.items() if key != "$schema"}
        before[ce_type] = {**older, "$id": f"urn:jobpeak:event:{ce_type}"}

    assert check_compatibility(committed=before, current=BASELINE) == []


# --- removed or renamed fields --------------------------------------------------------------


def test_a_removed_field_breaks() -> None:
    breaks = breaks_after(variant(TestPassed, drop=("bank_version",)))

    assert found(breaks) == {("bank_version", Rule.REMOVED_FIELD)}


def test_a_renamed_field_breaks_as_removed_and_new_required() -> None:
    renamed = variant(
        TestPassed, drop=("graded_at",), fields={"completed_at": (UtcDatetime, Field())}
    )

    assert found(breaks_after(renamed)) == {
        ("graded_at", Rule.REMOVED_FIELD),
        ("completed_at", Rule.NEW_REQUIRED_FIELD),
    }


def test_a_field_removed_from_a_nested_model_breaks() -> None:
    class ItemResponseWithoutCorrect(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid", title="ItemResponse")
        question_id: QuestionId

    edited = variant(
        ItemResponsesRecorded,
        fields={"responses": (tuple[ItemResponseWithoutCorrect, ...], Field(min_length=1))},
    )

    assert ("responses[].correct", Rule.REMOVED_FIELD) in found(breaks_after(edited))


# --- narrowed types ---------------------------------------------------------------------------

NARROWINGS: list[tuple[str, type[Event], dict[str, FieldSpec], str]] = [
    ("number to integer", TestPassed, {"total_score": (int, Field(ge=0, le=1))}, "total_score"),
    ("null dropped", AttemptVoided, {"order_id": (OrderId, Field())}, "order_id"),
    (
        "enum value removed",
        PaymentRefunded,
        {"reason": (Literal["admin"], Field())},
        "reason",
    ),
    ("minimum raised", TestStarted, {"question_count": (int, Field(ge=10))}, "question_count"),
    ("maximum added", WorkPosted, {"seats": (int, Field(ge=1, le=5))}, "seats"),
    (
        "maxLength lowered on array items",
        WorkPosted,
        {"required_languages": (tuple[Annotated[str, Field(max_length=10)], ...], Field())},
        "required_languages[]",
    ),
    ("pattern added", SpecialtyPublished, {"tier": (str, Field(pattern=r"^[A-Z]"))}, "tier"),
    (
        "string to boolean",
        PaymentFailed,
        {"failure_code": (bool | None, Field())},
        "failure_code",
    ),
]


@pytest.mark.parametrize(
    ("cls", "fields", "field"),
    [narrowing[1:] for narrowing in NARROWINGS],
    ids=[narrowing[0] for narrowing in NARROWINGS],
)
def test_a_narrowed_type_breaks(cls: type[Event], fields: dict[str, FieldSpec], field: str) -> None:
    breaks = breaks_after(variant(cls, fields=fields))

    assert (field, Rule.NARROWED_TYPE) in found(breaks)
    assert all(incompatibility.rule is Rule.NARROWED_TYPE for incompatibility in breaks)


def test_a_narrowed_field_of_a_nested_model_breaks() -> None:
    class UsdOnly(BaseModel):
        model_config = ConfigDict(frozen=True, extra="forbid", title="Money")
        amount_minor: int = Field(ge=0)
        currency: Literal["USD"]

    edited = variant(PaymentCaptured, fields={"amount": (UsdOnly, Field())})

    assert found(breaks_after(edited)) == {("amount.currency", Rule.NARROWED_TYPE)}


def test_dropping_a_question_format_from_the_union_breaks() -> None:
    fewer_formats = SingleChoiceQuestion | MultipleSelectQuestion | FaultyLinesQuestion
    edited = variant(
        QuestionPublished,
        fields={"question": (fewer_formats, Field(discriminator="format"))},
    )

    breaks = breaks_after(edited)

    assert found(breaks) == {("question", Rule.NARROWED_TYPE)}
    assert "true_false" in breaks[0].detail


# --- new required fields ----------------------------------------------------------------------


def test_a_new_required_field_breaks() -> None:
    edited = variant(TestPassed, fields={"proctor_ref": (str, Field())})

    assert found(breaks_after(edited)) == {("proctor_ref", Rule.NEW_REQUIRED_FIELD)}


def test_an_optional_field_made_required_breaks() -> None:
    ce_type = PaymentFailed.ce_type()
    committed = copy.deepcopy(BASELINE)
    committed[ce_type]["required"].remove("failure_code")

    breaks = check_compatibility(committed=committed, current=BASELINE)

    assert found(breaks) == {("failure_code", Rule.NEW_REQUIRED_FIELD)}


# --- keys, topics and event types -------------------------------------------------------------


def test_a_changed_key_breaks() -> None:
    rekeyed = Topic(
        name=TESTING_ATTEMPTS.name,
        key_field="attempt_id",
        visibility=TESTING_ATTEMPTS.visibility,
        compacted=TESTING_ATTEMPTS.compacted,
        description=TESTING_ATTEMPTS.description,
    )

    breaks = breaks_after(variant(TestPassed, topic=rekeyed))

    assert found(breaks) == {("candidate_id", Rule.CHANGED_KEY)}
    assert "'attempt_id'" in breaks[0].detail


def test_a_moved_event_breaks() -> None:
    breaks = breaks_after(variant(TestPassed, topic=MATCHING_MATCHES))

    assert found(breaks) == {("<topic>", Rule.CHANGED_TOPIC)}


def test_a_removed_event_type_breaks() -> None:
    breaks = breaks_after(removed=(TestPassed.ce_type(),))

    assert found(breaks) == {("<event>", Rule.REMOVED_EVENT)}
    assert breaks[0].ce_type == "jobpeak.testing.TestPassed.v1"


# --- version bumps ----------------------------------------------------------------------------

ATTEMPTS_V2 = Topic(
    name="testing.attempts.v2",
    key_field="candidate_id",
    visibility=TESTING_ATTEMPTS.visibility,
    compacted=False,
    description="Attempts, second major version.",
)


def test_a_breaking_change_is_allowed_as_a_new_version_on_a_new_topic() -> None:
    version_two = variant(TestPassed, drop=("bank_version",), schema_version=2, topic=ATTEMPTS_V2)

    assert breaks_after(version_two) == []


def test_the_old_version_may_go_once_a_higher_version_replaces_it() -> None:
    version_two = variant(TestPassed, drop=("bank_version",), schema_version=2, topic=ATTEMPTS_V2)

    assert breaks_after(version_two, removed=(TestPassed.ce_type(),)) == []


def test_a_new_version_on_the_old_topic_breaks() -> None:
    same_topic = variant(TestPassed, drop=("bank_version",), schema_version=2)

    breaks = breaks_after(same_topic)

    assert found(breaks) == {("<topic>", Rule.NEW_VERSION_ON_SAME_TOPIC)}
    assert breaks[0].ce_type == "jobpeak.testing.TestPassed.v2"


# --- compatible changes -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cls", "fields"),
    [
        (TestPassed, {"proctor_note": (str | None, Field(default=None))}),
        (TestStarted, {"question_count": (int, Field(ge=0))}),
        (TestStarted, {"attempt_number": (float, Field(ge=1))}),
        (TestStarted, {"blueprint_version": (int | None, Field(ge=1))}),
        (
            PaymentRefunded,
            {"reason": (Literal["attempt_voided", "admin", "goodwill"], Field())},
        ),
        (SpecialtyPublished, {"tier": (str, Field(min_length=1))}),
    ],
    ids=[
        "optional field added",
        "minimum lowered",
        "integer widened to number",
        "null allowed",
        "enum value added",
        "max length removed",
    ],
)
def test_a_compatible_change_passes(cls: type[Event], fields: dict[str, FieldSpec]) -> None:
    assert breaks_after(variant(cls, fields=fields)) == []


def test_editing_only_descriptions_and_examples_passes() -> None:
    committed = copy.deepcopy(BASELINE)
    schema = committed[TestPassed.ce_type()]
    schema["properties"]["total_score"]["description"] = "an older wording"
    schema["properties"]["total_score"]["examples"] = [0.5]

    assert check_compatibility(committed=committed, current=BASELINE) == []


# --- the command ------------------------------------------------------------------------------


def _write(directory: Path, documents: dict[str, JsonObject]) -> None:
    for ce_type, document in documents.items():
        (directory / schema_file_name(ce_type)).write_text(render(document), encoding="utf-8")


def test_the_command_passes_on_the_committed_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert compat.main([]) == 0
    assert "compatible" in capsys.readouterr().out


def test_the_command_fails_naming_field_and_rule(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    committed = copy.deepcopy(BASELINE)
    committed[TestPassed.ce_type()]["properties"]["legacy_flag"] = {"type": "boolean"}
    _write(tmp_path, committed)

    exit_code = compat.main(["--schemas", str(tmp_path)])

    assert exit_code == 1
    errors = capsys.readouterr().err
    assert "jobpeak.testing.TestPassed.v1" in errors
    assert "'legacy_flag'" in errors
    assert "removed or renamed field" in errors


def test_the_command_refuses_an_empty_baseline(tmp_path: Path) -> None:
    assert compat.main(["--schemas", str(tmp_path)]) == 2
