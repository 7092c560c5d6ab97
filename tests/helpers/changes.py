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


def acute_new(w: World, product: str, *, dosage: str = "0+0+1+0") -> ChangeRequest:
    """A new drug for Anna, acutely, tonight's evening bag discarded: an ordinary line beside
    the roll until the follow-up takes the drug into the roll (an acute bridge)."""
    return ChangeRequest(
        cpr=w.anna,
        kind=ChangeKind.NEW,
        product=product,
        dosage=dosage,
        acute=True,
        reason="Akut behov",
        doctor="Dr. Berg",
        handlings=(HandlingRequest(HandlingKind.DISCARD_BAGS, (BagRef(NOW.date(), "evening"),)),),
    )
