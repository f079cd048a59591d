from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from store_helpers import PASSPHRASE, snapshot

from dash_desktop.store import Store, StoreTooNew, migrate
from dash_desktop.store.models import Base


def test_migrations_ship_inside_the_package() -> None:
    folder = resources.files("dash_desktop.store") / "migrations"
    assert (folder / "env.py").is_file()
    assert (folder / "script.py.mako").is_file()
    names = [p.name for p in (folder / "versions").iterdir() if p.name.endswith(".py")]
    assert len(names) >= 4
    # One linear chain, numbered 0001, 0002, ... (0010 is another branch's, until it is merged).
    numbers = sorted(int(n[:4]) for n in names)
    assert numbers == [n for n in range(1, numbers[-1] + 1) if n in numbers or n != 10]
    assert migrate.head_revision() == f"{numbers[-1]:04d}"


def test_migrated_schema_matches_the_models(store: Store) -> None:
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "include_name": migrate.include_name})
        diff = compare_metadata(context, Base.metadata)
    assert diff == []


def test_a_new_store_is_at_the_newest_revision(store: Store) -> None:
    with store.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_older_store_is_backed_up_then_migrated(store: Store, data_dir: Path) -> None:
    case = store.cases.add("HX-1", area="Havant")
    store.people.add(case.id, "victim", "V")
    with store.engine.begin() as conn:
        migrate.downgrade(conn, "0001")
    store.close()
    assert list((data_dir / "backups").iterdir()) == []

    with Store.open(PASSPHRASE, data_dir) as s:
        with s.engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.head_revision()
        assert s.cases.get("HX-1").people[0].name == "V"
        assert [r.reference for r in s.case_list.page(search="v")] == ["HX-1"]  # the name index was built
        assert [e.action for e in s.audit.events(2)] == ["unlock", "migrate"]
        assert s.audit.verify().ok
    (backup,) = (data_dir / "backups").iterdir()
    assert f"before-migration-0001-to-{migrate.head_revision()}" in backup.name
    # The backup holds the store as it was before the migration, and restores.
    restored, _ = Store.restore(backup, PASSPHRASE, data_dir)
    with restored:
        assert restored.cases.get("HX-1").area == "Havant"


def test_newer_store_is_refused_and_left_alone(store: Store, data_dir: Path) -> None:
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    store.close()
    before = snapshot(data_dir)
    with pytest.raises(StoreTooNew, match="newer version"):
        Store.open(PASSPHRASE, data_dir)
    assert snapshot(data_dir) == before


def test_an_older_store_is_not_migrated_while_another_program_has_it_open(store: Store, data_dir: Path) -> None:
    from dash_desktop.store import StoreBusy

    with store.engine.begin() as conn:
        migrate.downgrade(conn, "0001")
    with pytest.raises(StoreBusy, match="upgrade"):
        Store.open(PASSPHRASE, data_dir)
    store.close()
    with Store.open(PASSPHRASE, data_dir) as s, s.engine.connect() as conn:
        assert migrate.current_revision(conn) == migrate.head_revision()


def test_the_quick_revision_list_agrees_with_alembic() -> None:
    script = migrate.script_directory()
    assert migrate.head_revision() == script.get_current_head()
    chain = [r.revision for r in script.walk_revisions()]
    assert sorted(chain) == list(migrate.known_revisions())
    assert not migrate.is_known("9999")


def test_app_made_assessments_get_their_date_from_their_document(store: Store, data_dir: Path) -> None:
    """Stored before the store took the date from the document: ``assessed_on`` was left empty."""
    case = store.cases.add("HX-1")
    done = store.assessments.start(case.id, "dash-ric")
    store.assessments.complete(done.id, result={}, risk_level="standard", yes_count=0,
                               document={"assessed_on": "2026-11-20", "answers": {}})
    odd = store.assessments.start(case.id, "dash-ric")
    store.assessments.complete(odd.id, result={}, risk_level="standard", yes_count=0,
                               document={"assessed_on": "not a date", "answers": {}})
    bare = store.assessments.start(case.id, "dash-ric")
    with store.engine.begin() as conn:
        ours = next(r for r in migrate.script_directory().walk_revisions()
                    if r.path.endswith("_note_edits_and_dates.py"))
        assert isinstance(ours.down_revision, str)
        migrate.downgrade(conn, ours.down_revision)
        conn.execute(text("UPDATE assessments SET assessed_on = NULL"))
    store.close()
    with Store.open(PASSPHRASE, data_dir) as s:
        assert s.assessments.get(done.id).assessed_on == dt.date(2026, 11, 20)
        assert s.assessments.get(odd.id).assessed_on is None
        assert s.assessments.get(bare.id).assessed_on is None
