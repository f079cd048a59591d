"""Make resources/fonts/DejaVuSans-Stamp.ttf from DejaVuSans.ttf (see resources/fonts/README.md).

Run from the repository root: python tools/make_stamp_font.py"""

from fontTools.ttLib import TTFont
from fontTools.ttLib.scaleUpem import scale_upem
from fontTools import subset
RANGES = [(0x20, 0x7E), (0xA0, 0x36F), (0x370, 0x3FF), (0x400, 0x52F), (0x1E00, 0x1FFF), (0x2000, 0x206F), (0x20AC, 0x20AC)]
f = TTFont("resources/fonts/DejaVuSans.ttf")
opts = subset.Options(); opts.layout_features = ["kern", "mark", "mkmk", "ccmp", "liga"]; opts.name_IDs = ["*"]; opts.notdef_outline = True
s = subset.Subsetter(opts); s.populate(unicodes=[u for a, b in RANGES for u in range(a, b + 1)]); s.subset(f)
scale_upem(f, 1000)
f["name"].setName("DejaVu Sans (Latin, Greek, Cyrillic; 1000 units per em, for signature stamps)", 5, 3, 1, 0x409)
f.save("resources/fonts/DejaVuSans-Stamp.ttf")
