"""The Debian package: the frozen bundle under ``/opt/dash-desktop``, a launcher on the PATH, the
desktop entry, AppStream metainfo and icons in the standard places, and ``Depends`` on the Debian
packages of every system library the bundle links against but does not carry (X11 and xcb, EGL and
GL, GLib, D-Bus, fontconfig and freetype, OpenSSL for Python's ssl module...), worked out from the
bundle's ELF files: each library a file needs that the bundle lacks is found with ``ldconfig`` and
its package with ``dpkg -S``. A library missing from the build machine stops the build, naming it.

Removing the package removes every file it installed; the user's data folder
(``~/.local/share/dash-desktop``) is never part of it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from project import (
    APP_ID,
    INSTALLER,
    LICENSE,
    NAME,
    NOTICES,
    ROOT,
    SUMMARY,
    BuildError,
    debian_version,
    run,
    tree_size,
    version,
)

PREFIX = Path("opt") / NAME
#: Not libraries, so not found from the ELF files: a font for the window's fallback text and the
#: fontconfig configuration Qt reads through libfontconfig.
EXTRA_DEPENDS = ("fontconfig", "fonts-dejavu-core")
GLIBC_PACKAGE = "libc6"
MAINTAINER = "DASH Desktop maintainers <maintainers@dash-desktop.invalid>"


def elf_files(bundle: Path) -> list[Path]:
    found = []
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needs(path: Path) -> tuple[set[str], set[tuple[int, ...]]]:
    """The libraries an ELF file names as NEEDED, and the glibc symbol versions it requires."""
    out = run(["readelf", "--dynamic", "--version-info", "--wide", path], quiet=True)
    libraries = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out))
    glibc = {tuple(int(n) for n in v.split(".")) for v in re.findall(r"Name: GLIBC_([0-9.]+)", out)}
    return libraries, glibc


def system_library_paths() -> dict[str, Path]:
    """soname -> path of the libraries the dynamic linker knows, for this machine's architecture."""
    arch = "x86-64" if os.uname().machine == "x86_64" else os.uname().machine
    found: dict[str, Path] = {}
    for line in run(["ldconfig", "-p"], quiet=True).splitlines()[1:]:
        m = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if m and (arch in m.group(2) or "," not in m.group(2)):
            found.setdefault(m.group(1), Path(m.group(3)))
    return found


def owning_packages(paths: list[Path]) -> dict[Path, str]:
    """The Debian package that installed each of ``paths`` (each tried as found, resolved, and with
    the /usr merge undone, since dpkg knows a file by the path its package shipped it under)."""
    variants = {p: {p, p.resolve(), Path(str(p.resolve()).replace("/usr/lib/", "/lib/", 1)),
                    Path(str(p).replace("/lib/", "/usr/lib/", 1))} for p in paths}
    queried = sorted({str(v) for vs in variants.values() for v in vs})
    proc = subprocess.run(["dpkg-query", "--search", *queried], capture_output=True, text=True, check=False)  # noqa: S603, S607
    owner: dict[str, str] = {}
    for line in proc.stdout.splitlines():
        package, _, owned = line.partition(": ")
        owner[owned.strip()] = package.split(",")[0].split(":")[0].strip()
    found: dict[Path, str] = {}
    for library, names in variants.items():
        match = next((owner[str(v)] for v in names if str(v) in owner), None)
        if match is None:
            raise BuildError(f"{library} belongs to no Debian package: every target machine would need it by hand")
        found[library] = match
    return found


