"""Build DASH Desktop for this platform, in one command, and prove the result starts::

    python installer/build.py            # needs the build extra: pip install -e ".[build]"

1. the icons (installer/make_icons.py) and the third-party notices (installer/notices.py);
2. the frozen one-folder bundle (installer/dash-desktop.spec, PyInstaller), with LICENSE.txt and
   THIRD-PARTY-NOTICES.txt beside the program;
3. the frozen program's ``--self-test`` (a failure stops the build) and the bundle's size;
4. the platform's packages, in ``dist/``:
   - Linux: the .deb (installer/linux.py); and, where wixl and makensis are installed, the MSI
     definition compiled against the bundle's file list (empty files at the bundle's paths) and the
     NSIS script compiled on a stand-in payload, in ``dist/checks/`` (checks of the Windows
     definitions, not Windows installers);
   - Windows: the per-machine MSI (WiX 3) and the per-user NSIS installer;
   - macOS: the app bundle and a disk image.

Signing, where a certificate is configured: on Windows ``SIGN_PFX`` (a .pfx file) and
``SIGN_PFX_PASSWORD`` (with ``SIGN_TIMESTAMP_URL``), on macOS ``MACOS_SIGN_IDENTITY`` (a Developer
ID in the keychain). Without them the packages are unsigned, and the build says so.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from project import (
    INSTALLER,
    LICENSE,
    NAME,
    NOTICES,
    ROOT,
    TITLE,
    BuildError,
    megabytes,
    run,
    stage,
    tree_size,
    version,
)

SPEC = INSTALLER / f"{NAME}.spec"


def program_path(bundle: Path) -> Path:
    """The executable that runs the command line (and so ``--self-test``) inside a bundle."""
    if sys.platform == "win32":
        return bundle / f"{NAME}-cli.exe"
    if bundle.suffix == ".app":
        return bundle / "Contents" / "MacOS" / NAME
    return bundle / NAME


def make_bundle(out: Path, work: Path, icons: Path) -> Path:
    """Run PyInstaller on the spec; return the bundle folder (the .app on macOS)."""
    env = {**os.environ, "DASH_DESKTOP_ICONS": str(icons)}
    run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN", "--distpath", out,
         "--workpath", work / "pyinstaller", SPEC], env=env, quiet=True)
    app = out / f"{TITLE}.app"
    return app if sys.platform == "darwin" else out / NAME


def add_notices(bundle: Path, notices: Path) -> None:
    """LICENSE.txt and THIRD-PARTY-NOTICES.txt where a person looking at the install finds them."""
    where = bundle / "Contents" / "Resources" if bundle.suffix == ".app" else bundle
    shutil.copyfile(ROOT / "LICENSE", where / LICENSE)
    shutil.copyfile(notices, where / NOTICES)


def self_test(program: Path) -> str:
    """The frozen program's --self-test, in an environment that cannot lend it the source tree."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "DASH_DESKTOP_"))}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    proc = subprocess.run([str(program), "--self-test"], env=env, cwd=program.parent,  # noqa: S603
                          capture_output=True, text=True, timeout=300, check=False)
    output = proc.stdout + proc.stderr
    print(output.rstrip())
    if proc.returncode != 0:
        raise BuildError(f"the frozen program's --self-test failed (exit {proc.returncode})")
    return output


def sign_windows(files: list[Path]) -> bool:
    pfx, password = os.environ.get("SIGN_PFX"), os.environ.get("SIGN_PFX_PASSWORD")
    if not pfx:
        return False
    cmd: list[str | Path] = ["signtool", "sign", "/fd", "sha256", "/f", pfx]
    if password:
        cmd += ["/p", password]
    if os.environ.get("SIGN_TIMESTAMP_URL"):
        cmd += ["/td", "sha256", "/tr", os.environ["SIGN_TIMESTAMP_URL"]]
    run([*cmd, *files], quiet=True)
    return True


def sign_macos(app: Path) -> bool:
    identity = os.environ.get("MACOS_SIGN_IDENTITY")
    if not identity:
        return False
    run(["codesign", "--force", "--deep", "--options", "runtime", "--timestamp", "--sign", identity, app])
    run(["codesign", "--verify", "--deep", "--strict", app])
    return True


