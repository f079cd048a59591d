"""Make resources/fonts/DejaVuSans-Stamp.ttf from DejaVuSans.ttf (see resources/fonts/README.md).

Run from the repository root: ``python tools/make_stamp_font.py`` (needs fontTools, which pyHanko's
``opentype`` extra installs).
"""

from __future__ import annotations

from fontTools import subset
from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem

#: Latin (with Latin-1, Extended-A/B, IPA, combining marks, Extended Additional), Greek, Cyrillic,
#: general punctuation and the euro sign: the scripts a name in the signature box is likely to use.
RANGES = [(0x20, 0x7E), (0xA0, 0x36F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1FFF), (0x2000, 0x206F),
          (0x20AC, 0x20AC)]


def main() -> None:
    font = TTFont("resources/fonts/DejaVuSans.ttf")
    options = subset.Options()
    options.layout_features = []  # no GSUB/GPOS: pyHanko parses them on every signature (~50 ms)
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "FFTM"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[u for first, last in RANGES for u in range(first, last + 1)])
    subsetter.subset(font)
    scale_upem(font, 1000)
    font["name"].setName("DejaVu Sans (Latin, Greek, Cyrillic; 1000 units per em, for signature stamps)",
                         5, 3, 1, 0x409)
    font.save("resources/fonts/DejaVuSans-Stamp.ttf")


if __name__ == "__main__":
    main()
