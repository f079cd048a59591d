"""Key parameters out of any sane range (issue 10, defect 12) and a passphrase file with a byte-order
mark (defect 13): refused with a message naming the file, at once, never a hang or a MemoryError."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import pytest
from store_helpers import PASSPHRASE

from dash_desktop.cli import main
from dash_desktop.store import BackupError, Store, StoreDamaged
from dash_desktop.store import backup as backups

HOSTILE_KDF = [
    ("iterations", 1e9),
    ("iterations", 10**9),
    ("memory_kib", 2**31),
    ("memory_kib", 2**40),
    ("lanes", 2**24),
    ("lanes", "DIGITS"),  # 5,000 digits: more than Python reads as a number without being told to
    ("iterations", "3"),
    ("iterations", True),
]


@pytest.mark.parametrize(("name", "value"), HOSTILE_KDF, ids=lambda v: str(v)[:12])
def test_out_of_range_kdf_in_the_header_is_damage_naming_keys_json(
    store: Store, data_dir: Path, name: str, value: object
) -> None:
    store.close()
    header = data_dir / "keys.json"
    data = json.loads(header.read_text("utf-8"))
    data["kdf"][name] = value
    header.write_text(json.dumps(data).replace('"DIGITS"', "9" * 5000), "utf-8")
    with pytest.raises(StoreDamaged) as caught:
        Store.open(PASSPHRASE, data_dir)
    assert str(header) in str(caught.value)
    assert len(str(caught.value)) < 1000


def _rewrite_manifest(path: Path, name: str, value: object) -> None:
    manifest, offset = backups.read_manifest(path)
    raw = path.read_bytes()
    data = manifest.to_dict()
    data["key_header"]["kdf"][name] = value
    blob = json.dumps(data).encode("utf-8")
    path.write_bytes(backups.MAGIC + struct.pack(">I", len(blob)) + blob + raw[offset:])


@pytest.mark.parametrize(("name", "value"), HOSTILE_KDF[:5], ids=lambda v: str(v)[:12])
def test_out_of_range_kdf_in_a_backup_is_refused_naming_the_backup(
    store: Store, tmp_path: Path, name: str, value: object
) -> None:
    path = store.backup(tmp_path / "b.dashbak")
    _rewrite_manifest(path, name, value)
    with pytest.raises(BackupError) as caught:
        Store.verify_backup(path, PASSPHRASE, tmp_path)
    assert str(path) in str(caught.value)


def test_a_byte_order_mark_in_the_passphrase_file_is_not_part_of_it(
    store: Store, data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store.close()
    with_bom = tmp_path / "notepad.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + PASSPHRASE.encode("utf-8") + b"\r\n")
    assert main(["cases", "list", "--data-dir", str(data_dir), "--passphrase-file", str(with_bom)]) == 0
    assert "no cases" in capsys.readouterr().out
