"""runtime: outbox and inbox tables, outbox NOTIFY trigger

Revision ID: runtime_0001
Revises:
Create Date: 2025-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "runtime_0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = ("jobpeak_runtime",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "runtime_outbox",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column(
            "topic", sa.Text(), nullable=False, comment="Broker-side topic name, prefix applied."
        ),
        sa.Column("key", sa.LargeBinary(), nullable=True),
        sa.Column(
            "headers",
            postgresql.JSONB(),
            nullable=False,
            comment="Record headers as [[name, base64 value], ...] in their original order.",
        ),
        sa.Column("value", sa.LargeBinary(), nullable=True),
        sa.Column(
            "event_id", sa.Text(), nullable=True, comment="ce_id of the record, for operators."
        ),
        sa.Column(
            "created_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index(
        "ix_runtime_outbox_pending",
        "runtime_outbox",
        ["id"],
        postgresql_where=sa.text("published_at IS NULL"),
    )
    op.create_index("ix_runtime_outbox_published_at", "runtime_outbox", ["published_at"])
    op.create_table(
        "runtime_inbox",
        sa.Column("consumer", sa.String(200), primary_key=True),
        sa.Column("event_id", sa.Text(), primary_key=True),
        sa.Column(
            "outcome",
            sa.String(20),
            nullable=False,
            comment=(
                "'handled' or 'dead_lettered' (a replay may turn the latter into the former)."
            ),
        ),
        sa.Column("topic", sa.Text(), nullable=False),
        sa.Column(
            "recorded_at", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()
        ),
    )
    # One notification per committing transaction (PostgreSQL folds identical ones), so the relay
    # wakes on commit without a round trip from the writer.
    op.execute(
        """
        CREATE FUNCTION runtime_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            PERFORM pg_notify('jobpeak_outbox', '');
            RETURN NULL;
        END $$
        """
    )
    op.execute(
        """
        CREATE TRIGGER runtime_outbox_notify AFTER INSERT ON runtime_outbox
        FOR EACH STATEMENT EXECUTE FUNCTION runtime_outbox_notify()
        """
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER runtime_outbox_notify ON runtime_outbox")
    op.execute("DROP FUNCTION runtime_outbox_notify()")
    op.drop_table("runtime_inbox")
    op.drop_table("runtime_outbox")
