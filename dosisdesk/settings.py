"""The installation's settings from ``dosisdesk.ini`` (IT's file) and the environment.

No heavy imports: the GUI reads this before its window shows. The file is found at
``DOSISDESK_CONFIG``, else ``%PROGRAMDATA%\\dosisdesk\\dosisdesk.ini`` (Windows) or
``/etc/dosisdesk/dosisdesk.ini``. An environment variable wins over the file for each setting.

```ini
[database]
url = postgresql://dbserver.kommune.local/dosisdesk

[signin]
# os: the operating system account is the dosisdesk user (single workstation, SQLite)
# password: a local password per user, stored as an Argon2id hash (SQLite)
# database: the PostgreSQL role of the connection is the user (pg_hba.conf decides how it
#           authenticates: Kerberos/GSSAPI, LDAP or SCRAM)
method = password
idle_minutes = 10

[audit]
key_file = /etc/dosisdesk/audit.key
checkpoint_file = /var/lib/dosisdesk/audit-checkpoints.jsonl
checkpoint_minutes = 15
```
"""

from __future__ import annotations

import configparser
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "dosisdesk"

SIGNIN_METHODS = ("os", "password", "database")


class SettingsError(Exception):
    """The settings file exists but cannot be read, or holds a value that makes no sense."""

    def __init__(self, english: str, danish: str) -> None:
        super().__init__(english)
        self.message = danish


def site_config_path() -> Path:
    """The machine-wide settings file IT may deploy (``DOSISDESK_CONFIG`` overrides)."""
    override = os.environ.get("DOSISDESK_CONFIG")
    if override:
        return Path(override)
    if sys.platform.startswith("win"):
        return Path(os.environ.get("PROGRAMDATA") or "C:/ProgramData") / APP_NAME / "dosisdesk.ini"
    return Path("/etc") / APP_NAME / "dosisdesk.ini"


#: The file as last read: (path, modification time, size, inode) and its parser. The audit log
#: reads its settings on every entry, so the file is parsed again only when it changed.
_parsed: tuple[tuple[str, int, int, int], configparser.ConfigParser] | None = None
_NO_FILE = configparser.ConfigParser(interpolation=None)  # read only: no file, no settings


def _parser() -> configparser.ConfigParser:
    global _parsed
    path = site_config_path()
    try:
        st = path.stat()
    except OSError:
        st = None
    if st is None or not stat.S_ISREG(st.st_mode):
        return _NO_FILE
    stamp = (str(path), st.st_mtime_ns, st.st_size, st.st_ino)
    if _parsed is not None and _parsed[0] == stamp:
        return _parsed[1]
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, OSError, UnicodeDecodeError) as e:
        raise SettingsError(
            f"cannot read {path}: {e}",
            f"Indstillingsfilen {path} kan ikke læses. Kontakt IT.",
        ) from e
    _parsed = (stamp, parser)
    return parser


def setting(
    section: str,
    key: str,
    env: str | None = None,
    read: Callable[[], configparser.ConfigParser] | None = None,
) -> str | None:
    """One setting: the environment variable ``env`` if set, else the file's value, else None.
    ``read``: the file, for a caller reading several settings at once (:func:`_read_once`: the
    file is looked at once, not once per setting); the file is read only when the environment
    does not set the value."""
    if env:
        value = os.environ.get(env)
        if value is not None and value.strip():
            return value.strip()
    value = (read or _parser)().get(section, key, fallback="").strip()
    return value or None


def _read_once() -> Callable[[], configparser.ConfigParser]:
    """The file, looked at (a stat, and a parse when it changed) at the first setting asked."""
    read: list[configparser.ConfigParser] = []

    def parser() -> configparser.ConfigParser:
        if not read:
            read.append(_parser())
        return read[0]

    return parser


def _minutes(text: str | None, default: float, what: str) -> float:
    if text is None:
        return default
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        value = -1.0
    if not 0 < value <= 24 * 60:
        raise SettingsError(
            f"{what} must be minutes between 0 and 1440: {text!r}",
            f"Indstillingen {what} skal være et antal minutter (over 0, højst 1440). Kontakt IT.",
        )
    return value


@dataclass(frozen=True, slots=True)
class AuditSettings:
    key_file: Path | None
    checkpoint_file: Path | None
    checkpoint_minutes: float


def audit_settings() -> AuditSettings:
    """Where the audit seal's key and the checkpoints live (none: the log is not sealed). The
    file is looked at once (every search asks: its entry is sealed)."""
    parser = _read_once()
    key = setting("audit", "key_file", "DOSISDESK_AUDIT_KEY_FILE", parser)
    key_path = Path(key).expanduser() if key else None
    cp = setting("audit", "checkpoint_file", "DOSISDESK_AUDIT_CHECKPOINT_FILE", parser)
    if cp:
        cp_path: Path | None = Path(cp).expanduser()
    elif key_path is not None:
        cp_path = key_path.with_name(key_path.stem + "-checkpoints.jsonl")
    else:
        cp_path = None
    minutes = _minutes(
        setting("audit", "checkpoint_minutes", "DOSISDESK_AUDIT_CHECKPOINT_MINUTES", parser),
        15.0,
        "[audit] checkpoint_minutes",
    )
    return AuditSettings(key_path, cp_path, minutes)


def signin_method(sqlite: bool) -> str:
    """How people sign in on this installation. Default: ``password`` on SQLite, ``database``
    on PostgreSQL (the connection's role is the person)."""
    value = setting("signin", "method", "DOSISDESK_SIGNIN")
    if value is None:
        return "password" if sqlite else "database"
    value = value.lower()
    if value not in SIGNIN_METHODS:
        raise SettingsError(
            f"unknown sign-in method {value!r}",
            f"Indstillingen [signin] method = {value} kendes ikke; brug os, password eller "
            "database. Kontakt IT.",
        )
    return value


def idle_minutes() -> float:
    """Minutes without keyboard or mouse before the window locks (default 10)."""
    return _minutes(
        setting("signin", "idle_minutes", "DOSISDESK_IDLE_MINUTES"), 10.0, "[signin] idle_minutes"
    )
