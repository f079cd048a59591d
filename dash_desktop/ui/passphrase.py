"""First run: the practitioner's profile, the passphrase (twice, with a strength hint), whether the
OS keychain may remember the key, and the signing identity. Later runs unlock at the main window's
own prompt (``ui/lock.py``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from dash_desktop.assessment import AID_NOTICE, DEFAULT_PROFILE, available_profiles
from dash_desktop.store import KdfParams, Keychain, PractitionerProfile, Store, StoreError
from dash_desktop.store.keys import MIN_PASSPHRASE_CHARS
from dash_desktop.store.vocabulary import IdentitySource
from dash_desktop.ui.errors import show_error
from dash_desktop.ui.settings import Settings

if TYPE_CHECKING:
    from dash_desktop.store.identities import NewIdentity

ROLES = ["IDVA", "Family Intervention Team worker", "Trainer", "Social worker", "Other practitioner"]


def strength(passphrase: str) -> tuple[int, str]:
    """A rough strength score 0-4 and its words. Length matters most for a passphrase."""
    if len(passphrase) < MIN_PASSPHRASE_CHARS:
        return 0, f"Too short: at least {MIN_PASSPHRASE_CHARS} characters."
    kinds = sum(
        any(test(c) for c in passphrase) for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    words = len(passphrase.split())
    score = 1 + (len(passphrase) >= 12) + (len(passphrase) >= 16 or words >= 4) + (kinds >= 3)
    text = {
        1: "Weak: longer is better — try four or more unrelated words.",
        2: "Fair: a few more words would make it strong.",
        3: "Good.",
        4: "Strong.",
    }[min(score, 4)]
    return min(score, 4), text


def _intro(text: str) -> QLabel:
    """What a page is for, wrapped to its width. Not the wizard's subtitle: QWizard does not grow its
    header for a subtitle that wraps onto more lines at a large font, and cuts it."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def _labelled(form: QFormLayout, text: str, widget: QWidget, description: str = "") -> None:
    label = QLabel(text)
    label.setBuddy(widget)
    widget.setAccessibleName(text.replace("&", "").rstrip(":"))
    if description:
        widget.setAccessibleDescription(description)
    form.addRow(label, widget)


class ProfilePage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle("About you")
        form = QFormLayout(self)
        form.addRow(_intro("Your name, role and organisation appear on the reports you sign."))
        self.name = QLineEdit()
        self.role = QComboBox()
        self.role.setEditable(True)
        self.role.addItems(ROLES)
        self.organisation = QLineEdit()
        self.profile = QComboBox()
        self.profile.addItems(available_profiles())
        self.profile.setCurrentText(DEFAULT_PROFILE)
        _labelled(form, "&Name:", self.name)
        _labelled(form, "&Role:", self.role)
        _labelled(form, "&Organisation:", self.organisation)
        _labelled(form, "&Area profile:", self.profile, "The thresholds and local services of your area.")
        self.registerField("name*", self.name)
        self.registerField("organisation*", self.organisation)  # a signing certificate names it
        notice = QLabel(AID_NOTICE)
        notice.setWordWrap(True)
        form.addRow(notice)


class PassphrasePage(QWizardPage):
    def __init__(self, keychain_available: bool) -> None:
        super().__init__()
        self.setTitle("Protect the case file")
        form = QFormLayout(self)
        form.addRow(_intro("Everything is kept encrypted on this computer. The passphrase opens it: there is no "
                           "way back in without it, so choose one you will remember."))
        self.first = QLineEdit()
        self.first.setEchoMode(QLineEdit.EchoMode.Password)
        self.second = QLineEdit()
        self.second.setEchoMode(QLineEdit.EchoMode.Password)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setAccessibleName("Passphrase strength")
        self.remember = QCheckBox("Let this computer's keychain remember the key (unlock without typing it)")
        self.remember.setEnabled(keychain_available)
        if not keychain_available:
            self.remember.setToolTip("No secure keychain is available on this computer.")
        _labelled(form, "&Passphrase:", self.first)
        form.addRow("", self.hint)
        _labelled(form, "&Again:", self.second)
        form.addRow(self.remember)
        self.first.textChanged.connect(self._changed)
        self.second.textChanged.connect(self._changed)
        self._changed()

    def _changed(self) -> None:
        _, words = strength(self.first.text())
        mismatch = self.second.text() and self.second.text() != self.first.text()
        self.hint.setText(words + ("  The two passphrases differ." if mismatch else ""))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # Qt's name
        return len(self.first.text()) >= MIN_PASSPHRASE_CHARS and self.first.text() == self.second.text()


