"""Reports that say what they are (issue 10, defects 1 and 4 to 7): any answer renders, nothing is
locked before its report is made, only trusted signers are imported, the pages and the attachment
agree, the signature field's padding is checked, and the attachment is redacted like the page."""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path
from typing import Any

import pytest
from report_helpers import EXAMPLE, pdftotext
from store_helpers import PASSPHRASE

from dash_desktop.assessment import AssessmentDocument, read_document
from dash_desktop.cli import main
from dash_desktop.reports.export import build_report
from dash_desktop.reports.header import ReportHeader, Subject
from dash_desktop.reports.identity import Identity, create_identity
from dash_desktop.reports.render import render_report
from dash_desktop.reports.signing import sign_report
from dash_desktop.reports.verify import extract_document, verify_report
from dash_desktop.store import Store

LONG = ("The injuries were described at length. " * 80).strip() + " ENDOFTHEANSWER"  # ~3,200 characters


class Cli:
    def __init__(self, capsys: pytest.CaptureFixture[str], data_dir: Path, passphrase_file: Path) -> None:
        self.capsys = capsys
        self.common = ["--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)]

    def __call__(self, *args: str, store: bool = True) -> tuple[int, str, str]:
        self.capsys.readouterr()
        code = main([*args, *(self.common if store else [])])
        out, err = self.capsys.readouterr()
        assert "Traceback" not in err
        return code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], store_dir: Path, passphrase_file: Path) -> Cli:
    return Cli(capsys, store_dir, passphrase_file)


def _with(tmp_path: Path, name: str = "long.json", **answers: Any) -> Path:
    data = json.loads(EXAMPLE.read_text("utf-8"))
    data["answers"].update(answers)
    path = tmp_path / name
    path.write_text(json.dumps(data), "utf-8")
    return path


# --- 1: any answer renders, and nothing is locked first ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [LONG, "x" * 12_000, "line\n" * 600, "Zoë " * 4000],
    ids=["2750-plus-words", "one-12000-char-word", "600-lines", "16000-chars"],
)
def test_a_long_detail_answer_renders_across_pages(text: str, tmp_path: Path, example_doc: AssessmentDocument) -> None:
    doc = dataclasses.replace(example_doc, answers={**example_doc.answers, "q1_detail": text},
                              sources={"q1": text[:3000]})
    report = build_report(doc, ReportHeader("P", "O"), identity=None)
    path = tmp_path / "r.pdf"
    path.write_bytes(report.pdf)
    printed = "".join(pdftotext(path).split())
    compact = "".join(text.split())
    assert compact[:300] in printed and compact[-300:] in printed  # begun, and not cut off at the end
    assert printed.count(compact[-1]) >= compact.count(compact[-1])


def test_a_long_answer_imports_and_its_report_is_signed(cli: Cli, tmp_path: Path) -> None:
    cli("cases", "add", "HX-LONG")
    code, out, err = cli("assess", "import", str(_with(tmp_path, q1_detail=LONG)), "--case", "HX-LONG")
    assert code == 0, err
    assessment_id = out.split("stored assessment ")[1].split()[0]
    code, _, err = cli("export", assessment_id, str(tmp_path / "r.pdf"))
    assert code == 0, err
    assert "ENDOFTHEANSWER" in pdftotext(tmp_path / "r.pdf")