def depends(bundle: Path) -> list[str]:
    """The Depends field's entries for ``bundle``."""
    provided = {p.name for p in bundle.rglob("*")}
    wanted: dict[str, set[Path]] = {}
    glibc: set[tuple[int, ...]] = set()
    for path in elf_files(bundle):
        libraries, versions = needs(path)
        glibc |= versions
        for lib in libraries - provided:
            wanted.setdefault(lib, set()).add(path)
    known = system_library_paths()
    missing = sorted(lib for lib in wanted if lib not in known)
    if missing:
        lines = [f"  {lib} (needed by {sorted(wanted[lib])[0].relative_to(bundle)})" for lib in missing]
        raise BuildError("system libraries the bundle links against are not installed on this machine, so the "
                         "package cannot name them; install them (installer/linux/build-packages.txt):\n"
                         + "\n".join(lines))
    packages = set(owning_packages([known[lib] for lib in wanted]).values())
    packages.update(EXTRA_DEPENDS)
    entries = sorted(packages - {GLIBC_PACKAGE})
    if glibc:
        entries.insert(0, f"{GLIBC_PACKAGE} (>= {'.'.join(map(str, max(glibc)))})")
    return entries


def control(installed_kib: int, depends_on: list[str]) -> str:
    arch = run(["dpkg", "--print-architecture"], quiet=True).strip()
    return (
        f"Package: {NAME}\n"
        f"Version: {debian_version(version())}\n"
        f"Architecture: {arch}\n"
        f"Maintainer: {MAINTAINER}\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(depends_on)}\n"
        "Section: misc\n"
        "Priority: optional\n"
        f"Description: {SUMMARY}\n"
        " DASH Desktop helps practitioners complete the DASH risk checklist and related\n"
        " screens, explains the risk level it computes and suggests support (MARAC, IDASH\n"
        " and local services). Cases are kept in an encrypted file and completed\n"
        " assessments are signed into PDF reports. It works offline.\n"
    )


LAUNCHER = f"""#!/bin/sh
# DASH Desktop: the program lives in /{PREFIX}; this launcher puts it on the PATH.
exec /{PREFIX}/{NAME} "$@"
"""

COPYRIGHT = f"""DASH Desktop is licensed under the Apache License 2.0: /{PREFIX}/{LICENSE}
(also /usr/share/common-licenses/Apache-2.0).

The package also carries third-party software, each under its own licence, listed with the full
licence texts in /{PREFIX}/{NOTICES}.
"""


def _install(src: Path, dest: Path, mode: int = 0o644) -> None:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)
    dest.chmod(mode)


def stage_tree(bundle: Path, icons: Path, root: Path) -> None:
    """Lay out the package's files under ``root`` as they will be installed."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / PREFIX, symlinks=True)
    launcher = root / "usr" / "bin" / NAME
    launcher.parent.mkdir(parents=True)
    launcher.write_text(LAUNCHER, encoding="utf-8")
    launcher.chmod(0o755)
    share = root / "usr" / "share"
    _install(INSTALLER / "linux" / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    _install(INSTALLER / "linux" / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    _install(ROOT / "resources" / "icons" / f"{NAME}.svg", scalable)
    for png in sorted((icons / "hicolor").glob(f"*/apps/{NAME}.png")):
        _install(png, share / "icons" / png.relative_to(icons))
    doc = share / "doc" / NAME / "copyright"
    doc.parent.mkdir(parents=True)
    doc.write_text(COPYRIGHT, encoding="utf-8")
    for path in root.rglob("*"):
        if path.is_dir() and not path.is_symlink():
            path.chmod(0o755)


def build_deb(bundle: Path, icons: Path, out: Path, work: Path) -> Path:
    """Build ``out/dash-desktop_<version>_<arch>.deb`` from the bundle; return its path."""
    root = work / "deb-root"
    stage_tree(bundle, icons, root)
    size, _count = tree_size(root)
    (root / "DEBIAN").mkdir()
    (root / "DEBIAN" / "control").write_text(control((size + 1023) // 1024, depends(bundle)), encoding="utf-8")
    out.mkdir(parents=True, exist_ok=True)
    run(["dpkg-deb", "--root-owner-group", "-Zzstd", "-z9", "--build", root, out], quiet=True)
    arch = run(["dpkg", "--print-architecture"], quiet=True).strip()
    deb = out / f"{NAME}_{debian_version(version())}_{arch}.deb"
    if not deb.is_file():
        raise BuildError(f"dpkg-deb made no {deb.name} in {out}")
    return deb
