"""Presentation mode: large type and high contrast for projecting to a room (black on white, thick
focus outlines; the level colours of the result stay, as they are always also written in words)."""

from __future__ import annotations

#: The point size of presentation mode's text (the app's usual is about 10).
PRESENTATION_POINTS = 16

PRESENTATION_STYLE = f"""
QWidget {{ font-size: {PRESENTATION_POINTS}pt; color: #000000; }}
QMainWindow, QStackedWidget, QScrollArea, QScrollArea > QWidget > QWidget, QTextBrowser, QListWidget,
QTableWidget {{ background: #ffffff; }}
QPushButton {{ border: 3px solid #000000; border-radius: 6px; padding: 6px 14px; background: #ffffff; }}
QPushButton:focus, QRadioButton:focus, QCheckBox:focus, QLineEdit:focus, QListWidget:focus {{
    border: 4px solid #0040ff; }}
QRadioButton::indicator, QCheckBox::indicator {{ width: 28px; height: 28px; }}
QListWidget::item:selected, QTableWidget::item:selected {{ background: #000000; color: #ffff00; }}
QLabel#guidance {{ color: #000000; }}
#training-banner QLabel {{ font-size: {PRESENTATION_POINTS + 2}pt; }}
"""
