"""SQLAlchemy models of the catalog's own database (migrations live in ``migrations/versions``).

Check constraints repeat the domain's rules as a last line of defence: the service validates
first and reports every problem by field; the database refuses whatever slips past.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobpeak_runtime.db import service_metadata
from sqlalchemy import (
    CheckConstraint,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

metadata = service_metadata()


class Base(DeclarativeBase):
    metadata = metadata


def _created_at() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), server_default=func.now())


class SpecialtyRow(Base):
    """A specialty's current (possibly unpublished) facts and its publication state.

    ``published_snapshot`` is what the last publish sent; public pages read only that, so an
    admin's edits stay invisible until they are published. ``live_ceiling_*`` is set while the
    specialty is published and cleared when it is retired: the "highest live ceiling" query
    reads it.
    """

    __tablename__ = "catalog_specialties"
    __table_args__ = (
        CheckConstraint("status IN ('draft', 'published', 'retired')", name="status"),
        CheckConstraint("rate_ceiling_minor >= 0", name="rate_ceiling_not_negative"),
        CheckConstraint("match_sla_days >= 1", name="match_sla_positive"),
        CheckConstraint("revision >= 0 AND bank_version >= 0", name="counters_not_negative"),
    )

    slug: Mapped[str] = mapped_column(String(63), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    tier: Mapped[str] = mapped_column(String(40))
    headline: Mapped[str] = mapped_column(Text)
    description: Mapped[str] = mapped_column(Text)
    rate_ceiling_minor: Mapped[int] = mapped_column(Integer)
    rate_ceiling_currency: Mapped[str] = mapped_column(String(3))
    languages: Mapped[list[dict[str, str]]] = mapped_column(JSONB)
    topics: Mapped[dict[str, list[dict[str, str]]]] = mapped_column(JSONB)
    sample_question_kinds: Mapped[list[str]] = mapped_column(JSONB)
    match_sla_days: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    revision: Mapped[int] = mapped_column(Integer, default=0)
    bank_version: Mapped[int] = mapped_column(Integer, default=0)
    published_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONB, nullable=True)
    live_ceiling_minor: Mapped[int | None] = mapped_column(Integer, nullable=True)
    live_ceiling_currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class BlueprintRow(Base):
    __tablename__ = "catalog_blueprints"
    __table_args__ = (
        CheckConstraint("kind IN ('practice', 'certification')", name="kind"),
        CheckConstraint(
            "question_count = domain_count + behavioural_count", name="sections_add_up"
        ),
        CheckConstraint("domain_count = mix_easy + mix_medium + mix_hard", name="mix_adds_up"),
        CheckConstraint("pass_mark >= 0 AND pass_mark <= 1", name="pass_mark_fraction"),
        CheckConstraint(
            "weight_easy > 0 AND weight_medium > 0 AND weight_hard > 0", name="weights_positive"
        ),
        CheckConstraint("fee_minor IS NULL OR fee_minor >= 0", name="fee_not_negative"),
        CheckConstraint("(fee_minor IS NULL) = (fee_currency IS NULL)", name="fee_complete"),
        CheckConstraint("version >= 1", name="version_positive"),
    )

    specialty_slug: Mapped[str] = mapped_column(
        ForeignKey("catalog_specialties.slug", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(120))
    question_count: Mapped[int] = mapped_column(Integer)
    domain_count: Mapped[int] = mapped_column(Integer)
    mix_easy: Mapped[int] = mapped_column(Integer)
    mix_medium: Mapped[int] = mapped_column(Integer)
    mix_hard: Mapped[int] = mapped_column(Integer)
    weight_easy: Mapped[float] = mapped_column(Double)
    weight_medium: Mapped[float] = mapped_column(Double)
    weight_hard: Mapped[float] = mapped_column(Double)
    behavioural_count: Mapped[int] = mapped_column(Integer)
    min_per_language: Mapped[int] = mapped_column(Integer, server_default="0")
    min_per_topic: Mapped[int] = mapped_column(Integer, server_default="0")
    pass_mark: Mapped[float] = mapped_column(Double)
    time_limit_minutes: Mapped[int | None] = mapped_column(Integer)
    retake_allowed: Mapped[bool]
    retake_cooldown_hours: Mapped[int] = mapped_column(Integer)
    lockout_after_failures: Mapped[int | None] = mapped_column(Integer)
    lockout_days: Mapped[int | None] = mapped_column(Integer)
    max_attempts: Mapped[int | None] = mapped_column(Integer)
    payment_per_attempt: Mapped[bool]
    fee_minor: Mapped[int | None] = mapped_column(Integer)
    fee_currency: Mapped[str | None] = mapped_column(String(3))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class QuestionRow(Base):
    """A question with its answer key, its lifecycle and what the last publish sent of it."""

    __tablename__ = "catalog_questions"
    __table_args__ = (
        CheckConstraint("section IN ('domain', 'behavioural')", name="section"),
        CheckConstraint(
            "(section = 'domain') = (difficulty IS NOT NULL)", name="difficulty_only_in_domain"
        ),
        CheckConstraint("status IN ('active', 'retired', 'reserve')", name="status"),
        CheckConstraint(
            "published_status IS NULL OR published_status IN ('active', 'retired', 'reserve')",
            name="published_status",
        ),
        CheckConstraint("pool IN ('certification', 'practice')", name="pool"),
        CheckConstraint(
            "status <> 'reserve' OR pool = 'certification'", name="reserve_is_certification"
        ),
        CheckConstraint("version >= 1", name="version_positive"),
        Index(
            "ix_catalog_questions_stratum",
            "specialty_slug",
            "pool",
            "status",
            "section",
            "difficulty",
        ),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    specialty_slug: Mapped[str] = mapped_column(
        ForeignKey("catalog_specialties.slug", ondelete="CASCADE")
    )
    version: Mapped[int] = mapped_column(Integer)
    pool: Mapped[str] = mapped_column(
        String(16),
        server_default="certification",
        comment="certification or practice; disjoint, and a question never changes pool.",
    )
    section: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[str | None] = mapped_column(String(16))
    topic: Mapped[str] = mapped_column(String(63))
    language: Mapped[str | None] = mapped_column(String(63))
    format: Mapped[str] = mapped_column(String(32))
    stem: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(Text)
    options: Mapped[list[dict[str, str]] | None] = mapped_column(JSONB)
    answer: Mapped[Any] = mapped_column(JSONB, comment="The answer key: never in HTTP or logs.")
    explanation: Mapped[str] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSONB, default=list)
    status: Mapped[str] = mapped_column(String(16), default="active")
    published_version: Mapped[int | None] = mapped_column(Integer)
    published_status: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = _created_at()
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), server_default=func.now(), onupdate=func.now()
    )


class BankVersionRow(Base):
    """One row per bank version of a specialty: what that publish added, changed and retired."""

    __tablename__ = "catalog_bank_versions"

    specialty_slug: Mapped[str] = mapped_column(
        ForeignKey("catalog_specialties.slug", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    active_question_count: Mapped[int] = mapped_column(Integer)
    published_question_ids: Mapped[list[str]] = mapped_column(JSONB)
    retired_question_ids: Mapped[list[str]] = mapped_column(JSONB)
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IdempotencyKeyRow(Base):
    """A creating write done under an ``Idempotency-Key``, and the response it gave.

    Claimed in the same transaction as the write itself, so a key is remembered exactly when
    its write committed; a retry with the same key and request gets the stored response.
    """

    __tablename__ = "catalog_idempotency_keys"

    principal: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    request_fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(Integer)
    response: Mapped[Any] = mapped_column(JSONB, nullable=True)
    created_at: Mapped[datetime] = _created_at()
