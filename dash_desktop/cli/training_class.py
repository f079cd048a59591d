"""``dash-desktop training class ...`` (a trainer's class sessions: trainees, their results, the class
export and completion certificates) and ``training author`` (a scenario from a completed training
assessment). Everything is kept in the training store, never the case store."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash_desktop.cli.common import CommandError, add_command

if TYPE_CHECKING:
    from dash_desktop.assessment import AssessmentDocument
    from dash_desktop.training_store import TrainingStore
    from dash_desktop.training_store.results import ClassResults


def _training_dir(parser: argparse.ArgumentParser) -> None:
    from dash_desktop.cli.training import add_training_dir

    add_training_dir(parser)


def _iso_date(text: str) -> dt.date:
    try:
        if len(text) != 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a date (use YYYY-MM-DD)") from None


def register(sub: Any) -> None:
    parser = add_command(sub, "class", "Class sessions: trainees, their results, the class export, certificates.")
    actions = parser.add_subparsers(dest="class_action", metavar="ACTION", required=True)
    new = add_command(actions, "new", "Start a class session.")
    new.add_argument("name", metavar="NAME")
    new.add_argument("--trainer", required=True, help="your name, as certificates show it")
    new.add_argument("--organisation", required=True, help="your organisation, as certificates show it")
    new.add_argument("--held-on", type=_iso_date, metavar="YYYY-MM-DD", help="the session's date (default today)")
    new.set_defaults(func=_new)
    listing = add_command(actions, "list", "List the class sessions.")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(func=_list)
    add = add_command(actions, "add", "Add trainees to a session, each by a name or number you choose.")
    add.add_argument("session", type=int, metavar="SESSION")
    add.add_argument("trainees", nargs="+", metavar="TRAINEE")
    add.set_defaults(func=_add)
    show = add_command(actions, "show", "A session's trainees and results, and per item how many got it right.")
    show.add_argument("session", type=int, metavar="SESSION")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(func=_show)
    rec = add_command(actions, "record", "Check a trainee's answers to a scenario and keep the result.")
    rec.add_argument("session", type=int, metavar="SESSION")
    rec.add_argument("trainee", metavar="TRAINEE")
    rec.add_argument("scenario", metavar="SCENARIO")
    rec.add_argument("answers", metavar="ANSWERS.json")
    rec.set_defaults(func=_record)
    export = add_command(actions, "export", "The class export: a CSV (a row per trainee per scenario) and a "
                                            "PDF summary (per item, how many got it right).")
    export.add_argument("session", type=int, metavar="SESSION")
    export.add_argument("--csv", metavar="OUT.csv")
    export.add_argument("--pdf", metavar="OUT.pdf")
    export.add_argument("--force", action="store_true", help="replace files that exist")
    export.set_defaults(func=_export)
    cert = add_command(actions, "certificate", "A trainee's signed completion certificate for a session (PDF).")
    cert.add_argument("session", type=int, metavar="SESSION")
    cert.add_argument("trainee", metavar="TRAINEE")
    cert.add_argument("out", metavar="OUT.pdf")
    cert.add_argument("--force", action="store_true", help="replace OUT.pdf if it exists")
    cert.set_defaults(func=_certificate)
    for action in (new, listing, add, show, rec, export, cert):
        _training_dir(action)


def register_author(sub: Any) -> None:
    author = add_command(sub, "author", "Write a scenario from a completed training assessment: its answers "
                                        "become the model answers, the rules give the model outcome.")
    source = author.add_mutually_exclusive_group(required=True)
    source.add_argument("--attempt", type=int, metavar="ID", help="a completed attempt in the training store")
    source.add_argument("--from-json", metavar="FILE.json", help="an interchange file")
    author.add_argument("--id", required=True, dest="scenario_id", help="the new scenario's id (a-z, 0-9, - and _)")
    author.add_argument("--title", required=True)
    author.add_argument("--narrative-file", required=True, metavar="FILE", help="the story, as plain text")
    author.add_argument("--notes", metavar="FILE", help="teaching notes: YAML or JSON, item id -> note")
    author.add_argument("--setting", default="", help="who is asking, where, how")
    author.add_argument("--area", default="", help="the district id of the story")
    author.add_argument("--profile", default="hampshire", help="the area rules (default hampshire)")
    author.add_argument("--out", metavar="FILE", help="write the scenario file here instead of keeping it in your "
                                                      "library")
    author.add_argument("--replace", action="store_true", help="replace your scenario (or OUT) of the same name")
    _training_dir(author)
    author.set_defaults(func=_author)


@contextmanager
def opened(args: argparse.Namespace) -> Iterator[TrainingStore]:
    """The training store, faults as messages."""
    from dash_desktop.training import ScenarioError
    from dash_desktop.training_store import TrainingStore, TrainingStoreError

    try:
        with TrainingStore.open(args.training_dir) as store:
            yield store
    except (TrainingStoreError, ScenarioError) as exc:
        raise CommandError(str(exc)) from None


def _new(args: argparse.Namespace) -> int:
    with opened(args) as store:
        session = store.new_session(args.name, args.trainer, args.organisation, args.held_on)
    print(f"Class session {session.id}: {session.name} ({session.held_on.isoformat()}, {session.trainer}, "
          f"{session.organisation})")
    return 0


def _list(args: argparse.Namespace) -> int:
    with opened(args) as store:
        sessions = [(s, len(store.trainees(s.id))) for s in store.sessions()]
    if args.format == "json":
        print(json.dumps([s.to_dict() | {"trainees": n} for s, n in sessions], indent=2, ensure_ascii=False))
        return 0
    for s, n in sessions:
        print(f"{s.id:>4}  {s.held_on.isoformat()}  {n:>3} trainee(s)  {s.name} ({s.trainer})")
    return 0


def _add(args: argparse.Namespace) -> int:
    with opened(args) as store:
        for label in args.trainees:
            trainee = store.add_trainee(args.session, label)
            print(f"Added {trainee.label} to session {args.session}")
    return 0


def _results(store: TrainingStore, session: int) -> ClassResults:
    from dash_desktop.training_store.results import class_results

    return class_results(store, session)


def results_dict(results: ClassResults) -> dict[str, Any]:
    """A session's results as ``class show --format json`` prints them."""
    return {
        "session": results.session.to_dict(),
        "trainees": [{
            "trainee": r.trainee.label,
            "score": {"agreeing": r.agreeing, "items": r.compared, "percent": r.percent},
            "scenarios": [{"id": a.scenario_id, "title": a.scenario_title, "attempt": a.id,
                           "completed_at": a.completed_at.isoformat() if a.completed_at else None,
                           "score": (a.feedback or {}).get("score"), "outcome_agrees": a.outcome_agrees,
                           "differences": a.differing_items} for a in r.attempts],
        } for r in results.trainees],
        "scenarios": [{"id": t.scenario_id, "title": t.title, "trainees": t.trainees, "outcome_right": t.outcome_right,
                       "items": [{"item": i.item, "label": i.label, "right": i.right, "of": i.of} for i in t.items]}
                      for t in results.scenarios],
    }


