"""Save one assessment: the encrypted store against the same write to plain SQLite.

Both sides run the same Store code (same ORM, same transaction with its audit event, same pragmas:
WAL, synchronous=FULL), so the ratio is the cost of SQLCipher. Goal <= 1.3x. Run:
    .venv/bin/python benchmarks/save_assessment.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import encrypted_store, plain_store, summary, timed

from dash_desktop.assessment import parse_document, score

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dash-ric-14-yes.json"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=500)
    args = parser.parse_args()
    doc = parse_document(json.loads(EXAMPLE.read_text("utf-8")))
    result = score(doc)
    payload = {
        "document": doc.to_dict(),
        "result": result.to_dict(),
        "questionnaire_id": doc.questionnaire_id,
        "questionnaire_version": result.questionnaire.get("version"),
        "questionnaire_hash": result.questionnaire.get("hash"),
        "assessed_on": doc.assessed_on,
        "answers": doc.answers,
        "risk_level": result.risk_level,
        "yes_count": result.yes_count,
        "complete": True,
    }
    with tempfile.TemporaryDirectory() as tmp:
        enc, plain = encrypted_store(Path(tmp) / "enc"), plain_store(Path(tmp) / "plain")
        results: dict[str, tuple[list[float], list[float]]] = {}
        for store in (enc, plain):
            store.cases.add("HX-BENCH")
        drafts = {id(s): s.assessments.start("HX-BENCH", "dash-ric").id for s in (enc, plain)}
        for store in (enc, plain):  # warm up: caches, pools, page allocation
            for _ in range(20):
                store.assessments.add_imported("HX-BENCH", **payload)
                store.assessments.save_answer(drafts[id(store)], "q5", "no")
        # Interleave the two sides in rounds so drift in the machine affects both alike.
        for key in ("save", "autosave"):
            results[key] = ([], [])
        for _ in range(10):
            for side, store in enumerate((enc, plain)):
                results["save"][side].extend(
                    timed(lambda s=store: s.assessments.add_imported("HX-BENCH", **payload), args.repeat // 10)
                )
                n = drafts[id(store)]
                results["autosave"][side].extend(
                    timed(lambda s=store, n=n: s.assessments.save_answer(n, "q5", "yes"), args.repeat // 10)
                )
        size = len(json.dumps(payload["document"])) + len(json.dumps(payload["result"]))
        print(f"save one assessment (~{size // 1024} KiB of answers and result, with its audit events)")
        print(f"median of {args.repeat}, WAL + synchronous=FULL on both sides:")
        print(summary("  complete assessment, encrypted vs plain SQLite", *results["save"], goal=1.3))
        print(summary("  autosave one answer,  encrypted vs plain SQLite", *results["autosave"], goal=1.3))
        enc.close()
        plain.close()


if __name__ == "__main__":
    main()
