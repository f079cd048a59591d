"""Case search: an index for filtering by area, and a trigram full-text index over people's names
(an FTS5 table with external content, kept in step by triggers), so searching part of a name does
not scan every person.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # No table rebuild here: batch mode's copy of a SQLite table can lose collations and CHECKs.
    op.create_index("ix_cases_area", "cases", ["area"], unique=False)
    op.execute(
        "CREATE VIRTUAL TABLE people_name_index USING fts5("
        "name, content='people', content_rowid='id', tokenize='trigram')"
    )
    op.execute(
        "CREATE TRIGGER people_name_index_after_insert AFTER INSERT ON people BEGIN "
        "INSERT INTO people_name_index(rowid, name) VALUES (new.id, new.name); END"
    )
    op.execute(
        "CREATE TRIGGER people_name_index_after_delete AFTER DELETE ON people BEGIN "
        "INSERT INTO people_name_index(people_name_index, rowid, name) VALUES ('delete', old.id, old.name); END"
    )
    op.execute(
        "CREATE TRIGGER people_name_index_after_update AFTER UPDATE OF name ON people BEGIN "
        "INSERT INTO people_name_index(people_name_index, rowid, name) VALUES ('delete', old.id, old.name); "
        "INSERT INTO people_name_index(rowid, name) VALUES (new.id, new.name); END"
    )
    op.execute("INSERT INTO people_name_index(people_name_index) VALUES ('rebuild')")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS people_name_index_after_update")
    op.execute("DROP TRIGGER IF EXISTS people_name_index_after_delete")
    op.execute("DROP TRIGGER IF EXISTS people_name_index_after_insert")
    op.execute("DROP TABLE IF EXISTS people_name_index")
    op.drop_index("ix_cases_area", table_name="cases")
