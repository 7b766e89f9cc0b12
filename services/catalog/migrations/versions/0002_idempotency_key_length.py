"""catalog: idempotency keys up to the platform's 255 characters

Revision ID: catalog_0002
Revises: catalog_0001
Create Date: 2026-12-04 06:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "catalog_0002"
down_revision: str | Sequence[str] | None = "catalog_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.alter_column(
        "catalog_idempotency_keys",
        "key",
        type_=sa.String(length=255),
        existing_type=sa.String(length=200),
        existing_nullable=False,
    )


def downgrade() -> None:
    op.alter_column(
        "catalog_idempotency_keys",
        "key",
        type_=sa.String(length=200),
        existing_type=sa.String(length=255),
        existing_nullable=False,
    )
