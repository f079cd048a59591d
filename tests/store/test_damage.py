"""A damaged store is named and refused, with the newest backup offered; never replaced by an empty one."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_helpers import PASSPHRASE, snapshot

from dash_desktop.store import Store, StoreDamaged


@pytest.fixture
def closed_store(store: Store, data_dir: Path) -> Path:
    case = store.cases.add("HX-1")
    for n in range(40):
        store.records.add_note(case.id, f"note {n} " + "x" * 400)
    store.backup()
    store.close()
    return data_dir


def _newest_backup(data_dir: Path) -> Path:
    return sorted((data_dir / "backups").glob("*.dashbak"))[-1]


@pytest.mark.parametrize("keep", [0, 100, 4096, 8000])
def test_truncated_database(closed_store: Path, keep: int) -> None:
    db = closed_store / "cases.db"
    db.write_bytes(db.read_bytes()[:keep])
    before = snapshot(closed_store)
    with pytest.raises(StoreDamaged) as caught:
        Store.open(PASSPHRASE, closed_store)
    message = str(caught.value)
    assert str(db) in message
    assert str(_newest_backup(closed_store)) in message
    assert "dash-desktop restore" in message
    assert snapshot(closed_store) == before


def test_overwritten_page(closed_store: Path) -> None:
    db = closed_store / "cases.db"
    data = bytearray(db.read_bytes())
    data[5000:5100] = b"\0" * 100
    db.write_bytes(bytes(data))
    with pytest.raises(StoreDamaged, match="cases"):
        Store.open(PASSPHRASE, closed_store)


def test_missing_database_is_not_replaced_by_an_empty_one(closed_store: Path) -> None:
    (closed_store / "cases.db").unlink()
    with pytest.raises(StoreDamaged, match="missing"):
        Store.open(PASSPHRASE, closed_store)
    assert not (closed_store / "cases.db").exists()


@pytest.mark.parametrize("content", [b"", b"{not json", b'{"format": "dash-desktop.keys/1"}'])
def test_damaged_header(closed_store: Path, content: bytes) -> None:
    (closed_store / "keys.json").write_bytes(content)
    with pytest.raises(StoreDamaged) as caught:
        Store.open(PASSPHRASE, closed_store)
    assert "keys.json" in str(caught.value)
    assert str(_newest_backup(closed_store)) in str(caught.value)


def test_missing_header(closed_store: Path) -> None:
    (closed_store / "keys.json").unlink()
    with pytest.raises(StoreDamaged, match="missing"):
        Store.open(PASSPHRASE, closed_store)


def test_damaged_store_recovers_from_its_backup(closed_store: Path) -> None:
    db = closed_store / "cases.db"
    db.write_bytes(db.read_bytes()[:3000])
    restored, aside = Store.restore(_newest_backup(closed_store), PASSPHRASE, closed_store)
    with restored:
        assert restored.cases.get("HX-1").reference == "HX-1"
        assert len(restored.cases.get("HX-1").notes) == 40
    assert aside is not None
    assert (aside / "cases.db").exists()


def test_damage_without_backups_says_so(store: Store, data_dir: Path) -> None:
    store.close()
    (data_dir / "cases.db").write_bytes(b"garbage" * 100)
    with pytest.raises(StoreDamaged, match="No backup"):
        Store.open(PASSPHRASE, data_dir)
