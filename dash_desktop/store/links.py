"""Serial-perpetrator links: the same person as the perpetrator in other cases (MATAC)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from dash_desktop.store.cases import find_case
from dash_desktop.store.models import Case, Person
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import Role


@dataclass(frozen=True)
class LinkedCase:
    """Another case in which the same person is the perpetrator."""

    case_id: int
    reference: str
    status: str
    person_id: int
    #: Matched on the name alone: one or both dates of birth are not recorded.
    possible: bool


@dataclass(frozen=True)
class SerialPerpetratorLink:
    """One perpetrator of a case, the other cases they are the perpetrator in, and how many distinct
    victims those cases and this one hold (MATAC: a serial perpetrator has 2 or more victims)."""

    person_id: int
    name: str
    date_of_birth: dt.date | None
    cases: tuple[LinkedCase, ...]  # the other cases, by reference
    victims: int  # distinct victims across this case and the linked ones
    #: The perpetrator in more than one case, or more than one victim across their cases.
    serial: bool

    @property
    def possible(self) -> bool:
        """Some link rests on the name alone (a date of birth is not recorded)."""
        return any(c.possible for c in self.cases)


def count_victims(victims: Sequence[tuple[str | None, dt.date | None]]) -> int:
    """Distinct victims by name key and date of birth; one with no date of birth is taken to be the
    same person as a namesake whose date is known (so the count is never inflated by a missing date)."""
    by_name: dict[str | None, set[dt.date | None]] = {}
    for key, dob in victims:
        by_name.setdefault(key, set()).add(dob)
    return sum(max(1, len(dobs - {None})) for dobs in by_name.values())


def _linked_cases(p: Any, namesakes: Sequence[Any]) -> dict[int, LinkedCase]:
    """The cases whose perpetrator is ``p``: the same name key, and the same date of birth where
    both are recorded (else a possible match); a sure match wins over a possible one in a case."""
    linked: dict[int, LinkedCase] = {}
    for n in namesakes:
        if n.name_key != p.name_key:
            continue
        if p.date_of_birth is not None and n.date_of_birth is not None and p.date_of_birth != n.date_of_birth:
            continue
        possible = p.date_of_birth is None or n.date_of_birth is None
        earlier = linked.get(n.case_id)
        if earlier is None or (earlier.possible and not possible):
            linked[n.case_id] = LinkedCase(n.case_id, n.reference, n.status, n.id, possible)
    return linked


class Links:
    """``store.links``: who is the perpetrator in more than one case."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def for_case(self, case: int | str) -> list[SerialPerpetratorLink]:
        """For each perpetrator in the case: the other cases where the same person is the perpetrator,
        and the distinct victims across all their cases.

        The same person: an equal :func:`~dash_desktop.store.models.name_key` and, when both are
        recorded, an equal date of birth; where either date is missing the name alone links, marked
        ``possible``. Two index lookups whatever the size of the store: perpetrators by (role,
        name_key), then the victims of the cases found, by case id.
        """
        with self._unit.read() as s:
            c = find_case(s, case)
            perpetrators = list(s.execute(
                select(Person.id, Person.name, Person.name_key, Person.date_of_birth)
                .where(Person.case_id == c.id, Person.role == Role.PERPETRATOR.value)
                .order_by(Person.id)
            ).all())
            if not perpetrators:
                return []
            keys = {p.name_key for p in perpetrators if p.name_key}
            namesakes = list(s.execute(
                select(Person.id, Person.case_id, Person.name_key, Person.date_of_birth, Case.reference, Case.status)
                .join(Case, Case.id == Person.case_id)
                .where(Person.role == Role.PERPETRATOR.value, Person.name_key.in_(keys), Person.case_id != c.id)
                .order_by(Case.reference, Person.id)
            ).all()) if keys else []
            case_ids = {c.id} | {n.case_id for n in namesakes}
            victims: dict[int, list[tuple[str | None, dt.date | None]]] = {}
            # By case id alone (the role is checked here): with the role in the query, SQLite would
            # rather walk every victim through the (role, name_key) index.
            for case_id, role, key, dob in s.execute(
                select(Person.case_id, Person.role, Person.name_key, Person.date_of_birth)
                .where(Person.case_id.in_(case_ids))
            ).all():
                if role == Role.VICTIM.value:
                    victims.setdefault(case_id, []).append((key, dob))
            this_case = c.id
        links = []
        for p in perpetrators:
            linked = _linked_cases(p, namesakes)
            count = count_victims([v for case_id in (this_case, *linked) for v in victims.get(case_id, [])])
            links.append(SerialPerpetratorLink(p.id, p.name, p.date_of_birth, tuple(linked.values()), count,
                                               serial=bool(linked) or count > 1))
        return links
