"""Prove the .deb on this machine, as CI does (root, Debian or Ubuntu)::

    python installer/check_deb.py dist/dash-desktop_VERSION_ARCH.deb

Installs it with ``dpkg -i`` (which refuses if a Depends is not met), runs the installed
``dash-desktop --version`` and ``--self-test`` (in a D-Bus session with a Secret Service, when
gnome-keyring is installed, so that the keyring step shows the real backend; and once more on a
real X server, when xvfb-run is installed, so that Qt's xcb platform and the libraries it needs
are proven too), keeps a store in a throwaway user's data folder, removes the package with
``dpkg -r``, and checks that nothing of it is left on the machine and that the data folder is
exactly as it was.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from project import LICENSE, NAME, NOTICES, BuildError, run

#: Where a package can put files (the machine's own trees, not users' homes or work folders), and
#: what in them is not compared: caches, logs and the package managers' own records.
SYSTEM = ("/opt", "/usr", "/etc", "/var", "/srv")
SKIP = ("/var/tmp", "/var/cache", "/var/log", "/var/lib/dpkg", "/var/lib/apt")  # noqa: S108 - never written


def snapshot() -> set[str]:
    """Every path in the system trees (and every entry at the top of the file system)."""
    found = {str(p) for p in Path("/").iterdir()}
    for root in SYSTEM:
        for top, dirs, files in os.walk(root, topdown=True):
            dirs[:] = [d for d in dirs if not os.path.join(top, d).startswith(SKIP)]
            found.update(os.path.join(top, name) for name in (*dirs, *files))
    return found


def checksums(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def session_command(cmd: list[str], home: Path) -> list[str]:
    """``cmd`` in a D-Bus session with an unlocked Secret Service, where gnome-keyring is installed."""
    if not (shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")):
        return cmd
    script = 'printf "" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; exec "$@"'
    return ["dbus-run-session", "--", "sh", "-c", script, "sh", *cmd]


def installed_self_test(home: Path, data: Path, *, x11: bool) -> str:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8"}
    cmd = [NAME, "--self-test"]
    if x11:
        env["QT_QPA_PLATFORM"] = "xcb"
        cmd = ["xvfb-run", "--auto-servernum", "--server-args=-screen 0 1366x768x24", *cmd]
    else:
        cmd = session_command([*cmd, "--keep", str(data)], home)
    proc = subprocess.run(cmd, env=env, cwd=home, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    print(proc.stdout.rstrip())
    if proc.returncode != 0:
        raise BuildError(f"the installed dash-desktop --self-test failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc.stdout


def check(deb: Path) -> None:
    before = snapshot()
    run(["dpkg", "-i", deb], quiet=True)
    files = [line for line in run(["dpkg-query", "-L", NAME], quiet=True).splitlines() if line.startswith("/")]
    for shipped in (LICENSE, NOTICES):
        if f"/opt/{NAME}/{shipped}" not in files:
            raise BuildError(f"the package does not install /opt/{NAME}/{shipped}")
    print(f"installed {deb.name}: {len(files)} paths; {run([NAME, '--version'], quiet=True).strip()}")
    with tempfile.TemporaryDirectory(prefix="dash-desktop-user-") as tmp:
        home = Path(tmp)
        data = home / ".local" / "share" / NAME  # the user data folder, which removal must not touch
        installed_self_test(home, data, x11=False)
        if shutil.which("xvfb-run"):
            installed_self_test(home, data, x11=True)
        kept = checksums(data)
        run(["dpkg", "-r", NAME], quiet=True)
        left = sorted(snapshot() - before)
        if left:
            raise BuildError("removing the package left these behind:\n  " + "\n  ".join(left[:50]))
        if checksums(data) != kept:
            raise BuildError(f"removing the package changed the user's data folder {data}")
    print(f"removed: nothing of it is left; the user's data folder ({len(kept)} files) is unchanged")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("deb", type=Path)
    args = parser.parse_args(argv)
    if os.geteuid() != 0:
        print("check_deb.py installs and removes a package: run it as root (CI does)", file=sys.stderr)
        return 2
    try:
        check(args.deb.resolve())
    except (BuildError, subprocess.SubprocessError, OSError) as exc:
        print(f"check failed: {exc}", file=sys.stderr)
        subprocess.run(["dpkg", "-r", NAME], capture_output=True, check=False)  # noqa: S603, S607
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
