"""A workaround for a reference-counting bug of PySide6 6.12.0 on CPython 3.10 and 3.11.

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
import sys

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
