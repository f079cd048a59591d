"""``dash-desktop --self-test [--keep DIR]``: prove that this installation works, end to end, on
made-up data in a data folder of its own, so that whoever installs it (a developer, CI, an IT team
after a silent install) sees at once whether the program starts and does its job.

Each step prints one line with its time; the first failure stops the run, names the step and exits
1. The steps run what a practitioner's first session runs: the shipped data files load, the OS
keychain is reachable as far as this machine allows, a new encrypted store is created and migrated,
a case is added, a built-in assessment is scored, its report is rendered, signed and verified (and a
tampered copy is refused), and the main window opens (offscreen unless ``QT_QPA_PLATFORM`` says
otherwise) and closes. It works the same from a source checkout, an installed wheel and the frozen
build, where it is the proof that nothing the program needs was left out of the bundle.

The store is used through three calls only: ``Store.create``, adding a case, ``close`` (and its
``engine`` to read the schema revision); the main window does the rest, as it does for a user.
Nothing is written outside the self-test's folder, which is deleted afterwards unless ``--keep DIR``
names a new or empty folder to use (then the signed report and a picture of the window are kept
beside the store, and the store's passphrase is printed, since it is made-up and protects nothing).
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dash_desktop import __version__
from dash_desktop.paths import resource

if TYPE_CHECKING:
    from dash_desktop.assessment import AssessmentDocument
    from dash_desktop.questionnaires import Registry
    from dash_desktop.reports.identity import Identity
    from dash_desktop.store import Store

#: The made-up assessment the self-test scores: 14 of the 24 DASH questions answered yes, which the
#: Hampshire profile (docs/rules.md) puts at high risk with a MARAC referral.
SAMPLE: dict[str, Any] = {
    "format": "dash-desktop.assessment/1",
    "questionnaire": {"id": "dash-ric"},
    "assessed_on": "2026-01-15",
    "answers": {
        **{f"q{n}": "yes" for n in range(1, 15)},
        **{f"q{n}": "no" for n in range(15, 25)},
        "incidents_12m": 2,
        "children_count": 0,
        "honour_concern": "no",
        "unsafe_at_home": "yes",
        "other_dependants": "no",
    },
    "meta": {"case_reference": "SELF-TEST-1", "subject": "Made-up Person"},
}
SAMPLE_PROFILE = "hampshire"
EXPECTED_LEVEL = "high"

#: The platform's own keyring backend (its entry-point name in keyring's metadata) and the modules
#: it needs, which a frozen build must carry for the keychain to be offered at all.
NATIVE_KEYRING: dict[str, tuple[str, tuple[str, ...]]] = {
    "linux": ("SecretService", ("secretstorage", "jeepney")),
    "win32": ("Windows", ("win32ctypes.pywin32.win32cred",)),
    "darwin": ("macOS", ()),
}

PRACTITIONER = ("Self-test", "Self-test", "DASH Desktop self-test")  # name, role, organisation


class StepFailed(Exception):
    """A check did not hold: the message says what was expected and what was found."""


T = TypeVar("T")


def need(value: T | None, what: str) -> T:
    """What an earlier step made (the steps run in order, so it is there unless that step failed)."""
    if value is None:
        raise StepFailed(f"{what} is missing: an earlier step did not make it")
    return value


@dataclass
class Context:
    """What one step hands to the next."""

    data_dir: Path
    keep: bool
    passphrase: str = field(default_factory=lambda: secrets.token_urlsafe(18))
    store: Store | None = None
    registry: Registry | None = None
    document: AssessmentDocument | None = None
    identity: Identity | None = None
    pdf: bytes = b""


def check_resources(ctx: Context) -> str:
    """The shipped questionnaires, area profiles, services directories, fonts and icon load."""
    from dash_desktop.assessment import load_profile
    from dash_desktop.assessment.services import load_directory
    from dash_desktop.questionnaires import Registry
    from dash_desktop.questionnaires.loader import builtin_dir

    registry = Registry.from_dirs([builtin_dir()])
    if registry.problems:
        raise StepFailed(f"a shipped questionnaire does not load: {registry.problems[0]}")
    questionnaires = registry.latest()
    if not questionnaires:
        raise StepFailed(f"no questionnaire definitions in {builtin_dir()}")
    profiles = sorted(resource("profiles").glob("*.yaml"))
    if not profiles:
        raise StepFailed(f"no area profiles in {resource('profiles')}")
    directories = sorted({load_directory(load_profile(str(p)).services_directory).id for p in profiles})
    fonts = sorted(resource("fonts").glob("*.ttf"))
    if not fonts:
        raise StepFailed(f"no fonts in {resource('fonts')}")
    icon = resource("icons", "dash-desktop.svg")
    if not icon.is_file():
        raise StepFailed(f"the application icon is missing ({icon})")
    ctx.registry = registry
    training = resource("training")
    scenarios = f", {sum(1 for p in training.rglob('*') if p.is_file())} training files" if training.is_dir() else ""
    return (f"{len(questionnaires)} questionnaires ({', '.join(q.id for q in questionnaires)}), "
            f"area profiles {', '.join(p.stem for p in profiles)}, services {', '.join(directories)}, "
            f"{len(fonts)} fonts{scenarios}")


def _native_keyring_problem(name: str, modules: tuple[str, ...], entry_points: dict[str, Any]) -> str | None:
    """Why the platform's own backend could never be used by this build (None if it could be)."""
    import importlib

    if name not in entry_points:
        return f"keyring's metadata lists no {name} backend"
    try:
        entry_points[name].load()
        for module in modules:
            importlib.import_module(module)
    except ImportError as exc:
        return f"the {name} backend cannot be loaded ({exc})"
    return None


