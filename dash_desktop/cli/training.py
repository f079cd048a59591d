"""``dash-desktop training list | show ID | validate FILE... | check ID ANSWERS.json | import FILE... |
export ID OUT | author ... | class ...``: training scenarios and a trainer's class sessions.

Training never opens the case store: these commands use the shipped scenarios, the training store
(its own folder: ``--training-dir``, ``$DASH_DESKTOP_TRAINING``, else a per-user folder of its own)
and the files they are given. ``list``, ``show``, ``validate`` and ``check`` load neither Qt, the
database code nor ReportLab. Exit codes: 0 done; 1 a scenario's model outcome disagrees with the
rules (``validate``); 2 invalid input (a malformed file, naming the field; an unknown id).
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash_desktop.cli import training_class
from dash_desktop.cli.common import INVALID_INPUT, CommandError, add_command

if TYPE_CHECKING:
    from dash_desktop.training import Feedback, Scenario
    from dash_desktop.training_store.scenarios import Library

DISAGREES = 1
TRAINING_DIR_HELP = ("the training store's folder (default: $DASH_DESKTOP_TRAINING, else a folder of its own in "
                     "the user data folder; never the case store's)")


def add_training_dir(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--training-dir", metavar="DIR", help=TRAINING_DIR_HELP)


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "training", "Training scenarios, feedback on a trainee's answers, class sessions.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = add_command(sub, "list", "List the scenarios: shipped, and your own.")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    add_training_dir(listing)
    listing.set_defaults(func=_list)
    show = add_command(sub, "show", "Show a scenario: the story, the model answers with their notes, the outcome.")
    show.add_argument("id", metavar="ID")
    show.add_argument("--format", choices=("text", "json"), default="text",
                      help="json: the scenario file's structure (save it, and it validates)")
    add_training_dir(show)
    show.set_defaults(func=_show)
    validate = add_command(sub, "validate", "Check scenario files: exit 1 naming each disagreement with the "
                                            "rules, 2 for a malformed file (naming the field).")
    validate.add_argument("files", nargs="+", metavar="FILE")
    validate.set_defaults(func=_validate)
    check = add_command(sub, "check", "Feedback on a trainee's answers (interchange JSON) to a scenario.")
    check.add_argument("id", metavar="ID")
    check.add_argument("answers", metavar="ANSWERS.json")
    check.add_argument("--format", choices=("text", "json"), default="text")
    add_training_dir(check)
    check.set_defaults(func=_check)
    imp = add_command(sub, "import", "Take another trainer's scenario files into your library (validated first).")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("--replace", action="store_true", help="replace your own scenario of the same id")
    add_training_dir(imp)
    imp.set_defaults(func=_import)
    exp = add_command(sub, "export", "Write a scenario as a file (YAML, or JSON by the suffix) to share.")
    exp.add_argument("id", metavar="ID")
    exp.add_argument("out", metavar="OUT.yaml")
    exp.add_argument("--force", action="store_true", help="replace OUT if it exists")
    add_training_dir(exp)
    exp.set_defaults(func=_export)
    training_class.register_author(sub)
    training_class.register(sub)
    window = add_command(sub, "window", "Open training mode's window (no case file or passphrase needed).")
    window.add_argument("--presentation", action="store_true", help="large type and high contrast, for projecting")
    add_training_dir(window)
    window.set_defaults(func=_window)


def _window(args: argparse.Namespace) -> int:
    from dash_desktop.ui.training.app import run  # Qt is loaded only for the window

    return run(args.training_dir, presentation=args.presentation)


def library(args: argparse.Namespace) -> Library:
    """The shipped scenarios and the trainer's own; a file of theirs that is left out is said on stderr."""
    from dash_desktop.training import ScenarioError
    from dash_desktop.training_store import TrainingPaths
    from dash_desktop.training_store.scenarios import library as gather

    try:
        found = gather(TrainingPaths.resolve(args.training_dir))
    except ScenarioError as exc:
        raise CommandError(str(exc)) from None
    for problem in found.problems:
        print(f"dash-desktop: {problem}", file=sys.stderr)
    return found


def scenario(args: argparse.Namespace) -> Scenario:
    from dash_desktop.training import ScenarioError, find_scenario

    try:
        return find_scenario(args.id, library(args).scenarios)
    except ScenarioError as exc:
        raise CommandError(exc.message) from None


def _list(args: argparse.Namespace) -> int:
    from dash_desktop.training import summaries

    found = library(args)
    rows = summaries(found.scenarios)
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rows], indent=2, ensure_ascii=False))
        return 0
    for row in rows:
        own = " (yours)" if row.id in found.own else ""
        print(f"{row.id:<34} {row.instrument:<24} {row.title}{own}")
    return 0


