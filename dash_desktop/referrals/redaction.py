"""What a copy of a referral says, under a redaction profile: the form as sections of labelled rows,
each row shown, "not known" (nobody recorded it) or withheld (this copy may not carry it).

Profiles (each copy that leaves the case goes through one):

- ``marac``: the full referral, for the MARAC (every detail the form holds);
- ``childrens_services``: the children and the risk, for children's social care: no victim equality
  fields (gender, ethnicity, disability, LGBT+) and no perpetrator contact details;
- ``commissioner``: nothing identifying (no name, date of birth, address, phone, school, language,
  case reference or free text): the risk, the criteria and the counts;
- ``dapp``: the perpetrator's referral to the DAPP's single point of contact: the perpetrator in
  full, the victim by name only (no contact details, no equality fields) and the children without
  their address or school, and none of the victim's safety words (whom she fears, who is safe to
  contact), since the perpetrator programme must never be where the victim's whereabouts leak
  from, and no previous MARAC or other agency (the perpetrator is never told of a MARAC); the
  victim's address or phone written anywhere in its free text is blanked.

Rules that hold under every profile:

- a phone number appears only where the person is recorded as safe to call (yes): not known, or
  no, withholds it, and says why;
- a copy carries the signed reports of the assessments it rests on only under ``marac`` and
  ``dapp`` (their pages name people and quote answers the other copies may not carry);
- nothing written for the victim's side (the victim, consent and sharing, safety) carries a
  perpetrator's address or phone: a perpetrator's number recorded as the victim's is withheld, and
  either written inside the victim's free text is blanked out.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dash_desktop.questionnaires.model import date_text
from dash_desktop.referrals.form import (
    KIND_TITLES,
    LAWFUL_BASIS_WORDS,
    NOT_KNOWN,
    Kind,
    LawfulBasis,
    ReferralForm,
)

SHOWN, UNKNOWN, WITHHELD = "shown", "not_known", "withheld"
#: What replaces a perpetrator's contact detail found in the victim's side of the form.
BLANKED = "[a perpetrator's contact details, withheld]"
VICTIM_BLANKED = "[the victim's contact details, withheld]"
VICTIM, PERPETRATOR, CHILDREN, REFERRAL = "victim", "perpetrator", "children", "referral"


class Profile(enum.StrEnum):
    MARAC = "marac"
    CHILDRENS_SERVICES = "childrens_services"
    COMMISSIONER = "commissioner"
    DAPP = "dapp"


@dataclass(frozen=True)
class Rules:
    """What a profile lets a copy carry."""

    name: str
    identifying: bool  # names, dates of birth, addresses, phones, schools, the reference, free text
    victim_equality: bool
    victim_contact: bool  # the victim's address and phone
    perpetrator_contact: bool  # each perpetrator's address and phone
    children_whereabouts: bool  # each child's address and school (where the victim can be found too)
    reports: bool  # carries the signed reports of the assessments it rests on (their pages name people)
    history: bool = True  # previous MARACs and the other agencies (never for the perpetrator's side)


RULES = {
    Profile.MARAC: Rules("MARAC (full)", True, True, True, True, True, True),
    Profile.CHILDRENS_SERVICES: Rules("children's social care", True, False, True, False, True, False),
    Profile.COMMISSIONER: Rules("commissioner (nothing identifying)", False, False, False, False, False, False),
    Profile.DAPP: Rules("DAPP single point of contact", True, False, False, True, False, True, history=False),
}
#: The profile each kind of referral is written under.
PROFILE_OF_KIND = {Kind.MARAC: Profile.MARAC, Kind.CHILDRENS_SERVICES: Profile.CHILDRENS_SERVICES,
                   Kind.DAPP: Profile.DAPP}


@dataclass(frozen=True)
class Row:
    label: str
    text: str
    state: str = SHOWN  # SHOWN, UNKNOWN or WITHHELD
    field: str = ""  # the form's field ("victim.address"): what a "not known" row is missing


@dataclass(frozen=True)
class Section:
    title: str
    side: str  # VICTIM, PERPETRATOR, CHILDREN or REFERRAL
    rows: tuple[Row, ...]


def words(value: str) -> str:
    """A stored category in words: "white_british" -> "White british", "not_known" -> "Not known"."""
    text = value.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


def _pattern(contact: str) -> re.Pattern[str]:
    """A contact detail as it may be written again: any case, any spacing; a phone number by its
    digits, whatever separates them."""
    digits = re.sub(r"\D", "", contact)
    if len(digits) >= 6 and len(digits) >= len(re.sub(r"[\s()+\-.]", "", contact)):  # a phone number
        return re.compile(r"[\s()\-.]*".join(digits))
    return re.compile(r"\s+".join(re.escape(word) for word in contact.split()), re.IGNORECASE)


def _patterns(contacts: Iterable[str]) -> list[re.Pattern[str]]:
    return [_pattern(c) for c in sorted({c.strip() for c in contacts}, key=len, reverse=True)]


def _blank(text: str, patterns: list[re.Pattern[str]], mark: str) -> str:
    for pattern in patterns:
        text = pattern.sub(mark, text)
    return text


class _Writer:
    """Rows for one copy: each value shown, not known, or withheld with the reason."""

    def __init__(self, form: ReferralForm, profile: Profile) -> None:
        self.form = form
        self.rules = RULES[profile]
        self.withheld = "withheld from this copy"
        perps = form.perpetrators
        self.perp_patterns = _patterns(v for p in perps for v in (p.address, p.phone) if v and v.strip())
        victim = (form.victim.address, form.victim.phone)
        self.victim_patterns = [] if self.rules.victim_contact else _patterns(v for v in victim if v and v.strip())

    def row(self, label: str, value: str | None, field: str, *, allowed: bool = True, why: str = "") -> Row:
        if not allowed:
            return Row(label, why or self.withheld, WITHHELD, field)
        if value is None or not value.strip():
            return Row(label, NOT_KNOWN, UNKNOWN, field)
        return Row(label, value, SHOWN, field)

    def free(self, label: str, value: str | None, field: str, *, victim_side: bool) -> Row:
        """Free text (a name or words): identifying, and on the victim's side scrubbed of the
        perpetrators' contact details."""
        if value is not None and victim_side:
            value = _blank(value, self.perp_patterns, BLANKED)
        if value is not None:  # a copy without the victim's contact details has them nowhere
            value = _blank(value, self.victim_patterns, VICTIM_BLANKED)
        return self.row(label, value, field, allowed=self.rules.identifying)

    def day(self, label: str, value: dt.date | None, field: str, *, age: bool = False) -> Row:
        text = None
        if value is not None:
            text = date_text(value)
            if age:
                on = self.form.referred_on
                years = on.year - value.year - ((on.month, on.day) < (value.month, value.day))
                text += f" (aged {years})"
        return self.row(label, text, field, allowed=self.rules.identifying)

    def phone(self, label: str, value: str | None, safe: bool | None, field: str, *, allowed: bool,
              victim: bool = False) -> Row:
        if not (allowed and self.rules.identifying):
            return self.row(label, value, field, allowed=False)
        if victim and value is not None and _blank(value, self.perp_patterns, "") != value:
            return Row(label, "withheld: it is recorded as a perpetrator's number too", WITHHELD, field)
        if safe is not True:
            why = "not safe to call" if safe is False else "not known whether it is safe to call"
            return Row(label, f"withheld: {why}", WITHHELD, field)
        return self.row(label, value, field)


