"""Writing a training file (a scenario, an export, a certificate) without ever leaving half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from dash_desktop.training_store.store import TrainingStoreError


def write_new(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (a temporary file, then renamed); an existing file is
    replaced only when ``force``."""
    if path.exists() and not force:
        raise TrainingStoreError(f"{path} already exists; choose another name (or replace it)")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise TrainingStoreError(f"{path} cannot be written: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise TrainingStoreError(f"{path} cannot be written: {exc.strerror or exc}") from None
        raise
