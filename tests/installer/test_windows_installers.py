"""The Windows installer definitions, compiled on Linux: the MSI with wixl (and read back with
msiinfo, as Windows Installer would read it), the NSIS script with makensis."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import make_icons
import project
import pytest
import windows
from installer_helpers import INSTALLER, need_tool

#: The MSI's UpgradeCode: every release must carry this one, or Windows Installer treats a new
#: version as a different product and installs it beside the old one instead of upgrading it.
UPGRADE_CODE = "{7AB9C586-792C-4F97-928B-BE66101EAF71}"


@pytest.fixture(scope="module")
def icon(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_icons.make_icons(tmp_path_factory.mktemp("icons"))[-2]  # the .ico


def windows_bundle(folder: Path) -> Path:
    """A stand-in for the Windows bundle: its top-level files and a nested, oddly named one."""
    bundle = folder / project.NAME
    (bundle / "_internal" / "PySide6" / "plugins" / "platforms").mkdir(parents=True)
    for name in windows.WINDOWS_TOP_LEVEL:
        if name != "_internal":
            (bundle / name).write_text(name, encoding="utf-8")
    (bundle / "_internal" / "PySide6" / "plugins" / "platforms" / "qwindows.dll").write_text("dll", encoding="utf-8")
    (bundle / "_internal" / "base library (1).zip").write_text("zip", encoding="utf-8")
    return bundle


def table(msi: Path, name: str) -> list[list[str]]:
    out = subprocess.run([need_tool("msiinfo"), "export", str(msi), name], capture_output=True, text=True,
                         check=True).stdout
    return [line.split("\t") for line in out.splitlines()[3:]]


def test_the_msi_is_per_machine_upgradable_and_lists_every_file(tmp_path: Path, icon: Path) -> None:
    need_tool("wixl")
    bundle = windows_bundle(tmp_path / "bundle")
    msi = windows.build_msi(bundle, icon, tmp_path / "out" / "dash-desktop.msi", tmp_path / "work")
    properties = {row[0]: row[1] for row in table(msi, "Property")}
    assert properties["ALLUSERS"] == "1"  # per machine: what Group Policy and Intune deploy
    assert properties["UpgradeCode"] == UPGRADE_CODE
    assert properties["ProductVersion"] == project.windows_version(project.version())
    assert properties["ProductName"] == "DASH Desktop"
    assert properties["ARPPRODUCTICON"]
    upgrades = table(msi, "Upgrade")
    # Older versions are found (and removed: a major upgrade); a newer one installed blocks a downgrade.
    assert [UPGRADE_CODE, "", properties["ProductVersion"]] == upgrades[0][:3]
    assert any(row[0] == UPGRADE_CODE and row[1] == properties["ProductVersion"] for row in upgrades[1:])
    actions = {row[0] for row in table(msi, "InstallExecuteSequence")}
    assert "RemoveExistingProducts" in actions
    shortcut = table(msi, "Shortcut")[0]
    assert shortcut[1:3] == ["ProgramMenuFolder", "DASH Desktop"]
    assert shortcut[4] == f"[INSTALLDIR]{project.NAME}.exe"
    files = sorted(row[2].split("|")[-1] for row in table(msi, "File"))
    assert files == sorted(p.name for p in bundle.rglob("*") if p.is_file())
    directories = {row[0]: row for row in table(msi, "Directory")}
    assert directories["INSTALLDIR"][1:] == ["ProgramFiles64Folder", "DASH Desktop"]


def test_the_msi_takes_its_version_from_the_project_unless_told(tmp_path: Path, icon: Path) -> None:
    need_tool("wixl")
    bundle = windows_bundle(tmp_path / "bundle")
    msi = windows.build_msi(bundle, icon, tmp_path / "older.msi", tmp_path / "work", product_version="0.0.1")
    assert {row[0]: row[1] for row in table(msi, "Property")}["ProductVersion"] == "0.0.1"


def test_a_broken_msi_definition_fails_the_build(tmp_path: Path, icon: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    need_tool("wixl")
    broken = tmp_path / "broken.wxs"
    broken.write_text(windows.WXS.read_text("utf-8").replace('<ComponentGroupRef Id="BundleFiles"/>',
                                                               '<ComponentGroupRef Id="NoSuchGroup"/>'),
                      encoding="utf-8")
    monkeypatch.setattr(windows, "WXS", broken)
    with pytest.raises(project.BuildError):
        windows.build_msi(windows_bundle(tmp_path / "bundle"), icon, tmp_path / "x.msi", tmp_path / "work")


def test_the_nsis_script_compiles_without_warnings(tmp_path: Path, icon: Path) -> None:
    need_tool("makensis")
    payload = windows.stand_in_payload(tmp_path / "payload", project.ROOT / "LICENSE", project.ROOT / "LICENSE")
    setup = windows.build_nsis(payload, icon, tmp_path / "out" / "dash-desktop-user.exe")  # -WX: warnings fail
    assert setup.read_bytes()[:2] == b"MZ"  # a Windows program


def test_the_nsis_uninstaller_removes_exactly_the_bundles_top_level() -> None:
    script = (INSTALLER / "windows" / f"{project.NAME}.nsi").read_text("utf-8")
    uninstall = script[script.index('Section "Uninstall"'):]
    removed = set(re.findall(r'(?:Delete|RMDir /r) "\$INSTDIR\\([^"\\]+)"', uninstall))
    assert removed == {*windows.WINDOWS_TOP_LEVEL, "uninstall.exe"}
    assert 'RMDir /r "$INSTDIR"' not in uninstall  # never the whole folder: it may be one of the user's own
