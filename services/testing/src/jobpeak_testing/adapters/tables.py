"""The testing service's tables (SQLAlchemy Core); the Alembic versions under ``migrations/``.

Replicas (``testing_specialties``, ``testing_questions``) mirror the catalog's compacted topics;
``testing_entitlements`` records paid certification attempts from billing; ``testing_attempts``,
``testing_attempt_items`` and ``testing_item_exposure`` are the service's own state. Answer keys
live only in ``testing_questions.content`` and ``testing_attempt_items.question`` (the version
served).
"""

from __future__ import annotations

from jobpeak_runtime.db import service_metadata
from jobpeak_runtime.replicas import replica_table
from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
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
from sqlalchemy.dialects.postgresql import JSONB

metadata = service_metadata(foreign_key_name="fk_%(table_name)s_%(column_0_name)s")

specialties = replica_table(
    "testing_specialties",
    metadata,
    Column("specialty_slug", String(64), primary_key=True),
    Column(
        "snapshot",
        JSONB,
        nullable=True,
        comment="The SpecialtyPublished payload; null when only a retirement was seen.",
    ),
    Column("retired_at", DateTime(timezone=True), nullable=True),
    comment="Replica of catalog.specialties.v1: the latest revision per specialty.",
)

questions = Table(
    "testing_questions",
    metadata,
    Column("question_id", String(64), primary_key=True),
    Column("specialty_slug", String(64), nullable=False),
    Column("bank_version", Integer, nullable=False),
    Column(
        "pool",
        String(16),
        nullable=False,
        server_default="certification",
        comment="certification or practice: the attempts of that kind draw from it, never others.",
    ),
    Column(
        "content",
        JSONB,
        nullable=True,
        comment="The question with its answer key; null when only a retirement was seen.",
    ),
    Column("retired_at", DateTime(timezone=True), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("content IS NOT NULL OR retired_at IS NOT NULL", name="live_has_content"),
    CheckConstraint("pool IN ('certification', 'practice')", name="known_pool"),
    Index("ix_testing_questions_specialty", "specialty_slug"),
    comment="Replica of catalog.question-bank.v1 (restricted): the latest version per question.",
)

entitlements = Table(
    "testing_entitlements",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("candidate_id", String(64), nullable=False),
    Column("specialty_slug", String(64), nullable=False),
    Column(
        "granted_at",
        DateTime(timezone=True),
        nullable=True,
        comment="When PaymentCaptured arrived; null for a refund seen before its capture.",
    ),
    Column("consumed_at", DateTime(timezone=True), nullable=True),
    Column("consumed_by", Uuid, nullable=True, comment="The first attempt that used it."),
    Column("revoked_at", DateTime(timezone=True), nullable=True, comment="Refunded."),
    Column(
        "voided_at",
        DateTime(timezone=True),
        nullable=True,
        comment="Could not be delivered (AttemptVoided published for it).",
    ),
    Index("ix_testing_entitlements_owner", "candidate_id", "specialty_slug"),
    comment="Paid certification attempts, from billing.payments.v1.",
)

item_exposure = Table(
    "testing_item_exposure",
    metadata,
    Column("question_id", String(64), primary_key=True),
    Column("specialty_slug", String(64), nullable=False),
    Column("served_count", Integer, nullable=False),
    Column(
        "capped_at",
        DateTime(timezone=True),
        nullable=True,
        comment="When the count reached the exposure cap (ItemExposureCapReached emitted).",
    ),
    Index("ix_testing_item_exposure_specialty", "specialty_slug"),
    comment="How many certification attempts served each certification item.",
)

ATTEMPT_STATUSES = ("in_progress", "submitted", "voided")

attempts = Table(
    "testing_attempts",
    metadata,
    Column("attempt_id", Uuid, primary_key=True),
    Column("candidate_id", String(64), nullable=False),
    Column("specialty_slug", String(64), nullable=False),
    Column("kind", String(16), nullable=False),
    Column("status", String(16), nullable=False),
    Column("order_id", Uuid, nullable=True),
    Column("attempt_number", Integer, nullable=False),
    Column("blueprint", JSONB, nullable=False, comment="The blueprint it was drawn and graded by."),
    Column("blueprint_version", Integer, nullable=False),
    Column("bank_version", Integer, nullable=False),
    Column("seed", BigInteger, nullable=False, comment="Seed of the draw, for re-derivation."),
    Column("start_key", Text, nullable=True, comment="Idempotency-Key of the start request."),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("ended_at", DateTime(timezone=True), nullable=True),
    Column("total_score", Float, nullable=True),
    Column("domain_score", Float, nullable=True),
    Column("behavioural_score", Float, nullable=True),
    Column("passed", Boolean, nullable=True),
    CheckConstraint(f"status IN {ATTEMPT_STATUSES}", name="known_status"),
    CheckConstraint("kind IN ('practice', 'certification')", name="known_kind"),
    CheckConstraint("kind = 'practice' OR order_id IS NOT NULL", name="certification_is_paid"),
    CheckConstraint(
        "(status = 'submitted') = (total_score IS NOT NULL AND passed IS NOT NULL)",
        name="graded_iff_submitted",
    ),
    UniqueConstraint("candidate_id", "start_key", name="uq_testing_attempts_start_key"),
    Index(
        "uq_testing_attempts_one_in_progress",
        "candidate_id",
        "specialty_slug",
        unique=True,
        postgresql_where=text("status = 'in_progress'"),
    ),
    Index("ix_testing_attempts_owner", "candidate_id", "specialty_slug", "started_at"),
    comment="Attempts; at most one in progress per candidate and specialty.",
)

attempt_items = Table(
    "testing_attempt_items",
    metadata,
    Column(
        "attempt_id",
        Uuid,
        ForeignKey("testing_attempts.attempt_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("position", Integer, primary_key=True),
    Column("question_id", String(64), nullable=False),
    Column("question", JSONB, nullable=False, comment="The question version served, with key."),
    Column("option_order", JSONB, nullable=False, comment="Option ids in display order."),
    Column("answer", JSONB, nullable=True, comment="The answer in the question's own terms."),
    Column("answered_at", DateTime(timezone=True), nullable=True),
    UniqueConstraint("attempt_id", "question_id", name="uq_testing_attempt_items_question"),
    Index("ix_testing_attempt_items_question", "question_id"),
    comment="The drawn items of each attempt and the candidate's answers.",
)
