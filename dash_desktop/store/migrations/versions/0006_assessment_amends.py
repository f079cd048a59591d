"""An assessment can point back to the completed one it amends (a signed assessment is never edited).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("amends_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            "fk_assessments_amends_id_assessments", "assessments", ["amends_id"], ["id"], ondelete="SET NULL"
        )


def downgrade() -> None:
    with op.batch_alter_table("assessments", schema=None) as batch_op:
        batch_op.drop_constraint("fk_assessments_amends_id_assessments", type_="foreignkey")
        batch_op.drop_column("amends_id")
