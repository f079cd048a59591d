"""Referrals made from an assessment: the referral form (MARAC, children's social care, DAPP), its
prefill from the case's records, what it cannot go without, and the redaction profiles that decide
what each copy shows. Plain Python: neither Qt nor SQLAlchemy nor ReportLab (the PDF is
:mod:`dash_desktop.reports.referral`'s).

The public API:

- :func:`prefill` (kind, case, practitioner, assessment=, sharing=, ...) -> :class:`ReferralForm`
- :func:`childrens_referral_reasons` (case) -> why the household picture calls for a referral to
  children's social care (empty: it does not), for offering "Make referral"
- :func:`missing` (form) -> the details not recorded; :func:`required_faults` (form) -> what stops it
- :meth:`ReferralForm.to_json` / :meth:`ReferralForm.from_json` (the store's ``referrals.form``)
- :func:`sheet` (form, profile) -> what a copy under a redaction profile says, section by section
"""

from dash_desktop.referrals.form import (
    FORMAT,
    KIND_TITLES,
    LAWFUL_BASIS_WORDS,
    NOT_KNOWN,
    Child,
    Criterion,
    Fault,
    FormError,
    Kind,
    LawfulBasis,
    Missing,
    PathwayStep,
    Perpetrator,
    PreviousMarac,
    ReferralForm,
    Referrer,
    RestsOn,
    Sharing,
    Victim,
    missing,
    required_faults,
)
from dash_desktop.referrals.prefill import childrens_referral_reasons, prefill
from dash_desktop.referrals.redaction import PROFILE_OF_KIND, Profile, Row, Section, sheet

__all__ = [
    "FORMAT", "KIND_TITLES", "LAWFUL_BASIS_WORDS", "NOT_KNOWN", "PROFILE_OF_KIND", "Child", "Criterion", "Fault",
    "FormError", "Kind", "LawfulBasis", "Missing", "PathwayStep", "Perpetrator", "PreviousMarac", "Profile",
    "ReferralForm", "Referrer", "RestsOn", "Row", "Section", "Sharing", "Victim", "childrens_referral_reasons",
    "missing", "prefill",
    "required_faults", "sheet",
]
