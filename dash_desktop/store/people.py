"""The people in a household: add and change (name, role, date of birth, contact and household
details, equality monitoring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from dash_desktop.store import search
from dash_desktop.store.audit import Action
from dash_desktop.store.cases import check_person, find_case
from dash_desktop.store.errors import Conflict, NotFound
from dash_desktop.store.models import Case, Person, utcnow
from dash_desktop.store.records import PersonRecord
from dash_desktop.store.unit import Unit
from dash_desktop.store.vocabulary import (
    DETAIL_FIELDS,
    DETAIL_FLAG_FIELDS,
    EQUALITY_CHOICES,
    EQUALITY_FIELDS,
    EQUALITY_NOTE,
)

#: Every field of a person but its name, role and date of birth.
OTHER_FIELDS = frozenset({*EQUALITY_FIELDS, EQUALITY_NOTE, *DETAIL_FIELDS})
PERSON_FIELDS = frozenset({"name", "role", "date_of_birth", *OTHER_FIELDS})


def checked_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields as stored: text stripped (empty is None), each category and flag checked; a
    ``Conflict`` names the field and its choices. ``role`` and ``name`` are checked by ``check_person``."""
    if unknown := set(fields) - PERSON_FIELDS:
        raise Conflict(f"unknown person fields: {', '.join(sorted(unknown))}")
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str) and name != "name":
            value = value.strip() or None
        choices = EQUALITY_CHOICES.get(name)
        if choices is not None and value is not None and value not in set(choices):
            raise Conflict(f"{name} is one of: {', '.join(choices)} (not {str(value)[:40]!r})")
        if name in DETAIL_FLAG_FIELDS and value is not None and not isinstance(value, bool):
            raise Conflict(f"{name} is yes, no or not known (true, false or None)")
        if name == "date_of_birth" and value is not None and not isinstance(value, dt.date):
            raise Conflict("date_of_birth is a date")
        out[name] = value
    return out


class People:
    """``store.people``: the victims, perpetrators, children and other dependants of each case."""

    def __init__(self, unit: Unit) -> None:
        self._unit = unit

    def add(
        self, case: int | str, role: str, name: str, *, date_of_birth: dt.date | None = None, **fields: Any
    ) -> PersonRecord:
        """A new person; ``fields``: any of the equality fields (``gender``, ``ethnicity``... as their
        categories) and the details (``address``, ``phone``, ``safe_to_call``, ``school``...)."""
        if {"name", "role"} & set(fields):
            raise Conflict("name and role are given once, as the first arguments")
        values = checked_fields({**fields, "date_of_birth": date_of_birth})
        check_person(role, name)
        with self._unit.write() as s:
            c = find_case(s, case)
            person = Person(case_id=c.id, role=role, name=name.strip(), **values)
            s.add(person)
            c.updated_at = utcnow()
            s.flush()
            search.refresh(s, c.id)
            self._unit.audit(s, Action.CREATE, "person", person.id, {"case": c.id, "role": role})
            return PersonRecord.of(person)

    def update(self, person_id: int, **fields: Any) -> PersonRecord:
        """Change any of a person's fields (those :meth:`add` takes, and ``name``, ``role``,
        ``date_of_birth``)."""
        values = checked_fields(fields)
        with self._unit.write() as s:
            person = s.get(Person, person_id)
            if person is None:
                raise NotFound(f"no person {person_id} in this store")
            check_person(values.get("role", person.role), values.get("name", person.name))
            for name, value in values.items():
                setattr(person, name, value.strip() if name == "name" else value)
            case = s.get(Case, person.case_id)
            if case is not None:
                case.updated_at = utcnow()
            if "name" in values:
                search.refresh(s, person.case_id)
            self._unit.audit(s, Action.CHANGE, "person", person.id, {"case": person.case_id, "fields": sorted(values)})
            return PersonRecord.of(person)
