"""A trainee's attempt from start to feedback: the answers checked against the scenario and kept
with their feedback in the training store."""

from __future__ import annotations

import dataclasses

from dash_desktop.assessment import AssessmentDocument
from dash_desktop.training import Feedback, Scenario, check
from dash_desktop.training_store.records import Attempt
from dash_desktop.training_store.store import TrainingStore


def training_document(doc: AssessmentDocument, scenario: Scenario) -> AssessmentDocument:
    """The trainee's answers marked as training, on the scenario's questionnaire and date."""
    return dataclasses.replace(doc, assessed_on=scenario.assessed_on,
                               meta={**doc.meta, "training": True, "scenario": scenario.id})


def begin(store: TrainingStore, scenario: Scenario, trainee_id: int | None = None) -> Attempt:
    """A new attempt at ``scenario`` with no answers yet."""
    q = scenario.questionnaire
    empty = AssessmentDocument(q.id, scenario.assessed_on, {}, questionnaire_version=q.version)
    return store.start_attempt(scenario.id, scenario.title, training_document(empty, scenario), trainee_id)


def finish(store: TrainingStore, attempt_id: int, scenario: Scenario,
           doc: AssessmentDocument) -> tuple[Attempt, Feedback]:
    """Check the answers (``AnswerError`` for answers the questionnaire refuses) and keep them with
    their feedback; the attempt is then completed."""
    feedback = check(scenario, doc)
    marked = training_document(doc, scenario)
    return store.complete(attempt_id, marked, feedback.to_dict(), feedback.agreement()), feedback


def record(store: TrainingStore, scenario: Scenario, doc: AssessmentDocument,
           trainee_id: int | None = None) -> tuple[Attempt, Feedback]:
    """A whole attempt at once (an interchange file handed in): checked first, so a file the
    questionnaire refuses leaves nothing behind."""
    feedback = check(scenario, doc)
    marked = training_document(doc, scenario)
    attempt = store.start_attempt(scenario.id, scenario.title, marked, trainee_id)
    return store.complete(attempt.id, marked, feedback.to_dict(), feedback.agreement()), feedback
