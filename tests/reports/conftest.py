"""Fixtures for the report tests: one identity and one signed report per session (signing is the slow part)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from report_helpers import EXAMPLE, ORGANISATION, PRACTITIONER, SUBJECT

from dash_desktop.assessment import AssessmentDocument, read_document
from dash_desktop.reports.export import Report, build_report
from dash_desktop.reports.header import ReportHeader, Subject
from dash_desktop.reports.identity import Identity, create_identity


@pytest.fixture(scope="session")
def example_doc() -> AssessmentDocument:
    doc = read_document(EXAMPLE)
    return dataclasses.replace(doc, meta={"subject": SUBJECT, "case_reference": "HANTS-2026-0413"})


@pytest.fixture(scope="session")
def header() -> ReportHeader:
    return ReportHeader(practitioner=PRACTITIONER, organisation=ORGANISATION, role="IDVA",
                        subject_mode=Subject.FULL)


@pytest.fixture(scope="session")
def identity() -> Identity:
    return create_identity(PRACTITIONER, ORGANISATION, "IDVA")


@pytest.fixture(scope="session")
def signed(example_doc: AssessmentDocument, header: ReportHeader, identity: Identity) -> Report:
    return build_report(example_doc, header, identity=identity)


@pytest.fixture(scope="session")
def signed_file(signed: Report, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("signed") / "report.pdf"
    path.write_bytes(signed.pdf)
    return path
