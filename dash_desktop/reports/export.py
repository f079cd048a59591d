"""From an interchange document to the finished report: score, render, attach, sign."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from dataclasses import dataclass

from dash_desktop.assessment.document import AssessmentDocument, bind
from dash_desktop.assessment.engine import score
from dash_desktop.assessment.profiles import Profile
from dash_desktop.assessment.result import Result
from dash_desktop.questionnaires.loader import Registry
from dash_desktop.reports.header import ReportHeader
from dash_desktop.reports.identity import Identity
from dash_desktop.reports.render import render_report, report_document


@dataclass(frozen=True)
class Report:
    pdf: bytes
    result: Result
    document: AssessmentDocument  # as embedded (the subject's name redacted as the header says)
    signed: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()


def build_report(
    doc: AssessmentDocument,
    header: ReportHeader,
    *,
    identity: Identity | None,
    area_profile: Profile | str | None = None,
    registry: Registry | None = None,
    when: dt.datetime | None = None,
) -> Report:
    """Score ``doc`` and make its report: signed with ``identity``, or an unsigned preview
    (marked NOT SIGNED, the assessment still attached) when ``identity`` is None.

    Raises ``AnswerError`` / ``ProfileError`` for an assessment that cannot be scored, and
    ``IdentityError`` for an identity that cannot sign.
    """
    registry = registry if registry is not None else Registry.default()
    result = score(doc, profile=area_profile, registry=registry)
    questionnaire, answers = bind(doc, registry)
    # The attachment pins the definition it was scored on, so a re-import binds to the same one.
    embedded = dataclasses.replace(report_document(doc, header, result.profile.get("id")),
                                   questionnaire_version=questionnaire.version,
                                   questionnaire_hash=questionnaire.content_hash)
    pdf = render_report(doc, result, questionnaire, answers, header, for_signing=identity is not None)
    if identity is None:
        from dash_desktop.reports.signing import attach_assessment

        return Report(attach_assessment(pdf, embedded, when=when), result, embedded, signed=False)
    from dash_desktop.reports.signing import sign_report

    signed = sign_report(pdf, embedded, identity, name=header.practitioner, role=header.role,
                         organisation=header.organisation, when=when)
    return Report(signed, result, embedded, signed=True)
