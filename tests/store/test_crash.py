"""Crash safety: a child process saving in a loop is killed with SIGKILL at random moments, many
rounds; after each, the store opens, passes ``PRAGMA integrity_check``, and every record the child
reported as committed is there."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import text
from store_helpers import PASSPHRASE

from dash_desktop.store import Store
from dash_desktop.store.backup import list_backups

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")

SAVER = """
import os, sys
from dash_desktop.store import Store
store = Store.open(os.environ["DASH_DESKTOP_PASSPHRASE"], sys.argv[1])
print("ready", flush=True)
while True:
    a = store.assessments.start("HX-CRASH", "dash-ric", answers={"q1": "yes"})
    print(f"created {a.id}", flush=True)
    for n in range(2, 25):
        revision = store.assessments.save_answer(a.id, f"q{n}", "no")
        print(f"saved {a.id} q{n} {revision}", flush=True)
    store.assessments.complete(a.id, result={"yes_count": 1}, risk_level="standard", yes_count=1)
    print(f"completed {a.id}", flush=True)
"""

BACKER = """
import os, sys
from dash_desktop.store import Store
store = Store.open(os.environ["DASH_DESKTOP_PASSPHRASE"], sys.argv[1])
print("ready", flush=True)
while True:
    path = store.backup()
    print(f"backup {path}", flush=True)
"""


def _run_and_kill(script: str, data_dir: Path, delay: float) -> list[str]:
    env = {**os.environ, "DASH_DESKTOP_PASSPHRASE": PASSPHRASE}
    with subprocess.Popen(
        [sys.executable, "-c", script, str(data_dir)], stdout=subprocess.PIPE, env=env, text=True
    ) as child:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "ready"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out = child.stdout.read()
        child.wait()
    assert child.returncode == -signal.SIGKILL
    # A line cut off by the kill was never fully reported: only whole lines count.
    return out.splitlines()[: out.count("\n")]


def test_sigkill_while_autosaving_loses_nothing_committed(store: Store, data_dir: Path) -> None:
    store.cases.add("HX-CRASH")
    store.close()
    seed = int(os.environ.get("DASH_CRASH_SEED", random.randrange(1 << 30)))  # noqa: S311 - test timing, not crypto
    rng = random.Random(seed)  # noqa: S311
    reported: dict[int, dict[str, int]] = {}
    completed: set[int] = set()
    rounds = 12
    for _ in range(rounds):
        for line in _run_and_kill(SAVER, data_dir, rng.uniform(0.0, 0.6)):
            kind, ident, *rest = line.split()
            a_id = int(ident)
            if kind == "created":
                reported.setdefault(a_id, {})
            elif kind == "saved":
                reported.setdefault(a_id, {})[rest[0]] = int(rest[1])
            elif kind == "completed":
                completed.add(a_id)
        with Store.open(PASSPHRASE, data_dir) as s:
            with s.engine.connect() as conn:
                assert conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"], f"seed {seed}"
            assert s.audit.verify().ok, f"seed {seed}"
            for a_id, items in reported.items():
                a = s.assessments.get(a_id)
                for item, revision in items.items():
                    assert a.answers.get(item) == "no", f"seed {seed}: assessment {a_id} lost {item}"
                    assert a.revision >= revision
                if a_id in completed:
                    assert a.status == "completed"
    assert len(reported) >= 1, "the child never got to save anything"


def test_sigkill_while_writing_a_backup_leaves_no_half_file(store: Store, data_dir: Path) -> None:
    case = store.cases.add("HX-BIG")
    for n in range(200):
        store.records.add_note(case.id, "chronology entry " * 40 + str(n))
    store.close()
    rng = random.Random(os.environ.get("DASH_CRASH_SEED", "backups"))  # noqa: S311
    for _ in range(4):
        _run_and_kill(BACKER, data_dir, rng.uniform(0.05, 0.5))
        for path in list_backups(data_dir / "backups"):
            Store.verify_backup(path, PASSPHRASE, data_dir)
        with Store.open(PASSPHRASE, data_dir) as s:
            assert len(s.cases.get("HX-BIG").notes) == 200