def _referral(w: _Writer) -> Section:
    f, r = w.form, w.form.referrer
    rows = [Row("Referral", f.title), Row("Date of referral", date_text(f.referred_on)),
            w.row("Case reference", f.case_reference, "case_reference", allowed=w.rules.identifying),
            w.row("District", f.area, "area"), w.row("Referring agency", r.agency, "referrer.agency"),
            w.free("Referrer", r.name, "referrer.name", victim_side=False),
            w.row("Referrer's role", r.role, "referrer.role"),
            w.row("Referrer's phone", r.phone, "referrer.phone", allowed=w.rules.identifying),
            w.row("Referrer's email", r.email, "referrer.email", allowed=w.rules.identifying)]
    return Section("The referral", REFERRAL, tuple(rows))


def _victim(w: _Writer) -> Section:
    v, rules = w.form.victim, w.rules
    eq = rules.victim_equality
    no_eq = "withheld: not for this copy (equality fields)"
    rows = [
        w.free("Name", v.name, "victim.name", victim_side=False),
        w.day("Date of birth", v.date_of_birth, "victim.date_of_birth", age=True),
        w.free("Address", v.address, "victim.address", victim_side=False) if rules.victim_contact
        else w.row("Address", None, "victim.address", allowed=False),
        w.phone("Phone", v.phone, v.safe_to_call, "victim.phone", allowed=rules.victim_contact, victim=True),
        w.row("Safe to call", yes_no(v.safe_to_call), "victim.safe_to_call", allowed=rules.victim_contact),
        *(w.row(label, words(value) if value else None, f"victim.{name}", allowed=eq, why=no_eq)
          for label, name, value in (("Gender", "gender", v.gender), ("Ethnicity", "ethnicity", v.ethnicity),
                                     ("Disability", "disability", v.disability),
                                     ("LGBT+", "lgbt_plus", v.lgbt_plus))),
        w.row("Interpreter needed", yes_no(v.interpreter_needed), "victim.interpreter_needed",
              allowed=rules.identifying),
        w.row("First language", v.first_language, "victim.first_language", allowed=rules.identifying),
    ]
    return Section("The victim", VICTIM, tuple(rows))


