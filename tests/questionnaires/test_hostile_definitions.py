"""Hostile definition files (issue 10, defects 11 and 15): a condition nested hundreds deep, a YAML
alias bomb, a file of many megabytes. Each is refused quickly with a short message naming the
file, and one bad file in ``$DASH_DESKTOP_QUESTIONNAIRES`` is reported and skipped, never taking the
shipped definitions (or the commands that use them) down."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dash_desktop.cli import main
from dash_desktop.questionnaires import DefinitionError, Registry, load_file
from dash_desktop.questionnaires.loader import builtin_dir

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dash-ric-14-yes.json"


def _definition(**changes: object) -> dict[str, object]:
    data = yaml.safe_load((builtin_dir() / "dash-stalking-1.1.0.yaml").read_text("utf-8"))
    data.update({"id": "local-test", **changes})
    return data


def _deep_not(depth: int) -> str:
    data = _definition()
    first = data["sections"][0]["items"]  # type: ignore[index]
    condition: dict[str, object] = {"item": first[0]["id"], "equals": "yes"}
    for _ in range(depth):
        condition = {"not": condition}
    first[1]["relevant"] = condition
    return yaml.safe_dump(data, sort_keys=False)


def _alias_bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
              f"*a{i - 1}]" for i in range(1, 10)]
    body = yaml.safe_dump(_definition(), sort_keys=False).replace("title:", "title: *a9\nold_title:", 1)
    return "\n".join(lines) + "\n" + body


def test_a_condition_260_nots_deep_is_refused_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(_deep_not(260), "utf-8")
    with pytest.raises(DefinitionError, match="nested too deeply"):
        load_file(path)


def test_a_condition_30_nots_deep_passes_the_shape_check_but_not_the_condition_bound(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(_deep_not(30), "utf-8")
    with pytest.raises(DefinitionError, match="nests all / any / not more than"):
        load_file(path)


def test_an_alias_bomb_in_the_title_is_refused_at_once(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(_alias_bomb(), "utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_file(path)
    assert "YAML aliases" in str(caught.value)
    assert len(str(caught.value)) < 1000  # the bomb's expansion is never quoted


def test_a_huge_file_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"# " + b"x" * (5 * 1024 * 1024))
    with pytest.raises(DefinitionError, match="larger than"):
        load_file(path)


def test_a_long_wrong_value_is_quoted_short(tmp_path: Path) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(_definition(version=["x" * 100_000])), "utf-8")
    with pytest.raises(DefinitionError) as caught:
        load_file(path)
    assert len(str(caught.value)) < 2000


@pytest.mark.parametrize("bad", ["deep", "bomb"])
def test_one_bad_file_in_the_folder_is_skipped_and_the_rest_still_work(
    bad: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "local"
    folder.mkdir()
    (folder / f"{bad}.yaml").write_text(_deep_not(260) if bad == "deep" else _alias_bomb(), "utf-8")
    (folder / "good.yaml").write_text(yaml.safe_dump(_definition(id="local-good")), "utf-8")
    monkeypatch.setenv("DASH_DESKTOP_QUESTIONNAIRES", str(folder))
    registry = Registry.default()
    assert [p.source for p in registry.problems] == [str(folder / f"{bad}.yaml")]
    assert "local-good" in [q.id for q in registry]

    assert main(["questionnaires", "list"]) == 0
    out, err = capsys.readouterr()
    assert "dash-ric" in out and "local-good" in out
    assert f"skipped: {folder / bad}.yaml" in err and "Traceback" not in err
    assert main(["score", str(EXAMPLE)]) == 0
    out, err = capsys.readouterr()
    assert "HIGH" in out.upper() and "Traceback" not in err
    assert main(["questionnaires", "validate", str(folder / f"{bad}.yaml")]) == 2
    assert len(capsys.readouterr().err) < 2000


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=40,
)
FIELDS = st.sampled_from(["id", "version", "title", "format", "attribution", "sections", "follow_on", "subject"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=FIELDS, value=JSON, depth=st.sampled_from([0, 3, 30, 300]),
       item_field=st.sampled_from(["relevant", "choices", "type", "prompt"]), as_json=st.booleans())
def test_a_mangled_definition_is_refused_with_a_short_message_or_loads(
    tmp_path_factory: pytest.TempPathFactory, field: str, value: object, depth: int, item_field: str, as_json: bool
) -> None:
    data = _definition()
    nested: object = value
    for _ in range(depth):
        nested = {"not": nested}
    data["sections"][0]["items"][1][item_field] = nested  # type: ignore[index]
    data[field] = value if field != "sections" or depth == 0 else data[field]
    path = tmp_path_factory.mktemp("fuzz") / ("mangled.json" if as_json else "mangled.yaml")
    path.write_text(json.dumps(data) if as_json else yaml.safe_dump(data), "utf-8")
    refused: DefinitionError | None = None
    try:
        load_file(path)
    except DefinitionError as exc:
        refused = exc
    assert refused is None or len(str(refused)) < 5000
