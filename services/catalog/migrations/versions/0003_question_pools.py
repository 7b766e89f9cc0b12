"""catalog: question pools (certification / practice) and reserve items

Every existing question was drawn by both kinds of attempt before pools existed; it becomes a
certification item, as the contracts read records without a pool.

Revision ID: catalog_0003
Revises: catalog_0002
Create Date: 2026-12-04 10:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "catalog_0003"
down_revision: str | Sequence[str] | None = "catalog_0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TABLE = "catalog_questions"
_STATUSES = "('active', 'retired', 'reserve')"


def upgrade() -> None:
    op.add_column(
        _TABLE,
        sa.Column(
            "pool",
            sa.String(length=16),
            server_default="certification",
            nullable=False,
            comment="certification or practice; disjoint, and a question never changes pool.",
        ),
    )
    op.create_check_constraint(
        op.f("ck_catalog_questions_pool"), _TABLE, "pool IN ('certification', 'practice')"
    )
    op.create_check_constraint(
        op.f("ck_catalog_questions_reserve_is_certification"),
        _TABLE,
        "status <> 'reserve' OR pool = 'certification'",
    )
    _replace_status_checks(_STATUSES)
    op.drop_index("ix_catalog_questions_stratum", table_name=_TABLE)
    op.create_index(
        "ix_catalog_questions_stratum",
        _TABLE,
        ["specialty_slug", "pool", "status", "section", "difficulty"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_catalog_questions_stratum", table_name=_TABLE)
    op.create_index(
        "ix_catalog_questions_stratum",
        _TABLE,
        ["specialty_slug", "status", "section", "difficulty"],
        unique=False,
    )
    op.execute("DELETE FROM catalog_questions WHERE status = 'reserve' OR pool = 'practice'")
    _replace_status_checks("('active', 'retired')")
    op.drop_constraint(op.f("ck_catalog_questions_reserve_is_certification"), _TABLE)
    op.drop_constraint(op.f("ck_catalog_questions_pool"), _TABLE)
    op.drop_column(_TABLE, "pool")


def _replace_status_checks(statuses: str) -> None:
    op.drop_constraint(op.f("ck_catalog_questions_status"), _TABLE)
    op.drop_constraint(op.f("ck_catalog_questions_published_status"), _TABLE)
    op.create_check_constraint(op.f("ck_catalog_questions_status"), _TABLE, f"status IN {statuses}")
    op.create_check_constraint(
        op.f("ck_catalog_questions_published_status"),
        _TABLE,
        f"published_status IS NULL OR published_status IN {statuses}",
    )
