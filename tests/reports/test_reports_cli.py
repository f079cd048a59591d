"""``dash-desktop identity | export | verify`` (and ``assess import REPORT.pdf``) as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_helpers import EXAMPLE, pdftotext
from store_helpers import PASSPHRASE

from dash_desktop.cli import main
from dash_desktop.store import Store


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path, passphrase_file: Path) -> None:
        self.capsys = capsys
        self.store = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]

    def __call__(self, *args: str, store: bool = True) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*args, *(self.store if store else [])])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err

    def ok(self, *args: str, store: bool = True) -> str:
        code, out, err = self(*args, store=store)
        assert code == 0, err
        return out

    def sound(self, *args: str) -> str:
        """``verify`` of an intact, valid report without ``--trust``: exit 3, "not trusted"."""
        code, out, err = self("verify", *args, store=False)
        assert code == 3, err + out
        return out


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], store_dir: Path, passphrase_file: Path) -> Cli:
    return Cli(capsys, store_dir, passphrase_file)


@pytest.fixture
def signed(cli: Cli, tmp_path: Path) -> Path:
    out = tmp_path / "report.pdf"
    cli.ok("export", "--from-json", str(EXAMPLE), str(out))
    return out


def test_identity_made_on_first_use_from_the_profile(cli: Cli, tmp_path: Path, store_dir: Path) -> None:
    code, _, err = cli("identity", "show")
    assert code == 2 and "identity create" in err
    code, out, err = cli("export", "--from-json", str(EXAMPLE), str(tmp_path / "r.pdf"))
    assert code == 0, err
    assert "Made your signing identity (self-signed, Siobhán Ní Bhriain, SDAS)" in err
    out = cli.ok("identity", "show")
    assert "Siobhán Ní Bhriain" in out and "IDVA" in out and "EC secp256r1" in out
    assert "encrypted case store (self-signed)" in out
    assert not [p for p in store_dir.iterdir() if p.suffix in (".p12", ".pem", ".key")]


def test_identity_create_show_export_cert(cli: Cli, tmp_path: Path) -> None:
    assert "SHA-256 fingerprint" in cli.ok("identity", "create")
    code, _, err = cli("identity", "create")
    assert code == 2 and "--replace" in err
    pem = tmp_path / "me.pem"
    cli.ok("identity", "export-cert", str(pem))
    assert pem.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert b"PRIVATE" not in pem.read_bytes()


def test_wrong_passphrase_signs_nothing(cli: Cli, tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase at all\n")
    code = main(["export", "--from-json", str(EXAMPLE), str(tmp_path / "r.pdf"), "--data-dir",
                 cli.store[1], "--passphrase-file", str(wrong)])
    assert code == 3
    assert not (tmp_path / "r.pdf").exists()


def test_identity_import_p12(cli: Cli, tmp_path: Path, store_dir: Path) -> None:
    from dash_desktop.reports.identity import create_identity, to_pkcs12

    org = create_identity("Jo Bloggs", "Hampshire County Council")
    p12 = tmp_path / "org.p12"
    p12.write_bytes(to_pkcs12(org, b"org-password"))
    pw = tmp_path / "pw.txt"
    pw.write_text("org-password\n")
    cli.ok("identity", "import", str(p12), "--p12-password-file", str(pw))
    assert "Jo Bloggs" in cli.ok("identity", "show")
    pw.write_text("wrong")
    code, _, err = cli("identity", "import", str(p12), "--p12-password-file", str(pw), "--replace")
    assert code == 2 and "password is wrong" in err
    with Store.open(PASSPHRASE, store_dir) as store:
        stored = store.identities.active()
        assert stored is not None and stored.fingerprint == org.fingerprint


def test_export_and_verify(cli: Cli, signed: Path, tmp_path: Path) -> None:
    # Intact and valid, but nothing says who the signer is: not GOOD, exit 3 (issue 10, defect 4).
    code, out, _ = cli("verify", str(signed), store=False)
    assert code == 3
    assert out.startswith(f"{signed}: INTACT, BUT THE SIGNER IS NOT TRUSTED")
    assert "Intact (unchanged since signing): yes" in out
    assert "Signature valid:                  yes" in out
    assert "Signer trusted:                   NOT CHECKED" in out
    assert "this says nothing of who signed" in out
    assert "Pages agree with the attachment:  yes" in out
    assert "Signed by: Siobhán Ní Bhriain, IDVA, SDAS (self-signed)" in out
    assert "Scored now: HIGH, 14 of 24 yes, MARAC: refer" in out
    assert "Siobhán Ní Bhriain" in pdftotext(signed, 1)
    pem = tmp_path / "me.pem"
    cli.ok("identity", "export-cert", str(pem))
    out = cli.ok("verify", str(signed), "--trust", str(pem), store=False)
    assert out.startswith(f"{signed}: GOOD") and "Signer trusted:                   yes" in out


def test_verify_with_another_trust_anchor_fails(cli: Cli, signed: Path, tmp_path: Path) -> None:
    from dash_desktop.reports.identity import create_identity

    other = tmp_path / "other.pem"
    other.write_bytes(create_identity("Someone Else", "Elsewhere").certificate_pem())
    code, out, _ = cli("verify", str(signed), "--trust", str(other), store=False)
    assert code == 3
    assert "NOT TRUSTED" in out and "Signer trusted:                   NO" in out


def test_verify_tampered_is_1(cli: Cli, signed: Path, tmp_path: Path) -> None:
    data = bytearray(signed.read_bytes())
    data[data.index(b"stream", len(data) // 4) + 30] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    code, out, _ = cli("verify", str(bad), store=False)
    assert code == 1
    assert "Intact (unchanged since signing): NO" in out


def test_verify_unsigned_unreadable_missing_are_2(cli: Cli, tmp_path: Path, example_doc: object) -> None:
    from dash_desktop.assessment import read_document
    from dash_desktop.reports.export import build_report
    from dash_desktop.reports.header import ReportHeader

    preview = tmp_path / "preview.pdf"
    preview.write_bytes(build_report(read_document(EXAMPLE), ReportHeader("P", "O"), identity=None).pdf)
    code, _, err = cli("verify", str(preview), store=False)
    assert code == 2 and "no signature" in err
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 nothing else")
    code, _, err = cli("verify", str(junk), store=False)
    assert code == 2 and "not a readable PDF" in err
    code, _, _ = cli("verify", str(tmp_path / "absent.pdf"), store=False)
    assert code == 2


def test_verify_save_json_round_trips(cli: Cli, signed: Path, tmp_path: Path) -> None:
    out = tmp_path / "back.json"
    cli.sound(str(signed), "--save-json", str(out))
    again = json.loads(cli.ok("score", str(out), "--format", "json", store=False))
    original = json.loads(cli.ok("score", str(EXAMPLE), "--format", "json", store=False))
    assert again == original


def test_export_refuses_overwrite_and_incomplete(cli: Cli, signed: Path, tmp_path: Path) -> None:
    before = signed.read_bytes()
    code, _, err = cli("export", "--from-json", str(EXAMPLE), str(signed))
    assert code == 2 and "already exists" in err
    assert signed.read_bytes() == before

    doc = json.loads(EXAMPLE.read_text())
    del doc["answers"]["q15"]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(doc))
    code, _, err = cli("export", "--from-json", str(partial), str(tmp_path / "p.pdf"))
    assert code == 2 and "q15" in err
    cli.ok("export", "--from-json", str(partial), str(tmp_path / "p.pdf"), "--allow-incomplete")
    assert "INCOMPLETE" in pdftotext(tmp_path / "p.pdf", 1)


def test_invalid_assessment_is_2(cli: Cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dash-desktop.assessment/1"}')
    code, _, err = cli("export", "--from-json", str(bad), str(tmp_path / "r.pdf"))
    assert code == 2 and "invalid assessment" in err


def test_export_from_the_store_signs_stores_locks_and_audits(cli: Cli, tmp_path: Path, store_dir: Path) -> None:
    cli.ok("cases", "add", "HX-7", "--area", "Havant", "--victim", "Zoë Łukasiewicz")
    out = cli.ok("assess", "import", str(EXAMPLE), "--case", "HX-7", "--person", "1")
    assessment_id = int(out.split("stored assessment ")[1].split()[0])
    code, _, err = cli("export", str(assessment_id), str(tmp_path / "r.pdf"), "--subject-names", "initials")
    assert code == 0, err
    report = tmp_path / "r.pdf"
    page1 = " ".join(pdftotext(report, 1).split())
    assert "HX-7" in page1 and "Z. Ł." in page1 and "Zoë" not in page1
    assert cli.sound(str(report)).startswith(f"{report}: INTACT, BUT THE SIGNER IS NOT TRUSTED")

    import hashlib

    digest = hashlib.sha256(report.read_bytes()).hexdigest()
    with Store.open(PASSPHRASE, store_dir) as store:
        a = store.assessments.get(assessment_id)
        assert a.status == "signed" and a.signed_at is not None
        events = [(e.action, e.entity, e.entity_id, e.detail) for e in store.audit.events(10)]
        assert store.audit.verify().ok
    assert any(act == "sign" and eid == assessment_id and d.get("sha256") == digest for act, _, eid, d in events)
    assert any(act == "export" and eid == assessment_id and d.get("sha256") == digest for act, _, eid, d in events)

    # Signed means locked: a second export gives the stored bytes, not a new signature.
    again = tmp_path / "again.pdf"
    assert "exported the stored signed copy" in cli.ok("export", str(assessment_id), str(again))
    assert again.read_bytes() == report.read_bytes()

    # The report goes back in as a new assessment (in another case), from its attachment.
    cli.ok("cases", "add", "HX-8")
    out = cli.ok("assess", "import", str(report), "--case", "HX-8")
    assert "signed by Siobhán Ní Bhriain" in out and "completed, risk high, 14 yes" in out


def test_a_draft_cannot_be_exported(cli: Cli, tmp_path: Path) -> None:
    cli.ok("cases", "add", "HX-9")
    out = cli.ok("assess", "import", str(EXAMPLE), "--case", "HX-9", "--draft")
    assessment_id = int(out.split("stored assessment ")[1].split()[0])
    code, _, err = cli("export", str(assessment_id), str(tmp_path / "r.pdf"))
    assert code == 2 and "draft" in err
    assert not (tmp_path / "r.pdf").exists()


def test_a_tampered_report_is_not_imported(cli: Cli, signed: Path, tmp_path: Path) -> None:
    data = bytearray(signed.read_bytes())
    data[data.index(b"stream", len(data) // 4) + 30] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    cli.ok("cases", "add", "HX-10")
    code, _, err = cli("assess", "import", str(bad), "--case", "HX-10")
    assert code == 1 and "Nothing was imported" in err


def test_verify_in_a_fresh_process_prints_no_library_noise(signed: Path, tmp_path: Path) -> None:
    """pyHanko logs validation failures with tracebacks and certificate subjects; none reach stderr."""
    import subprocess
    import sys

    data = bytearray(signed.read_bytes())
    data[data.index(b"stream", len(data) // 4) + 30] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    for path, code in ((signed, 3), (bad, 1)):
        run = subprocess.run([sys.executable, "-m", "dash_desktop", "verify", str(path)], capture_output=True,
                             text=True, check=False, timeout=120)
        assert run.returncode == code, run.stderr
        assert run.stderr == ""


def test_a_training_report_stays_training(cli: Cli, tmp_path: Path) -> None:
    report = tmp_path / "training.pdf"
    cli.ok("export", "--from-json", str(EXAMPLE), str(report), "--training")
    assert "(TRAINING)" in cli.sound(str(report))
    assert "TRAINING — NOT A REAL ASSESSMENT" in pdftotext(report, 1)
    cli.ok("cases", "add", "HX-11")
    code, _, err = cli("assess", "import", str(report), "--case", "HX-11")
    assert code == 2 and "training report" in err
