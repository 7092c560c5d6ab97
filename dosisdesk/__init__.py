"""dosisdesk: dose-dispensing cards, change queues and handovers for Danish home care."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("dosisdesk")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+source"
