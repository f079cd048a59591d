"""Render the application icon from its SVG source (``resources/icons/dash-desktop.svg``) into every
form the installers need: PNGs at the freedesktop sizes (the desktop entry's hicolor theme), a
Windows ICO (the MSI, the NSIS installer and the frozen .exe) and a macOS ICNS (the app bundle).

The window uses the SVG itself, so nothing generated is kept in the repository::

    python installer/make_icons.py OUT_DIR   # OUT_DIR/hicolor/<n>x<n>/apps/dash-desktop.png, .ico, .icns

Rendering is Qt's (QSvgRenderer, in PySide6-Essentials); writing ICO and ICNS is Pillow's.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "resources" / "icons" / "dash-desktop.svg"
NAME = "dash-desktop"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # Windows reads icons up to 256 pixels
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, size: int) -> Image.Image:
    """The SVG drawn at ``size`` x ``size`` pixels, antialiased, on a transparent ground."""
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not a valid SVG image")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    rgba = image.convertToFormat(QImage.Format.Format_RGBA8888)
    return Image.frombytes("RGBA", (size, size), bytes(rgba.constBits()), "raw", "RGBA", rgba.bytesPerLine())


def make_icons(out: Path, svg: Path = SOURCE) -> list[Path]:
    """Write every icon file under ``out``; return their paths."""
    from PySide6.QtWidgets import QApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # A QApplication (not the bare QGuiApplication rendering needs), so that a widget program or
    # test that runs later in the same process can still use it.
    _app = QApplication.instance() or QApplication(sys.argv[:1])
    images = {size: render(svg, size) for size in sorted({*PNG_SIZES, *ICNS_SIZES})}
    written: list[Path] = []
    for size in PNG_SIZES:
        path = out / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        images[size].save(path)
        written.append(path)
    ico = out / f"{NAME}.ico"
    images[256].save(ico, sizes=[(s, s) for s in ICO_SIZES], append_images=[images[s] for s in ICO_SIZES])
    icns = out / f"{NAME}.icns"
    images[1024].save(icns, append_images=[images[s] for s in ICNS_SIZES])
    return [*written, ico, icns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="the folder to write the icons into")
    args = parser.parse_args(argv)
    for path in make_icons(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
