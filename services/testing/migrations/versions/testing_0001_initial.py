"""testing: replicas, entitlements, attempts and items

Revision ID: testing_0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "testing_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("testing",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "testing_attempts",
        sa.Column("attempt_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("attempt_number", sa.Integer(), nullable=False),
        sa.Column(
            "blueprint",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="The blueprint it was drawn and graded by.",
        ),
        sa.Column("blueprint_version", sa.Integer(), nullable=False),
        sa.Column("bank_version", sa.Integer(), nullable=False),
        sa.Column(
            "seed", sa.BigInteger(), nullable=False, comment="Seed of the draw, for re-derivation."
        ),
        sa.Column(
            "start_key", sa.Text(), nullable=True, comment="Idempotency-Key of the start request."
        ),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("total_score", sa.Float(), nullable=True),
        sa.Column("domain_score", sa.Float(), nullable=True),
        sa.Column("behavioural_score", sa.Float(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.CheckConstraint(
            "(status = 'submitted') = (total_score IS NOT NULL AND passed IS NOT NULL)",
            name=op.f("ck_testing_attempts_graded_iff_submitted"),
        ),
        sa.CheckConstraint(
            "kind = 'practice' OR order_id IS NOT NULL",
            name=op.f("ck_testing_attempts_certification_is_paid"),
        ),
        sa.CheckConstraint(
            "kind IN ('practice', 'certification')", name=op.f("ck_testing_attempts_known_kind")
        ),
        sa.CheckConstraint(
            "status IN ('in_progress', 'submitted', 'voided')",
            name=op.f("ck_testing_attempts_known_status"),
        ),
        sa.PrimaryKeyConstraint("attempt_id", name=op.f("pk_testing_attempts")),
        sa.UniqueConstraint("candidate_id", "start_key", name="uq_testing_attempts_start_key"),
        comment="Attempts; at most one in progress per candidate and specialty.",
    )
    op.create_index(
        "ix_testing_attempts_owner",
        "testing_attempts",
        ["candidate_id", "specialty_slug", "started_at"],
        unique=False,
    )
    op.create_index(
        "uq_testing_attempts_one_in_progress",
        "testing_attempts",
        ["candidate_id", "specialty_slug"],
        unique=True,
        postgresql_where=sa.text("status = 'in_progress'"),
    )
    op.create_table(
        "testing_entitlements",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column(
            "granted_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When PaymentCaptured arrived; null for a refund seen before its capture.",
        ),
        sa.Column("consumed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "consumed_by", sa.Uuid(), nullable=True, comment="The first attempt that used it."
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True, comment="Refunded."),
        sa.Column(
            "voided_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Could not be delivered (AttemptVoided published for it).",
        ),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_testing_entitlements")),
        comment="Paid certification attempts, from billing.payments.v1.",
    )
    op.create_index(
        "ix_testing_entitlements_owner",
        "testing_entitlements",
        ["candidate_id", "specialty_slug"],
        unique=False,
    )
    op.create_table(
        "testing_questions",
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("bank_version", sa.Integer(), nullable=False),
        sa.Column(
            "content",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="The question with its answer key; null when only a retirement was seen.",
        ),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "content IS NOT NULL OR retired_at IS NOT NULL",
            name=op.f("ck_testing_questions_live_has_content"),
        ),
        sa.PrimaryKeyConstraint("question_id", name=op.f("pk_testing_questions")),
        comment=(
            "Replica of catalog.question-bank.v1 (restricted): the latest version per question."
        ),
    )
    op.create_index(
        "ix_testing_questions_specialty", "testing_questions", ["specialty_slug"], unique=False
    )
    op.create_table(
        "testing_specialties",
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column(
            "snapshot",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="The SpecialtyPublished payload; null when only a retirement was seen.",
        ),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("specialty_slug", name=op.f("pk_testing_specialties")),
        comment="Replica of catalog.specialties.v1: the latest revision per specialty.",
    )
    op.create_table(
        "testing_attempt_items",
        sa.Column("attempt_id", sa.Uuid(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column(
            "question",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="The question version served, with key.",
        ),
        sa.Column(
            "option_order",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="Option ids in display order.",
        ),
        sa.Column(
            "answer",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=True,
            comment="The answer in the question's own terms.",
        ),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["attempt_id"],
            ["testing_attempts.attempt_id"],
            name=op.f("fk_testing_attempt_items_attempt_id"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("attempt_id", "position", name=op.f("pk_testing_attempt_items")),
        sa.UniqueConstraint("attempt_id", "question_id", name="uq_testing_attempt_items_question"),
        comment="The drawn items of each attempt and the candidate's answers.",
    )
    op.create_index(
        "ix_testing_attempt_items_question", "testing_attempt_items", ["question_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_testing_attempt_items_question", table_name="testing_attempt_items")
    op.drop_table("testing_attempt_items")
    op.drop_table("testing_specialties")
    op.drop_index("ix_testing_questions_specialty", table_name="testing_questions")
    op.drop_table("testing_questions")
    op.drop_index("ix_testing_entitlements_owner", table_name="testing_entitlements")
    op.drop_table("testing_entitlements")
    op.drop_index(
        "uq_testing_attempts_one_in_progress",
        table_name="testing_attempts",
        postgresql_where=sa.text("status = 'in_progress'"),
    )
    op.drop_index("ix_testing_attempts_owner", table_name="testing_attempts")
    op.drop_table("testing_attempts")
