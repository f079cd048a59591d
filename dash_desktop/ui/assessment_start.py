"""Starting an assessment in a case: the draft, with what lasts from an earlier one and what the
case already knows (see :mod:`dash_desktop.forms.prefill`), saved at once; and what the case tells
the scoring beside the answers: its district, the assessed person's recorded details, the date of
its last MARAC referral (prefilled as the answer, shown as from the case) and the incidents its
chronology records (a hint beside the question, never an answer)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from dash_desktop.assessment import Profile
from dash_desktop.assessment.facts import Subject, months_later
from dash_desktop.assessment.services import load_directory
from dash_desktop.forms.prefill import Answered, Household, Known, known_answers, starting_answers
from dash_desktop.questionnaires import Questionnaire, Registry
from dash_desktop.questionnaires.model import date_text
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


#: The tags of the items the case's history answers or hints at (dash-ric's ``previous_marac_on``,
#: ``incidents_12m``).
PREVIOUS_MARAC_TAG = "previous_marac"
INCIDENT_COUNT_TAG = "incident_count"
#: Answered values that say nothing about a person's forces connection (the vocabulary's unknowns).
_UNSAID = {"not_known", "prefer_not_to_say"}


@dataclass(frozen=True)
class CaseFacts:
    """What the case gives an assessment beside the household: prefilled answers, hints, the
    district and the subject's details."""

    known: dict[str, Known] = field(default_factory=dict)
    hints: dict[str, str] = field(default_factory=dict)
    area: str | None = None
    subject: Subject = field(default_factory=Subject)


def district_of(case: CaseRecord, profile: Profile) -> str | None:
    """The case's area when it is a district of the profile's services directory (an area typed as
    free text before districts were picked from a list is not passed to scoring)."""
    districts = load_directory(profile.services_directory).districts
    return case.area if case.area in districts else None


def subject_details(person: PersonRecord | None) -> Subject:
    """The assessed person's recorded details the services read (forces, language, interpreter)."""
    if person is None:
        return Subject()
    forces = person.armed_forces if person.armed_forces not in _UNSAID else None
    return Subject.from_equality({"armed_forces": forces, "first_language": person.first_language},
                                 interpreter_needed=person.interpreter_needed)


def case_facts(store: Store, case: CaseRecord, q: Questionnaire, registry: Registry, subject: PersonRecord | None,
               profile: Profile, on: dt.date) -> CaseFacts:
    """Everything the case tells an assessment of ``q`` for ``subject`` made on ``on``."""
    known = known_for(case, q, registry, subject, on)
    hints: dict[str, str] = {}
    last = store.records.last_marac_on(case.id, before=on)
    for item in q.tagged(PREVIOUS_MARAC_TAG):
        if last is not None and item.id not in known:
            known[item.id] = Known(last.isoformat(), f"the case's MARAC referral of {date_text(last)}")
    incident_items = q.tagged(INCIDENT_COUNT_TAG)
    if incident_items:
        since = months_later(on, -12)
        count = store.records.incidents(case.id, since=since)
        noun = "incident" if count == 1 else "incidents"
        for item in incident_items:
            hints[item.id] = (f"The case's chronology records {count} {noun} since {date_text(since)}; count every "
                              "incident known to any agency, not only those recorded here.")
    return CaseFacts(known, hints, district_of(case, profile), subject_details(subject))


def begin_assessment(store: Store, registry: Registry, case_id: int, questionnaire_id: str,
                     prefill_from: int | None, *, profile: Profile, today: dt.date | None = None) -> AssessmentRecord:
    """A new draft of the newest version of ``questionnaire_id``: from ``prefill_from`` (a completed
    assessment, which the new one then amends when of the same questionnaire) only what persists, and
    what the household and the case's other assessments already answer. Raises ``StoreError``."""
    q = registry.get(questionnaire_id)
    today = today or dt.date.today()
    case = store.cases.get(case_id)
    earlier = store.assessments.get(prefill_from) if prefill_from is not None else None
    subject = subject_of(case, q)
    known = case_facts(store, case, q, registry, subject, profile, today).known
    if earlier is not None:  # a later referral date answered before is not replaced by the case's older one
        for item in q.tagged(PREVIOUS_MARAC_TAG):
            kept = earlier.answers.get(item.id)
            if item.id in known and isinstance(kept, str) and kept > str(known[item.id].value) and item.persists:
                del known[item.id]
    answers = starting_answers(q, earlier.answers if earlier else None, known)
    amends = (earlier.id if earlier is not None and earlier.status != AssessmentStatus.DRAFT.value
              and earlier.questionnaire_id == q.id else None)
    return store.assessments.start(case_id, q.id, questionnaire_version=q.version, questionnaire_hash=q.content_hash,
                                   answers=answers, subject_person_id=subject.id if subject else None,
                                   amends=amends, assessed_on=today)
