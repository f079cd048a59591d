"""``dash-desktop stats --from DATE --to DATE [--format csv|json|pdf] [--output FILE]``: anonymised
counts for a period (docs/statistics.md): no name, reference or date of birth, and every count from
1 to 4 shown as "fewer than 5"."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash_desktop.cli.common import CommandError, add_command, add_store_options, iso_date, write_private

if TYPE_CHECKING:
    from dash_desktop.stats import Statistics


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "stats", "Anonymised counts for a period, for commissioners and the MARAC "
                         "(small counts shown as 'fewer than 5').")
    parser.add_argument("--from", dest="from_", required=True, type=iso_date, metavar="DATE",
                        help="the period's first day")
    parser.add_argument("--to", required=True, type=iso_date, metavar="DATE", help="its last day")
    parser.add_argument("--format", choices=("json", "csv", "pdf"), default="json", help="default json")
    parser.add_argument("--output", "-o", metavar="FILE", help="write to FILE (needed for pdf)")
    add_store_options(parser)
    parser.set_defaults(func=run)


def _pdf(stats: Statistics) -> bytes:
    """``dash_desktop.reports.stats_pdf.render(stats)``, loaded only now (ReportLab is heavy)."""
    try:
        module = importlib.import_module("dash_desktop.reports.stats_pdf")
    except ModuleNotFoundError as exc:
        if exc.name != "dash_desktop.reports.stats_pdf":
            raise
        raise CommandError("stats --format pdf: this build has no statistics PDF yet; use --format json or csv") \
            from None
    pdf = module.render(stats)
    if not isinstance(pdf, bytes):  # pragma: no cover - a renderer that breaks its contract
        raise CommandError("stats --format pdf: the statistics PDF could not be made", 70)
    return pdf


def run(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    if args.to < args.from_:
        raise CommandError(f"--to ({args.to}) is before --from ({args.from_}): nothing was counted")
    if args.format == "pdf" and not args.output:
        raise CommandError("stats --format pdf needs --output FILE")
    with opened(args) as store, store_errors():
        stats = store.stats.period(args.from_, args.to)
        data = _pdf(stats) if args.format == "pdf" else \
            (stats.to_json() if args.format == "json" else stats.to_csv()).encode("utf-8")
        store.audit.record_export("statistics", None, {"format": args.format, "from": args.from_.isoformat(),
                                                       "to": args.to.isoformat(),
                                                       "to_file": bool(args.output)})
    if args.output:
        try:
            write_private(Path(args.output), data)
        except OSError as exc:
            raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
        print(f"wrote the statistics for {args.from_} to {args.to} to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0
