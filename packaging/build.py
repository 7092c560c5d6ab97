"""Build the one-folder bundle and the Linux tarball.

    python packaging/build.py            -> packaging/dist/dosisdesk/ and dosisdesk-VERSION-linux.tar.gz

Needs the project installed in the running Python (pip install -e ".[packaging]").
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "packaging"


def du(path: Path) -> int:
    """Bytes on disk, each file once (Qt's libraries are symlinked)."""
    seen: set[int] = set()
    total = 0
    for f in path.rglob("*"):
        if f.is_file() and not f.is_symlink() and f.stat().st_ino not in seen:
            seen.add(f.stat().st_ino)
            total += f.stat().st_size
    return total


def main() -> None:
    ver = version("dosisdesk")
    build, dist = PKG / "build", PKG / "dist"
    shutil.rmtree(dist, ignore_errors=True)
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(PKG / "make_icons.py"), str(build / "icons")], check=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(dist),
            "--workpath",
            str(build / "work"),
            str(PKG / "dosisdesk.spec"),
        ],
        check=True,
    )
    bundle = dist / "dosisdesk"
    shutil.copy(PKG / "linux" / "dosisdesk.desktop", bundle / "dosisdesk.desktop")
    shutil.copy(build / "icons" / "dosisdesk-256.png", bundle / "dosisdesk.png")
    tarball = dist / f"dosisdesk-{ver}-linux-x86_64.tar.gz"
    with tarfile.open(tarball, "w:gz") as tar:
        tar.add(bundle, arcname=f"dosisdesk-{ver}")
    secs = time.perf_counter() - t0
    print(
        f"bundle: {bundle} ({du(bundle) / 2**20:.0f} MiB), tarball: {tarball.name} "
        f"({tarball.stat().st_size / 2**20:.0f} MiB), built in {secs:.0f} s"
    )


if __name__ == "__main__":
    main()
