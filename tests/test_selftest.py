"""``dash-desktop --self-test [--keep DIR]``: what the person who installed the program sees."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dash_desktop import paths, selftest
from dash_desktop.cli import main

STEP_LINE = re.compile(r"^  (\S+) +(ok|FAILED) +(\d+\.\d\d) s  (.+)$")


def self_test(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it: a new process, not the test's (which has Qt loaded)."""
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}  # the self-test picks offscreen itself
    code = "import sys; from dash_desktop.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, "--self-test", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=240, check=False)


def steps(output: str) -> dict[str, tuple[str, str]]:
    return {m.group(1): (m.group(2), m.group(4)) for line in output.splitlines() if (m := STEP_LINE.match(line))}


def test_every_step_passes_with_one_timed_line_each_and_leaves_nothing(tmp_path: Path) -> None:
    proc = self_test(cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    found = steps(proc.stdout)
    assert list(found) == [name for name, _ in selftest.STEPS]
    assert all(status == "ok" for status, _ in found.values())
    assert "high risk, MARAC referral" in found["score"][1]
    assert "tampered copy is refused" in found["verify"][1]
    assert "1 case listed" in found["window"][1]
    assert proc.stdout.splitlines()[-1].startswith(f"self-test passed: {len(selftest.STEPS)} steps")
    folder = Path(re.search(r"data folder (\S+)", proc.stdout).group(1))  # type: ignore[union-attr]
    assert not folder.exists()  # the temporary data folder is gone
    assert proc.stderr == ""  # nothing else on the terminal: no Qt chatter, no traceback


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="Poppler's pdfsig is not installed")
def test_keep_leaves_a_store_a_signed_report_and_a_picture_of_the_window(tmp_path: Path) -> None:
    keep = tmp_path / "kept"
    proc = self_test("--keep", str(keep), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert {"cases.db", "keys.json", "self-test-report.pdf", "self-test-window.png"} <= {p.name for p in keep.iterdir()}
    assert not (keep / "cases.db").read_bytes().startswith(b"SQLite format 3")
    # An independent validator accepts the kept report's signature.
    check = subprocess.run(["pdfsig", str(keep / "self-test-report.pdf")], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in check.stdout
    assert "its store's passphrase is " in proc.stdout  # the made-up store can be opened to look inside


def test_keep_refuses_a_folder_that_holds_anything_and_touches_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "someone's data"
    folder.mkdir()
    (folder / "cases.db").write_bytes(b"a real store")
    proc = self_test("--keep", str(folder), cwd=tmp_path)
    assert proc.returncode == 2
    assert "needs a new or empty folder" in proc.stderr
    assert [p.name for p in folder.iterdir()] == ["cases.db"]
    assert (folder / "cases.db").read_bytes() == b"a real store"


def test_a_failing_step_is_named_with_exit_1(tmp_path: Path) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder", encoding="utf-8")
    proc = self_test("--keep", str(blocker / "data"), cwd=tmp_path)
    assert proc.returncode == 1
    found = steps(proc.stdout)
    assert found["store"][0] == "FAILED"
    assert "window" not in found  # the run stops at the first failure
    assert "self-test FAILED at step 'store'" in proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr


def test_a_bundle_without_its_resources_fails_at_the_resources_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "resources"
    empty.mkdir()
    paths.resources_dir.cache_clear()
    monkeypatch.setattr(paths, "resources_dir", lambda: empty)  # what a frozen build missing its data sees
    assert main(["--self-test"]) == 1
    out, err = capsys.readouterr()
    assert steps(out)["resources"] == ("FAILED", f"no area profiles in {empty / 'profiles'}")
    assert "self-test FAILED at step 'resources'" in err


@pytest.mark.parametrize(("argv", "message"), [
    (["--keep", "x"], "--keep goes with --self-test"),
    (["--self-test", "score", "x.json"], "--self-test takes no command"),
    (["--data-dir", "mine", "--self-test"], "--self-test never uses an existing data folder"),
])
def test_misused_options_are_usage_errors(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert message in capsys.readouterr().err