def check_keyring(ctx: Context) -> str:
    """keyring finds its backends (its package metadata is present) and the platform's own backend
    can be loaded; reports the backend in use and why the native one is not, where it is not."""
    from importlib.metadata import entry_points

    import keyring

    from dash_desktop.store.keychain import Keychain

    found = {ep.name: ep for ep in entry_points(group="keyring.backends")}
    if not found:
        raise StepFailed("keyring's package metadata is missing (no 'keyring.backends' entry points): "
                         "the OS keychain would never be offered")
    native = NATIVE_KEYRING.get(sys.platform)
    status = ""
    if native is not None:
        problem = _native_keyring_problem(*native, found)
        if problem:
            raise StepFailed(problem)
        try:
            found[native[0]].load().Keyring.priority  # noqa: B018 - raises with the reason it is not usable
        except Exception as exc:
            status = f"; {native[0]} not usable on this machine: {exc}"
    backend = keyring.get_keyring()
    usable = "the keychain can remember the key" if Keychain().available else "no trusted keychain: passphrase only"
    return (f"backends {', '.join(sorted(found))}; in use {type(backend).__module__}.{type(backend).__name__} "
            f"({usable}){status}")


def create_store(ctx: Context) -> str:
    """A new encrypted store (the data key wrapped under an Argon2id key, the database SQLCipher)."""
    from dash_desktop.store import PractitionerProfile, Store, StorePaths

    name, role, organisation = PRACTITIONER
    profile = PractitionerProfile(name=name, role=role, organisation=organisation)
    ctx.store = Store.create(ctx.passphrase, profile, ctx.data_dir)
    database = StorePaths.resolve(ctx.data_dir).database
    with database.open("rb") as f:
        head = f.read(16)
    if head.startswith(b"SQLite format 3"):
        raise StepFailed(f"{database} is a plain SQLite file: the database is not encrypted")
    return f"{database} (encrypted)"


def check_migrations(ctx: Context) -> str:
    """The new database is at the newest schema revision the program ships (Alembic ran them all)."""
    from dash_desktop.store import migrate

    with need(ctx.store, "the store").engine.connect() as conn:
        current = migrate.current_revision(conn)
    known = migrate.known_revisions()
    if current != known[-1]:
        raise StepFailed(f"the database is at revision {current}, the newest shipped is {known[-1]}")
    return f"schema at revision {current} ({len(known)} migrations shipped)"


def add_case(ctx: Context) -> str:
    reference = SAMPLE["meta"]["case_reference"]
    store = need(ctx.store, "the store")
    case = store.cases.add(reference, area="Self-test", people=[("victim", SAMPLE["meta"]["subject"])])
    return f"case {case.reference} (id {case.id})"


