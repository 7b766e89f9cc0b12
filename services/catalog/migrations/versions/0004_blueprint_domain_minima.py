"""catalog: blueprints carry per-language and per-topic domain minima (balanced forms)

Revision ID: catalog_0004
Revises: catalog_0003
Create Date: 2026-12-04 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "catalog_0004"
down_revision: str | Sequence[str] | None = "catalog_0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for column in ("min_per_language", "min_per_topic"):
        op.add_column(
            "catalog_blueprints",
            sa.Column(column, sa.Integer(), server_default="0", nullable=False),
        )


def downgrade() -> None:
    for column in ("min_per_topic", "min_per_language"):
        op.drop_column("catalog_blueprints", column)
