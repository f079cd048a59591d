from __future__ import annotations

from pathlib import Path

import keyring.backends.chainer
import keyring.backends.fail
import pytest
from store_helpers import PASSPHRASE, MemoryKeyring

from dash_desktop.store import PassphraseRequired, Store
from dash_desktop.store.keychain import Keychain


def test_keychain_unlocks_without_the_passphrase(store: Store, data_dir: Path) -> None:
    chain = Keychain(MemoryKeyring())
    assert store.remember_key(chain)
    store.close()
    with Store.open(None, data_dir, keychain=chain) as s:
        assert s.audit.events(1)[0].detail == {"by": "keychain"}


def test_forgotten_key_needs_the_passphrase(store: Store, data_dir: Path) -> None:
    chain = Keychain(MemoryKeyring())
    store.remember_key(chain)
    store.forget_key(chain)
    store.close()
    with pytest.raises(PassphraseRequired):
        Store.open(None, data_dir, keychain=chain)


def test_a_stale_keychain_entry_is_ignored(store: Store, data_dir: Path) -> None:
    backend = MemoryKeyring()
    chain = Keychain(backend)
    store.remember_key(chain)
    store.close()
    for key in list(backend.items):
        backend.items[key] = "A" * 44  # a different 32-byte key
    with pytest.raises(PassphraseRequired):
        Store.open(None, data_dir, keychain=chain)
    with Store.open(PASSPHRASE, data_dir):
        pass


def test_no_keychain_on_headless_linux_is_not_an_error(store: Store) -> None:
    chain = Keychain()  # the conftest makes the OS keychain the "fail" backend
    assert not chain.available
    assert not store.remember_key(chain)
    assert chain.recall(store.store_id) is None


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's plaintext file backend."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


@pytest.mark.parametrize(
    "backend",
    [
        PlaintextKeyring(),
        keyring.backends.fail.Keyring(),
        keyring.backends.chainer.ChainerBackend(),
    ],
    ids=["plaintext-file", "fail", "empty-chainer"],
)
def test_untrusted_backends_are_never_used(backend: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    assert not Keychain().available


def test_a_broken_keyring_configuration_does_not_stop_unlock(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> None:
        raise RuntimeError("no backend")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    assert not Keychain().available
