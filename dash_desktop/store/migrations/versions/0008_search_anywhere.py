"""Case search, one rule: any part of the reference, the area or a person's name, ignoring case and
accents. Each case gets ``search_text`` (those fields folded, filled here for the cases already
stored) and a trigram full-text index over it, kept in step by triggers. It replaces the index of
people's names alone (migration 0003), which left the area out and could not ignore accents.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:00:00
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _key(text: str) -> str:
    # A frozen copy of dash_desktop.store.search.search_key as it was when this migration was written.
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


SEARCH_TRIGGERS = (
    "CREATE TRIGGER case_search_after_insert AFTER INSERT ON cases BEGIN "
    "INSERT INTO case_search(rowid, search_text) VALUES (new.id, new.search_text); END",
    "CREATE TRIGGER case_search_after_delete AFTER DELETE ON cases BEGIN "
    "INSERT INTO case_search(case_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
    "CREATE TRIGGER case_search_after_update AFTER UPDATE OF search_text ON cases BEGIN "
    "INSERT INTO case_search(case_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); "
    "INSERT INTO case_search(rowid, search_text) VALUES (new.id, new.search_text); END",
)


def _drop_name_index() -> None:
    for when in ("update", "delete", "insert"):
        op.execute(f"DROP TRIGGER IF EXISTS people_name_index_after_{when}")
    op.execute("DROP TABLE IF EXISTS people_name_index")


def upgrade() -> None:
    _drop_name_index()
    # ADD COLUMN needs no table rebuild (batch mode's copy can lose collations and CHECKs).
    op.add_column("cases", sa.Column("search_text", sa.Text(), nullable=True))
    conn = op.get_bind()
    names: dict[int, list[str]] = {}
    for case_id, name in conn.execute(sa.text("SELECT case_id, name FROM people ORDER BY id")):
        names.setdefault(case_id, []).append(name)
    rows = [{"id": case_id, "text": "\n".join(_key(f) for f in (reference, area or "", *names.get(case_id, [])))}
            for case_id, reference, area in conn.execute(sa.text("SELECT id, reference, area FROM cases"))]
    if rows:
        conn.execute(sa.text("UPDATE cases SET search_text = :text WHERE id = :id"), rows)
    op.execute("CREATE VIRTUAL TABLE case_search USING fts5("
               "search_text, content='cases', content_rowid='id', tokenize='trigram')")
    for trigger in SEARCH_TRIGGERS:
        op.execute(trigger)
    op.execute("INSERT INTO case_search(case_search) VALUES ('rebuild')")


def downgrade() -> None:
    for when in ("update", "delete", "insert"):
        op.execute(f"DROP TRIGGER IF EXISTS case_search_after_{when}")
    op.execute("DROP TABLE IF EXISTS case_search")
    op.drop_column("cases", "search_text")
    # The index of names as migration 0003 made it.
    op.execute("CREATE VIRTUAL TABLE people_name_index USING fts5("
               "name, content='people', content_rowid='id', tokenize='trigram')")
    op.execute("CREATE TRIGGER people_name_index_after_insert AFTER INSERT ON people BEGIN "
               "INSERT INTO people_name_index(rowid, name) VALUES (new.id, new.name); END")
    op.execute("CREATE TRIGGER people_name_index_after_delete AFTER DELETE ON people BEGIN "
               "INSERT INTO people_name_index(people_name_index, rowid, name) VALUES ('delete', old.id, old.name); END")
    op.execute("CREATE TRIGGER people_name_index_after_update AFTER UPDATE OF name ON people BEGIN "
               "INSERT INTO people_name_index(people_name_index, rowid, name) VALUES ('delete', old.id, old.name); "
               "INSERT INTO people_name_index(rowid, name) VALUES (new.id, new.name); END")
    op.execute("INSERT INTO people_name_index(people_name_index) VALUES ('rebuild')")
