"""The scenario picker: who is answering (practice on one's own, or a trainee of a class session),
the scenarios to find and choose from (shipped and the trainer's own), and whether the live result
stays hidden until the trainee finishes. It shows only what a trainee may know before answering:
no model answers, no teaching points, no outcome."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dash_desktop.training import Person, Scenario
from dash_desktop.training_store import Attempt, TrainingStore
from dash_desktop.training_store.scenarios import Library

#: The instruments as a trainee knows them.
INSTRUMENT_NAMES = {
    "dash-ric": "DASH risk checklist",
    "dash-stalking": "Stalking screen (S-DASH)",
    "dash-hbv": "Honour-based abuse screen (H-DASH)",
    "perpetrator-risk-needs": "Perpetrator risk and needs",
}
PRACTICE = "Practising on my own"


def instrument_name(scenario: Scenario) -> str:
    return INSTRUMENT_NAMES.get(scenario.instrument, scenario.questionnaire.title)


def person_words(person: Person, *, about: bool = False) -> str:
    """Someone in the story: their name, age and (with ``about``) what the story says of them."""
    age = f"{person.age}" if person.age is not None else ""
    return ", ".join(b for b in (person.name, age, person.about if about else "") if b) or "not named"


@dataclass(frozen=True)
class Answerer:
    """Who answers: a trainee of a session, or nobody in particular (practice)."""

    trainee_id: int | None
    words: str


def progress_words(attempts: list[Attempt]) -> str:
    """This answerer's attempts at one scenario, in a few words."""
    done = [a for a in attempts if a.completed]
    if attempts and not attempts[-1].completed:
        return "in progress: Start continues where you left off"
    if done:
        return f"done ({done[-1].percent}% of items as the model answers)"
    return "not yet answered"


