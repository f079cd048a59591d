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
        # What the killed backup was writing is swept on this open, without waiting (issue 10, 16).
        assert sorted(p.name for p in (data_dir / "backups").iterdir() if p.name.startswith(".")) == []
        for path in data_dir.rglob("*"):
            assert path.stat().st_mode & 0o077 == 0, f"{path} is readable by others"


def test_what_a_killed_backup_was_putting_together_is_swept_at_once_and_a_running_one_is_left(
    store: Store, data_dir: Path
) -> None:
    from dash_desktop.store.backup import assembled
    from dash_desktop.store.lock import StoreLock

    store.close()
    backups = data_dir / "backups"
    backups.mkdir(exist_ok=True)
    killed = backups / ".dash-20261202T030313Z-manual.dashbak.5d0dfea2.export"  # its writer is dead
    orphan = backups / ".dash-20261202T030314Z-manual.dashbak.77aa0011.export.tmp"  # its staging is gone
    running = backups / ".dash-20261202T030315Z-manual.dashbak.1234abcd.export"  # another process writes it
    for path in (killed, assembled(killed), orphan, running, assembled(running)):
        path.write_bytes(b"half a backup")
    with StoreLock(running) as hold:
        assert hold.acquire(exclusive=True)
        Store.open(PASSPHRASE, data_dir).close()
        left = sorted(p.name for p in backups.iterdir() if p.name.startswith(".dash-"))
    assert left == sorted([running.name, assembled(running).name])


RESTORER = """
import os, sys
from dash_desktop.store import Store, restore
if len(sys.argv) > 3:  # die at the Nth file operation of the swap, as a kill would
    calls = {"n": 0}
    def dying(real):
        def step(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == int(sys.argv[3]):
                os._exit(9)
            return real(*args, **kwargs)
        return step
    restore.os.replace = dying(restore.os.replace)
    restore.atomic_write = dying(restore.atomic_write)
swap_in = restore.swap_in
def announced(*args):
    aside = swap_in(*args)
    print("committed", flush=True)  # the journal is gone: from here on the restore has happened
    return aside
restore.swap_in = announced
print("ready", flush=True)
Store.restore(sys.argv[2], os.environ["DASH_DESKTOP_PASSPHRASE"], sys.argv[1])[0].close()
print("restored", flush=True)
"""


def _restore_child(data_dir: Path, backup: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "DASH_DESKTOP_PASSPHRASE": PASSPHRASE}
    return subprocess.Popen([sys.executable, "-c", RESTORER, str(data_dir), str(backup), *extra],
                            stdout=subprocess.PIPE, env=env, text=True)


def _either_store(data_dir: Path, seed: object) -> str:
    """After an interrupted restore the store opens as the old one or the restored one, never as none."""
    with Store.open(PASSPHRASE, data_dir) as s:
        assert s.audit.verify().ok, f"seed {seed}: {s.audit.verify().describe()}"
        refs = {r.reference for r in s.case_list.page(limit=10)}
    assert refs in ({"HX-THEN"}, {"HX-THEN", "HX-NOW"}), f"seed {seed}: {refs}"
    return "restored" if refs == {"HX-THEN"} else "old"


@pytest.fixture
def restorable(store: Store, data_dir: Path, tmp_path: Path) -> Path:
    store.cases.add("HX-THEN")
    backup = store.backup(tmp_path / "then.dashbak")
    store.cases.add("HX-NOW")
    store.close()
    return backup


@pytest.mark.parametrize("step", range(1, 13))
def test_a_restore_stopped_at_any_step_gives_back_a_store(restorable: Path, data_dir: Path, step: int) -> None:
    with _restore_child(data_dir, restorable, str(step)) as child:
        out, _ = child.communicate()
    outcome = _either_store(data_dir, step)
    assert not (data_dir / "restore-in-progress.json").exists()
    assert outcome == ("restored" if "committed" in out else "old")  # rolled back unless it had finished


def test_sigkill_during_restores_never_leaves_no_store(restorable: Path, data_dir: Path) -> None:
    seed = os.environ.get("DASH_CRASH_SEED", "restores")
    rng = random.Random(seed)  # noqa: S311
    for _ in range(6):
        with _restore_child(data_dir, restorable) as child:
            assert child.stdout is not None and child.stdout.readline().strip() == "ready"
            time.sleep(rng.uniform(0.0, 0.4))
            child.send_signal(signal.SIGKILL)
            child.communicate()
        _either_store(data_dir, seed)
