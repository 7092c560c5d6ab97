"""dosisdesk: dose-dispensing cards, change queues and handovers for Danish home care."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """``__version__`` is looked up when asked (importlib.metadata costs start-up time)."""
    if name != "__version__":
        raise AttributeError(f"module 'dosisdesk' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dosisdesk")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0+source"
