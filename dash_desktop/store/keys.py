"""The data key and the key header.

A random 32-byte *data key* opens the SQLCipher database (as a raw key, so SQLCipher's own KDF is
not run on every connection). The data key is kept only *wrapped*: encrypted with AES-256-GCM under a
*wrapping key* derived from the practitioner's passphrase with Argon2id. The wrapped key, the salt and
the KDF parameters make up the header file ``keys.json`` beside the database. The header is not
secret; changing the passphrase rewrites only the header, never the database.

The header's fields (format, store id, KDF parameters, key id) are bound to the ciphertext as
associated data, so editing any of them makes unwrapping fail rather than silently weakening it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from dash_desktop.store.errors import StoreDamaged, WeakPassphrase, WrongPassphrase

HEADER_FORMAT = "dash-desktop.keys/1"
KEY_BYTES = 32
SALT_BYTES = 16
NONCE_BYTES = 12
MIN_PASSPHRASE_CHARS = 8
#: Sane bounds on the KDF parameters a header or a backup may carry (the default is 3, 4, 64 MiB):
#: outside them an unlock would hang for hours or ask for more memory than a machine has.
MAX_ITERATIONS = 64
MAX_LANES = 64
MAX_MEMORY_KIB = 2 * 1024 * 1024  # 2 GiB
MAX_HEADER_BYTES = 64 * 1024


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. The default takes about 0.1-0.2 s on a 2-core machine (see benchmarks/unlock.py)."""

    iterations: int = 3
    lanes: int = 4
    memory_kib: int = 64 * 1024

    def to_dict(self) -> dict[str, Any]:
        return {"name": "argon2id", "iterations": self.iterations, "lanes": self.lanes, "memory_kib": self.memory_kib}


#: Cheap parameters for tests only: never used by the program itself.
TEST_KDF = KdfParams(iterations=1, lanes=1, memory_kib=8 * 1024)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise ValueError(f"{what} is missing")
    return base64.b64decode(text.encode("ascii"), validate=True)


def _whole(value: object, name: str) -> int:
    """A KDF parameter: a whole number of at most 12 digits (never ``1e9`` or a 4,000-digit one)."""
    if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 10**12:
        raise ValueError(f"kdf.{name} is not a whole number in range")
    return value


