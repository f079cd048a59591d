"""The frozen program's entry point (PyInstaller needs a script): the ``dash-desktop`` command."""

import sys

from dash_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
