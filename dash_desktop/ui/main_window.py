"""The main window: the unlock prompt, then case list -> case -> assessment, with idle lock and quick hide.

Started without a store, the window opens locked: the prompt is painted before the store's code is
loaded, and that code (SQLAlchemy, the store, the pages, the questionnaires) loads on a worker thread
while the passphrase is typed. Until then this module touches no more of Qt than the prompt needs
(Qt's own namespace of enums, ``Qt``, alone takes some 25 ms to make in Python).

The title never names a case or a person. Locking covers the whole window, its dialogs too, closes
the store (:meth:`Store.lock`: no connection, no key) and leaves only Unlock and Quit; unlocking
opens the same store object again and returns to the same page, item and focus.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from dash_desktop.store.errors import StoreError, StoreLocked
from dash_desktop.ui.errors import log, scrubbed_traceback, show_error
from dash_desktop.ui.loading import Loader
from dash_desktop.ui.lock import IdleWatcher, LockScreen
from dash_desktop.ui.screen import available_area, placement
from dash_desktop.ui.settings import Settings
from dash_desktop.ui.workers import Job, run_in_background

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent

    from dash_desktop.assessment import Profile
    from dash_desktop.questionnaires import Registry
    from dash_desktop.reports.stored import SignedReport
    from dash_desktop.store import Store
    from dash_desktop.ui.assessment_page import AssessmentPage
    from dash_desktop.ui.case_list import CaseListPage
    from dash_desktop.ui.case_view import CaseView
    from dash_desktop.ui.dialogs import CaseDialog
    from dash_desktop.ui.home import HomeTabs
    from dash_desktop.ui.statistics import StatisticsPage
    from dash_desktop.ui.worklist import WorklistPage

TITLE = "DASH Desktop"
#: Where a signed report is once its first save is cancelled or fails (the read-only view saves it).
SAVE_LATER = ("The signed report is kept in the case file: open the assessment from the case's chronology and "
              "choose “Save signed PDF…”.")
QUICK_HIDE = "Ctrl+Shift+H"
PREFERRED_SIZE = QSize(1400, 900)
class MainWindow(QMainWindow):
    #: an assessment's report has been signed and stored (assessment id)
    signed = Signal(int)
    case_list: CaseListPage  # made when the store is open
    home: HomeTabs  # the case list, the worklist and the statistics

    def __init__(
        self,
        store: Store | None,
        data_dir: Path,
        *,
        settings: Settings | None = None,
        registry: Registry | None = None,
    ) -> None:
        """``store`` open (just created by the first run), or None to open locked, at the prompt."""
        super().__init__()
        self._store: Store | None = None
        self.data_dir = data_dir
        self._settings = settings
        self._registry = registry
        self._area_profile: Profile | None = None
        self.case_view: CaseView | None = None
        self.assessment: AssessmentPage | None = None
        #: the signing job, until it has reported (a lock waits for it to close the store; quit waits too)
        self.signing: Job | None = None
        self._progress: QProgressDialog | None = None
        self._quit_when_signed = False
        self._loader: Loader | None = None
        self._unattended: tuple[str | None] | None = None  # (the passphrase or None), once asked for
        self._focus_before_lock: QWidget | None = None
        self._covered: list[QWidget] = []
        self._after_unlock: list[Callable[[], None]] = []
        self.training_window: QMainWindow | None = None
        self.setWindowTitle(TITLE)
        self.setGeometry(placement(available_area(self), PREFERRED_SIZE))

        self.outer = QStackedWidget()  # [workspace, lock]
        self.workspace = QStackedWidget()
        self.lock_screen = LockScreen(self._check_passphrase)
        self.lock_screen.unlocked.connect(self.unlock)
        self.lock_screen.quit_requested.connect(self.close)
        self.lock_screen.training_requested.connect(self.open_training)
        self.outer.addWidget(self.workspace)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)

        self._actions()
        self.idle = IdleWatcher(Settings.idle_lock_minutes, self)  # the settings' own once the store is open
        self.idle.idle.connect(self.lock)
        if store is None:
            self._cover(at_start=True)
            self._loader = Loader(self)
            self._loader.ready.connect(self._ready_to_unlock)
            self.lock_screen.painted.connect(self._loader.start)  # the loading starts once it is painted
        else:
            self._open_workspace(store)
            self.idle.watch(True)

    @property
    def settings(self) -> Settings:
        """Read when the store is open (the default area profile's name comes with the rules' code)."""
        if self._settings is None:
            self._settings = Settings.load(self.data_dir)
        return self._settings

    @property
    def store(self) -> Store:
        if self._store is None:
            raise StoreLocked()  # not opened yet
        return self._store

    @property
    def area_profile(self) -> Profile:
        """The area profile in the settings, read and validated once (not on every answer)."""
        from dash_desktop.assessment import load_profile

        if self._area_profile is None or self._area_profile.id != self.settings.area_profile:
            self._area_profile = load_profile(self.settings.area_profile)
        return self._area_profile

    @property
    def registry(self) -> Registry:
        """The questionnaires, read while the passphrase was typed (or when first needed)."""
        if self._registry is None and self._loader is not None:
            self._registry = self._loader.registry
        if self._registry is None:
            from dash_desktop.questionnaires import Registry

            self._registry = Registry.default()
        return self._registry

    def _actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        self._workspace_actions: list[QAction] = []
        for text, keys, slot in (
            ("&New case…", "Ctrl+N", self.new_case),
            ("&Lock", "Ctrl+L", self.lock),
            ("Quick &hide (lock and minimise)", QUICK_HIDE, self.quick_hide),
            ("Lock when &idle after…", "", self.choose_idle_minutes),
            ("Names on signed &reports…", "", self.choose_report_subject),
            ("&Training mode…", "", self.open_training),
            ("&Quit", "Ctrl+Q", self.close),
        ):
            action = QAction(text, self)
            action.setData(keys)  # the shortcut, given by _give_shortcuts
            action.triggered.connect(slot)
            menu.addAction(action)
            self.addAction(action)
            if slot != self.close:
                self._workspace_actions.append(action)

    def open_training(self) -> None:
        """The training window, beside this one: its own store of made-up scenarios, never the case
        store (it is handed nothing of this window's), so it opens from the lock screen too."""
        from dash_desktop.ui.training.window import open_training

        window = self.training_window
        if window is None or not shiboken6.isValid(window) or not window.isVisible():
            window = open_training()
            if window is None:
                return
            self.training_window = window
        window.show()
        window.raise_()
        window.activateWindow()

    # --- opening ------------------------------------------------------------------------------------

    def _give_shortcuts(self) -> None:
        """The menu's shortcuts, working from this window's dialogs too (Ctrl+L locks). Given once the
        store's code is loaded, not before the prompt is painted: setting one makes Qt's namespace of
        enums in Python, which takes a while."""
        from PySide6.QtCore import Qt

        for action in self.actions():
            if action.data():
                action.setShortcut(QKeySequence(action.data()))
                action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

    def _ready_to_unlock(self) -> None:
        self._give_shortcuts()
        if self._unattended is not None and self._store is None:
            self._open_unattended(self._unattended[0])

    def open_unattended(self, passphrase: str | None) -> None:
        """Once the store's code is loaded, open without the prompt: with ``passphrase`` (from the
        environment) or else the key the OS keychain remembers; the prompt stays if neither opens it."""
        self._unattended = (passphrase,)
        if self._loader is not None and self._loader.is_ready:
            self._open_unattended(passphrase)

    def _open_unattended(self, passphrase: str | None) -> None:
        from dash_desktop.store import Keychain, PassphraseRequired, Store, WrongPassphrase

        self._unattended = None
        try:
            store = Store.open(passphrase, self.data_dir, keychain=Keychain())
        except (PassphraseRequired, WrongPassphrase):
            return
        except StoreError as exc:
            self.lock_screen.say(str(exc))
            return
        self._open_workspace(store)
        self.unlock()

    def _check_passphrase(self, passphrase: str) -> None:
        """The lock screen's check: unlock the store, or open it at start (then build the workspace)."""
        if self._store is not None:
            self._store.unlock(passphrase)
            return
        if self._loader is not None:
            self._loader.load_for_unlock()
        from dash_desktop.store import Store

        self._open_workspace(Store.open(passphrase, self.data_dir))

    def _open_workspace(self, store: Store) -> None:
        from dash_desktop.ui.case_list import CaseListPage
        from dash_desktop.ui.home import HomeTabs

        self._give_shortcuts()
        self._store = store
        self.case_list = CaseListPage(store)
        self.case_list.case_opened.connect(self.open_case)
        self.case_list.new_case_requested.connect(self.new_case)
        self.home = HomeTabs(store, self.case_list)
        self.home.case_opened.connect(self.open_case)
        self.workspace.addWidget(self.home)
        self.case_list.focus_search()  # where the keyboard starts (also when the window is not shown yet)
        self.idle.set_minutes(self.settings.idle_lock_minutes)
        # Kept in a corner of its own: a message would be cleared by the menu's hints.
        self.statusBar().addPermanentWidget(QLabel(f"Area profile: {self.settings.area_profile}"))

    # --- navigation --------------------------------------------------------------------------------

    def _show(self, page: QWidget) -> None:
        if self.workspace.indexOf(page) < 0:
            self.workspace.addWidget(page)
        self.workspace.setCurrentWidget(page)

    def _drop(self, page: QWidget | None) -> None:
        if page is not None:
            self.workspace.removeWidget(page)
            page.deleteLater()

    def show_case_list(self) -> None:
        self.case_list.refresh()
        self.home.setCurrentWidget(self.case_list)
        self._show(self.home)

    def show_worklist(self) -> WorklistPage:
        self._show(self.home)
        return self.home.show_worklist()

    def show_statistics(self) -> StatisticsPage:
        self._show(self.home)
        return self.home.show_statistics()

    def districts(self) -> dict[str, str]:
        """The districts of the area profile's services directory (id -> name)."""
        from dash_desktop.assessment.services import load_directory

        return dict(load_directory(self.area_profile.services_directory).districts)

    def new_case(self) -> CaseDialog | None:
        """The new-case dialog (window-modal: a lock hides it and brings it back as it was)."""
        if self.is_locked():
            return None
        from dash_desktop.ui.dialogs import CaseDialog

        dialog = CaseDialog(self.store, parent=self, districts=self.districts())
        dialog.accepted.connect(lambda: self._case_created(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _case_created(self, dialog: CaseDialog) -> None:
        if dialog.saved_case_id is not None:
            self.open_case(dialog.saved_case_id)

    def open_case(self, case_id: int) -> None:
        from dash_desktop.ui.case_view import CaseView

        self._drop(self.case_view)
        self.case_view = CaseView(self.store, case_id, registry=self.registry, profile=self.area_profile)
        self.case_view.start_assessment.connect(self.start_assessment)
        self.case_view.open_assessment.connect(self.open_assessment)
        self.case_view.back.connect(self.show_case_list)
        self.case_view.open_case.connect(self.open_case)  # a linked case, from the perpetrator record
        self._show(self.case_view)

    def start_assessment(self, case_id: int, questionnaire_id: str, prefill_from: int | None) -> None:
        from dash_desktop.assessment import ProfileError
        from dash_desktop.ui.assessment_start import begin_assessment

        try:
            draft = begin_assessment(self.store, self.registry, case_id, questionnaire_id, prefill_from,
                                     profile=self.area_profile)
        except (StoreError, ProfileError) as exc:
            show_error(self, "The assessment could not be started", str(exc))
            return
        self.open_assessment(draft.id)

    def open_assessment(self, assessment_id: int) -> None:
        from dash_desktop.assessment import ProfileError
        from dash_desktop.ui.assessment_page import AssessmentPage

        try:
            record = self.store.assessments.get(assessment_id)
            if record.status != "draft":
                show_error(self, "This assessment is locked",
                           "A completed assessment cannot be changed. Start a new assessment (it can be prefilled "
                           "from this one).")
                return
            self.store.assessments.recover(assessment_id)  # explicit, and recorded in the audit trail
            page = AssessmentPage(self.store, assessment_id, profile=self.area_profile, registry=self.registry)
        except (StoreError, KeyError, ProfileError) as exc:
            show_error(self, "The assessment could not be opened", str(exc.args[0] if exc.args else exc))
            return
        self._drop(self.assessment)
        self.assessment = page
        page.back.connect(self._assessment_closed)
        page.completed.connect(self._assessment_completed)
        self._show(page)
        page.start()

    def _assessment_closed(self) -> None:
        if self.case_view is not None:
            self.case_view.refresh()
            self._show(self.case_view)
        else:
            self.show_case_list()

    # --- signing -----------------------------------------------------------------------------------

    def _assessment_completed(self, assessment_id: int) -> None:
        """Every answer saved: make and sign its report (off the UI thread, with progress shown), then
        lock it with the report in one step, and offer to save it. If signing fails it stays a draft."""
        from PySide6.QtCore import Qt

        from dash_desktop.reports.header import Subject  # not at start-up
        from dash_desktop.reports.stored import complete_and_sign

        self._assessment_closed()
        progress = QProgressDialog("Signing the report…", "", 0, 0, self)
        progress.setWindowTitle("Signing")
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.show()
        self._progress = progress
        store, subject, filename = self.store, Subject(self.settings.report_subject), f"assessment-{assessment_id}.pdf"
        profile = self.area_profile
        self.signing = run_in_background(lambda: complete_and_sign(store, assessment_id, filename, subject=subject,
                                                                   profile=profile),
                                         lambda signed: self._signed(assessment_id, signed),
                                         lambda exc: self._signing_failed(assessment_id, exc), receiver=self)

    def signing_pending(self) -> bool:
        return self.signing is not None and self.signing.pending

    def _signing_ended(self) -> None:
        """The signing job has reported: its progress goes, and a lock or a quit that waited for it happens."""
        self.signing = None
        progress, self._progress = self._progress, None
        if progress is not None:
            if progress in self._covered:
                self._covered.remove(progress)
            progress.close()
            progress.deleteLater()
        if self.is_locked() and not self.store.locked:
            self.store.lock()

    def _signed(self, assessment_id: int, signed: SignedReport) -> None:
        self._signing_ended()
        if self._quit_when_signed:
            self.close()  # the signed report is kept in the case file
            return
        self.when_unlocked(lambda: self._show_signed(assessment_id, signed))

    def _show_signed(self, assessment_id: int, signed: SignedReport) -> None:
        if self.case_view is not None:
            self.case_view.refresh()
        self.signed.emit(assessment_id)
        for note in signed.notes:
            self.statusBar().showMessage(note, 15_000)
        self.offer_export(assessment_id, signed)

    def _signing_failed(self, assessment_id: int, exc: BaseException) -> None:
        from dash_desktop.reports.stored import SigningError

        self._signing_ended()
        kept = ("Nothing was locked: the assessment is kept as a draft with every answer; open it from the "
                "case to review it and try again.")

        def tell() -> None:
            if isinstance(exc, SigningError | StoreError):
                show_error(self, "The assessment was not completed", f"{exc}\n\n{kept}")
            else:
                log.error("signing failed\n%s", scrubbed_traceback(type(exc), exc.__traceback__))
                show_error(self, "The assessment was not completed",
                           f"An unexpected fault stopped the signing. {kept} The details are in the log.")

        if self._quit_when_signed:
            tell()
            self.close()
        else:
            self.when_unlocked(tell)

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save the signed report", suggested, "PDF (*.pdf)")
        return path

    def offer_export(self, assessment_id: int, signed: SignedReport) -> None:
        path = self.ask_save_path(str(Path.home() / signed.document.filename))
        if not path:
            self.statusBar().showMessage(SAVE_LATER, 30_000)
            return
        try:
            Path(path).write_bytes(signed.document.content)
            self.store.audit.record_export("assessment", assessment_id, {"document": signed.document.id,
                                                                         "sha256": signed.document.sha256,
                                                                         "file": Path(path).name})
        except OSError as exc:
            show_error(self, "The report was not saved", f"{path}: {exc.strerror or exc}. {SAVE_LATER}")
            return
        self.statusBar().showMessage(f"Signed report saved: {Path(path).name}", 15_000)

    # --- settings ----------------------------------------------------------------------------------

    def set_idle_minutes(self, minutes: int) -> None:
        self.settings.idle_lock_minutes = minutes
        self.settings.save(self.data_dir)
        self.idle.set_minutes(minutes)

    def choose_idle_minutes(self) -> None:
        if self.is_locked():
            return
        minutes, ok = QInputDialog.getInt(self, "Idle lock", "Lock the window after this many minutes without use:",
                                          self.settings.idle_lock_minutes, 1, 120)
        if ok and not self.is_locked():
            self.set_idle_minutes(minutes)

    def choose_report_subject(self) -> None:
        if self.is_locked():
            return
        labels = {"full": "The full name", "initials": "Initials only", "none": "No name"}
        current = list(labels).index(self.settings.report_subject)
        label, ok = QInputDialog.getItem(self, "Names on signed reports",
                                         "How signed reports show the person assessed:", list(labels.values()),
                                         current, False)
        if ok and not self.is_locked():
            self.settings.report_subject = next(k for k, v in labels.items() if v == label)
            self.settings.save(self.data_dir)

    # --- lock --------------------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.outer.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Cover the window and its dialogs, save what was being typed, and close the store (at once,
        or as soon as a signing job that uses it has finished)."""
        if self.is_locked() or self._store is None:
            return
        try:  # what was being typed is saved before the window is covered
            if self.assessment is not None:
                self.assessment.flush()
            self.case_list.settle()
        except StoreError as exc:  # the lock happens all the same; the typing stays in its box, to save later
            log.warning("not saved before locking: %s", type(exc).__name__)
        self._focus_before_lock = QApplication.focusWidget()
        self._cover(at_start=False)
        if not self.signing_pending():
            self._store.lock()
        log.info("locked")

    def _cover(self, *, at_start: bool) -> None:
        """The lock screen over everything: the workspace out of reach, this window's dialogs hidden
        (to come back as they were), and of the menu only Quit."""
        self._covered = [w for w in QApplication.topLevelWidgets()
                         if w is not self and w.isVisible() and self._owns(w)]
        for widget in self._covered:
            widget.hide()
        self.outer.setCurrentWidget(self.lock_screen)
        self.lock_screen.prompt(at_start=at_start)  # takes the focus while the store is still open
        self.workspace.setEnabled(False)
        for action in self._workspace_actions:
            action.setEnabled(False)
        self.idle.watch(False)

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def when_unlocked(self, todo: Callable[[], None]) -> None:
        """Do it now, or once unlocked (nothing is shown over the lock screen)."""
        if self.is_locked():
            self._after_unlock.append(todo)
        else:
            todo()

    def quick_hide(self) -> None:
        self.lock()
        self.showMinimized()

    def unlock(self) -> None:
        """The lock screen has opened the store: back to the same page, dialogs and focus."""
        self.workspace.setEnabled(True)
        for action in self._workspace_actions:
            action.setEnabled(True)
        self.outer.setCurrentWidget(self.workspace)
        covered, self._covered = self._covered, []
        for widget in covered:
            if shiboken6.isValid(widget):
                widget.show()
        focus, self._focus_before_lock = self._focus_before_lock, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            focus.setFocus()
        elif self.workspace.currentWidget() is self.home and self.home.currentWidget() is self.case_list:
            self.case_list.focus_search()
        self.idle.watch(True)
        if self._loader is not None:
            self._loader.resume()  # what opening a case needs, if the passphrase came before it was loaded
        log.info("unlocked")
        todo, self._after_unlock = self._after_unlock, []
        for step in todo:
            step()

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        """Quit waits for a signing job: the window closes once the report is signed and stored; and for
        answers not yet saved (the case store busy): they are kept on the page and tried again."""
        if self.signing_pending():
            self._quit_when_signed = True
            if self._progress is not None:
                self._progress.setLabelText("Signing the report… DASH Desktop closes when it is done.")
            self.statusBar().showMessage("DASH Desktop closes when the report is signed.")
            event.ignore()
            return
        unlocked = self._store is not None and not self._store.locked
        if self.assessment is not None and not unlocked and self.assessment.has_unsaved():
            show_error(self, "Answers not saved yet", "Some answers could not be saved before the window "
                       "locked (the case store was busy). Unlock first: they are saved then.")
            event.ignore()
            return
        if self.assessment is not None and unlocked and not self.assessment.flush():
            show_error(self, "Answers not saved yet", "Some answers are not saved yet (the case store is "
                       "busy); they are kept and tried again. Close the window once the page says Saved.")
            event.ignore()
            return
        self.idle.watch(False)
        if self._store is not None:
            self._store.close()
        event.accept()
