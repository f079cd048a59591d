"""The main window: case list -> case -> assessment, with idle lock and quick hide.

The window title never names a case or a person; the lock page replaces the workspace (nothing of it
is drawn while locked)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from dash_desktop.assessment import Profile, ProfileError, load_profile
from dash_desktop.questionnaires import Registry
from dash_desktop.store import Store, StoreError
from dash_desktop.ui.assessment_page import AssessmentPage
from dash_desktop.ui.assessment_start import begin_assessment
from dash_desktop.ui.case_list import CaseListPage
from dash_desktop.ui.case_view import CaseView
from dash_desktop.ui.dialogs import CaseDialog
from dash_desktop.ui.errors import log, scrubbed_traceback, show_error
from dash_desktop.ui.lock import IdleWatcher, LockScreen
from dash_desktop.ui.settings import Settings
from dash_desktop.ui.workers import run_in_background

if TYPE_CHECKING:
    from dash_desktop.reports.stored import SignedReport

TITLE = "DASH Desktop"
#: Where a signed report is once its first save is cancelled or fails (the read-only view saves it).
SAVE_LATER = ("The signed report is kept in the case file: open the assessment from the case's chronology and "
              "choose “Save signed PDF…”.")
QUICK_HIDE = "Ctrl+Shift+H"


class MainWindow(QMainWindow):
    #: an assessment's report has been signed and stored (assessment id)
    signed = Signal(int)
    def __init__(
        self,
        store: Store,
        data_dir: Path,
        *,
        settings: Settings | None = None,
        registry: Registry | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        self.data_dir = data_dir
        self.settings = settings or Settings.load(data_dir)
        self._registry = registry
        self._area_profile: Profile | None = None
        self.setWindowTitle(TITLE)
        self.resize(1400, 900)

        self.outer = QStackedWidget()  # [workspace, lock]
        self.workspace = QStackedWidget()
        self.lock_screen = LockScreen(store)
        self.lock_screen.unlocked.connect(self.unlock)
        self.outer.addWidget(self.workspace)
        self.outer.addWidget(self.lock_screen)
        self.setCentralWidget(self.outer)

        self.case_list = CaseListPage(store)
        self.case_list.case_opened.connect(self.open_case)
        self.case_list.new_case_requested.connect(self.new_case)
        self.workspace.addWidget(self.case_list)
        self.case_view: CaseView | None = None
        self.assessment: AssessmentPage | None = None
        self.signing: QProgressDialog | None = None

        self._actions()
        self.idle = IdleWatcher(self.settings.idle_lock_minutes, self)
        self.idle.idle.connect(self.lock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self.idle)
        self.statusBar().showMessage(f"Area profile: {self.settings.area_profile}")

    @property
    def area_profile(self) -> Profile:
        """The area profile in the settings, read and validated once (not on every answer)."""
        if self._area_profile is None or self._area_profile.id != self.settings.area_profile:
            self._area_profile = load_profile(self.settings.area_profile)
        return self._area_profile

    @property
    def registry(self) -> Registry:
        """The questionnaires, loaded when first needed (not at start-up)."""
        if self._registry is None:
            self._registry = Registry.default()
        return self._registry

    def _actions(self) -> None:
        menu = self.menuBar().addMenu("&File")
        for text, keys, slot in (
            ("&New case…", "Ctrl+N", self.new_case),
            ("&Lock", "Ctrl+L", self.lock),
            ("Quick &hide (lock and minimise)", QUICK_HIDE, self.quick_hide),
            ("Lock when &idle after…", "", self.choose_idle_minutes),
            ("Names on signed &reports…", "", self.choose_report_subject),
            ("&Quit", "Ctrl+Q", self.close),
        ):
            action = QAction(text, self)
            if keys:
                action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            action.triggered.connect(slot)
            menu.addAction(action)
            self.addAction(action)

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
        self._show(self.case_list)

    def new_case(self) -> None:
        if self.is_locked():
            return
        dialog = CaseDialog(self.store, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_case_id is not None:
            self.open_case(dialog.saved_case_id)

    def open_case(self, case_id: int) -> None:
        self._drop(self.case_view)
        self.case_view = CaseView(self.store, case_id, registry=self.registry)
        self.case_view.start_assessment.connect(self.start_assessment)
        self.case_view.open_assessment.connect(self.open_assessment)
        self.case_view.back.connect(self.show_case_list)
        self.case_view.open_case.connect(self.open_case)  # a linked case, from the perpetrator record
        self._show(self.case_view)

    def start_assessment(self, case_id: int, questionnaire_id: str, prefill_from: int | None) -> None:
        try:
            draft = begin_assessment(self.store, self.registry, case_id, questionnaire_id, prefill_from)
        except StoreError as exc:
            show_error(self, "The assessment could not be started", str(exc))
            return
        self.open_assessment(draft.id)

    def open_assessment(self, assessment_id: int) -> None:
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

    def _assessment_completed(self, assessment_id: int) -> None:
        """Every answer saved: make and sign its report (off the UI thread, with progress shown), then
        lock it with the report in one step, and offer to save it. If signing fails it stays a draft."""
        from dash_desktop.reports.header import Subject  # not at start-up
        from dash_desktop.reports.stored import SigningError, complete_and_sign

        self._assessment_closed()
        progress = QProgressDialog("Signing the report…", "", 0, 0, self)
        progress.setWindowTitle("Signing")
        progress.setCancelButton(None)
        progress.setMinimumDuration(0)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.show()
        self.signing = progress
        filename = f"assessment-{assessment_id}.pdf"

        def done(signed: SignedReport) -> None:
            progress.close()
            self.signing = None
            if self.case_view is not None:
                self.case_view.refresh()
            self.signed.emit(assessment_id)
            for note in signed.notes:
                self.statusBar().showMessage(note, 15_000)
            self.offer_export(assessment_id, signed)

        def failed(exc: BaseException) -> None:
            progress.close()
            self.signing = None
            kept = ("Nothing was locked: the assessment is kept as a draft with every answer; open it from the "
                    "case to review it and try again.")
            if isinstance(exc, SigningError | StoreError):
                show_error(self, "The assessment was not completed", f"{exc}\n\n{kept}")
            else:
                log.error("signing failed\n%s", scrubbed_traceback(type(exc), exc.__traceback__))
                show_error(self, "The assessment was not completed",
                           f"An unexpected fault stopped the signing. {kept} The details are in the log.")

        subject = Subject(self.settings.report_subject)
        run_in_background(lambda: complete_and_sign(self.store, assessment_id, filename, subject=subject,
                                                    profile=self.area_profile), done, failed)

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

    def _assessment_closed(self) -> None:
        if self.case_view is not None:
            self.case_view.refresh()
            self._show(self.case_view)
        else:
            self.show_case_list()

    def set_idle_minutes(self, minutes: int) -> None:
        self.settings.idle_lock_minutes = minutes
        self.settings.save(self.data_dir)
        self.idle.set_minutes(minutes)

    def choose_idle_minutes(self) -> None:
        minutes, ok = QInputDialog.getInt(self, "Idle lock", "Lock the window after this many minutes without use:",
                                          self.settings.idle_lock_minutes, 1, 120)
        if ok:
            self.set_idle_minutes(minutes)

    def choose_report_subject(self) -> None:
        labels = {"full": "The full name", "initials": "Initials only", "none": "No name"}
        current = list(labels).index(self.settings.report_subject)
        label, ok = QInputDialog.getItem(self, "Names on signed reports",
                                         "How signed reports show the person assessed:", list(labels.values()),
                                         current, False)
        if ok:
            self.settings.report_subject = next(k for k, v in labels.items() if v == label)
            self.settings.save(self.data_dir)

    # --- lock --------------------------------------------------------------------------------------

    def is_locked(self) -> bool:
        return self.outer.currentWidget() is self.lock_screen

    def lock(self) -> None:
        if self.is_locked():
            return
        if self.assessment is not None:
            self.assessment.flush()  # what was being typed is saved before the window is covered
        self._focus_before_lock = QApplication.focusWidget()
        self.outer.setCurrentWidget(self.lock_screen)
        self.lock_screen.reset()
        log.info("locked")

    def quick_hide(self) -> None:
        self.lock()
        self.showMinimized()

    def unlock(self) -> None:
        self.outer.setCurrentWidget(self.workspace)
        focus = getattr(self, "_focus_before_lock", None)
        if focus is not None:
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.idle.timer.start()
        log.info("unlocked")

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt's name
        if self.assessment is not None and not self.assessment.flush():
            show_error(self, "Answers not saved yet", "Some answers are not saved yet (the case store is busy); "
                       "they are kept and tried again. Close the window once the page says Saved.")
            event.ignore()
            return
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.idle)
        self.store.close()
        event.accept()
