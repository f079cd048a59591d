"""Finding the same perpetrator in other cases (a serial perpetrator, issue 6): each person gets a
``name_key`` (the name in NFC, whitespace collapsed, case folded, accents kept), filled here for the
people already stored, and an index on (role, name_key), so looking a perpetrator up across all
cases is an index seek, not a scan of everyone.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 13:00:00
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _name_key(name: str) -> str:
    # A frozen copy of dash_desktop.store.models.name_key as it was when this migration was written.
    return " ".join(unicodedata.normalize("NFC", name).split()).casefold()


def upgrade() -> None:
    # ADD COLUMN needs no table rebuild (batch mode's copy can lose collations and CHECKs).
    op.add_column("people", sa.Column("name_key", sa.String(length=200), nullable=True))
    conn = op.get_bind()
    rows = conn.execute(sa.text("SELECT id, name FROM people")).all()
    if rows:
        conn.execute(sa.text("UPDATE people SET name_key = :key WHERE id = :id"),
                     [{"key": _name_key(name), "id": pid} for pid, name in rows])
    op.create_index("ix_people_role_name", "people", ["role", "name_key"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_people_role_name", table_name="people")
    op.drop_column("people", "name_key")
