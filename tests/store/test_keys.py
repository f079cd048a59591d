from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from dash_desktop.store import StoreDamaged, WeakPassphrase, WrongPassphrase
from dash_desktop.store.keys import TEST_KDF, KdfParams, KeyHeader, key_id


def test_header_wraps_and_unwraps_the_data_key(tmp_path: Path) -> None:
    header, key = KeyHeader.new("a long passphrase", TEST_KDF)
    path = tmp_path / "keys.json"
    header.write(path)
    again = KeyHeader.read(path)
    assert again.unwrap("a long passphrase") == key
    assert len(key) == 32
    assert again.key_id == key_id(key)


def test_header_file_holds_no_key_material_in_clear(tmp_path: Path) -> None:
    header, key = KeyHeader.new("a long passphrase", TEST_KDF)
    path = tmp_path / "keys.json"
    header.write(path)
    raw = path.read_bytes()
    assert key.hex().encode() not in raw
    assert b"a long passphrase" not in raw


def test_wrong_passphrase_is_refused() -> None:
    header, _ = KeyHeader.new("a long passphrase", TEST_KDF)
    with pytest.raises(WrongPassphrase):
        header.unwrap("a long passphrasf")


def test_rewrap_keeps_the_data_key_and_drops_the_old_passphrase() -> None:
    header, key = KeyHeader.new("first passphrase", TEST_KDF)
    new = header.rewrapped(key, "second passphrase")
    assert new.unwrap("second passphrase") == key
    assert new.salt != header.salt
    with pytest.raises(WrongPassphrase):
        new.unwrap("first passphrase")


def test_passphrase_is_unicode_normalised() -> None:
    composed = unicodedata.normalize("NFC", "café au lait!")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    header, key = KeyHeader.new(composed, TEST_KDF)
    assert header.unwrap(decomposed) == key


def test_short_passphrase_is_refused() -> None:
    with pytest.raises(WeakPassphrase):
        KeyHeader.new("short", TEST_KDF)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("kdf", "iterations"), 2),
        (("kdf", "memory_kib"), 4096),
        (("store_id",), "someone-else"),
        (("key_id",), "0" * 32),
    ],
)
def test_editing_bound_fields_breaks_the_unwrap(tmp_path: Path, path: tuple[str, ...], value: object) -> None:
    """Weakening the KDF parameters in the (non-secret) header must not give a weaker unlock."""
    header, _ = KeyHeader.new("a long passphrase", TEST_KDF)
    data = header.to_dict()
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    file = tmp_path / "keys.json"
    file.write_text(json.dumps(data))
    with pytest.raises(WrongPassphrase):
        KeyHeader.read(file).unwrap("a long passphrase")


@pytest.mark.parametrize(
    "content",
    [b"", b"{", b"[]", b'{"format": "other"}', b"\xff\xfe", b'{"format": "dash-desktop.keys/1", "kdf": {}}'],
)
def test_damaged_header_names_the_file(tmp_path: Path, content: bytes) -> None:
    file = tmp_path / "keys.json"
    file.write_bytes(content)
    with pytest.raises(StoreDamaged, match=r"keys\.json"):
        KeyHeader.read(file)


def test_truncated_header_is_damaged(tmp_path: Path) -> None:
    header, _ = KeyHeader.new("a long passphrase", TEST_KDF)
    file = tmp_path / "keys.json"
    header.write(file)
    file.write_bytes(file.read_bytes()[:200])
    with pytest.raises(StoreDamaged):
        KeyHeader.read(file)


def test_default_kdf_cost_is_the_documented_one() -> None:
    assert KdfParams() == KdfParams(iterations=3, lanes=4, memory_kib=65536)
