"""A lock file that tells a restore whether the store is open in another program.

Every open :class:`~dash_desktop.store.store.Store` holds a *shared* advisory lock on ``cases.lock``;
a restore needs an *exclusive* one, so it refuses to swap files under a running app (which would
otherwise go on writing answers into the file that was moved aside). On POSIX this is ``flock``;
on Windows, where an open database file cannot be renamed anyway, the lock is a no-op.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from types import TracebackType

if sys.platform != "win32":
    import fcntl


class StoreLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def acquire(self, *, exclusive: bool) -> bool:
        """Take the lock without waiting; return whether it was free."""
        if sys.platform == "win32":  # pragma: no cover - Windows
            return True
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the descriptor releases the flock
            self._fd = None

    def __enter__(self) -> StoreLock:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.release()
