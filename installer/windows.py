"""The Windows installers: the per-machine MSI (``windows/dash-desktop.wxs``) and the per-user NSIS
installer (``windows/dash-desktop.nsi``).

The MSI's file list is generated from the bundle folder: with WiX 3's ``heat`` and compiled with
``candle`` and ``light`` on Windows, or with msitools' ``wixl-heat`` and ``wixl`` on Linux, where CI
compiles the definition against the Linux bundle's file list to catch errors in it (that MSI is a
check, not a release: its payload is the Linux program). The NSIS script compiles with ``makensis``
on either; on Linux CI gives it a stand-in payload.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from project import INSTALLER, LICENSE, NAME, NOTICES, BuildError, run, version, windows_version

WXS = INSTALLER / "windows" / f"{NAME}.wxs"
NSI = INSTALLER / "windows" / f"{NAME}.nsi"
#: What the bundle's top level holds on Windows: the NSIS uninstaller deletes exactly these (never
#: the whole folder, which a user may have pointed at a folder of their own).
WINDOWS_TOP_LEVEL = (f"{NAME}.exe", f"{NAME}-cli.exe", "_internal", LICENSE, NOTICES)
#: wixl (msitools 0.101) does not know these WiX 3 attributes and says so; WiX itself uses them.
WIXL_UNSUPPORTED = ("'Platform'", "'AllowSameVersionUpgrades'", "'CompressionLevel'")


def _relative(path: Path, start: Path) -> str:
    return os.path.relpath(path, start)


def _bundle_files(bundle: Path) -> list[str]:
    """The bundle's files for the MSI, relative to its parent (links are not files on Windows)."""
    return [_relative(p, bundle.parent) for p in sorted(bundle.rglob("*")) if p.is_file() and not p.is_symlink()]


def _check_wixl_output(output: str) -> None:
    problems = [line for line in output.splitlines()
                if line.strip() and not any(attr in line for attr in WIXL_UNSUPPORTED)]
    if problems:
        raise BuildError("wixl reported problems in the MSI definition:\n" + "\n".join(problems))


def build_msi_wixl(bundle: Path, icon: Path, out: Path, product_version: str) -> Path:
    """Compile the MSI with msitools (wixl-heat for the file list, then wixl), all paths relative
    to the bundle's parent folder, as wixl wants them."""
    import subprocess

    base = bundle.parent
    files = "\n".join(_bundle_files(bundle)) + "\n"
    fragment = subprocess.run(  # noqa: S603
        ["wixl-heat", "--prefix", f"{bundle.name}/", "--directory-ref", "INSTALLDIR",  # noqa: S607
         "--component-group", "BundleFiles", "--var", "var.SourceDir", "--win64"],
        input=files, capture_output=True, text=True, cwd=base, check=True,
    ).stdout
    fragment_file = base / "bundle-files.wxs"
    fragment_file.write_text(fragment, encoding="utf-8")
    out.parent.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(  # noqa: S603
        ["wixl", "--arch", "x64", "-D", f"Version={product_version}", "-D", f"SourceDir={bundle.name}",  # noqa: S607
         "-D", f"IconFile={_relative(icon, base)}", "-D", "Win64=yes", "-o", str(out.resolve()),
         str(WXS), fragment_file.name],
        capture_output=True, text=True, cwd=base, check=False,
    )
    _check_wixl_output(proc.stdout + proc.stderr)
    if proc.returncode != 0 or not out.is_file():
        raise BuildError(f"wixl failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return out


def build_msi_wix3(bundle: Path, icon: Path, out: Path, product_version: str, work: Path) -> Path:
    """Compile the MSI with WiX 3 (heat, candle, light) on Windows."""
    work.mkdir(parents=True, exist_ok=True)
    fragment = work / "bundle-files.wxs"
    run(["heat", "dir", bundle, "-nologo", "-cg", "BundleFiles", "-dr", "INSTALLDIR", "-var", "var.SourceDir",
         "-ag", "-srd", "-sfrag", "-sreg", "-scom", "-out", fragment])
    run(["candle", "-nologo", "-arch", "x64", f"-dVersion={product_version}", f"-dSourceDir={bundle}",
         f"-dIconFile={icon}", "-dWin64=yes", "-out", f"{work}{os.sep}", WXS, fragment])
    run(["light", "-nologo", "-sice:ICE61", "-out", out, work / f"{NAME}.wixobj", work / "bundle-files.wixobj"])
    return out


def build_msi(bundle: Path, icon: Path, out: Path, work: Path, product_version: str | None = None) -> Path:
    """The MSI for ``bundle``, versioned from pyproject.toml unless ``product_version`` is given
    (CI's upgrade test builds an older-numbered copy)."""
    product_version = product_version or windows_version(version())
    if sys.platform == "win32":
        return build_msi_wix3(bundle, icon, out, product_version, work / "wix")
    if not shutil.which("wixl"):
        raise BuildError("wixl is not installed (Debian: apt-get install wixl msitools)")
    return build_msi_wixl(bundle, icon, out, product_version)


def build_nsis(payload: Path, icon: Path, out: Path) -> Path:
    makensis = shutil.which("makensis")
    if not makensis:
        raise BuildError("makensis is not installed (Debian: apt-get install nsis; Windows: choco install nsis)")
    v = version()
    flag = "/" if sys.platform == "win32" else "-"
    out.parent.mkdir(parents=True, exist_ok=True)
    defines = {"VERSION": str(v), "PRODUCT_VERSION": f"{windows_version(v)}.0", "PAYLOAD": payload.resolve(),
               "ICON": icon.resolve(), "OUTFILE": out.resolve()}
    run([makensis, f"{flag}V2", f"{flag}WX", *(f"{flag}D{k}={val}" for k, val in defines.items()), NSI])
    return out


def file_list_stand_in(bundle: Path, folder: Path) -> Path:
    """Empty files at the bundle's paths: the MSI definition is compiled against the bundle's file
    list (every path, name and folder the real MSI holds) in a second rather than the minutes its
    compression takes, which a check does not need."""
    if folder.exists():
        shutil.rmtree(folder)
    stand_in = folder / bundle.name
    for path in sorted(bundle.rglob("*")):
        if path.is_file() and not path.is_symlink():
            target = stand_in / path.relative_to(bundle)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.touch()
    return stand_in


def stand_in_payload(folder: Path, license_file: Path, notices: Path) -> Path:
    """A folder shaped like the Windows bundle (stub programs, the real licence and notices), for
    compiling the NSIS script where no Windows bundle can be built."""
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "_internal").mkdir(parents=True)
    for name in WINDOWS_TOP_LEVEL:
        if name.endswith(".exe"):
            (folder / name).write_bytes(b"MZ stand-in: not a program\n")
    (folder / "_internal" / "stand-in.txt").write_text("the Windows bundle's files go here\n", encoding="utf-8")
    shutil.copyfile(license_file, folder / LICENSE)
    shutil.copyfile(notices, folder / NOTICES)
    return folder
