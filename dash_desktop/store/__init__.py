"""The encrypted case store: SQLCipher database, keys, migrations, audit chain, autosave, backups.

See ``docs/store.md``. Typical use::

    store = Store.open(passphrase, data_dir)
    case = store.cases.add("HX-2026-0042", area="Havant")
    draft = store.assessments.start(case.id, "dash-ric")
    store.assessments.save_answer(draft.id, "q1", "yes")   # autosave: one transaction per answer

The names below are loaded when first used, so that importing a light module of this package (the
vocabulary, say) does not load SQLAlchemy, SQLCipher or the key code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from dash_desktop.store.case_list import CaseRow
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
        StoreLocked,
        StoreTooNew,
        StoreWriteBusy,
        WeakPassphrase,
        WrongPassphrase,
    )
    from dash_desktop.store.keychain import Keychain
    from dash_desktop.store.keys import KdfParams
    from dash_desktop.store.location import StorePaths, default_data_dir
    from dash_desktop.store.records import PractitionerProfile
    from dash_desktop.store.store import Store

#: Each public name and the module it lives in.
_HOMES = {
    "CaseRow": "case_list",
    **dict.fromkeys(
        ("AlreadyInitialised", "BackupError", "Conflict", "NotFound", "NotInitialised", "PassphraseRequired",
         "StoreBusy", "StoreDamaged", "StoreError", "StoreLocked", "StoreTooNew", "StoreWriteBusy", "WeakPassphrase",
         "WrongPassphrase"),
        "errors",
    ),
    "Keychain": "keychain",
    "KdfParams": "keys",
    "StorePaths": "location",
    "default_data_dir": "location",
    "PractitionerProfile": "records",
    "Store": "store",
}

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
    "PractitionerProfile",
    "Store",
    "StoreBusy",
    "StoreDamaged",
    "StoreError",
    "StoreLocked",
    "StorePaths",
    "StoreTooNew",
    "StoreWriteBusy",
    "WeakPassphrase",
    "WrongPassphrase",
    "default_data_dir",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
