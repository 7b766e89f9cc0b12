"""The replica reads of an attempt start, as SQL text for the driver connection.

A start reads its specialty under a share lock (a retirement waits for the start, then voids its
attempt) and the bank's fingerprint (:mod:`jobpeak_testing.adapters.bank_cache`). Both come with
its check statement (:data:`~jobpeak_testing.adapters.start_statements.START_CHECKS`), one
round trip for three reads; the replicas take them from :class:`StartReads` instead of asking
again. The statements here serve every other read.
"""

from __future__ import annotations

import asyncpg

from jobpeak_testing.adapters.bank_cache import BankFingerprint

BANK_FINGERPRINT = """
    SELECT coalesce(max(bank_version), 0) AS bank_version,
           coalesce(sum(bank_version), 0) AS version_sum,
           count(*) AS rows, count(*) FILTER (WHERE retired_at IS NULL) AS live,
           max(updated_at) AS last_update
    FROM testing_questions WHERE specialty_slug = $1
    """
"""The replica's fingerprint of one specialty's bank (:class:`BankFingerprint`)."""

SPECIALTY = """
    SELECT revision, updated_at, retired_at, snapshot::text AS snapshot
    FROM testing_specialties WHERE specialty_slug = $1
    """
"""The specialty's replica row; the snapshot as text, validated only when not cached."""

SPECIALTY_LOCKED = """
    SELECT revision, updated_at, retired_at, snapshot::text AS snapshot
    FROM testing_specialties WHERE specialty_slug = $1 FOR SHARE
    """
"""The same under a share lock: a retirement waits for the transaction."""


def fingerprint_of(row: asyncpg.Record) -> BankFingerprint:
    return BankFingerprint(
        bank_version=int(row["bank_version"]),
        version_sum=int(row["version_sum"]),
        rows=int(row["rows"]),
        live=int(row["live"]),
        last_update=row["last_update"],
    )


class StartReads:
    """Replica reads the start's check statement made, until a replica asks for them.

    One per unit of work, shared by its repositories (the check statement reads the specialty
    under its share lock and the bank's fingerprint: see
    :data:`~jobpeak_testing.adapters.start_statements.START_CHECKS`). Each read is taken once:
    a later read in the same transaction asks the database again.
    """

    def __init__(self) -> None:
        self._specialties: dict[str, asyncpg.Record] = {}
        self._fingerprints: dict[str, BankFingerprint] = {}

    def keep_specialty(self, specialty_slug: str, row: asyncpg.Record) -> None:
        """``row`` has the specialty's columns (null when there is none) and the fingerprint."""
        self._specialties[specialty_slug] = row
        self._fingerprints[specialty_slug] = fingerprint_of(row)

    def take_specialty(self, specialty_slug: str) -> asyncpg.Record | None:
        return self._specialties.pop(specialty_slug, None)

    def take_fingerprint(self, specialty_slug: str) -> BankFingerprint | None:
        return self._fingerprints.pop(specialty_slug, None)
