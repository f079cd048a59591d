"""``dash-desktop score FILE.json... [--format text|json] [--profile NAME]``

One file: its result, as text or as one JSON object. Several files: each one's result in turn, the
text under a header naming the file, the JSON as a list of ``{"file": …, "result": …}``. Exit 0
with the results (``complete: false`` and the ``unanswered`` ids when required items are missing);
exit 2 when any file is invalid, with a message naming the file and the field on stderr for each
one (the valid files are still printed), or when the profile cannot be used (nothing printed).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from dash_desktop.assessment import DEFAULT_PROFILE  # the domain core: scoring needs it anyway
from dash_desktop.cli.common import INVALID_INPUT, CommandError, add_command, shown

if TYPE_CHECKING:
    from dash_desktop.assessment import Profile, Result


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "score", "Score assessment files (interchange JSON) and explain each result.")
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="text for a person (default)")
    parser.add_argument(
        "--profile", default=DEFAULT_PROFILE, help=f"area profile id or file (default {DEFAULT_PROFILE})"
    )
    parser.set_defaults(func=run)


def _profile(name: str) -> Profile:
    from dash_desktop.assessment import ProfileError, load_profile

    try:
        return load_profile(name)
    except ProfileError as exc:
        raise CommandError(str(exc)) from None


def _score(path: str, profile: Profile) -> Result | None:
    """The file's result, or None after saying on stderr why it cannot be scored."""
    from dash_desktop.assessment import ProfileError, read_document, score
    from dash_desktop.questionnaires import AnswerError

    try:
        return score(read_document(path), profile=profile)
    except AnswerError as exc:
        print(shown(f"dash-desktop: invalid assessment {path}: {exc.field}: {exc.message}"), file=sys.stderr)
    except ProfileError as exc:
        print(shown(f"dash-desktop: {path}: {exc}"), file=sys.stderr)
    return None


def run(args: argparse.Namespace) -> int:
    from dash_desktop.assessment.explain import explain

    profile = _profile(args.profile)
    scored = [(path, _score(path, profile)) for path in args.files]
    results = [(path, result) for path, result in scored if result is not None]
    several = len(args.files) > 1
    if args.format == "json":
        if several:
            data: Any = [{"file": path, "result": result.to_dict()} for path, result in results]
            print(json.dumps(data, indent=2, ensure_ascii=False))
        elif results:
            print(json.dumps(results[0][1].to_dict(), indent=2, ensure_ascii=False))
    else:
        for number, (path, result) in enumerate(results):
            if several:
                print(("\n" if number else "") + f"==> {path} <==")
            print(explain(result))
    return INVALID_INPUT if len(results) < len(scored) else 0
