"""Indexes for the case list: newest first, filter by risk level (newest first), filter by review date.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 12:05:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.create_index("ix_cases_updated_at", ["updated_at"], unique=False)
        batch_op.create_index("ix_cases_risk_level", ["risk_level", "updated_at"], unique=False)
        batch_op.create_index("ix_cases_review_on", ["review_on"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_review_on")
        batch_op.drop_index("ix_cases_risk_level")
        batch_op.drop_index("ix_cases_updated_at")
