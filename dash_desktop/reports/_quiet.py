"""pyHanko, its certificate validator and fontTools log warnings with tracebacks (and certificate
subjects) through Python's last-resort handler, straight onto stderr. What matters is reported by
our own results and messages; these loggers are silenced so that nothing lands in logs or a
terminal that the program did not choose to say."""

from __future__ import annotations

import logging
from functools import cache

_LOGGERS = ("pyhanko", "pyhanko_certvalidator", "fontTools")


@cache
def quiet_third_party_logs() -> None:
    for name in _LOGGERS:
        log = logging.getLogger(name)
        log.addHandler(logging.NullHandler())
        log.propagate = False
