"""Another program holds the store's write lock for longer than a writer waits (issue 10, defect 2):
a clear StoreWriteBusy, never "database is locked" as a traceback; on the command line a message
and exit 2, with nothing changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlcipher3

from dash_desktop.cli import main, storeopts
from dash_desktop.store import Store, StoreError, StoreWriteBusy
from dash_desktop.store.engine import connect_raw

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "dash-ric-14-yes.json"


@pytest.fixture
def holder(store: Store) -> Iterator[sqlcipher3.Connection]:
    conn = connect_raw(store.paths.database, store._data_key)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.close()


def test_a_busy_write_is_a_store_error_that_says_so(store: Store, holder: sqlcipher3.Connection) -> None:
    with pytest.raises(StoreWriteBusy) as caught:
        store.cases.add("HX-1")
    assert isinstance(caught.value, StoreError)
    assert "busy" in str(caught.value) and "Nothing was changed" in str(caught.value)
    holder.execute("ROLLBACK")
    assert store.cases.add("HX-1").reference == "HX-1"  # and it works again once the other writer is done


@pytest.mark.parametrize(
    "command",
    [["cases", "add", "HX-2"], ["cases", "list"], ["assess", "import", str(EXAMPLE), "--case", "HX-2"],
     ["audit", "verify"], ["backup"]],
    ids=lambda c: " ".join(c[:2]),
)
def test_store_commands_on_a_busy_store_say_so_and_exit_2(
    store: Store, data_dir: Path, passphrase_file: Path, holder: sqlcipher3.Connection, command: list[str],
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(storeopts, "BUSY_SECONDS", 0.2)
    code = main([*command, "--data-dir", str(data_dir), "--passphrase-file", str(passphrase_file)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "is busy" in err and "Traceback" not in err and "OperationalError" not in err
