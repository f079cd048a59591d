"""Locking the store (issue 9, defect 3): ``Store.lock()`` closes every connection and forgets the
data key, any call while locked is refused with ``StoreLocked`` (never a database error), and
``Store.unlock()`` opens the same object again, so whatever holds it carries on."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from store_helpers import PASSPHRASE, MemoryKeyring, snapshot

from dash_desktop.store import (
    PassphraseRequired,
    Store,
    StoreBusy,
    StoreError,
    StoreLocked,
    WrongPassphrase,
)
from dash_desktop.store.keychain import Keychain


def open_database_files(data_dir: Path) -> list[str]:
    """The store's database files this process has open (Linux: /proc/self/fd)."""
    found = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith(str(data_dir.resolve() / "cases.db")):
            found.append(target)
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_lock_closes_every_connection_and_overwrites_the_key(store: Store, data_dir: Path) -> None:
    store.cases.add("HX-1")
    assert open_database_files(data_dir)  # the pool keeps a connection open
    key = store._key  # the store's own copy
    assert any(key)
    store.lock()
    assert store.locked
    assert open_database_files(data_dir) == []
    assert key == bytearray(len(key))  # overwritten in place, not merely dropped
    with pytest.raises(StoreLocked):
        _ = store.engine


def test_every_call_while_locked_is_refused_in_words(store: Store) -> None:
    case = store.cases.add("HX-1")
    store.lock()
    calls = [
        lambda: store.cases.get(case.id),
        lambda: store.cases.add("HX-2"),
        lambda: store.people.add(case.id, "victim", "Sam Smith"),
        lambda: store.records.add_note(case.id, "A note"),
        lambda: store.assessments.start(case.id, "dash-ric"),
        lambda: store.assessments.drafts(),
        lambda: store.case_list.page(),
        lambda: store.case_list.count(),
        lambda: store.links.for_case(case.id),
        lambda: store.identities.active(),
        lambda: store.audit.verify(),
        lambda: store.practitioner(),
        lambda: store.backup(),
        lambda: store.remember_key(Keychain(MemoryKeyring())),
    ]
    for call in calls:
        with pytest.raises(StoreLocked) as raised:
            call()
        assert "locked" in str(raised.value)
    assert isinstance(raised.value, StoreError)


def test_the_passphrase_cannot_be_changed_while_locked(store: Store, data_dir: Path) -> None:
    store.lock()
    before = (data_dir / "keys.json").read_bytes()
    with pytest.raises(StoreLocked):
        store.change_passphrase(PASSPHRASE, "a brand new passphrase")
    assert (data_dir / "keys.json").read_bytes() == before  # never a header wrapping a wiped key


def test_unlock_opens_the_same_object_again(store: Store, data_dir: Path) -> None:
    case = store.cases.add("HX-1")
    parts = store.cases
    unlocks = [e.action for e in store.audit.events(limit=100)].count("unlock")
    store.lock()
    with pytest.raises(WrongPassphrase):
        store.unlock("not the passphrase at all")
    assert store.locked
    store.unlock(PASSPHRASE)
    assert not store.locked
    assert parts is store.cases  # what a page holds keeps working
    assert store.cases.get(case.id).reference == "HX-1"
    store.people.add(case.id, "victim", "Sam Smith")
    assert [e.action for e in store.audit.events(limit=100)].count("unlock") == unlocks + 1  # recorded
    assert store.audit.verify().ok
    store.close()
    with Store.open(PASSPHRASE, data_dir) as again:
        assert [p.name for p in again.cases.get(case.id).people] == ["Sam Smith"]


def test_unlock_by_the_keychain(store: Store) -> None:
    keychain = Keychain(MemoryKeyring())
    store.lock()
    with pytest.raises(PassphraseRequired):
        store.unlock(keychain=keychain)  # the keychain remembers nothing yet
    store.unlock(PASSPHRASE)
    assert store.remember_key(keychain)
    store.lock()
    store.unlock(keychain=keychain)
    assert store.case_list.count() == 0


def test_unlock_takes_a_passphrase_changed_meanwhile(store: Store, data_dir: Path) -> None:
    store.lock()
    with Store.open(PASSPHRASE, data_dir) as other:  # the command line, say, while the app is locked
        other.change_passphrase(PASSPHRASE, "the passphrase changed meanwhile")
    with pytest.raises(WrongPassphrase):
        store.unlock(PASSPHRASE)
    store.unlock("the passphrase changed meanwhile")
    assert store.practitioner().name == "Alex Practitioner"


def test_an_open_store_is_only_checked(store: Store, data_dir: Path) -> None:
    store.cases.add("HX-1")
    files = snapshot(data_dir)
    with pytest.raises(WrongPassphrase):
        store.unlock("not the passphrase at all")
    store.unlock(PASSPHRASE)
    assert snapshot(data_dir) == files  # nothing reopened, nothing recorded
    assert store.case_list.count() == 1


@pytest.mark.skipif(sys.platform == "win32", reason="the lock file is a no-op on Windows")
def test_a_locked_store_still_keeps_a_restore_out(store: Store, data_dir: Path, tmp_path: Path) -> None:
    backup = store.backup(tmp_path / "b.dash")
    store.lock()
    with pytest.raises(StoreBusy):
        Store.restore(backup, PASSPHRASE, data_dir)


def test_close_after_lock_and_no_unlock_after_close(store: Store) -> None:
    store.lock()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.unlock(PASSPHRASE)
