"""``dash-desktop cases add REF | list | show REF | close REF --outcome OUTCOME``"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

from dash_desktop.cli.common import add_command, add_store_options, iso_date, whole_number
from dash_desktop.store.vocabulary import (
    DETAIL_FIELDS,
    EQUALITY_FIELDS,
    EQUALITY_NOTE,
    CaseStatus,
    CloseOutcome,
    Role,
)

if TYPE_CHECKING:
    from dash_desktop.store.records import CaseRecord


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "cases", "Add, list and show cases (households) in the encrypted store.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = add_command(sub, "add", "Add a case, optionally with its people.")
    add.add_argument("reference", metavar="REF", help="the case reference (unique in the store)")
    add.add_argument("--area")
    add.add_argument("--review-on", type=iso_date, metavar="DATE")
    for role in Role:
        flag = "--" + role.value.replace("_", "-")
        add.add_argument(flag, dest=role.value, action="append", default=[], metavar="NAME", help=f"add a {role}")
    add_store_options(add)
    add.set_defaults(func=_add)

    listing = add_command(sub, "list", "List cases, most recently changed first.")
    listing.add_argument("--search", help="any part of a reference, the area or a person's name "
                         "(ignoring case and accents)")
    listing.add_argument("--area", help="only cases in this area (exact)")
    listing.add_argument("--risk", choices=("standard", "medium", "high"), help="only cases at this risk level")
    listing.add_argument("--status", choices=[s.value for s in CaseStatus])
    listing.add_argument("--review-before", type=iso_date, metavar="DATE", help="review due on or before DATE")
    listing.add_argument("--limit", type=whole_number("--limit", 1), default=50)
    listing.add_argument("--offset", type=whole_number("--offset", 0), default=0)
    listing.add_argument("--json", action="store_true", help="JSON lines instead of a table")
    add_store_options(listing)
    listing.set_defaults(func=_list)

    show = add_command(sub, "show", "Show a case: people, assessments, referrals and notes.")
    show.add_argument("reference", metavar="REF")
    show.add_argument("--json", action="store_true")
    add_store_options(show)
    show.set_defaults(func=_show)

    close = add_command(sub, "close", "Close a case with its outcome (recorded in the audit trail).")
    close.add_argument("reference", metavar="REF")
    close.add_argument("--outcome", required=True, choices=[o.value for o in CloseOutcome])
    close.add_argument("--closed-on", type=iso_date, metavar="DATE", help="the day it closed (default today)")
    add_store_options(close)
    close.set_defaults(func=_close)


def _add(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        people = [(role.value, name) for role in Role for name in getattr(args, role.value)]
        case = store.cases.add(args.reference, area=args.area, review_on=args.review_on, people=people)
    print(f"added case {case.reference} (id {case.id})")
    return 0


def _list(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        rows = store.case_list.page(
            search=args.search,
            area=args.area,
            risk_level=args.risk,
            status=args.status,
            review_before=args.review_before,
            limit=args.limit,
            offset=args.offset,
        )
    if args.json:
        for r in rows:
            print(
                json.dumps(
                    {
                        "id": r.id,
                        "reference": r.reference,
                        "area": r.area,
                        "status": r.status,
                        "risk_level": r.risk_level,
                        "review_on": r.review_on.isoformat() if r.review_on else None,
                        "updated_at": r.updated_at.isoformat(timespec="seconds"),
                    },
                    ensure_ascii=False,
                )
            )
        return 0
    if not rows:
        print("no cases")
        return 0
    print(f"{'REFERENCE':<20} {'AREA':<16} {'STATUS':<7} {'RISK':<9} {'REVIEW':<11} UPDATED")
    for r in rows:
        print(
            f"{r.reference:<20} {r.area or '':<16} {r.status:<7} {r.risk_level or '-':<9} "
            f"{r.review_on.isoformat() if r.review_on else '-':<11} {r.updated_at:%Y-%m-%d %H:%M}"
        )
    return 0


def case_dict(case: CaseRecord) -> dict[str, Any]:
    return {
        "id": case.id,
        "reference": case.reference,
        "area": case.area,
        "status": case.status,
        "risk_level": case.risk_level,
        "review_on": case.review_on.isoformat() if case.review_on else None,
        "closed_on": case.closed_on.isoformat() if case.closed_on else None,
        "close_outcome": case.close_outcome,
        "people": [
            {
                "id": p.id,
                "role": p.role,
                "name": p.name,
                "date_of_birth": p.date_of_birth.isoformat() if p.date_of_birth else None,
                **{f: getattr(p, f) for f in (*EQUALITY_FIELDS, EQUALITY_NOTE, *DETAIL_FIELDS)},
            }
            for p in case.people
        ],
        "assessments": [
            {
                "id": a.id,
                "questionnaire": a.questionnaire_id,
                "version": a.questionnaire_version,
                "status": a.status,
                "assessed_on": a.assessed_on.isoformat() if a.assessed_on else None,
                "risk_level": a.risk_level,
                "yes_count": a.yes_count,
                "subject_person_id": a.subject_person_id,
            }
            for a in case.assessments
        ],
        "referrals": [
            {
                "id": r.id,
                "kind": r.kind,
                "status": r.status,
                "referred_on": r.referred_on.isoformat() if r.referred_on else None,
                "meeting_on": r.meeting_on.isoformat() if r.meeting_on else None,
            }
            for r in case.referrals
        ],
        "notes": [
            {"id": n.id, "happened_on": n.happened_on.isoformat() if n.happened_on else None, "text": n.text}
            for n in case.notes
        ],
    }


def _show(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        case = store.cases.get(args.reference)
    data = case_dict(case)
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    print(f"Case {case.reference} ({case.status}){' - ' + case.area if case.area else ''}")
    print(f"  risk level: {case.risk_level or 'not assessed'}; review: {data['review_on'] or 'none set'}")
    print("People:" if case.people else "People: none recorded")
    for p in data["people"]:
        print(f"  [{p['id']}] {p['role']:<15} {p['name']}")
    print("Assessments:" if case.assessments else "Assessments: none")
    for a in data["assessments"]:
        level = f"{a['risk_level']} ({a['yes_count']} yes)" if a["risk_level"] else "-"
        print(f"  [{a['id']}] {a['questionnaire']:<16} {a['status']:<10} {a['assessed_on'] or '-':<11} {level}")
    if data["referrals"]:
        print("Referrals:")
        for r in data["referrals"]:
            print(f"  [{r['id']}] {r['kind']:<6} {r['status']:<9} referred {r['referred_on'] or '-'}")
    if data["notes"]:
        print("Chronology:")
        for n in data["notes"]:
            print(f"  {n['happened_on'] or '':<11} {n['text']}")
    return 0


def _close(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        case = store.cases.close(args.reference, args.outcome, closed_on=args.closed_on)
    print(f"closed case {case.reference} on {case.closed_on}: {case.close_outcome}")
    return 0
