"""Encrypted backup files.

A backup is one file: a short plaintext manifest followed by a SQLCipher copy of the database made
with ``sqlcipher_export`` under the same data key. The manifest carries the key header (the data key
wrapped under the passphrase in force when the backup was taken), so a backup restores with that
passphrase even if the store's own header is lost. Nothing in the manifest is case data: it holds the
time, the reason, the schema revision and the SHA-256 of the encrypted bytes that follow.

Layout: ``MAGIC`` + 4-byte big-endian manifest length + manifest (UTF-8 JSON) + database bytes.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import struct
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlcipher3

from dash_desktop import __version__
from dash_desktop.store.anchor import Anchor, AnchorState, AnchorUnreadable, Mark
from dash_desktop.store.audit import chain_end
from dash_desktop.store.engine import connect_raw, key_pragma_value
from dash_desktop.store.errors import BackupError
from dash_desktop.store.keys import KeyHeader, fsync_dir
from dash_desktop.store.lock import StoreLock

MAGIC = b"DASH-DESKTOP-BACKUP\n"
FORMAT = "dash-desktop.backup/1"
SUFFIX = ".dashbak"
STAGING = ".export"
CHUNK = 1 << 20
MAX_MANIFEST = 1 << 20


@dataclass(frozen=True)
class Manifest:
    created_at: str
    reason: str
    schema_revision: str | None
    program_version: str
    database_sha256: str
    database_bytes: int
    header: KeyHeader
    #: Where the backup's audit chain ends, sealed with the data key (``anchor.py``); None in backups
    #: written before the chain was anchored.
    audit_anchor: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "created_at": self.created_at,
            "reason": self.reason,
            "schema_revision": self.schema_revision,
            "program_version": self.program_version,
            "database_sha256": self.database_sha256,
            "database_bytes": self.database_bytes,
            "key_header": self.header.to_dict(),
            **({"audit_anchor": self.audit_anchor} if self.audit_anchor is not None else {}),
        }

    @classmethod
    def from_dict(cls, data: Any) -> Manifest:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError("not a DASH Desktop backup manifest")
        try:
            return cls(
                created_at=str(data["created_at"]),
                reason=str(data["reason"]),
                schema_revision=None if data["schema_revision"] is None else str(data["schema_revision"]),
                program_version=str(data["program_version"]),
                database_sha256=str(data["database_sha256"]),
                database_bytes=int(data["database_bytes"]),
                header=KeyHeader.from_dict(data["key_header"]),
                audit_anchor=data["audit_anchor"] if isinstance(data.get("audit_anchor"), dict) else None,
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"the manifest is incomplete ({exc})") from None


def backup_name(reason: str, when: datetime | None = None) -> str:
    when = when or datetime.now(UTC)
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in reason)[:40]
    return f"dash-{when.strftime('%Y%m%dT%H%M%S%fZ')}-{safe}{SUFFIX}"


def list_backups(directory: Path) -> list[Path]:
    """Backups in ``directory``, oldest first (their names sort by time)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob(f"dash-*{SUFFIX}") if p.is_file())


def newest_backup(directory: Path) -> Path | None:
    found = list_backups(directory)
    return found[-1] if found else None


def _private_file(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def write_backup(
    conn: sqlcipher3.Connection,
    data_key: bytes,
    header: KeyHeader,
    dest: Path,
    *,
    reason: str,
    schema_revision: str | None,
) -> Path:
    """Export the open database ``conn`` to a backup file at ``dest`` (written atomically)."""
    staging = dest.with_name(f".{dest.name}.{secrets.token_hex(4)}{STAGING}")
    tmp = assembled(staging)
    hold = StoreLock(staging)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        # Made private (0600) and locked before SQLite opens it: SQLite gives its journal the database
        # file's mode, and the lock tells a sweep on open that the file is in use, not left by a kill.
        hold.acquire(exclusive=True)
        conn.execute("ATTACH DATABASE ? AS dash_backup KEY ?", (str(staging), key_pragma_value(data_key)))
        try:
            conn.execute("SELECT sqlcipher_export('dash_backup')").fetchall()
        finally:
            conn.execute("DETACH DATABASE dash_backup")
        end = _chain_end(staging, data_key)
        sha = hashlib.sha256()
        size = 0
        with open(staging, "rb") as src:
            while chunk := src.read(CHUNK):
                sha.update(chunk)
                size += len(chunk)
        manifest = Manifest(
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            reason=reason,
            schema_revision=schema_revision,
            program_version=__version__,
            database_sha256=sha.hexdigest(),
            database_bytes=size,
            header=header,
            audit_anchor=Anchor(dest, data_key, header.store_id).seal(AnchorState(end, end)),
        )
        blob = json.dumps(manifest.to_dict(), indent=1).encode("utf-8")
        with open(tmp, "wb") as out, open(staging, "rb") as src:
            _private_file(tmp)
            out.write(MAGIC + struct.pack(">I", len(blob)) + blob)
            shutil.copyfileobj(src, out, CHUNK)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, dest)
        fsync_dir(dest.parent)
    except sqlcipher3.Error as exc:
        raise BackupError(f"the backup could not be written to {dest}: {exc}") from None
    except OSError as exc:
        raise BackupError(f"the backup could not be written to {dest}: {exc.strerror or exc}") from None
    finally:
        for leftover in (staging, tmp, staging.with_name(staging.name + "-journal")):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
        hold.release()
    return dest


