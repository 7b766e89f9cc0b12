"""Matching's tables (SQLAlchemy Core); the Alembic versions under ``migrations/`` create them.

Constraints repeat the rules that must hold even when two workers race: one pool entry per
reviewer and specialty, never the same work offered twice to one reviewer, at most one live
(pending or accepted) offer per reviewer. Seats are guarded by the per-specialty lock every
matching run takes (see :mod:`jobpeak_matching.adapters.locks`).
"""

from __future__ import annotations

from jobpeak_runtime.db import service_metadata
from jobpeak_runtime.replicas import replica_table
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    Uuid,
    text,
)

metadata = service_metadata()

specialties = replica_table(
    "matching_specialties",
    metadata,
    Column("specialty_slug", String(64), primary_key=True),
    Column("live", Boolean, nullable=False),
    Column("ceiling_amount_minor", BigInteger, nullable=True),
    Column("ceiling_currency", String(3), nullable=True),
    Column("languages", ARRAY(Text), nullable=True),
    Column("match_sla_days", Integer, nullable=True),
    CheckConstraint(
        "(ceiling_amount_minor IS NULL) = (ceiling_currency IS NULL) "
        "AND (ceiling_amount_minor IS NULL) = (languages IS NULL) "
        "AND (ceiling_amount_minor IS NULL) = (match_sla_days IS NULL)",
        name="terms_complete",
    ),
    comment=(
        "Replica of catalog.specialties.v1: rate ceiling, languages, match SLA, live or not. "
        "A retirement seen before any snapshot leaves a row without terms."
    ),
)

parked_passes = Table(
    "matching_parked_passes",
    metadata,
    Column("attempt_id", Uuid, primary_key=True),
    Column("candidate_id", String(64), nullable=False),
    Column("specialty_slug", String(64), nullable=False),
    Column("score", Double, nullable=False),
    Column("qualified_at", DateTime(timezone=True), nullable=False),
    Column("parked_at", DateTime(timezone=True), nullable=False),
    Index("ix_matching_parked_passes_specialty", "specialty_slug"),
    comment="TestPassed events for a specialty not replicated yet; pooled when it arrives.",
)

reviewers = Table(
    "matching_reviewers",
    metadata,
    Column("candidate_id", String(64), primary_key=True),
    Column("specialty_slug", String(64), primary_key=True),
    Column("attempt_id", Uuid, nullable=False),
    Column("score", Double, nullable=False),
    Column("qualified_at", DateTime(timezone=True), nullable=False),
    Column("due_by", DateTime(timezone=True), nullable=False),
    Column("language_preferences", ARRAY(Text), nullable=True),
    Column("matched_at", DateTime(timezone=True), nullable=True),
    Column("sla_breached_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("due_by >= qualified_at", name="due_after_qualified"),
    Index("ix_matching_reviewers_specialty_due", "specialty_slug", "due_by"),
    Index(
        "ix_matching_reviewers_sla_open",
        "due_by",
        postgresql_where=text("sla_breached_at IS NULL"),
    ),
    comment="The pool of qualified reviewers, one entry per candidate and specialty.",
)

WORK_STATUSES = ("open", "closed")
CLOSE_REASONS = ("filled", "cancelled", "specialty_retired")

work = Table(
    "matching_work",
    metadata,
    Column("work_id", Uuid, primary_key=True),
    Column("client_id", String(64), nullable=False),
    Column("specialty_slug", String(64), nullable=False),
    Column("required_languages", ARRAY(Text), nullable=False),
    Column("rate_amount_minor", BigInteger, nullable=False),
    Column("rate_currency", String(3), nullable=False),
    Column("seats", Integer, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("posted_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("close_reason", String(32), nullable=True),
    Column("closed_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("seats >= 1", name="seats_positive"),
    CheckConstraint("rate_amount_minor > 0", name="rate_positive"),
    CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in WORK_STATUSES) + ")", name="status_known"
    ),
    CheckConstraint(
        "close_reason IS NULL OR close_reason IN ("
        + ", ".join(f"'{r}'" for r in CLOSE_REASONS)
        + ")",
        name="close_reason_known",
    ),
    CheckConstraint(
        "(status = 'closed') = (close_reason IS NOT NULL) "
        "AND (status = 'closed') = (closed_at IS NOT NULL)",
        name="closed_has_reason",
    ),
    Index("ix_matching_work_client", "client_id", "posted_at"),
    Index("ix_matching_work_open", "specialty_slug", postgresql_where=text("status = 'open'")),
    comment="Review work posted by clients.",
)

OFFER_STATUSES = ("offered", "accepted", "declined", "expired", "withdrawn")

offers = Table(
    "matching_offers",
    metadata,
    Column("offer_id", Uuid, primary_key=True),
    Column("work_id", Uuid, ForeignKey("matching_work.work_id"), nullable=False),
    Column("candidate_id", String(64), nullable=False),
    Column("specialty_slug", String(64), nullable=False),
    Column("offered_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("resolved_at", DateTime(timezone=True), nullable=True),
    CheckConstraint("expires_at > offered_at", name="expires_after_offered"),
    CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in OFFER_STATUSES) + ")", name="status_known"
    ),
    CheckConstraint("(status = 'offered') = (resolved_at IS NULL)", name="resolved_when_answered"),
    UniqueConstraint("work_id", "candidate_id", name="uq_matching_offers_work_candidate"),
    Index(
        "uq_matching_offers_one_live_per_candidate",
        "candidate_id",
        unique=True,
        postgresql_where=text("status IN ('offered', 'accepted')"),
    ),
    Index("ix_matching_offers_candidate", "candidate_id", "offered_at"),
    Index(
        "ix_matching_offers_live_by_work",
        "work_id",
        "status",
        "expires_at",
        postgresql_where=text("status IN ('offered', 'accepted')"),
    ),
    Index(
        "ix_matching_offers_pending_expiry",
        "expires_at",
        postgresql_where=text("status = 'offered'"),
    ),
    comment="Offers of one piece of work to one reviewer, and their outcome.",
)
