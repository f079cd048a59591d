"""A class session's results: each trainee's latest completed attempt at each scenario, and per
scenario, per item, how many trainees answered it as the model does (where the class needs teaching).
Also the class export as CSV, one row per trainee per scenario."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from dash_desktop.questionnaires import Registry
from dash_desktop.training_store.records import Attempt, ClassSession, Trainee
from dash_desktop.training_store.store import TrainingStore


@dataclass(frozen=True)
class TraineeResult:
    trainee: Trainee
    attempts: tuple[Attempt, ...]  # the latest completed attempt at each scenario, in the order first done

    @property
    def agreeing(self) -> int:
        return sum(a.agreeing for a in self.attempts)

    @property
    def compared(self) -> int:
        return sum(a.compared for a in self.attempts)

    @property
    def percent(self) -> int | None:
        """Over every scenario done, rounded down as each scenario's score is."""
        return None if not self.attempts else (100 if not self.compared else self.agreeing * 100 // self.compared)


@dataclass(frozen=True)
class ItemTally:
    item: str
    label: str  # the item's short name, in the version answered
    right: int  # trainees who answered it as the model does
    of: int  # trainees for whom it was compared


@dataclass(frozen=True)
class ScenarioTally:
    scenario_id: str
    title: str
    trainees: int  # trainees who completed it
    outcome_right: int  # trainees whose answers gave the model outcome
    items: tuple[ItemTally, ...]  # in the questionnaire's order

    def hardest(self, count: int = 5) -> list[ItemTally]:
        """The items fewest got right (only those someone got wrong), fewest first."""
        missed = [t for t in self.items if t.right < t.of]
        return sorted(missed, key=lambda t: (t.right / t.of, -t.of))[:count]


@dataclass(frozen=True)
class ClassResults:
    session: ClassSession
    trainees: tuple[TraineeResult, ...]
    scenarios: tuple[ScenarioTally, ...]


def latest_completed(attempts: Sequence[Attempt]) -> tuple[Attempt, ...]:
    """The last completed attempt at each scenario, in the order the scenarios were first done."""
    latest: dict[str, Attempt] = {}
    for attempt in attempts:
        if attempt.completed:
            latest[attempt.scenario_id] = attempt
    return tuple(latest.values())


def class_results(store: TrainingStore, session_id: int, registry: Registry | None = None) -> ClassResults:
    registry = registry if registry is not None else Registry.default()
    session = store.session(session_id)
    trainees = tuple(TraineeResult(t, latest_completed(store.attempts(trainee_id=t.id)))
                     for t in store.trainees(session_id))
    by_scenario: dict[str, list[Attempt]] = {}
    for result in trainees:
        for attempt in result.attempts:
            by_scenario.setdefault(attempt.scenario_id, []).append(attempt)
    tallies = tuple(_tally(attempts, registry) for attempts in by_scenario.values())
    return ClassResults(session, trainees, tallies)


def _tally(attempts: list[Attempt], registry: Registry) -> ScenarioTally:
    doc = attempts[-1].document
    try:
        q = registry.get(doc.questionnaire_id, doc.questionnaire_version)
        order = [i.id for i in q.items]
        names = {i.id: i.name for i in q.items}
    except KeyError:  # a definition no longer installed: the ids are all there is
        order, names = [], {}
    seen = {item for a in attempts for item in a.items}
    ids = [i for i in order if i in seen] + sorted(seen - set(order))
    items = tuple(ItemTally(i, names.get(i, i), sum(1 for a in attempts if a.items.get(i) is True),
                            sum(1 for a in attempts if i in a.items)) for i in ids)
    return ScenarioTally(attempts[-1].scenario_id, attempts[-1].scenario_title, len(attempts),
                         sum(1 for a in attempts if a.outcome_agrees), items)


CSV_COLUMNS = ("session", "held_on", "trainee", "scenario", "title", "completed_at", "agreeing", "items",
               "percent", "outcome_agrees", "outcome_differs", "prompts_missed", "differences")


def class_csv(results: ClassResults) -> str:
    """One row per trainee per scenario completed; a trainee who completed none has one row with the
    scenario columns empty, so every trainee in the session is in the export."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    session = results.session
    for result in results.trainees:
        lead = [_cell(session.name), session.held_on.isoformat(), _cell(result.trainee.label)]
        if not result.attempts:
            writer.writerow(lead + [""] * (len(CSV_COLUMNS) - len(lead)))
        for a in result.attempts:
            feedback = a.feedback or {}
            outcome = feedback.get("outcome", {})
            writer.writerow([
                *lead, a.scenario_id, _cell(a.scenario_title), a.completed_at.isoformat() if a.completed_at else "",
                a.agreeing, a.compared, a.percent, "yes" if a.outcome_agrees else "no",
                " ".join(outcome.get("differs", [])), " ".join(outcome.get("prompts_missed", [])),
                " ".join(a.differing_items),
            ])
    return out.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading quote."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
