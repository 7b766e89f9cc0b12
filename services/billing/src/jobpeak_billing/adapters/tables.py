"""Billing's tables (SQLAlchemy Core); the Alembic versions under ``migrations/`` create them.

Check constraints repeat the domain's rules as a last line of defence.
"""

from __future__ import annotations

import sqlalchemy as sa
from jobpeak_runtime.columns import candidate_and_specialty, moment, money, uuid_key
from jobpeak_runtime.db import service_metadata
from jobpeak_runtime.replicas import specialty_replica_table

metadata = service_metadata()

specialty_fees = specialty_replica_table(
    "billing_specialty_fees",
    metadata,
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("certification_title", sa.Text, nullable=False),
    *money("fee_", nullable=True),
    sa.Column("retired", sa.Boolean, nullable=False),
    sa.CheckConstraint(
        "fee_amount_minor IS NULL OR fee_amount_minor >= 0", name="fee_not_negative"
    ),
    sa.CheckConstraint(
        "(fee_amount_minor IS NULL) = (fee_currency IS NULL)", name="fee_has_currency"
    ),
    comment="Replica of catalog.specialties.v1: the certification fee per specialty.",
)

ORDER_STATUSES = ("open", "paid", "failed", "refunded")

orders = sa.Table(
    "billing_orders",
    metadata,
    uuid_key("order_id"),
    *candidate_and_specialty(),
    *money(nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("checkout_session_id", sa.Text, nullable=False, unique=True),
    sa.Column("checkout_url", sa.Text, nullable=False),
    moment("checkout_expires_at", nullable=False),
    sa.Column("idempotency_key", sa.Text, nullable=True),
    sa.Column("payment_intent_id", sa.Text, nullable=True),
    sa.Column("failure_code", sa.String(64), nullable=True),
    sa.Column("refund_id", sa.Text, nullable=True),
    sa.Column("refund_reason", sa.String(32), nullable=True),
    moment("created_at", nullable=False),
    moment("updated_at", nullable=False),
    moment("paid_at", nullable=True),
    moment("failed_at", nullable=True),
    moment("refunded_at", nullable=True),
    moment(
        "reconciled_at",
        nullable=True,
        comment="Last time reconciliation asked Stripe about this order (round-robin order).",
    ),
    sa.CheckConstraint("amount_minor > 0", name="amount_positive"),
    sa.CheckConstraint(
        "status IN (" + ", ".join(f"'{status}'" for status in ORDER_STATUSES) + ")",
        name="status_known",
    ),
    sa.CheckConstraint(
        "status NOT IN ('paid', 'refunded') OR payment_intent_id IS NOT NULL",
        name="paid_has_payment_intent",
    ),
    sa.CheckConstraint("status <> 'refunded' OR refund_id IS NOT NULL", name="refunded_has_refund"),
    sa.Index("ix_billing_orders_candidate", "candidate_id", "created_at"),
    sa.Index("ix_billing_orders_payment_intent", "payment_intent_id"),
    sa.Index(
        "ix_billing_orders_unsettled",
        "reconciled_at",
        "created_at",
        postgresql_where=sa.text("status IN ('open', 'failed')"),
    ),
)

stripe_events = sa.Table(
    "billing_stripe_events",
    metadata,
    sa.Column("event_id", sa.Text, primary_key=True),
    sa.Column("event_type", sa.Text, nullable=False),
    sa.Column("order_id", sa.Uuid, nullable=True),
    sa.Column("outcome", sa.String(32), nullable=False),
    moment("received_at", nullable=False),
    comment="Stripe webhook events already processed (deduplication by Stripe event id).",
)
