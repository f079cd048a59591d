"""One keypress in an assessment against the autosave alone, measured in one run.

    .venv/bin/python benchmarks/bench_keypress.py [--rounds N]

* keypress: Y / N on a DASH question in the real assessment page (offscreen Qt), as the practitioner
  presses it: the answer is checked, saved to the encrypted store (its own transaction, with its audit
  event), the assessment rescored, the form and the live result panel updated, and the events that
  draws them processed;
* autosave alone (the floor): the same answer saved with ``store.assessments.save_answer``, nothing else.

The goal is a keypress at most 1.5x the autosave. Also printed: the parts of the keypress (rescore,
panel update), and a rescore with the profile passed by name, which reads and validates its YAML each
time (what the main window did before it loaded the profile once). The sides take turns, one run of
each at a time, so drift on a noisy machine hits them alike.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import encrypted_store
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from dash_desktop.assessment import load_profile, score
from dash_desktop.forms.items import ChoiceItem
from dash_desktop.questionnaires import Registry
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.ui.assessment_page import AssessmentPage

ITEM = "q5"
KEYS = {"yes": Qt.Key.Key_Y, "no": Qt.Key.Key_N}


def median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    registry = Registry.default()
    with tempfile.TemporaryDirectory() as tmp:
        store = encrypted_store(Path(tmp) / "store", kdf=TEST_KDF)
        case = store.cases.add("HX-BENCH")
        q = registry.get("dash-ric")
        answers = {f"q{i}": "no" for i in range(1, 25) if f"q{i}" != ITEM}
        draft = store.assessments.start(case.id, q.id, questionnaire_version=q.version,
                                       questionnaire_hash=q.content_hash, answers=answers).id
        page = AssessmentPage(store, draft, profile=load_profile(), registry=registry)
        page.resize(1366, 768)
        page.show()
        app.processEvents()
        widget = page.form.items[ITEM]
        assert isinstance(widget, ChoiceItem)
        presses = [0]

        def next_value() -> str:  # yes, no, yes...: every press changes the answer
            presses[0] += 1
            return "yes" if presses[0] % 2 else "no"

        def keypress() -> float:
            value = next_value()
            widget.focus_input()  # the keyboard back on the question (not timed)
            app.processEvents()
            start = time.perf_counter()
            QTest.keyClick(widget.buttons[value], KEYS[value])
            app.processEvents()
            elapsed = time.perf_counter() - start
            assert page.session.answer(ITEM) == value
            return elapsed

        def timed(fn: Callable[[], object]) -> float:
            start = time.perf_counter()
            fn()
            return time.perf_counter() - start

        def autosave() -> float:
            value = next_value()
            return timed(lambda: store.assessments.save_answer(draft, ITEM, value))

        def panel() -> float:
            result = page.session.result()
            return timed(lambda: (page.form.result_panel.show_result(result), app.processEvents()))

        doc = page.session.document()
        sides: dict[str, Callable[[], float]] = {
            "keypress": keypress,
            "autosave": autosave,
            "rescore": lambda: timed(page.session.result),
            "panel": panel,
        }
        for fn in sides.values():  # warm up: caches, pools, fonts
            for _ in range(5):
                fn()
        times: dict[str, list[float]] = {name: [] for name in sides}
        for _ in range(args.rounds):  # one of each in turn, so drift on a shared machine hits all alike
            for name, fn in sides.items():
                times[name].append(fn())
        # Last, and apart: its YAML parsing leaves garbage that would otherwise be collected in the others.
        times["by_name"] = [timed(lambda: score(doc, profile="hampshire", registry=registry))
                            for _ in range(20)]
        page.close()
        store.close()
    n = args.rounds
    key, floor = median_ms(times["keypress"]), median_ms(times["autosave"])
    ratio = key / floor
    print(f"one keypress in an assessment (dash-ric, offscreen Qt at 1366x768), median of {n}:")
    print(f"  keypress (autosave + rescore + form and panel update): {key:.3f} ms")
    print(f"  autosave alone (assessments.save_answer, floor):          {floor:.3f} ms")
    print(f"  ratio {ratio:.2f}x  (goal <= 1.5x: {'met' if ratio <= 1.5 else 'NOT met'})")
    print("parts:")
    print(f"  rescore with the profile loaded once:        {median_ms(times['rescore']):.3f} ms")
    print(f"  rescore with the profile passed by name:     {median_ms(times['by_name']):.3f} ms (before; median of 20)")
    print(f"  result panel update and its events:          {median_ms(times['panel']):.3f} ms")


if __name__ == "__main__":
    main()
