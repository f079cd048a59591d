"""Which referrals a case's completed assessments offer, and why (no Qt): a MARAC referral from a
victim's DASH (recommended when it meets a criterion, else by the practitioner's choice), a DAPP
referral from a perpetrator assessment, and a children's social care referral from the household
picture (children in the household with medium or high risk, or the toxic trio present:
``referrals.childrens_referral_reasons``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.assessment.household import PERPETRATOR_RISK_NEEDS, VICTIM_DASH
from dash_desktop.assessment.household import instrument_of as household_instrument
from dash_desktop.questionnaires import Registry
from dash_desktop.referrals import childrens_referral_reasons
from dash_desktop.store.records import AssessmentRecord, CaseRecord
from dash_desktop.store.vocabulary import AssessmentStatus, Role
from dash_desktop.ui.case_list import format_date
from dash_desktop.ui.widgets import assessment_day

MARAC, CHILDRENS_SERVICES, DAPP = "marac", "childrens_services", "dapp"
KIND_WORDS = {MARAC: "MARAC referral", CHILDRENS_SERVICES: "Children's social care referral",
              DAPP: "DAPP referral"}


@dataclass(frozen=True)
class ReferralOffer:
    """A referral the case can make, resting on one completed assessment."""

    kind: str  # the store's referral kind
    assessment_id: int
    recommended: bool
    reason: str  # why, in words

    @property
    def label(self) -> str:
        """The menu's words: "MARAC referral (recommended)…"."""
        return f"{KIND_WORDS[self.kind]} ({'recommended' if self.recommended else 'by choice'})…"

    @property
    def button(self) -> str:
        return f"Make {KIND_WORDS[self.kind].replace('referral', '').strip()} &referral…"


def completed(case: CaseRecord) -> list[AssessmentRecord]:
    """The case's completed assessments, oldest first."""
    return sorted((a for a in case.assessments if a.status != AssessmentStatus.DRAFT.value),
                  key=lambda a: (assessment_day(a), a.id))


def _criteria_words(marac: Mapping[str, Any]) -> str:
    names = [str(c.get("name", c.get("id"))) for c in marac.get("checks", []) if c.get("met")]
    return ", ".join(names)


def offer_for(record: AssessmentRecord, registry: Registry) -> ReferralOffer | None:
    """The referral a completed assessment itself offers: MARAC from a DASH, DAPP from a perpetrator
    assessment (None for another kind, or a draft)."""
    if record.status == AssessmentStatus.DRAFT.value:
        return None
    result = record.result or {}
    instrument = household_instrument(registry, record.questionnaire_id)
    day = format_date(assessment_day(record))
    if instrument == VICTIM_DASH:
        marac = result.get("marac") or {}
        if marac.get("refer"):
            return ReferralOffer(MARAC, record.id, True,
                                 f"The DASH of {day} meets the MARAC criteria: {_criteria_words(marac)}.")
        return ReferralOffer(MARAC, record.id, False, f"The DASH of {day} meets no MARAC criterion; a referral on "
                                                      "professional judgement is the practitioner's choice.")
    if instrument == PERPETRATOR_RISK_NEEDS:
        pathway = result.get("dapp", {}).get("pathway", []) if isinstance(result.get("dapp"), Mapping) else []
        steps = ", ".join(str(s.get("name", s.get("id"))) for s in pathway if isinstance(s, Mapping))
        if steps:
            return ReferralOffer(DAPP, record.id, True, f"The perpetrator assessment of {day} suggests: {steps}.")
        return ReferralOffer(DAPP, record.id, False, f"The perpetrator assessment of {day} suggests no DAPP "
                                                     "pathway step; a referral is the practitioner's choice.")
    return None


def _children_offer(case: CaseRecord, done: list[AssessmentRecord], registry: Registry) -> ReferralOffer | None:
    """From the household picture (``referrals.childrens_referral_reasons``): recommended when the
    children in the household face medium or high risk or the toxic trio; else by choice."""
    children = [p for p in case.people if p.role == Role.CHILD.value]
    bases = [a for a in done if household_instrument(registry, a.questionnaire_id) in {VICTIM_DASH,
                                                                                       PERPETRATOR_RISK_NEEDS}]
    if not children or not bases:
        return None
    dash = [a for a in bases if household_instrument(registry, a.questionnaire_id) == VICTIM_DASH]
    basis = (dash or bases)[-1]
    noun = "child" if len(children) == 1 else "children"
    reasons = childrens_referral_reasons(case, registry)
    if reasons:
        return ReferralOffer(CHILDRENS_SERVICES, basis.id, True,
                             f"{len(children)} {noun} in the household; {'; '.join(reasons)}.")
    return ReferralOffer(CHILDRENS_SERVICES, basis.id, False,
                         f"{len(children)} {noun} in the household; the picture shows neither medium or high risk "
                         "nor the toxic trio, so a referral is the practitioner's choice.")


def referral_offers(case: CaseRecord, registry: Registry) -> list[ReferralOffer]:
    """The referrals the case's latest completed assessments offer, MARAC first."""
    done = completed(case)
    offers: list[ReferralOffer] = []
    for instrument in (VICTIM_DASH, PERPETRATOR_RISK_NEEDS):
        latest = [a for a in done if household_instrument(registry, a.questionnaire_id) == instrument]
        offer = offer_for(latest[-1], registry) if latest else None
        if offer is not None:
            offers.append(offer)
    children = _children_offer(case, done, registry)
    if children is not None:
        offers.insert(1 if offers and offers[0].kind == MARAC else 0, children)
    return offers


def review_basis(case: CaseRecord, registry: Registry) -> tuple[AssessmentRecord, Mapping[str, Any]] | None:
    """The latest completed victim DASH and its stored result: what a proposed review rests on."""
    dash = [a for a in completed(case) if household_instrument(registry, a.questionnaire_id) == VICTIM_DASH]
    return (dash[-1], dict(dash[-1].result or {})) if dash else None
