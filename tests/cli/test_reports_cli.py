"""``dash-desktop identity | export | verify`` as a user runs them: exit codes and what is printed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_helpers import EXAMPLE, pdftotext

from dash_desktop.cli import main

PASS = "correct horse battery"  # noqa: S105 (a test passphrase)


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DASH_DESKTOP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("DASH_DESKTOP_PASSPHRASE", PASS)
    return tmp_path / "data"


@pytest.fixture
def with_identity(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    assert main(["identity", "create", "--name", "Siobhán Ní Bhriain", "--organisation", "SDAS",
                 "--role", "IDVA"]) == 0
    capsys.readouterr()
    return data_dir


@pytest.fixture
def signed(with_identity: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "report.pdf"
    assert main(["export", "--from-json", str(EXAMPLE), str(out)]) == 0
    capsys.readouterr()
    return out


def test_identity_create_show_export_cert(with_identity: Path, tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["identity", "show"]) == 0
    out = capsys.readouterr().out
    assert "Siobhán Ní Bhriain" in out and "EC secp256r1" in out and "self-signed" in out
    pem = tmp_path / "me.pem"
    assert main(["identity", "export-cert", str(pem)]) == 0
    assert pem.read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")
    assert b"PRIVATE" not in pem.read_bytes()


def test_identity_create_refuses_to_replace_silently(with_identity: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["identity", "create", "--name", "X", "--organisation", "Y"]) == 2
    assert "--replace" in capsys.readouterr().err


def test_wrong_passphrase(with_identity: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                          tmp_path: Path) -> None:
    monkeypatch.setenv("DASH_DESKTOP_PASSPHRASE", "not it")
    assert main(["export", "--from-json", str(EXAMPLE), str(tmp_path / "r.pdf")]) == 2
    assert "passphrase does not open" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()


def test_identity_import_p12(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dash_desktop.reports.identity import create_identity, to_pkcs12

    p12 = tmp_path / "org.p12"
    p12.write_bytes(to_pkcs12(create_identity("Jo Bloggs", "Hampshire County Council"), b"org-password"))
    pw = tmp_path / "pw.txt"
    pw.write_text("org-password\n")
    assert main(["identity", "import", str(p12), "--p12-password-file", str(pw), "--role", "Social worker"]) == 0
    capsys.readouterr()
    assert main(["identity", "show"]) == 0
    assert "Jo Bloggs" in capsys.readouterr().out
    pw.write_text("wrong")
    assert main(["identity", "import", str(p12), "--p12-password-file", str(pw), "--replace"]) == 2
    assert "password is wrong" in capsys.readouterr().err


def test_export_and_verify(signed: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["verify", str(signed)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{signed}: GOOD")
    assert "Intact (unchanged since signing): yes" in out
    assert "Signature valid:                  yes" in out
    assert "Signer trusted:                   not checked" in out
    assert "Signed by: Siobhán Ní Bhriain, IDVA, SDAS (self-signed)" in out
    assert "Scored now: HIGH, 14 of 24 yes, MARAC: refer" in out
    assert "Siobhán Ní Bhriain" in pdftotext(signed, 1)

    pem = tmp_path / "me.pem"
    assert main(["identity", "export-cert", str(pem)]) == 0
    assert main(["verify", str(signed), "--trust", str(pem)]) == 0
    assert "Signer trusted:                   yes" in capsys.readouterr().out


def test_verify_with_another_trust_anchor_fails(signed: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from dash_desktop.reports.identity import create_identity

    other = tmp_path / "other.pem"
    other.write_bytes(create_identity("Someone Else", "Elsewhere").certificate_pem())
    assert main(["verify", str(signed), "--trust", str(other)]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "Signer trusted:                   NO" in out


def test_verify_tampered_is_1(signed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = bytearray(signed.read_bytes())
    at = data.index(b"stream", len(data) // 4) + 30
    data[at] ^= 0x01
    bad = tmp_path / "tampered.pdf"
    bad.write_bytes(bytes(data))
    assert main(["verify", str(bad)]) == 1
    assert "Intact (unchanged since signing): NO" in capsys.readouterr().out


def test_verify_unsigned_unreadable_missing_are_2(with_identity: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    preview = tmp_path / "preview.pdf"
    assert main(["export", "--from-json", str(EXAMPLE), str(preview), "--unsigned"]) == 0
    assert "UNSIGNED preview" in capsys.readouterr().out
    assert main(["verify", str(preview)]) == 2
    assert "no signature" in capsys.readouterr().err
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.7 nothing else")
    assert main(["verify", str(junk)]) == 2
    assert "not a readable PDF" in capsys.readouterr().err
    assert main(["verify", str(tmp_path / "absent.pdf")]) == 2


def test_verify_save_json_round_trips(signed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "back.json"
    assert main(["verify", str(signed), "--save-json", str(out)]) == 0
    capsys.readouterr()
    assert main(["score", str(out), "--format", "json"]) == 0
    again = json.loads(capsys.readouterr().out)
    assert main(["score", str(EXAMPLE), "--format", "json"]) == 0
    original = json.loads(capsys.readouterr().out)
    assert again == original


def test_export_refuses_overwrite_and_incomplete(signed: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    before = signed.read_bytes()
    assert main(["export", "--from-json", str(EXAMPLE), str(signed)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert signed.read_bytes() == before

    doc = json.loads(EXAMPLE.read_text())
    del doc["answers"]["q15"]
    partial = tmp_path / "partial.json"
    partial.write_text(json.dumps(doc))
    assert main(["export", "--from-json", str(partial), str(tmp_path / "p.pdf")]) == 2
    assert "q15" in capsys.readouterr().err
    assert main(["export", "--from-json", str(partial), str(tmp_path / "p.pdf"), "--allow-incomplete"]) == 0
    assert "INCOMPLETE" in pdftotext(tmp_path / "p.pdf", 1)


def test_export_from_store_is_not_available_yet(with_identity: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "42", str(tmp_path / "r.pdf")]) == 2
    assert "--from-json" in capsys.readouterr().err


def test_export_without_identity_says_what_to_do(data_dir: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--from-json", str(EXAMPLE), str(tmp_path / "r.pdf")]) == 2
    assert "identity create" in capsys.readouterr().err


def test_invalid_assessment_is_2(with_identity: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "dash-desktop.assessment/1"}')
    assert main(["export", "--from-json", str(bad), str(tmp_path / "r.pdf")]) == 2
    assert "invalid assessment" in capsys.readouterr().err
