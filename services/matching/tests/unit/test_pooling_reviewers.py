"""Passed candidates join the pool; the catalog's specialties steer it; reviewers state languages.

Use cases on the in-memory unit of work, fed as the event handlers feed them.
"""

from __future__ import annotations

import pytest
from jobpeak_contracts.events import MatchOffered, ReviewerQualified, WorkClosed
from jobpeak_matching.application.pool import (
    NotInPool,
    pool_entry,
    retire_specialty,
)
from jobpeak_matching.domain.offers import OfferStatus
from jobpeak_matching.domain.pool import LanguagePreferencesRefused
from jobpeak_matching.domain.work import WorkCloseReason

from services.matching.tests.builders import DAY, HOUR, T0
from services.matching.tests.incoming import specialty_retired
from services.matching.tests.unit.fakes import FakeMatchingUnitOfWork
from services.matching.tests.unit.steps import (
    coding_is_published,
    passes,
    posts_work,
    states_languages,
    work_request,
)

pytestmark = pytest.mark.unit


async def test_candidate_who_passes_is_pooled_with_the_specialtys_promise() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)

    await passes(uow, "cand-a")
    await passes(uow, "cand-a")  # redelivered: pooled once

    [qualified] = uow.committed(ReviewerQualified)
    assert (qualified.candidate_id, qualified.due_by) == ("cand-a", T0 + 7 * DAY)
    assert list(uow.pool.reviewers) == [("cand-a", "coding")]


async def test_a_pass_before_its_specialty_is_parked_and_pooled_once_it_is_published() -> None:
    uow = FakeMatchingUnitOfWork()
    await passes(uow, "cand-a")
    assert uow.pool.reviewers == {}
    assert len(uow.pool.parked) == 1

    await coding_is_published(uow, at=T0 + HOUR)

    assert uow.pool.parked == {}
    assert [q.candidate_id for q in uow.committed(ReviewerQualified)] == ["cand-a"]


async def test_an_older_revision_of_a_specialty_changes_nothing() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow, revision=2)
    async with uow:
        await retire_specialty(uow=uow, event=specialty_retired(revision=1), now=T0)
        await uow.commit()

    terms = await uow.specialties.terms("coding")
    assert terms is not None
    assert terms.live


async def test_a_retired_specialty_closes_its_open_work_and_withdraws_its_offers() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")
    posted = await posts_work(uow)

    async with uow:
        await retire_specialty(uow=uow, event=specialty_retired(revision=2), now=T0 + HOUR)
        await uow.commit()

    [closed] = uow.committed(WorkClosed)
    assert (closed.work_id, closed.reason.value) == (
        posted.work.work_id,
        WorkCloseReason.SPECIALTY_RETIRED.value,
    )
    [offer] = await uow.offers.of_candidate("cand-a")
    assert offer.status is OfferStatus.WITHDRAWN


async def test_reviewer_reads_their_pool_entry_and_a_stranger_is_not_in_the_pool() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")

    async with uow:
        entry = await pool_entry(uow=uow, candidate_id="cand-a", specialty_slug="coding")
        with pytest.raises(NotInPool):
            await pool_entry(uow=uow, candidate_id="cand-z", specialty_slug="coding")

    assert entry.reviewer.candidate_id == "cand-a"
    assert "Python" in entry.languages


async def test_reviewer_widens_their_languages_and_is_offered_work_in_them_at_once() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")
    await states_languages(uow, "cand-a", ["python"], at=T0)
    await posts_work(uow, work_request(languages=["Go"]))
    assert uow.committed(MatchOffered) == []

    entry = await states_languages(uow, "cand-a", None, at=T0 + HOUR)

    assert entry.reviewer.language_preferences is None
    assert [o.candidate_id for o in uow.committed(MatchOffered)] == ["cand-a"]


async def test_stating_a_language_the_specialty_does_not_list_is_refused() -> None:
    uow = FakeMatchingUnitOfWork()
    await coding_is_published(uow)
    await passes(uow, "cand-a")

    with pytest.raises(LanguagePreferencesRefused):
        await states_languages(uow, "cand-a", ["Klingon"], at=T0)
    reviewer = await uow.pool.get(candidate_id="cand-a", specialty_slug="coding")
    assert reviewer is not None
    assert reviewer.language_preferences is None
