"""``dash-desktop export | verify | identity``: signed PDF reports.

- ``export --from-json FILE.json OUT.pdf``: score an interchange file and sign its report with the
  practitioner's identity, without storing a case (for trainers and scripts).
  ``export ASSESSMENT_ID OUT.pdf`` (from the case store) waits for the store (issue 3).
- ``verify FILE.pdf [--trust CERT.pem]``: exit 0 only when every signature is intact, valid, covers
  the whole file (and chains to the trust anchor where one is given); 1 when tampered or invalid;
  2 when the file is unreadable or unsigned.
- ``identity create | show | export-cert OUT.pem | import FILE.p12``.

pyHanko is imported only when one of these commands runs (see dash_desktop.reports.signing).
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from dash_desktop.assessment import DEFAULT_PROFILE, ProfileError, read_document, score
from dash_desktop.cli.common import CommandError, add_command
from dash_desktop.questionnaires import AnswerError
from dash_desktop.reports.header import Subject
from dash_desktop.reports.identity import (
    IdentityError,
    create_identity,
    load_certificate_pem,
    load_pkcs12,
)
from dash_desktop.reports.keeping import IdentityFile, PractitionerProfile

PASSPHRASE_ENV = "DASH_DESKTOP_PASSPHRASE"  # noqa: S105 (the name of a variable, not a secret)
TAMPERED = 1


def register(subparsers: Any) -> None:
    export = add_command(
        subparsers, "export", "Make the signed PDF report of an assessment.",
        epilog="The report is signed with your signing identity ('dash-desktop identity create' or 'import').",
    )
    export.add_argument("assessment_id", nargs="?", metavar="ASSESSMENT_ID",
                        help="an assessment in the case store (needs the store; not yet available)")
    export.add_argument("out", metavar="OUT.pdf")
    export.add_argument("--from-json", metavar="FILE.json",
                        help="score this interchange file instead; no case is stored")
    export.add_argument("--profile", default=DEFAULT_PROFILE, help=f"area profile (default {DEFAULT_PROFILE})")
    export.add_argument("--unsigned", action="store_true", help="a preview marked NOT SIGNED (no identity needed)")
    export.add_argument("--allow-incomplete", action="store_true",
                        help="sign even though required questions are unanswered (the report says INCOMPLETE)")
    export.add_argument("--force", action="store_true", help="replace OUT.pdf if it exists")
    _identity_options(export)
    export.set_defaults(func=_export)

    verify = add_command(subparsers, "verify", "Check a signed report: intact, valid, trusted, who signed and when.")
    verify.add_argument("file", metavar="FILE.pdf")
    verify.add_argument("--trust", metavar="CERT.pem", action="append", default=[],
                        help="a certificate to trust as the signer or its issuer (may be repeated)")
    verify.add_argument("--save-json", metavar="OUT.json", help="also write the attached assessment to OUT.json")
    verify.set_defaults(func=_verify)

    identity = add_command(subparsers, "identity", "Your signing identity: a key and its certificate.")
    sub = identity.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = add_command(sub, "create", "Make a new key and a self-signed certificate in your name.")
    create.add_argument("--name", required=True, help="your name as reports show it")
    create.add_argument("--organisation", required=True)
    create.add_argument("--role", default="", help="e.g. IDVA, social worker")
    _profile_options(create)
    create.add_argument("--replace", action="store_true",
                        help="replace an existing identity (reports it signed stay valid)")
    _identity_options(create)
    create.set_defaults(func=_create)
    show = add_command(sub, "show", "Show the certificate: name, organisation, validity, fingerprint.")
    _identity_options(show)
    show.set_defaults(func=_show)
    export_cert = add_command(sub, "export-cert", "Write the certificate (public) as PEM, for people who verify.")
    export_cert.add_argument("out", metavar="OUT.pem")
    _identity_options(export_cert)
    export_cert.set_defaults(func=_export_cert)
    imp = add_command(sub, "import", "Use a key and certificate your organisation issued (PKCS#12).")
    imp.add_argument("file", metavar="FILE.p12")
    imp.add_argument("--p12-password-file", metavar="FILE", help="the PKCS#12 file's password (else asked)")
    imp.add_argument("--role", default=None, help="your role, when the certificate does not name it")
    _profile_options(imp)
    imp.add_argument("--replace", action="store_true", help="replace an existing identity")
    _identity_options(imp)
    imp.set_defaults(func=_import)


def _identity_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="default: $DASH_DESKTOP_DATA or the user data folder")
    parser.add_argument("--passphrase-file", metavar="FILE", help=f"else ${PASSPHRASE_ENV}, else asked")


def _profile_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--subject-names", choices=[s.value for s in Subject], default=Subject.FULL.value,
                        help="how reports show the subject's name (default full)")
    parser.add_argument("--training", action="store_true", help="training mode: every report is watermarked")


def _read_secret(path: str | None, env: str | None, prompt: str) -> bytes:
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from None
        return text.rstrip("\r\n").encode("utf-8")
    if env and os.environ.get(env):
        return os.environ[env].encode("utf-8")
    if sys.stdin.isatty():
        return getpass.getpass(prompt).encode("utf-8")
    raise CommandError(f"a passphrase is needed: give --passphrase-file FILE, set {PASSPHRASE_ENV}, "
                       "or run from a terminal to be asked")


def _passphrase(args: argparse.Namespace) -> bytes:
    return _read_secret(args.passphrase_file, PASSPHRASE_ENV, "Passphrase: ")


def _write_new(path: Path, data: bytes, *, force: bool) -> None:
    """Write OUT atomically; never replace an existing file unless asked."""
    if path.exists() and not force:
        raise CommandError(f"{path} already exists; choose another name or pass --force")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- export ---------------------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from dash_desktop.reports.export import build_report

    if args.from_json is None:
        if args.assessment_id is None:
            raise CommandError("give ASSESSMENT_ID OUT.pdf, or --from-json FILE.json OUT.pdf")
        raise CommandError("exporting from the case store needs the encrypted store, which this build does "
                           "not have yet; use --from-json FILE.json OUT.pdf")
    if args.assessment_id is not None:
        raise CommandError("give either ASSESSMENT_ID or --from-json, not both")
    try:
        doc = read_document(args.from_json)
        result = score(doc, profile=args.profile)
    except AnswerError as exc:
        raise CommandError(f"invalid assessment {args.from_json}: {exc.field}: {exc.message}") from None
    except ProfileError as exc:
        raise CommandError(str(exc)) from None
    if not result.complete and not args.allow_incomplete and not args.unsigned:
        missing = ", ".join(result.unanswered)
        raise CommandError(f"{len(result.unanswered)} required question(s) are not answered ({missing}); "
                           "answer them, or pass --allow-incomplete to sign a report marked INCOMPLETE")
    keep = IdentityFile(args.data_dir)
    try:
        profile = keep.profile()
        identity = None if args.unsigned else keep.load(_passphrase(args))
        report = build_report(doc, profile.header(), identity=identity, area_profile=args.profile)
    except IdentityError as exc:
        raise CommandError(str(exc)) from None
    out = Path(args.out)
    _write_new(out, report.pdf, force=args.force)
    state = "signed" if report.signed else "UNSIGNED preview"
    print(f"{out}: {state} report, {len(report.pdf):,} bytes, sha256 {report.sha256}")
    level = report.result.risk_level or "no cut-off"
    print(f"  {report.result.title}: {level}, {report.result.yes_count} yes")
    return 0


# --- verify ---------------------------------------------------------------------------------------


def _verify(args: argparse.Namespace) -> int:
    from dash_desktop.reports.verify import ReportUnreadable, ReportUnsigned, verify_report

    trust = []
    for name in args.trust:
        try:
            trust.append(load_certificate_pem(Path(name).read_bytes()))
        except OSError as exc:
            raise CommandError(f"cannot read {name}: {exc.strerror or exc}") from None
        except IdentityError as exc:
            raise CommandError(f"{name}: {exc}") from None
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    try:
        verification = verify_report(data, trust or None)
    except (ReportUnreadable, ReportUnsigned) as exc:
        raise CommandError(f"{args.file}: {exc}") from None

    def yes_no(flag: bool | None) -> str:
        return "not checked" if flag is None else ("yes" if flag else "NO")

    print(f"{args.file}: {'GOOD' if verification.ok else 'FAILED'}")
    for s in verification.signatures:
        print(f"Signature '{s.field}':")
        print(f"  Intact (unchanged since signing): {yes_no(s.intact and s.whole_file)}")
        if not s.whole_file and s.intact:
            print("    (the file was added to after it was signed: what follows the signature is not covered)")
        print(f"  Signature valid:                  {yes_no(s.valid and s.policy_ok and s.intact)}")
        print(f"  Signer trusted:                   {yes_no(s.trusted)}")
        if s.trusted is None:
            print("    (no --trust CERT.pem given: anyone can make a certificate in any name; compare the "
                  "fingerprint below with the signer's, or pass their certificate with --trust)")
        who = ", ".join(part for part in (s.signer, s.role, s.organisation) if part)
        print(f"  Signed by: {who} ({s.issuer})")
        print(f"  Signed at: {s.signed_at:%d %B %Y %H:%M:%S %Z}" if s.signed_at else "  Signed at: unknown")
        print("    (the signer's own clock: an offline signature carries no trusted timestamp)")
        print(f"  Certificate SHA-256: {s.fingerprint}")
    if verification.document is not None:
        doc = verification.document
        print("Attached assessment:")
        print(f"  {doc.questionnaire_id} {doc.questionnaire_version or ''}, assessed {doc.assessed_on:%d %B %Y}"
              + (f", case {doc.meta['case_reference']}" if doc.meta.get("case_reference") else "")
              + (" (TRAINING)" if doc.meta.get("training") is True else ""))
        try:
            result = score(doc)
            level = result.risk_level.upper() if result.risk_level else "no cut-off"
            marac = "" if result.marac is None else (", MARAC: refer" if result.marac.refer else ", MARAC: no")
            print(f"  Scored now: {level}, {result.yes_count} of {result.scored_items} yes{marac}")
        except (AnswerError, ProfileError) as exc:
            print(f"  (cannot be scored here: {exc})")
        if args.save_json:
            import json

            _write_new(Path(args.save_json), json.dumps(doc.to_dict(), ensure_ascii=False, indent=2).encode(),
                       force=False)
            print(f"  Saved to {args.save_json}")
    else:
        print(f"Attached assessment: none ({verification.document_problem})")
    return 0 if verification.ok else TAMPERED


# --- identity -------------------------------------------------------------------------------------


def _refuse_replacing(keep: IdentityFile, replace: bool) -> None:
    if keep.exists() and not replace:
        raise CommandError(f"a signing identity already exists in {keep.root}; pass --replace to make a new one "
                           "(reports signed with the old one stay valid)")


def _create(args: argparse.Namespace) -> int:
    keep = IdentityFile(args.data_dir)
    _refuse_replacing(keep, args.replace)
    try:
        identity = create_identity(args.name, args.organisation, args.role)
        profile = PractitionerProfile(identity.name, identity.organisation, identity.role, args.subject_names,
                                      args.training)
        keep.save(identity, _passphrase(args), profile)
    except IdentityError as exc:
        raise CommandError(str(exc)) from None
    print(f"Made a signing identity for {identity.name} ({identity.organisation}) in {keep.root}")
    print(f"  SHA-256 fingerprint: {identity.fingerprint}")
    return 0


def _show(args: argparse.Namespace) -> int:
    keep = IdentityFile(args.data_dir)
    try:
        identity = keep.load(_passphrase(args))
        profile = keep.profile()
    except IdentityError as exc:
        raise CommandError(str(exc)) from None
    for label, value in identity.describe():
        print(f"{label + ':':<21}{value}")
    print(f"{'Subject names:':<21}{profile.subject_names}")
    print(f"{'Training mode:':<21}{'on' if profile.training else 'off'}")
    print(f"{'Kept in:':<21}{keep.identity_path} (interim: PKCS#12 encrypted with your passphrase)")
    return 0


def _export_cert(args: argparse.Namespace) -> int:
    keep = IdentityFile(args.data_dir)
    try:
        identity = keep.load(_passphrase(args))
    except IdentityError as exc:
        raise CommandError(str(exc)) from None
    _write_new(Path(args.out), identity.certificate_pem(), force=False)
    print(f"Wrote the certificate of {identity.name} to {args.out} (public: no private key)")
    print(f"  SHA-256 fingerprint: {identity.fingerprint}")
    return 0


def _import(args: argparse.Namespace) -> int:
    keep = IdentityFile(args.data_dir)
    _refuse_replacing(keep, args.replace)
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    password = _read_secret(args.p12_password_file, None, f"Password of {args.file}: ")
    try:
        identity = load_pkcs12(data, password or None)
        profile = PractitionerProfile(identity.name, identity.organisation,
                                      args.role if args.role is not None else identity.role,
                                      args.subject_names, args.training)
        if not profile.name:
            raise IdentityError("the certificate names no person (no common name); ask for a personal certificate")
        keep.save(identity, _passphrase(args), profile)
    except IdentityError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    print(f"Imported the signing identity of {identity.name} ({identity.organisation or 'no organisation'})")
    print(f"  SHA-256 fingerprint: {identity.fingerprint}")
    return 0
