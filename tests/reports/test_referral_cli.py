"""``dash-desktop marac referral`` end to end: a high-risk DASH in a case -> the MARAC referral, signed,
stored in the case and written out; verified by our verify (pyHanko) and by Poppler's pdfsig."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from report_helpers import pdftotext, run_tool
from store_helpers import PASSPHRASE

from dash_desktop.cli import main
from dash_desktop.referrals import ReferralForm
from dash_desktop.reports.verify import verify_report
from dash_desktop.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
VICTIM, PERPETRATOR, CHILDREN = "Aoife Ní Bhriain", "Darren Keel", ("Maisie Keel", "Tom Keel")
PERPETRATOR_ADDRESS = "3 Quay Street, Gosport PO12 1AB"


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


@pytest.fixture
def case(store_dir: Path, capsys: pytest.CaptureFixture[str], passphrase_file: Path) -> Cli:
    """Case HX-9 with its household recorded, and a high-risk DASH of the victim imported."""
    store = Store.open(PASSPHRASE, store_dir)
    try:
        c = store.cases.add("HX-9", area="gosport")
        victim = store.people.add(c.id, "victim", VICTIM, date_of_birth=dt.date(1990, 6, 1), gender="female",
                                  address="14 Orchard Close, Fareham", phone="07700 900123", safe_to_call=True)
        store.people.add(c.id, "perpetrator", PERPETRATOR, date_of_birth=dt.date(1987, 2, 3),
                         address=PERPETRATOR_ADDRESS, relationship_to_victim="ex-partner")
        for name in CHILDREN:
            store.people.add(c.id, "child", name, relationship_to_victim="daughter", school="Harbour Primary")
    finally:
        store.close()
    cli = Cli(capsys, store_dir, passphrase_file)
    code, _, err = cli("assess", "import", str(EXAMPLES / "dash-ric-14-yes.json"), "--case", "HX-9",
                         "--person", str(victim.id))
    assert code == 0, err
    return cli


def referrals(store_dir: Path) -> list[object]:
    store = Store.open(PASSPHRASE, store_dir)
    try:
        return list(store.records.referrals("HX-9"))
    finally:
        store.close()


def test_a_high_risk_dash_becomes_a_signed_stored_marac_referral(case: Cli, store_dir: Path, tmp_path: Path) -> None:
    store = Store.open(PASSPHRASE, store_dir)
    try:
        store.update_practitioner(phone="023 8000 1234", email="sam.carter@idva.example")
    finally:
        store.close()
    out = tmp_path / "referral.pdf"
    code, said, err = case("marac", "referral", "HX-9", str(out), "--consent", "yes")
    assert code == 0, err
    assert "proposed, signed, stored" in said

    pdf = out.read_bytes()
    v = verify_report(pdf)
    assert v.sound and v.pages_problem is None
    sig = run_tool("pdfsig", str(out))
    assert "Signature is Valid." in sig.stdout and "Total document signed" in sig.stdout
    code, verdict, _ = case("verify", str(out), store=False)
    assert code == 3 and "INTACT, BUT THE SIGNER IS NOT TRUSTED" in verdict  # sound; no --trust given
    cert = tmp_path / "me.pem"
    assert case("identity", "export-cert", str(cert))[0] == 0
    code, verdict, _ = case("verify", str(out), "--trust", str(cert), store=False)
    assert code == 0 and verdict.startswith(f"{out}: GOOD") and "Pages agree with the attachment:  yes" in verdict

    text = pdftotext(out)
    for value in (VICTIM, PERPETRATOR, PERPETRATOR_ADDRESS, *CHILDREN, "visible high risk", "MARAC referral",
                  "sam.carter@idva.example"):
        assert value in text, value

    store = Store.open(PASSPHRASE, store_dir)
    try:
        (referral,) = store.records.referrals("HX-9")
        assert (referral.kind, referral.status) == ("marac", "proposed")
        assert referral.form is not None
        form = ReferralForm.from_json(json.dumps(referral.form))
        assert form.victim.name == VICTIM and form.sharing.consent is True
        (doc_id,) = store.documents.for_referral(referral.id)
        assert store.documents.get(doc_id).content == pdf
    finally:
        store.close()


def test_no_consent_without_a_lawful_basis_exits_2_and_stores_nothing(case: Cli, store_dir: Path,
                                                                       tmp_path: Path) -> None:
    out = tmp_path / "referral.pdf"
    code, _, err = case("marac", "referral", "HX-9", str(out), "--consent", "no")
    assert code == 2
    assert "lawful_basis" in err and "--lawful-basis" in err and "nothing was stored" in err
    assert not out.exists() and referrals(store_dir) == []
    store = Store.open(PASSPHRASE, store_dir)
    try:  # nothing at all: no identity made, the DASH not signed
        assert store.identities.active() is None
        assert [a.status for a in store.cases.get("HX-9").assessments] == ["completed"]
    finally:
        store.close()


def test_each_missing_required_field_is_named(case: Cli, store_dir: Path, tmp_path: Path) -> None:
    code, _, err = case("marac", "referral", "HX-9", str(tmp_path / "r.pdf"))
    assert code == 2 and "consent" in err and "--consent yes|no" in err
    assert referrals(store_dir) == []


def test_without_consent_the_lawful_basis_is_on_the_referral(case: Cli, tmp_path: Path) -> None:
    out = tmp_path / "referral.pdf"
    code, _, err = case("marac", "referral", "HX-9", str(out), "--consent", "no", "--lawful-basis", "s115",
                        "--lawful-basis", "local_protocol:Hampshire Information Sharing Protocol")
    assert code == 0, err
    text = " ".join(pdftotext(out).split())
    assert "Crime and Disorder Act 1998, section 115" in text and "Hampshire Information Sharing Protocol" in text


@pytest.mark.parametrize(("args", "says"), [
    (["--assessment", "999"], "no assessment 999"),
    (["--assessment", "1", "--lawful-basis", "s115"], None),  # (a completed DASH: fine)
])
def test_a_wrong_assessment_is_a_message(case: Cli, tmp_path: Path, args: list[str], says: str | None) -> None:
    code, _, err = case("marac", "referral", "HX-9", str(tmp_path / "r.pdf"), "--consent", "yes", *args)
    if says is None:
        assert code == 0, err
    else:
        assert code == 2 and says in err


@pytest.mark.parametrize("args", [["--assessment", "0"], ["--assessment", "x"], ["--consent", "maybe"]])
def test_odd_options_are_refused_by_the_parser(case: Cli, tmp_path: Path, args: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        case("marac", "referral", "HX-9", str(tmp_path / "r.pdf"), *args)
    assert caught.value.code == 2


def test_an_unknown_case_is_a_message(case: Cli, tmp_path: Path) -> None:
    code, _, err = case("marac", "referral", "NOPE", str(tmp_path / "r.pdf"), "--consent", "yes")
    assert code == 2 and "NOPE" in err


def test_an_existing_out_file_is_never_replaced(case: Cli, store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    out.write_bytes(b"mine")
    code, _, err = case("marac", "referral", "HX-9", str(out), "--consent", "yes")
    assert code == 2 and "already exists" in err and out.read_bytes() == b"mine" and referrals(store_dir) == []


def test_the_app_path_signs_and_keeps_a_childrens_services_referral(case: Cli, store_dir: Path) -> None:
    """What the screens call: prefill from the store's records, sign_from_store, keep."""
    from dash_desktop.referrals import Kind, Sharing, prefill
    from dash_desktop.reports.referral import ReferralRefused, keep, sign_from_store

    store = Store.open(PASSPHRASE, store_dir)
    try:
        record = store.cases.get("HX-9")
        refused = prefill(Kind.CHILDRENS_SERVICES, record, store.practitioner(), sharing=Sharing(consent=False))
        with pytest.raises(ReferralRefused) as caught:
            sign_from_store(store, refused)
        assert [f.field for f in caught.value.faults] == ["lawful_basis"]
        assert store.records.referrals("HX-9") == [] and store.identities.active() is None  # nothing written

        form = prefill(Kind.CHILDRENS_SERVICES, record, store.practitioner(), sharing=Sharing(consent=True))
        signed = sign_from_store(store, form)
        referral, document = keep(store, form, "children.pdf", signed.pdf)
        assert (referral.kind, referral.status, referral.assessment_id) == ("childrens_services", "proposed",
                                                                             record.assessments[0].id)
        assert store.documents.for_referral(referral.id) == [document.id]
        assert verify_report(signed.pdf).sound
    finally:
        store.close()


def test_a_referral_by_choice_from_a_dash_that_meets_no_criterion(case: Cli, tmp_path: Path) -> None:
    code, _, err = case("assess", "import", str(EXAMPLES / "dash-ric-standard-rushmoor.json"), "--case", "HX-9")
    assert code == 0, err
    out = tmp_path / "choice.pdf"
    code, said, err = case("marac", "referral", "HX-9", str(out), "--assessment", "2", "--consent", "yes")
    assert code == 0, err
    assert "made by your choice" in said
    text = " ".join(pdftotext(out).split())
    assert "No MARAC criterion met: a referral by the practitioner's choice" in text and "STANDARD RISK" in text
