"""A relay leader that freezes (SIGSTOP) loses its lease: the other replica publishes in seconds.

Both replicas are real processes forked by ``worker.py``; the freeze is a real SIGSTOP, which
keeps the frozen process's database connections open (the kernel still answers for them), the
case an advisory lock could not detect.
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from jobpeak_runtime.relay_lease import LEASE_NAME
from jobpeak_runtime.testing import wait_until

from tests.reliability.support import Service, exactly, pending

pytestmark = pytest.mark.reliability

LEASE_SECONDS = 3.0
POLL_SECONDS = 0.2
TAKEOVER_BOUND_SECONDS = LEASE_SECONDS + POLL_SECONDS + 3.0
"""The lease runs out, a standby's next poll takes it, its producer connects (under 3 s)."""


async def leader_pid(service: Service) -> int | None:
    holder = await service.sql(
        "SELECT holder FROM runtime_relay_lease WHERE name = $1 AND expires_at > now()",
        LEASE_NAME,
    )
    return int(str(holder).split(":")[1]) if holder else None


async def distinct_published(service: Service) -> int:
    return len({event.event_id for event in await service.published()})


async def test_a_frozen_relay_leader_is_replaced_within_the_lease(service: Service) -> None:
    service.settings["OUTBOX_LEASE_SECONDS"] = str(LEASE_SECONDS)
    relays = {service.spawn("relay") for _ in range(2)}

    async def led() -> bool:
        return await leader_pid(service) in relays

    await wait_until(led, message="one relay leads")
    frozen = await leader_pid(service)
    assert frozen is not None
    service.spawn("emit", "20", "4")
    await wait_until(exactly(lambda: distinct_published(service), 20), message="leader publishes")

    os.kill(frozen, signal.SIGSTOP)
    try:
        frozen_at = time.monotonic()
        service.spawn("emit", "30", "4")
        await wait_until(
            exactly(lambda: distinct_published(service), 50),
            within=TAKEOVER_BOUND_SECONDS + 5,
            message="the other replica publishes",
        )
        takeover_seconds = time.monotonic() - frozen_at
        survivor = await leader_pid(service)
        print(f"frozen leader replaced after {takeover_seconds:.2f} s")
        assert survivor in relays - {frozen}
        assert takeover_seconds <= TAKEOVER_BOUND_SECONDS
    finally:
        os.kill(frozen, signal.SIGCONT)

    service.spawn("emit", "10", "2")
    await wait_until(
        exactly(lambda: distinct_published(service), 60), message="published after the thaw"
    )
    assert await leader_pid(service) == survivor
    assert await pending(service) == 0
