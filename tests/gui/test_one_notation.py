"""Screen, paper and command line write a dose amount, a date and a CPR number the same way: one
function each (``domain.dosage.format_amount``, ``domain.calendar``, ``domain.cpr``), and the
card on screen, the printed medicine list and ``dosisdesk card`` all show what they write."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import QLocale, Qt

from dosisdesk.cli import run
from dosisdesk.domain.calendar import format_day
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.dosage import format_amount
from dosisdesk.domain.types import ChangeKind
from dosisdesk.reports.medlist import medlist_html
from dosisdesk.services import cards, changes, medlist
from dosisdesk.services.context import Ctx
from dosisdesk.ui.nurse.card_views import CardHeader
from dosisdesk.ui.nurse.models import CardLinesModel, ChangesModel
from tests.gui.gui_world import GuiWorld

#: The first day of the next roll in the test world (the change lands there).
ROLL_DAY = date(2026, 12, 3)


@pytest.fixture
def danish() -> Iterator[None]:
    old = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.Danish, QLocale.Country.Denmark))
    yield
    QLocale.setDefault(old)


def _model_texts(model: CardLinesModel | ChangesModel) -> str:
    out = []
    for row in range(model.rowCount()):
        for col in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.data(model.index(row, col), role)
                if isinstance(value, str):
                    out.append(value)
    return "\n".join(out)


def test_screen_paper_and_command_line_write_amount_date_and_cpr_alike(
    danish: None,
    qtbot: object,
    koord: Ctx,
    sqlite_url: str,
    gui_world: GuiWorld,
    capsys: pytest.CaptureFixture[str],
) -> None:
    w = gui_world.world
    changes.register(
        koord,
        changes.ChangeRequest(
            cpr=w.anna,
            kind=ChangeKind.DOSE_CHANGE,
            line_id=w.line_metformin,
            dosage="0,25+0+1+0",
            source="Egen læge",
        ),
    )
    quarter, day = format_amount(Decimal("0.25")), format_day(ROLL_DAY, with_year=False)
    cpr = format_cpr(w.anna)
    assert (quarter, day, cpr) == ("¼", "tors. 3. dec.", f"{w.anna[:6]}-{w.anna[6:]}")

    # The screen: the card's header, its lines (the next roll's column) and its open changes.
    cv = cards.card_view(koord, w.anna)
    header = CardHeader()
    header.set_card(cv)
    lines = CardLinesModel()
    lines.set_card(cv)
    queued = ChangesModel()
    queued.set_changes(cv.open_changes, {w.line_metformin: "Glucophage 500 mg"})
    screen = "\n".join((header.name_text, _model_texts(lines), _model_texts(queued)))
    header.deleteLater()

    # Paper: the medicine list (the citizen's own, with the full CPR).
    paper = medlist_html(medlist.medicine_list(koord, w.anna))

    # The command line: the card as text.
    assert (
        run(["--db", sqlite_url, "--user", "koord", "--now", "2026-11-22T10:00", "card", w.anna])
        == 0
    )
    cli = capsys.readouterr().out

    for face, text in (("screen", screen), ("paper", paper), ("cli", cli)):
        assert cpr in text, face
        assert f"{day}" in text.replace("&nbsp;", " "), face
        assert f"{quarter}+0+1+0" in text, face
        assert "0,25" not in text, face
