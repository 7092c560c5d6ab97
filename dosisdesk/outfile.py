"""Files the program writes for the user (extracts, PDFs): only regular files, whole or not at
all (a temporary file beside the target, fsync, rename), and never over a device or a folder.

A temporary file is noted in the data folder while it exists, so one left behind by an
interrupted program (a crash, kill -9, a power cut) is removed at the next start (:func:`sweep`).
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path

from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.invariants import shown

#: The longest file name (bytes) most file systems take, and the longest path we accept.
MAX_NAME_BYTES = 255
MAX_PATH = 1024


def _pending_file() -> Path:
    from dosisdesk.paths import data_dir

    return data_dir() / "pending-writes.txt"


def check_target(path: str | Path) -> Path:
    """A path the program may write: a sane name, an existing folder, and either nothing there
    yet or a regular file (never a device such as /dev/full, a pipe or a folder)."""
    raw = str(path)
    name = Path(raw).name
    if len(raw) > MAX_PATH or len(os.fsencode(name)) > MAX_NAME_BYTES:
        raise InvalidInput(
            f"file name too long ({len(name)} characters)",
            f"Filnavnet »{shown(name, 40)}« er for langt ({len(name)} tegn); vælg et kortere.",
        )
    if not name or "\x00" in raw:
        raise InvalidInput(f"not a file name: {raw!r}", f"»{shown(raw)}« er ikke et filnavn.")
    target = Path(raw)
    folder = target.parent
    if not folder.is_dir():
        raise InvalidInput(
            f"folder {folder} does not exist",
            f"Mappen »{shown(str(folder))}« findes ikke. Vælg en mappe, der findes.",
        )
    try:
        st = target.lstat()
    except FileNotFoundError:
        return target
    except OSError as e:
        raise InvalidInput(
            f"cannot use {raw}: {e}",
            f"»{shown(raw)}« kan ikke bruges ({e.strerror or e}).",
        ) from e
    if stat.S_ISDIR(st.st_mode):
        raise InvalidInput(f"{raw} is a folder", f"»{shown(raw)}« er en mappe, ikke et filnavn.")
    if not stat.S_ISREG(st.st_mode):
        raise InvalidInput(
            f"{raw} is not a regular file",
            f"»{shown(raw)}« er ikke en almindelig fil (fx en enhed); der skrives kun til "
            "almindelige filer.",
        )
    return target


def temp_beside(target: Path, *, prefix: str, suffix: str = ".tmp") -> Path:
    """A new, empty temporary file (0600) in the target's folder, noted for :func:`sweep`."""
    fd, name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name).resolve()
    _note(tmp, add=True)
    return tmp


def finished(tmp: Path) -> None:
    """The temporary file is gone (renamed into place or removed): forget it."""
    _note(Path(tmp).resolve(), add=False)


def discard(tmp: Path) -> None:
    Path(tmp).unlink(missing_ok=True)
    finished(tmp)


def _note(tmp: Path, *, add: bool) -> None:
    pending = _pending_file()
    try:
        lines = pending.read_text(encoding="utf-8").splitlines() if pending.exists() else []
        lines = [x for x in lines if x and x != str(tmp)]
        if add:
            lines.append(str(tmp))
        if lines:
            pending.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write("\n".join(lines) + "\n")
        else:
            pending.unlink(missing_ok=True)
    except OSError:
        pass  # the note is a convenience; the write itself does not depend on it


#: A temporary file older than this was left by a program that stopped (a write takes seconds);
#: a younger one may belong to a program still writing and is kept.
STALE_S = 600


def sweep(*, min_age_s: float = STALE_S) -> int:
    """Remove temporary files an interrupted program left behind; returns how many."""
    import time

    pending = _pending_file()
    try:
        lines = pending.read_text(encoding="utf-8").splitlines()
    except OSError:
        return 0
    removed = 0
    for line in lines:
        p = Path(line)
        if not (line and p.name.startswith(".") and p.name.endswith(".tmp")):
            finished(p)
            continue
        try:
            st = p.lstat()
        except FileNotFoundError:
            finished(p)
            continue
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode) or time.time() - st.st_mtime < min_age_s:
            continue
        try:
            p.unlink()
            removed += 1
        except OSError:
            continue
        finished(p)
    return removed


__all__ = ["check_target", "discard", "finished", "sweep", "temp_beside"]
