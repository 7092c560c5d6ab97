"""Logging to a rotating file in the platform's log folder. No health data goes in the log:
log ids and actions, never names, CPR numbers or medicine."""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

from dosisdesk.paths import data_dir


def log_dir() -> Path:
    override = os.environ.get("DOSISDESK_LOG_DIR")
    if override:
        return Path(override)
    if sys.platform.startswith("win") or sys.platform == "darwin":
        return data_dir() / "logs"
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "dosisdesk"


def setup_logging(*, console: bool = False, level: int = logging.INFO) -> logging.Logger:
    log = logging.getLogger("dosisdesk")
    if getattr(log, "_dosisdesk_ready", False):
        return log
    log.setLevel(level)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        fh = logging.handlers.RotatingFileHandler(
            folder / "dosisdesk.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        fh.setFormatter(fmt)
        log.addHandler(fh)
    except OSError:
        console = True  # a read-only home still gets messages on stderr
    if console:
        sh = logging.StreamHandler()
        sh.setFormatter(fmt)
        log.addHandler(sh)
    log.propagate = False
    log._dosisdesk_ready = True  # type: ignore[attr-defined]
    return log
