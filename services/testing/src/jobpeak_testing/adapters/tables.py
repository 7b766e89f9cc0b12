"""The testing service's tables (SQLAlchemy Core); the Alembic versions under ``migrations/``.

Replicas (``testing_specialties``, ``testing_questions``) mirror the catalog's compacted topics;
``testing_entitlements`` records paid certification attempts from billing; ``testing_attempts``,
``testing_attempt_items`` and ``testing_item_exposure`` are the service's own state. Answer keys
live only in ``testing_questions.content`` and ``testing_attempt_items.question`` (the version
served).
"""

from __future__ import annotations

import sqlalchemy as sa
from jobpeak_runtime.columns import candidate_and_specialty, moment, specialty_slug, uuid_key
from jobpeak_runtime.db import service_metadata
from jobpeak_runtime.replicas import specialty_replica_table
from sqlalchemy.dialects.postgresql import JSONB

metadata = service_metadata(foreign_key_name="fk_%(table_name)s_%(column_0_name)s")

specialties = specialty_replica_table(
    "testing_specialties",
    metadata,
    sa.Column(
        "snapshot",
        JSONB,
        nullable=True,
        comment="The SpecialtyPublished payload; null when only a retirement was seen.",
    ),
    moment("retired_at", nullable=True),
    comment="Replica of catalog.specialties.v1: the latest revision per specialty.",
)

questions = sa.Table(
    "testing_questions",
    metadata,
    sa.Column("question_id", sa.String(64), primary_key=True),
    specialty_slug(),
    sa.Column("bank_version", sa.Integer, nullable=False),
    sa.Column(
        "pool",
        sa.String(16),
        nullable=False,
        server_default="certification",
        comment="certification or practice: the attempts of that kind draw from it, never others.",
    ),
    sa.Column(
        "content",
        JSONB,
        nullable=True,
        comment="The question with its answer key; null when only a retirement was seen.",
    ),
    moment("retired_at", nullable=True),
    moment("updated_at", nullable=False),
    sa.CheckConstraint("content IS NOT NULL OR retired_at IS NOT NULL", name="live_has_content"),
    sa.CheckConstraint("pool IN ('certification', 'practice')", name="known_pool"),
    sa.Index("ix_testing_questions_specialty", "specialty_slug"),
    comment="Replica of catalog.question-bank.v1 (restricted): the latest version per question.",
)

entitlements = sa.Table(
    "testing_entitlements",
    metadata,
    uuid_key("order_id"),
    *candidate_and_specialty(),
    moment(
        "granted_at",
        nullable=True,
        comment="When PaymentCaptured arrived; null for a refund seen before its capture.",
    ),
    moment("consumed_at", nullable=True),
    sa.Column("consumed_by", sa.Uuid, nullable=True, comment="The first attempt that used it."),
    moment("revoked_at", nullable=True, comment="Refunded."),
    moment(
        "voided_at",
        nullable=True,
        comment="Could not be delivered (AttemptVoided published for it).",
    ),
    sa.Index("ix_testing_entitlements_owner", "candidate_id", "specialty_slug"),
    comment="Paid certification attempts, from billing.payments.v1.",
)

item_exposure = sa.Table(
    "testing_item_exposure",
    metadata,
    sa.Column("question_id", sa.String(64), primary_key=True),
    specialty_slug(),
    sa.Column("served_count", sa.Integer, nullable=False),
    moment(
        "capped_at",
        nullable=True,
        comment="When the count reached the exposure cap (ItemExposureCapReached emitted).",
    ),
    sa.Index("ix_testing_item_exposure_specialty", "specialty_slug"),
    comment="How many certification attempts served each certification item.",
)

ATTEMPT_STATUSES = ("in_progress", "submitted", "voided")

attempts = sa.Table(
    "testing_attempts",
    metadata,
    uuid_key("attempt_id"),
    *candidate_and_specialty(),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("order_id", sa.Uuid, nullable=True),
    sa.Column("attempt_number", sa.Integer, nullable=False),
    sa.Column(
        "blueprint", JSONB, nullable=False, comment="The blueprint it was drawn and graded by."
    ),
    sa.Column("blueprint_version", sa.Integer, nullable=False),
    sa.Column("bank_version", sa.Integer, nullable=False),
    sa.Column(
        "seed", sa.BigInteger, nullable=False, comment="Seed of the draw, for re-derivation."
    ),
    sa.Column("start_key", sa.Text, nullable=True, comment="Idempotency-Key of the start request."),
    moment("started_at", nullable=False),
    moment("ended_at", nullable=True),
    sa.Column("total_score", sa.Float, nullable=True),
    sa.Column("domain_score", sa.Float, nullable=True),
    sa.Column("behavioural_score", sa.Float, nullable=True),
    sa.Column("passed", sa.Boolean, nullable=True),
    sa.CheckConstraint(f"status IN {ATTEMPT_STATUSES}", name="known_status"),
    sa.CheckConstraint("kind IN ('practice', 'certification')", name="known_kind"),
    sa.CheckConstraint("kind = 'practice' OR order_id IS NOT NULL", name="certification_is_paid"),
    sa.CheckConstraint(
        "(status = 'submitted') = (total_score IS NOT NULL AND passed IS NOT NULL)",
        name="graded_iff_submitted",
    ),
    sa.UniqueConstraint("candidate_id", "start_key", name="uq_testing_attempts_start_key"),
    sa.Index(
        "uq_testing_attempts_one_in_progress",
        "candidate_id",
        "specialty_slug",
        unique=True,
        postgresql_where=sa.text("status = 'in_progress'"),
    ),
    sa.Index("ix_testing_attempts_owner", "candidate_id", "specialty_slug", "started_at"),
    comment="Attempts; at most one in progress per candidate and specialty.",
)

attempt_items = sa.Table(
    "testing_attempt_items",
    metadata,
    sa.Column(
        "attempt_id",
        sa.Uuid,
        sa.ForeignKey("testing_attempts.attempt_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("position", sa.Integer, primary_key=True),
    sa.Column("question_id", sa.String(64), nullable=False),
    sa.Column("question", JSONB, nullable=False, comment="The question version served, with key."),
    sa.Column("option_order", JSONB, nullable=False, comment="Option ids in display order."),
    sa.Column("answer", JSONB, nullable=True, comment="The answer in the question's own terms."),
    moment("answered_at", nullable=True),
    sa.UniqueConstraint("attempt_id", "question_id", name="uq_testing_attempt_items_question"),
    sa.Index("ix_testing_attempt_items_question", "question_id"),
    comment="The drawn items of each attempt and the candidate's answers.",
)
