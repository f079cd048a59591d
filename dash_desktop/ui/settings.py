"""App settings that are not case data (area profile, idle-lock minutes), kept beside the store as
``settings.json``. Names, answers and keys never go here."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from dash_desktop.assessment import DEFAULT_PROFILE
from dash_desktop.store.keys import atomic_write

FILE = "settings.json"
REPORT_SUBJECTS = ("full", "initials", "none")  # as dash_desktop.reports.header.Subject


@dataclass
class Settings:
    area_profile: str = DEFAULT_PROFILE
    idle_lock_minutes: int = 10
    #: how much of the subject's name signed reports show: "full", "initials" or "none"
    report_subject: str = "full"

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        try:
            data = json.loads((data_dir / FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or unreadable: the defaults (they hold no case data)
        if not isinstance(data, dict):
            return cls()
        settings = cls()
        if isinstance(data.get("area_profile"), str):
            settings.area_profile = data["area_profile"]
        minutes = data.get("idle_lock_minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 1:
            settings.idle_lock_minutes = minutes
        if data.get("report_subject") in REPORT_SUBJECTS:
            settings.report_subject = data["report_subject"]
        return settings

    def save(self, data_dir: Path) -> None:
        atomic_write(data_dir / FILE, json.dumps(asdict(self), indent=2).encode("utf-8"))
