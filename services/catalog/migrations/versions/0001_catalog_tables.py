"""catalog: specialties, blueprints, questions, bank versions and idempotency keys

Revision ID: catalog_0001
Revises:
Create Date: 2026-11-26 06:40:38.315743
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "catalog_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("catalog",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "catalog_specialties",
        sa.Column("slug", sa.String(length=63), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("tier", sa.String(length=40), nullable=False),
        sa.Column("headline", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("rate_ceiling_minor", sa.Integer(), nullable=False),
        sa.Column("rate_ceiling_currency", sa.String(length=3), nullable=False),
        sa.Column("languages", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("topics", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("sample_question_kinds", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("match_sla_days", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("bank_version", sa.Integer(), nullable=False),
        sa.Column("published_snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("live_ceiling_minor", sa.Integer(), nullable=True),
        sa.Column("live_ceiling_currency", sa.String(length=3), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "status IN ('draft', 'published', 'retired')",
            name=op.f("ck_catalog_specialties_status"),
        ),
        sa.CheckConstraint(
            "match_sla_days >= 1", name=op.f("ck_catalog_specialties_match_sla_positive")
        ),
        sa.CheckConstraint(
            "rate_ceiling_minor >= 0", name=op.f("ck_catalog_specialties_rate_ceiling_not_negative")
        ),
        sa.CheckConstraint(
            "revision >= 0 AND bank_version >= 0",
            name=op.f("ck_catalog_specialties_counters_not_negative"),
        ),
        sa.PrimaryKeyConstraint("slug", name=op.f("pk_catalog_specialties")),
    )
    op.create_table(
        "catalog_bank_versions",
        sa.Column("specialty_slug", sa.String(length=63), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("active_question_count", sa.Integer(), nullable=False),
        sa.Column(
            "published_question_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=False
        ),
        sa.Column("retired_question_ids", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["specialty_slug"],
            ["catalog_specialties.slug"],
            name=op.f("fk_catalog_bank_versions_specialty_slug_catalog_specialties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("specialty_slug", "version", name=op.f("pk_catalog_bank_versions")),
    )
    op.create_table(
        "catalog_blueprints",
        sa.Column("specialty_slug", sa.String(length=63), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=120), nullable=False),
        sa.Column("question_count", sa.Integer(), nullable=False),
        sa.Column("domain_count", sa.Integer(), nullable=False),
        sa.Column("mix_easy", sa.Integer(), nullable=False),
        sa.Column("mix_medium", sa.Integer(), nullable=False),
        sa.Column("mix_hard", sa.Integer(), nullable=False),
        sa.Column("weight_easy", sa.Double(), nullable=False),
        sa.Column("weight_medium", sa.Double(), nullable=False),
        sa.Column("weight_hard", sa.Double(), nullable=False),
        sa.Column("behavioural_count", sa.Integer(), nullable=False),
        sa.Column("pass_mark", sa.Double(), nullable=False),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=True),
        sa.Column("retake_allowed", sa.Boolean(), nullable=False),
        sa.Column("retake_cooldown_hours", sa.Integer(), nullable=False),
        sa.Column("lockout_after_failures", sa.Integer(), nullable=True),
        sa.Column("lockout_days", sa.Integer(), nullable=True),
        sa.Column("max_attempts", sa.Integer(), nullable=True),
        sa.Column("payment_per_attempt", sa.Boolean(), nullable=False),
        sa.Column("fee_minor", sa.Integer(), nullable=True),
        sa.Column("fee_currency", sa.String(length=3), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "kind IN ('practice', 'certification')", name=op.f("ck_catalog_blueprints_kind")
        ),
        sa.CheckConstraint(
            "(fee_minor IS NULL) = (fee_currency IS NULL)",
            name=op.f("ck_catalog_blueprints_fee_complete"),
        ),
        sa.CheckConstraint(
            "domain_count = mix_easy + mix_medium + mix_hard",
            name=op.f("ck_catalog_blueprints_mix_adds_up"),
        ),
        sa.CheckConstraint(
            "fee_minor IS NULL OR fee_minor >= 0",
            name=op.f("ck_catalog_blueprints_fee_not_negative"),
        ),
        sa.CheckConstraint(
            "pass_mark >= 0 AND pass_mark <= 1",
            name=op.f("ck_catalog_blueprints_pass_mark_fraction"),
        ),
        sa.CheckConstraint(
            "question_count = domain_count + behavioural_count",
            name=op.f("ck_catalog_blueprints_sections_add_up"),
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_catalog_blueprints_version_positive")),
        sa.CheckConstraint(
            "weight_easy > 0 AND weight_medium > 0 AND weight_hard > 0",
            name=op.f("ck_catalog_blueprints_weights_positive"),
        ),
        sa.ForeignKeyConstraint(
            ["specialty_slug"],
            ["catalog_specialties.slug"],
            name=op.f("fk_catalog_blueprints_specialty_slug_catalog_specialties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("specialty_slug", "kind", name=op.f("pk_catalog_blueprints")),
    )
    op.create_table(
        "catalog_questions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=63), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(length=16), nullable=False),
        sa.Column("difficulty", sa.String(length=16), nullable=True),
        sa.Column("topic", sa.String(length=63), nullable=False),
        sa.Column("language", sa.String(length=63), nullable=True),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("code", sa.Text(), nullable=True),
        sa.Column("options", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "answer",
            postgresql.JSONB(astext_type=sa.Text()),
            nullable=False,
            comment="The answer key: never in HTTP or logs.",
        ),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("tags", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("published_version", sa.Integer(), nullable=True),
        sa.Column("published_status", sa.String(length=16), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.CheckConstraint(
            "(section = 'domain') = (difficulty IS NOT NULL)",
            name=op.f("ck_catalog_questions_difficulty_only_in_domain"),
        ),
        sa.CheckConstraint(
            "published_status IS NULL OR published_status IN ('active', 'retired')",
            name=op.f("ck_catalog_questions_published_status"),
        ),
        sa.CheckConstraint(
            "section IN ('domain', 'behavioural')", name=op.f("ck_catalog_questions_section")
        ),
        sa.CheckConstraint(
            "status IN ('active', 'retired')", name=op.f("ck_catalog_questions_status")
        ),
        sa.CheckConstraint("version >= 1", name=op.f("ck_catalog_questions_version_positive")),
        sa.ForeignKeyConstraint(
            ["specialty_slug"],
            ["catalog_specialties.slug"],
            name=op.f("fk_catalog_questions_specialty_slug_catalog_specialties"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_questions")),
    )
    op.create_index(
        "ix_catalog_questions_stratum",
        "catalog_questions",
        ["specialty_slug", "status", "section", "difficulty"],
        unique=False,
    )
    op.create_table(
        "catalog_idempotency_keys",
        sa.Column("principal", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_fingerprint", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("response", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "created_at",
            sa.DateTime(timezone=True),
            server_default=sa.text("now()"),
            nullable=False,
        ),
        sa.PrimaryKeyConstraint("principal", "key", name=op.f("pk_catalog_idempotency_keys")),
    )


def downgrade() -> None:
    op.drop_table("catalog_idempotency_keys")
    op.drop_index("ix_catalog_questions_stratum", table_name="catalog_questions")
    op.drop_table("catalog_questions")
    op.drop_table("catalog_blueprints")
    op.drop_table("catalog_bank_versions")
    op.drop_table("catalog_specialties")
