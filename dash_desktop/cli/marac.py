"""``dash-desktop marac referral CASE OUT.pdf [--assessment ID] [--consent yes|no] [--lawful-basis TEXT]``

Builds the MARAC referral from the case's newest completed DASH (or the one given), prefilled from
the case (:func:`dash_desktop.referrals.prefill`), signs it with the practitioner's identity
(:func:`dash_desktop.reports.referral.build_signed`), keeps it in the case (a referral of kind marac,
status proposed, with its form and its signed PDF) and writes OUT.pdf.

Exit 2, storing nothing, naming each required field that is missing (the victim's name, the
referrer, a completed DASH, the consent decision, and without consent the lawful basis). Every other
detail not recorded is printed "not known" and listed on the referral's first page.

``--lawful-basis`` may be given more than once: one of the choices by its id (``s115``,
``gdpr_6_1_e``, ``gdpr_9_sch1_18``), ``local_protocol:NAME`` (the local information sharing
protocol, by name), or the basis in the practitioner's own words.
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dash_desktop.cli.common import CommandError, add_command, add_store_options, whole_number
from dash_desktop.referrals.form import LAWFUL_BASIS_WORDS, Kind, LawfulBasis, Sharing

if TYPE_CHECKING:
    from dash_desktop.store import Store
    from dash_desktop.store.records import AssessmentRecord, CaseRecord

YES_NO = {"yes": True, "no": False}
#: What to pass to give each required field.
OPTION_OF = {"consent": "--consent yes|no", "lawful_basis": "--lawful-basis TEXT",
             "victim.name": "the victim's name in the case ('dash-desktop cases add' / the app)",
             "referrer": "your profile ('dash-desktop init --name ... --organisation ...')",
             "assessment": "--assessment ID, or complete a DASH in the case"}
PROTOCOL = "local_protocol:"
CHOSEN = (LawfulBasis.S115, LawfulBasis.GDPR_6_1_E, LawfulBasis.GDPR_9_SCH1_18)


def register(subparsers: Any) -> None:
    parser = add_command(subparsers, "marac", "MARAC referrals made from a completed DASH.")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    bases = ", ".join(f"{b.value} ({LAWFUL_BASIS_WORDS[b].split(':')[0]})" for b in CHOSEN)
    referral = add_command(
        sub, "referral", "Build, sign and store the MARAC referral of a case, and write it to OUT.pdf.",
        epilog=f"--lawful-basis: {bases}; local_protocol:NAME; or the basis in your own words. Details not "
               "recorded are printed 'not known' and listed on the first page.",
    )
    referral.add_argument("case", metavar="CASE", help="the case reference")
    referral.add_argument("out", metavar="OUT.pdf")
    referral.add_argument("--assessment", type=whole_number("--assessment", 1), metavar="ID",
                          help="the completed DASH it rests on (default: the case's newest)")
    referral.add_argument("--consent", choices=tuple(YES_NO), help="whether the victim consents to the referral")
    referral.add_argument("--lawful-basis", action="append", default=[], metavar="TEXT",
                          help="without consent, the lawful basis for sharing (may be repeated)")
    referral.add_argument("--victim-aware", choices=tuple(YES_NO), help="whether the victim knows of the referral")
    add_store_options(referral)
    referral.set_defaults(func=_referral)


def sharing_of(consent: str | None, bases: list[str], aware: str | None) -> Sharing:
    """The consent and lawful basis as given on the command line."""
    chosen: list[LawfulBasis] = []
    protocol: str | None = None
    notes: list[str] = []
    for text in (b.strip() for b in bases):
        if not text:
            continue
        if text in {b.value for b in CHOSEN}:
            chosen.append(LawfulBasis(text))
        elif text.startswith(PROTOCOL) or text == LawfulBasis.LOCAL_PROTOCOL.value:
            chosen.append(LawfulBasis.LOCAL_PROTOCOL)
            protocol = text[len(PROTOCOL):].strip() or None
        else:
            chosen.append(LawfulBasis.OTHER)
            notes.append(text)
    return Sharing(victim_aware=YES_NO.get(aware or ""), consent=YES_NO.get(consent or ""),
                   lawful_basis=tuple(dict.fromkeys(chosen)), protocol_name=protocol,
                   basis_note="; ".join(notes) or None)


def _assessment(store: Store, case: CaseRecord, wanted: int | None) -> AssessmentRecord | None:
    from dash_desktop.assessment.household import VICTIM_DASH, instrument_of
    from dash_desktop.questionnaires import Registry

    if wanted is None:
        return None
    a = store.assessments.get(wanted)
    if a.case_id != case.id:
        raise CommandError(f"--assessment: assessment {a.id} is not in case {case.reference}")
    if instrument_of(Registry.default(), a.questionnaire_id) != VICTIM_DASH:
        raise CommandError(f"--assessment: assessment {a.id} is a {a.questionnaire_id}, not a victim DASH")
    if a.status == "draft":
        raise CommandError(f"--assessment: assessment {a.id} is a draft; complete it first")
    return a


def _referral(args: argparse.Namespace) -> int:
    from dash_desktop.cli.reports import _write_new
    from dash_desktop.cli.storeopts import opened, store_errors
    from dash_desktop.referrals import prefill
    from dash_desktop.referrals.redaction import not_known, sheet
    from dash_desktop.reports.referral import ReferralRefused, keep, sign_from_store
    from dash_desktop.reports.stored import SigningError

    out = Path(args.out)
    if out.exists():
        raise CommandError(f"{out} already exists; choose another name")
    with opened(args) as store, store_errors():
        case = store.cases.get(args.case)
        form = prefill(Kind.MARAC, case, store.practitioner(), assessment=_assessment(store, case, args.assessment),
                       sharing=sharing_of(args.consent, args.lawful_basis, args.victim_aware),
                       referred_on=dt.date.today())
        try:
            signed = sign_from_store(store, form)
        except ReferralRefused as exc:
            lines = [f"  {f.field}: {f.message} ({OPTION_OF.get(f.field, f.field)})" for f in exc.faults]
            raise CommandError("the referral cannot be made; nothing was stored:\n" + "\n".join(lines)) from None
        except SigningError as exc:
            raise CommandError(f"the referral cannot be signed: {exc}") from None
        _write_new(out, signed.pdf, force=False)
        try:  # the file and the stored referral: both or neither
            referral, _ = keep(store, form, out.name, signed.pdf)
        except BaseException:
            out.unlink(missing_ok=True)
            raise
    for note in signed.notes:
        print(note)
    if not form.criteria:
        print("No MARAC criterion is met by the DASH: the referral is made by your choice, and says so")
    missing = len(not_known(sheet(form)))
    print(f"MARAC referral {referral.id} for case {case.reference}: proposed, signed, stored and written to {out}"
          + (f" ({missing} detail(s) not known, listed on its first page)" if missing else ""))
    return 0
