"""Print each package of dosisdesk with its size (Python lines, files, the biggest file; a package
counts its sub-packages, the migrations' versions aside), the table docs/architecture.md shows,
and list the files over the size limit without a reason at their top. Run from the repository
root:  python tools/package_sizes.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "dosisdesk"
#: A module longer than this says at its top why (a line starting "Size:" in its docstring).
LIMIT = 600


def lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def main() -> int:
    packages: dict[str, list[Path]] = {}
    for f in sorted(ROOT.rglob("*.py")):
        rel = f.relative_to(ROOT)
        if "migrations" in rel.parts and "versions" in rel.parts:
            continue
        key = rel.parts[0] + "/" if len(rel.parts) > 1 else "(top)"
        packages.setdefault(key, []).append(f)
    print("| package | lines | files | biggest file |")
    print("|---|---:|---:|---|")
    for key, files in packages.items():
        biggest = max(files, key=lines)
        print(
            f"| `{key}` | {sum(map(lines, files)):,} | {len(files)} | "
            f"{biggest.relative_to(ROOT).as_posix()} ({lines(biggest):,}) |"
        )
    unexplained = [
        f
        for fs in packages.values()
        for f in fs
        if lines(f) > LIMIT and "Size:" not in f.read_text(encoding="utf-8")[:3000]
    ]
    for f in unexplained:
        print(f"over {LIMIT} lines without a reason: {f.relative_to(ROOT.parent)}", file=sys.stderr)
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
