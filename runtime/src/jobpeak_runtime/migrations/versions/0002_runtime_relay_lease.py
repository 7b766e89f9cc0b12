"""runtime: the outbox relay's leadership lease (replaces the advisory lock)

Revision ID: runtime_0002
Revises: runtime_0001
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "runtime_0002"
down_revision: str | Sequence[str] | None = "runtime_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "runtime_relay_lease",
        sa.Column("name", sa.String(100), primary_key=True),
        sa.Column(
            "holder", sa.Text(), nullable=False, comment="host:pid:nonce of the relay holding it."
        ),
        sa.Column(
            "epoch",
            sa.BigInteger(),
            nullable=False,
            comment="Raised at every change of holder (fencing).",
        ),
        sa.Column(
            "expires_at",
            sa.DateTime(timezone=True),
            nullable=False,
            comment="The database clock's time after which another relay may take the lease.",
        ),
    )


def downgrade() -> None:
    op.drop_table("runtime_relay_lease")
