"""The worklist beside the case list: what needs doing in the open cases, soonest first: reviews
overdue and due within a week, MARAC meetings in the next fortnight, referrals sent without a reply,
and drafts left open."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass

from sqlalchemy import select

from dash_desktop.store.models import Assessment, Case, Referral
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import AssessmentStatus, CaseStatus, ReferralKind, ReferralStatus

#: How near a review or a MARAC meeting must be to be listed.
REVIEW_AHEAD = dt.timedelta(days=7)
MEETING_AHEAD = dt.timedelta(days=14)
#: Statuses after which a referral's meeting is no longer coming.
_NO_MEETING = (ReferralStatus.DECLINED.value, ReferralStatus.HEARD.value, ReferralStatus.CLOSED.value)


class WorkKind(enum.StrEnum):
    REVIEW_OVERDUE = "review_overdue"
    REVIEW_DUE = "review_due"
    MARAC_SOON = "marac_soon"
    NO_REPLY = "no_reply"
    DRAFT = "draft"


@dataclass(frozen=True)
class WorklistItem:
    """One thing to do: its ``kind`` (a :class:`WorkKind`), the case, the day it is due (for a
    draft, the day it was last saved) and what it is, in words."""

    kind: str
    case_id: int
    case_reference: str
    due_on: dt.date
    detail: str


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _review(case_id: int, reference: str, review_on: dt.date, today: dt.date) -> WorklistItem:
    if review_on < today:
        return WorklistItem(WorkKind.REVIEW_OVERDUE, case_id, reference, review_on,
                            f"Review overdue: it was due on {_day(review_on)}")
    return WorklistItem(WorkKind.REVIEW_DUE, case_id, reference, review_on, f"Review due on {_day(review_on)}")


def _referral(case_id: int, reference: str, kind: str, status: str, referred_on: dt.date | None,
              meeting_on: dt.date | None, created_at: dt.datetime, *, today: dt.date,
              reply_days: int) -> list[WorklistItem]:
    found = []
    if (kind == ReferralKind.MARAC and meeting_on is not None and status not in _NO_MEETING
            and today <= meeting_on <= today + MEETING_AHEAD):
        found.append(WorklistItem(WorkKind.MARAC_SOON, case_id, reference, meeting_on,
                                  f"MARAC meeting on {_day(meeting_on)}"))
    sent_on = referred_on or created_at.date()
    if status == ReferralStatus.SENT and (today - sent_on).days > reply_days:
        name = "children's services" if kind == ReferralKind.CHILDRENS_SERVICES else kind.upper()
        found.append(WorklistItem(WorkKind.NO_REPLY, case_id, reference, sent_on + dt.timedelta(days=reply_days),
                                  f"No reply to the {name} referral sent on {_day(sent_on)}"))
    return found


class Worklist:
    """``store.worklist``: the worklist, read afresh each time."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def items(self, today: dt.date, reply_days: int = 14) -> list[WorklistItem]:
        """What is due in the open cases on ``today``, by due date; a referral still ``sent`` more
        than ``reply_days`` after it was made is waiting for a reply."""
        open_case = Case.status == CaseStatus.OPEN.value
        with self._unit.read() as s:
            reviews = s.execute(select(Case.id, Case.reference, Case.review_on).where(
                open_case, Case.review_on <= today + REVIEW_AHEAD)).all()
            referrals = s.execute(select(Case.id, Case.reference, Referral.kind, Referral.status, Referral.referred_on,
                                         Referral.meeting_on, Referral.created_at)
                                  .join(Referral, Referral.case_id == Case.id).where(open_case)).all()
            drafts = s.execute(select(Case.id, Case.reference, Assessment.questionnaire_id, Assessment.updated_at)
                               .join(Assessment, Assessment.case_id == Case.id)
                               .where(open_case, Assessment.status == AssessmentStatus.DRAFT.value)).all()
        found = [_review(case_id, reference, review_on, today) for case_id, reference, review_on in reviews
                 if review_on is not None]
        for row in referrals:
            found += _referral(*row, today=today, reply_days=reply_days)
        found += [WorklistItem(WorkKind.DRAFT, case_id, reference, saved_at.date(),
                               f"Draft {questionnaire} left open, last saved on {_day(saved_at.date())}")
                  for case_id, reference, questionnaire, saved_at in drafts]
        order = list(WorkKind)
        return sorted(found, key=lambda i: (i.due_on, order.index(WorkKind(i.kind)), i.case_reference))
