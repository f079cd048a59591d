from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import PASSPHRASE, snapshot

from dash_desktop.store import BackupError, Store, WrongPassphrase, migrate
from dash_desktop.store.backup import MAGIC, list_backups, read_manifest


@pytest.fixture
def filled(store: Store) -> Store:
    case = store.cases.add("HX-1", area="Havant")
    store.people.add(case.id, "victim", "Victim Name")
    draft = store.assessments.start(case.id, "dash-ric", answers={"q1": "yes"})
    store.assessments.complete(draft.id, result={"yes_count": 1}, risk_level="standard", yes_count=1)
    return store


def test_backup_restores_into_a_fresh_folder(filled: Store, tmp_path: Path) -> None:
    path = filled.backup(tmp_path / "out.dashbak")
    manifest, _ = read_manifest(path)
    assert manifest.schema_revision == migrate.head_revision()
    assert path.stat().st_mode & 0o077 == 0
    restored, aside = Store.restore(path, PASSPHRASE, tmp_path / "elsewhere")
    with restored:
        case = restored.cases.get("HX-1")
        assert case.people[0].name == "Victim Name"
        assert case.assessments[0].status == "completed"
        assert restored.audit.verify().ok
        assert restored.audit.events(1)[0].action == "restore"
    assert aside is None


def test_backup_defaults_to_the_backups_folder(filled: Store, data_dir: Path) -> None:
    first = filled.backup()
    second = filled.backup(reason="before export")
    assert list_backups(data_dir / "backups") == [first, second]
    assert second.name.endswith("-before-export.dashbak")


def test_restore_replaces_and_keeps_the_old_files_aside(filled: Store, data_dir: Path) -> None:
    path = filled.backup()
    filled.cases.add("HX-2")
    filled.close()
    restored, aside = Store.restore(path, PASSPHRASE, data_dir)
    with restored:
        assert [r.reference for r in restored.case_list.page()] == ["HX-1"]
    assert aside is not None
    with Store.open(PASSPHRASE, data_dir):
        pass


def test_backup_opens_with_the_passphrase_it_was_taken_under(filled: Store, data_dir: Path, tmp_path: Path) -> None:
    old = filled.backup(tmp_path / "old.dashbak")
    filled.change_passphrase(PASSPHRASE, "the next passphrase")
    new = filled.backup(tmp_path / "new.dashbak")
    filled.close()
    with pytest.raises(WrongPassphrase):
        Store.restore(new, PASSPHRASE, tmp_path / "a")
    Store.restore(new, "the next passphrase", tmp_path / "a")[0].close()
    Store.restore(old, PASSPHRASE, tmp_path / "b")[0].close()


def _damage(path: Path, how: str) -> None:
    data = bytearray(path.read_bytes())
    if how == "flip-db-byte":
        data[-5000] ^= 0x01
    elif how == "truncate":
        del data[len(data) // 2 :]
    elif how == "magic":
        data[0:4] = b"XXXX"
    elif how == "manifest":
        start = len(MAGIC) + 4
        data[start : start + 10] = b"!" * 10
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("how", ["flip-db-byte", "truncate", "magic", "manifest"])
def test_a_damaged_backup_is_refused_and_nothing_changes(filled: Store, data_dir: Path, how: str) -> None:
    path = filled.backup()
    filled.close()
    _damage(path, how)
    before = snapshot(data_dir)
    with pytest.raises(BackupError):
        Store.restore(path, PASSPHRASE, data_dir)
    assert snapshot(data_dir) == before


def test_wrong_passphrase_restore_changes_nothing(filled: Store, data_dir: Path) -> None:
    path = filled.backup()
    filled.close()
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphrase):
        Store.restore(path, "not the passphrase", data_dir)
    assert snapshot(data_dir) == before


def test_not_a_backup(tmp_path: Path) -> None:
    junk = tmp_path / "x.dashbak"
    junk.write_bytes(b"hello")
    with pytest.raises(BackupError, match="not a DASH Desktop backup"):
        Store.restore(junk, PASSPHRASE, tmp_path / "s")
    with pytest.raises(BackupError, match="does not exist"):
        Store.restore(tmp_path / "missing.dashbak", PASSPHRASE, tmp_path / "s")


def test_verify_backup_checks_without_restoring(filled: Store, data_dir: Path) -> None:
    path = filled.backup()
    before = snapshot(data_dir)
    manifest = Store.verify_backup(path, PASSPHRASE, data_dir)
    assert manifest.reason == "manual"
    assert snapshot(data_dir) == before


def test_a_failed_backup_is_recorded_as_failed(filled: Store, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(BackupError, match="could not be written"):
        filled.backup(blocker / "b.dashbak")
    assert filled.audit.events(1)[0].detail["failed"] is True
    assert filled.audit.verify().ok


def test_restore_refuses_while_the_store_is_open_elsewhere(filled: Store, data_dir: Path) -> None:
    """The app has the store open: swapping files under it would lose what it writes next."""
    from dash_desktop.store import StoreBusy

    path = filled.backup()
    before = snapshot(data_dir)
    with pytest.raises(StoreBusy, match="in use by another program"):
        Store.restore(path, PASSPHRASE, data_dir)
    assert snapshot(data_dir) == before
    filled.close()
    Store.restore(path, PASSPHRASE, data_dir)[0].close()


def test_open_is_refused_during_a_restore(filled: Store, data_dir: Path) -> None:
    from dash_desktop.store import StoreBusy
    from dash_desktop.store.lock import StoreLock

    filled.close()
    with StoreLock(data_dir / "cases.lock") as lock:
        assert lock.acquire(exclusive=True)
        with pytest.raises(StoreBusy):
            Store.open(PASSPHRASE, data_dir)
    Store.open(PASSPHRASE, data_dir).close()
