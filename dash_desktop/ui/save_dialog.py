"""A dialog of labelled rows whose Save runs ``save()``: a refusal (one of ``REFUSALS``) keeps it
open with the message in words, so that nothing typed is lost. Qt only: the case store's dialogs
and training mode's (which must not load the store's code) both build on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from dash_desktop.forms.date_entry import DateError


class SaveDialog(QDialog):
    """Save runs ``save()``; an exception in ``REFUSALS`` keeps the dialog open with the message."""

    REFUSALS: ClassVar[tuple[type[Exception], ...]] = (DateError,)

    def __init__(
        self, title: str, parent: QWidget | None, layout: Callable[[QDialog], QVBoxLayout] = QVBoxLayout
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.setMinimumWidth(520)
        self.form = QFormLayout()
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020; font-weight: bold;")
        self.error.setAccessibleName("Problem")
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self._try_save)
        self.buttons.rejected.connect(self.reject)
        outer = layout(self)  # the dialog's own layout (training mode's puts its banner on top)
        outer.addLayout(self.form)
        outer.addWidget(self.error)
        outer.addWidget(self.buttons)

    def add_row(self, text: str, widget: QWidget) -> None:
        label = QLabel(text)
        label.setBuddy(widget.focusProxy() or widget)
        self.form.addRow(label, widget)

    def save(self) -> None:
        raise NotImplementedError

    def _try_save(self) -> None:
        try:
            self.save()
        except self.REFUSALS as exc:
            self.error.setText(f"Not saved: {exc}")
            self.error.show()
            return
        self.accept()
