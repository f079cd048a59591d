"""``store.stats``: the facts a period's statistics are counted from (ids, dates, categories and
levels; never a name, reference or date of birth beyond the check of an age), handed to
:func:`dash_desktop.stats.count`."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import func, select

from dash_desktop.stats import AssessmentFact, CaseFact, PersonFact, ReferralFact, Statistics, count
from dash_desktop.store.errors import Conflict
from dash_desktop.store.models import Assessment, Case, Person, Referral
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import AssessmentStatus, ReferralKind, is_minoritised


def _criteria(value: object) -> tuple[str, ...]:
    """The ids of the MARAC criteria a stored result met (its ``marac.criteria``, as SQLite's
    ``json_extract`` gives it: JSON text)."""
    try:
        found = json.loads(value) if isinstance(value, str) else value
    except ValueError:
        return ()
    return tuple(c for c in found if isinstance(c, str)) if isinstance(found, list) else ()


class Stats:
    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def period(self, from_: dt.date, to: dt.date) -> Statistics:
        """The statistics of the days ``from_`` to ``to`` (both included)."""
        if not (isinstance(from_, dt.date) and isinstance(to, dt.date)):
            raise Conflict("a period runs from one date to another")
        if to < from_:
            raise Conflict(f"the period ends ({to.isoformat()}) before it starts ({from_.isoformat()})")
        with self._unit.read() as s:
            cases = [CaseFact(*row) for row in s.execute(select(Case.id, Case.area, Case.closed_on))]
            rows = s.execute(select(Assessment.id, Assessment.case_id, Assessment.assessed_on, Assessment.completed_at,
                                    Assessment.questionnaire_id, Assessment.risk_level,
                                    func.json_extract(Assessment.result, "$.marac.criteria"))
                             .where(Assessment.status != AssessmentStatus.DRAFT.value))
            assessments = [AssessmentFact(a_id, case_id, on or (done.date() if done else dt.date.min), q, level,
                                          _criteria(criteria))
                           for a_id, case_id, on, done, q, level, criteria in rows]
            referrals = [ReferralFact(case_id, kind, on or created.date(), a_id) for case_id, kind, on, created, a_id
                         in s.execute(select(Referral.case_id, Referral.kind, Referral.referred_on, Referral.created_at,
                                             Referral.assessment_id))]
            referred = {r.case_id for r in referrals if r.kind == ReferralKind.MARAC and from_ <= r.on <= to}
            people = [PersonFact(case_id, role, dob, band, gender, is_minoritised(ethnicity), disability, lgbt)
                      for case_id, role, dob, band, gender, ethnicity, disability, lgbt
                      in s.execute(select(Person.case_id, Person.role, Person.date_of_birth, Person.age_band,
                                          Person.gender, Person.ethnicity, Person.disability, Person.lgbt_plus)
                                   .where(Person.case_id.in_(referred)))]
        return count(from_, to, cases=cases, assessments=assessments, referrals=referrals, people=people,
                     kinds=[k.value for k in ReferralKind])
