"""The case list: one page at a time, searched, filtered and sorted in the database."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Date, Integer, Select, bindparam, column, exists, func, select, table

from dash_desktop.store.errors import Conflict
from dash_desktop.store.models import CASE_SEARCH_INDEX, Case, Referral
from dash_desktop.store.search import TRIGRAM, like_escape, match_phrase, search_key
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import ReferralKind, ReferralStatus

PAGE_SIZE = 50

#: The columns the case list can be sorted by. Each is either indexed (its index also holds the row
#: id, so "column, id" is read straight off it, in either direction) or, for ``marac_on``, computed.
SORT_KEYS = ("reference", "area", "status", "review_on", "risk_level", "marac_on", "updated_at")

_SEARCH_INDEX = table(CASE_SEARCH_INDEX, column("rowid"), column("search_text"))

#: A search matching more cases than this is "common": the list is then read in its own sort order,
#: each case's folded text checked, which stops as soon as the page is full (a few rows per match
#: when matches are this dense), rather than fetching and sorting every match from the index.
COMMON = 500
_HOW_MANY = (
    select(func.count())
    .select_from(select(_SEARCH_INDEX.c.rowid).where(_SEARCH_INDEX.c.search_text.match(bindparam("phrase")))
                 .limit(COMMON + 1).subquery())
)


@dataclass(frozen=True)
class CaseRow:
    """One line of the case list."""

    id: int
    reference: str
    area: str | None
    status: str
    review_on: dt.date | None
    risk_level: str | None
    updated_at: dt.datetime
    #: The latest MARAC meeting date among the case's MARAC referrals that were not declined.
    marac_on: dt.date | None = None


@functools.cache
def _statement(
    search_by: str,
    area: bool,
    risk_level: bool,
    status: bool,
    review_before: bool,
    marac_from: bool,
    marac_to: bool,
    order_by: str,
    descending: bool,
) -> Select[int, str, str | None, str, dt.date | None, str | None, dt.datetime, dt.date | None]:
    """The case-list query for one combination of filters and one sort order, built once and reused
    (values are bound parameters), so SQLAlchemy's compiled-statement cache is hit without
    re-adapting the statement.

    ``search_by`` is "" (no search), "index" (the cases the trigram index finds, for three characters
    or more) or "scan" (the list in its sort order, a LIKE over each case's folded text: for one or
    two characters, or a search so common that the first page is soon full). Ties in the sort key are broken by the case
    id in the same direction, so pages are stable and an indexed column is read straight off its index.
    """
    marac = (
        Referral.case_id == Case.id,
        Referral.kind == ReferralKind.MARAC.value,
        Referral.status != ReferralStatus.DECLINED.value,
    )
    marac_on = select(func.max(Referral.meeting_on)).where(*marac).scalar_subquery()
    key = marac_on if order_by == "marac_on" else getattr(Case, order_by)
    query = select(
        Case.id, Case.reference, Case.area, Case.status, Case.review_on, Case.risk_level, Case.updated_at, marac_on
    ).order_by(*((key.desc(), Case.id.desc()) if descending else (key.asc(), Case.id.asc())))
    if search_by == "index":
        found = select(_SEARCH_INDEX.c.rowid).where(_SEARCH_INDEX.c.search_text.match(bindparam("phrase")))
        query = query.where(Case.id.in_(found))
    elif search_by == "scan":
        query = query.where(Case.search_text.like(bindparam("anywhere"), escape="\\"))
    if area:
        query = query.where(Case.area == bindparam("area"))
    if risk_level:
        query = query.where(Case.risk_level == bindparam("risk_level"))
    if status:
        query = query.where(Case.status == bindparam("status"))
    if review_before:
        query = query.where(Case.review_on <= bindparam("review_before", type_=Date()))
    if marac_from or marac_to:
        meeting = [*marac, Referral.meeting_on.is_not(None)]
        if marac_from:
            meeting.append(Referral.meeting_on >= bindparam("marac_from", type_=Date()))
        if marac_to:
            meeting.append(Referral.meeting_on <= bindparam("marac_to", type_=Date()))
        query = query.where(exists().where(*meeting))
    return query.limit(bindparam("limit", type_=Integer())).offset(bindparam("offset", type_=Integer()))


class CaseList:
    """``store.case_list``: the list the app opens on, and how many cases there are."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def page(
        self,
        *,
        search: str | None = None,
        area: str | None = None,
        risk_level: str | None = None,
        status: str | None = None,
        review_before: dt.date | None = None,
        marac_from: dt.date | None = None,
        marac_to: dt.date | None = None,
        order_by: str = "updated_at",
        descending: bool = True,
        limit: int = PAGE_SIZE,
        offset: int = 0,
    ) -> list[CaseRow]:
        """A page of the case list, by default most recently changed first.

        ``search`` matches any part of a reference, the area or a person's name, ignoring case and
        accents (see :mod:`dash_desktop.store.search`). ``area`` is an exact match. ``marac_from`` /
        ``marac_to`` keep cases with a MARAC meeting (of a referral not declined) in that range,
        inclusive. ``order_by`` is one of :data:`SORT_KEYS`; ties are broken by the case id in the
        same direction. SQLite puts empty values first when ascending.
        """
        if order_by not in SORT_KEYS:
            raise Conflict(f"the case list is sorted by one of: {', '.join(SORT_KEYS)}")
        key = search_key(search or "")
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        for name, value in (("area", area), ("risk_level", risk_level), ("status", status),
                            ("review_before", review_before), ("marac_from", marac_from), ("marac_to", marac_to)):
            if value:
                params[name] = value
        # A Core connection, not an ORM session: the list is read often and needs no identity map.
        with self._unit.connect() as conn:
            search_by = ""
            if len(key) >= TRIGRAM:
                params["phrase"] = match_phrase(key)
                search_by = "index" if int(conn.execute(_HOW_MANY, params).scalar_one()) <= COMMON else "scan"
            elif key:
                search_by = "scan"
            if search_by == "scan":
                params["anywhere"] = "%" + like_escape(key) + "%"
            statement = _statement(
                search_by, bool(area), bool(risk_level), bool(status), review_before is not None,
                marac_from is not None, marac_to is not None, order_by, descending,
            )
            rows = conn.execute(statement, params).all()
        return [CaseRow(*row) for row in rows]

    def count(self) -> int:
        """How many cases the store holds."""
        with self._unit.read() as s:
            return int(s.scalar(select(func.count()).select_from(Case)) or 0)

