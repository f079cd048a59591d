"""A case's chronology in words: its assessments, referrals (with their meeting actions) and notes
(an incident marked as such), newest first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dash_desktop.questionnaires import Registry
from dash_desktop.store.records import AssessmentRecord, CaseRecord, NoteRecord, ReferralRecord
from dash_desktop.store.vocabulary import AssessmentStatus, Role
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.widgets import (
    ASSESSMENT_STATUS_NAMES,
    REFERRAL_NAMES,
    REFERRAL_STATUS_NAMES,
    assessment_day,
    level_words,
)


@dataclass(frozen=True)
class ChronologyEntry:
    day: dt.date
    order: dt.datetime
    kind: str  # "assessment", "referral" or "note"
    entity_id: int
    title: str
    detail: str


def about_perpetrator(registry: Registry, qid: str) -> bool:
    try:
        return registry.get(qid).subject == Role.PERPETRATOR.value
    except KeyError:
        return False


def questionnaire_title(registry: Registry, qid: str) -> str:
    try:
        return registry.get(qid).title
    except KeyError:
        return qid


def assessment_entry(a: AssessmentRecord, registry: Registry) -> ChronologyEntry:
    detail = ASSESSMENT_STATUS_NAMES.get(a.status, a.status)
    if a.status != AssessmentStatus.DRAFT.value:
        detail += f"; risk level {level_words(a.risk_level).lower()}"
        if a.yes_count is not None and about_perpetrator(registry, a.questionnaire_id):
            detail += f", {a.yes_count} risk factor{'s' if a.yes_count != 1 else ''}"
        elif a.yes_count is not None:
            detail += f", {a.yes_count} yes"
    if a.practitioner_name:
        detail += f"; by {a.practitioner_name}"
    return ChronologyEntry(assessment_day(a), a.completed_at or a.created_at, "assessment", a.id,
                           f"Assessment: {questionnaire_title(registry, a.questionnaire_id)}", detail)


def referral_entry(r: ReferralRecord) -> ChronologyEntry:
    detail = REFERRAL_STATUS_NAMES.get(r.status, r.status)
    if r.meeting_on:
        detail += f"; meeting {format_date(r.meeting_on)}"
    if r.actions:
        still_open = sum(1 for a in r.actions if a.done_on is None)
        detail += f"; {len(r.actions)} action(s), {still_open} open"
    if r.detail:
        detail += f"; {' '.join(r.detail.split())}"
    day = r.referred_on or r.created_at.astimezone().date()
    return ChronologyEntry(day, r.created_at, "referral", r.id, f"Referral: {REFERRAL_NAMES.get(r.kind, r.kind)}",
                           detail)


def note_entry(n: NoteRecord) -> ChronologyEntry:
    day = n.happened_on or n.created_at.astimezone().date()
    author = f" ({n.author})" if n.author else ""
    edited = " (edited)" if n.updated_at is not None else ""
    title = f"{'Incident' if n.incident else 'Note'}{author}{edited}"
    return ChronologyEntry(day, n.created_at, "note", n.id, title, " ".join(n.text.split()))


def chronology_entries(case: CaseRecord, registry: Registry) -> list[ChronologyEntry]:
    """Assessments, referrals and notes, newest first."""
    entries = [assessment_entry(a, registry) for a in case.assessments]
    entries += [referral_entry(r) for r in case.referrals]
    entries += [note_entry(n) for n in case.notes]
    entries.sort(key=lambda e: (e.day, e.order, e.entity_id), reverse=True)
    return entries
