"""A real encrypted store in a temporary folder, with the cheap test KDF."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF

PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    profile = PractitionerProfile(name="Ana Practitioner", role="IDVA", organisation="Example IDVA Service")
    s = Store.create(PASSPHRASE, profile, tmp_path / "data", kdf=TEST_KDF)
    yield s
    s.close()
