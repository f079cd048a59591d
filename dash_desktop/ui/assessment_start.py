"""Starting an assessment in a case: the draft, with what lasts from an earlier one and what the
case already knows (see :mod:`dash_desktop.forms.prefill`), saved at once."""

from __future__ import annotations

import datetime as dt

from dash_desktop.forms.prefill import Answered, Household, Known, known_answers, starting_answers
from dash_desktop.questionnaires import Questionnaire, Registry
from dash_desktop.store import Store
from dash_desktop.store.records import AssessmentRecord, CaseRecord, PersonRecord
from dash_desktop.store.vocabulary import AssessmentStatus, Role
from dash_desktop.ui.widgets import assessment_day


def subject_of(case: CaseRecord, q: Questionnaire, subject_id: int | None = None) -> PersonRecord | None:
    """The person assessed: the one named, else the household's only person in the questionnaire's
    subject role (the victim, or the perpetrator for a perpetrator's form)."""
    if subject_id is not None:
        return next((p for p in case.people if p.id == subject_id), None)
    candidates = [p for p in case.people if p.role == q.subject]
    return candidates[0] if len(candidates) == 1 else None


def _latest_answers(case: CaseRecord, registry: Registry) -> dict[str, Answered]:
    """The latest completed assessment of each questionnaire in the case."""
    done = sorted((a for a in case.assessments if a.status != AssessmentStatus.DRAFT.value),
                  key=lambda a: (assessment_day(a), a.id))
    latest: dict[str, Answered] = {}
    for a in done:
        try:
            title = registry.get(a.questionnaire_id).title
        except KeyError:
            title = a.questionnaire_id
        latest[a.questionnaire_id] = Answered(title, assessment_day(a), dict(a.answers))
    return latest


def known_for(case: CaseRecord, q: Questionnaire, registry: Registry, subject: PersonRecord | None,
              on: dt.date) -> dict[str, Known]:
    """What the case already answers of ``q`` for ``subject`` on ``on``."""
    household = Household(
        children=sum(1 for p in case.people if p.role == Role.CHILD.value),
        other_dependants=sum(1 for p in case.people if p.role == Role.OTHER_DEPENDANT.value),
        subject_birth=subject.date_of_birth if subject is not None else None,
    )
    return known_answers(q, household, _latest_answers(case, registry), on)


def begin_assessment(store: Store, registry: Registry, case_id: int, questionnaire_id: str,
                     prefill_from: int | None, *, today: dt.date | None = None) -> AssessmentRecord:
    """A new draft of the newest version of ``questionnaire_id``: from ``prefill_from`` (a completed
    assessment, which the new one then amends when of the same questionnaire) only what persists, and
    what the household and the case's other assessments already answer. Raises ``StoreError``."""
    q = registry.get(questionnaire_id)
    today = today or dt.date.today()
    case = store.cases.get(case_id)
    earlier = store.assessments.get(prefill_from) if prefill_from is not None else None
    subject = subject_of(case, q)
    answers = starting_answers(q, earlier.answers if earlier else None, known_for(case, q, registry, subject, today))
    amends = (earlier.id if earlier is not None and earlier.status != AssessmentStatus.DRAFT.value
              and earlier.questionnaire_id == q.id else None)
    return store.assessments.start(case_id, q.id, questionnaire_version=q.version, questionnaire_hash=q.content_hash,
                                   answers=answers, subject_person_id=subject.id if subject else None,
                                   amends=amends, assessed_on=today)
