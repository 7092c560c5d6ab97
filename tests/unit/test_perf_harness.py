"""The benchmark's work copies: a run that was killed leaves its 400 MB copy behind; the next run
removes it, and never a copy a running benchmark is using."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.perf.harness import sweep_work_copies


def _copies(folder: Path, pid: int | str) -> list[Path]:
    paths = [folder / f"demo-3000-seed7-work-{pid}.sqlite{x}" for x in ("", "-wal", "-shm")]
    for p in paths:
        p.write_bytes(b"copy")
    return paths


def test_a_killed_runs_copy_is_removed_and_a_running_ones_kept(tmp_path: Path) -> None:
    pristine = tmp_path / "demo-3000-seed7.sqlite"
    pristine.write_bytes(b"pristine")
    ended = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = _copies(tmp_path, int(ended.stdout))
    running = _copies(tmp_path, os.getppid())  # a process that is alive
    own = _copies(tmp_path, os.getpid())
    odd = tmp_path / "demo-3000-seed7-work-notes.sqlite"
    odd.write_bytes(b"not a run's")
    other = tmp_path / "demo-20000-seed7-work-1.sqlite"  # another size's: not this one's to sweep
    other.write_bytes(b"copy")

    removed = sweep_work_copies(pristine)

    assert sorted(removed) == sorted(dead)
    assert not any(p.exists() for p in dead)
    assert all(p.exists() for p in running + own + [odd, other, pristine])
