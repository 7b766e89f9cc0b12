"""The pool from TestPassed: one entry per reviewer, and passes that arrive before their
specialty are kept until it does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from jobpeak_contracts.events import ReviewerQualified
from jobpeak_contracts.topics import CATALOG_SPECIALTIES, TESTING_ATTEMPTS
from jobpeak_matching.adapters.tables import parked_passes, reviewers

from services.matching.tests.incoming import passed_certification, specialty_published
from services.matching.tests.integration.harness import T0, Matching, candidate

pytestmark = pytest.mark.integration


async def test_duplicate_passes_make_one_pool_entry(matching: Matching) -> None:
    reviewer = candidate("linus")
    await matching.publish(specialty_published())
    [first] = await matching.publish(passed_certification(reviewer))
    await matching.resend(first)  # the same record redelivered
    await matching.publish(passed_certification(reviewer, graded_at=T0 + timedelta(days=1)))
    await matching.handled(TESTING_ATTEMPTS, count=2)

    assert await matching.count(reviewers) == 1
    [qualified] = await matching.matches(ReviewerQualified)
    assert qualified.candidate_id == reviewer
    assert qualified.qualified_at == T0


async def test_a_pass_before_its_specialty_is_pooled_when_the_specialty_arrives(
    matching: Matching,
) -> None:
    reviewer = candidate("barbara")
    graded_at = T0 - timedelta(hours=3)
    await matching.publish(
        passed_certification(reviewer, slug="data-labelling", graded_at=graded_at)
    )
    await matching.handled(TESTING_ATTEMPTS, count=1)
    assert await matching.count(parked_passes) == 1
    assert await matching.count(reviewers) == 0
    assert await matching.matches(ReviewerQualified) == []

    await matching.publish(specialty_published(slug="data-labelling", match_sla_days=5))
    await matching.handled(CATALOG_SPECIALTIES, count=1)

    [qualified] = await matching.wait_for_match_event(ReviewerQualified)
    assert qualified.candidate_id == reviewer
    assert qualified.specialty_slug == "data-labelling"
    assert qualified.qualified_at == graded_at
    assert qualified.due_by == graded_at + timedelta(days=5)
    assert await matching.count(parked_passes) == 0
    assert await matching.count(reviewers) == 1