class IdentityPage(QWizardPage):
    """How reports will be signed: a self-signed identity made now from the profile, or the
    organisation's own certificate (PKCS#12)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle("Your signing identity")
        layout = QVBoxLayout(self)
        layout.addWidget(_intro("Completed assessments are signed, so anyone can check a report was not changed "
                                "after you signed it. The private key is kept only inside the encrypted case file."))
        self.make_new = QRadioButton("&Create one now from my name and organisation (self-signed)")
        self.make_new.setChecked(True)
        self.import_ = QRadioButton("&Import my organisation's certificate (a PKCS#12 .p12 / .pfx file)")
        layout.addWidget(self.make_new)
        layout.addWidget(self.import_)
        form = QFormLayout()
        self.file = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose)
        _labelled(form, "&File:", self.file)
        form.addRow("", browse)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        _labelled(form, "File pass&word:", self.password, "The password the organisation gave with the file")
        layout.addLayout(form)
        for widget in (self.file, browse, self.password):
            widget.setEnabled(False)
            self.import_.toggled.connect(widget.setEnabled)
        self.import_.toggled.connect(lambda _on: self.completeChanged.emit())
        self.file.textChanged.connect(lambda _text: self.completeChanged.emit())

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Your organisation's certificate", "",
                                              "PKCS#12 (*.p12 *.pfx);;All files (*)")
        if path:
            self.file.setText(path)

    def isComplete(self) -> bool:  # Qt's name
        return self.make_new.isChecked() or bool(self.file.text().strip())


class FirstRunWizard(QWizard):
    """Creates the store; ``store`` is set when it is accepted."""

    def __init__(
        self,
        data_dir: Path,
        *,
        kdf: KdfParams | None = None,
        keychain: Keychain | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("DASH Desktop — set up")
        self.data_dir = data_dir
        self.kdf = kdf
        self.keychain = keychain or Keychain()
        self.profile_page = ProfilePage()
        self.passphrase_page = PassphrasePage(self.keychain.available)
        self.identity_page = IdentityPage()
        self.addPage(self.profile_page)
        self.addPage(self.passphrase_page)
        self.addPage(self.identity_page)
        self.store: Store | None = None

    def accept(self) -> None:
        """Make the store with the profile and the signing identity, all or nothing: when a step
        fails the reason is shown, nothing is left on disk, and Finish can be pressed again."""
        p = self.profile_page
        profile = PractitionerProfile(
            name=p.name.text().strip(),
            role=p.role.currentText().strip() or None,
            organisation=p.organisation.text().strip() or None,
        )
        identity = self._identity(profile)
        if identity is None:
            return
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            Settings(area_profile=p.profile.currentText()).save(self.data_dir)
        except OSError as exc:
            show_error(self, "The settings could not be saved", f"{self.data_dir}: {exc.strerror or exc}")
            return
        try:
            self.store = Store.create(
                self.passphrase_page.first.text(),
                profile,
                self.data_dir,
                kdf=self.kdf,
                keychain=self.keychain,
                remember=self.passphrase_page.remember.isChecked(),
                identity=identity,
            )
        except StoreError as exc:
            show_error(self, "The case file could not be created", str(exc))
            return
        super().accept()

    def _identity(self, profile: PractitionerProfile) -> NewIdentity | None:
        """The signing identity to keep: made now from the profile, or read from the organisation's
        PKCS#12; None (with the reason shown) when it cannot be had."""
        from dash_desktop.reports.identity import IdentityError  # not at start-up
        from dash_desktop.reports.stored import SigningError, imported_identity, self_signed_identity, to_keep

        page = self.identity_page
        try:
            if page.make_new.isChecked():
                return to_keep(self_signed_identity(profile), IdentitySource.SELF_SIGNED)
            data = Path(page.file.text().strip()).read_bytes()
            password = page.password.text().encode("utf-8") or None
            return to_keep(imported_identity(data, password), IdentitySource.IMPORTED)
        except OSError as exc:
            show_error(self, "The certificate file cannot be read", f"{page.file.text()}: {exc.strerror or exc}")
        except IdentityError as exc:
            show_error(self, "The certificate cannot be used", str(exc))
        except SigningError as exc:
            show_error(self, "The signing identity cannot be made", str(exc))
        return None
