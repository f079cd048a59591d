"""``dash-desktop score FILE.json``: placeholder replaced below."""
from typing import Any


def register(subparsers: Any) -> None:
    pass
