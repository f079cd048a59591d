"""The practitioner's signing identity: a private key and the certificate that names its holder.

Either made on first use (an EC P-256 key and a self-signed certificate carrying the practitioner's
name, role and organisation) or imported from a PKCS#12 file the organisation issued. These are plain
functions over ``cryptography`` objects. The identity is kept only inside the encrypted case store
(``dash_desktop.store.identities``); the private key is never written anywhere else.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

#: How long a self-signed certificate is valid. A certificate is about who signed, not about the
#: case; five years outlives a typical post, and a new one can be made at any time.
SELF_SIGNED_DAYS = 5 * 365
MIN_RSA_BITS = 2048

SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 of a certificate (DER) as colon-separated hex, as ``identity show`` and ``verify`` print it."""
    digest = hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest().upper()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


class IdentityError(ValueError):
    """An identity that cannot be made, read or used; the message says what to do."""


@dataclass(frozen=True)
class Identity:
    key: SigningKey = field(repr=False)
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = ()  # issuer certificates from an organisation's PKCS#12

    def _attr(self, oid: x509.ObjectIdentifier) -> str:
        values = self.certificate.subject.get_attributes_for_oid(oid)
        value = values[0].value if values else ""
        return value if isinstance(value, str) else value.decode("utf-8", "replace")

    @property
    def name(self) -> str:
        return self._attr(NameOID.COMMON_NAME)

    @property
    def organisation(self) -> str:
        return self._attr(NameOID.ORGANIZATION_NAME)

    @property
    def role(self) -> str:
        return self._attr(NameOID.TITLE)

    @property
    def self_signed(self) -> bool:
        return self.certificate.issuer == self.certificate.subject

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the certificate (DER), as colon-separated hex: what a recipient compares."""
        return fingerprint(self.certificate)

    def certificate_pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def describe(self) -> list[tuple[str, str]]:
        """What ``identity show`` prints: (label, value) pairs, nothing secret."""
        cert = self.certificate
        key = self.key
        kind = f"EC {key.curve.name}" if isinstance(key, ec.EllipticCurvePrivateKey) else f"RSA {key.key_size}"
        return [
            ("Name", self.name or "(none)"),
            ("Role", self.role or "(none)"),
            ("Organisation", self.organisation or "(none)"),
            ("Issuer", "self-signed" if self.self_signed else cert.issuer.rfc4514_string()),
            ("Key", kind),
            ("Valid from", f"{cert.not_valid_before_utc:%Y-%m-%d %H:%M} UTC"),
            ("Valid until", f"{cert.not_valid_after_utc:%Y-%m-%d %H:%M} UTC"),
            ("Serial", format(cert.serial_number, "x")),
            ("SHA-256 fingerprint", self.fingerprint),
        ]


def _clean(text: str, what: str, *, required: bool) -> str:
    text = " ".join(text.split())
    if required and not text:
        raise IdentityError(f"the practitioner's {what} is needed to make a signing identity")
    if len(text) > 64:  # X.520 upper bound for these attributes
        raise IdentityError(f"the practitioner's {what} is longer than 64 characters; shorten it")
    return text


def create_identity(
    name: str, organisation: str, role: str = "", *, now: dt.datetime | None = None
) -> Identity:
    """A new EC P-256 key and a self-signed certificate naming the practitioner."""
    name = _clean(name, "name", required=True)
    organisation = _clean(organisation, "organisation", required=True)
    role = _clean(role, "role", required=False)
    now = now or dt.datetime.now(dt.UTC)
    key = ec.generate_private_key(ec.SECP256R1())
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, name),
                  x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)]
    if role:
        attributes.append(x509.NameAttribute(NameOID.TITLE, role))
    subject = x509.Name(attributes)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=SELF_SIGNED_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False),
            critical=True,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Identity(key, cert)


def check_usable(identity: Identity, *, now: dt.datetime | None = None) -> None:
    """Refuse a key we do not sign with, or a certificate outside its validity period."""
    key = identity.key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        if not isinstance(key.curve, ec.SECP256R1 | ec.SECP384R1):
            raise IdentityError(f"the key is on the curve {key.curve.name}; use P-256 (or P-384)")
    elif isinstance(key, rsa.RSAPrivateKey):
        if key.key_size < MIN_RSA_BITS:
            raise IdentityError(f"the RSA key has {key.key_size} bits; at least {MIN_RSA_BITS} are needed")
    else:
        raise IdentityError("the key is neither EC nor RSA; ask for an EC P-256 (or RSA) signing certificate")
    spki = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if identity.certificate.public_key().public_bytes(*spki) != key.public_key().public_bytes(*spki):
        raise IdentityError("the certificate does not belong to the private key")
    now = now or dt.datetime.now(dt.UTC)
    cert = identity.certificate
    if now > cert.not_valid_after_utc:
        raise IdentityError(
            f"the signing certificate expired on {cert.not_valid_after_utc:%d %B %Y}; "
            "make a new identity or import a new certificate from your organisation"
        )
    if now < cert.not_valid_before_utc:
        raise IdentityError(f"the signing certificate is valid only from {cert.not_valid_before_utc:%d %B %Y}")


def load_pkcs12(data: bytes, password: bytes | None) -> Identity:
    """An identity from a PKCS#12 (.p12/.pfx) file: its key, its certificate and any issuers."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password)
    except ValueError:
        raise IdentityError(
            "the PKCS#12 file could not be opened: the password is wrong or the file is damaged"
        ) from None
    except UnsupportedAlgorithm as exc:
        raise IdentityError(f"the PKCS#12 file uses an algorithm this program cannot read ({exc})") from None
    if key is None or cert is None:
        raise IdentityError("the PKCS#12 file has no private key and certificate pair; ask for one that has")
    if not isinstance(key, ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey):
        raise IdentityError("the PKCS#12 key is neither EC nor RSA; ask for an EC P-256 signing certificate")
    identity = Identity(key, cert, tuple(extra))
    check_usable(identity)
    return identity


def to_pkcs12(identity: Identity, passphrase: bytes | None) -> bytes:
    """The identity as PKCS#12: encrypted with ``passphrase`` (PBES2, AES-256-CBC, PBKDF2-SHA256),
    or, with ``None``, unprotected — only for keeping it inside the encrypted case store."""
    encryption: serialization.KeySerializationEncryption
    if passphrase is None:
        encryption = serialization.NoEncryption()
    elif not passphrase:
        raise IdentityError("an empty password cannot protect a signing key")
    else:
        encryption = (
            serialization.PrivateFormat.PKCS12.encryption_builder()
            .kdf_rounds(200_000)
            .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
            .hmac_hash(hashes.SHA256())
            .build(passphrase)
        )
    return pkcs12.serialize_key_and_certificates(
        b"dash-desktop signing identity", identity.key, identity.certificate, list(identity.chain) or None,
        encryption,
    )


def load_certificate_pem(data: bytes) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(data)
    except ValueError:
        try:
            return x509.load_der_x509_certificate(data)
        except ValueError:
            raise IdentityError("not a certificate (expected PEM or DER)") from None
