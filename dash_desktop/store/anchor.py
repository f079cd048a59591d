"""The audit chain's anchor: where the chain ended, kept where a rewrite of the database cannot reach.

The chain in the database shows an edited, removed or reordered event, but not its own end: a
truncated tail, an emptied table or an event forged onto the end all leave a chain that links up.
So every write transaction that appends events also seals, before it commits, the chain's end
(the number of events and the head hash) into ``audit-anchor.json`` beside the database: AES-256-GCM
under a key derived from the data key, bound to the store id. The file holds two marks:
``committed`` (the end before this transaction) and ``pending`` (the end once it commits), so a
program stopped between sealing and committing is told apart from a chain that lost its end.

The next write compares the database's chain with the anchor before it seals the new end. Any
difference is recorded in the chain itself, as an ``anchor`` event, in the same transaction (so a
later rewrite cannot remove the record without breaking the anchor again), and ``audit verify``
reports it. Backups carry the anchor of the database they hold in their manifest.

The anchor file is separate from ``keys.json`` on purpose: it is rewritten on every autosave, and
the key header, the only wrapped copy of the data key, is rewritten only when the passphrase changes.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from dash_desktop.store.keys import atomic_write

FORMAT = "dash-desktop.audit-anchor/1"
FILE_NAME = "audit-anchor.json"
_INFO = b"dash-desktop audit anchor v1"

#: The ``problem`` of an ``anchor`` event, and whether ``audit verify`` counts it as a break.
MISSING = "missing"  # no anchor was found (the first time: a store made before anchoring)
UNREADABLE = "unreadable"  # the anchor file was damaged or not sealed with this store's key
MISMATCH = "mismatch"  # the chain did not end where the anchor said
UNSAVED = "unsaved"  # the program stopped after sealing a change and before saving it


class AnchorUnreadable(Exception):
    pass


@dataclass(frozen=True)
class Mark:
    """The end of a chain: how many events, and the hash of the last (the genesis hash for none)."""

    count: int
    head: str

    def to_list(self) -> list[Any]:
        return [self.count, self.head]

    @classmethod
    def of(cls, value: Any) -> Mark:
        if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int)
                and isinstance(value[1], str)):
            raise AnchorUnreadable("a mark is malformed")
        return cls(value[0], value[1])


@dataclass(frozen=True)
class AnchorState:
    committed: Mark
    pending: Mark


class Anchor:
    """Seal and read one store's anchor (the file, or the copy in a backup's manifest)."""

    def __init__(self, path: Path, data_key: bytes, store_id: str) -> None:
        self.path = path
        self._store_id = store_id
        self._aead = AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(data_key))

    def seal(self, state: AnchorState) -> dict[str, Any]:
        plain = json.dumps({"committed": state.committed.to_list(), "pending": state.pending.to_list()}).encode()
        nonce = secrets.token_bytes(12)
        sealed = self._aead.encrypt(nonce, plain, self._aad())
        return {"format": FORMAT, "store_id": self._store_id, "nonce": base64.b64encode(nonce).decode("ascii"),
                "sealed": base64.b64encode(sealed).decode("ascii")}

    def unseal(self, data: Any) -> AnchorState:
        try:
            if not isinstance(data, dict) or data.get("format") != FORMAT:
                raise ValueError("not an audit anchor")
            nonce = base64.b64decode(str(data["nonce"]), validate=True)
            plain = json.loads(self._aead.decrypt(nonce, base64.b64decode(str(data["sealed"]), validate=True),
                                                  self._aad()))
            return AnchorState(Mark.of(plain["committed"]), Mark.of(plain["pending"]))
        except (InvalidTag, ValueError, KeyError, TypeError) as exc:
            raise AnchorUnreadable(str(exc) or type(exc).__name__) from None

    def read(self) -> AnchorState | None:
        """The anchor in the file; None when there is none; :class:`AnchorUnreadable` when it cannot be
        trusted (damaged, or sealed with another key)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise AnchorUnreadable(exc.strerror or str(exc)) from None
        try:
            data = json.loads(raw[:65536].decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError) as exc:
            raise AnchorUnreadable(str(exc)[:200]) from None
        return self.unseal(data)

    def write(self, state: AnchorState) -> None:
        atomic_write(self.path, (json.dumps(self.seal(state), indent=1) + "\n").encode("utf-8"))

    def write_sealed(self, sealed: dict[str, Any]) -> None:
        """Put an anchor sealed elsewhere (a backup's manifest) in place, after checking it opens."""
        self.unseal(sealed)
        atomic_write(self.path, (json.dumps(sealed, indent=1) + "\n").encode("utf-8"))

    def _aad(self) -> bytes:
        return json.dumps({"format": FORMAT, "store_id": self._store_id}, sort_keys=True).encode()


def problem_with(state: AnchorState | None, chain: Mark) -> dict[str, Any] | None:
    """What is wrong with a chain ending at ``chain`` against the anchor ``state`` (None: all is well),
    as the detail of the ``anchor`` event that records it."""
    if state is None:
        return {"problem": MISSING, "events": chain.count}
    if chain == state.pending:
        return None
    if chain == state.committed:
        return {"problem": UNSAVED, "events": chain.count, "sealed": state.pending.count}
    return {"problem": MISMATCH, "events": chain.count, "sealed": state.pending.count}
