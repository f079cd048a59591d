"""What every installer script needs to know about the project: where it is, its name and
application id, its version (one place: ``dash_desktop/__init__.py``, which pyproject.toml reads
too) in each packaging format's spelling, and how big a bundle is."""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
INSTALLER = ROOT / "installer"
NAME = "dash-desktop"  # the command, the package, the icon and the install folder on Linux
TITLE = "DASH Desktop"
APP_ID = "uk.dashdesktop.DashDesktop"  # AppStream component id, desktop-entry name, macOS bundle id
SUMMARY = "Domestic-abuse risk assessment for practitioners, offline"
NOTICES = "THIRD-PARTY-NOTICES.txt"
LICENSE = "LICENSE.txt"


class BuildError(Exception):
    """A build step failed: the message says which and why."""


def version() -> Version:
    text = (ROOT / "dash_desktop" / "__init__.py").read_text("utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if not found:
        raise BuildError("dash_desktop/__init__.py has no __version__")
    return Version(found.group(1))


def debian_version(v: Version) -> str:
    """PEP 440 to Debian: pre-releases and development builds sort before the release (``~``)."""
    out = v.base_version
    if v.pre:
        out += f"~{v.pre[0]}{v.pre[1]}"
    if v.dev is not None:
        out += f"~dev{v.dev}"
    if v.post is not None:
        out += f"+post{v.post}"
    return out


def windows_version(v: Version) -> str:
    """The MSI ProductVersion (and NSIS VIProductVersion base): major.minor.patch, numbers only.
    A pre-release shares its release's number; the MSI allows same-version upgrades for that."""
    major, minor, patch = (*v.release, 0, 0)[:3]
    if major > 255 or minor > 255 or patch > 65535:
        raise BuildError(f"version {v} does not fit an MSI ProductVersion (255.255.65535 at most)")
    return f"{major}.{minor}.{patch}"


def tree_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) of a folder, each file counted once (symbolic links as links)."""
    total = count = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or path.is_file():
            total += path.lstat().st_size
            count += 1
    return total, count


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def run(cmd: Sequence[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None,
        quiet: bool = False) -> str:
    """Run a tool; its output is returned (and echoed unless ``quiet``). A failure is a BuildError."""
    args = [str(c) for c in cmd]
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if not quiet and proc.stdout.strip():
        print(proc.stdout.rstrip())
    if proc.returncode != 0:
        raise BuildError(f"{' '.join(args[:3])}… failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout


@contextmanager
def stage(what: str) -> Iterator[None]:
    """Announce a build stage and say how long it took."""
    t0 = time.perf_counter()
    print(f"== {what}", flush=True)
    yield
    print(f"   {what}: {time.perf_counter() - t0:.1f} s", flush=True)
