"""Third-party notices for the bundle and every installer made from it: ``THIRD-PARTY-NOTICES.txt``.

It lists what the program carries besides its own code, with each licence's full text: the
components that are not Python packages (Qt, SQLCipher, SQLite, OpenSSL, Python, the DejaVu fonts,
PyInstaller's bootloader) and every Python distribution the program needs at run time, read from
the build environment's package metadata (so a new dependency appears without anyone editing this).

    python installer/notices.py OUT.txt
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
LICENSES = Path(__file__).resolve().parent / "licenses"
PROJECT = "dash-desktop"
LICENSE_FILE = re.compile(r"(^|/)(LICEN[CS]E|COPYING|NOTICE|AUTHORS)[^/]*$", re.IGNORECASE)


@dataclass(frozen=True)
class Component:
    name: str
    licence: str
    note: str
    texts: tuple[Path, ...]


def _python_licence() -> Path:
    """The licence of the Python that runs the build (and so is frozen into the bundle)."""
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for candidate in (stdlib / "LICENSE.txt", Path(sys.base_prefix) / "LICENSE.txt", stdlib / "LICENSE"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"the licence of this Python is not in {stdlib} or {sys.base_prefix}")


def components() -> list[Component]:
    """What the bundle carries that is not described by a Python package's metadata."""
    qt = md.version("PySide6-Essentials")
    return [
        Component(
            f"Qt {qt} (the libraries inside PySide6)",
            "LGPL-3.0-only",
            "The Qt libraries are separate shared library files in this folder (libQt6*, Qt6*.dll or the Qt "
            "frameworks) and may be replaced with your own build of the same Qt version. Their source code is "
            "available from The Qt Company (download.qt.io, official_releases/qt and official_releases/QtForPython). "
            "Qt's own third-party components are listed at doc.qt.io/qt-6/licenses-used-in-qt.html.",
            (LICENSES / "LGPL-3.0.txt", LICENSES / "GPL-3.0.txt"),
        ),
        Component("SQLCipher (statically linked inside the sqlcipher3 package)", "BSD-3-Clause",
                  "Copyright (c) 2008-2025, Zetetic LLC.", (LICENSES / "SQLCipher.txt",)),
        Component("SQLite (inside SQLCipher)", "public domain", "See sqlite.org/copyright.html.", ()),
        Component("OpenSSL (statically linked inside the sqlcipher3 and cryptography packages)", "Apache-2.0",
                  "The licence text is the Apache License 2.0 in LICENSE.txt beside this file.", ()),
        Component(f"Python {sys.version.split()[0]} (the interpreter and its standard library)", "PSF-2.0",
                  "", (_python_licence(),)),
        Component("DejaVu fonts (resources/fonts)", "Bitstream-Vera",
                  "DejaVu changes are in the public domain; DejaVuSans-Stamp.ttf is a modified (rescaled, subset) "
                  "copy named so as not to use the reserved names.",
                  (ROOT / "resources" / "fonts" / "LICENSE-DejaVu.txt",)),
        Component("PyInstaller bootloader (the program's launcher)", "GPL-2.0-or-later WITH Bootloader-exception",
                  "The exception allows the bootloader to be distributed with programs under any licence.", ()),
    ]


def runtime_distributions(project: str = PROJECT) -> list[md.Distribution]:
    """Every installed distribution ``project`` needs at run time (its requirements, recursively,
    with environment markers evaluated and no extras), sorted by name; ``project`` itself excluded."""
    seen: dict[str, md.Distribution] = {}
    todo = [project]
    while todo:
        name = canonicalize_name(todo.pop())
        if name in seen:
            continue
        dist = md.distribution(name)
        seen[name] = dist
        for line in dist.requires or []:
            req = Requirement(line)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                todo.append(req.name)
    seen.pop(canonicalize_name(project))
    return sorted(seen.values(), key=lambda d: canonicalize_name(d.metadata["Name"]))


def _field(dist: md.Distribution, name: str) -> str | None:
    """One metadata field, or None (the stdlib and the importlib_metadata backport, which keyring
    loads, differ on a missing field: None or KeyError)."""
    values = dist.metadata.get_all(name)
    return str(values[0]) if values else None


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    expression = _field(dist, "License-Expression")
    if expression:
        return expression
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    if classifiers:
        return "; ".join(classifiers)
    return (_field(dist, "License") or "see its licence text").splitlines()[0]


def licence_texts(dist: md.Distribution) -> list[tuple[str, str]]:
    """(file name, text) of each licence file the distribution ships in its metadata."""
    found = []
    for file in dist.files or []:
        path = str(file)
        if ".dist-info/" in path and LICENSE_FILE.search(path):
            text = Path(str(file.locate())).read_text("utf-8", errors="replace")
            found.append((path.split(".dist-info/", 1)[1], text))
    return found


def _rule(title: str) -> str:
    return f"\n{'=' * 100}\n{title}\n{'=' * 100}\n"


def notices_text() -> str:
    dists = runtime_distributions()
    out = [
        "DASH Desktop: third-party notices\n\n"
        "DASH Desktop is licensed under the Apache License 2.0 (LICENSE.txt beside this file). It is\n"
        "distributed together with the following software, each under its own licence, whose full texts\n"
        "follow the list.\n\nComponents\n"
    ]
    parts = components()
    out += [f"  - {c.name}: {c.licence}\n" for c in parts]
    out.append("\nPython packages\n")
    out += [f"  - {d.metadata['Name']} {d.version}: {licence_of(d)}\n" for d in dists]
    for c in parts:
        out.append(_rule(f"{c.name}: {c.licence}"))
        if c.note:
            out.append(c.note + "\n")
        out += [f"\n--- {path.name} ---\n\n{path.read_text('utf-8')}" for path in c.texts]
    for d in dists:
        out.append(_rule(f"{d.metadata['Name']} {d.version}: {licence_of(d)}"))
        texts = licence_texts(d)
        if not texts:
            out.append("(the package ships no licence file: its licence is named above; for PySide6 and\n"
                       "shiboken6 see the Qt entry, whose licence texts are given there)\n")
        out += [f"\n--- {name} ---\n\n{text}" for name, text in texts]
    return "".join(out)


def write_notices(dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(notices_text(), encoding="utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write DASH Desktop's third-party notices.")
    parser.add_argument("out", type=Path)
    print(write_notices(parser.parse_args(argv).out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
