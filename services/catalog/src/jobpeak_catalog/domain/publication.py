"""Planning a publish: refuse an unfillable blueprint, then work out exactly what changed.

The plan is pure: given the specialty as it stands, its bank and what the last publish sent, it
returns the new snapshot and the questions to announce, or raises :class:`PublishRefused` with
every problem at once. Executing the plan (rows, outbox) is the service layer's job.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jobpeak_contracts.questions import QuestionPool, Section
from pydantic import BaseModel, ConfigDict, Field

from jobpeak_catalog.domain.balanced_forms import Groups, publish_problems
from jobpeak_catalog.domain.bank import (
    BankChanges,
    BankEntry,
    QuestionStatus,
    changes_since_last_publish,
    next_bank_version,
)
from jobpeak_catalog.domain.blueprint import Blueprint, BlueprintKind
from jobpeak_catalog.domain.feasibility import POOL_OF, count_by_stratum, find_shortfalls
from jobpeak_catalog.domain.problems import InvalidInput, Problem
from jobpeak_catalog.domain.specialty import (
    SpecialtyDefinition,
    SpecialtyProfile,
    SpecialtyStatus,
)


class PublishRefused(InvalidInput):
    """The specialty cannot be published as it stands; nothing was written."""


class PublishedSnapshot(BaseModel):
    """What one publish made public about a specialty: the facts consumers and pages read."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    definition: SpecialtyDefinition
    blueprint_versions: dict[BlueprintKind, int]
    bank_version: int = Field(ge=1)
    active_question_count: int = Field(ge=0)
    """Active questions of the certification bank (the seed's 150); practice items not counted."""


@dataclass(frozen=True)
class PublicationPlan:
    snapshot: PublishedSnapshot
    bank_changes: BankChanges
    specialty_changed: bool
    """Whether the snapshot differs from the live one, so SpecialtyPublished must go out."""


def plan_publication(
    *,
    profile: SpecialtyProfile,
    blueprints: Mapping[BlueprintKind, tuple[Blueprint, int]],
    bank: Sequence[BankEntry],
    status: SpecialtyStatus,
    current_bank_version: int,
    previous: PublishedSnapshot | None,
) -> PublicationPlan:
    """``blueprints`` maps each kind to the blueprint and its version."""
    missing = [kind for kind in BlueprintKind if kind not in blueprints]
    if missing:
        raise PublishRefused(
            [Problem(field=kind.value, message="no blueprint defined yet") for kind in missing]
        )
    active = [entry.question for entry in bank if entry.status is QuestionStatus.ACTIVE]
    certification_bank = [q for q in active if q.pool is QuestionPool.CERTIFICATION]
    shortfalls = find_shortfalls(
        blueprints=[blueprint for blueprint, _ in blueprints.values()],
        available=count_by_stratum(active),
    )
    if shortfalls:
        raise PublishRefused(
            [
                Problem(
                    field=f"{shortfall.blueprint.value}.{shortfall.stratum}",
                    message=shortfall.message,
                )
                for shortfall in shortfalls
            ]
        )
    groups = Groups(
        languages=tuple(profile.language_ids),
        topics=tuple(profile.topics.ids_for(Section.DOMAIN)),
    )
    unbalanced = [  # each blueprint's minima against its own pool
        problem
        for blueprint, _ in blueprints.values()
        for problem in publish_problems(
            blueprints=[blueprint],
            groups=groups,
            active_questions=[q for q in active if q.pool is POOL_OF[blueprint.kind]],
        )
    ]
    if unbalanced:
        raise PublishRefused(unbalanced)
    changes = changes_since_last_publish(bank)
    definition = SpecialtyDefinition.model_validate(
        {
            **profile.model_dump(),
            "practice": blueprints[BlueprintKind.PRACTICE][0],
            "certification": blueprints[BlueprintKind.CERTIFICATION][0],
        }
    )
    snapshot = PublishedSnapshot(
        definition=definition,
        blueprint_versions={kind: version for kind, (_, version) in blueprints.items()},
        bank_version=next_bank_version(current=current_bank_version, changes=changes),
        active_question_count=len(certification_bank),
    )
    return PublicationPlan(
        snapshot=snapshot,
        bank_changes=changes,
        specialty_changed=status is not SpecialtyStatus.PUBLISHED or snapshot != previous,
    )
