"""Optional: let the operating system's keychain remember the data key, to unlock without the passphrase.

Only the platform's own secure stores are trusted (macOS Keychain, Windows Credential Locker, the
Secret Service or KWallet on Linux). Where there is none (headless or minimal Linux raises
``NoKeyringError``), or the configured backend is a plaintext file such as ``keyrings.alt``'s, the
keychain is simply unavailable and the passphrase is used: never an error, never a plaintext copy.
Tests pass their own in-memory backend explicitly.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
from typing import Any, Protocol

import keyring
import keyring.errors

SERVICE = "dash-desktop"

#: Modules of keyring backends that keep secrets in a real OS store.
TRUSTED_BACKEND_MODULES = (
    "keyring.backends.macOS",
    "keyring.backends.Windows",
    "keyring.backends.SecretService",
    "keyring.backends.kwallet",
    "keyring.backends.libsecret",
)


class Backend(Protocol):
    def get_password(self, service: str, username: str) -> str | None: ...

    def set_password(self, service: str, username: str, password: str) -> None: ...

    def delete_password(self, service: str, username: str) -> None: ...


def _trusted(backend: Any) -> bool:
    module = type(backend).__module__
    if module == "keyring.backends.chainer":
        inner = list(getattr(backend, "backends", []))
        return bool(inner) and all(_trusted(b) for b in inner)
    return any(module == m or module.startswith(m + ".") for m in TRUSTED_BACKEND_MODULES)


class Keychain:
    """The OS keychain, or nothing. ``backend`` is for tests; the program passes none."""

    def __init__(self, backend: Backend | None = None) -> None:
        if backend is None:
            try:
                found = keyring.get_keyring()
            except Exception:  # a broken keyring configuration must not stop an unlock
                found = None
            backend = found if found is not None and _trusted(found) else None
        self._backend = backend

    @property
    def available(self) -> bool:
        return self._backend is not None

    @staticmethod
    def _username(store_id: str) -> str:
        return f"data-key:{store_id}"

    def remember(self, store_id: str, data_key: bytes) -> bool:
        """Store the key; return whether the keychain took it."""
        if self._backend is None:
            return False
        try:
            self._backend.set_password(SERVICE, self._username(store_id), base64.b64encode(data_key).decode())
        except (keyring.errors.KeyringError, RuntimeError, OSError):
            return False
        return True

    def recall(self, store_id: str) -> bytes | None:
        if self._backend is None:
            return None
        try:
            value = self._backend.get_password(SERVICE, self._username(store_id))
        except (keyring.errors.KeyringError, RuntimeError, OSError):
            return None
        if not value:
            return None
        try:
            return base64.b64decode(value.encode(), validate=True)
        except (binascii.Error, ValueError):
            return None

    def forget(self, store_id: str) -> None:
        if self._backend is None:
            return
        with contextlib.suppress(keyring.errors.KeyringError, RuntimeError, OSError):
            self._backend.delete_password(SERVICE, self._username(store_id))
