"""The people in a household: add and change (name, role, date of birth, equality monitoring)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dash_desktop.store import search
from dash_desktop.store.audit import Action
from dash_desktop.store.cases import check_person, find_case
from dash_desktop.store.errors import Conflict, NotFound
from dash_desktop.store.models import Case, Person, utcnow
from dash_desktop.store.records import PersonRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import EQUALITY_FIELDS

PERSON_FIELDS = frozenset({"name", "role", "date_of_birth", *EQUALITY_FIELDS})


class People:
    """``store.people``: the victims, perpetrators, children and other dependants of each case."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def add(
        self, case: int | str, role: str, name: str, *, date_of_birth: dt.date | None = None, **equality: str | None
    ) -> PersonRecord:
        check_person(role, name, equality)
        with self._unit.write() as s:
            c = find_case(s, case)
            person = Person(case_id=c.id, role=role, name=name.strip(), date_of_birth=date_of_birth, **equality)
            s.add(person)
            c.updated_at = utcnow()
            s.flush()
            search.refresh(s, c.id)
            self._unit.audit(s, Action.CREATE, "person", person.id, {"case": c.id, "role": role})
            return PersonRecord.of(person)

    def update(self, person_id: int, **fields: Any) -> PersonRecord:
        """Change a person's name, role, date of birth or equality-monitoring fields."""
        if unknown := set(fields) - PERSON_FIELDS:
            raise Conflict(f"unknown person fields: {', '.join(sorted(unknown))}")
        with self._unit.write() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person {person_id} in this store")
            equality = {k: v for k, v in fields.items() if k in EQUALITY_FIELDS}
            check_person(fields.get("role", person.role), fields.get("name", person.name), equality)
            for name, value in fields.items():
                setattr(person, name, value.strip() if name == "name" else value)
            case = s.get(Case, person.case_id)
            if case is not None:
                case.updated_at = utcnow()
            if "name" in fields:
                search.refresh(s, person.case_id)
            self._unit.audit(s, Action.CHANGE, "person", person.id, {"case": person.case_id, "fields": sorted(fields)})
            return PersonRecord.of(person)
