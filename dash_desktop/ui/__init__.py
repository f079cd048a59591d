"""The desktop app (PySide6): first run, unlock, idle lock, case workspace and assessment pages."""
