"""Migration 0012: the free-text equality fields become categories and nothing typed is lost; the
rebuilt referrals and signed documents keep every row."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import text
from store_helpers import PASSPHRASE

from dash_desktop.store import Store, migrate

PEOPLE = [
    # (gender, ethnicity, disability, lgbt_plus, armed_forces)
    ("F", "White - British", "Yes", None, "no"),
    ("Woman (trans)", "Pakistani", "deaf", "Gay", "Veteran"),
    ("MALE", "prefer not to say", "n", "unknown", ""),
]


def _stored_before_0012(store: Store) -> tuple[int, int, int]:
    case = store.cases.add("HX-1")
    referral = store.records.add_referral(case.id, "marac", status="sent", referred_on=dt.date(2026, 9, 1),
                                          detail="to the Havant MARAC")
    done = store.assessments.start(case.id, "dash-ric")
    store.assessments.complete(done.id, result={}, risk_level="high", yes_count=15)
    doc = store.documents.attach(done.id, "report.pdf", b"%PDF signed")
    with store.engine.begin() as conn:
        migrate.downgrade(conn, "0011")
        for n, values in enumerate(PEOPLE):
            conn.execute(text("INSERT INTO people (case_id, role, name, name_key, gender, ethnicity, disability, "
                              "lgbt_plus, armed_forces, created_at) VALUES (:case, 'victim', :name, :name, :g, :e, "
                              ":d, :l, :a, '2026-11-01 10:00:00')"),
                         {"case": case.id, "name": f"person {n}", "g": values[0], "e": values[1], "d": values[2],
                          "l": values[3], "a": values[4]})
    return case.id, referral.id, doc.id


def test_free_text_becomes_categories_and_the_rest_is_kept_word_for_word(store: Store, data_dir: Path) -> None:
    case_id, referral_id, doc_id = _stored_before_0012(store)
    store.close()
    with Store.open(PASSPHRASE, data_dir) as s:
        people = sorted(s.cases.get(case_id).people, key=lambda p: p.name)
        assert [(p.gender, p.ethnicity, p.disability, p.lgbt_plus, p.armed_forces) for p in people] == [
            ("female", "white_british", "yes", None, "no"),
            (None, "asian", None, "yes", "yes"),
            ("male", "prefer_not_to_say", "no", "not_known", None),
        ]
        assert people[0].equality_note is None
        assert people[1].equality_note == ("gender: Woman (trans)\nethnicity: Pakistani\ndisability: deaf\n"
                                           "lgbt_plus: Gay\narmed_forces: Veteran")
        assert people[2].equality_note is None
        (referral,) = s.records.referrals(case_id)
        assert (referral.id, referral.status, referral.detail, referral.form, referral.actions) == (
            referral_id, "sent", "to the Havant MARAC", None, ())
        assert s.documents.get(doc_id).content == b"%PDF signed"
        assert [n.incident for n in s.cases.get(case_id).notes] == []
        assert s.cases.get(case_id).close_outcome is None
        assert s.audit.verify().ok
