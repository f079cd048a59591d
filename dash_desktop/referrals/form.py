"""The referral form: what a MARAC, children's social care or DAPP referral says, as plain frozen data.

The fields follow the SafeLives MARAC referral form (SafeLives, "MARAC referral form", template,
2015): the referrer and the date; the victim (name, date of birth, address, phone, whether it is safe
to call, the diversity fields); each perpetrator (name, date of birth, relationship to the victim,
address); each child (name, date of birth, relationship to the victim and to the perpetrator,
school, address); the criteria met; whether the victim knows of the referral and consents, and
without consent the lawful basis for sharing; whom the victim is afraid of; who is safe and not safe
to contact; previous MARACs; the other agencies involved.

A detail nobody recorded is ``None`` and is printed "not known": :func:`missing` lists each one, so
the form's first page says what is missing and the referral is never held back for it. Only what a
referral cannot go without stops it (:func:`required_faults`). The criteria and the risk are never
typed: they are copied from the stored result of the assessment the referral rests on.

:meth:`ReferralForm.to_json` / :meth:`ReferralForm.from_json` are the store's ``referrals.form``
column (``"format": "dash-desktop.referral/1"``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
import types
import typing
from dataclasses import dataclass
from typing import Any

FORMAT = "dash-desktop.referral/1"
NOT_KNOWN = "not known"


class Kind(enum.StrEnum):
    """The referral documents this tool makes (the store's referral kinds of the same names)."""

    MARAC = "marac"
    CHILDRENS_SERVICES = "childrens_services"
    DAPP = "dapp"


KIND_TITLES = {
    Kind.MARAC: "MARAC referral",
    Kind.CHILDRENS_SERVICES: "Referral to children's social care",
    Kind.DAPP: "DAPP referral (single point of contact)",
}


class LawfulBasis(enum.StrEnum):
    """Why information may be shared without the person's consent (each needs a reason in the form)."""

    S115 = "s115"
    GDPR_6_1_E = "gdpr_6_1_e"
    GDPR_9_SCH1_18 = "gdpr_9_sch1_18"
    LOCAL_PROTOCOL = "local_protocol"
    OTHER = "other"


LAWFUL_BASIS_WORDS = {
    LawfulBasis.S115: "Crime and Disorder Act 1998, section 115 (a power to share with a relevant authority)",
    LawfulBasis.GDPR_6_1_E: "UK GDPR Article 6(1)(e): a task in the public interest or official authority",
    LawfulBasis.GDPR_9_SCH1_18: ("UK GDPR Article 9 with the Data Protection Act 2018, Schedule 1, paragraph 18: "
                                 "safeguarding of children and of individuals at risk (special category data)"),
    LawfulBasis.LOCAL_PROTOCOL: "The local information sharing protocol",
    LawfulBasis.OTHER: "Other (as written)",
}


@dataclass(frozen=True)
class Referrer:
    agency: str | None = None
    name: str | None = None
    role: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Victim:
    name: str | None = None
    date_of_birth: dt.date | None = None
    address: str | None = None
    phone: str | None = None
    safe_to_call: bool | None = None
    gender: str | None = None
    ethnicity: str | None = None
    disability: str | None = None
    lgbt_plus: str | None = None
    interpreter_needed: bool | None = None
    first_language: str | None = None


@dataclass(frozen=True)
class Perpetrator:
    name: str | None = None
    date_of_birth: dt.date | None = None
    relationship_to_victim: str | None = None
    address: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Child:
    name: str | None = None
    date_of_birth: dt.date | None = None
    relationship_to_victim: str | None = None
    relationship_to_perpetrator: str | None = None
    school: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Criterion:
    """A MARAC criterion met, with the stored result's reason (copied, never typed)."""

    id: str
    name: str
    reason: str | None = None


@dataclass(frozen=True)
class RestsOn:
    """An assessment the referral rests on (the DASH, an S-DASH or H-DASH, a perpetrator assessment),
    as its stored result says."""

    assessment_id: int
    questionnaire_id: str
    title: str
    assessed_on: dt.date | None
    summary: str  # "High risk, 14 of 24 yes", "Specialist advice needed"
    signed: bool = False  # its signed report is attached to the referral


@dataclass(frozen=True)
class PathwayStep:
    """A DAPP pathway step and its reason, from the perpetrator's stored result."""

    name: str
    reason: str


@dataclass(frozen=True)
class PreviousMarac:
    where: str | None = None
    on: dt.date | None = None


@dataclass(frozen=True)
class Sharing:
    """Whether the person knows of the referral and consents; without consent, the lawful basis."""

    victim_aware: bool | None = None
    not_aware_why: str | None = None
    consent: bool | None = None
    no_consent_why: str | None = None
    lawful_basis: tuple[LawfulBasis, ...] = ()
    protocol_name: str | None = None  # the local information sharing protocol, by name
    basis_note: str | None = None  # the basis in the practitioner's own words


@dataclass(frozen=True)
class ReferralForm:
    kind: Kind
    referred_on: dt.date
    referrer: Referrer
    victim: Victim
    case_reference: str | None = None
    area: str | None = None
    perpetrators: tuple[Perpetrator, ...] = ()
    children: tuple[Child, ...] = ()
    risk_level: str | None = None  # of the assessment the referral rests on
    criteria: tuple[Criterion, ...] = ()  # the MARAC criteria met
    rests_on: tuple[RestsOn, ...] = ()  # the main assessment first
    household: tuple[str, ...] = ()  # the household picture in lines (children's social care)
    pathway: tuple[PathwayStep, ...] = ()  # the DAPP pathway (the perpetrator's result)
    priority_perpetrator: bool | None = None
    sharing: Sharing = Sharing()
    afraid_of: str | None = None
    safe_to_contact: str | None = None
    not_safe_to_contact: str | None = None
    previous_marac: tuple[PreviousMarac, ...] = ()
    other_agencies: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def assessment(self) -> RestsOn | None:
        """The assessment the referral rests on (the first of ``rests_on``)."""
        return self.rests_on[0] if self.rests_on else None

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, **_dump(self)}, ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | bytes | dict[str, Any]) -> ReferralForm:
        """The form from its JSON (text or already parsed); :class:`FormError` names the bad field."""
        try:
            data = json.loads(text) if isinstance(text, str | bytes) else text
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise FormError("form", f"is not JSON ({exc})") from None
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise FormError("format", f"must be {FORMAT}")
        body = {k: v for k, v in data.items() if k != "format"}
        form: ReferralForm = _load(cls, body, "")
        return form


