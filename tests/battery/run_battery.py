"""The reliability and security battery of issue 10, larger than the suite's bounded loops:

    .venv/bin/python tests/battery/run_battery.py [--rounds N] [--seed S]

It prints, for each kind of attack, how many were tried and what each produced. Not collected by
pytest (the suite runs bounded versions of each kind: tests/store/test_crash.py,
tests/store/test_audit_anchor.py, tests/reports/test_hardening.py, tests/reports/test_fuzz.py,
tests/cli/test_odd_arguments.py, tests/questionnaires/test_hostile_definitions.py).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "dash-ric-14-yes.json"
PASSPHRASE = "correct horse battery staple"

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

RESTORER = """
import os, sys
from dash_desktop.store import Store
print("ready", flush=True)
Store.restore(sys.argv[2], os.environ["DASH_DESKTOP_PASSPHRASE"], sys.argv[1])[0].close()
"""


def _new_store(root: Path) -> Any:
    from dash_desktop.store import PractitionerProfile, Store
    from dash_desktop.store.keys import TEST_KDF

    return Store.create(PASSPHRASE, PractitionerProfile("Alex Practitioner", "IDVA", "SDAS"), root, kdf=TEST_KDF)


def _kill_after(script: str, args: list[str], delay: float) -> str:
    env = {**os.environ, "DASH_DESKTOP_PASSPHRASE": PASSPHRASE}
    with subprocess.Popen([sys.executable, "-c", script, *args], stdout=subprocess.PIPE, env=env, text=True) as child:
        assert child.stdout is not None
        child.stdout.readline()
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out = child.stdout.read()
    return out[: out.rfind("\n") + 1]


def kill_rounds(work: Path, rounds: int, rng: random.Random) -> collections.Counter[str]:
    from dash_desktop.store import Store

    found: collections.Counter[str] = collections.Counter()
    root = work / "kill"
    with _new_store(root) as s:
        s.cases.add("HX-CRASH")
    reported: dict[int, dict[str, int]] = {}
    for _ in range(rounds):
        for line in _kill_after(SAVER, [str(root)], rng.uniform(0.0, 0.8)).splitlines():
            kind, ident, *rest = line.split()
            if kind == "saved":
                reported.setdefault(int(ident), {})[rest[0]] = int(rest[1])
                found["commits reported"] += 1
        with Store.open(PASSPHRASE, root) as s:
            with s.engine.connect() as conn:
                ok = conn.execute(text("PRAGMA integrity_check")).scalars().all() == ["ok"]
            found["rounds" if ok else "corrupt stores"] += 1
            report = s.audit.verify()
            found["audit intact" if report.ok else "audit broken"] += 1
            found["rounds with a 'stopped before saving' note"] += bool(report.notes)
            for a_id, items in reported.items():
                answers = s.assessments.get(a_id).answers
                found["lost committed answers"] += sum(answers.get(item) != "no" for item in items)
    return found


def restore_kills(work: Path, rounds: int, rng: random.Random) -> collections.Counter[str]:
    from dash_desktop.store import Store

    found: collections.Counter[str] = collections.Counter()
    root = work / "restore"
    with _new_store(root) as s:
        s.cases.add("HX-THEN")
        backup = s.backup(work / "then.dashbak")
        s.cases.add("HX-NOW")
    for _ in range(rounds):
        _kill_after(RESTORER, [str(root), str(backup)], rng.uniform(0.0, 0.5))
        refs: set[str] = set()
        try:
            with Store.open(PASSPHRASE, root) as s:
                refs = {r.reference for r in s.case_list.page(limit=10)}
                found["old store back" if "HX-NOW" in refs else "restored store"] += 1
                found["audit intact" if s.audit.verify().ok else "audit broken"] += 1
        except Exception as exc:  # what the battery looks for: any failure to open
            found[f"no store ({type(exc).__name__})"] += 1
        if "HX-NOW" not in refs:  # put the newer store back for the next round
            with Store.open(PASSPHRASE, root) as s:
                s.cases.add("HX-NOW")
    return found


def tampered_pdfs(work: Path, flips: int, rng: random.Random) -> collections.Counter[str]:
    from dash_desktop.assessment import read_document
    from dash_desktop.reports.export import build_report
    from dash_desktop.reports.header import ReportHeader
    from dash_desktop.reports.identity import create_identity
    from dash_desktop.reports.verify import ReportUnreadable, ReportUnsigned, verify_report

    found: collections.Counter[str] = collections.Counter()
    identity = create_identity("Alex Practitioner", "SDAS", "IDVA")
    pdf = build_report(read_document(EXAMPLE), ReportHeader("Alex Practitioner", "SDAS", "IDVA"),
                       identity=identity).pdf
    sig_start = pdf.index(b"/Contents <") + len(b"/Contents ")
    sig_end = pdf.index(b">", sig_start) + 1
    regions = {"anywhere": (0, len(pdf)), "signature field": (sig_start, sig_end)}
    for region, (lo, hi) in regions.items():
        for _ in range(flips):
            data = bytearray(pdf)
            position = rng.randrange(lo, hi)
            data[position] = rng.choice([c for c in b"0123456789abcdefABCDEF x" if c != data[position]])
            try:
                v = verify_report(bytes(data), [identity.certificate])
                found[f"{region}: {'ACCEPTED' if v.sound else 'refused'}"] += 1
            except (ReportUnreadable, ReportUnsigned):
                found[f"{region}: refused (unreadable)"] += 1
    return found


def fuzzed_assessments(work: Path, count: int, rng: random.Random) -> collections.Counter[str]:
    from dash_desktop.cli import main

    found: collections.Counter[str] = collections.Counter()
    root = work / "fuzz-store"
    _new_store(root).close()
    base = json.loads(EXAMPLE.read_text("utf-8"))
    values: list[Any] = ["\ud800", "\udfff", "x" * 6000, "line\n" * 300, None, 10**40, -1,
                         1e308, float("nan"), [], {}, {"a": {"b": {"c": {}}}}, "yes", "dont_know", "2026-02-30",
                         "Zoë " * 2000, "", True]
    common = ["--data-dir", str(root), "--passphrase-file", str(work / "pass.txt")]
    (work / "pass.txt").write_text(PASSPHRASE + "\n")
    with contextlib.redirect_stdout(io.StringIO()):
        main(["cases", "add", "HX-F", *common])
    for n in range(count):
        doc = json.loads(json.dumps(base))
        for _ in range(rng.randint(1, 3)):
            where = rng.choice(["answers", "answers", "sources", "meta", "top"])
            key = rng.choice(["q1", "q1_detail", "incidents_12m", "professional_judgement_reason", "extra",
                              "assessed_on", "subject"])
            value = rng.choice(values)
            if where == "top":
                doc[key] = value
            else:
                doc.setdefault(where, {})[key] = value
        path = work / f"fuzz-{n}.json"
        raw = json.dumps(doc, ensure_ascii=True)  # surrogates written as \\ud800 escapes
        if rng.random() < 0.05:
            raw = raw.replace('"incidents_12m": 3', '"incidents_12m": ' + "9" * 4400)
        path.write_text(raw, "utf-8")
        for command in (["score", str(path)], ["export", "--from-json", str(path), str(work / f"r{n}.pdf"),
                                                 *common], ["assess", "import", str(path), "--case", "HX-F", *common]):
            err = io.StringIO()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
                code = main(command)
            outcome = "traceback" if "Traceback" in err.getvalue() else f"exit {code}"
            found[f"{command[0]}: {outcome}"] += 1
            found["longest message"] = max(found["longest message"], len(err.getvalue()))
    return found


def audit_tampering(work: Path) -> collections.Counter[str]:
    from dash_desktop.store import Store
    from dash_desktop.store.audit import append

    found: collections.Counter[str] = collections.Counter()
    attacks = {
        "truncated tail": "DELETE FROM audit_events WHERE seq > (SELECT max(seq) - 3 FROM audit_events)",
        "emptied table": "DELETE FROM audit_events",
        "edited completed record": "UPDATE assessments SET risk_level = 'standard' WHERE status = 'completed'",
        "detail not JSON": "UPDATE audit_events SET detail = '{' WHERE seq = 2",
        "time not a date": "UPDATE audit_events SET at = 'soon' WHERE seq = 2",
        "forged appended event": None,
        "anchor file removed": None,
    }
    for name, statement in attacks.items():
        root = work / f"audit-{len(found)}"
        with _new_store(root) as s:
            case = s.cases.add("HX-A")
            draft = s.assessments.start(case.id, "dash-ric")
            s.assessments.complete(draft.id, result={}, risk_level="high", yes_count=14)
            if statement is not None:
                with s.engine.begin() as conn:
                    conn.execute(text(statement))
            elif name.startswith("forged"):
                from sqlalchemy.orm import Session

                with Session(s.engine) as session, session.begin():
                    append(session, "export", actor="x", entity="assessment", entity_id=1)
        if name == "anchor file removed":
            (root / "audit-anchor.json").unlink()
        with Store.open(PASSPHRASE, root) as s:
            report = s.audit.verify()
        found[f"{name}: {'reported' if not report.ok else 'NOT REPORTED'}"] += 1
    return found


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    args = parser.parse_args()
    rng = random.Random(args.seed)  # noqa: S311 - timing and choices, not crypto
    print(f"seed {args.seed}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for title, run in (
            ("SIGKILL while autosaving", lambda: kill_rounds(work, args.rounds, rng)),
            ("SIGKILL during restores", lambda: restore_kills(work, max(10, args.rounds // 3), rng)),
            ("tampered PDFs (one byte each)", lambda: tampered_pdfs(work, 2 * args.rounds, rng)),
            ("fuzzed assessments x 3 commands", lambda: fuzzed_assessments(work, 3 * args.rounds, rng)),
            ("audit tampering", lambda: audit_tampering(work)),
        ):
            started = time.monotonic()
            found = run()
            print(f"\n{title} ({time.monotonic() - started:.0f} s)")
            for key, value in sorted(found.items()):
                print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
