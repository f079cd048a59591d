"""The audit chain's anchored end and the records it covers (issue 10, defects 14 and 17): a
truncated tail, an emptied table, a forged appended event and a direct edit of a completed record
are all reported by ``audit verify``; a row whose detail is not JSON or whose time is not a date is a
broken link named by its event, never a traceback."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from sqlalchemy import text
from store_helpers import PASSPHRASE

from dash_desktop.cli import main
from dash_desktop.store import BackupError, Store
from dash_desktop.store import backup as backups
from dash_desktop.store.anchor import Anchor, AnchorState, Mark
from dash_desktop.store.audit import append, chain_end


@pytest.fixture
def worked(store: Store) -> Store:
    case = store.cases.add("HX-1")
    draft = store.assessments.start(case.id, "dash-ric")
    for n in range(1, 6):
        store.assessments.save_answer(draft.id, f"q{n}", "yes")
    store.assessments.complete(draft.id, result={"risk_level": "standard"}, risk_level="standard", yes_count=5)
    return store


def _sql(store: Store, statement: str) -> None:
    """What a person holding the data key can do to the database alone (no anchor is touched)."""
    with store.engine.begin() as conn:
        conn.execute(text(statement))


def _reopened(store: Store, data_dir: Path) -> Store:
    store.close()
    return Store.open(PASSPHRASE, data_dir)


def test_an_untouched_store_verifies_and_its_anchor_matches(worked: Store, data_dir: Path) -> None:
    with _reopened(worked, data_dir) as s:
        report = s.audit.verify()
        assert report.ok, report.describe()
        assert report.notes == ()
        anchor = s.unit.anchor
        assert anchor is not None
        state = anchor.read()
        assert state is not None and state.pending == Mark(report.count, report.head)
    assert oct((data_dir / "audit-anchor.json").stat().st_mode & 0o777) == "0o600"


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 4 FROM audit_events)",  # a truncated tail
        "DELETE FROM audit_events",  # an emptied table
    ],
    ids=["truncated-tail", "emptied-table"],
)
def test_removing_the_end_of_the_chain_is_reported(worked: Store, data_dir: Path, statement: str) -> None:
    _sql(worked, statement)
    with _reopened(worked, data_dir) as s:
        report = s.audit.verify()
    assert not report.ok
    assert "did not end where its anchor said" in report.describe()


def test_a_forged_event_appended_with_a_good_hash_is_reported(worked: Store, data_dir: Path) -> None:
    from sqlalchemy.orm import Session

    with Session(worked.engine) as s, s.begin():  # the chain's own code, without the anchor
        append(s, "export", actor="someone else", entity="assessment", entity_id=1, detail={"to": "stdout"})
    with _reopened(worked, data_dir) as s:
        report = s.audit.verify()
    assert not report.ok
    assert "did not end where its anchor said" in (report.problem or "")


def test_a_direct_edit_of_a_completed_assessment_is_reported(worked: Store, data_dir: Path) -> None:
    _sql(worked, "UPDATE assessments SET risk_level = 'high', answers = '{\"q1\": \"no\"}' WHERE id = 1")
    with _reopened(worked, data_dir) as s:
        report = s.audit.verify()
    assert not report.ok
    assert "assessment 1 was changed after it was completed" in report.describe()


def test_a_completed_assessment_made_a_draft_again_is_reported(worked: Store, data_dir: Path) -> None:
    _sql(worked, "UPDATE assessments SET status = 'draft' WHERE id = 1")
    with _reopened(worked, data_dir) as s:
        assert "is a draft again" in s.audit.verify().describe()


def test_a_removed_anchor_file_is_reported(worked: Store, data_dir: Path) -> None:
    worked.close()
    (data_dir / "audit-anchor.json").unlink()
    with Store.open(PASSPHRASE, data_dir) as s:
        report = s.audit.verify()
    assert not report.ok
    assert "anchor file was missing" in (report.problem or "")


def test_a_program_stopped_between_sealing_and_saving_is_a_note_not_a_break(worked: Store, data_dir: Path) -> None:
    anchor = worked.unit.anchor
    assert anchor is not None
    with worked.engine.connect() as conn:
        end = Mark(*chain_end(conn.connection.dbapi_connection))
    anchor.write(AnchorState(committed=end, pending=Mark(end.count + 1, "f" * 64)))  # sealed, never committed
    with _reopened(worked, data_dir) as s:
        report = s.audit.verify()
    assert report.ok, report.describe()
    assert any("stopped after sealing a change" in n for n in report.notes)


@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_events SET detail = 'not json {' WHERE seq = 3", "its detail is not a JSON object"),
        ("UPDATE audit_events SET detail = '[1, 2]' WHERE seq = 3", "its detail is not a JSON object"),
        ("UPDATE audit_events SET at = 'yesterday' WHERE seq = 3", "its time is not a date and time"),
        ("UPDATE audit_events SET at = 12 WHERE seq = 3", "its time is not a date and time"),
    ],
)
def test_a_row_that_cannot_be_read_is_a_broken_link_named_by_its_event(
    worked: Store, data_dir: Path, statement: str, problem: str, capsys: pytest.CaptureFixture[str],
    passphrase_file: Path,
) -> None:
    _sql(worked, statement)
    report = worked.audit.verify()
    assert not report.ok
    assert report.broken_seq == 3
    assert problem in report.describe()
    worked.close()
    common = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]
    assert main(["audit", "verify", *common]) == 1
    assert main(["audit", "log", "--limit", "50", *common]) == 0
    err = capsys.readouterr().err
    assert "audit chain broken at event 3" in err and "Traceback" not in err


def test_audit_verify_exits_1_on_a_truncated_tail(
    worked: Store, data_dir: Path, passphrase_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _sql(worked, "DELETE FROM audit_events WHERE seq > 3")
    worked.close()
    assert main(["audit", "verify", "--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]) == 1
    assert "did not end where its anchor said" in capsys.readouterr().err


def test_every_backup_carries_the_anchor_of_its_chain(worked: Store, tmp_path: Path) -> None:
    path = worked.backup(tmp_path / "b.dashbak")
    manifest, _ = backups.read_manifest(path)
    assert manifest.audit_anchor is not None
    Store.verify_backup(path, PASSPHRASE, tmp_path)
    # A manifest whose anchor does not match the database it carries is refused.
    forged = Anchor(path, worked._data_key, worked.store_id).seal(AnchorState(Mark(1, "0" * 64), Mark(1, "0" * 64)))
    manifest_, offset = backups.read_manifest(path)
    data = manifest_.to_dict()
    data["audit_anchor"] = forged
    blob = json.dumps(data).encode("utf-8")
    path.write_bytes(backups.MAGIC + struct.pack(">I", len(blob)) + blob + path.read_bytes()[offset:])
    with pytest.raises(BackupError, match="audit chain ends at event"):
        Store.verify_backup(path, PASSPHRASE, tmp_path)


def test_a_restored_store_verifies(worked: Store, data_dir: Path, tmp_path: Path) -> None:
    path = worked.backup(tmp_path / "b.dashbak")
    worked.close()
    restored, aside = Store.restore(path, PASSPHRASE, data_dir)
    with restored:
        report = restored.audit.verify()
    assert report.ok, report.describe()
    assert aside is not None and (aside / "audit-anchor.json").exists()