def linux_packages(bundle: Path, icons: Path, notices: Path, out: Path, work: Path) -> list[Path]:
    import linux
    import windows

    made = [linux.build_deb(bundle, icons, out, work)]
    checks = out / "checks"
    v = version()
    if shutil.which("wixl"):
        file_list = windows.file_list_stand_in(bundle, work / "msi-file-list")
        made.append(windows.build_msi(file_list, icons / f"{NAME}.ico", checks / f"{NAME}-{v}-file-list-check.msi",
                                      work))
    else:
        print("   (wixl not installed: the MSI definition was not compiled)")
    if shutil.which("makensis"):
        payload = windows.stand_in_payload(work / "nsis-stand-in", ROOT / "LICENSE", notices)
        made.append(windows.build_nsis(payload, icons / f"{NAME}.ico", checks / f"{NAME}-{v}-stand-in-check.exe"))
    else:
        print("   (makensis not installed: the NSIS script was not compiled)")
    return made


def windows_packages(bundle: Path, icons: Path, out: Path, work: Path, msi_version: str | None) -> list[Path]:
    import windows

    v = version()
    signed = sign_windows(sorted(bundle.glob("*.exe")))
    msi = windows.build_msi(bundle, icons / f"{NAME}.ico", out / f"{NAME}-{msi_version or v}-x64.msi", work,
                            msi_version)
    nsis = windows.build_nsis(bundle, icons / f"{NAME}.ico", out / f"{NAME}-{v}-user-x64.exe")
    sign_windows([msi, nsis])
    print(f"   signed: {'yes' if signed else 'no (SIGN_PFX not set)'}")
    return [msi, nsis]


def macos_packages(app: Path, out: Path) -> list[Path]:
    signed = sign_macos(app)
    dmg = out / f"{NAME}-{version()}-macos.dmg"
    run(["hdiutil", "create", "-volname", TITLE, "-srcfolder", app, "-ov", "-format", "UDZO", dmg], quiet=True)
    print(f"   signed: {'yes' if signed else 'no (MACOS_SIGN_IDENTITY not set)'}")
    return [dmg]


def build(out: Path, *, bundle: Path | None, skip_self_test: bool, msi_version: str | None) -> list[Path]:
    import make_icons
    import notices as notices_module

    work = ROOT / "build"
    icons = work / "icons"
    with stage("icons and notices"):
        make_icons.make_icons(icons)
        notices = notices_module.write_notices(work / "notices" / NOTICES)
    if bundle is None:
        with stage("frozen bundle (PyInstaller)"):
            bundle = make_bundle(out / "bundle", work, icons)
    add_notices(bundle, notices)
    size, files = tree_size(bundle)
    print(f"   bundle: {bundle} ({megabytes(size)} in {files} files)")
    if not skip_self_test:
        with stage("frozen --self-test"):
            self_test(program_path(bundle))
    with stage("packages"):
        if sys.platform.startswith("linux"):
            made = linux_packages(bundle, icons, notices, out, work)
        elif sys.platform == "win32":
            made = windows_packages(bundle, icons, out, work, msi_version)
        elif sys.platform == "darwin":
            made = macos_packages(bundle, out)
        else:
            raise BuildError(f"no packages are defined for {sys.platform}")
    for path in made:
        print(f"   {path} ({megabytes(path.stat().st_size)})")
    print(f"bundle size: {megabytes(size)} ({files} files)")
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build DASH Desktop's bundle and installers for this platform.")
    parser.add_argument("--out", type=Path, default=ROOT / "dist", help="where the bundle and packages go (dist/)")
    parser.add_argument("--bundle", type=Path, metavar="DIR",
                        help="package this bundle (from an earlier build) instead of building one")
    parser.add_argument("--skip-self-test", action="store_true", help="do not run the frozen --self-test")
    parser.add_argument("--msi-version", metavar="X.Y.Z",
                        help="number the MSI X.Y.Z instead of the project's version (for upgrade tests)")
    args = parser.parse_args(argv)
    try:
        build(args.out.resolve(), bundle=args.bundle.resolve() if args.bundle else None,
              skip_self_test=args.skip_self_test,
              msi_version=args.msi_version)
    except (BuildError, subprocess.SubprocessError, OSError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
