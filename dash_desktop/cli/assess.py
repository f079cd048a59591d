"""``dash-desktop assess import FILE.json --case REF | export ID --json | show ID | drafts | recover ID``"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dash_desktop.assessment import DEFAULT_PROFILE, ProfileError, read_document
from dash_desktop.cli.common import CommandError, add_command, add_store_options, whole_number, write_private
from dash_desktop.questionnaires import AnswerError


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "assess", "Store assessments in a case, and take them out again.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    imp = add_command(sub, "import", "Score an interchange file (or a signed report) and store it in a case.")
    imp.add_argument("file", metavar="FILE.json|REPORT.pdf")
    imp.add_argument("--case", required=True, metavar="REF", help="the case reference")
    imp.add_argument("--person", type=whole_number("--person", 1), metavar="ID",
                     help="the person assessed (an id from 'cases show')")
    imp.add_argument("--profile", default=DEFAULT_PROFILE, help=f"area profile (default {DEFAULT_PROFILE})")
    imp.add_argument("--draft", action="store_true", help="keep it as a draft even if complete")
    add_store_options(imp)
    imp.set_defaults(func=_import)

    exp = add_command(sub, "export", "Write a stored assessment as interchange JSON (re-importable).")
    exp.add_argument("id", type=whole_number("ID", 1), metavar="ID")
    exp.add_argument("--json", action="store_true", required=True, help="interchange JSON (the only format so far)")
    exp.add_argument("--result", action="store_true", help="also include the stored result snapshot")
    exp.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of standard output")
    add_store_options(exp)
    exp.set_defaults(func=_export)

    show = add_command(sub, "show", "Show a stored assessment's status and result.")
    show.add_argument("id", type=whole_number("ID", 1), metavar="ID")
    show.add_argument("--format", choices=("text", "json"), default="text",
                      help="json: the stored result, the same JSON as 'score --format json'")
    add_store_options(show)
    show.set_defaults(func=_show)

    drafts = add_command(sub, "drafts", "List unfinished (autosaved) assessments.")
    add_store_options(drafts)
    drafts.set_defaults(func=_drafts)

    recover = add_command(sub, "recover", "Recover an autosaved draft: print it as interchange JSON.")
    recover.add_argument("id", type=whole_number("ID", 1), metavar="ID")
    add_store_options(recover)
    recover.set_defaults(func=_recover)


def _import(args: argparse.Namespace) -> int:
    report = Path(args.file).suffix.lower() == ".pdf"
    try:
        doc = None if report else read_document(args.file)
    except AnswerError as exc:
        raise CommandError(f"invalid assessment {args.file}: {exc.field}: {exc.message}") from None
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.store.interchange import import_document

    with opened(args) as store, store_errors():
        if doc is None:
            # A signed report: its attached assessment, only if it checks out and a trusted signer made it.
            from dash_desktop.cli.reports import read_signed_report

            try:
                doc, signer = read_signed_report(args.file, store)
            except AnswerError as exc:
                raise CommandError(f"invalid assessment {args.file}: {exc.field}: {exc.message}") from None
            print(f"{args.file}: {signer}")
        try:
            if not args.draft:  # stored completed is locked: only what its report can be made of
                from dash_desktop.reports.stored import SigningError, check_report_renders

                try:
                    check_report_renders(doc, args.profile)
                except SigningError as exc:
                    raise CommandError(f"{args.file}: {exc}") from None
            a = import_document(
                store,
                args.case,
                doc,
                profile=args.profile,
                subject_person_id=args.person,
                as_draft=args.draft,
                source=Path(args.file).name,
            )
        except AnswerError as exc:
            raise CommandError(f"invalid assessment {args.file}: {exc.field}: {exc.message}") from None
        except ProfileError as exc:
            raise CommandError(str(exc)) from None
    if a.status == "completed":
        print(f"stored assessment {a.id} in case {args.case}: completed, risk {a.risk_level}, {a.yes_count} yes")
    else:
        print(f"stored assessment {a.id} in case {args.case} as a draft (not complete: finish it in the app)")
    return 0


def _export(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.store.interchange import document_of

    with opened(args) as store, store_errors():
        a = store.assessments.get(args.id)
        data: dict[str, Any] = document_of(a)
        if args.result:
            data = {"document": data, "status": a.status, "result": a.result}
        store.audit.record_export(
            "assessment", a.id, {"format": "json", "to": "file" if args.output else "stdout", "result": args.result}
        )
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if args.output:
        try:
            write_private(Path(args.output), text.encode("utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"exported assessment {a.id} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _show(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        a = store.assessments.get(args.id)
    if args.format == "json":
        if a.result is None:
            raise CommandError(f"assessment {a.id} has no stored result (a draft never scored): nothing to show")
        print(json.dumps(dict(a.result), indent=2, ensure_ascii=False))
        return 0
    print(f"Assessment {a.id}: {a.questionnaire_id} {a.questionnaire_version or ''} in case {a.case_reference}")
    print(f"  status {a.status}; assessed on {a.assessed_on or '-'}; by {a.practitioner_name or '-'}")
    if a.risk_level or a.yes_count is not None:
        print(f"  risk level {a.risk_level or '-'}; {a.yes_count} yes")
    print(f"  {len(a.answers)} answers saved (autosave revision {a.revision})")
    return 0


def _drafts(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        drafts = store.assessments.drafts()
    if not drafts:
        print("no drafts")
    for a in drafts:
        saved = f"{a.updated_at:%Y-%m-%d %H:%M}"
        print(f"[{a.id}] {a.questionnaire_id:<16} case id {a.case_id:<6} {len(a.answers):>3} answers  saved {saved}")
    return 0


def _recover(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.store.interchange import document_of

    with opened(args) as store, store_errors():
        a = store.assessments.recover(args.id)
    print(json.dumps(document_of(a), indent=2, ensure_ascii=False))
    return 0
