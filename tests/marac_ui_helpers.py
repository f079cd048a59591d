"""A case with a household whose details are recorded, and completed assessments imported into the
store, for the MARAC screens' tests (importable as ``marac_ui_helpers``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from dash_desktop.assessment import parse_document
from dash_desktop.store import Store
from dash_desktop.store.interchange import import_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
VICTIM, PERPETRATOR, CHILD = "Aoife Ní Bhriain", "Darren Keel", "Maisie Keel"
VICTIM_BORN, PERPETRATOR_BORN, CHILD_BORN = dt.date(1990, 6, 1), dt.date(1987, 2, 3), dt.date(2019, 9, 9)
VICTIM_ADDRESS = "14 Orchard Close, Fareham PO16 7AA"
PERPETRATOR_ADDRESS = "3 Quay Street, Gosport PO12 1AB"
REFERENCE = "HANTS-2026-0413"
TODAY = dt.date(2026, 11, 25)


def household_case(store: Store, *, reference: str = REFERENCE, area: str | None = "fareham",
                   review_on: dt.date | None = None, children: bool = True) -> int:
    """A case with a victim, a perpetrator and (``children``) a child, their details recorded."""
    case = store.cases.add(reference, area=area, review_on=review_on)
    store.people.add(case.id, "victim", VICTIM, date_of_birth=VICTIM_BORN, gender="female", ethnicity="white_other",
                     disability="no", lgbt_plus="no", first_language="Irish", address=VICTIM_ADDRESS,
                     phone="07700 900123", safe_to_call=True, interpreter_needed=False,
                     relationship_to_perpetrator="ex-partner")
    store.people.add(case.id, "perpetrator", PERPETRATOR, date_of_birth=PERPETRATOR_BORN, address=PERPETRATOR_ADDRESS,
                     phone="07700 900999", relationship_to_victim="ex-partner")
    if children:
        store.people.add(case.id, "child", CHILD, date_of_birth=CHILD_BORN, relationship_to_victim="daughter",
                         relationship_to_perpetrator="daughter", school="Harbour Primary School")
    return case.id


def imported(store: Store, case_id: int, example: str, *, assessed_on: dt.date | None = None,
             subject_role: str = "victim", **answers: Any) -> int:
    """An example assessment imported into the case, completed, about the household's ``subject_role``."""
    data = json.loads((EXAMPLES / example).read_text("utf-8"))
    data["answers"].update(answers)
    data.pop("area", None)
    if assessed_on is not None:
        data["assessed_on"] = assessed_on.isoformat()
    subject = next(p.id for p in store.cases.get(case_id).people if p.role == subject_role)
    return import_document(store, case_id, parse_document(data), subject_person_id=subject).id