class ScenarioPicker(QWidget):
    """``chosen(scenario, answerer)`` when the trainee starts a scenario."""

    chosen = Signal(object, object)

    def __init__(self, store: TrainingStore, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.library = library
        self.who = QComboBox()
        self.who.setAccessibleName("Who is answering")
        self.who.currentIndexChanged.connect(lambda _i: self._show_details())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a scenario: a word of its title or setting")
        self.search.setAccessibleName("Find a scenario")
        self.search.textChanged.connect(lambda _t: self._fill())
        self.instrument = QComboBox()
        self.instrument.setAccessibleName("Instrument")
        self.instrument.addItem("Every instrument", None)
        for key in sorted({s.instrument for s in library.scenarios}):
            self.instrument.addItem(INSTRUMENT_NAMES.get(key, key), key)
        self.instrument.currentIndexChanged.connect(lambda _i: self._fill())
        self.list = QListWidget()
        self.list.setAccessibleName("Scenarios")
        self.list.setWordWrap(True)
        self.list.currentRowChanged.connect(lambda _r: self._show_details())
        self.list.itemActivated.connect(lambda _i: self.start())
        self.details = QTextBrowser()
        self.details.setAccessibleName("The scenario chosen")
        self.hide_result = QCheckBox("&Hide the live result until I finish")
        self.hide_result.setAccessibleDescription("Judge the risk yourself before you see what the rules give")
        self.hide_result.setToolTip("Judge the risk yourself before you see what the rules give")
        self.hide_result.setChecked(True)
        self.start_button = QPushButton("&Start")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start)
        self._build_layout()
        self.refresh_people()
        self._fill()

    def _build_layout(self) -> None:
        grid = QGridLayout()
        fields: tuple[tuple[str, QWidget], ...] = (("&Who is answering:", self.who), ("Fi&nd:", self.search),
                                                   ("Instr&ument:", self.instrument))
        for row, (text, widget) in enumerate(fields):
            label = QLabel(text)
            label.setBuddy(widget)
            grid.addWidget(label, row, 0)
            grid.addWidget(widget, row, 1)
        right = QVBoxLayout()
        right.addWidget(self.details, 1)
        right.addWidget(self.hide_result)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        right.addLayout(buttons)
        holder = QWidget()
        holder.setLayout(right)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(holder)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        heading = QLabel("<h2>Choose a scenario</h2><p>Each is a synthetic case. Read the story, answer the form "
                         "as you would for real, then see where your answers differ from the model answers, "
                         "and why.</p>")
        heading.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid)
        layout.addWidget(splitter, 1)

    # --- who is answering ---------------------------------------------------------------------------

    def refresh_people(self, select_trainee: int | None = None) -> None:
        """The sessions' trainees, newest session first, after practice on one's own."""
        current = self.answerer().trainee_id if self.who.count() else None
        wanted = select_trainee if select_trainee is not None else current
        self.who.blockSignals(True)
        self.who.clear()
        self.who.addItem(PRACTICE, Answerer(None, PRACTICE))
        for session in self.store.sessions():
            for trainee in self.store.trainees(session.id):
                words = f"{trainee.label} ({session.name}, {session.held_on:%d %b %Y})"
                self.who.addItem(words, Answerer(trainee.id, f"{trainee.label} · {session.name}"))
        index = next((i for i in range(self.who.count()) if self.who.itemData(i).trainee_id == wanted), 0)
        self.who.setCurrentIndex(index)
        self.who.blockSignals(False)
        self._show_details()

    def answerer(self) -> Answerer:
        data = self.who.currentData()
        return data if isinstance(data, Answerer) else Answerer(None, PRACTICE)

    # --- the scenarios ------------------------------------------------------------------------------

    def set_library(self, library: Library) -> None:
        self.library = library
        self._fill()

    def visible(self) -> list[Scenario]:
        words = self.search.text().casefold().split()
        instrument = self.instrument.currentData()
        found = []
        for s in self.library.scenarios:
            haystack = f"{s.title} {s.setting} {s.id} {instrument_name(s)}".casefold()
            if all(w in haystack for w in words) and instrument in (None, s.instrument):
                found.append(s)
        return found

    def _fill(self) -> None:
        chosen = self.selected()
        self.list.clear()
        for s in self.visible():
            own = "  · yours" if s.id in self.library.own else ""
            entry = QListWidgetItem(f"{s.title}\n    {instrument_name(s)}{own}")
            entry.setData(Qt.ItemDataRole.UserRole, s.id)
            self.list.addItem(entry)
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.list.setCurrentRow(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        self._show_details()

    def selected(self) -> Scenario | None:
        if self.list.currentRow() < 0:
            return None
        wanted = self.list.currentItem().data(Qt.ItemDataRole.UserRole)
        return next((s for s in self.library.scenarios if s.id == wanted), None)

    def select(self, scenario_id: str) -> None:
        """Choose the scenario in the list, clearing the filters if they hide it."""
        if scenario_id not in {s.id for s in self.visible()}:
            self.search.clear()
            self.instrument.setCurrentIndex(0)
        for row in range(self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole) == scenario_id:
                self.list.setCurrentRow(row)
                return

    def _show_details(self) -> None:
        s = self.selected()
        self.start_button.setEnabled(s is not None)
        if s is None:
            self.details.setHtml("<p>No scenario matches.</p>")
            return
        who = self.answerer()
        attempts = [a for a in self.store.attempts(trainee_id=who.trainee_id) if a.scenario_id == s.id] \
            if who.trainee_id is not None else [a for a in self.store.attempts() if a.scenario_id == s.id]
        people = "".join(f"<li><i>{escape(p.role)}</i>: {escape(person_words(p))}</li>" for p in s.people)
        self.details.setHtml(
            f"<h2>{escape(s.title)}</h2><p><b>{escape(instrument_name(s))}</b> "
            f"(version {escape(s.questionnaire.version)})</p>"
            + (f"<p>{escape(s.setting)}</p>" if s.setting else "")
            + (f"<ul>{people}</ul>" if people else "")
            + f"<p><b>{escape(who.words)}</b>: {escape(progress_words(attempts))}</p>")
        self.start_button.setText("&Continue" if attempts and not attempts[-1].completed else "&Start")

    def start(self) -> None:
        s = self.selected()
        if s is not None:
            self.chosen.emit(s, self.answerer())
