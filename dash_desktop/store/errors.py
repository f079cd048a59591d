"""The faults the store reports. Each carries a message a practitioner can act on; none carries case data."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: something about the case store that the user must know about."""


def replaced_hint(replaced: Path | None) -> str:
    """What to say when a restore put files aside here: they may be the store being looked for."""
    if replaced is None:
        return ""
    return (f" A restore put the files it replaced in {replaced}: if the store should be here, put them back "
            "from there (or restore a backup) rather than making a new one.")


class NotInitialised(StoreError):
    def __init__(self, data_dir: Path, replaced: Path | None = None) -> None:
        text = f"there is no case store in {data_dir}; create one with 'dash-desktop init'."
        super().__init__(text + replaced_hint(replaced))
        self.data_dir = data_dir


class AlreadyInitialised(StoreError):
    def __init__(self, data_dir: Path) -> None:
        super().__init__(f"a case store already exists in {data_dir}; nothing was changed")
        self.data_dir = data_dir


class WrongPassphrase(StoreError):
    def __init__(self) -> None:
        super().__init__("the passphrase is not right for this case store; nothing was opened or changed")


class StoreLocked(StoreError):
    """The store was locked (:meth:`~dash_desktop.store.store.Store.lock`): nothing can be read or
    written until it is unlocked again."""

    def __init__(self) -> None:
        super().__init__(
            "the case store is locked: unlock it with the passphrase to carry on; nothing was read or changed"
        )


class PassphraseRequired(StoreError):
    def __init__(self) -> None:
        super().__init__(
            "a passphrase is needed to unlock the case store: give --passphrase-file FILE, "
            "set DASH_DESKTOP_PASSPHRASE, or run from a terminal to be asked"
        )


class WeakPassphrase(StoreError):
    pass


class StoreDamaged(StoreError):
    """A file of the store cannot be read as what it should be. Never replaced by an empty store."""

    def __init__(
        self, path: Path, problem: str, newest_backup: Path | None = None, replaced: Path | None = None
    ) -> None:
        text = f"{path} is damaged or not a DASH Desktop file ({problem})."
        if newest_backup is not None:
            text += f" The newest backup is {newest_backup}: restore it with 'dash-desktop restore {newest_backup}'."
        else:
            text += " No backup was found in the store's backups folder."
        super().__init__(text + replaced_hint(replaced))
        self.path = path
        self.problem = problem
        self.newest_backup = newest_backup


class StoreTooNew(StoreError):
    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            f"{path} was written by a newer version of DASH Desktop (schema {revision}); "
            "install that version or newer to open it. Nothing was changed."
        )
        self.path = path
        self.revision = revision


class NotFound(StoreError):
    pass


class Conflict(StoreError):
    """The operation would break a rule of the record: a duplicate reference, an edit of a locked assessment."""


class BackupError(StoreError):
    pass


class StoreBusy(StoreError):
    def __init__(self, data_dir: Path, what: str) -> None:
        super().__init__(
            f"{what}: the case store in {data_dir} is in use by another program (DASH Desktop?); "
            "close it and try again. Nothing was changed."
        )
        self.data_dir = data_dir


class StoreWriteBusy(StoreBusy):
    """Another program held the store's write lock for longer than this one would wait."""

    def __init__(self, data_dir: Path, seconds: float) -> None:
        StoreError.__init__(
            self,
            f"the case store in {data_dir} is busy: another program has been writing to it for more than "
            f"{seconds:g} s. Nothing was changed; try again in a moment.",
        )
        self.data_dir = data_dir
        self.seconds = seconds
