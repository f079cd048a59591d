"""The Qt bindings the app runs on keep Python's None alive: a binding that drops a reference to None
on each call that returns nothing aborts the whole app ("Fatal Python error: deallocating None") a
few hundred answers into a day's work, under a Python whose None is not immortal (before 3.12)."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12: nothing to lose")
def test_calls_that_return_nothing_keep_none_alive(qtbot: Any) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for n in range(200):
        label.setText(str(n))
        label.setVisible(n % 2 == 0)
    assert sys.getrefcount(None) > before - 50  # a leaking binding loses 400 here
