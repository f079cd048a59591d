"""Small widgets the app's views share."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTreeWidget

from dash_desktop.store.vocabulary import ReferralKind, ReferralStatus

#: Words for stored values, shared by every view that shows them.
EQUALITY_NAMES = {
    "age_band": "Age band",
    "gender": "Gender",
    "ethnicity": "Ethnicity",
    "disability": "Disability",
    "lgbt_plus": "LGBT+",
    "armed_forces": "Armed forces",
    "first_language": "First language",
}
REFERRAL_NAMES = {ReferralKind.MARAC.value: "MARAC", ReferralKind.IDASH.value: "IDASH", ReferralKind.DAPP.value: "DAPP"}
REFERRAL_STATUS_NAMES = {s.value: s.value.capitalize() for s in ReferralStatus}


class ActivatingTree(QTreeWidget):
    """Enter or Return activates the current row on every platform."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentItem() is not None:
            self.itemActivated.emit(self.currentItem(), 0)
            event.accept()
            return
        super().keyPressEvent(event)
