"""Small read-only look-ups the dialogs need: a citizen's card header. No Qt in this module.

(The catalogue search is ``services.catalogue.search_products``.)
"""

from __future__ import annotations

from dataclasses import dataclass

from dosisdesk.services.access import card_of, check_access, citizen_by_cpr
from dosisdesk.services.cards import citizen_dto
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import CitizenDTO

__all__ = ["CitizenBrief", "citizen_brief"]


@dataclass(frozen=True, slots=True)
class CitizenBrief:
    """What a dialog shows in its header: the citizen, the card and whether it is paused."""

    citizen: CitizenDTO
    card_id: int
    paused: bool


def citizen_brief(ctx: Ctx, cpr: str) -> CitizenBrief:
    """The citizen (access-checked) and the first card; not an audited card read."""
    with ctx.db.begin() as s:
        citizen = citizen_by_cpr(s, cpr)
        check_access(ctx, citizen)
        card = card_of(s, citizen)
        return CitizenBrief(citizen_dto(s, citizen), card.id, card.paused)
