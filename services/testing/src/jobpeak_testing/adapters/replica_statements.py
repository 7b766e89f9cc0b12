"""The replica reads of an attempt start, as SQL text for the driver connection.

A start reads its specialty under a share lock (a retirement waits for the start, then voids its
attempt) and the bank's fingerprint (:mod:`jobpeak_testing.adapters.bank_cache`). Both are
reads of the replica in the start's transaction, so :data:`SPECIALTY_FOR_START` answers them in
one statement, one round trip of the start's few; the question replica takes the fingerprint
read there (:class:`StartFingerprints`) instead of asking again.
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

SPECIALTY_FOR_START = """
    SELECT specialty.revision, specialty.updated_at, specialty.retired_at,
           specialty.snapshot::text AS snapshot, bank.*
    FROM testing_specialties AS specialty
    CROSS JOIN LATERAL (
      SELECT coalesce(max(bank_version), 0) AS bank_version,
             coalesce(sum(bank_version), 0) AS version_sum,
             count(*) AS rows, count(*) FILTER (WHERE retired_at IS NULL) AS live,
             max(updated_at) AS last_update
      FROM testing_questions WHERE specialty_slug = $1
    ) AS bank
    WHERE specialty.specialty_slug = $1
    FOR SHARE OF specialty
    """
"""The specialty under a share lock, and its bank's fingerprint, in one statement."""

SPECIALTY_LOCKED = """
    SELECT revision, updated_at, retired_at, snapshot::text AS snapshot
    FROM testing_specialties WHERE specialty_slug = $1 FOR SHARE
    """


def fingerprint_of(row: asyncpg.Record) -> BankFingerprint:
    return BankFingerprint(
        bank_version=int(row["bank_version"]),
        version_sum=int(row["version_sum"]),
        rows=int(row["rows"]),
        live=int(row["live"]),
        last_update=row["last_update"],
    )


class StartFingerprints:
    """Bank fingerprints read with a specialty under its share lock, until the bank is read.

    One per unit of work, shared by its two replica repositories. A fingerprint is taken once:
    a later read of the bank in the same transaction asks the database again.
    """

    def __init__(self) -> None:
        self._read: dict[str, BankFingerprint] = {}

    def keep(self, specialty_slug: str, fingerprint: BankFingerprint) -> None:
        self._read[specialty_slug] = fingerprint

    def take(self, specialty_slug: str) -> BankFingerprint | None:
        return self._read.pop(specialty_slug, None)
