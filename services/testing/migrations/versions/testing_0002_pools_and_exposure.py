"""testing: each replicated question's pool, and per-item exposure of certification items

Revision ID: testing_0002
Revises: testing_0001
Create Date: 2026-12-04 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "testing_0002"
down_revision: str | Sequence[str] | None = "testing_0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "testing_questions",
        sa.Column(
            "pool",
            sa.String(length=16),
            server_default="certification",
            nullable=False,
            comment=(
                "certification or practice: the attempts of that kind draw from it, never others."
            ),
        ),
    )
    op.create_check_constraint(
        op.f("ck_testing_questions_known_pool"),
        "testing_questions",
        "pool IN ('certification', 'practice')",
    )
    op.create_table(
        "testing_item_exposure",
        sa.Column("question_id", sa.String(length=64), nullable=False),
        sa.Column("specialty_slug", sa.String(length=64), nullable=False),
        sa.Column("served_count", sa.Integer(), nullable=False),
        sa.Column(
            "capped_at",
            sa.DateTime(timezone=True),
            nullable=True,
            comment="When the count reached the exposure cap (ItemExposureCapReached emitted).",
        ),
        sa.PrimaryKeyConstraint("question_id", name="pk_testing_item_exposure"),
        comment="How many certification attempts served each certification item.",
    )
    op.create_index(
        "ix_testing_item_exposure_specialty", "testing_item_exposure", ["specialty_slug"]
    )


def downgrade() -> None:
    op.drop_index("ix_testing_item_exposure_specialty", table_name="testing_item_exposure")
    op.drop_table("testing_item_exposure")
    op.drop_constraint(op.f("ck_testing_questions_known_pool"), "testing_questions", type_="check")
    op.drop_column("testing_questions", "pool")