def test_an_assessment_whose_report_cannot_be_made_is_not_stored_completed(
    cli: Cli, tmp_path: Path, store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reportlab.platypus.doctemplate import LayoutError

    from dash_desktop.reports import export

    def broken(*_a: Any, **_k: Any) -> bytes:
        raise LayoutError("Flowable too large")

    monkeypatch.setattr(export, "render_report", broken)
    cli("cases", "add", "HX-NOPE")
    code, _, err = cli("assess", "import", str(EXAMPLE), "--case", "HX-NOPE")
    assert code == 2 and "report cannot be made" in err
    with Store.open(PASSPHRASE, store_dir) as store:
        assert store.cases.get("HX-NOPE").assessments == ()


def test_completing_in_the_app_signs_first_and_leaves_a_draft_if_signing_fails(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dash_desktop.reports import signing
    from dash_desktop.reports.stored import SigningError, complete_and_sign

    doc = read_document(EXAMPLE)
    with Store.open(PASSPHRASE, store_dir) as store:
        case = store.cases.add("HX-APP")
        draft = store.assessments.start(case.id, "dash-ric")
        store.assessments.save_draft(draft.id, doc.answers, document=doc.to_dict())
        monkeypatch.setattr(signing, "sign_report", lambda *_a, **_k: (_ for _ in ()).throw(SigningError("no key")))
        with pytest.raises(SigningError):
            complete_and_sign(store, draft.id, "a.pdf")
        assert store.assessments.get(draft.id).status == "draft"  # nothing locked, every answer kept
        assert store.assessments.get(draft.id).answers == doc.answers
        monkeypatch.undo()
        signed = complete_and_sign(store, draft.id, "a.pdf")
        record = store.assessments.get(draft.id)
        assert record.status == "signed" and record.risk_level == "high"
        assert store.documents.ids(draft.id) == [signed.document.id]
        assert store.audit.verify().ok


# --- 4: a trust decision on import ------------------------------------------------------------------


def test_a_report_by_an_unknown_signer_named_like_a_colleague_is_refused(
    cli: Cli, tmp_path: Path, store_dir: Path
) -> None:
    impostor = create_identity("Siobhán Ní Bhriain", "SDAS", "IDVA")  # the practitioner's own name
    low = json.loads(EXAMPLE.read_text("utf-8"))
    low["answers"] = {k: ("no" if v == "yes" else v) for k, v in low["answers"].items()}
    report = build_report(dataclasses.replace(read_document(EXAMPLE), answers=low["answers"]),
                          ReportHeader("Siobhán Ní Bhriain", "SDAS", "IDVA"), identity=impostor)
    path = tmp_path / "lower.pdf"
    path.write_bytes(report.pdf)
    cli("cases", "add", "HX-T")
    code, _, err = cli("assess", "import", str(path), "--case", "HX-T")
    assert code == 1
    assert f"signed by Siobhán Ní Bhriain (SDAS), certificate {impostor.fingerprint}" in err
    assert "not a signer this case store trusts" in err and "identity trust add" in err
    with Store.open(PASSPHRASE, store_dir) as store:
        assert store.cases.get("HX-T").assessments == ()
    # The practitioner decides to trust that certificate: then it imports.
    pem = tmp_path / "colleague.pem"
    pem.write_bytes(impostor.certificate_pem())
    code, out, err = cli("identity", "trust", "add", str(pem))
    assert code == 0 and impostor.fingerprint in out, err
    code, out, _ = cli("identity", "trust", "list")
    assert impostor.fingerprint in out and "trusted" in out
    code, out, err = cli("assess", "import", str(path), "--case", "HX-T")
    assert code == 0, err
    assert "a trusted signer" in out
    code, _, err = cli("identity", "trust", "add", str(pem))
    assert code == 2 and "already trusted" in err


# --- 5: the pages and the attachment ------------------------------------------------------------------


@pytest.fixture(scope="module")
def forged() -> tuple[bytes, Identity]:
    """A genuinely signed report whose page says HIGH and whose attachment says every answer is "no"."""
    from dash_desktop.assessment import bind, score
    from dash_desktop.questionnaires import Registry
    from dash_desktop.reports.render import report_document

    signer = create_identity("Real Signer", "SDAS", "IDVA")
    header = ReportHeader("Real Signer", "SDAS", "IDVA")
    high = read_document(EXAMPLE)
    registry = Registry.default()
    page = render_report(high, score(high, registry=registry), *bind(high, registry), header, for_signing=True)
    no = dataclasses.replace(high, answers={k: ("no" if v == "yes" else v) for k, v in high.answers.items()})
    attached = dataclasses.replace(report_document(no, header, "hampshire"), questionnaire_version="1.1.0")
    return sign_report(page, attached, signer, name="Real Signer", role="IDVA", organisation="SDAS"), signer


def test_a_page_that_disagrees_with_its_attachment_is_refused(
    forged: tuple[bytes, Identity], tmp_path: Path, cli: Cli
) -> None:
    pdf, signer = forged
    v = verify_report(pdf, [signer.certificate])
    assert all(s.intact and s.valid for s in v.signatures)  # the signature itself is genuine
    assert not v.ok and v.pages_problem is not None
    path, pem = tmp_path / "forged.pdf", tmp_path / "signer.pem"
    path.write_bytes(pdf)
    pem.write_bytes(signer.certificate_pem())
    code, out, _ = cli("verify", str(path), "--trust", str(pem), store=False)
    assert code == 1 and "FAILED" in out and "Pages agree with the attachment:  NO" in out
    cli("identity", "trust", "add", str(pem))
    cli("cases", "add", "HX-F")
    code, _, err = cli("assess", "import", str(path), "--case", "HX-F")
    assert code == 1 and "the report does not check out" in err and "attachment" in err


# --- 6: the signature field's unsigned bytes ----------------------------------------------------------


def padding(pdf: bytes) -> tuple[int, int]:
    """Where the zeros after the signature's DER are, in the hex string of ``/Contents``."""
    from dash_desktop.reports.verify import _open

    sig = next(iter(_open(pdf).embedded_regular_signatures))
    br = sig.byte_range
    start, end = int(br[0]) + int(br[1]), int(br[2])
    raw = bytes.fromhex(pdf[start + 1:end - 1].decode("ascii"))
    size = raw[1] & 0x7F if raw[1] >= 0x80 else 0
    der = 2 + size + (int.from_bytes(raw[2:2 + size], "big") if size else raw[1])
    return start + 1 + 2 * der, end - 1


def refused(pdf: bytes) -> bool:
    from dash_desktop.reports.verify import ReportUnreadable

    try:
        return not verify_report(pdf).sound
    except ReportUnreadable:
        return True


def test_any_byte_changed_in_the_signature_padding_is_reported(signed: Any) -> None:
    pdf = signed.pdf
    first, end = padding(pdf)
    assert verify_report(pdf).sound and end - first > 100
    rng = random.Random(6)  # noqa: S311 - which bytes to flip, not crypto
    for position in [*rng.sample(range(first, end), 12), first, end - 1]:
        data = bytearray(pdf)
        data[position] = ord("1")
        assert refused(bytes(data)), f"a change at byte {position} (the signature's padding) was accepted"
    hex_digits = pdf[first - 200:first]
    letter = next(i for i, c in enumerate(hex_digits) if chr(c) in "abcdefABCDEF")
    recased = bytearray(pdf)
    recased[first - 200 + letter] = ord(chr(recased[first - 200 + letter]).swapcase())  # same bytes, written otherwise
    assert refused(bytes(recased))


# --- 7: the attachment is redacted as the page is -------------------------------------------------------


@pytest.mark.parametrize("mode", [Subject.NONE, Subject.INITIALS])
def test_the_attachment_carries_nothing_the_page_withholds(mode: Subject, example_doc: AssessmentDocument) -> None:
    doc = dataclasses.replace(example_doc, meta={**example_doc.meta, "extra": "Zoë Łukasiewicz-Ødegård",
                                                 "notes": {"victim": "Zoë Łukasiewicz-Ødegård"}})
    report = build_report(doc, ReportHeader("P", "O", subject_mode=mode), identity=None)
    attached = extract_document(report.pdf)
    raw = json.dumps(attached.to_dict(), ensure_ascii=False)
    assert "Łukasiewicz" not in raw and "Zoë" not in raw
    assert set(attached.meta) <= {"case_reference", "subject", "subject_withheld", "training", "amends", "report"}


def test_a_byte_changed_in_the_unsigned_parts_of_the_signature_is_reported(signed: Any) -> None:
    """The certificates the signature carries, the digest algorithms it lists and the name of its
    signer sit in the signature field but outside what the signature covers: each change is seen."""
    from dash_desktop.reports.verify import _open

    pdf = signed.pdf
    sig = next(iter(_open(pdf).embedded_regular_signatures))
    start = int(sig.byte_range[0]) + int(sig.byte_range[1]) + 1  # the first hex digit of /Contents
    raw = sig.pkcs7_content
    signed_data = sig.signed_data
    parts = [signed_data["digest_algorithms"].dump(), sig.signer_info["sid"].dump(),
             *(c.dump() for c in signed_data["certificates"])]
    offsets, seen = [], 0
    for part in parts:
        at = raw.find(part, seen if part == parts[-1] else 0)
        seen = at + 1
        offsets += [at + len(part) // 3, at + len(part) // 2, at + len(part) - 30]
    for offset in offsets:
        data = bytearray(pdf)
        position = start + 2 * offset + 1  # the low digit of that byte
        data[position] = ord("7") if data[position] != ord("7") else ord("8")
        assert refused(bytes(data)), f"a change at byte {offset} of the signature (unsigned) was accepted"
