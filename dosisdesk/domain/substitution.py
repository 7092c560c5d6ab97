"""Substitution and supply failure (R8).

The packed product may differ from the ordered one and can change every 14 days with the price
list: when the packed trade name differs from the last period's, the handover says "new
appearance". A product can be in supply failure for a while; the roll lines of that product are
affected.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from .types import LineSpan, LineStatus, Supply

__all__ = ["SupplyFailure", "affects", "new_appearance", "normalise_trade_name"]

# Every quotation mark style a trade name may arrive with, single or double, becomes '"'.
_QUOTES = str.maketrans(
    {
        "„": '"',
        "“": '"',
        "”": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "″": '"',
        "'": '"',
        "‘": '"',
        "’": '"',
        "‚": '"',
        "‛": '"',
        "‹": '"',
        "›": '"',
    }
)
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # a pure function of the text: a card compares the same few names
def normalise_trade_name(name: str) -> str:
    """The form trade names are compared in.

    Unicode NFC, all quotation marks as ``"``, runs of whitespace as one space, no surrounding
    whitespace, case-folded.
    """
    text = unicodedata.normalize("NFC", name).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip().casefold()


def new_appearance(previous: str | None, current: str | None) -> bool:
    """True when both trade names are known and differ (see :func:`normalise_trade_name`).

    A missing or blank name on either side is unknown and never flags.
    """
    if previous is None or current is None:
        return False
    a, b = normalise_trade_name(previous), normalise_trade_name(current)
    return bool(a) and bool(b) and a != b


@dataclass(frozen=True)
class SupplyFailure:
    """A product in supply failure from ``from_day`` to ``to_day`` (both inclusive; ``None`` = no
    known end)."""

    product_id: int
    from_day: date
    to_day: date | None = None

    def __post_init__(self) -> None:
        if self.to_day is not None and self.to_day < self.from_day:
            raise ValueError("to_day is before from_day")


def affects(
    failure: SupplyFailure, spans_with_product: Iterable[tuple[int, LineSpan]]
) -> list[LineSpan]:
    """The roll lines a supply failure affects.

    ``spans_with_product`` pairs each span with its product id. A span is affected when its
    product is the failing one, it is an active dose-roll span, and it has a day in the failure
    interval: ``valid_from <= to_day`` and ``valid_to > from_day`` (``valid_to`` is exclusive,
    ``to_day`` inclusive, ``None`` open). Every affected version is returned, sorted by
    ``(citizen_id, line_id, valid_from, version_id)``.
    """
    result = [
        span
        for product_id, span in spans_with_product
        if product_id == failure.product_id
        and span.status is LineStatus.ACTIVE
        and span.supply is Supply.DOSE_ROLL
        and (failure.to_day is None or span.valid_from <= failure.to_day)
        and (span.valid_to is None or span.valid_to > max(failure.from_day, span.valid_from))
    ]
    result.sort(key=lambda s: (s.citizen_id, s.line_id, s.valid_from, s.version_id))
    return result
