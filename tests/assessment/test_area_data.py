"""The area data issue 11 asks for: the services directory's districts, coverage and eligibility, the
profiles' honest names and sources, and the data the rules read (ages, the standard tier)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from dash_desktop.assessment import ProfileError
from dash_desktop.assessment.profiles import load_profile
from dash_desktop.assessment.services import load_directory
from dash_desktop.paths import resource
from dash_desktop.questionnaires.loader import read_data_file

DISTRICTS = {
    "basingstoke_and_deane": "Basingstoke and Deane", "east_hampshire": "East Hampshire", "eastleigh": "Eastleigh",
    "fareham": "Fareham", "gosport": "Gosport", "hart": "Hart", "havant": "Havant", "new_forest": "New Forest",
    "rushmoor": "Rushmoor", "test_valley": "Test Valley", "winchester": "Winchester",
}
LOT_2 = {"fareham", "gosport", "havant", "east_hampshire"}


@pytest.fixture(scope="module")
def directory() -> dict[str, Any]:
    data: dict[str, Any] = read_data_file(resource("services", "hampshire.yaml"))
    return data


def service(directory: dict[str, Any], service_id: str) -> dict[str, Any]:
    return next(s for s in directory["services"] if s["id"] == service_id)


def test_the_directory_has_hampshires_districts(directory: dict[str, Any]) -> None:
    assert {k: v["name"] for k, v in directory["districts"].items()} == DISTRICTS


def test_every_coverage_names_known_districts(directory: dict[str, Any]) -> None:
    for entry in directory["services"]:
        covers = entry.get("covers")
        if isinstance(covers, list):
            assert covers and set(covers) <= set(DISTRICTS), entry["id"]
        else:
            assert covers in (None, "county", "national"), entry["id"]
        if covers == "national":
            assert entry.get("source"), f"{entry['id']} is not in the strategy: it needs its own source"


def test_the_idash_lots_split_the_county(directory: dict[str, Any]) -> None:
    sdas, you = set(service(directory, "sdas")["covers"]), set(service(directory, "you_trust")["covers"])
    assert sdas == LOT_2
    assert sdas.isdisjoint(you) and sdas | you == set(DISTRICTS)


def test_aurora_new_dawn_is_not_a_county_wide_idva(directory: dict[str, Any]) -> None:
    aurora = [s for s in directory["services"] if s.get("provider") == "Aurora New Dawn"]
    assert {s["id"] for s in aurora} == {"aurora_dva_cars", "aurora_stalking_advocacy", "aurora_armed_forces_advocate"}
    for entry in aurora:
        assert not ("idva" in entry["provides"] and entry.get("covers") == "county"), entry["id"]
    assert "eastern area and pilots" in service(directory, "aurora_dva_cars")["name"]


def test_eligibility_is_recorded(directory: dict[str, Any]) -> None:
    assert service(directory, "stonewater_renew")["serves"] == "Women with complex needs."
    assert "tenants" in service(directory, "radian")["serves"]
    assert "DAPP intervention" in service(directory, "dapp_domestic_abuse_safety_service")["serves"]


@pytest.mark.parametrize(
    ("element", "provider"),
    [("refuge", "stonewater_renew"), ("sanctuary_scheme", "radian"), ("move_on", "sdas"), ("group_work", "you_trust"),
     ("armed_forces", "aurora_armed_forces_advocate"), ("community_language", "north_hampshire_nepali_outreach"),
     ("community_language", "yellow_door_diversity_inclusion"), ("children_and_families", "you_trust"),
     ("honour_based_abuse", "hampshire_police_hba_fm_fgm"), ("sexual_violence", "isva_service"),
     ("sexual_violence", "rasac"), ("children_and_families", "frankie_workers"),
     ("partner_safety", "dapp_domestic_abuse_safety_service")],
)
def test_the_loader_reads_the_elements_and_providers(element: str, provider: str) -> None:
    loaded = load_directory("hampshire")
    assert element in loaded.elements
    assert provider in [s.id for s in loaded.providers(element)]


def test_every_element_the_profile_names_is_in_the_directory() -> None:
    rules = load_profile("hampshire").rules_for("dash-ric")
    loaded = load_directory("hampshire")
    named = {*rules["tiers"].values(), *(n["id"] for n in rules["needs"]), *rules["standard_tier"]["elements"],
             *rules["standard_tier"]["with_needs"]}
    assert named <= set(loaded.elements)
    for element in named:
        assert loaded.providers(element), element


@pytest.mark.parametrize("profile_id", ["hampshire", "cambridgeshire"])
def test_profiles_say_whose_rules_they_are(profile_id: str) -> None:
    profile = load_profile(profile_id)
    hampshire = " ".join(load_profile("hampshire").description.split())
    assert "local practice" in hampshire and "SafeLives sets only the 14+ threshold" in hampshire
    assert "perpetrator rules are DASH Desktop's own" in hampshire
    text = " ".join(profile.sources)
    for outside in ("shared/", "domain.md", "design.md"):
        assert outside not in text, f"{profile_id} cites {outside}, a file outside the repository"
    assert "SafeLives" not in profile.name  # the bands are not SafeLives'


def test_pathway_steps_carry_their_ages() -> None:
    steps = load_profile("hampshire").rules_for("perpetrator-risk-needs")["pathway"]["steps"]
    for adult in ("radar", "assertive_outreach", "cara", "bbr", "high_harm_team"):
        assert steps[adult]["min_age"] == 18 and "max_age" not in steps[adult], adult
    for young in ("linx", "youth_justice"):
        assert steps[young]["max_age"] == 17 and "min_age" not in steps[young], young


@pytest.mark.parametrize("bad", [-1, "eighteen", 1.5])
def test_the_schema_checks_the_added_ages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bad: Any) -> None:
    (tmp_path / "t.yaml").write_text(
        "format: dash-desktop.profile/1\nid: t\nversion: '1'\nextends: hampshire\nname: T\n"
        "instruments:\n  perpetrator-risk-needs:\n    pathway:\n      steps:\n        radar:\n"
        f"          min_age: {bad!r}\n", "utf-8")
    monkeypatch.setenv("DASH_DESKTOP_PROFILES", str(tmp_path))
    with pytest.raises(ProfileError, match="min_age"):
        load_profile("t")

