from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_helpers import PASSPHRASE, snapshot

from dash_desktop.store import (
    AlreadyInitialised,
    Conflict,
    NotFound,
    NotInitialised,
    PassphraseRequired,
    PractitionerProfile,
    Store,
    StorePaths,
    WrongPassphrase,
)
from dash_desktop.store.keys import TEST_KDF


def test_create_then_open(store: Store, data_dir: Path) -> None:
    store.cases.add("HX-1")
    store.close()
    with Store.open(PASSPHRASE, data_dir) as again:
        assert [c.reference for c in again.case_list.page()] == ["HX-1"]
        assert again.practitioner().name == "Alex Practitioner"


def test_store_files_are_private(store: Store, data_dir: Path) -> None:
    assert data_dir.stat().st_mode & 0o077 == 0
    for f in (data_dir / "cases.db", data_dir / "keys.json"):
        assert f.stat().st_mode & 0o077 == 0


def test_create_refuses_an_existing_store(store: Store, data_dir: Path) -> None:
    with pytest.raises(AlreadyInitialised):
        Store.create(PASSPHRASE, PractitionerProfile("Someone"), data_dir, kdf=TEST_KDF)


def test_open_without_a_store(tmp_path: Path) -> None:
    with pytest.raises(NotInitialised):
        Store.open(PASSPHRASE, tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


def test_wrong_passphrase_writes_nothing(store: Store, data_dir: Path) -> None:
    store.cases.add("HX-1")
    store.close()
    before = snapshot(data_dir)
    with pytest.raises(WrongPassphrase):
        Store.open("not the passphrase", data_dir)
    assert snapshot(data_dir) == before


def test_no_passphrase_and_no_keychain(store: Store, data_dir: Path) -> None:
    store.close()
    with pytest.raises(PassphraseRequired):
        Store.open(None, data_dir)


def test_data_dir_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(tmp_path / "from-env"))
    with Store.create(PASSPHRASE, PractitionerProfile("Alex"), kdf=TEST_KDF) as s:
        assert s.paths.root == (tmp_path / "from-env").resolve()
    assert StorePaths.resolve().database.exists()


def test_case_references_are_unique_ignoring_case(store: Store) -> None:
    store.cases.add("HX-1")
    with pytest.raises(Conflict, match="already"):
        store.cases.add("hx-1")
    with pytest.raises(Conflict):
        store.cases.add("   ")


def test_case_with_people_referrals_and_notes(store: Store) -> None:
    case = store.cases.add("HX-7", area="Havant", review_on=dt.date(2026, 12, 1))
    victim = store.people.add(case.id, "victim", "Victim Name", gender="female", first_language="Nepali")
    store.people.add("HX-7", "perpetrator", "Perp Name")
    store.people.add("HX-7", "child", "Child 1", date_of_birth=dt.date(2019, 4, 1))
    store.people.add("HX-7", "other_dependant", "Nan")
    ref = store.records.add_referral("HX-7", "marac", referred_on=dt.date(2026, 11, 21))
    store.records.update_referral(ref.id, status="accepted", meeting_on=dt.date(2026, 12, 3))
    store.records.add_note("HX-7", "Called; safe to call on mobile after 6pm.", happened_on=dt.date(2026, 11, 20))
    got = store.cases.get("HX-7")
    assert [p.role for p in got.people] == ["victim", "perpetrator", "child", "other_dependant"]
    assert got.people[0].id == victim.id
    assert got.people[0].first_language == "Nepali"
    assert got.referrals[0].status == "accepted"
    assert got.referrals[0].meeting_on == dt.date(2026, 12, 3)
    assert got.notes[0].author == "Alex Practitioner"
    assert store.cases.get(case.id).reference == "HX-7"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: s.people.add("HX-1", "neighbour", "X"), "role"),
        (lambda s: s.people.add("HX-1", "victim", "X", shoe_size="9"), "unknown"),
        (lambda s: s.records.add_referral("HX-1", "police"), "referral"),
        (lambda s: s.records.add_referral("HX-1", "marac", status="lost"), "status"),
        (lambda s: s.cases.update("HX-1", status="archived"), "status"),
        (lambda s: s.records.add_note("HX-1", "  "), "text"),
    ],
)
def test_invalid_values_are_refused(store: Store, call: object, message: str) -> None:
    store.cases.add("HX-1")
    with pytest.raises(Conflict, match=message):
        call(store)  # type: ignore[operator]


