"""Workarounds for PySide6: a reference-counting bug of 6.12.0 on CPython 3.10 and 3.11
(:func:`pin_singletons`), and the cost of its ``__feature__`` scan on every import
(:func:`light_feature_scan`).

Measured here (PySide6-Essentials 6.12.0, shiboken6 6.12.0, CPython 3.11.7): every
``Signal.emit()`` called from Python returns ``True`` without taking a reference, and every Qt
method returning ``void`` (``setText``, ``setObjectName``...) returns ``None`` without one. Each
call therefore takes one reference from ``True`` or ``None`` for good; about 160 per card shown.
CPython 3.12 made these singletons immortal, so the bug is invisible there; on 3.11 the process
aborts with "Fatal Python error: none_dealloc" (or bool_dealloc) once the count reaches zero,
after a few hundred cards in a real session, or after 150 emits in a bare script.

The fix: give the singletons an enormous reference count, as CPython 3.12 does. The references
are never given back, so nothing can go wrong at exit either. Remove this module once the
project requires Python 3.12 or a PySide6 without the bug.
"""

from __future__ import annotations

import ctypes
import linecache
import sys
from types import ModuleType

_PINNED = 1 << 40


def needed() -> bool:
    """PySide6 6.12.0 on CPython before 3.12, release build (ob_refcnt is the object's first
    field). pyproject.toml excludes 6.12.0; this guards an environment that has it anyway."""
    import PySide6

    return (
        PySide6.__version__ == "6.12.0"
        and sys.implementation.name == "cpython"
        and sys.version_info < (3, 12)
        and not hasattr(sys, "gettotalrefcount")
    )


def pin_singletons() -> bool:
    """Make None, True and False effectively immortal. Returns True when it did something;
    idempotent (only raises counts that are not already pinned)."""
    if not needed():
        return False
    for obj in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(obj))
        if count.value < _PINNED // 2:
            count.value += _PINNED
    return True


def _names_pyside(module: ModuleType) -> bool:
    """Whether the module's source file names PySide6: the test PySide6 makes, on the file's
    bytes (no ``inspect``, no ``linecache``)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return False  # built in, compiled or without a file: PySide6's own test says False too
    try:
        with open(path, "rb") as f:
            return b"PySide6" in f.read()
    except OSError:
        return False


def light_feature_scan() -> bool:
    """Let PySide6's ``__feature__`` support find the modules that use PySide6 without keeping
    their source.

    Once PySide6 is imported, it asks of every module imported after it whether the module uses
    PySide6 (``shibokensupport.feature._mod_uses_pyside``: ``"PySide6" in
    inspect.getsource(module)``). ``inspect`` goes through ``linecache``, which keeps every line
    of every module for the life of the process: for the app's start-up (SQLAlchemy and ours, some
    300 modules) about 15 MB and 60 ms. The same question asked of the file's bytes gives the same
    answer at a fraction of the cost and keeps nothing. Returns True when it replaced the test."""
    import PySide6.QtCore  # noqa: F401  (loads shibokensupport)

    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False  # another PySide6: nothing to replace
    feature._mod_uses_pyside = _names_pyside  # type: ignore[attr-defined]
    linecache.clearcache()  # the sources it read of the modules imported before (a cache)
    return True
