"""``python -m dash_desktop``: the same as the ``dash-desktop`` command."""

import sys

from dash_desktop.cli import main

sys.exit(main())
