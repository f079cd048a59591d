"""What the sub-commands share: the error that becomes a message and an exit code, and the options
every store command takes. Only argparse here: registering the commands loads nothing heavy."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

INVALID_INPUT = 2
PASSPHRASE_ENV = "DASH_DESKTOP_PASSPHRASE"  # noqa: S105 - the name of a variable
NEW_PASSPHRASE_ENV = "DASH_DESKTOP_NEW_PASSPHRASE"  # noqa: S105
DATA_DIR_HELP = "the case store's folder (default: $DASH_DESKTOP_DATA, else the user data folder)"
#: The largest id or count the store can hold (SQLite's INTEGER is 64-bit).
MAX_INTEGER = 2**63 - 1
#: How much of an offending value a message echoes: a line at most this long, and this many lines.
SHOWN_LINE = 1200
SHOWN_LINES = 40


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


def shown(text: str) -> str:
    """A message as printed: each line cut to :data:`SHOWN_LINE` characters and at most
    :data:`SHOWN_LINES` lines, so an offending value of megabytes is never echoed whole."""
    lines = text.splitlines() or [""]
    cut = [line if len(line) <= SHOWN_LINE else line[: SHOWN_LINE - 1] + "…" for line in lines[:SHOWN_LINES]]
    if len(lines) > SHOWN_LINES:
        cut.append(f"… and {len(lines) - SHOWN_LINES} more lines")
    return "\n".join(cut)


def whole_number(what: str, minimum: int, maximum: int = MAX_INTEGER) -> Callable[[str], int]:
    """An argparse type: a whole number from ``minimum`` to ``maximum``, else a message naming ``what``
    (never the whole value: a 31-digit or 4,000-digit number is cut)."""

    def parse(text: str) -> int:
        stripped = text.strip()
        digits = stripped.lstrip("+-")
        if not digits.isascii() or not digits.isdigit() or len(digits) > len(str(maximum)) + 1:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number from {minimum} to {maximum}, "
                                             f"not {shown(repr(text[:40]) + ('…' if len(text) > 40 else ''))}")
        value = int(stripped)
        if not minimum <= value <= maximum:
            raise argparse.ArgumentTypeError(f"{what} must be a whole number from {minimum} to {maximum}")
        return value

    parse.__name__ = what  # argparse names the type in some messages
    return parse


def iso_date(text: str) -> dt.date:
    """An argparse type: a date written YYYY-MM-DD (argparse names the option in its message)."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"{shown(repr(text[:40]))} is not a date (YYYY-MM-DD)") from None


iso_date.__name__ = "date"


def write_private(path: Path, data: bytes) -> None:
    """An exported file may hold case data in the clear: readable by its owner only (0600), whatever
    the umask, and also when it replaces an existing file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        if os.name == "posix":
            os.fchmod(out.fileno(), 0o600)
        out.write(data)


def is_surrogate_free(text: str) -> bool:
    """False when ``text`` holds lone surrogates: what Python makes of command-line bytes that are not UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse any argument that is not valid UTF-8 text, naming it, before a command uses it."""
    for name, value in sorted(vars(args).items()):
        values = value if isinstance(value, list) else [value]
        if any(isinstance(v, str) and not is_surrogate_free(v) for v in values):
            option = name if name in {"file", "files", "reference", "out", "backup_file"} else \
                "--" + name.replace("_", "-")
            raise CommandError(f"{option}: the text given is not valid UTF-8 (bytes that are not letters in any "
                               "encoding this program reads); type it again, or rename the file; nothing was changed")
