"""How long ``dash-desktop score FILE`` takes, against its honest floor: importing the domain core
alone (``python -c "import dash_desktop.assessment"``), which scoring cannot do without. A bare
interpreter is shown too. Each is a fresh process, run in interleaved rounds after a warm-up (so the
file cache and any drift in the machine hit all three alike); medians and ratios are printed.

    .venv/bin/python benchmarks/bench_score_cli.py [--repeat 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dash-ric-14-yes.json"

COMMANDS = {
    "score FILE": [sys.executable, "-m", "dash_desktop", "score", str(EXAMPLE)],
    "import the domain core": [sys.executable, "-c", "import dash_desktop.assessment"],
    "bare interpreter": [sys.executable, "-c", "pass"],
}


def once(argv: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, check=False)
    took = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode(errors='replace')}")
    return took


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for argv in COMMANDS.values():
        once(argv)  # warm-up
    for _ in range(args.repeat):
        for name, argv in COMMANDS.items():
            times[name].append(once(argv))
    median = {name: statistics.median(ts) for name, ts in times.items()}
    for name, value in median.items():
        print(f"{name:<24} {value * 1000:8.1f} ms (median of {args.repeat})")
    print(f"ratio score / domain core import   {median['score FILE'] / median['import the domain core']:6.2f}x")
    print(f"ratio score / bare interpreter     {median['score FILE'] / median['bare interpreter']:6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
