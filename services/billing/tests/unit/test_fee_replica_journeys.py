"""The fee replica, on fakes: the newest revision of the catalog wins, whatever the order."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from jobpeak_billing.application.fees import replicate_fee, stop_selling
from jobpeak_billing.handlers import build_handlers
from jobpeak_contracts.events.catalog import SpecialtyPublished, SpecialtyRetired
from jobpeak_contracts.events.testing import AttemptVoided
from jobpeak_contracts.money import Money
from jobpeak_runtime.clock import ManualClock

from services.billing.tests.support.catalog import specialty_published
from services.billing.tests.support.fake_gateway import FakeGateway
from services.billing.tests.unit.fakes import FakeBillingUnitOfWork

pytestmark = pytest.mark.unit

CLOCK = ManualClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))


def retired(revision: int) -> SpecialtyRetired:
    return SpecialtyRetired(specialty_slug="coding", revision=revision, retired_at=CLOCK())


async def test_a_newer_fee_replaces_an_older_one_but_never_the_reverse() -> None:
    uow = FakeBillingUnitOfWork()
    async with uow:
        await replicate_fee(
            specialty_published(revision=2, fee=Money(amount_minor=5900, currency="USD")),
            uow=uow,
            clock=CLOCK,
        )
        await replicate_fee(specialty_published(revision=1), uow=uow, clock=CLOCK)
    entry = await uow.fees.get("coding")
    assert entry is not None
    assert (entry.revision, entry.fee) == (2, Money(amount_minor=5900, currency="USD"))


async def test_a_retirement_seen_before_its_snapshot_keeps_the_specialty_off_sale() -> None:
    uow = FakeBillingUnitOfWork()
    async with uow:
        await stop_selling(retired(3), uow=uow, clock=CLOCK)
        await replicate_fee(specialty_published(revision=2), uow=uow, clock=CLOCK)
    entry = await uow.fees.get("coding")
    assert entry is not None
    assert (entry.revision, entry.retired) == (3, True)


async def test_billing_listens_to_the_catalog_and_to_voided_attempts() -> None:
    handlers = build_handlers(gateway=FakeGateway(), clock=CLOCK)
    assert {registration.event_type for registration in handlers} == {
        SpecialtyPublished,
        SpecialtyRetired,
        AttemptVoided,
    }
    uow = FakeBillingUnitOfWork()
    published = specialty_published(revision=4)
    registration = handlers.handler_for(published)
    assert registration is not None
    async with uow:
        await registration.handler(published, uow=uow)
    entry = await uow.fees.get("coding")
    assert entry is not None
    assert entry.revision == 4
