"""Fixtures for the report tests: one identity and one signed report per session (signing is the slow part)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest
from report_helpers import EXAMPLE, ORGANISATION, PRACTITIONER, SUBJECT
from store_helpers import PASSPHRASE

from dash_desktop.assessment import AssessmentDocument, read_document
from dash_desktop.reports.export import Report, build_report
from dash_desktop.reports.header import ReportHeader, Subject
from dash_desktop.reports.identity import Identity, create_identity
from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF


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


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the user's data folder or OS keychain."""
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(tmp_path / "default-data"))
    monkeypatch.delenv("DASH_DESKTOP_PASSPHRASE", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def store_dir(tmp_path: Path, isolated: None) -> Path:
    """A new case store (cheap KDF) for a practitioner with a non-ASCII name."""
    data = tmp_path / "store"
    Store.create(PASSPHRASE, PractitionerProfile("Siobhán Ní Bhriain", "IDVA", "SDAS"), data, kdf=TEST_KDF).close()
    return data


@pytest.fixture
def passphrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "passphrase.txt"
    path.write_text(PASSPHRASE + "\n", encoding="utf-8")
    return path
