"""The program's licence, the third-party notices that travel with every bundle and installer, and
its icon in every size the platforms ask for."""

from __future__ import annotations

import importlib.metadata as md
import re
from pathlib import Path

import make_icons
import notices
import project
from installer_helpers import INSTALLER
from PIL import Image


def test_the_licence_is_apache_2_0_everywhere_it_is_stated() -> None:
    licence = (project.ROOT / "LICENSE").read_text("utf-8")
    assert "Apache License" in licence
    assert "Version 2.0, January 2004" in licence
    meta = md.metadata("dash-desktop")
    assert meta["License-Expression"] == "Apache-2.0"
    assert "<project_license>Apache-2.0</project_license>" in (
        INSTALLER / "linux" / f"{project.APP_ID}.metainfo.xml").read_text("utf-8")


def test_the_notices_name_every_component_and_every_runtime_package_with_its_licence() -> None:
    text = notices.notices_text()
    listing = text[:text.index("=" * 100)]
    for component in ("Qt ", "SQLCipher", "SQLite", "OpenSSL", "Python ", "DejaVu fonts", "PyInstaller bootloader"):
        assert f"  - {component}" in listing, component
    dists = notices.runtime_distributions()
    names = {d.metadata["Name"].lower() for d in dists}
    assert {"pyside6_essentials", "sqlcipher3", "reportlab", "pyhanko", "keyring", "cryptography", "sqlalchemy",
            "alembic"} <= {n.replace("-", "_") for n in names}
    for d in dists:
        assert re.search(rf"^  - {re.escape(d.metadata['Name'])} {re.escape(d.version)}: \S", listing, re.MULTILINE)
    # The licence texts themselves, not only their names.
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
    assert "GNU GENERAL PUBLIC LICENSE" in text
    assert "ZETETIC LLC" in text
    assert "Bitstream Vera" in text
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in text


def test_the_runtime_packages_are_what_the_program_requires() -> None:
    names = {d.metadata["Name"].lower() for d in notices.runtime_distributions()}
    assert "dash-desktop" not in names  # the program's own licence is LICENSE
    assert "pytest" not in names  # test tools are not shipped
    assert "pyinstaller" not in names


def test_the_icon_is_rendered_at_every_size(tmp_path: Path) -> None:
    written = make_icons.make_icons(tmp_path)
    for size in make_icons.PNG_SIZES:
        png = tmp_path / "hicolor" / f"{size}x{size}" / "apps" / f"{project.NAME}.png"
        assert png in written
        with Image.open(png) as image:
            assert image.size == (size, size)
            assert image.mode == "RGBA"
            assert image.getpixel((size // 2, size // 2))[3] == 255  # drawn, not transparent
            assert image.getpixel((0, 0))[3] == 0  # the rounded corner is see-through
    with Image.open(tmp_path / f"{project.NAME}.ico") as ico:
        assert set(ico.info["sizes"]) == {(s, s) for s in make_icons.ICO_SIZES}
    with Image.open(tmp_path / f"{project.NAME}.icns") as icns:
        assert (512, 512, 2) in icns.info["sizes"]  # the 1024-pixel Retina image


def test_the_window_uses_the_icon(qapp: object) -> None:
    from dash_desktop.ui.app import app_icon

    icon = app_icon()
    assert not icon.isNull()
    image = icon.pixmap(64, 64).toImage()
    assert image.width() == 64
    assert image.pixelColor(32, 32).alpha() == 255
