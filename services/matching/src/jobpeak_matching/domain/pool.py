"""The pool of qualified reviewers waiting to be matched.

How a reviewer's languages are known: a TestPassed event carries no languages, and the
certification examines the specialty as a whole, so a reviewer qualified in a specialty is
eligible for work in *every* language the specialty lists. A reviewer may narrow that by stating
preferences (a non-empty subset of the specialty's languages). Without preferences the effective
set follows the specialty's current list, so a language the catalog adds later is covered too.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from uuid import UUID

from jobpeak_matching.domain.specialty import SpecialtyTerms
from jobpeak_matching.domain.times import require_aware


class LanguagePreferencesRefused(ValueError):
    """Stated languages that are empty or outside the specialty's list."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pass:
    """What matching keeps of a TestPassed: enough to pool the reviewer and announce it."""

    attempt_id: UUID
    candidate_id: str
    specialty_slug: str
    score: float
    qualified_at: datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class Reviewer:
    """A qualified reviewer in the pool.

    ``due_by`` is the end of the match promise: the reviewer should be matched (an offer
    accepted) before it. ``matched_at`` is the first acceptance, ``sla_breached_at`` when the
    breach was recorded (at most once).
    """

    candidate_id: str
    specialty_slug: str
    qualified_at: datetime
    due_by: datetime
    language_preferences: frozenset[str] | None = None
    matched_at: datetime | None = None
    sla_breached_at: datetime | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "qualified_at", require_aware("qualified_at", self.qualified_at))
        object.__setattr__(self, "due_by", require_aware("due_by", self.due_by))
        if self.due_by < self.qualified_at:
            raise ValueError("due_by: must not be earlier than qualified_at")
        if self.language_preferences is not None and not self.language_preferences:
            raise ValueError("language_preferences: None means all; an empty set means none")
        for name in ("matched_at", "sla_breached_at"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, require_aware(name, value))

    def languages(self, specialty: SpecialtyTerms) -> frozenset[str]:
        """The languages this reviewer is eligible for, given the specialty's current list."""
        if self.language_preferences is None:
            return specialty.languages
        return self.language_preferences & specialty.languages


def qualify_reviewer(
    *, candidate_id: str, specialty: SpecialtyTerms, qualified_at: datetime
) -> Reviewer:
    """A reviewer who passed ``specialty``'s certification at ``qualified_at`` joins the pool.

    The due-by date is the specialty's match SLA (data from the catalog: 7 days for Coding)
    after qualification.
    """
    qualified_at = require_aware("qualified_at", qualified_at)
    return Reviewer(
        candidate_id=candidate_id,
        specialty_slug=specialty.slug,
        qualified_at=qualified_at,
        due_by=qualified_at + specialty.match_sla,
    )


def state_language_preferences(
    *, reviewer: Reviewer, specialty: SpecialtyTerms, languages: Iterable[str] | None
) -> Reviewer:
    """Narrow (or, with None, reset) the languages a reviewer is offered work in.

    Names are matched case-insensitively and stored in the catalog's spelling.
    """
    if languages is None:
        return replace(reviewer, language_preferences=None)
    stated = list(languages)
    unknown = sorted({name for name in stated if specialty.canonical_language(name) is None})
    if unknown:
        raise LanguagePreferencesRefused(
            f"languages: {', '.join(unknown)} not among the {specialty.slug} languages "
            f"({', '.join(sorted(specialty.languages))})"
        )
    if not stated:
        raise LanguagePreferencesRefused("languages: state at least one, or none to mean all")
    chosen = frozenset(
        canonical for name in stated if (canonical := specialty.canonical_language(name))
    )
    return replace(reviewer, language_preferences=chosen)


def record_match(*, reviewer: Reviewer, matched_at: datetime) -> Reviewer:
    """Remember the reviewer's first acceptance; later acceptances keep the first instant."""
    if reviewer.matched_at is not None:
        return reviewer
    return replace(reviewer, matched_at=require_aware("matched_at", matched_at))
