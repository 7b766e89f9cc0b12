"""Table columns that mean the same thing in every service, so each is written once.

A specialty is named by its catalog slug, a candidate (or reviewer) by the JWT subject, money by
an amount in minor units beside its ISO 4217 currency, and a moment by a timezone-aware
timestamp. The helpers build a fresh :class:`~sqlalchemy.Column` per call (a column belongs to
one table), with exactly the types the migrations create.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa

SLUG_LENGTH = 64
"""Room for a catalog slug (the catalog allows 63 characters)."""

PRINCIPAL_LENGTH = 64
"""Room for a principal's id: the JWT subject of a candidate, reviewer or client."""


def specialty_slug(*, primary_key: bool = False) -> sa.Column[str]:
    """The ``specialty_slug`` a row is about (never null)."""
    return sa.Column(
        "specialty_slug", sa.String(SLUG_LENGTH), primary_key=primary_key, nullable=False
    )


def principal_id(name: str, *, primary_key: bool = False) -> sa.Column[str]:
    """A principal's id column, such as ``candidate_id`` or ``client_id`` (never null)."""
    return sa.Column(name, sa.String(PRINCIPAL_LENGTH), primary_key=primary_key, nullable=False)


def candidate_and_specialty() -> tuple[sa.Column[str], sa.Column[str]]:
    """``candidate_id`` and ``specialty_slug``: whose row it is, and for which specialty."""
    return principal_id("candidate_id"), specialty_slug()


def uuid_key(name: str) -> sa.Column[uuid.UUID]:
    """A UUID primary key named ``name`` (``order_id``, ``attempt_id``, …)."""
    return sa.Column(name, sa.Uuid, primary_key=True)


def moment(name: str, *, nullable: bool, comment: str | None = None) -> sa.Column[datetime]:
    """A timezone-aware timestamp named ``name``; ``nullable`` for moments that may not have
    happened yet."""
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable, comment=comment)


def money(prefix: str = "", *, nullable: bool) -> tuple[sa.Column[int], sa.Column[str]]:
    """An amount: ``{prefix}amount_minor`` (minor units) and ``{prefix}currency`` (ISO 4217);
    ``money("fee_")`` makes ``fee_amount_minor`` and ``fee_currency``."""
    return (
        sa.Column(f"{prefix}amount_minor", sa.BigInteger, nullable=nullable),
        sa.Column(f"{prefix}currency", sa.String(3), nullable=nullable),
    )