class FormError(ValueError):
    """A stored form that cannot be read, naming the field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


# --- what is missing, what is required ------------------------------------------------------------------


@dataclass(frozen=True)
class Missing:
    """A detail not recorded: printed "not known" and listed on the first page."""

    field: str  # "victim.address", "perpetrators[0].date_of_birth"
    label: str  # "Victim: address", "Perpetrator 1 (Kev Bloggs): date of birth"


@dataclass(frozen=True)
class Fault:
    """What a referral cannot go without, naming its field."""

    field: str  # "victim.name", "referrer", "assessment", "consent", "lawful_basis"
    message: str


def _words(name: str) -> str:
    return name.replace("_", " ")


def _people_missing(prefix: str, title: str, people: tuple[Any, ...], skip: frozenset[str]) -> list[Missing]:
    out = []
    for i, person in enumerate(people):
        who = f"{title} {i + 1}" + (f" ({person.name})" if person.name else "")
        for f in dataclasses.fields(person):
            if f.name not in skip and getattr(person, f.name) is None:
                out.append(Missing(f"{prefix}[{i}].{f.name}", f"{who}: {_words(f.name)}"))
    return out


def missing(form: ReferralForm) -> list[Missing]:
    """Every detail of the form not recorded, in the form's order (each printed "not known")."""
    out = [Missing(f"referrer.{f.name}", f"Referrer: {_words(f.name)}")
           for f in dataclasses.fields(form.referrer) if getattr(form.referrer, f.name) is None]
    victim_skip = {"phone"} if form.victim.safe_to_call is False else set()
    out += [Missing(f"victim.{f.name}", f"Victim: {_words(f.name)}") for f in dataclasses.fields(form.victim)
            if f.name not in victim_skip and getattr(form.victim, f.name) is None]
    if not form.perpetrators:
        out.append(Missing("perpetrators", "Perpetrator: nobody recorded"))
    out += _people_missing("perpetrators", "Perpetrator", form.perpetrators, frozenset())
    out += _people_missing("children", "Child", form.children, frozenset())
    s = form.sharing
    if s.victim_aware is None:
        out.append(Missing("sharing.victim_aware", "Whether the victim knows of the referral"))
    elif s.victim_aware is False and s.not_aware_why is None:
        out.append(Missing("sharing.not_aware_why", "Why the victim does not know"))
    if s.consent is False and s.no_consent_why is None:
        out.append(Missing("sharing.no_consent_why", "Why there is no consent"))
    for name, label in (("afraid_of", "Whom the victim is afraid of"), ("safe_to_contact", "Who is safe to contact"),
                        ("not_safe_to_contact", "Who is not safe to contact")):
        if getattr(form, name) is None:
            out.append(Missing(name, label))
    return out


