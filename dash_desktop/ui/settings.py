"""App settings that are not case data (area profile, idle-lock minutes), kept beside the store as
``settings.json``. Names, answers and keys never go here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

FILE = "settings.json"
REPORT_SUBJECTS = ("full", "initials", "none")  # as dash_desktop.reports.header.Subject


def _default_profile() -> str:
    from dash_desktop.assessment import DEFAULT_PROFILE  # only when the file names none: not at start-up

    return DEFAULT_PROFILE


@dataclass
class Settings:
    """Read at start-up, before the store's or the rules' code is loaded: this module loads neither."""

    area_profile: str = field(default_factory=_default_profile)
    idle_lock_minutes: int = 10
    #: how much of the subject's name signed reports show: "full", "initials" or "none"
    report_subject: str = "full"

    @classmethod
    def load(cls, data_dir: Path) -> Settings:
        import json

        try:
            data = json.loads((data_dir / FILE).read_text("utf-8"))
        except (OSError, ValueError):
            return cls()  # missing or unreadable: the defaults (they hold no case data)
        if not isinstance(data, dict):
            return cls()
        profile = data.get("area_profile")
        settings = cls(area_profile=profile) if isinstance(profile, str) else cls()
        minutes = data.get("idle_lock_minutes")
        if isinstance(minutes, int) and not isinstance(minutes, bool) and minutes >= 1:
            settings.idle_lock_minutes = minutes
        if data.get("report_subject") in REPORT_SUBJECTS:
            settings.report_subject = data["report_subject"]
        return settings

    def save(self, data_dir: Path) -> None:
        import json

        from dash_desktop.store.keys import atomic_write  # not at start-up

        atomic_write(data_dir / FILE, json.dumps(asdict(self), indent=2).encode("utf-8"))
