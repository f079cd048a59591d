"""``dash-desktop referrals add CASE --kind KIND --referred-on DATE [--status STATUS] | list CASE
[--format json] | update ID [--status STATUS] [--meeting-on DATE]``"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from dash_desktop.cli.common import CommandError, add_command, add_store_options, iso_date, whole_number
from dash_desktop.store.vocabulary import ReferralKind, ReferralStatus

if TYPE_CHECKING:
    from dash_desktop.store.records import ReferralRecord

KINDS = [k.value for k in ReferralKind]
STATUSES = [s.value for s in ReferralStatus]


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "referrals", "Record a case's referrals (MARAC, children's services, DAPP, "
                         "IDASH) and follow them: proposed, sent, heard, closed.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = add_command(sub, "add", "Record a referral made in a case.")
    add.add_argument("case", metavar="CASE", help="the case reference")
    add.add_argument("--kind", required=True, choices=KINDS)
    add.add_argument("--referred-on", required=True, type=iso_date, metavar="DATE", help="the day it was made")
    add.add_argument("--status", choices=STATUSES, default=ReferralStatus.PROPOSED.value,
                     help="default proposed")
    add.add_argument("--meeting-on", type=iso_date, metavar="DATE", help="the MARAC meeting's day, if known")
    add_store_options(add)
    add.set_defaults(func=_add)

    listing = add_command(sub, "list", "List a case's referrals, newest first.")
    listing.add_argument("case", metavar="CASE")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    add_store_options(listing)
    listing.set_defaults(func=_list)

    update = add_command(sub, "update", "Change a referral's status or meeting day.")
    update.add_argument("id", type=whole_number("ID", 1), metavar="ID")
    update.add_argument("--status", choices=STATUSES)
    update.add_argument("--meeting-on", type=iso_date, metavar="DATE")
    add_store_options(update)
    update.set_defaults(func=_update)


def referral_dict(r: ReferralRecord) -> dict[str, Any]:
    return {
        "id": r.id,
        "case_id": r.case_id,
        "kind": r.kind,
        "status": r.status,
        "referred_on": r.referred_on.isoformat() if r.referred_on else None,
        "meeting_on": r.meeting_on.isoformat() if r.meeting_on else None,
        "assessment_id": r.assessment_id,
        "has_form": r.form is not None,
        "actions": [{"id": a.id, "agency": a.agency, "action": a.action,
                     "due_on": a.due_on.isoformat() if a.due_on else None,
                     "done_on": a.done_on.isoformat() if a.done_on else None} for a in r.actions],
    }


def _line(r: ReferralRecord) -> str:
    meeting = f"; meeting {r.meeting_on}" if r.meeting_on else ""
    return f"[{r.id}] {r.kind:<18} {r.status:<9} referred {r.referred_on or '-'}{meeting}"


def _add(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        r = store.records.add_referral(args.case, args.kind, status=args.status, referred_on=args.referred_on,
                                       meeting_on=args.meeting_on)
    print(f"added referral {r.id} in case {args.case}: {r.kind}, {r.status}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        found = store.records.referrals(args.case)
    if args.format == "json":
        print(json.dumps([referral_dict(r) for r in found], indent=2, ensure_ascii=False))
    elif not found:
        print("no referrals")
    for r in found if args.format == "text" else ():
        print(_line(r))
    return 0


def _update(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    fields = {k: v for k, v in (("status", args.status), ("meeting_on", args.meeting_on)) if v is not None}
    if not fields:
        raise CommandError("referrals update: give --status or --meeting-on (nothing was changed)")
    with opened(args) as store, store_errors():
        r = store.records.update_referral(args.id, **fields)
    print(f"referral {r.id}: {_line(r)}")
    return 0