def test_unknown_case(store: Store) -> None:
    with pytest.raises(NotFound, match="HX-404"):
        store.cases.get("HX-404")


def test_case_list_search_and_filters(store: Store) -> None:
    a = store.cases.add("HX-100", area="Havant", review_on=dt.date(2026, 12, 1))
    store.cases.add("SO-200", area="Southampton")
    c = store.cases.add("HX-300", area="Basingstoke")
    store.people.add(c.id, "victim", "Jo Bloggs")
    store.cases.update(a.id, status="closed")
    refs = lambda rows: [r.reference for r in rows]  # noqa: E731
    assert refs(store.case_list.page()) == ["HX-100", "HX-300", "SO-200"]  # most recently changed first
    assert refs(store.case_list.page(search="hx")) == ["HX-100", "HX-300"]
    assert refs(store.case_list.page(area="Southampton")) == ["SO-200"]
    assert refs(store.case_list.page(search="blog")) == ["HX-300"]
    assert refs(store.case_list.page(search="%")) == []  # wildcards are literal
    assert refs(store.case_list.page(search="o_B")) == []
    assert refs(store.case_list.page(status="open")) == ["HX-300", "SO-200"]
    assert refs(store.case_list.page(review_before=dt.date(2026, 12, 31))) == ["HX-100"]
    assert refs(store.case_list.page(limit=1, offset=1)) == ["HX-300"]
    assert store.case_list.count() == 3


def test_autosave_persists_each_answer(store: Store, data_dir: Path) -> None:
    case = store.cases.add("HX-1")
    draft = store.assessments.start(case.id, "dash-ric", assessed_on=dt.date(2026, 11, 20))
    assert store.assessments.save_answer(draft.id, "q1", "yes") == 1
    assert store.assessments.save_answer(draft.id, "q2", "no") == 2
    assert store.assessments.save_answer(draft.id, "q1", None) == 3  # cleared
    store.close()
    with Store.open(PASSPHRASE, data_dir) as again:
        (found,) = again.assessments.drafts()
        assert found.answers == {"q2": "no"}
        assert found.revision == 3
        assert again.assessments.recover(found.id).answers == {"q2": "no"}
        actions = [e.action for e in again.audit.events()]
        assert "recover" in actions


def test_completed_assessment_is_locked(store: Store) -> None:
    case = store.cases.add("HX-1")
    draft = store.assessments.start(case.id, "dash-ric", answers={"q1": "yes"})
    store.assessments.save_draft(draft.id, {"q1": "yes", "q2": "yes"})
    done = store.assessments.complete(draft.id, result={"risk_level": "high"}, risk_level="high", yes_count=2)
    assert done.status == "completed"
    assert store.cases.get("HX-1").risk_level == "high"
    assert store.case_list.page(risk_level="high")[0].reference == "HX-1"
    assert store.assessments.drafts() == []
    with pytest.raises(Conflict, match="locked"):
        store.assessments.save_answer(draft.id, "q3", "yes")
    with pytest.raises(Conflict, match="locked"):
        store.assessments.complete(draft.id, result={}, risk_level="standard", yes_count=0)


def test_subject_must_belong_to_the_case(store: Store) -> None:
    store.cases.add("HX-1")
    other = store.cases.add("HX-2")
    stranger = store.people.add(other.id, "victim", "Someone Else")
    with pytest.raises(NotFound):
        store.assessments.start("HX-1", "dash-ric", subject_person_id=stranger.id)


def test_signed_document_is_kept_byte_for_byte(store: Store) -> None:
    case = store.cases.add("HX-1")
    draft = store.assessments.start(case.id, "dash-ric")
    with pytest.raises(Conflict, match="draft"):
        store.documents.attach(draft.id, "a.pdf", b"%PDF-1.7 ...")
    store.assessments.complete(draft.id, result={}, risk_level="standard", yes_count=0)
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 10
    doc = store.documents.attach(draft.id, "assessment-1.pdf", pdf)
    assert store.documents.get(doc.id).content == pdf
    assert store.assessments.get(draft.id).status == "signed"


