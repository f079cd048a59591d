"""``dash-desktop questionnaires list | show ID | validate FILE...``"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from dash_desktop.cli.common import CommandError, add_command, shown
from dash_desktop.questionnaires import DefinitionError, Registry, load_file
from dash_desktop.questionnaires.model import FIXED_CHOICES, Questionnaire


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "questionnaires", "List, show and validate questionnaire definitions.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add_command(sub, "list", "List the questionnaires found (shipped and local).").set_defaults(func=_list)
    show = add_command(sub, "show", "Show a questionnaire's sections and items.")
    show.add_argument("id")
    show.add_argument("--version", dest="qversion", help="a version other than the newest")
    show.set_defaults(func=_show)
    validate = add_command(sub, "validate", "Check definition files; exit 2 naming every fault.")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(func=_validate)


def _list(args: argparse.Namespace) -> int:
    registry = Registry.default()
    for q in registry:
        print(f"{q.id:<24} {q.version:<8} {q.content_hash[:12]}  {q.title}")
    for problem in registry.problems:
        print(shown(f"skipped: {problem}"), file=sys.stderr)
    return 0


def _show(args: argparse.Namespace) -> int:
    try:
        q = Registry.default().get(args.id, args.qversion)
    except KeyError as exc:
        raise CommandError(str(exc.args[0])) from None
    print(describe(q))
    return 0


def describe(q: Questionnaire) -> str:
    lines = [
        f"{q.title}",
        f"id {q.id}, version {q.version}, instrument {q.instrument}",
        f"sha256 {q.content_hash}",
        f"source: {q.attribution}",
    ]
    if q.description:
        lines += ["", q.description]
    for section in q.sections:
        lines += ["", f"== {section.title} =="]
        for item in section.items:
            flags = ["required"] if item.required else []
            if item.relevant is not None:
                flags.append(f"when {item.relevant.describe()}")
            answers = item.answer_choices()
            kind = "/".join(c.value for c in answers) if item.type in FIXED_CHOICES else item.type.value
            lines.append(f"{item.id:<28} {item.prompt}")
            lines.append(f"{'':<28} [{kind}{'; ' + '; '.join(flags) if flags else ''}]")
            if item.choices:
                lines.append(f"{'':<28} choices: " + ", ".join(f"{c.value} ({c.label})" for c in item.choices))
    return "\n".join(lines)


def _validate(args: argparse.Namespace) -> int:
    failed = False
    for name in args.files:
        try:
            q = load_file(name)
        except DefinitionError as exc:
            print(shown(str(exc)), file=sys.stderr)
            failed = True
        else:
            n = sum(1 for _ in q.items)
            print(f"{name}: ok ({q.id} {q.version}, {n} items, sha256 {q.content_hash[:12]})")
    return 2 if failed else 0
