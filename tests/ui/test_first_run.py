"""First run (issue 9, defect 1): the organisation's PKCS#12 imported through the wizard, end to
end; and a first run whose step fails leaves nothing behind, so Finish works when pressed again."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID
from PySide6.QtWidgets import QWizard

from dash_desktop.store import StoreError, StorePaths
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.store.vocabulary import IdentitySource
from dash_desktop.ui.passphrase import FirstRunWizard

PASSPHRASE = "purple elephant dances quietly"
P12_PASSWORD = b"organisation issued password"
SHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def organisation_pkcs12(path: Path) -> str:
    """A personal signing certificate issued by an organisation CA, as the PKCS#12 file an
    organisation hands out (password protected); returns the certificate's SHA-256 fingerprint."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Hampshire Signing CA")])
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jo Bloggs"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Hampshire County Council")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=365))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(ca_key, hashes.SHA256()))
    path.write_bytes(pkcs12.serialize_key_and_certificates(b"Jo Bloggs", key, cert, None,
                                                           BestAvailableEncryption(P12_PASSWORD)))
    return ":".join(f"{b:02X}" for b in cert.fingerprint(hashes.SHA256()))


@pytest.fixture
def errors(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr("dash_desktop.ui.passphrase.show_error",
                        lambda _parent, title, message: shown.append((title, message)))
    return shown


def to_identity_page(qtbot: Any, data_dir: Path) -> FirstRunWizard:
    wizard = FirstRunWizard(data_dir, kdf=TEST_KDF)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.profile_page.name.insert("Jo Bloggs")
    wizard.profile_page.organisation.insert("Hampshire County Council")
    wizard.next()
    wizard.passphrase_page.first.insert(PASSPHRASE)
    wizard.passphrase_page.second.insert(PASSPHRASE)
    wizard.next()
    return wizard


def choose_import(wizard: FirstRunWizard, p12: Path, password: bytes) -> None:
    page = wizard.identity_page
    page.import_.click()
    assert page.file.isEnabled() and page.password.isEnabled()
    page.file.setText(str(p12))
    page.password.setText(password.decode())
    assert page.isComplete()


def finish(wizard: FirstRunWizard) -> None:
    wizard.button(QWizard.WizardButton.FinishButton).click()


def test_the_organisations_pkcs12_is_imported_by_the_wizard(
    qtbot: Any, tmp_path: Path, errors: list[tuple[str, str]]
) -> None:
    p12 = tmp_path / "jo-bloggs.p12"
    fingerprint = organisation_pkcs12(p12)
    wizard = to_identity_page(qtbot, tmp_path / "data")
    choose_import(wizard, p12, P12_PASSWORD)
    SHOTS.mkdir(exist_ok=True)
    qtbot.wait(30)
    assert wizard.grab().save(str(SHOTS / "first-run-import.png"))
    finish(wizard)
    assert errors == []
    assert wizard.store is not None
    store = wizard.store
    try:
        stored = store.identities.active()
        assert stored is not None
        assert stored.source == IdentitySource.IMPORTED
        assert stored.fingerprint == fingerprint
        assert "Jo Bloggs" in stored.subject
        events = [(e.action, e.entity, dict(e.detail)) for e in store.audit.events(5)]
        assert ("import", "signing_identity", {"fingerprint": fingerprint, "source": "imported"}) in events
        assert store.audit.verify().ok
    finally:
        store.close()


def test_a_wrong_pkcs12_password_creates_nothing_and_finish_works_once_corrected(
    qtbot: Any, tmp_path: Path, errors: list[tuple[str, str]]
) -> None:
    p12 = tmp_path / "jo-bloggs.p12"
    organisation_pkcs12(p12)
    data = tmp_path / "data"
    wizard = to_identity_page(qtbot, data)
    choose_import(wizard, p12, b"not the password")
    finish(wizard)
    assert [title for title, _ in errors] == ["The certificate cannot be used"]
    assert wizard.store is None and wizard.isVisible()
    assert not StorePaths.resolve(data).exists()
    wizard.identity_page.password.setText(P12_PASSWORD.decode())
    finish(wizard)
    assert wizard.store is not None
    wizard.store.close()


def test_a_step_failing_inside_the_store_leaves_no_half_made_store(
    qtbot: Any, tmp_path: Path, errors: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fault of defect 1 came after ``keys.json`` was written, so Finish then said the store
    already existed. Now any failing step takes the whole store back."""
    import dash_desktop.store.store as store_module

    real = store_module.keep_identity
    calls: list[int] = []

    def fail_once(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise StoreError("the disk is full")
        return real(*args)

    monkeypatch.setattr(store_module, "keep_identity", fail_once)
    data = tmp_path / "data"
    wizard = to_identity_page(qtbot, data)  # a self-signed identity, made from the profile
    finish(wizard)
    assert errors == [("The case file could not be created", "the disk is full")]
    paths = StorePaths.resolve(data)
    assert not paths.exists()
    assert not any(p.exists() for p in (paths.database, paths.header, *paths.sidecar_files()))
    finish(wizard)  # not "a case store already exists"
    assert len(errors) == 1
    assert wizard.store is not None
    stored = wizard.store.identities.active()
    assert stored is not None and stored.source == IdentitySource.SELF_SIGNED
    wizard.store.close()
