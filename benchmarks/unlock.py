"""Unlock: the Argon2id key derivation alone, and a whole open (KDF, unwrap, connect, quick_check,
schema check, the unlock audit event), on an empty store and on one with many cases. Reported, not a
ratio goal: the KDF should sit around 0.1-0.5 s on the target machine. Run:
    .venv/bin/python benchmarks/unlock.py [--cases 50000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import PASSPHRASE, encrypted_store, timed
from case_list import fill

from dash_desktop.store import Store
from dash_desktop.store.keys import KdfParams, derive_key


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    kdf = KdfParams()
    salt = os.urandom(16)
    kdf_times = timed(lambda: derive_key(PASSPHRASE, salt, kdf), args.repeat)
    print(
        f"Argon2id t={kdf.iterations} m={kdf.memory_kib // 1024} MiB p={kdf.lanes}: "
        f"median {statistics.median(kdf_times):.3f} s (min {min(kdf_times):.3f}, max {max(kdf_times):.3f}); "
        f"{os.cpu_count()} CPUs"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in (0, args.cases):
            root = Path(tmp) / f"s{n}"
            encrypted_store(root).close()
            if n:
                with Store.open(PASSPHRASE, root) as s:
                    fill(s, n)
            opens = timed(lambda r=root: Store.open(PASSPHRASE, r).close(), args.repeat)
            size = (root / "cases.db").stat().st_size / 1e6
            kdf_share = statistics.median(kdf_times) / statistics.median(opens)
            print(
                f"open with the passphrase, {n} cases ({size:.1f} MB): median {statistics.median(opens):.3f} s "
                f"(the KDF is {kdf_share:.0%} of it)"
            )
    start = time.perf_counter()
    derive_key(PASSPHRASE, salt, KdfParams(iterations=1, lanes=1, memory_kib=8 * 1024))
    print(f"for scale, the test-only KDF (t=1 m=8 MiB p=1): {time.perf_counter() - start:.4f} s")


if __name__ == "__main__":
    main()
