"""``dash-desktop score FILE.json [--format text|json] [--profile NAME]``

Exit 0 with the result (``complete: false`` and the ``unanswered`` ids when required items are
missing); exit 2 with a message on stderr, and nothing on stdout, for invalid input.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from dash_desktop.assessment import DEFAULT_PROFILE, ProfileError, read_document, score
from dash_desktop.assessment.explain import explain
from dash_desktop.cli.common import CommandError, add_command
from dash_desktop.questionnaires import AnswerError


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "score", "Score an assessment file (interchange JSON) and explain the result.")
    parser.add_argument("file", metavar="FILE.json")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text for a person (default)")
    parser.add_argument(
        "--profile", default=DEFAULT_PROFILE, help=f"area profile id or file (default {DEFAULT_PROFILE})"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        result = score(read_document(args.file), profile=args.profile)
    except AnswerError as exc:
        raise CommandError(f"invalid assessment {args.file}: {exc.field}: {exc.message}") from None
    except ProfileError as exc:
        raise CommandError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(explain(result))
    return 0
