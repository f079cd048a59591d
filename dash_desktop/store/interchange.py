"""Between the store and the domain core: interchange documents in and out, scored by
``dash_desktop.assessment`` (the store never scores by itself)."""

from __future__ import annotations

from typing import Any

from dash_desktop.assessment import AssessmentDocument, KnownDate, score
from dash_desktop.questionnaires import AnswerError
from dash_desktop.store.records import AssessmentRecord
from dash_desktop.store.store import Store

FORMAT = "dash-desktop.assessment/1"
#: How a date from the case's own referrals is named in a result's reasons ("the last MARAC referral
#: (12 August 2026, from this case's MARAC referral in the store) was 100 days before ...").
FROM_THE_CASE = "from this case's MARAC referral in the store"


def known_marac_on(store: Store, case: int | str, doc: AssessmentDocument) -> KnownDate | None:
    """The case's last MARAC referral within the 12 months up to the assessment, as the scoring's
    ``known_marac_on`` (the repeat criterion takes it, or the answered ``previous_marac_on`` if later)."""
    on = store.records.last_marac_on(case, doc.assessed_on)
    return None if on is None else KnownDate(on, FROM_THE_CASE)


def import_document(
    store: Store,
    case: int | str,
    doc: AssessmentDocument,
    *,
    profile: str | None = None,
    subject_person_id: int | None = None,
    as_draft: bool = False,
    source: str | None = None,
) -> AssessmentRecord:
    """Score ``doc`` and store it with its result: completed if every required item is answered (and
    ``as_draft`` is not asked for), else a draft. The case's own last MARAC referral is given to the
    scoring (:func:`known_marac_on`). Raises ``AnswerError`` / ``ProfileError`` unchanged,
    and ``AnswerError`` for a training assessment (``meta.training``), which never becomes a case's."""
    if doc.meta.get("training") is True:
        raise AnswerError("meta.training", "this is a training assessment (TRAINING — NOT A REAL ASSESSMENT); "
                                           "it is not imported into the case store")
    result = score(doc, profile=profile, known_marac_on=known_marac_on(store, case, doc))
    complete = result.complete and not as_draft
    q = result.questionnaire
    return store.assessments.add_imported(
        case,
        document=doc.to_dict(),
        result=result.to_dict(),
        questionnaire_id=q.get("id", doc.questionnaire_id),
        questionnaire_version=q.get("version"),
        questionnaire_hash=q.get("hash"),
        assessed_on=doc.assessed_on,
        answers=doc.answers,
        risk_level=result.risk_level,
        yes_count=result.yes_count,
        complete=complete,
        subject_person_id=subject_person_id,
        source=source,
    )


def document_of(assessment: AssessmentRecord) -> dict[str, Any]:
    """The interchange document for a stored assessment (re-importable, and readable by ``score``)."""
    base: dict[str, Any] = dict(assessment.document) if assessment.document else {"format": FORMAT}
    questionnaire: dict[str, Any] = {"id": assessment.questionnaire_id}
    if assessment.questionnaire_version:
        questionnaire["version"] = assessment.questionnaire_version
    base["questionnaire"] = {**base.get("questionnaire", {}), **questionnaire}
    if assessment.assessed_on is not None:
        base["assessed_on"] = assessment.assessed_on.isoformat()
    base["answers"] = dict(assessment.answers)
    if assessment.amends_id is not None:
        base["meta"] = {**base.get("meta", {}), "amends": assessment.amends_id}
    return base