def _show(args: argparse.Namespace) -> int:
    with opened(args) as store:
        results = _results(store, args.session)
    if args.format == "json":
        print(json.dumps(results_dict(results), indent=2, ensure_ascii=False))
        return 0
    s = results.session
    print(f"Class session {s.id}: {s.name} ({s.held_on.isoformat()}, {s.trainer}, {s.organisation})")
    for r in results.trainees:
        done = ", ".join(f"{a.scenario_id} {a.percent}%" for a in r.attempts) or "nothing completed yet"
        print(f"  {r.trainee.label:<24} {done}")
    for t in results.scenarios:
        print(f"\n{t.title} ({t.scenario_id}): {t.trainees} completed, {t.outcome_right} reached the model outcome")
        for i in t.hardest(10):
            print(f"  {i.right} of {i.of} right  {i.label} ({i.item})")
    return 0


def _record(args: argparse.Namespace) -> int:
    from dash_desktop.assessment import read_document
    from dash_desktop.cli.training import describe_feedback, scenario
    from dash_desktop.questionnaires import AnswerError
    from dash_desktop.training_store.attempts import record

    found = scenario(argparse.Namespace(id=args.scenario, training_dir=args.training_dir))
    with opened(args) as store:
        trainee = store.trainee(args.session, args.trainee)
        try:
            attempt, feedback = record(store, found, read_document(args.answers), trainee.id)
        except AnswerError as exc:
            raise CommandError(f"invalid assessment {args.answers}: {exc.field}: {exc.message}") from None
    print(f"Kept attempt {attempt.id} for {trainee.label}")
    print(describe_feedback(found, feedback))
    return 0