def _perpetrators(w: _Writer) -> list[Section]:
    out = []
    for i, p in enumerate(w.form.perpetrators):
        at = f"perpetrators[{i}]"
        contact = w.rules.perpetrator_contact
        rows = (w.free("Name", p.name, f"{at}.name", victim_side=False),
                w.day("Date of birth", p.date_of_birth, f"{at}.date_of_birth", age=True),
                w.row("Relationship to the victim", p.relationship_to_victim, f"{at}.relationship_to_victim"),
                w.free("Address", p.address, f"{at}.address", victim_side=False) if contact
                else w.row("Address", None, f"{at}.address", allowed=False),
                w.row("Phone", p.phone, f"{at}.phone", allowed=contact and w.rules.identifying))
        out.append(Section(f"Perpetrator {i + 1}", PERPETRATOR, rows))
    if not out:
        out.append(Section("Perpetrator", PERPETRATOR, (Row("Perpetrator", NOT_KNOWN, UNKNOWN, "perpetrators"),)))
    return out


def _children(w: _Writer) -> list[Section]:
    out = []
    for i, c in enumerate(w.form.children):
        at = f"children[{i}]"
        where = w.rules.children_whereabouts
        rows = (w.free("Name", c.name, f"{at}.name", victim_side=False),
                w.day("Date of birth", c.date_of_birth, f"{at}.date_of_birth", age=True),
                w.row("Relationship to the victim", c.relationship_to_victim, f"{at}.relationship_to_victim"),
                w.row("Relationship to the perpetrator", c.relationship_to_perpetrator,
                      f"{at}.relationship_to_perpetrator"),
                w.free("School", c.school, f"{at}.school", victim_side=False) if where
                else w.row("School", None, f"{at}.school", allowed=False),
                w.free("Address", c.address, f"{at}.address", victim_side=False) if where
                else w.row("Address", None, f"{at}.address", allowed=False))
        out.append(Section(f"Child {i + 1}", CHILDREN, rows))
    if not out:
        out.append(Section("Children", CHILDREN, (Row("Children in the household", "none recorded"),)))
    return out


def _risk(w: _Writer) -> Section:
    f = w.form
    rows = [Row("Risk level", words(f.risk_level) if f.risk_level else "not assessed")]
    if f.kind is not Kind.DAPP:
        rows += [Row(f"Criterion met: {c.name}", c.reason or "met") for c in f.criteria] or [
            Row("MARAC criteria", "none met (a referral by choice)")]
    rows += [Row(f"Rests on: {a.title}", (f"{date_text(a.assessed_on)}: " if a.assessed_on else "") + a.summary
                 + (" (its signed report is attached)" if a.signed else "")) for a in f.rests_on]
    if f.kind is Kind.DAPP:
        rows.append(Row("Priority perpetrator", yes_no(f.priority_perpetrator) or NOT_KNOWN))
        rows += [Row(f"Pathway: {step.name}", step.reason) for step in f.pathway] or [
            Row("Pathway", "none suggested by the assessment")]
    return Section("The risk", REFERRAL, tuple(rows))


def _household(w: _Writer) -> list[Section]:
    """The household picture (a children's social care referral): each line under its source."""
    rows = []
    for line in w.form.household:
        label, _, text = line.partition(": ")
        rows.append(w.free(label, text or label, "household", victim_side=False))
    return [Section("The household picture", CHILDREN, tuple(rows))] if rows else []


def _sharing(w: _Writer) -> Section:
    s = w.form.sharing
    who = "the perpetrator" if w.form.kind is Kind.DAPP else "the victim"
    rows = [w.row(f"Does {who} know of the referral", yes_no(s.victim_aware), "sharing.victim_aware")]
    if s.victim_aware is False:
        rows.append(w.free("Why not", s.not_aware_why, "sharing.not_aware_why", victim_side=True))
    rows.append(w.row(f"Consent given by {who}", yes_no(s.consent), "consent"))
    if s.consent is False:
        rows.append(w.free("Why there is no consent", s.no_consent_why, "sharing.no_consent_why", victim_side=True))
        for basis in s.lawful_basis:
            text = LAWFUL_BASIS_WORDS[basis]
            if basis is LawfulBasis.LOCAL_PROTOCOL and s.protocol_name:
                text += f": {s.protocol_name}"
            if basis is LawfulBasis.OTHER and s.basis_note and w.rules.identifying:
                text = s.basis_note
            rows.append(Row("Lawful basis for sharing without consent", text))
        if s.basis_note and LawfulBasis.OTHER not in s.lawful_basis:
            rows.append(w.free("The basis, in the referrer's words", s.basis_note, "sharing.basis_note",
                               victim_side=True))
    return Section("Knowing of the referral, consent and sharing", VICTIM, tuple(rows))


