"""Swapping a checked backup in for the store's files, so that a restore stopped at any moment (a
kill, a power cut) is rolled back on the next open, never mistaken for a missing store.

Before anything moves, a journal (``restore-in-progress.json``) names the folder the current files
go to and which files they are. Then they are moved there, the backup's database, key header and
audit anchor are put in place, and the journal is removed: that removal is the restore's commit.
Whatever opens the store next and finds the journal puts the replaced files back (the files of the
unfinished restore go to a folder beside them: nothing is ever deleted), and opens the old store.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from pathlib import Path
from typing import Any

from dash_desktop.store.anchor import Anchor
from dash_desktop.store.backup import Manifest
from dash_desktop.store.errors import BackupError, StoreBusy, StoreDamaged
from dash_desktop.store.keys import atomic_write, fsync_dir
from dash_desktop.store.location import StorePaths
from dash_desktop.store.lock import StoreLock

JOURNAL_FORMAT = "dash-desktop.restore-journal/1"
#: Inside the folder of replaced files: what an unfinished restore had already put in place.
UNFINISHED = "from-the-unfinished-restore"


def _private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        os.chmod(path, 0o700)


def swap_in(paths: StorePaths, extracted_db: Path, manifest: Manifest, data_key: bytes) -> Path | None:
    """Put the backup's files in place of the store's (the caller holds the exclusive lock).
    Returns the folder the replaced files were moved to (None if there were none)."""
    current = [p for p in paths.store_files() if p.exists()]
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    aside = paths.root / f"replaced-{stamp}-{secrets.token_hex(3)}"
    journal = {"format": JOURNAL_FORMAT, "aside": aside.name, "files": [p.name for p in current]}
    atomic_write(paths.restore_journal, json.dumps(journal).encode("utf-8"))
    try:
        _private_dir(aside)
        for f in current:
            os.replace(f, aside / f.name)
        fsync_dir(paths.root)
        os.replace(extracted_db, paths.database)
        manifest.header.write(paths.header)
        if manifest.audit_anchor is not None:
            Anchor(paths.anchor, data_key, manifest.header.store_id).write_sealed(manifest.audit_anchor)
        for f in paths.store_files():
            if f.exists() and os.name == "posix":
                os.chmod(f, 0o600)
        fsync_dir(paths.root)
    except OSError as exc:  # pragma: no cover - disk faults; the journal rolls it back on the next open
        raise BackupError(f"the restore could not finish: {exc.strerror or exc}; nothing is lost: the next open "
                          f"puts the replaced files back from {aside}") from None
    paths.restore_journal.unlink()
    fsync_dir(paths.root)
    if not current:
        aside.rmdir()
        return None
    return aside


def _read_journal(paths: StorePaths) -> dict[str, Any]:
    try:
        data = json.loads(paths.restore_journal.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise StoreDamaged(paths.restore_journal, f"an interrupted restore left a journal that cannot be read "
                           f"({str(exc)[:100]}); the replaced files are in {_aside_hint(paths)}") from None
    ok = (isinstance(data, dict) and data.get("format") == JOURNAL_FORMAT and isinstance(data.get("aside"), str)
          and isinstance(data.get("files"), list) and all(isinstance(n, str) for n in data["files"]))
    names = {p.name for p in paths.store_files()}
    if not ok or "/" in data["aside"] or not set(data["files"]) <= names:
        raise StoreDamaged(paths.restore_journal, "an interrupted restore left a journal this program does not "
                           f"understand; the replaced files are in {_aside_hint(paths)}")
    return dict(data)


def roll_back(paths: StorePaths) -> Path | None:
    """Undo a restore that was stopped before it finished; return the folder of the files it had
    already put in place (kept, never deleted), or None when there was no restore to undo."""
    if not paths.restore_journal.exists():
        return None
    lock = StoreLock(paths.lock)
    if not lock.acquire(exclusive=True):
        raise StoreBusy(paths.root, "a restore is in progress")
    try:
        if not paths.restore_journal.exists():  # pragma: no cover - another program finished it first
            return None
        journal = _read_journal(paths)
        aside = paths.root / journal["aside"]
        unfinished = aside / UNFINISHED
        moved = {name for name in journal["files"] if (aside / name).exists()}
        for f in paths.store_files():
            # In place but not one of the files the journal saw still there: the restore put it there.
            if f.exists() and (f.name in moved or f.name not in journal["files"]):
                _private_dir(unfinished)
                os.replace(f, unfinished / f.name)
        for name in moved:
            os.replace(aside / name, paths.root / name)
        fsync_dir(paths.root)
        paths.restore_journal.unlink()
        fsync_dir(paths.root)
        if aside.is_dir() and not any(aside.iterdir()):
            aside.rmdir()
        return unfinished if unfinished.exists() else None
    finally:
        lock.release()


def _aside_hint(paths: StorePaths) -> str:
    found = replaced_folders(paths)
    return ", ".join(str(p) for p in found[-3:]) if found else f"{paths.root}/replaced-*"


def replaced_folders(paths: StorePaths) -> list[Path]:
    """The folders restores put replaced files in, oldest first (their names sort by time)."""
    if not paths.root.is_dir():
        return []
    return sorted(p for p in paths.root.glob("replaced-*") if p.is_dir())
