"""The events matching consumes, as the catalog and testing publish them, adjusted per test.

Built from the contracts' examples, so a new required field reaches these tests at once.
"""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from jobpeak_contracts.events import SpecialtyPublished, SpecialtyRetired, TestPassed
from jobpeak_contracts.examples import example_events
from jobpeak_contracts.money import Money

from services.matching.tests.builders import T0

CODING_CEILING = Money(amount_minor=10_000, currency="USD")


def specialty_published(
    *,
    slug: str = "coding",
    revision: int = 1,
    ceiling: Money = CODING_CEILING,
    match_sla_days: int = 7,
) -> SpecialtyPublished:
    """Coding as the catalog publishes it (the contracts' example), adjusted."""
    template = next(e for e in example_events() if isinstance(e, SpecialtyPublished))
    return template.model_copy(
        update={
            "specialty_slug": slug,
            "revision": revision,
            "hourly_rate_ceiling": ceiling,
            "match_sla_days": match_sla_days,
        }
    )


def specialty_retired(*, slug: str = "coding", revision: int = 2) -> SpecialtyRetired:
    return SpecialtyRetired(specialty_slug=slug, revision=revision, retired_at=T0)


def passed_certification(
    candidate_id: str, *, slug: str = "coding", graded_at: datetime = T0, score: float = 0.85
) -> TestPassed:
    """A passed certification as testing publishes it (the contracts' example), adjusted."""
    template = next(e for e in example_events() if isinstance(e, TestPassed))
    return template.model_copy(
        update={
            "candidate_id": candidate_id,
            "specialty_slug": slug,
            "attempt_id": uuid4(),
            "order_id": uuid4(),
            "total_score": score,
            "graded_at": graded_at,
        }
    )
