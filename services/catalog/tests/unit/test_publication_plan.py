"""Planning a publish: refusal lists every problem; a republish sends only what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from jobpeak_catalog.adapters.bankfiles import read_seed_directory
from jobpeak_catalog.domain.bank import BankEntry, QuestionStatus
from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.publication import (
    PublicationPlan,
    PublishRefused,
    plan_publication,
)
from jobpeak_catalog.domain.specialty import SpecialtyDefinition, SpecialtyStatus
from jobpeak_contracts.questions import Difficulty, Question, QuestionPool, Section

pytestmark = pytest.mark.unit


@pytest.fixture(scope="module")
def writing(writing_seed_dir: Path) -> tuple[SpecialtyDefinition, list[Question]]:
    """The active questions of both pools (16 certification, 12 practice); not the reserve."""
    bundle = read_seed_directory(writing_seed_dir)
    return bundle.specialty, [
        entry.question
        for entry in bundle.questions
        if entry.initial_status is QuestionStatus.ACTIVE
    ]


def blueprints_of(
    specialty: SpecialtyDefinition, version: int = 1
) -> dict[BlueprintKind, tuple[Blueprint, int]]:
    return {
        BlueprintKind.PRACTICE: (specialty.practice, version),
        BlueprintKind.CERTIFICATION: (specialty.certification, version),
    }


def fresh(questions: list[Question]) -> list[BankEntry]:
    return [BankEntry(question=q, status=QuestionStatus.ACTIVE) for q in questions]


def after_publish(entries: list[BankEntry]) -> list[BankEntry]:
    return [
        replace(e, published_version=e.question.version, published_status=e.status) for e in entries
    ]


def plan(
    specialty: SpecialtyDefinition,
    bank: list[BankEntry],
    *,
    previous: PublicationPlan | None = None,
    status: SpecialtyStatus = SpecialtyStatus.DRAFT,
    blueprint_version: int = 1,
) -> PublicationPlan:
    return plan_publication(
        profile=specialty.profile,
        blueprints=blueprints_of(specialty, blueprint_version),
        bank=bank,
        status=status,
        current_bank_version=previous.snapshot.bank_version if previous else 0,
        previous=previous.snapshot if previous else None,
    )


def test_first_publish_sends_the_whole_bank(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing

    first = plan(specialty, fresh(questions))

    assert len(first.bank_changes.published) == 16 + 12
    assert first.bank_changes.retired == ()
    assert first.snapshot.bank_version == 1
    assert first.snapshot.active_question_count == 16  # the certification bank only
    assert first.specialty_changed


def test_republishing_unchanged_sends_nothing(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing
    first = plan(specialty, fresh(questions))

    again = plan(
        specialty, after_publish(fresh(questions)), previous=first, status=SpecialtyStatus.PUBLISHED
    )

    assert not again.bank_changes.any
    assert not again.specialty_changed
    assert again.snapshot.bank_version == 1


def test_an_edit_and_a_retirement_send_just_those_two(
    writing: tuple[SpecialtyDefinition, list[Question]],
    make_question: Callable[..., Question],
) -> None:
    specialty, questions = writing
    first = plan(specialty, fresh(questions))
    published = after_publish(fresh(questions))
    edited = replace(published[0], question=published[0].question.model_copy(update={"version": 2}))
    retired = replace(published[1], status=QuestionStatus.RETIRED)
    added = BankEntry(
        question=make_question(
            "tw-easy-099", specialty="technical-writing", topic="grammar", language=None
        ),
        status=QuestionStatus.ACTIVE,
    )
    never_published_then_retired = BankEntry(
        question=make_question(
            "tw-easy-098", specialty="technical-writing", topic="grammar", language=None
        ),
        status=QuestionStatus.RETIRED,
    )
    bank = [edited, retired, *published[2:], added, never_published_then_retired]

    second = plan(specialty, bank, previous=first, status=SpecialtyStatus.PUBLISHED)

    assert [q.id for q in second.bank_changes.published] == ["tw-easy-001", "tw-easy-099"]
    assert [q.id for q in second.bank_changes.retired] == ["tw-easy-002"]
    assert second.snapshot.bank_version == 2
    assert second.snapshot.active_question_count == 16
    assert second.specialty_changed  # the snapshot carries the new bank version


def test_a_blueprint_change_alone_republishes_the_specialty_only(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing
    first = plan(specialty, fresh(questions))

    again = plan(
        specialty,
        after_publish(fresh(questions)),
        previous=first,
        status=SpecialtyStatus.PUBLISHED,
        blueprint_version=2,
    )

    assert again.specialty_changed
    assert not again.bank_changes.any


def test_republishing_a_retired_specialty_announces_it_again(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing
    first = plan(specialty, fresh(questions))

    again = plan(
        specialty, after_publish(fresh(questions)), previous=first, status=SpecialtyStatus.RETIRED
    )

    assert again.specialty_changed


def test_an_unfillable_bank_is_refused_with_every_shortfall(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing
    without_hard_and_behavioural = [
        q
        for q in questions
        if q.difficulty is not Difficulty.HARD and q.section is not Section.BEHAVIOURAL
    ]

    with pytest.raises(PublishRefused) as caught:
        plan(specialty, fresh(without_hard_and_behavioural))

    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("practice.domain/hard", "needs 3 active questions, the practice pool has 0"),
        ("practice.behavioural", "needs 3 active questions, the practice pool has 0"),
        ("certification.domain/hard", "needs 4 active questions, the certification pool has 0"),
        ("certification.behavioural", "needs 4 active questions, the certification pool has 0"),
    ]


def test_retired_questions_do_not_count_towards_feasibility(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing
    bank = fresh(questions)
    bank[0] = replace(bank[0], status=QuestionStatus.RETIRED)  # one of the four easy ones

    with pytest.raises(PublishRefused) as caught:
        plan(specialty, bank)

    assert [p.field for p in caught.value.problems] == ["certification.domain/easy"]


def test_a_missing_blueprint_is_named(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing

    with pytest.raises(PublishRefused) as caught:
        plan_publication(
            profile=specialty.profile,
            blueprints={BlueprintKind.PRACTICE: (specialty.practice, 1)},
            bank=fresh(questions),
            status=SpecialtyStatus.DRAFT,
            current_bank_version=0,
            previous=None,
        )

    assert [p.field for p in caught.value.problems] == ["certification"]


def test_each_blueprint_is_checked_against_its_own_pool(
    writing: tuple[SpecialtyDefinition, list[Question]],
) -> None:
    specialty, questions = writing
    practice_as_certification = [
        q.model_copy(update={"pool": QuestionPool.CERTIFICATION}) for q in questions
    ]
    two_practice_forms = [
        q for q in questions if not q.id.endswith("-003") or q.pool is QuestionPool.CERTIFICATION
    ]

    with pytest.raises(PublishRefused) as no_practice_pool:
        plan(specialty, fresh(practice_as_certification))
    with pytest.raises(PublishRefused) as too_small:
        plan(specialty, fresh(two_practice_forms))

    assert [p.field for p in no_practice_pool.value.problems] == [
        "practice.domain/easy",
        "practice.domain/medium",
        "practice.domain/hard",
        "practice.behavioural",
    ]
    assert [p.message for p in too_small.value.problems] == [
        "needs 3 active questions, the practice pool has 2"
    ] * 4
