"""matching: an index of live offers by work, so a round counts held seats without reading history

Revision ID: matching_0002
Revises: matching_0001
Create Date: 2026-12-04 15:35:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "matching_0002"
down_revision: str | Sequence[str] | None = "matching_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_matching_offers_live_by_work",
        "matching_offers",
        ["work_id", "status", "expires_at"],
        unique=False,
        postgresql_where=sa.text("status IN ('offered', 'accepted')"),
    )


def downgrade() -> None:
    op.drop_index("ix_matching_offers_live_by_work", table_name="matching_offers")
