"""``dash-desktop export | verify | identity``: signed PDF reports.

- ``export ASSESSMENT_ID OUT.pdf``: sign a completed assessment from the case store. The signed
  bytes and their SHA-256 are kept in the store (the assessment becomes ``signed``: locked) and the
  export is audited. An assessment already signed is exported as the stored copy, never re-signed.
- ``export --from-json FILE.json OUT.pdf``: score an interchange file and sign its report with the
  practitioner's identity, without storing a case (for trainers and scripts).
- ``verify FILE.pdf [--trust CERT.pem]``: exit 0 only when every signature is intact, valid, covers
  the whole file, its pages say what its attachment says, and the signer chains to a ``--trust``
  certificate; 1 when tampered, invalid or the pages disagree; 2 when the file is unreadable or
  unsigned; 3 when intact and valid but the signer is not trusted (no ``--trust``, or not chaining).
- ``identity create | show | export-cert OUT.pem | import FILE.p12``: the signing identity, kept
  only inside the encrypted case store; ``identity trust add CERT.pem | trust list``: the signers
  whose reports ``assess import REPORT.pdf`` takes (besides the store's own identities).

pyHanko, ReportLab, the certificate code and the store are imported only when one of these commands runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash_desktop.assessment import DEFAULT_PROFILE, AssessmentDocument, ProfileError, read_document
from dash_desktop.assessment import score as score_document
from dash_desktop.cli.common import CommandError, add_command, add_store_options, whole_number
from dash_desktop.questionnaires import AnswerError
from dash_desktop.reports.header import Subject

if TYPE_CHECKING:
    from dash_desktop.reports.header import ReportHeader
    from dash_desktop.reports.identity import Identity
    from dash_desktop.store import Store

TAMPERED = 1
UNTRUSTED = 3


def register(subparsers: Any) -> None:
    export = add_command(
        subparsers, "export", "Make the signed PDF report of an assessment.",
        epilog="Signed with your signing identity, made on first use from your profile "
               "(or imported: 'dash-desktop identity import FILE.p12').",
    )
    export.add_argument("assessment_id", nargs="?", type=whole_number("ASSESSMENT_ID", 1), metavar="ASSESSMENT_ID",
                        help="a completed assessment in the case store")
    export.add_argument("out", metavar="OUT.pdf")
    export.add_argument("--from-json", metavar="FILE.json",
                        help="score this interchange file instead; no case is stored")
    export.add_argument("--profile", default=DEFAULT_PROFILE,
                        help=f"area profile for --from-json (default {DEFAULT_PROFILE})")
    export.add_argument("--subject-names", choices=[s.value for s in Subject], default=Subject.FULL.value,
                        help="how the report shows the subject's name (default full)")
    export.add_argument("--training", action="store_true", help="mark every page TRAINING — NOT A REAL ASSESSMENT")
    export.add_argument("--allow-incomplete", action="store_true",
                        help="with --from-json: sign although required questions are unanswered (marked INCOMPLETE)")
    export.add_argument("--force", action="store_true", help="replace OUT.pdf if it exists")
    add_store_options(export)
    export.set_defaults(func=_export)

    verify = add_command(subparsers, "verify", "Check a signed report: intact, valid, trusted, who signed and when.")
    verify.add_argument("file", metavar="FILE.pdf")
    verify.add_argument("--trust", metavar="CERT.pem", action="append", default=[],
                        help="a certificate to trust as the signer or its issuer (may be repeated)")
    verify.add_argument("--save-json", metavar="OUT.json", help="also write the attached assessment to OUT.json")
    verify.set_defaults(func=_verify)

    identity = add_command(subparsers, "identity", "Your signing identity: a key and its certificate.")
    sub = identity.add_subparsers(dest="action", metavar="ACTION", required=True)
    create = add_command(sub, "create", "Make a new key and a self-signed certificate from your profile.")
    create.add_argument("--replace", action="store_true",
                        help="retire the identity in use (reports it signed stay valid)")
    add_store_options(create)
    create.set_defaults(func=_create)
    show = add_command(sub, "show", "Show the certificate: name, organisation, validity, fingerprint.")
    add_store_options(show)
    show.set_defaults(func=_show)
    export_cert = add_command(sub, "export-cert", "Write the certificate (public) as PEM, for people who verify.")
    export_cert.add_argument("out", metavar="OUT.pem")
    add_store_options(export_cert)
    export_cert.set_defaults(func=_export_cert)
    imp = add_command(sub, "import", "Use a key and certificate your organisation issued (PKCS#12).")
    imp.add_argument("file", metavar="FILE.p12")
    imp.add_argument("--p12-password-file", metavar="FILE", help="the PKCS#12 file's password (else asked)")
    imp.add_argument("--replace", action="store_true", help="retire the identity in use")
    add_store_options(imp)
    imp.set_defaults(func=_import)
    trust = add_command(sub, "trust", "The signers whose reports 'assess import REPORT.pdf' accepts.")
    trust_sub = trust.add_subparsers(dest="trust_action", metavar="ACTION", required=True)
    trust_add = add_command(trust_sub, "add", "Trust a colleague's certificate (or their organisation's CA) as a "
                            "signer; get it from them by a route you trust.")
    trust_add.add_argument("certificate", metavar="CERT.pem")
    add_store_options(trust_add)
    trust_add.set_defaults(func=_trust_add)
    trust_list = add_command(trust_sub, "list", "List the trusted signer certificates.")
    add_store_options(trust_list)
    trust_list.set_defaults(func=_trust_list)


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


# --- the identity in the store --------------------------------------------------------------------


def _stored_identity(store: Store, *, create: bool) -> Identity:
    from dash_desktop.reports.stored import SigningError, signing_identity

    try:
        identity, notes = signing_identity(store, create=create)
    except SigningError as exc:
        raise CommandError(str(exc)) from None
    for note in notes:
        print(note, file=sys.stderr)
    return identity


def _header(store: Store, args: argparse.Namespace) -> ReportHeader:
    from dash_desktop.reports.stored import report_header

    return report_header(store, subject=Subject(args.subject_names), training=args.training)


# --- export ---------------------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    if args.from_json is not None and args.assessment_id is not None:
        raise CommandError("give either ASSESSMENT_ID or --from-json FILE.json, not both")
    if args.from_json is None and args.assessment_id is None:
        raise CommandError("give ASSESSMENT_ID OUT.pdf, or --from-json FILE.json OUT.pdf")
    out = Path(args.out)
    if out.exists() and not args.force:
        raise CommandError(f"{out} already exists; choose another name or pass --force")
    if args.from_json is not None:
        return _export_json(args, out)
    return _export_stored(args, out)


def _export_json(args: argparse.Namespace, out: Path) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.reports.export import build_report
    from dash_desktop.reports.identity import IdentityError

    try:
        doc = read_document(args.from_json)
        result = score_document(doc, profile=args.profile)
    except AnswerError as exc:
        raise CommandError(f"invalid assessment {args.from_json}: {exc.field}: {exc.message}") from None
    except ProfileError as exc:
        raise CommandError(str(exc)) from None
    if not result.complete and not args.allow_incomplete:
        raise CommandError(f"{len(result.unanswered)} required question(s) are not answered "
                           f"({', '.join(result.unanswered)}); answer them, or pass --allow-incomplete "
                           "to sign a report marked INCOMPLETE")
    with opened(args) as store, store_errors():
        identity = _stored_identity(store, create=True)
        header = _header(store, args)
        try:
            report = build_report(doc, header, identity=identity, area_profile=args.profile)
        except IdentityError as exc:
            raise CommandError(str(exc)) from None
        _write_new(out, report.pdf, force=args.force)
        store.audit.record_export("report", None, {"file": out.name, "sha256": report.sha256, "from": "json"})
    print(f"{out}: signed report, {len(report.pdf):,} bytes, sha256 {report.sha256}")
    print(f"  {report.result.title}: {report.result.risk_level or 'no cut-off'}, {report.result.yes_count} yes")
    return 0


def _export_stored(args: argparse.Namespace, out: Path) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.reports.stored import SigningError, sign_stored

    with opened(args) as store, store_errors():
        try:
            signed = sign_stored(store, args.assessment_id, out.name, subject=Subject(args.subject_names),
                                 training=args.training)
        except SigningError as exc:
            raise CommandError(str(exc)) from None
        for note in signed.notes:
            print(note, file=sys.stderr)
        doc = signed.document
        _write_new(out, doc.content, force=args.force)
        store.audit.record_export("assessment", args.assessment_id, {"document": doc.id, "sha256": doc.sha256,
                                                                "file": out.name})
    if signed.already_signed:
        print(f"{out}: assessment {args.assessment_id} was signed on {doc.signed_at:%d %B %Y %H:%M} UTC; "
              f"exported the stored signed copy (sha256 {doc.sha256})")
    else:
        print(f"{out}: assessment {args.assessment_id} signed and stored (locked), {len(doc.content):,} bytes, "
              f"sha256 {doc.sha256}")
    return 0


# --- verify ---------------------------------------------------------------------------------------


def store_trust(store: Store) -> list[Any]:
    """The certificates a store trusts as signers: its own identities' (also retired ones) and the
    ones the practitioner added with ``identity trust add``."""
    from cryptography import x509

    from dash_desktop.reports.identity import IdentityError, load_pkcs12

    anchors: list[Any] = []
    for stored in store.identities.all():
        try:
            identity = load_pkcs12(stored.pkcs12, None)
        except IdentityError:
            continue
        anchors += [identity.certificate, *identity.chain]
    anchors += [x509.load_der_x509_certificate(t.certificate_der) for t in store.identities.trusted()]
    return anchors


def read_signed_report(path: str, store: Store) -> tuple[AssessmentDocument, str]:
    """The assessment attached to a signed report, refused unless the signature is intact and valid,
    its pages say what the attachment says, and its signer is one the store trusts. Returns it with
    a line saying who signed it (for ``assess import REPORT.pdf``)."""
    from dash_desktop.reports.verify import ReportUnreadable, ReportUnsigned, verify_report

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        v = verify_report(data, store_trust(store))
    except (ReportUnreadable, ReportUnsigned) as exc:
        raise CommandError(f"{path}: {exc}") from None
    if v.document is None and v.signatures and all(s.sound for s in v.signatures):  # signed, but not an assessment
        raise CommandError(f"{path}: this is not an assessment report ({v.document_problem}). Nothing was imported.")
    if not v.sound:
        why = v.pages_problem or "changed since signing, or invalid"
        raise CommandError(f"{path}: the report does not check out ({why}); 'dash-desktop verify' says more. "
                           "Nothing was imported.", TAMPERED)
    if v.document is None:  # pragma: no cover - a sound report has its attachment (the pages agree with it)
        raise CommandError(f"{path}: {v.document_problem}")
    s = v.signatures[0]
    who = f"{s.signer} ({s.organisation or 'no organisation'}), certificate {s.fingerprint}"
    if not v.trusted:
        raise CommandError(f"{path} is signed by {who}, who is not a signer this case store trusts. If you know "
                           "that is their certificate, get it from them by a route you trust and add it with "
                           "'dash-desktop identity trust add CERT.pem', then import again. Nothing was imported.",
                           TAMPERED)
    if v.document.meta.get("training") is True:
        raise CommandError(f"{path} is a training report (TRAINING — NOT A REAL ASSESSMENT); it is not imported "
                           "into the case store")
    return v.document, f"signed by {who}, a trusted signer"


def _verify(args: argparse.Namespace) -> int:
    from dash_desktop.reports.identity import IdentityError, load_certificate_pem
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

    verdict = "GOOD" if verification.ok else (
        "INTACT, BUT THE SIGNER IS NOT TRUSTED" if verification.sound else "FAILED")
    print(f"{args.file}: {verdict}")
    for s in verification.signatures:
        print(f"Signature '{s.field}':")
        print(f"  Intact (unchanged since signing): {yes_no(s.intact and s.whole_file and s.padding_ok)}")
        if s.intact and not s.whole_file:
            print("    (the file was added to after it was signed: what follows the signature is not covered)")
        if not s.padding_ok:
            print("    (bytes inside the signature field, outside what is signed, were changed)")
        print(f"  Signature valid:                  {yes_no(s.valid and s.policy_ok and s.intact)}")
        print(f"  Signer trusted:                   {'NOT CHECKED' if s.trusted is None else yes_no(s.trusted)}")
        if s.trusted is None:
            print("    (no --trust CERT.pem given: anyone can make a certificate in any name; this says nothing "
                  "of who signed. Compare the fingerprint below with the signer's, or pass their certificate "
                  "with --trust)")
        elif not s.trusted:
            print("    (the signer's certificate does not chain to any --trust certificate: not who you trust)")
        who = ", ".join(part for part in (s.signer, s.role, s.organisation) if part)
        print(f"  Signed by: {who} ({s.issuer})")
        print(f"  Signed at: {s.signed_at:%d %B %Y %H:%M:%S %Z}" if s.signed_at else "  Signed at: unknown")
        print("    (the signer's own clock: an offline signature carries no trusted timestamp)")
        print(f"  Certificate SHA-256: {s.fingerprint}")
    pages = verification.pages_problem
    print(f"Pages agree with the attachment:  {'yes' if pages is None else 'NO'}" + (f" ({pages})" if pages else ""))
    if verification.document is not None:
        doc = verification.document
        print("Attached assessment:")
        print(f"  {doc.questionnaire_id} {doc.questionnaire_version or ''}, assessed {doc.assessed_on:%d %B %Y}"
              + (f", case {doc.meta['case_reference']}" if doc.meta.get("case_reference") else "")
              + (" (TRAINING)" if doc.meta.get("training") is True else ""))
        try:
            result = score_document(doc, profile=(doc.meta.get("report") or {}).get("profile"))
            level = result.risk_level.upper() if result.risk_level else "no cut-off"
            marac = "" if result.marac is None else (", MARAC: refer" if result.marac.refer else ", MARAC: no")
            print(f"  Scored now: {level}, {result.yes_count} of {result.scored_items} yes{marac}")
        except (AnswerError, ProfileError) as exc:
            print(f"  (cannot be scored here: {exc})")
        if args.save_json:
            _write_new(Path(args.save_json), json.dumps(doc.to_dict(), ensure_ascii=False, indent=2).encode(),
                       force=False)
            print(f"  Saved to {args.save_json}")
    else:
        print(f"Attached assessment: none ({verification.document_problem})")
    if verification.ok:
        return 0
    return UNTRUSTED if verification.sound else TAMPERED


# --- identity -------------------------------------------------------------------------------------


def _refuse_replacing(store: Store, replace: bool) -> None:
    if store.identities.active() is not None and not replace:
        raise CommandError("you already have a signing identity; pass --replace to retire it "
                           "(reports signed with it stay valid)")


def _create(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.reports.stored import SigningError, new_identity

    with opened(args) as store, store_errors():
        _refuse_replacing(store, args.replace)
        try:
            identity = new_identity(store)
        except SigningError as exc:
            raise CommandError(str(exc)) from None
    print(f"Made a signing identity for {identity.name} ({identity.organisation}), kept in the case store")
    print(f"  SHA-256 fingerprint: {identity.fingerprint}")
    return 0


def _show(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        identity = _stored_identity(store, create=False)
        stored = store.identities.active()
    for label, value in identity.describe():
        print(f"{label + ':':<21}{value}")
    print(f"{'Kept in:':<21}the encrypted case store ({stored.source if stored else '?'})")
    return 0


def _export_cert(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        identity = _stored_identity(store, create=False)
    _write_new(Path(args.out), identity.certificate_pem(), force=False)
    print(f"Wrote the certificate of {identity.name} to {args.out} (public: no private key)")
    print(f"  SHA-256 fingerprint: {identity.fingerprint}")
    return 0


def _p12_password(args: argparse.Namespace) -> bytes:
    from dash_desktop.cli.storeopts import ask, can_prompt

    if args.p12_password_file:
        try:
            text = Path(args.p12_password_file).read_text(encoding="utf-8").removeprefix("\ufeff")
            return text.rstrip("\r\n").encode()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {args.p12_password_file}: {exc}") from None
    if can_prompt():
        return ask(f"Password of {args.file}: ").encode()
    raise CommandError("the PKCS#12 file's password is needed: give --p12-password-file FILE, "
                       "or run from a terminal to be asked")


def _import(args: argparse.Namespace) -> int:
    try:
        data = Path(args.file).read_bytes()
    except OSError as exc:
        raise CommandError(f"cannot read {args.file}: {exc.strerror or exc}") from None
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.reports.identity import IdentityError
    from dash_desktop.reports.stored import imported_identity, to_keep
    from dash_desktop.store.vocabulary import IdentitySource

    password = _p12_password(args)
    try:
        identity = imported_identity(data, password or None)
    except IdentityError as exc:
        raise CommandError(f"{args.file}: {exc}") from None
    with opened(args) as store, store_errors():
        _refuse_replacing(store, args.replace)
        store.identities.save(to_keep(identity, IdentitySource.IMPORTED))
    print(f"Imported the signing identity of {identity.name} ({identity.organisation or 'no organisation'})")
    print(f"  SHA-256 fingerprint: {identity.fingerprint}")
    return 0


def _trust_add(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.reports.identity import IdentityError, fingerprint, load_certificate_pem

    try:
        cert = load_certificate_pem(Path(args.certificate).read_bytes())
    except OSError as exc:
        raise CommandError(f"cannot read {args.certificate}: {exc.strerror or exc}") from None
    except IdentityError as exc:
        raise CommandError(f"{args.certificate}: {exc}") from None
    from cryptography.hazmat.primitives import serialization

    subject = cert.subject.rfc4514_string()
    with opened(args) as store, store_errors():
        store.identities.trust(cert.public_bytes(serialization.Encoding.DER), fingerprint(cert), subject)
    print(f"Trusted as a signer of reports to import: {subject}")
    print(f"  SHA-256 fingerprint: {fingerprint(cert)}")
    return 0


def _trust_list(args: argparse.Namespace) -> int:
    from dash_desktop.cli.storeopts import opened, store_errors

    with opened(args) as store, store_errors():
        own = store.identities.all()
        trusted = store.identities.trusted()
    for i in own:
        print(f"own      {i.fingerprint}  {i.subject}  ({i.source})")
    for t in trusted:
        print(f"trusted  {t.fingerprint}  {t.subject}  (added {t.added_at:%Y-%m-%d})")
    if not own and not trusted:
        print("no trusted signers: 'dash-desktop identity trust add CERT.pem' adds one")
    return 0
