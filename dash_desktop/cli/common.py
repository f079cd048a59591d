"""What the sub-commands share: the error that becomes a message and an exit code, and the options
every store command takes. Only argparse here: registering the commands loads nothing heavy."""

from __future__ import annotations

import argparse
from typing import Any

INVALID_INPUT = 2
PASSPHRASE_ENV = "DASH_DESKTOP_PASSPHRASE"  # noqa: S105 - the name of a variable
NEW_PASSPHRASE_ENV = "DASH_DESKTOP_NEW_PASSPHRASE"  # noqa: S105
DATA_DIR_HELP = "the case store's folder (default: $DASH_DESKTOP_DATA, else the user data folder)"


class CommandError(Exception):
    """A fault the user can act on: printed as one message on stderr, then ``exit_code``."""

    def __init__(self, message: str, exit_code: int = INVALID_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_command(subparsers: Any, name: str, help_text: str, **kwargs: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text, description=help_text, **kwargs)
    return parser


def add_store_options(parser: argparse.ArgumentParser) -> None:
    """``--data-dir`` and ``--passphrase-file``. ``--data-dir`` is the same option as the one before
    the command (``dash-desktop --data-dir DIR cases list``): given here it wins, and left out here it
    does not reset the one given before (hence no default of its own)."""
    group = parser.add_argument_group("case store")
    group.add_argument("--data-dir", dest="data_dir", metavar="DIR", default=argparse.SUPPRESS, help=DATA_DIR_HELP)
    group.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=f"read the passphrase from FILE (first line); or set {PASSPHRASE_ENV}; else you are asked",
    )
