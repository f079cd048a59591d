"""``dash-desktop init | passphrase change | backup OUT | restore IN | audit verify``"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dash_desktop.cli.common import NEW_PASSPHRASE_ENV, add_command, add_store_options, whole_number

CHECK_FAILED = 1


def register(subparsers: Any) -> None:
    init = add_command(subparsers, "init", "Create an encrypted case store and the practitioner's profile.")
    init.add_argument("--name", required=True, help="the practitioner's name")
    init.add_argument("--role", help="for example IDVA, outreach worker, social worker")
    init.add_argument("--organisation")
    init.add_argument("--phone", help="how a referral's recipient reaches you")
    init.add_argument("--email", help="how a referral's recipient reaches you")
    init.add_argument(
        "--remember-key",
        action="store_true",
        help="let the OS keychain unlock this store without the passphrase (where there is a keychain)",
    )
    add_store_options(init)
    init.set_defaults(func=_init)

    passphrase = add_command(subparsers, "passphrase", "Change the store's passphrase.")
    sub = passphrase.add_subparsers(dest="action", metavar="ACTION", required=True)
    change = add_command(sub, "change", "Re-wrap the data key under a new passphrase (the database is not rewritten).")
    change.add_argument(
        "--new-passphrase-file", metavar="FILE",
        help=f"the new passphrase (or set {NEW_PASSPHRASE_ENV}; else asked)"
    )
    add_store_options(change)
    change.set_defaults(func=_passphrase_change)

    backup = add_command(subparsers, "backup", "Write an encrypted backup (opens with the current passphrase).")
    backup.add_argument("out", metavar="OUT", nargs="?", help="a file or folder (default: the store's backups folder)")
    add_store_options(backup)
    backup.set_defaults(func=_backup)

    restore = add_command(
        subparsers, "restore", "Check a backup, then replace the store with it (the old files are kept aside)."
    )
    restore.add_argument("backup_file", metavar="IN")
    restore.add_argument("--check-only", action="store_true", help="check the backup and change nothing")
    add_store_options(restore)
    restore.set_defaults(func=_restore)

    audit = add_command(subparsers, "audit", "Check the audit chain.")
    audit_sub = audit.add_subparsers(dest="action", metavar="ACTION", required=True)
    verify = add_command(audit_sub, "verify", "Walk the audit chain; exit 1 naming the first broken link.")
    add_store_options(verify)
    verify.set_defaults(func=_audit_verify)
    log = add_command(audit_sub, "log", "Show the newest audit events (what happened, never case content).")
    log.add_argument("--limit", type=whole_number("--limit", 1), default=20)
    add_store_options(log)
    log.set_defaults(func=_audit_log)


def _init(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import BUSY_SECONDS, ask, given_passphrase, store_errors
    from dash_desktop.store import Keychain, PractitionerProfile, Store

    passphrase = given_passphrase(args)
    if passphrase is None:
        passphrase = ask("Choose a passphrase: ", confirm=True)
    with store_errors():
        store = Store.create(
            passphrase,
            PractitionerProfile(args.name, args.role, args.organisation, args.phone, args.email),
            args.data_dir,
            busy_seconds=BUSY_SECONDS,
        )
        try:
            print(f"created an encrypted case store in {store.paths.root}")
            if args.remember_key:
                if store.remember_key(Keychain()):
                    print("the OS keychain will unlock it for you")
                else:
                    print("no secure OS keychain here: the passphrase will be asked each time", file=sys.stderr)
        finally:
            store.close()
    return 0


def _passphrase_change(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import ask, given_passphrase, opened, store_errors

    new = given_passphrase(args, file_attr="new_passphrase_file", env=NEW_PASSPHRASE_ENV)
    with opened(args) as store:
        old = given_passphrase(args)
        if old is None:
            old = ask("Current passphrase: ")
        if new is None:
            new = ask("New passphrase: ", confirm=True)
        with store_errors():
            store.change_passphrase(old, new)
    print("passphrase changed; backups taken before now still open with the old one")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        path = store.backup(args.out)
    print(f"backup written: {path}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import BUSY_SECONDS, ask, given_passphrase, store_errors
    from dash_desktop.store import Store, StorePaths

    passphrase = given_passphrase(args)
    if passphrase is None:
        passphrase = ask("Passphrase of the backup: ")
    source = Path(args.backup_file)
    with store_errors():
        paths = StorePaths.resolve(args.data_dir)
        if args.check_only:
            paths.root.mkdir(parents=True, exist_ok=True)
            manifest = Store.verify_backup(source, passphrase, paths.root)
            print(f"{source}: ok (taken {manifest.created_at}, schema {manifest.schema_revision}, {manifest.reason})")
            return 0
        store, aside = Store.restore(source, passphrase, paths.root, busy_seconds=BUSY_SECONDS)
        store.close()
    print(f"restored {source} into {paths.root}")
    if aside is not None:
        print(f"the replaced files are kept in {aside}")
    return 0


def _audit_verify(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened

    with opened(args) as store:
        report = store.audit.verify()
    print(report.describe(), file=sys.stdout if report.ok else sys.stderr)
    return 0 if report.ok else CHECK_FAILED


def _audit_log(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened

    with opened(args) as store:
        events = store.audit.events(args.limit)
    for e in reversed(events):
        target = f"{e.entity} {e.entity_id}" if e.entity_id is not None else (e.entity or "")
        print(f"{e.seq:>6}  {e.at.isoformat(timespec='seconds')}  {e.action:<18} {target:<18} {e.actor or ''}")
    return 0
