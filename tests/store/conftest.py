"""Fixtures for the store tests. No test touches the user's real data folder or OS keychain."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from store_helpers import PASSPHRASE

from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF


@pytest.fixture(autouse=True)
def _isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the default data folder at tmp_path and make the OS keychain absent."""
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(tmp_path / "default-data"))
    monkeypatch.delenv("DASH_DESKTOP_PASSPHRASE", raising=False)
    monkeypatch.delenv("DASH_DESKTOP_NEW_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(data_dir: Path) -> Iterator[Store]:
    s = Store.create(PASSPHRASE, PractitionerProfile("Alex Practitioner", "IDVA", "SDAS"), data_dir, kdf=TEST_KDF)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
