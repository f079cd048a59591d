"""Signed export vs unsigned render of the same assessment, measured in one run.

    .venv/bin/python benchmarks/bench_export.py [--rounds N]

* unsigned render: ReportLab draws the report (score and bind done once, outside the timing);
* signed export: the same render, then the assessment attached and a PAdES signature with its
  visible box (pyHanko), i.e. what ``dash-desktop export`` does after scoring.

pyHanko's import (~0.5 s) is paid once per process, on the first signature, and is measured
separately in a fresh interpreter; the rounds are timed after a warm-up so the ratio compares the
steady state. Rounds alternate between the two so that drift on a noisy machine hits both. The goal
is a ratio of at most 2.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dash_desktop.assessment import bind, read_document, score  # noqa: E402
from dash_desktop.questionnaires import Registry  # noqa: E402
from dash_desktop.reports.header import ReportHeader  # noqa: E402
from dash_desktop.reports.identity import create_identity  # noqa: E402
from dash_desktop.reports.render import render_report, report_document  # noqa: E402

GOAL = 2.0


def import_cost() -> float:
    code = "import time; t = time.perf_counter(); import pyhanko.sign.signers; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return float(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    doc = read_document(ROOT / "examples" / "dash-ric-14-yes.json")
    header = ReportHeader("Αλεξάνδρα Петрова", "Southern Domestic Abuse Service", "IDVA")
    identity = create_identity(header.practitioner, header.organisation, header.role)
    registry = Registry.default()
    result = score(doc, registry=registry)
    questionnaire, answers = bind(doc, registry)
    embedded = report_document(doc, header)

    def unsigned() -> bytes:
        return render_report(doc, result, questionnaire, answers, header)

    def signed() -> bytes:
        from dash_desktop.reports.signing import sign_report

        pdf = render_report(doc, result, questionnaire, answers, header, for_signing=True)
        return sign_report(pdf, embedded, identity, name=header.practitioner, role=header.role,
                           organisation=header.organisation)

    first = time.perf_counter()
    signed()  # warm-up: pays pyHanko's import and the stamp font's first load
    first_signed = time.perf_counter() - first
    unsigned()

    times: dict[str, list[float]] = {"unsigned": [], "signed": []}
    for _ in range(args.rounds):
        for name, fn in (("unsigned", unsigned), ("signed", signed)):
            start = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - start)

    u = statistics.median(times["unsigned"])
    s = statistics.median(times["signed"])
    ratio = s / u
    print(f"rounds: {args.rounds} of each, interleaved; medians")
    print(f"unsigned render:       {u * 1000:7.1f} ms  (min {min(times['unsigned']) * 1000:.1f})")
    print(f"signed export:         {s * 1000:7.1f} ms  (min {min(times['signed']) * 1000:.1f})")
    print(f"ratio signed/unsigned: {ratio:7.2f}x  (goal <= {GOAL:g}x: {'met' if ratio <= GOAL else 'NOT met'})")
    print(f"first signed export in this process: {first_signed * 1000:.0f} ms "
          f"(includes importing pyHanko: {import_cost() * 1000:.0f} ms in a fresh interpreter)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
