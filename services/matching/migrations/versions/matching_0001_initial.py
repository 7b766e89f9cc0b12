"""matching: specialty replica, parked passes, reviewer pool, work, offers

Revision ID: matching_0001
Revises:
Create Date: 2026-11-26 07:19:27
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "matching_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("matching",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "matching_parked_passes",
        sa.Column("attempt_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("qualified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("parked_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("attempt_id", name=op.f("pk_matching_parked_passes")),
        comment="TestPassed events for a specialty not replicated yet; pooled when it arrives.",
    )
    op.create_index(
        "ix_matching_parked_passes_specialty",
        "matching_parked_passes",
        ["specialty_slug"],
        unique=False,
    )
    op.create_table(
        "matching_reviewers",
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("attempt_id", sa.Uuid(), nullable=False),
        sa.Column("score", sa.Double(), nullable=False),
        sa.Column("qualified_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_by", sa.DateTime(timezone=True), nullable=False),
        sa.Column("language_preferences", sa.ARRAY(sa.Text()), nullable=True),
        sa.Column("matched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sla_breached_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "due_by >= qualified_at", name=op.f("ck_matching_reviewers_due_after_qualified")
        ),
        sa.PrimaryKeyConstraint(
            "candidate_id", "specialty_slug", name=op.f("pk_matching_reviewers")
        ),
        comment="The pool of qualified reviewers, one entry per candidate and specialty.",
    )
    op.create_index(
        "ix_matching_reviewers_sla_open",
        "matching_reviewers",
        ["due_by"],
        unique=False,
        postgresql_where=sa.text("sla_breached_at IS NULL"),
    )
    op.create_index(
        "ix_matching_reviewers_specialty_due",
        "matching_reviewers",
        ["specialty_slug", "due_by"],
        unique=False,
    )
    op.create_table(
        "matching_specialties",
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("live", sa.Boolean(), nullable=False),
        sa.Column("ceiling_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("ceiling_currency", sa.String(length=3), nullable=True),
        sa.Column("languages", sa.ARRAY(sa.Text()), nullable=True),
        sa.Column("match_sla_days", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(ceiling_amount_minor IS NULL) = (ceiling_currency IS NULL) "
            "AND (ceiling_amount_minor IS NULL) = (languages IS NULL) "
            "AND (ceiling_amount_minor IS NULL) = (match_sla_days IS NULL)",
            name=op.f("ck_matching_specialties_terms_complete"),
        ),
        sa.PrimaryKeyConstraint("specialty_slug", name=op.f("pk_matching_specialties")),
        comment=(
            "Replica of catalog.specialties.v1: rate ceiling, languages, match SLA, live or "
            "not. A retirement seen before any snapshot leaves a row without terms."
        ),
    )
    op.create_table(
        "matching_work",
        sa.Column("work_id", sa.Uuid(), nullable=False),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("required_languages", sa.ARRAY(sa.Text()), nullable=False),
        sa.Column("rate_amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("rate_currency", sa.String(length=3), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("posted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("close_reason", sa.String(length=32), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(status = 'closed') = (close_reason IS NOT NULL) "
            "AND (status = 'closed') = (closed_at IS NOT NULL)",
            name=op.f("ck_matching_work_closed_has_reason"),
        ),
        sa.CheckConstraint(
            "close_reason IS NULL OR close_reason IN ('filled', 'cancelled', 'specialty_retired')",
            name=op.f("ck_matching_work_close_reason_known"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'closed')", name=op.f("ck_matching_work_status_known")
        ),
        sa.CheckConstraint("rate_amount_minor > 0", name=op.f("ck_matching_work_rate_positive")),
        sa.CheckConstraint("seats >= 1", name=op.f("ck_matching_work_seats_positive")),
        sa.PrimaryKeyConstraint("work_id", name=op.f("pk_matching_work")),
        comment="Review work posted by clients.",
    )
    op.create_index(
        "ix_matching_work_client", "matching_work", ["client_id", "posted_at"], unique=False
    )
    op.create_index(
        "ix_matching_work_open",
        "matching_work",
        ["specialty_slug"],
        unique=False,
        postgresql_where=sa.text("status = 'open'"),
    )
    op.create_table(
        "matching_offers",
        sa.Column("offer_id", sa.Uuid(), nullable=False),
        sa.Column("work_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("offered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(status = 'offered') = (resolved_at IS NULL)",
            name=op.f("ck_matching_offers_resolved_when_answered"),
        ),
        sa.CheckConstraint(
            "status IN ('offered', 'accepted', 'declined', 'expired', 'withdrawn')",
            name=op.f("ck_matching_offers_status_known"),
        ),
        sa.CheckConstraint(
            "expires_at > offered_at", name=op.f("ck_matching_offers_expires_after_offered")
        ),
        sa.ForeignKeyConstraint(
            ["work_id"],
            ["matching_work.work_id"],
            name=op.f("fk_matching_offers_work_id_matching_work"),
        ),
        sa.PrimaryKeyConstraint("offer_id", name=op.f("pk_matching_offers")),
        sa.UniqueConstraint("work_id", "candidate_id", name="uq_matching_offers_work_candidate"),
        comment="Offers of one piece of work to one reviewer, and their outcome.",
    )
    op.create_index(
        "ix_matching_offers_candidate",
        "matching_offers",
        ["candidate_id", "offered_at"],
        unique=False,
    )
    op.create_index(
        "ix_matching_offers_pending_expiry",
        "matching_offers",
        ["expires_at"],
        unique=False,
        postgresql_where=sa.text("status = 'offered'"),
    )
    op.create_index(
        "uq_matching_offers_one_live_per_candidate",
        "matching_offers",
        ["candidate_id"],
        unique=True,
        postgresql_where=sa.text("status IN ('offered', 'accepted')"),
    )


def downgrade() -> None:
    op.drop_index(
        "uq_matching_offers_one_live_per_candidate",
        table_name="matching_offers",
        postgresql_where=sa.text("status IN ('offered', 'accepted')"),
    )
    op.drop_index(
        "ix_matching_offers_pending_expiry",
        table_name="matching_offers",
        postgresql_where=sa.text("status = 'offered'"),
    )
    op.drop_index("ix_matching_offers_candidate", table_name="matching_offers")
    op.drop_table("matching_offers")
    op.drop_index(
        "ix_matching_work_open",
        table_name="matching_work",
        postgresql_where=sa.text("status = 'open'"),
    )
    op.drop_index("ix_matching_work_client", table_name="matching_work")
    op.drop_table("matching_work")
    op.drop_table("matching_specialties")
    op.drop_index("ix_matching_reviewers_specialty_due", table_name="matching_reviewers")
    op.drop_index(
        "ix_matching_reviewers_sla_open",
        table_name="matching_reviewers",
        postgresql_where=sa.text("sla_breached_at IS NULL"),
    )
    op.drop_table("matching_reviewers")
    op.drop_index("ix_matching_parked_passes_specialty", table_name="matching_parked_passes")
    op.drop_table("matching_parked_passes")
