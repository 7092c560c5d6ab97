"""Update and build the translations: ``pyside6-lupdate`` over the GUI sources into
``translations/dosisdesk_da.ts`` (existing translations are kept), then ``pyside6-lrelease`` into
``dosisdesk_da.qm``, which app.py loads at start.

    python resources/build_translations.py            # lupdate + lrelease
    python resources/build_translations.py --check    # also fail if a message is unfinished

Translate new messages in the .ts with Qt Linguist (``pyside6-linguist``) or by hand; every
message must have a Danish translation (``--check`` enforces it, and so does a test).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TS = HERE / "translations" / "dosisdesk_da.ts"
QM = TS.with_suffix(".qm")
QT_EXTRA = HERE / "translations" / "qt_extra_da.ts"


def sources() -> list[Path]:
    ui = sorted((ROOT / "dosisdesk" / "ui").rglob("*.py"))
    return [*ui, ROOT / "dosisdesk" / "app.py"]


def tool(name: str) -> str:
    """The pyside6 tool next to this Python (a venv), else on PATH."""
    here = Path(sys.executable).parent / name
    if here.exists():
        return str(here)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials")
    return found


def unfinished(ts: Path) -> list[str]:
    """Source texts of messages without a finished translation (obsolete ones ignored)."""
    out = []
    for msg in ET.parse(ts).getroot().iter("message"):
        tr = msg.find("translation")
        if tr is None or tr.get("type") in ("obsolete", "vanished"):
            continue
        forms = tr.findall("numerusform")
        empty = (
            (not any((f.text or "").strip() for f in forms))
            if forms
            else not (tr.text or "").strip()
        )
        if tr.get("type") == "unfinished" or empty:
            out.append(msg.findtext("source") or "")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="fail on unfinished messages")
    p.add_argument("--no-obsolete", action="store_true", help="drop obsolete messages")
    args = p.parse_args(argv)
    TS.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        tool("pyside6-lupdate"),
        "-locations",
        "none",
        "-source-language",
        "en",
        "-target-language",
        "da_DK",
    ]
    if args.no_obsolete:
        cmd.append("-no-obsolete")
    cmd += [str(s.relative_to(ROOT)) for s in sources()] + ["-ts", str(TS.relative_to(ROOT))]
    subprocess.run(cmd, cwd=ROOT, check=True)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(QM)], cwd=ROOT, check=True)
    # Qt's own texts the shipped qtbase_da lacks (kept by hand, not by lupdate).
    subprocess.run(
        [tool("pyside6-lrelease"), str(QT_EXTRA), "-qm", str(QT_EXTRA.with_suffix(".qm"))],
        cwd=ROOT,
        check=True,
    )
    missing = unfinished(TS)
    if missing:
        print(f"{len(missing)} message(s) without a Danish translation:", file=sys.stderr)
        for text in missing[:30]:
            print(f"  {text!r}", file=sys.stderr)
        if args.check:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
