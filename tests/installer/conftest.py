"""The installer scripts are not a package: they import each other from their own folder, which is
put on the path here, before the test modules import them."""

from __future__ import annotations

import sys

from installer_helpers import INSTALLER

sys.path.insert(0, str(INSTALLER))