def score_sample(ctx: Context) -> str:
    """The built-in assessment scores as the rules say it must."""
    from dash_desktop.assessment import parse_document, score

    ctx.document = parse_document(SAMPLE)
    r = score(ctx.document, profile=str(resource("profiles", f"{SAMPLE_PROFILE}.yaml")), registry=ctx.registry)
    if not r.complete or r.risk_level != EXPECTED_LEVEL or r.marac is None or not r.marac.refer:
        raise StepFailed(f"14 of 24 yes should be complete, {EXPECTED_LEVEL} risk and a MARAC referral; got "
                         f"complete={r.complete}, risk {r.risk_level}, MARAC {r.marac.refer if r.marac else None}")
    q = r.questionnaire
    return f"{q['id']} {q['version']}: {r.yes_count} yes, {r.risk_level} risk, MARAC referral"


def make_identity(ctx: Context) -> str:
    from dash_desktop.reports.identity import create_identity

    name, role, organisation = PRACTITIONER
    ctx.identity = create_identity(name, organisation, role)
    return f"self-signed EC P-256, fingerprint {ctx.identity.fingerprint[:23]}…"


def sign_report(ctx: Context) -> str:
    """The report rendered (ReportLab, the shipped fonts) and signed (pyHanko, PAdES); marked as a
    training report, so that it can never be taken in as a real case."""
    from dash_desktop.reports import ReportHeader
    from dash_desktop.reports.export import build_report

    name, role, organisation = PRACTITIONER
    header = ReportHeader(practitioner=name, organisation=organisation, role=role, training=True)
    report = build_report(need(ctx.document, "the assessment"), header,
                          identity=need(ctx.identity, "the signing identity"),
                          area_profile=str(resource("profiles", f"{SAMPLE_PROFILE}.yaml")), registry=ctx.registry)
    if not report.signed or not report.pdf.startswith(b"%PDF-"):
        raise StepFailed("no signed PDF came out")
    ctx.pdf = report.pdf
    if ctx.keep:
        (ctx.data_dir / "self-test-report.pdf").write_bytes(report.pdf)
    return f"{len(report.pdf)} bytes, sha256 {report.sha256[:16]}…"


