"""A perpetrator known in two cases, for the perpetrator record's tests (importable as
``record_helpers``)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from dash_desktop.assessment import parse_document
from dash_desktop.store import Store
from dash_desktop.store.interchange import import_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
DOB = dt.date(1988, 4, 2)


def example(name: str, assessed_on: str, **answers: Any) -> Any:
    data = json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    data["assessed_on"] = assessed_on
    data["answers"].update(answers)
    return parse_document(data)


def two_cases(store: Store) -> tuple[int, int, int, int]:
    """Kev Bloggs (same name and date of birth) in a current and an older case, assessed in both,
    with a DAPP referral in the current one. Returns (case, person, older case, older person)."""
    older = store.cases.add("HX-2023-0117", area="Havant")
    store.people.add(older.id, "victim", "Sam Smith")
    old_kev = store.people.add(older.id, "perpetrator", "KEV  BLOGGS", date_of_birth=DOB)
    import_document(store, older.id, example("perpetrator-high-risk-complex-needs.json", "2023-05-10",
                                                most_recent_incident_on="2023-04-28"),
                    subject_person_id=old_kev.id)
    store.cases.update(older.id, status="closed")

    case = store.cases.add("HX-2026-0500", area="Gosport")
    store.people.add(case.id, "victim", "Jo Bloggs")
    kev = store.people.add(case.id, "perpetrator", "Kev Bloggs", date_of_birth=DOB, gender="male",
                           ethnicity="white_british", first_language="English")
    store.people.add(case.id, "child", "Child 1", age_band="5-9")
    a = import_document(store, case.id, example("perpetrator-priority-high-harm.json", "2026-11-20",
                                                motivation="motivated", justice_route="conditional_caution"),
                        subject_person_id=kev.id)
    store.records.add_referral(case.id, "dapp", status="accepted", referred_on=dt.date(2026, 11, 21),
                               detail="RADAR intake booked", assessment_id=a.id)
    store.records.add_referral(case.id, "marac", status="sent", referred_on=dt.date(2026, 11, 3),
                               meeting_on=dt.date(2026, 11, 27))
    return case.id, kev.id, older.id, old_kev.id