def test_delete_case_removes_its_records(store: Store) -> None:
    case = store.cases.add("HX-1")
    store.people.add(case.id, "victim", "V")
    store.assessments.start(case.id, "dash-ric")
    store.records.add_note(case.id, "text")
    store.cases.delete("HX-1")
    assert store.case_list.page() == []
    assert store.assessments.drafts() == []
    assert store.audit.events(1)[0].action == "delete"
    assert store.audit.verify().ok


def test_passphrase_change_rewraps_without_touching_the_database(store: Store, data_dir: Path) -> None:
    store.cases.add("HX-1")
    store.close()
    db = data_dir / "cases.db"
    with Store.open(PASSPHRASE, data_dir) as s:
        before = db.read_bytes()
        with pytest.raises(WrongPassphrase):
            s.change_passphrase("not it at all", "a brand new passphrase")
        s.change_passphrase(PASSPHRASE, "a brand new passphrase")
    # Only the audit event was added to the database: its first page (the SQLCipher salt) is the same.
    assert db.read_bytes()[:16] == before[:16]
    with pytest.raises(WrongPassphrase):
        Store.open(PASSPHRASE, data_dir)
    with Store.open("a brand new passphrase", data_dir) as s:
        assert [c.reference for c in s.case_list.page()] == ["HX-1"]


def test_two_writers_queue_instead_of_losing_answers(store: Store, data_dir: Path) -> None:
    """The app and a CLI (here: two Store objects on two threads) autosaving the same draft."""
    import threading

    case = store.cases.add("HX-1")
    draft = store.assessments.start(case.id, "dash-ric")
    other = Store.open(PASSPHRASE, data_dir)
    errors: list[BaseException] = []

    def save(s: Store, prefix: str) -> None:
        try:
            for n in range(40):
                s.assessments.save_answer(draft.id, f"{prefix}{n}", "yes")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(s, p)) for s, p in ((store, "a"), (other, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    saved = store.assessments.get(draft.id)
    assert len(saved.answers) == 80
    assert saved.revision == 80
    assert store.audit.verify().ok


def test_case_and_people_are_added_together_or_not_at_all(store: Store) -> None:
    with pytest.raises(Conflict, match="name"):
        store.cases.add("HX-1", people=[("victim", "V"), ("child", "  ")])
    assert store.case_list.page() == []
    store.cases.add("HX-1", people=[("victim", "V"), ("child", "Child 1")])
    assert [p.role for p in store.cases.get("HX-1").people] == ["victim", "child"]


def test_leftovers_of_interrupted_operations_are_swept_when_old(store: Store, data_dir: Path) -> None:
    import os
    import time

    old = [data_dir / ".restore-abc.db", data_dir / "backups" / ".dash-x.dashbak.1234.export"]
    fresh = data_dir / "backups" / ".dash-y.dashbak.5678.tmp"
    for path in (*old, fresh):
        path.write_bytes(b"encrypted leftovers")
    two_hours_ago = time.time() - 7200
    for path in old:
        os.utime(path, (two_hours_ago, two_hours_ago))
    keep = data_dir / "backups" / "unrelated.txt"
    keep.write_text("not ours")
    store.close()
    Store.open(PASSPHRASE, data_dir).close()
    assert not any(p.exists() for p in old)
    assert fresh.exists()
    assert keep.exists()


def test_an_amendment_points_back_to_a_completed_assessment_of_the_same_case(store: Store) -> None:
    case = store.cases.add("AM-0001")
    other = store.cases.add("AM-0002")
    draft = store.assessments.start(case.id, "dash-ric")
    with pytest.raises(Conflict, match="draft"):
        store.assessments.start(case.id, "dash-ric", amends=draft.id)
    store.assessments.complete(draft.id, result={}, risk_level="standard", yes_count=2)
    with pytest.raises(NotFound):
        store.assessments.start(other.id, "dash-ric", amends=draft.id)
    amendment = store.assessments.start(case.id, "dash-ric", amends=draft.id)
    assert store.assessments.get(amendment.id).amends_id == draft.id
