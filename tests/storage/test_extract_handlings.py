"""The extract carries what this issue added: signed handling steps survive a round trip, and
two open changes on a line for the same roll import only when the file says both were kept."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from dosisdesk.domain.conflicts import ConflictChoice
from dosisdesk.domain.errors import ImportError_
from dosisdesk.domain.types import BagRef, ChangeKind
from dosisdesk.interop.extract import export_extract, import_extract
from dosisdesk.services import changes, handlings
from dosisdesk.services.changes import ChangeRequest
from dosisdesk.storage import models as m
from dosisdesk.storage.db import Database
from tests.helpers.changes import acute_stop
from tests.storage.test_extract import ctx_of
from tests.world import build_world


def test_signed_steps_and_kept_conflicts_round_trip(tmp_path: Path) -> None:
    src = Database.create(f"sqlite:///{tmp_path / 'src.sqlite'}", training=True)
    w = build_world(src)
    nurse = ctx_of(src, "sygpl")
    acute = changes.register(
        nurse,
        acute_stop(w, BagRef(date(2026, 11, 22), "evening"), BagRef(date(2026, 11, 23), "evening")),
    )
    handlings.mark_done(nurse, acute.id, [BagRef(date(2026, 11, 22), "evening")])
    first = changes.register(
        nurse, ChangeRequest(cpr=w.anna, kind=ChangeKind.PAUSE_LINE, line_id=w.line_metformin)
    )
    changes.register(
        nurse,
        ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="2+0+1+0",
            conflict_choice=ConflictChoice.KEEP_BOTH,
            conflict_with=(first.id,),
        ),
    )
    path = tmp_path / "udtraek.json"
    export_extract(ctx_of(src), path)
    src.dispose()
    doc = json.loads(path.read_text("utf-8"))
    chs = doc["citizens"][0]["cards"][0]["changes"]
    assert [
        c.get("conflict_choice")
        for c in chs
        if c["line"] and c["kind"] in ("pause_line", "dose_change") and c["state"] == "registered"
    ] == [None, "keep_both"]
    done = [d for c in chs for h in c["handlings"] for d in h["done"]]
    assert [(d["day"], d["slot"], d["by"]) for d in done] == [("2026-11-22", "evening", "sygpl")]

    dst = Database.create(f"sqlite:///{tmp_path / 'dst.sqlite'}", training=True)
    import_extract(ctx_of(dst), path)
    with dst.begin() as s:
        steps = s.execute(
            select(m.HandlingStep.day, m.HandlingStep.done_at.is_not(None)).order_by(
                m.HandlingStep.day
            )
        ).all()
    assert [tuple(r) for r in steps] == [(date(2026, 11, 22), True), (date(2026, 11, 23), False)]
    dst.dispose()

    # Without the stated choice the import stops at the later change, and saves nothing.
    for c in chs:
        c.pop("conflict_choice", None)
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    dst2 = Database.create(f"sqlite:///{tmp_path / 'dst2.sqlite'}", training=True)
    with pytest.raises(ImportError_) as info:
        import_extract(ctx_of(dst2), bad)
    assert "linjen har allerede en åben ændring til rullen fra 2026-12-03" in info.value.message
    assert "keep_both" in info.value.message
    with dst2.begin() as s:
        assert s.scalar(select(m.Change.id).limit(1)) is None
    dst2.dispose()