def required_faults(form: ReferralForm) -> list[Fault]:
    """What the referral cannot go without, each naming its field: the person's name, the referrer,
    a completed assessment, the consent decision, and without consent the lawful basis."""
    faults = []
    if form.kind is Kind.DAPP:
        if not (form.perpetrators and (form.perpetrators[0].name or "").strip()):
            faults.append(Fault("perpetrators[0].name", "the perpetrator's name is not recorded"))
    elif not (form.victim.name or "").strip():
        faults.append(Fault("victim.name", "the victim's name is not recorded"))
    if not ((form.referrer.name or "").strip() and (form.referrer.agency or "").strip()):
        faults.append(Fault("referrer", "the referrer's name and agency (the practitioner's profile) are not recorded"))
    if form.assessment is None:
        faults.append(Fault("assessment", "the referral rests on no completed assessment"))
    s = form.sharing
    if s.consent is None:
        faults.append(Fault("consent", "the consent decision (yes or no) is not recorded"))
    elif s.consent is False:
        if not s.lawful_basis:
            faults.append(Fault("lawful_basis", "without consent, the lawful basis for sharing must be given"))
        if LawfulBasis.LOCAL_PROTOCOL in s.lawful_basis and not (s.protocol_name or "").strip():
            faults.append(Fault("lawful_basis", "the local information sharing protocol must be named"))
        if LawfulBasis.OTHER in s.lawful_basis and not (s.basis_note or "").strip():
            faults.append(Fault("lawful_basis", "an 'other' lawful basis must be written out"))
    return faults


# --- JSON ----------------------------------------------------------------------------------------------


def _dump(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _dump(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [_dump(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value.value if isinstance(value, enum.Enum) else value


def _load(kind: Any, value: Any, where: str) -> Any:
    """``value`` read as type ``kind`` (a form dataclass, a tuple, an optional, a date, an enum)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(kind) if a is not type(None)]
        return None if value is None else _load(options[0], value, where)
    if origin is tuple:
        if not isinstance(value, list):
            raise FormError(where, "must be a list")
        return tuple(_load(typing.get_args(kind)[0], v, f"{where}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(kind):
        if not isinstance(value, dict):
            raise FormError(where or "form", "must be an object")
        hints = typing.get_type_hints(kind)
        names = {f.name for f in dataclasses.fields(kind)}
        if unknown := set(value) - names:
            raise FormError(where or "form", f"unknown fields: {', '.join(sorted(unknown))}")
        try:
            made: Any = kind  # a dataclass type
            return made(**{k: _load(hints[k], v, f"{where}.{k}".lstrip(".")) for k, v in value.items()})
        except TypeError as exc:
            raise FormError(where or "form", str(exc)) from None
    return _scalar(kind, value, where)


def _scalar(kind: Any, value: Any, where: str) -> Any:
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        try:
            return kind(value)
        except ValueError:
            raise FormError(where, f"must be one of {', '.join(str(m.value) for m in kind)}") from None
    if kind is dt.date:
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise FormError(where, "must be a date (YYYY-MM-DD)") from None
    if (kind is bool and not isinstance(value, bool)) or (kind is int and (
            not isinstance(value, int) or isinstance(value, bool))) or (kind is str and not isinstance(value, str)):
        raise FormError(where, f"must be {kind.__name__}")
    return value
