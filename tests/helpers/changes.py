"""Change requests the tests make again and again, written once."""

from __future__ import annotations

from dosisdesk.domain.types import BagRef, ChangeKind, HandlingKind
from dosisdesk.services.changes import ChangeRequest, HandlingRequest
from tests.conftest import NOW
from tests.world import World


def acute_stop(
    w: World,
    *bags: BagRef,
    note: str = "",
    reason: str = "Muskelsmerter",
    doctor: str = "Dr. Berg",
) -> ChangeRequest:
    """Anna's atorvastatin stopped at once, its tablets taken out of the named bags (tonight's
    evening bag when none are named)."""
    taken = bags or (BagRef(NOW.date(), "evening"),)
    return ChangeRequest(
        cpr=w.anna,
        kind=ChangeKind.DISCONTINUE,
        line_id=w.line_atorva,
        acute=True,
        reason=reason,
        doctor=doctor,
        handlings=(
            HandlingRequest(HandlingKind.REMOVE_TABLETS, taken, identifiable=True, note=note),
        ),
    )
