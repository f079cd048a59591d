"""Where a case store lives: the data directory and the files in it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_ENV = "DASH_DESKTOP_DATA"
APP_NAME = "dash-desktop"


def default_data_dir() -> Path:
    """``DASH_DESKTOP_DATA`` if set, else the platform's per-user data folder."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class StorePaths:
    """The files of one store. Only ``database`` and ``backups`` hold case data, and both are encrypted."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / "cases.db"

    @property
    def header(self) -> Path:
        """The non-secret key header: KDF parameters and the wrapped data key."""
        return self.root / "keys.json"

    @property
    def lock(self) -> Path:
        """An empty file that open stores hold a shared lock on (see ``lock.py``)."""
        return self.root / "cases.lock"

    @property
    def anchor(self) -> Path:
        """Where the audit chain ended, sealed with the data key (see ``anchor.py``)."""
        return self.root / "audit-anchor.json"

    @property
    def restore_journal(self) -> Path:
        """Present only while a restore is swapping files (see ``restore.py``)."""
        return self.root / "restore-in-progress.json"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @classmethod
    def resolve(cls, data_dir: str | os.PathLike[str] | None = None) -> StorePaths:
        root = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
        return cls(root.resolve())

    def exists(self) -> bool:
        return self.header.exists() or self.database.exists() or self.restore_journal.exists()

    def store_files(self) -> list[Path]:
        """The files that make up the store and move together (a restore puts them aside)."""
        return [self.database, *self.sidecar_files(), self.header, self.anchor]

    def sidecar_files(self) -> list[Path]:
        """SQLite's write-ahead log and shared-memory index, which travel with the database."""
        return [self.database.with_name(self.database.name + s) for s in ("-wal", "-shm", "-journal")]