def _show(args: argparse.Namespace) -> int:
    found = scenario(args)
    if args.format == "json":
        print(json.dumps(found.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(describe(found))
    return 0


def _wrap(text: str, indent: str = "  ") -> list[str]:
    return textwrap.wrap(text, 100, initial_indent=indent, subsequent_indent=indent) or [indent]


def describe(s: Scenario) -> str:
    from dash_desktop.training.outcome import words

    q = s.questionnaire
    lines = [s.title, f"id {s.id} · {q.id} {q.version} · assessed on {s.assessed_on.isoformat()} · profile {s.profile}"]
    if s.setting:
        lines.append(f"Setting: {s.setting}")
    lines += ["", *_wrap(s.narrative, "")]
    for person in s.people:
        bits = ", ".join(b for b in (person.name, str(person.age) if person.age is not None else "", person.about) if b)
        lines.append(f"  {person.role}: {bits}")
    if s.teaching_points:
        lines += ["", "Teaching points:"] + [line for p in s.teaching_points for line in _wrap("• " + p)]
    lines += ["", "Model answers:"]
    for item in q.items:
        if item.id in s.model_answers:
            lines.append(f"  {item.id:<30} {item.answer_text(s.model_answers[item.id])}")
            if s.note(item.id):
                lines += _wrap(s.notes[item.id], " " * 33)
    lines += ["", "Model outcome:"]
    lines += [f"  {key:<16} {words(key, s.model_outcome.get(key))}" for key in s.model_outcome.stated()]
    return "\n".join(lines)


def _validate(args: argparse.Namespace) -> int:
    from dash_desktop.training import ScenarioError, load_scenario, validate

    malformed = disagreeing = False
    for name in args.files:
        try:
            found = load_scenario(name)
            disagreements = validate(found)
        except ScenarioError as exc:
            print(exc, file=sys.stderr)
            malformed = True
            continue
        for d in disagreements:
            print(f"{name}: {d.text}", file=sys.stderr)
        disagreeing = disagreeing or bool(disagreements)
        if not disagreements:
            print(f"{name}: ok ({found.id}: {found.questionnaire.id} {found.questionnaire.version}, "
                  f"{len(found.model_answers)} model answers; the rules give its model outcome)")
    return INVALID_INPUT if malformed else (DISAGREES if disagreeing else 0)


def feedback_for(found: Scenario, path: str) -> Feedback:
    from dash_desktop.assessment import read_document
    from dash_desktop.questionnaires import AnswerError
    from dash_desktop.training import check

    try:
        return check(found, read_document(path))
    except AnswerError as exc:
        raise CommandError(f"invalid assessment {path}: {exc.field}: {exc.message}") from None


def _check(args: argparse.Namespace) -> int:
    found = scenario(args)
    feedback = feedback_for(found, args.answers)
    if args.format == "json":
        print(json.dumps(feedback.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(describe_feedback(found, feedback))
    return 0


def describe_feedback(s: Scenario, feedback: Feedback) -> str:
    from dash_desktop.training.outcome import words

    q = s.questionnaire
    score = feedback.score
    lines = [f"{s.title} ({s.id})", f"Score: {score.agreeing} of {score.items} items as the model answers "
                                    f"({score.percent}%)", ""]
    if not feedback.differences:
        lines.append("Every item agrees with the model answers.")
    for d in feedback.differences:
        item = q.item(d.item)
        lines.append(f"{item.name} ({d.item}): you answered {item.answer_text(d.given)}; "
                     f"the model answer is {item.answer_text(d.model)}")
        if d.note:
            lines += _wrap(d.note)
    outcome = feedback.outcome
    lines += ["", "Outcome: " + ("the model outcome" if outcome.agrees else "differs from the model")]
    for key in outcome.differs:
        lines.append(f"  {key}: yours {words(key, outcome.given.get(key))}, the model "
                     f"{words(key, outcome.model.get(key))}")
    if outcome.prompts_missed:
        lines.append(f"  prompts missed: {', '.join(outcome.prompts_missed)}")
    return "\n".join(lines)


def _import(args: argparse.Namespace) -> int:
    from dash_desktop.training import ScenarioError
    from dash_desktop.training_store import TrainingPaths, TrainingStoreError
    from dash_desktop.training_store.scenarios import import_file

    paths = TrainingPaths.resolve(args.training_dir)
    failed = False
    for name in args.files:
        try:
            found = import_file(paths, name, replace=args.replace)
        except (ScenarioError, TrainingStoreError) as exc:
            print(f"dash-desktop: not imported: {exc}", file=sys.stderr)
            failed = True
            continue
        print(f"{name}: imported {found.id} ({found.title}) into {paths.scenarios}")
    return INVALID_INPUT if failed else 0


def _export(args: argparse.Namespace) -> int:
    from dash_desktop.training import ScenarioError
    from dash_desktop.training_store import TrainingStoreError
    from dash_desktop.training_store.scenarios import export_file

    found = scenario(args)
    try:
        path = export_file(found, Path(args.out), force=args.force)
    except (ScenarioError, TrainingStoreError) as exc:
        raise CommandError(str(exc)) from None
    print(f"{path}: scenario {found.id} written")
    return 0