def _safety(w: _Writer) -> Section:
    f = w.form
    parts = (("Whom the victim is afraid of", f.afraid_of, "afraid_of"),
             ("Who is safe to contact", f.safe_to_contact, "safe_to_contact"),
             ("Who is not safe to contact", f.not_safe_to_contact, "not_safe_to_contact"))
    if not w.rules.victim_contact:  # the victim's own safety words go only where her contact details may
        return Section("Safety", VICTIM, tuple(w.row(label, None, field, allowed=False) for label, _, field in parts))
    return Section("Safety", VICTIM, tuple(w.free(label, value, field, victim_side=True)
                                           for label, value, field in parts))


def _history(w: _Writer) -> Section:
    f = w.form
    if not w.rules.history:  # the perpetrator is never told of a MARAC
        return Section("History and other agencies", REFERRAL, (
            w.row("Previous MARAC", None, "previous_marac", allowed=False),
            w.row("Other agencies involved", None, "other_agencies", allowed=False)))
    rows = [Row("Previous MARAC", ", ".join(part for part in (m.where, date_text(m.on) if m.on else None) if part)
                or NOT_KNOWN) for m in f.previous_marac] or [Row("Previous MARAC", "none recorded in this case")]
    rows += [w.row("Other agency involved", a, "other_agencies", allowed=w.rules.identifying)
             for a in f.other_agencies] or [Row("Other agencies involved", "none recorded in this case")]
    return Section("History and other agencies", REFERRAL, tuple(rows))


@dataclass(frozen=True)
class Copy:
    """One copy of a referral: all it says, and nothing more (its PDF is drawn from this alone, and
    this is what the PDF attaches, so no attachment carries what the pages withhold)."""

    kind: Kind
    profile: Profile
    risk_level: str | None
    headline: str  # the criteria met, or the DAPP's priority and pathway
    rests_on: str | None  # the main assessment in a phrase; None: it rests on none
    sections: tuple[Section, ...]

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "profile": self.profile.value, "risk_level": self.risk_level,
                "headline": self.headline, "rests_on": self.rests_on,
                "sections": [{"title": sec.title, "side": sec.side,
                              "rows": [vars(row) for row in sec.rows]} for sec in self.sections]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Copy:
        """A copy from its dict; ``ValueError`` (or ``KeyError``, ``TypeError``) when it is not one."""
        sections = tuple(Section(str(sec["title"]), str(sec["side"]),
                                 tuple(Row(str(r["label"]), str(r["text"]), str(r["state"]), str(r["field"]))
                                       for r in sec["rows"])) for sec in data["sections"])
        level, rests = data["risk_level"], data["rests_on"]
        return cls(Kind(data["kind"]), Profile(data["profile"]), None if level is None else str(level),
                   str(data["headline"]), None if rests is None else str(rests), sections)


def _headline(form: ReferralForm) -> str:
    if form.kind is Kind.DAPP:
        steps = "; ".join(step.name for step in form.pathway) or "none suggested"
        return f"Priority perpetrator: {yes_no(form.priority_perpetrator) or NOT_KNOWN}. Pathway: {steps}"
    if form.criteria:
        return "MARAC criteria met: " + "; ".join(c.name for c in form.criteria)
    return "No MARAC criterion met: a referral by the practitioner's choice"


def copy_of(form: ReferralForm, profile: Profile | str | None = None) -> Copy:
    """What a copy of ``form`` under ``profile`` (the kind's own by default) says."""
    chosen = Profile(profile) if profile is not None else PROFILE_OF_KIND[form.kind]
    a = form.assessment
    rests = None if a is None else (f"{a.title}, {date_text(a.assessed_on)}" if a.assessed_on else a.title) + (
        f" ({a.summary})")
    return Copy(form.kind, chosen, form.risk_level, _headline(form), rests, sheet(form, chosen))


def sheet(form: ReferralForm, profile: Profile | str | None = None) -> tuple[Section, ...]:
    """What a copy of ``form`` under ``profile`` (the kind's own by default) says, section by section:
    the only text a referral document writes."""
    w = _Writer(form, Profile(profile) if profile is not None else PROFILE_OF_KIND[form.kind])
    people = {Kind.MARAC: [_victim(w), *_perpetrators(w), *_children(w)],
              Kind.CHILDRENS_SERVICES: [*_children(w), _victim(w), *_perpetrators(w)],
              Kind.DAPP: [*_perpetrators(w), _victim(w), *_children(w)]}[form.kind]
    return (_referral(w), *people, _risk(w), *_household(w), _sharing(w), _safety(w), _history(w))


def not_known(sections: Iterable[Section]) -> list[str]:
    """The fields a copy prints as "not known" (what its first page lists as missing)."""
    return [row.field for s in sections for row in s.rows if row.state == UNKNOWN and row.field]
