"""Billing's tables (SQLAlchemy Core); the Alembic versions under ``migrations/`` create them.

Check constraints repeat the domain's rules as a last line of defence.
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
    Index,
    String,
    Table,
    Text,
    Uuid,
    text,
)

metadata = service_metadata()

specialty_fees = replica_table(
    "billing_specialty_fees",
    metadata,
    Column("specialty_slug", String(64), primary_key=True),
    Column("name", Text, nullable=False),
    Column("certification_title", Text, nullable=False),
    Column("fee_amount_minor", BigInteger, nullable=True),
    Column("fee_currency", String(3), nullable=True),
    Column("retired", Boolean, nullable=False),
    CheckConstraint("fee_amount_minor IS NULL OR fee_amount_minor >= 0", name="fee_not_negative"),
    CheckConstraint("(fee_amount_minor IS NULL) = (fee_currency IS NULL)", name="fee_has_currency"),
    comment="Replica of catalog.specialties.v1: the certification fee per specialty.",
)

ORDER_STATUSES = ("open", "paid", "failed", "refunded")

orders = Table(
    "billing_orders",
    metadata,
    Column("order_id", Uuid, primary_key=True),
    Column("candidate_id", String(64), nullable=False),
    Column("specialty_slug", String(64), nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("status", String(16), nullable=False),
    Column("checkout_session_id", Text, nullable=False, unique=True),
    Column("checkout_url", Text, nullable=False),
    Column("checkout_expires_at", DateTime(timezone=True), nullable=False),
    Column("idempotency_key", Text, nullable=True),
    Column("payment_intent_id", Text, nullable=True),
    Column("failure_code", String(64), nullable=True),
    Column("refund_id", Text, nullable=True),
    Column("refund_reason", String(32), nullable=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("paid_at", DateTime(timezone=True), nullable=True),
    Column("failed_at", DateTime(timezone=True), nullable=True),
    Column("refunded_at", DateTime(timezone=True), nullable=True),
    Column(
        "reconciled_at",
        DateTime(timezone=True),
        nullable=True,
        comment="Last time reconciliation asked Stripe about this order (round-robin order).",
    ),
    CheckConstraint("amount_minor > 0", name="amount_positive"),
    CheckConstraint(
        "status IN (" + ", ".join(f"'{status}'" for status in ORDER_STATUSES) + ")",
        name="status_known",
    ),
    CheckConstraint(
        "status NOT IN ('paid', 'refunded') OR payment_intent_id IS NOT NULL",
        name="paid_has_payment_intent",
    ),
    CheckConstraint("status <> 'refunded' OR refund_id IS NOT NULL", name="refunded_has_refund"),
    Index("ix_billing_orders_candidate", "candidate_id", "created_at"),
    Index("ix_billing_orders_payment_intent", "payment_intent_id"),
    Index(
        "ix_billing_orders_unsettled",
        "reconciled_at",
        "created_at",
        postgresql_where=text("status IN ('open', 'failed')"),
    ),
)

stripe_events = Table(
    "billing_stripe_events",
    metadata,
    Column("event_id", Text, primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("order_id", Uuid, nullable=True),
    Column("outcome", String(32), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    comment="Stripe webhook events already processed (deduplication by Stripe event id).",
)
