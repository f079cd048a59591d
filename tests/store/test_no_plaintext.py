"""No plaintext anywhere: distinctive names go in through the CLI and the API, then every file in the
data folder (database, WAL, header, backups, files kept aside by a restore) and the temp folder the
program used is searched for them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from store_helpers import PASSPHRASE

from dash_desktop.store import Store

CANARIES = [
    "Zebedee Quartermaine",
    "Mallory Ostrogoth",
    "Peregrine Smallchild",
    "CANARY-REF-8841",
    "Ochre Pangolin Incident",
    "Tarragon Marmalade Street",
    "Practitioner Wolfsbane",
    PASSPHRASE,
]


def _encodings(text: str) -> list[bytes]:
    forms = {text, text.lower(), text.upper()}
    return [f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le", "utf-16-be")]


def _hits(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if not path.is_file():
                continue
            data = path.read_bytes()
            for canary in CANARIES:
                if any(needle in data for needle in _encodings(canary)):
                    found.append(f"{path}: {canary!r}")
    return found


def _cli(*args: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "dash_desktop", *args], env=env, check=True, capture_output=True)


def test_no_case_data_in_clear_anywhere(tmp_path: Path) -> None:
    data, tmp = tmp_path / "data", tmp_path / "tmp"
    tmp.mkdir()
    env = {
        **os.environ,
        "DASH_DESKTOP_DATA": str(data),
        "DASH_DESKTOP_PASSPHRASE": PASSPHRASE,
        "TMPDIR": str(tmp),
        "SQLITE_TMPDIR": str(tmp),
    }
    _cli("init", "--name", "Practitioner Wolfsbane", env=env)
    _cli(
        "cases", "add", "CANARY-REF-8841", "--area", "Havant",
        "--victim", "Zebedee Quartermaine", "--perpetrator", "Mallory Ostrogoth", "--child", "Peregrine Smallchild",
        env=env,
    )  # fmt: skip
    answers = {f"q{n}": "yes" if n <= 14 else "no" for n in range(1, 25)}
    answers.update(q1_detail="Ochre Pangolin Incident", incidents_12m=2, children_count=1)
    doc = {"format": "dash-desktop.assessment/1", "questionnaire": {"id": "dash-ric"}, "assessed_on": "2026-11-20"}
    source = tmp_path / "outside" / "assessment.json"
    source.parent.mkdir()
    source.write_text(json.dumps({**doc, "answers": answers}))
    _cli("assess", "import", str(source), "--case", "CANARY-REF-8841", env=env)
    _cli("backup", env=env)
    backup = sorted((data / "backups").glob("*.dashbak"))[-1]
    _cli("restore", str(backup), env=env)

    # And through the API, searching while the store is open, its write-ahead log live.
    with Store.open(PASSPHRASE, data) as store:
        case = store.cases.get("CANARY-REF-8841")
        assert case.people[0].name == "Zebedee Quartermaine"  # the data is really there
        store.records.add_note(case.id, "Moved to Tarragon Marmalade Street")
        draft = store.assessments.start(case.id, "dash-ric")
        store.assessments.save_answer(draft.id, "q3_detail", "Ochre Pangolin Incident")
        store.backup()
        assert any(p.name.endswith("-wal") for p in data.iterdir())
        assert _hits(data, tmp) == []
    assert _hits(data, tmp) == []
    assert len(list(data.rglob("*"))) >= 6  # database, header, backups, the files a restore kept aside
    # Not even SQLite's own file header is readable: every database and backup copy is SQLCipher.
    for path in data.rglob("*"):
        if path.is_file():
            assert b"SQLite format 3" not in path.read_bytes(), path
