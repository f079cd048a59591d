"""Assessment reports: the PDF (ReportLab), the practitioner's signing identity, signing and
verification (pyHanko).

``render`` needs only ReportLab and is imported only when a report is made. Everything that needs
pyHanko imports it inside the function that uses it, so that importing this package (or starting
the app) does not pay pyHanko's ~0.5 s.
"""

from dash_desktop.reports.header import ReportHeader, Subject, redact_subject

__all__ = ["ReportHeader", "Subject", "redact_subject"]