def verify_report(ctx: Context) -> str:
    """The signature verifies against the signer's certificate, the attached assessment reads back,
    and a copy with one byte changed is refused."""
    from dash_desktop.reports.verify import ReportUnreadable, ReportUnsigned
    from dash_desktop.reports.verify import verify_report as verify

    document = need(ctx.document, "the assessment")
    trust = [need(ctx.identity, "the signing identity").certificate]
    check = verify(ctx.pdf, trust)
    if not check.ok or not all(s.trusted for s in check.signatures):
        raise StepFailed(f"the signed report does not verify: {check.signatures}")
    if check.document is None or check.document.answers != document.answers:
        raise StepFailed(f"the attached assessment does not read back ({check.document_problem})")
    tampered = bytearray(ctx.pdf)
    tampered[len(tampered) // 2] ^= 0x01
    try:
        if verify(bytes(tampered), trust).ok:
            raise StepFailed("a report with a changed byte still verifies")
    except (ReportUnreadable, ReportUnsigned):
        pass  # refused outright: as good
    return "signature intact, valid and trusted; attached answers match; a tampered copy is refused"


def _quiet_offscreen_notes(mode: Any, context: Any, message: str) -> None:
    """Qt's messages to stderr, less the offscreen platform's notes on what it cannot do."""
    if not message.startswith("This plugin does not support"):
        print(message, file=sys.stderr)


def open_window(ctx: Context) -> str:
    """The main window opens on the store, lists the case, and closes (which closes the store)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from dash_desktop.ui.app import app_icon, register_fonts
    from dash_desktop.ui.main_window import TITLE, MainWindow

    store = need(ctx.store, "the store")
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    register_fonts(app)
    icon = app_icon()
    if icon.pixmap(48, 48).isNull():
        raise StepFailed("the application icon does not render (is Qt's SVG support in the build?)")
    app.setWindowIcon(icon)
    window = MainWindow(store, ctx.data_dir)
    previous = qInstallMessageHandler(_quiet_offscreen_notes)
    try:
        window.show()
        app.processEvents()
        rows = window.case_list.model.rowCount()
        if not window.isVisible() or window.windowTitle() != TITLE or rows != 1:
            raise StepFailed(f"the window did not show the store's one case (visible {window.isVisible()}, "
                             f"title {window.windowTitle()!r}, {rows} cases listed)")
        if ctx.keep:
            window.grab().save(str(ctx.data_dir / "self-test-window.png"))
        size = f"{window.width()}x{window.height()}"
    finally:
        window.close()
        app.processEvents()
        qInstallMessageHandler(previous)
    return f"Qt {qt_version()} on the {app.platformName()} platform, {size}, {rows} case listed"


def qt_version() -> str:
    from PySide6 import QtCore

    return str(QtCore.qVersion())


def close_store(ctx: Context) -> str:
    if ctx.store is not None:
        ctx.store.close()
        ctx.store = None
    return "store closed"


STEPS: tuple[tuple[str, Callable[[Context], str]], ...] = (
    ("resources", check_resources),
    ("keyring", check_keyring),
    ("store", create_store),
    ("migrations", check_migrations),
    ("case", add_case),
    ("score", score_sample),
    ("identity", make_identity),
    ("report", sign_report),
    ("verify", verify_report),
    ("window", open_window),
    ("close", close_store),
)


def _problem(exc: BaseException) -> str:
    if isinstance(exc, StepFailed):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def run_steps(ctx: Context, out: Any = None) -> str | None:
    """Run every step, one line each; return the name of the step that failed, or None."""
    out = out or sys.stdout
    started = time.perf_counter()
    for name, step in STEPS:
        t0 = time.perf_counter()
        try:
            detail = step(ctx)
        except Exception as exc:
            print(f"  {name:<11} FAILED {time.perf_counter() - t0:6.2f} s  {_problem(exc)}", file=out, flush=True)
            return name
        print(f"  {name:<11} ok     {time.perf_counter() - t0:6.2f} s  {detail}", file=out, flush=True)
    print(f"self-test passed: {len(STEPS)} steps in {time.perf_counter() - started:.2f} s", file=out, flush=True)
    return None


def _keep_dir(path: str) -> Path:
    """The folder ``--keep`` names: new or empty, never a folder that already holds anything."""
    folder = Path(path).expanduser()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ValueError(f"--keep {path}: needs a new or empty folder (it is never used on an existing one)")
    return folder.resolve()


def run(keep: str | None = None) -> int:
    """The self-test: 0 when every step passed, 1 when one failed, 2 for an unusable ``--keep``."""
    try:
        data_dir = _keep_dir(keep) if keep else Path(tempfile.mkdtemp(prefix="dash-desktop-self-test-"))
    except (ValueError, OSError) as exc:
        print(f"dash-desktop: {exc}", file=sys.stderr)
        return 2
    ctx = Context(data_dir=data_dir, keep=keep is not None)
    kind = "frozen build" if getattr(sys, "frozen", False) else "source install"
    print(f"DASH Desktop {__version__} self-test ({kind}, Python {platform.python_version()}, "
          f"{platform.system()} {platform.machine()}), data folder {data_dir}", flush=True)
    try:
        failed = run_steps(ctx)
    finally:
        if ctx.store is not None:
            ctx.store.close()
        if not ctx.keep:
            shutil.rmtree(data_dir, ignore_errors=True)
    if ctx.keep:
        print(f"kept {data_dir} (made-up data; its store's passphrase is {ctx.passphrase})")
    if failed:
        print(f"self-test FAILED at step '{failed}'", file=sys.stderr)
        return 1
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--self-test", action="store_true",
                        help="check that this installation works, on made-up data in a temporary data folder, and exit")
    parser.add_argument("--keep", metavar="DIR",
                        help="with --self-test: use DIR (new or empty) as its data folder and keep it afterwards")


def requested(parser: argparse.ArgumentParser, args: argparse.Namespace) -> bool:
    """Whether ``--self-test`` was asked for (alone): a usage error for ``--keep`` without it."""
    if args.keep is not None and not args.self_test:
        parser.error("--keep goes with --self-test")
    if args.self_test and getattr(args, "command", None):
        parser.error("--self-test takes no command")
    if args.self_test and getattr(args, "data_dir", None):
        parser.error("--self-test never uses an existing data folder: --keep DIR names a new one to keep")
    return bool(args.self_test)

