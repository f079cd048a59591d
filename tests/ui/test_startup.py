"""Start-up (issue 9, speed of the start): the unlock prompt is shown before the store's code, the
rules and the pages are loaded; they load after its first paint, while the passphrase is typed, and
the keyboard is in the passphrase box. Run in a fresh interpreter, as the app starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from dash_desktop.store import PractitionerProfile, Store
from dash_desktop.store.keys import TEST_KDF

HEAVY = ("sqlalchemy", "sqlcipher3", "keyring", "dash_desktop.store.store", "dash_desktop.assessment",
         "dash_desktop.questionnaires", "dash_desktop.ui.case_list", "dash_desktop.ui.case_view")

PROBE = """
import json, os, sys
from PySide6.QtWidgets import QApplication
from dash_desktop.ui.app import start
window = start(os.environ["DASH_DESKTOP_DATA"])
app = QApplication.instance()
heavy = json.loads(os.environ["HEAVY"])
shown = [m for m in heavy if m in sys.modules]  # the window is shown: nothing heavy yet
painted = False
window.lock_screen.painted.connect(lambda: globals().update(painted=True))
while not painted:
    app.processEvents()
before = [m for m in heavy if m in sys.modules]
while not window._loader.is_ready or window._loader._steps:
    app.processEvents()
after = [m for m in heavy if m in sys.modules]
focus = app.focusWidget() is window.lock_screen.passphrase
print(json.dumps({"shown": shown, "painted": before, "loaded": after, "focus": focus,
                  "locked": window.is_locked()}))
"""


def test_the_prompt_comes_before_the_store_and_the_rest_loads_while_typing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.create("correct horse battery staple", PractitionerProfile(name="Ana"), data, kdf=TEST_KDF).close()
    env = dict(os.environ, DASH_DESKTOP_DATA=str(data), HEAVY=json.dumps(HEAVY), QT_QPA_PLATFORM="offscreen")
    env.pop("DASH_DESKTOP_PASSPHRASE", None)
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=120,
                         check=True).stdout
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["shown"] == [] and seen["painted"] == []  # the prompt first
    assert seen["loaded"] == list(HEAVY)  # then everything, without a passphrase yet
    assert seen["locked"] and seen["focus"]
