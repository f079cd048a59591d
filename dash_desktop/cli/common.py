"""What the sub-commands share: the error that becomes a message and an exit code."""

from __future__ import annotations

import argparse
from typing import Any

INVALID_INPUT = 2


class CommandError(Exception):
    """A fault the user can act on: printed as one message on stderr, then ``exit_code``."""

    def __init__(self, message: str, exit_code: int = INVALID_INPUT) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def add_command(subparsers: Any, name: str, help_text: str, **kwargs: Any) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = subparsers.add_parser(name, help=help_text, description=help_text, **kwargs)
    return parser
