"""The outbox relay's leadership: a lease in PostgreSQL that a frozen leader loses in seconds.

An advisory lock held on a connection is not enough: a leader frozen by SIGSTOP, a stuck event
loop or a paused VM keeps its TCP connection alive (the kernel answers keepalives for a stopped
process), so PostgreSQL never frees the lock and the service's events stop for as long as the
freeze lasts. A lease expires instead, unless its holder renews it (ADR 17):

- one row per database (``runtime_relay_lease``, name ``outbox``): holder, epoch, expiry;
- a relay takes the lease when it is free or expired, by the database's clock (no clock skew
  between replicas), or still its own (after a lost connection), raising the epoch;
- the holder renews it every third of its length on a connection of its own; a renewal that
  finds another holder or epoch, or that cannot be made before the lease runs out by the
  process's monotonic clock, ends the leadership: publishing stops before another round;
- a relay that stops cleanly hands the lease back, so its successor does not wait.

A frozen leader thus loses the lease ``lease_seconds`` after its last renewal, and a standby
(polling every ``poll_interval``) takes over within ``lease_seconds + poll_interval``. When the
old leader resumes, its monotonic clock has moved on (it counts the time stopped), so it publishes
nothing more; records it had handed to its producer before freezing may be delivered again, which
consumers drop by ``ce_id``.
"""

from __future__ import annotations

import asyncio
import os
import socket
import time
import uuid

import asyncpg

from jobpeak_runtime.logging import get_logger

_log = get_logger(__name__)

LEASE_NAME = "outbox"

_TAKE = """
    INSERT INTO runtime_relay_lease (name, holder, epoch, expires_at)
    VALUES ($1, $2, 1, clock_timestamp() + make_interval(secs => $3))
    ON CONFLICT (name) DO UPDATE
    SET holder = excluded.holder, epoch = runtime_relay_lease.epoch + 1,
        expires_at = excluded.expires_at
    WHERE runtime_relay_lease.expires_at < clock_timestamp()
       OR runtime_relay_lease.holder = excluded.holder
    RETURNING epoch
"""
_RENEW = """
    UPDATE runtime_relay_lease SET expires_at = clock_timestamp() + make_interval(secs => $4)
    WHERE name = $1 AND holder = $2 AND epoch = $3
    RETURNING epoch
"""
_RELEASE = "DELETE FROM runtime_relay_lease WHERE name = $1 AND holder = $2 AND epoch = $3"


class LeadershipLost(Exception):
    """The lease expired or another relay holds it: this relay must stop publishing."""


def relay_identity() -> str:
    """``host:pid:nonce``: tells operators which process leads, unique per relay."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class RelayLease:
    """One relay's hold on the lease, over a connection used for nothing else."""

    def __init__(
        self,
        *,
        connection: asyncpg.Connection,
        holder: str,
        lease_seconds: float,
        poll_interval_seconds: float,
        name: str = LEASE_NAME,
    ) -> None:
        self._connection = connection
        self._holder = holder
        self._seconds = lease_seconds
        self._poll = min(poll_interval_seconds, lease_seconds / 3)
        self._name = name
        self._epoch: int | None = None
        self._valid_until = 0.0

    @property
    def epoch(self) -> int | None:
        return self._epoch

    async def acquire(self) -> None:
        """Wait until this relay holds the lease."""
        while True:
            started = time.monotonic()
            epoch = await self._connection.fetchval(_TAKE, self._name, self._holder, self._seconds)
            if epoch is not None:
                self._epoch = int(epoch)
                self._valid_until = started + self._seconds
                _log.info("outbox relay leads", holder=self._holder, epoch=self._epoch)
                return
            await asyncio.sleep(self._poll)

    def ensure_held(self) -> None:
        """Raise :class:`LeadershipLost` unless the lease is still ours by the monotonic clock."""
        if self._epoch is None or time.monotonic() >= self._valid_until:
            raise LeadershipLost(f"the lease of {self._holder} ran out")

    async def keep(self) -> None:
        """Renew the lease until cancelled; raises :class:`LeadershipLost` when it is gone."""
        while True:
            await asyncio.sleep(self._seconds / 3)
            self.ensure_held()
            started = time.monotonic()
            try:
                renewed = await asyncio.wait_for(
                    self._connection.fetchval(
                        _RENEW, self._name, self._holder, self._epoch, self._seconds
                    ),
                    timeout=max(self._valid_until - started, 0.001),
                )
            except TimeoutError:
                raise LeadershipLost(f"the lease of {self._holder} ran out renewing it") from None
            if renewed is None:
                raise LeadershipLost(f"another relay took the lease from {self._holder}")
            self._valid_until = started + self._seconds

    async def release(self) -> None:
        """Hand the lease back (a clean stop), so a standby takes over at once."""
        if self._epoch is None:
            return
        epoch, self._epoch = self._epoch, None
        try:
            await asyncio.wait_for(
                self._connection.execute(_RELEASE, self._name, self._holder, epoch), timeout=2
            )
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError) as error:
            _log.warning("outbox relay could not hand its lease back", error=repr(error))
