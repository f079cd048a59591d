"""The Linux desktop integration and the .deb: validated by the freedesktop and Debian tools."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import linux
import project
import pytest
from installer_helpers import INSTALLER, need_tool

from dash_desktop import __version__

DESKTOP = INSTALLER / "linux" / f"{project.APP_ID}.desktop"
METAINFO = INSTALLER / "linux" / f"{project.APP_ID}.metainfo.xml"


def test_desktop_entry_is_valid() -> None:
    proc = subprocess.run([need_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert proc.stdout.strip() == ""  # no warnings either


def test_metainfo_is_valid() -> None:
    proc = subprocess.run([need_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)], capture_output=True,
                          text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [line for line in proc.stdout.splitlines() if line.startswith(("E:", "W:"))], proc.stdout


def test_desktop_entry_and_metainfo_agree_with_the_program() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Exec"] == project.NAME  # the launcher the .deb puts on the PATH
    assert section["Icon"] == project.NAME
    from dash_desktop.ui.app import DESKTOP_FILE

    assert f"{DESKTOP_FILE}.desktop" == DESKTOP.name  # the window names its entry (Wayland app id, KDE)
    pyproject = (project.ROOT / "pyproject.toml").read_text("utf-8")
    assert f'\n{project.NAME} = "dash_desktop.cli:main"' in pyproject
    meta = ET.parse(METAINFO).getroot()  # noqa: S314 - our own file
    assert meta.findtext("id") == project.APP_ID
    assert meta.findtext("launchable") == DESKTOP.name
    assert meta.findtext("project_license") == "Apache-2.0"
    assert meta.findtext("provides/binary") == project.NAME
    newest = meta.find("releases/release")
    assert newest is not None
    assert newest.get("version") == __version__  # a release is not made without its release note


@pytest.mark.parametrize(("pep440", "debian"), [
    ("0.1.0", "0.1.0"), ("0.2.0rc1", "0.2.0~rc1"), ("0.2.0.dev3", "0.2.0~dev3"), ("0.2.0.post1", "0.2.0+post1"),
])
def test_debian_versions_sort_as_the_releases_do(pep440: str, debian: str) -> None:
    from packaging.version import Version

    assert project.debian_version(Version(pep440)) == debian
    dpkg = need_tool("dpkg")
    # dpkg itself must upgrade a pre-release to the release, and the release to a post-release.
    assert subprocess.run([dpkg, "--compare-versions", "0.2.0~rc1", "lt", "0.2.0"], check=False).returncode == 0
    assert subprocess.run([dpkg, "--compare-versions", "0.2.0", "lt", "0.2.0+post1"], check=False).returncode == 0


def fake_bundle(folder: Path) -> Path:
    """A bundle shaped like the frozen one: a real ELF program (so the Depends are worked out from
    it), the licence and notices, a data file."""
    bundle = folder / project.NAME
    (bundle / "_internal").mkdir(parents=True)
    true = shutil.which("true")
    assert true is not None
    shutil.copy2(Path(true).resolve(), bundle / project.NAME)
    (bundle / "_internal" / "data.txt").write_text("data\n", encoding="utf-8")
    (bundle / project.LICENSE).write_text("licence\n", encoding="utf-8")
    (bundle / project.NOTICES).write_text("notices\n", encoding="utf-8")
    return bundle


def test_the_deb_installs_everything_in_the_standard_places(tmp_path: Path) -> None:
    need_tool("dpkg-deb")
    need_tool("readelf")
    bundle = fake_bundle(tmp_path / "bundle")
    icons = tmp_path / "icons"
    for size in (16, 48, 256):
        png = icons / "hicolor" / f"{size}x{size}" / "apps" / f"{project.NAME}.png"
        png.parent.mkdir(parents=True)
        png.write_bytes(b"png")
    deb = linux.build_deb(bundle, icons, tmp_path / "out", tmp_path / "work")
    contents = subprocess.run(["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True,
                              check=True).stdout
    listed = {line.split()[-1].lstrip(".") for line in contents.splitlines()}
    modes = {line.split()[-1].lstrip("."): line.split()[0] for line in contents.splitlines()}
    for path in (f"/opt/{project.NAME}/{project.NAME}", f"/opt/{project.NAME}/_internal/data.txt",
                 f"/opt/{project.NAME}/{project.NOTICES}", f"/usr/bin/{project.NAME}",
                 f"/usr/share/applications/{project.APP_ID}.desktop",
                 f"/usr/share/metainfo/{project.APP_ID}.metainfo.xml",
                 f"/usr/share/icons/hicolor/scalable/apps/{project.NAME}.svg",
                 f"/usr/share/icons/hicolor/48x48/apps/{project.NAME}.png",
                 f"/usr/share/doc/{project.NAME}/copyright"):
        assert path in listed, path
    assert modes[f"/usr/bin/{project.NAME}"] == "-rwxr-xr-x"
    assert "root/root" in contents.splitlines()[0]
    info = subprocess.run(["dpkg-deb", "--field", str(deb), "Package", "Version", "Depends"], capture_output=True,
                          text=True, check=True).stdout
    fields = dict(line.split(": ", 1) for line in info.splitlines())
    assert fields["Package"] == project.NAME
    assert fields["Version"] == project.debian_version(project.version())
    depends = [d.strip() for d in fields["Depends"].split(",")]
    # `true` needs only the C library: that, with the version its symbols need, and the fonts.
    assert depends[0].startswith("libc6 (>= 2.")
    assert {"fontconfig", "fonts-dejavu-core"} <= set(depends)


def test_a_library_missing_from_the_build_machine_stops_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    need_tool("readelf")
    bundle = fake_bundle(tmp_path / "bundle")
    known = linux.system_library_paths()
    assert "libc.so.6" in known
    known.pop("libc.so.6")  # a build machine without the C library's package, as far as ldconfig says
    monkeypatch.setattr(linux, "system_library_paths", lambda: known)
    with pytest.raises(project.BuildError, match=rf"libc\.so\.6 \(needed by {project.NAME}\)"):
        linux.depends(bundle)
