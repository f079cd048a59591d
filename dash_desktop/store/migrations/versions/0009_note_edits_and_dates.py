"""Notes can be edited (``updated_at``: when last changed, empty if never), and the assessment date
of assessments made in the app before now is taken from their stored document, where the app kept
it (they were stored without one, so ``cases show`` said "assessed on -").

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("notes", sa.Column("updated_at", sa.DateTime(), nullable=True))
    op.execute(
        "UPDATE assessments SET assessed_on = json_extract(document, '$.assessed_on') "
        "WHERE assessed_on IS NULL AND json_valid(document) "
        "AND json_extract(document, '$.assessed_on') GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"
    )


def downgrade() -> None:
    # The dates filled in are right; they are not taken away again.
    op.drop_column("notes", "updated_at")
