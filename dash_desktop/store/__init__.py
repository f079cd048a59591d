"""The encrypted case store: SQLCipher database, keys, migrations, audit chain, autosave, backups.

See ``docs/store.md``. Typical use::

    store = Store.open(passphrase, data_dir)
    case = store.add_case("HX-2026-0042", area="Havant")
    draft = store.start_assessment(case.id, "dash-ric")
    store.save_answer(draft.id, "q1", "yes")   # autosave: one transaction per answer
"""

from dash_desktop.store.errors import (
    AlreadyInitialised,
    BackupError,
    Conflict,
    NotFound,
    NotInitialised,
    PassphraseRequired,
    StoreBusy,
    StoreDamaged,
    StoreError,
    StoreTooNew,
    WeakPassphrase,
    WrongPassphrase,
)
from dash_desktop.store.keychain import Keychain
from dash_desktop.store.keys import KdfParams
from dash_desktop.store.location import StorePaths, default_data_dir
from dash_desktop.store.store import CaseRow, Profile, Store

__all__ = [
    "AlreadyInitialised",
    "BackupError",
    "CaseRow",
    "Conflict",
    "KdfParams",
    "Keychain",
    "NotFound",
    "NotInitialised",
    "PassphraseRequired",
    "Profile",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StorePaths",
    "StoreTooNew",
    "WeakPassphrase",
    "WrongPassphrase",
    "default_data_dir",
]
