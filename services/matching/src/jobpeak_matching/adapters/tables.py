"""Matching's tables (SQLAlchemy Core); the Alembic versions under ``migrations/`` create them.

Constraints repeat the rules that must hold even when two workers race: one pool entry per
reviewer and specialty, never the same work offered twice to one reviewer, at most one live
(pending or accepted) offer per reviewer. Seats are guarded by the per-specialty lock every
matching run takes (see :mod:`jobpeak_matching.adapters.locks`).
"""

from __future__ import annotations

import sqlalchemy as sa
from jobpeak_runtime.columns import (
    candidate_and_specialty,
    moment,
    money,
    principal_id,
    specialty_slug,
    uuid_key,
)
from jobpeak_runtime.db import service_metadata
from jobpeak_runtime.replicas import specialty_replica_table

metadata = service_metadata()

specialties = specialty_replica_table(
    "matching_specialties",
    metadata,
    sa.Column("live", sa.Boolean, nullable=False),
    *money("ceiling_", nullable=True),
    sa.Column("languages", sa.ARRAY(sa.Text), nullable=True),
    sa.Column("match_sla_days", sa.Integer, nullable=True),
    sa.CheckConstraint(
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

parked_passes = sa.Table(
    "matching_parked_passes",
    metadata,
    uuid_key("attempt_id"),
    *candidate_and_specialty(),
    sa.Column("score", sa.Double, nullable=False),
    moment("qualified_at", nullable=False),
    moment("parked_at", nullable=False),
    sa.Index("ix_matching_parked_passes_specialty", "specialty_slug"),
    comment="TestPassed events for a specialty not replicated yet; pooled when it arrives.",
)

reviewers = sa.Table(
    "matching_reviewers",
    metadata,
    principal_id("candidate_id", primary_key=True),
    specialty_slug(primary_key=True),
    sa.Column("attempt_id", sa.Uuid, nullable=False),
    sa.Column("score", sa.Double, nullable=False),
    moment("qualified_at", nullable=False),
    moment("due_by", nullable=False),
    sa.Column("language_preferences", sa.ARRAY(sa.Text), nullable=True),
    moment("matched_at", nullable=True),
    moment("sla_breached_at", nullable=True),
    sa.CheckConstraint("due_by >= qualified_at", name="due_after_qualified"),
    sa.Index("ix_matching_reviewers_specialty_due", "specialty_slug", "due_by"),
    sa.Index(
        "ix_matching_reviewers_sla_open",
        "due_by",
        postgresql_where=sa.text("sla_breached_at IS NULL"),
    ),
    comment="The pool of qualified reviewers, one entry per candidate and specialty.",
)

WORK_STATUSES = ("open", "closed")
CLOSE_REASONS = ("filled", "cancelled", "specialty_retired")

work = sa.Table(
    "matching_work",
    metadata,
    uuid_key("work_id"),
    principal_id("client_id"),
    specialty_slug(),
    sa.Column("required_languages", sa.ARRAY(sa.Text), nullable=False),
    *money("rate_", nullable=False),
    sa.Column("seats", sa.Integer, nullable=False),
    moment("starts_at", nullable=False),
    moment("posted_at", nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("close_reason", sa.String(32), nullable=True),
    moment("closed_at", nullable=True),
    sa.CheckConstraint("seats >= 1", name="seats_positive"),
    sa.CheckConstraint("rate_amount_minor > 0", name="rate_positive"),
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in WORK_STATUSES) + ")", name="status_known"
    ),
    sa.CheckConstraint(
        "close_reason IS NULL OR close_reason IN ("
        + ", ".join(f"'{r}'" for r in CLOSE_REASONS)
        + ")",
        name="close_reason_known",
    ),
    sa.CheckConstraint(
        "(status = 'closed') = (close_reason IS NOT NULL) "
        "AND (status = 'closed') = (closed_at IS NOT NULL)",
        name="closed_has_reason",
    ),
    sa.Index("ix_matching_work_client", "client_id", "posted_at"),
    sa.Index(
        "ix_matching_work_open", "specialty_slug", postgresql_where=sa.text("status = 'open'")
    ),
    comment="Review work posted by clients.",
)

OFFER_STATUSES = ("offered", "accepted", "declined", "expired", "withdrawn")

offers = sa.Table(
    "matching_offers",
    metadata,
    uuid_key("offer_id"),
    sa.Column("work_id", sa.Uuid, sa.ForeignKey("matching_work.work_id"), nullable=False),
    *candidate_and_specialty(),
    moment("offered_at", nullable=False),
    moment("expires_at", nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    moment("resolved_at", nullable=True),
    sa.CheckConstraint("expires_at > offered_at", name="expires_after_offered"),
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{s}'" for s in OFFER_STATUSES) + ")", name="status_known"
    ),
    sa.CheckConstraint(
        "(status = 'offered') = (resolved_at IS NULL)", name="resolved_when_answered"
    ),
    sa.UniqueConstraint("work_id", "candidate_id", name="uq_matching_offers_work_candidate"),
    sa.Index(
        "uq_matching_offers_one_live_per_candidate",
        "candidate_id",
        unique=True,
        postgresql_where=sa.text("status IN ('offered', 'accepted')"),
    ),
    sa.Index("ix_matching_offers_candidate", "candidate_id", "offered_at"),
    sa.Index(
        "ix_matching_offers_live_by_work",
        "work_id",
        "status",
        "expires_at",
        postgresql_where=sa.text("status IN ('offered', 'accepted')"),
    ),
    sa.Index(
        "ix_matching_offers_pending_expiry",
        "expires_at",
        postgresql_where=sa.text("status = 'offered'"),
    ),
    comment="Offers of one piece of work to one reviewer, and their outcome.",
)
