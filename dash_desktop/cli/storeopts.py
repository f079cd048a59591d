"""What the store commands share when they run: the passphrase, unlocking, and turning store faults
into one-line messages with their own exit codes. Imported only by a command that is running (it
loads the store); the options themselves are declared in ``common``."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dash_desktop.cli.common import PASSPHRASE_ENV, CommandError
from dash_desktop.store import (
    PassphraseRequired,
    StoreDamaged,
    StoreError,
    StoreTooNew,
    WrongPassphrase,
)
from dash_desktop.store.keychain import Keychain
from dash_desktop.store.store import Store

#: Exit codes beyond common's 0 / 1 / 2.
UNLOCK_FAILED = 3
STORE_DAMAGED = 4
BOM = "\ufeff"
#: A command waits this long for another program's write (the app's autosave, another command)
#: before it says the store is busy; the app itself waits less, on its UI thread.
BUSY_SECONDS = 10.0


def _read_secret_file(path: str) -> str:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CommandError(f"cannot read the passphrase file {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise CommandError(f"the passphrase file {path} is not UTF-8 text") from None
    # A byte-order mark (Notepad writes one) is not part of the passphrase.
    text = text.removeprefix(BOM)
    first = text.splitlines()[0] if text else ""
    if not first:
        raise CommandError(f"the passphrase file {path} is empty")
    return first


def given_passphrase(
    args: argparse.Namespace, *, file_attr: str = "passphrase_file", env: str = PASSPHRASE_ENV
) -> str | None:
    """The passphrase from the file option or the environment, without asking."""
    path = getattr(args, file_attr, None)
    if path:
        return _read_secret_file(path)
    value = os.environ.get(env)
    return value if value else None


def can_prompt() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask(prompt: str, *, confirm: bool = False) -> str:
    if not can_prompt():
        raise CommandError(str(PassphraseRequired()), UNLOCK_FAILED)
    first = getpass.getpass(prompt)
    if confirm and getpass.getpass("Type it again: ") != first:
        raise CommandError("the two passphrases differ; nothing was changed")
    return first


def store_error(exc: StoreError) -> CommandError:
    if isinstance(exc, WrongPassphrase | PassphraseRequired):
        return CommandError(str(exc), UNLOCK_FAILED)
    if isinstance(exc, StoreDamaged | StoreTooNew):
        return CommandError(str(exc), STORE_DAMAGED)
    return CommandError(str(exc))


@contextmanager
def store_errors() -> Iterator[None]:
    try:
        yield
    except StoreError as exc:
        raise store_error(exc) from None


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[Store]:
    """Unlock the store: passphrase file, then environment, then the OS keychain, then a prompt."""
    with store_errors():
        passphrase = given_passphrase(args)
        if passphrase is None:
            try:
                store = Store.open(None, args.data_dir, keychain=Keychain(), busy_seconds=BUSY_SECONDS)
            except PassphraseRequired:
                store = Store.open(ask("Passphrase: "), args.data_dir, busy_seconds=BUSY_SECONDS)
        else:
            store = Store.open(passphrase, args.data_dir, busy_seconds=BUSY_SECONDS)
        try:
            yield store
        finally:
            store.close()
