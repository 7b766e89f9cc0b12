"""Work that cannot be honest (starting in 1970 or 9999) and a specialty lock held elsewhere:
refused clearly or answered within a bound, never a hang."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from jobpeak_contracts.topics import CATALOG_SPECIALTIES
from jobpeak_matching.adapters.locks import AdvisorySpecialtyLocks
from jobpeak_matching.adapters.tables import work
from jobpeak_matching.settings import MatchingSettings
from jobpeak_runtime.clock import ManualClock
from sqlalchemy.ext.asyncio import AsyncSession

from services.matching.tests.incoming import specialty_published
from services.matching.tests.integration.harness import T0, Matching, running_matching

pytestmark = pytest.mark.integration


@pytest.mark.parametrize(
    ("starts_at", "problem"),
    [
        (datetime(1970, 1, 1, tzinfo=UTC), "is in the past"),
        (T0 - timedelta(hours=1), "is in the past"),
        (T0 + timedelta(days=91), "is more than 90 days ahead"),
        (datetime(9999, 12, 31, 23, 59, tzinfo=UTC), "is more than 90 days ahead"),
    ],
)
async def test_work_starting_outside_the_horizon_is_refused_naming_starts_at(
    matching: Matching, starts_at: datetime, problem: str
) -> None:
    await matching.publish(specialty_published())
    await matching.handled(CATALOG_SPECIALTIES, count=1)
    refused = await matching.post_work(starts_at=starts_at)
    assert refused.status_code == 422, refused.text
    (only,) = refused.json()["problems"]
    assert only["field"] == "starts_at"
    assert problem in only["message"]
    assert await matching.count(work) == 0


async def test_posting_work_while_another_instance_holds_the_specialty_lock_answers_in_time(
    matching_settings: MatchingSettings,
) -> None:
    """Another instance (here: another connection) frozen while holding the ``coding`` lock."""
    settings = matching_settings.model_copy(update={"database_lock_timeout_seconds": 1.0})
    async with running_matching(settings, clock=ManualClock(T0)) as matching:
        await matching.publish(specialty_published())
        await matching.handled(CATALOG_SPECIALTIES, count=1)
        async with AsyncSession(matching.runtime.engine) as frozen, frozen.begin():
            await AdvisorySpecialtyLocks(frozen).hold("coding")
            started = time.monotonic()
            busy = await matching.post_work()
            waited = time.monotonic() - started
        assert busy.status_code == 503, busy.text
        assert busy.headers["Retry-After"].isdigit()
        assert busy.headers["content-type"] == "application/problem+json"
        assert waited < 3.0
        assert await matching.count(work) == 0
        retried = await matching.post_work()
        assert retried.status_code == 201, retried.text