def passphrase_bytes(passphrase: str) -> bytes:
    """The same passphrase typed on any platform gives the same bytes (Unicode NFC, UTF-8)."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def check_new_passphrase(passphrase: str) -> None:
    if len(passphrase.strip()) < MIN_PASSPHRASE_CHARS:
        raise WeakPassphrase(f"a passphrase needs at least {MIN_PASSPHRASE_CHARS} characters; nothing was changed")


def key_id(data_key: bytes) -> str:
    """A non-secret fingerprint of the data key, to tell a stale keychain entry from the right one."""
    return hashlib.sha256(b"dash-desktop key id\0" + data_key).hexdigest()[:32]


@dataclass(frozen=True)
class KeyHeader:
    store_id: str
    created_at: str
    kdf: KdfParams
    salt: bytes
    nonce: bytes
    wrapped_key: bytes
    key_id: str
    extra: dict[str, Any] = field(default_factory=dict)

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def new(cls, passphrase: str, kdf: KdfParams | None = None) -> tuple[KeyHeader, bytes]:
        """A fresh store identity: a new random data key wrapped under ``passphrase``."""
        check_new_passphrase(passphrase)
        data_key = secrets.token_bytes(KEY_BYTES)
        header = cls(
            store_id=str(uuid.uuid4()),
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            kdf=kdf or KdfParams(),
            salt=b"",
            nonce=b"",
            wrapped_key=b"",
            key_id=key_id(data_key),
        )
        return header.rewrapped(data_key, passphrase), data_key

    def rewrapped(self, data_key: bytes, passphrase: str, kdf: KdfParams | None = None) -> KeyHeader:
        """The same data key wrapped under a new passphrase, with a new salt and nonce."""
        salt = secrets.token_bytes(SALT_BYTES)
        nonce = secrets.token_bytes(NONCE_BYTES)
        draft = KeyHeader(
            store_id=self.store_id,
            created_at=self.created_at,
            kdf=kdf or self.kdf,
            salt=salt,
            nonce=nonce,
            wrapped_key=b"",
            key_id=key_id(data_key),
        )
        wrapping_key = derive_key(passphrase, salt, draft.kdf)
        wrapped = AESGCM(wrapping_key).encrypt(nonce, data_key, draft._aad())
        return KeyHeader(**{**draft.__dict__, "wrapped_key": wrapped})

    # -- using ----------------------------------------------------------------------------------

    def unwrap(self, passphrase: str) -> bytes:
        """The data key, or :class:`WrongPassphrase`."""
        wrapping_key = derive_key(passphrase, self.salt, self.kdf)
        try:
            data_key = AESGCM(wrapping_key).decrypt(self.nonce, self.wrapped_key, self._aad())
        except InvalidTag:
            raise WrongPassphrase() from None
        if key_id(data_key) != self.key_id:  # pragma: no cover - the AAD already binds key_id
            raise WrongPassphrase()
        return data_key

    def _aad(self) -> bytes:
        bound = {"format": HEADER_FORMAT, "store_id": self.store_id, "kdf": self.kdf.to_dict(), "key_id": self.key_id}
        return json.dumps(bound, sort_keys=True, separators=(",", ":")).encode()

    # -- the file -------------------------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": HEADER_FORMAT,
            "store_id": self.store_id,
            "created_at": self.created_at,
            "kdf": {**self.kdf.to_dict(), "salt": _b64(self.salt)},
            "wrap": {"alg": "AES-256-GCM", "nonce": _b64(self.nonce), "ciphertext": _b64(self.wrapped_key)},
            "key_id": self.key_id,
            "note": "DASH Desktop key header: not secret, but the case database cannot be opened without it.",
        }

    @classmethod
    def from_dict(cls, data: Any) -> KeyHeader:
        """Parse a header; raise ``ValueError`` naming what is wrong."""
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        if data.get("format") != HEADER_FORMAT:
            raise ValueError(f"format is {data.get('format')!r}, expected {HEADER_FORMAT!r}")
        kdf = data.get("kdf")
        wrap = data.get("wrap")
        if not isinstance(kdf, dict) or kdf.get("name") != "argon2id":
            raise ValueError("the kdf section is missing or not argon2id")
        if not isinstance(wrap, dict) or wrap.get("alg") != "AES-256-GCM":
            raise ValueError("the wrap section is missing or not AES-256-GCM")
        try:
            params = KdfParams(**{name: _whole(kdf[name], name) for name in ("iterations", "lanes", "memory_kib")})
            header = cls(
                store_id=str(data["store_id"]),
                created_at=str(data.get("created_at", "")),
                kdf=params,
                salt=_unb64(kdf.get("salt"), "kdf.salt"),
                nonce=_unb64(wrap.get("nonce"), "wrap.nonce"),
                wrapped_key=_unb64(wrap.get("ciphertext"), "wrap.ciphertext"),
                key_id=str(data["key_id"]),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"a field is missing or malformed ({exc})") from None
        lengths_ok = len(header.nonce) == NONCE_BYTES and len(header.wrapped_key) == KEY_BYTES + 16
        if len(header.salt) < SALT_BYTES or not lengths_ok:
            raise ValueError("the salt, nonce or wrapped key has the wrong length")
        if not (1 <= params.iterations <= MAX_ITERATIONS and 1 <= params.lanes <= MAX_LANES
                and 8 * params.lanes <= params.memory_kib <= MAX_MEMORY_KIB):
            raise ValueError(f"the KDF parameters are out of range (iterations 1-{MAX_ITERATIONS}, lanes "
                             f"1-{MAX_LANES}, memory up to {MAX_MEMORY_KIB} KiB)")
        return header

    @classmethod
    def read(cls, path: Path, newest_backup: Path | None = None) -> KeyHeader:
        try:
            if path.stat().st_size > MAX_HEADER_BYTES:
                raise ValueError("the file is far larger than a key header")
            raw = path.read_bytes()
            return cls.from_dict(json.loads(raw.decode("utf-8")))
        except FileNotFoundError:
            raise StoreDamaged(path, "the key header is missing", newest_backup) from None
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
            raise StoreDamaged(path, f"not valid JSON: {str(exc)[:200]}", newest_backup) from None
        except ValueError as exc:
            raise StoreDamaged(path, str(exc), newest_backup) from None

    def write(self, path: Path) -> None:
        """Write atomically: a crash leaves either the old header or the new one, never half of one."""
        atomic_write(path, (json.dumps(self.to_dict(), indent=2) + "\n").encode("utf-8"))


def derive_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    return Argon2id(
        salt=salt, length=KEY_BYTES, iterations=kdf.iterations, lanes=kdf.lanes, memory_cost=kdf.memory_kib
    ).derive(passphrase_bytes(passphrase))


def atomic_write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    fsync_dir(path.parent)


def fsync_dir(directory: Path) -> None:
    if os.name != "posix":  # pragma: no cover - Windows cannot open a directory for fsync
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
