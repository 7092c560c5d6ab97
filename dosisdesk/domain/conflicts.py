"""Conflicting changes are never accepted silently (R2).

A new change to a line that already has an open change (registered, confirmed or locked) for the
same roll conflicts with it: a confirmed pause followed by a dose change would otherwise both
reach the roll in an order nobody chose. The nurse must choose, explicitly, naming the changes she
saw:

* ``REPLACE``: the queued change(s) are cancelled with a reason ("erstattet af ændring N"),
  audited, and the new one takes their place;
* ``KEEP_BOTH``: both stay, in a stated order: the queued one first, the new one after it (a
  later change on the same line and day wins; its fields on top of the earlier one's).

The choice names the queued changes it was made about. If the queue changed meanwhile (another
nurse replaced or added one), the choice is refused and the new queue shown: two nurses at the
same moment end with one decision, not two silent changes.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dosisdesk.domain.errors import RuleViolation
from dosisdesk.domain.types import ChangeKind, ChangeState


class ConflictChoice(enum.StrEnum):
    REPLACE = "replace"
    KEEP_BOTH = "keep_both"


@dataclass(frozen=True, slots=True)
class QueuedChange:
    """An open change already queued for the line and roll."""

    id: int
    kind: ChangeKind
    state: ChangeState
    effective_date: date
    dosage: str
    follow_up_of_id: int | None = None


class ConflictingChange(RuleViolation):
    """The line already has open changes for the same roll; the caller must choose."""

    def __init__(self, queued: Sequence[QueuedChange], *, stale_choice: bool = False) -> None:
        self.queued = tuple(queued)
        self.stale_choice = stale_choice
        super().__init__(
            "conflicts.stale_choice" if stale_choice else "conflicts.queued",
            first=min(c.effective_date for c in self.queued),
            changes=tuple(
                (c.id, c.kind.value, c.dosage, c.follow_up_of_id, c.state.value)
                for c in self.queued
            ),
            ids=tuple(c.id for c in self.queued),
        )


def check_choice(
    queued: Sequence[QueuedChange], choice: ConflictChoice | None, seen: Sequence[int]
) -> None:
    """Raise ConflictingChange unless there is nothing queued, or the choice was made about
    exactly the changes queued now."""
    if not queued:
        return
    if choice is None:
        raise ConflictingChange(queued)
    if set(seen) != {c.id for c in queued}:
        raise ConflictingChange(queued, stale_choice=True)