def assembled(staging: Path) -> Path:
    """Where a backup is put together from its staging copy before it is renamed into place: named
    after the staging file, which stays locked while it is written, so a sweep knows whose it is."""
    return staging.with_name(staging.name + ".tmp")


def sweep_staging(directory: Path) -> None:
    """Remove what a killed backup left in ``directory`` (its staging copy, SQLite's journal of it
    and the backup it was putting together): everything of a staging file no running backup holds
    locked, and what is left of one that is gone."""
    if not directory.is_dir():
        return
    for staging in directory.glob(f".dash-*{STAGING}"):
        lock = StoreLock(staging)
        with contextlib.suppress(OSError):
            if lock.acquire(exclusive=True):
                staging.with_name(staging.name + "-journal").unlink(missing_ok=True)
                assembled(staging).unlink(missing_ok=True)
                staging.unlink(missing_ok=True)
        lock.release()
    for suffix in ("-journal", ".tmp"):
        for leftover in directory.glob(f".dash-*{STAGING}{suffix}"):
            if not leftover.with_name(leftover.name.removesuffix(suffix)).exists():
                with contextlib.suppress(OSError):
                    leftover.unlink()


def read_manifest(path: Path) -> tuple[Manifest, int]:
    """The manifest and the offset where the database bytes start; :class:`BackupError` if unreadable."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise BackupError(f"{path} is not a DASH Desktop backup file")
            raw_len = fh.read(4)
            if len(raw_len) != 4:
                raise BackupError(f"{path} is truncated")
            (length,) = struct.unpack(">I", raw_len)
            if length > MAX_MANIFEST:
                raise BackupError(f"{path} is damaged (its manifest length is implausible)")
            blob = fh.read(length)
    except FileNotFoundError:
        raise BackupError(f"{path} does not exist") from None
    except OSError as exc:
        raise BackupError(f"{path} cannot be read: {exc.strerror or exc}") from None
    try:
        manifest = Manifest.from_dict(json.loads(blob.decode("utf-8")))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BackupError(f"{path} is damaged: {str(exc)[:300]}") from None
    return manifest, len(MAGIC) + 4 + length


@contextmanager
def extracted(path: Path, passphrase: str, workdir: Path) -> Iterator[tuple[Manifest, bytes, Path]]:
    """Check a backup and yield (manifest, data key, database file) with the database copied out into
    ``workdir`` (still encrypted); the copy is removed afterwards unless the caller moved it away.

    Checks, in order: the file's structure, the SHA-256 of the database bytes, the passphrase (it
    unwraps the data key), and SQLite's and SQLCipher's integrity checks of the copy.
    """
    manifest, offset = read_manifest(path)
    data_key = manifest.header.unwrap(passphrase)
    target = workdir / f".restore-{secrets.token_hex(6)}.db"
    sha = hashlib.sha256()
    size = 0
    try:
        with open(path, "rb") as src, open(target, "wb") as out:
            _private_file(target)
            src.seek(offset)
            while chunk := src.read(CHUNK):
                sha.update(chunk)
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size != manifest.database_bytes or sha.hexdigest() != manifest.database_sha256:
            raise BackupError(f"{path} is damaged: its contents do not match the checksum it was written with")
        check_database_file(target, data_key, path)
        _check_anchor(manifest, data_key, _chain_end(target, data_key), path)
        yield manifest, data_key, target
    finally:
        target.unlink(missing_ok=True)


def _chain_end(db: Path, data_key: bytes) -> Mark:
    conn = connect_raw(db, data_key)
    try:
        return Mark(*chain_end(conn))
    finally:
        conn.close()


def _check_anchor(manifest: Manifest, data_key: bytes, end: Mark, path: Path) -> None:
    """A backup's audit chain must end where the anchor sealed in its manifest says."""
    if manifest.audit_anchor is None:
        return
    try:
        state = Anchor(path, data_key, manifest.header.store_id).unseal(manifest.audit_anchor)
    except AnchorUnreadable:
        raise BackupError(f"{path} is damaged: the audit anchor in its manifest cannot be read") from None
    if end not in (state.committed, state.pending):
        raise BackupError(f"{path} is damaged: its audit chain ends at event {end.count}, but the anchor in its "
                          f"manifest sealed {state.pending.count} events; it was not restored")


def check_database_file(db: Path, data_key: bytes, name: Path) -> None:
    try:
        conn = connect_raw(db, data_key)
    except sqlcipher3.Error as exc:
        raise BackupError(f"{name} does not hold a readable case database ({exc})") from None
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        cipher_rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
        conn.execute("PRAGMA journal_mode = DELETE").fetchall()
    except sqlcipher3.Error as exc:
        raise BackupError(f"{name} does not hold a readable case database ({exc})") from None
    finally:
        conn.close()
    if rows != ["ok"] or cipher_rows:
        raise BackupError(f"{name} failed its integrity check; it was not restored")
