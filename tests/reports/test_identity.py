"""The signing identity: made, exported to and read from PKCS#12, and kept only encrypted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from store_helpers import PASSPHRASE

from dash_desktop.reports.identity import (
    Identity,
    IdentityError,
    check_usable,
    create_identity,
    load_pkcs12,
    to_pkcs12,
)
from dash_desktop.reports.stored import to_keep
from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF
from dash_desktop.store.vocabulary import IdentitySource


def test_self_signed_identity_names_the_practitioner() -> None:
    ident = create_identity("  Siobhán  Ní Bhriain ", "Southern Domestic Abuse Service", "IDVA")
    assert isinstance(ident.key, ec.EllipticCurvePrivateKey)
    assert ident.key.curve.name == "secp256r1"
    assert (ident.name, ident.organisation, ident.role) == ("Siobhán Ní Bhriain", "Southern Domestic Abuse Service",
                                                             "IDVA")
    assert ident.self_signed
    usage = ident.certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    check_usable(ident)


@pytest.mark.parametrize(("name", "org"), [("", "Org"), ("Name", "   "), ("x" * 65, "Org")])
def test_create_refuses_missing_or_overlong_details(name: str, org: str) -> None:
    with pytest.raises(IdentityError):
        create_identity(name, org)


def test_pkcs12_round_trip_needs_the_passphrase() -> None:
    ident = create_identity("A Practitioner", "An Organisation", "Social worker")
    blob = to_pkcs12(ident, b"correct horse battery")
    back = load_pkcs12(blob, b"correct horse battery")
    assert back.certificate == ident.certificate
    assert back.fingerprint == ident.fingerprint
    with pytest.raises(IdentityError, match="password is wrong"):
        load_pkcs12(blob, b"wrong")
    with pytest.raises(IdentityError):
        load_pkcs12(blob, None)


def test_identity_is_kept_only_inside_the_encrypted_store(tmp_path: Path) -> None:
    ident = create_identity("A Practitioner", "An Organisation")
    data = tmp_path / "store"
    profile = PractitionerProfile("A Practitioner", "IDVA", "An Organisation")
    with Store.create(PASSPHRASE, profile, data, kdf=TEST_KDF) as store:
        assert store.identities.active() is None
        store.identities.save(to_keep(ident, IdentitySource.SELF_SIGNED))
        store.backup()
    assert isinstance(ident.key, ec.EllipticCurvePrivateKey)
    secrets = [
        ident.key.private_numbers().private_value.to_bytes(32, "big"),
        ident.key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()),
        ident.certificate.public_bytes(serialization.Encoding.DER),  # even the certificate is not in clear
    ]
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".db") for p in files)
    for path in files:
        content = path.read_bytes()
        for secret in secrets:
            assert secret not in content, f"{path.name} holds key material in clear"
    with Store.open(PASSPHRASE, data) as store:
        stored = store.identities.active()
        assert stored is not None
        assert load_pkcs12(stored.pkcs12, None).fingerprint == ident.fingerprint
        events = [(e.action, e.entity, e.detail) for e in store.audit.events(10)]
    assert ("create", "signing_identity", {"fingerprint": ident.fingerprint, "source": "self-signed"}) in events


def test_a_new_identity_retires_the_old(tmp_path: Path) -> None:
    one, two = create_identity("P", "O"), create_identity("P", "O")
    with Store.create(PASSPHRASE, PractitionerProfile("P", None, "O"), tmp_path / "s", kdf=TEST_KDF) as store:
        for ident, source in ((one, IdentitySource.SELF_SIGNED), (two, IdentitySource.IMPORTED)):
            store.identities.save(to_keep(ident, source))
        stored = store.identities.active()
        assert stored is not None and stored.fingerprint == two.fingerprint and stored.source == "imported"
        assert store.audit.verify().ok


def _issued(key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey, *, days: int = 365,
            start: dt.datetime | None = None) -> tuple[x509.Certificate, x509.Certificate, ec.EllipticCurvePrivateKey]:
    """A certificate for ``key`` issued by a throwaway organisation CA."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Org Signing CA")])
    start = start or dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(1).not_valid_before(start).not_valid_after(start + dt.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .sign(ca_key, hashes.SHA256()))
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Jo Bloggs"),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Hampshire County Council")])
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(ca_name).public_key(key.public_key())
            .serial_number(2).not_valid_before(start).not_valid_after(start + dt.timedelta(days=days))
            .sign(ca_key, hashes.SHA256()))
    return cert, ca, ca_key


def test_import_organisation_pkcs12_with_chain() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert, ca, _ = _issued(key)
    blob = pkcs12.serialize_key_and_certificates(b"jo", key, cert, [ca],
                                                 serialization.BestAvailableEncryption(b"org-pass"))
    ident = load_pkcs12(blob, b"org-pass")
    assert (ident.name, ident.organisation, ident.role) == ("Jo Bloggs", "Hampshire County Council", "")
    assert not ident.self_signed
    assert ident.chain == (ca,)


def test_import_refuses_expired_and_weak() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    cert, _, _ = _issued(key, days=10, start=dt.datetime.now(dt.UTC) - dt.timedelta(days=30))
    blob = pkcs12.serialize_key_and_certificates(b"x", key, cert, None, serialization.NoEncryption())
    with pytest.raises(IdentityError, match="expired"):
        load_pkcs12(blob, None)
    weak = rsa.generate_private_key(public_exponent=65537, key_size=1024)  # noqa: S505 (the weak key being refused)
    cert, _, _ = _issued(weak)
    blob = pkcs12.serialize_key_and_certificates(b"x", weak, cert, None, serialization.NoEncryption())
    with pytest.raises(IdentityError, match="1024 bits"):
        load_pkcs12(blob, None)


def test_certificate_must_match_key() -> None:
    one = create_identity("One", "Org")
    two = create_identity("Two", "Org")
    with pytest.raises(IdentityError, match="does not belong"):
        check_usable(Identity(one.key, two.certificate))


def test_describe_shows_nothing_secret() -> None:
    ident = create_identity("A Practitioner", "An Organisation")
    text = repr(ident) + repr(ident.describe())
    assert "private" not in text.lower()
    assert dict(ident.describe())["Key"] == "EC secp256r1"
