"""Indexes for sorting the case list by status and by risk level (each index also orders by the case
id, the tie-break, because SQLite keeps the rowid in every index; area has one since 0003, and the
(risk_level, updated_at) index serves the risk filter, not this sort).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 12:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_cases_status", "cases", ["status"], unique=False)
    op.create_index("ix_cases_risk_level_sort", "cases", ["risk_level"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_cases_risk_level_sort", table_name="cases")
    op.drop_index("ix_cases_status", table_name="cases")
