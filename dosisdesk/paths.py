"""Where dosisdesk keeps its files. No heavy imports: the GUI reads this before its window shows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "dosisdesk"
DB_FILE = "dosisdesk.sqlite"


def data_dir() -> Path:
    """The platform's per-user data folder, as Qt's AppLocalDataLocation would name it.

    ``DOSISDESK_DATA_DIR`` overrides it (tests, portable installs).
    """
    override = os.environ.get("DOSISDESK_DATA_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def default_database() -> Path:
    """The SQLite file in the user's data folder, where a database is made when none is named."""
    return data_dir() / DB_FILE
