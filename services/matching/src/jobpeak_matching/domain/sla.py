"""The match promise: a qualified reviewer is matched (an offer accepted) before ``due_by``.

The window is half-open, ``[qualified_at, due_by)``: an acceptance at ``due_by`` or later is
late, and a reviewer without an acceptance before ``due_by`` is in breach from ``due_by`` on,
even if they accept after it but before the scheduler looked. A breach is recorded exactly once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from jobpeak_matching.domain.pool import Reviewer
from jobpeak_matching.domain.times import require_aware
from jobpeak_matching.domain.transition import Transition


def matched_within_sla(reviewer: Reviewer) -> bool:
    return reviewer.matched_at is not None and reviewer.matched_at < reviewer.due_by


def is_in_breach(reviewer: Reviewer, now: datetime) -> bool:
    """True from ``due_by`` on for a reviewer not matched before it."""
    return require_aware("now", now) >= reviewer.due_by and not matched_within_sla(reviewer)


def sla_breaches_to_record(*, reviewers: Iterable[Reviewer], now: datetime) -> list[Reviewer]:
    """Reviewers in breach at ``now`` whose breach is not recorded yet, earliest due first."""
    return sorted(
        (r for r in reviewers if r.sla_breached_at is None and is_in_breach(r, now)),
        key=lambda r: (r.due_by, r.candidate_id),
    )


def record_sla_breach(*, reviewer: Reviewer, detected_at: datetime) -> Transition[Reviewer]:
    """Record the breach once; a second call (a retried scheduler run) changes nothing."""
    detected_at = require_aware("detected_at", detected_at)
    if reviewer.sla_breached_at is not None:
        return Transition(reviewer, changed=False)
    if not is_in_breach(reviewer, detected_at):
        raise ValueError(
            f"reviewer {reviewer.candidate_id} is not in breach at {detected_at.isoformat()}"
        )
    return Transition(replace(reviewer, sla_breached_at=detected_at), changed=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviewerWait:
    """One line of the admin report; ``within_sla`` is None while the window is still open."""

    candidate_id: str
    specialty_slug: str
    qualified_at: datetime
    due_by: datetime
    matched_at: datetime | None
    waited: timedelta
    within_sla: bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class SlaReport:
    """Reviewers longest-waiting first, and the share of decided reviewers matched in time.

    A reviewer is *decided* once matched or once ``due_by`` passed; reviewers still inside
    their window are listed but not counted, so the share is None until someone is decided.
    """

    generated_at: datetime
    reviewers: tuple[ReviewerWait, ...]
    decided: int
    matched_within_sla: int

    @property
    def share_matched_within_sla(self) -> float | None:
        return None if self.decided == 0 else self.matched_within_sla / self.decided


def sla_report(*, reviewers: Iterable[Reviewer], now: datetime) -> SlaReport:
    now = require_aware("now", now)
    lines: list[ReviewerWait] = []
    for reviewer in reviewers:
        waited_until = reviewer.matched_at if reviewer.matched_at is not None else now
        decided = reviewer.matched_at is not None or now >= reviewer.due_by
        lines.append(
            ReviewerWait(
                candidate_id=reviewer.candidate_id,
                specialty_slug=reviewer.specialty_slug,
                qualified_at=reviewer.qualified_at,
                due_by=reviewer.due_by,
                matched_at=reviewer.matched_at,
                waited=max(waited_until - reviewer.qualified_at, timedelta(0)),
                within_sla=matched_within_sla(reviewer) if decided else None,
            )
        )
    lines.sort(key=lambda line: (-line.waited, line.candidate_id))
    decided_lines = [line for line in lines if line.within_sla is not None]
    return SlaReport(
        generated_at=now,
        reviewers=tuple(lines),
        decided=len(decided_lines),
        matched_within_sla=sum(1 for line in decided_lines if line.within_sla),
    )
