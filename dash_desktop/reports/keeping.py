"""Where the signing identity and the practitioner profile are kept — INTERIM.

The signing key belongs inside the encrypted case store (issue 3). Until the store has a place for
it, it is kept here as a PKCS#12 file in the data directory, encrypted with the practitioner's
passphrase (PBES2 / AES-256-CBC, PBKDF2-SHA256, 200,000 rounds). The private key is never written
unencrypted. Beside it, ``practitioner.json`` holds the practitioner's name, role, organisation and
how reports show a subject's name: the same details every signed report prints, nothing about a case.

When the store lands, :class:`IdentityFile` is replaced by the store's identity table and this
module is removed; the functions in :mod:`dash_desktop.reports.identity` stay as they are.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from dash_desktop.reports.header import ReportHeader, Subject
from dash_desktop.reports.identity import Identity, IdentityError, load_pkcs12, to_pkcs12

DATA_ENV = "DASH_DESKTOP_DATA"
APP_NAME = "dash-desktop"
IDENTITY_FILE = "signing-identity.p12"
PROFILE_FILE = "practitioner.json"


def default_data_dir() -> Path:
    """``DASH_DESKTOP_DATA`` if set, else the platform's per-user data folder (as the store uses)."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically, readable by the owner only (on POSIX)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass(frozen=True)
class PractitionerProfile:
    name: str
    organisation: str
    role: str = ""
    subject_names: str = Subject.FULL.value  # full | initials | none
    training: bool = False

    def header(self) -> ReportHeader:
        return ReportHeader(
            practitioner=self.name,
            organisation=self.organisation,
            role=self.role,
            subject_mode=Subject(self.subject_names),
            training=self.training,
        )


class IdentityFile:
    """The interim home of one practitioner's signing identity and profile (see the module note)."""

    def __init__(self, data_dir: Path | None = None) -> None:
        self.root = (data_dir or default_data_dir()).expanduser()

    @property
    def identity_path(self) -> Path:
        return self.root / IDENTITY_FILE

    @property
    def profile_path(self) -> Path:
        return self.root / PROFILE_FILE

    def exists(self) -> bool:
        return self.identity_path.is_file()

    def save(self, identity: Identity, passphrase: bytes, profile: PractitionerProfile) -> None:
        _write_private(self.identity_path, to_pkcs12(identity, passphrase))
        _write_private(self.profile_path, json.dumps(asdict(profile), ensure_ascii=False, indent=2).encode())

    def load(self, passphrase: bytes) -> Identity:
        if not self.exists():
            raise IdentityError(
                f"there is no signing identity in {self.root}; make one with "
                "'dash-desktop identity create --name NAME --organisation ORG' or import your "
                "organisation's with 'dash-desktop identity import FILE.p12'"
            )
        try:
            return load_pkcs12(self.identity_path.read_bytes(), passphrase)
        except IdentityError as exc:
            if "password is wrong" in str(exc):
                raise IdentityError(
                    "the passphrase does not open the signing identity; nothing was signed"
                ) from None
            raise

    def profile(self) -> PractitionerProfile:
        try:
            raw = json.loads(self.profile_path.read_text(encoding="utf-8"))
            profile = PractitionerProfile(**raw)
            Subject(profile.subject_names)
        except FileNotFoundError:
            raise IdentityError(f"there is no practitioner profile in {self.root}; run 'dash-desktop "
                                "identity create' or 'identity import' first") from None
        except (ValueError, TypeError) as exc:
            raise IdentityError(f"{self.profile_path} is damaged ({exc}); run 'dash-desktop identity "
                                "create' again") from None
        return profile
