"""billing: orders, fee replica, processed Stripe events

Revision ID: billing_0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "billing_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("billing",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "billing_orders",
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("candidate_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("amount_minor", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("checkout_session_id", sa.Text(), nullable=False),
        sa.Column("checkout_url", sa.Text(), nullable=False),
        sa.Column("checkout_expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("idempotency_key", sa.Text(), nullable=True),
        sa.Column("payment_intent_id", sa.Text(), nullable=True),
        sa.Column("failure_code", sa.String(length=64), nullable=True),
        sa.Column("refund_id", sa.Text(), nullable=True),
        sa.Column("refund_reason", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("paid_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "reconciled_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="Last time reconciliation asked Stripe about this order (round-robin order).",
        ),
        sa.CheckConstraint(
            "status <> 'refunded' OR refund_id IS NOT NULL",
            name=op.f("ck_billing_orders_refunded_has_refund"),
        ),
        sa.CheckConstraint(
            "status IN ('open', 'paid', 'failed', 'refunded')",
            name=op.f("ck_billing_orders_status_known"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('paid', 'refunded') OR payment_intent_id IS NOT NULL",
            name=op.f("ck_billing_orders_paid_has_payment_intent"),
        ),
        sa.CheckConstraint("amount_minor > 0", name=op.f("ck_billing_orders_amount_positive")),
        sa.PrimaryKeyConstraint("order_id", name=op.f("pk_billing_orders")),
        sa.UniqueConstraint(
            "checkout_session_id", name=op.f("uq_billing_orders_checkout_session_id")
        ),
    )
    op.create_index(
        "ix_billing_orders_candidate",
        "billing_orders",
        ["candidate_id", "created_at"],
        unique=False,
    )
    op.create_index(
        "ix_billing_orders_payment_intent", "billing_orders", ["payment_intent_id"], unique=False
    )
    op.create_index(
        "ix_billing_orders_unsettled",
        "billing_orders",
        ["reconciled_at", "created_at"],
        unique=False,
        postgresql_where=sa.text("status IN ('open', 'failed')"),
    )
    op.create_table(
        "billing_specialty_fees",
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("certification_title", sa.Text(), nullable=False),
        sa.Column("fee_amount_minor", sa.BigInteger(), nullable=True),
        sa.Column("fee_currency", sa.String(length=3), nullable=True),
        sa.Column("retired", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(fee_amount_minor IS NULL) = (fee_currency IS NULL)",
            name=op.f("ck_billing_specialty_fees_fee_has_currency"),
        ),
        sa.CheckConstraint(
            "fee_amount_minor IS NULL OR fee_amount_minor >= 0",
            name=op.f("ck_billing_specialty_fees_fee_not_negative"),
        ),
        sa.PrimaryKeyConstraint("specialty_slug", name=op.f("pk_billing_specialty_fees")),
        comment="Replica of catalog.specialties.v1: the certification fee per specialty.",
    )
    op.create_table(
        "billing_stripe_events",
        sa.Column("event_id", sa.Text(), nullable=False),
        sa.Column("event_type", sa.Text(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=True),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_billing_stripe_events")),
        comment="Stripe webhook events already processed (deduplication by Stripe event id).",
    )


def downgrade() -> None:
    op.drop_table("billing_stripe_events")
    op.drop_table("billing_specialty_fees")
    op.drop_index(
        "ix_billing_orders_unsettled",
        table_name="billing_orders",
        postgresql_where=sa.text("status IN ('open', 'failed')"),
    )
    op.drop_index("ix_billing_orders_payment_intent", table_name="billing_orders")
    op.drop_index("ix_billing_orders_candidate", table_name="billing_orders")
    op.drop_table("billing_orders")
