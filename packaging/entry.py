"""Entry point of the frozen program (PyInstaller)."""

import sys

from dosisdesk.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