def _export(args: argparse.Namespace) -> int:
    if not (args.csv or args.pdf):
        raise CommandError("give --csv OUT.csv, --pdf OUT.pdf or both")
    from dash_desktop.training_store.files import write_new
    from dash_desktop.training_store.results import class_csv

    with opened(args) as store:
        results = _results(store, args.session)
        for out in (args.csv, args.pdf):
            if out and Path(out).exists() and not args.force:
                raise CommandError(f"{out} already exists; choose another name or pass --force")
        if args.csv:
            write_new(Path(args.csv), class_csv(results).encode("utf-8-sig"), force=args.force)
            print(f"{args.csv}: {sum(len(r.attempts) or 1 for r in results.trainees)} row(s)")
        if args.pdf:
            from dash_desktop.reports.training import class_summary_pdf

            write_new(Path(args.pdf), class_summary_pdf(results), force=args.force)
            print(f"{args.pdf}: the class summary")
    return 0


def _certificate(args: argparse.Namespace) -> int:
    from dash_desktop.reports.training import signed_certificate
    from dash_desktop.training_store.files import write_new

    out = Path(args.out)
    if out.exists() and not args.force:
        raise CommandError(f"{out} already exists; choose another name or pass --force")
    with opened(args) as store:
        results = _results(store, args.session)
        label = store.trainee(args.session, args.trainee).label
        trainee = next(r for r in results.trainees if r.trainee.label == label)
        pdf = signed_certificate(store, results, trainee, notify=lambda note: print(note, file=sys.stderr))
        write_new(out, pdf, force=args.force)
    print(f"{out}: the signed completion certificate of {label} ({len(trainee.attempts)} scenario(s), "
          f"{trainee.percent}%)")
    return 0


def _author_source(args: argparse.Namespace) -> AssessmentDocument:
    from dash_desktop.assessment import read_document
    from dash_desktop.questionnaires import AnswerError

    if args.from_json:
        try:
            return read_document(args.from_json)
        except AnswerError as exc:
            raise CommandError(f"invalid assessment {args.from_json}: {exc.field}: {exc.message}") from None
    with opened(args) as store:
        attempt = store.attempt(args.attempt)
    if not attempt.completed:
        raise CommandError(f"attempt {attempt.id} is not completed yet; a scenario is written from a completed one")
    return attempt.document


def _notes(path: str | None) -> dict[str, str]:
    from dash_desktop.questionnaires.loader import read_data_file

    if path is None:
        return {}
    try:
        data = read_data_file(Path(path))
    except (OSError, ValueError) as exc:
        raise CommandError(f"{path}: {exc}") from None
    if not isinstance(data, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in data.items()):
        raise CommandError(f"{path}: the notes must map item ids to text (q1: \"Yes: ...\")")
    return data


def _author(args: argparse.Namespace) -> int:
    from dash_desktop.training import ScenarioError
    from dash_desktop.training.authoring import Draft, author_scenario
    from dash_desktop.training_store import TrainingPaths, TrainingStoreError
    from dash_desktop.training_store.scenarios import export_file, keep

    try:
        narrative = Path(args.narrative_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"cannot read {args.narrative_file}: {exc}") from None
    draft = Draft(id=args.scenario_id, title=args.title, narrative=narrative, notes=_notes(args.notes),
                  setting=args.setting, area=args.area, profile=args.profile)
    try:
        made = author_scenario(_author_source(args), draft)
        where = (export_file(made, Path(args.out), force=args.replace) if args.out
                 else keep(TrainingPaths.resolve(args.training_dir), made, replace=args.replace))
    except (ScenarioError, TrainingStoreError) as exc:
        raise CommandError(str(exc)) from None
    print(f"{where}: scenario {made.id} ({made.model_outcome.risk_level or 'no level'}; the model outcome is what "
          "the rules give for its answers)")
    return 0
