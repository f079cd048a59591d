"""The ``dash-desktop`` command line: with no command it opens the window; each command does one of the
app's operations without a window.

Each sub-command lives in its own module here with a ``register(subparsers)`` function that adds its
parser and sets ``func``; ``func(args)`` returns the exit code. Registering loads only argparse and
the words the options offer: each command imports what it needs (the store, SQLAlchemy, ReportLab,
pyHanko, Qt) only when it runs, so ``score`` starts as fast as the domain core it uses. Exit codes:
0 success, 1 a check failed (reserved for verify-style commands), 2 invalid input or usage (a
message on stderr, never a traceback), 3 the store could not be unlocked, 4 it is damaged; 70 a
fault no message foresaw (still one line, no traceback: report it).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from dash_desktop import __version__, selftest
from dash_desktop.cli import (
    assess,
    cases,
    marac,
    questionnaires,
    referrals,
    reports,
    score,
    stats,
    store_commands,
    training,
)
from dash_desktop.cli.common import DATA_DIR_HELP, INVALID_INPUT, CommandError, check_text_arguments, shown

#: Files made while running are readable and writable by their owner only (0600, folders 0700).
PRIVATE_UMASK = 0o077
#: The exit code of a fault no message foresaw (never a traceback).
UNEXPECTED = 70
#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = (questionnaires, score, store_commands, cases, referrals, assess, marac, reports, stats, training)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dash-desktop",
        description="DASH Desktop: domestic-abuse risk assessment for practitioners (offline).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--data-dir", dest="data_dir", metavar="DIR",
                        help=DATA_DIR_HELP + "; for the window and for every command")
    selftest.add_arguments(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Every file this program writes (the store, exports, backups, the log) is its owner's alone.
    umask = os.umask(PRIVATE_UMASK) if os.name == "posix" else None
    try:
        return _main(argv)
    finally:
        if umask is not None:
            os.umask(umask)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if selftest.requested(parser, args):
        return selftest.run(args.keep)
    try:
        check_text_arguments(args)
        if not getattr(args, "func", None):
            from dash_desktop.ui.app import run  # Qt is loaded only for the window

            return run(args.data_dir)
        code: int = args.func(args)
    except CommandError as exc:
        print(f"dash-desktop: {shown(str(exc))}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``dash-desktop cases list | head``): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
    except OSError as exc:  # a file the command was given cannot be used (a name too long, a folder, ...)
        where = f" ({shown(str(exc.filename))[:200]})" if exc.filename else ""
        print(f"dash-desktop: {exc.strerror or type(exc).__name__}{where}", file=sys.stderr)
        return INVALID_INPUT
    except Exception as exc:  # the last resort: a fault this program did not foresee is a message too
        print(f"dash-desktop: an unexpected fault ({type(exc).__name__}) stopped the command; "
              "please report it with the command you ran", file=sys.stderr)
        return UNEXPECTED
    return code


if __name__ == "__main__":
    sys.exit(main())
