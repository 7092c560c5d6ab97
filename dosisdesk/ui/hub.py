"""The change hub: writes say what changed with one small typed value; views refresh themselves
(after Anki's OpChanges). No view reaches into another."""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QObject, Signal


@dataclass(frozen=True)
class Changed:
    """What a write touched. Views check the fields they show."""

    citizen_ids: frozenset[int] = field(default_factory=frozenset)
    queue: bool = False
    contacts: bool = False
    flags: bool = False
    renewals: bool = False
    users: bool = False
    figures: bool = False
    everything: bool = False

    # One constructor per kind of write, so that sibling actions (save, confirm, cancel) say the
    # same thing and no view has to guess.

    @classmethod
    def change(cls, *citizen_ids: int) -> Changed:
        """A change registered, confirmed or cancelled: the citizens' cards, the queue, and the
        flags and renewals of the lines it touches."""
        return cls(frozenset(citizen_ids), queue=True, flags=True, renewals=True)

    @classmethod
    def handling(cls, *citizen_ids: int) -> Changed:
        """An acute change's handling signed as done: the citizens' cards, the day view and the
        citizen list's attention column."""
        return cls(frozenset(citizen_ids))

    @classmethod
    def contact(cls, *citizen_ids: int) -> Changed:
        """A hospital contact written (it may pause or resume the card, which the queue shows)."""
        return cls(frozenset(citizen_ids), contacts=True, queue=True)

    @classmethod
    def flag(cls, *citizen_ids: int) -> Changed:
        """A double-prescription flag acknowledged or sent to the doctor."""
        return cls(frozenset(citizen_ids), flags=True)

    @classmethod
    def renewal(cls, *citizen_ids: int) -> Changed:
        """A renewal requested or decided, or its task done."""
        return cls(frozenset(citizen_ids), renewals=True)

    @classmethod
    def setting(cls) -> Changed:
        """A municipal setting the figures use."""
        return cls(figures=True)

    @classmethod
    def time_moved(cls) -> Changed:
        """The queue clock stored time's moves (missed deadlines, locks, changes in effect):
        cards, the queue and the figures of many citizens."""
        return cls(queue=True, flags=True, figures=True, everything=True)

    @classmethod
    def stretch(cls, *citizen_ids: int) -> Changed:
        """A period stretched: the group's periods on every card, and the changes it moved (the
        citizens' cards, the queue, their flags)."""
        return cls(frozenset(citizen_ids), queue=True, flags=True, everything=True)

    @classmethod
    def correspondence(cls, *citizen_ids: int) -> Changed:
        """A MedCom message sent or received: the citizens' correspondence, and the flags (a
        message about a double prescription settles or follows it)."""
        return cls(frozenset(citizen_ids), flags=True)

    @classmethod
    def fmk_inbox(cls) -> Changed:
        """The FMK inbox read, or its folder set: the proposals waiting in the queue."""
        return cls(queue=True)

    @classmethod
    def fmk_proposal(cls, *citizen_ids: int) -> Changed:
        """A proposal from FMK accepted (it becomes a change) or rejected: as a change."""
        return cls.change(*citizen_ids)

    @classmethod
    def fmk_read(cls, *citizen_ids: int) -> Changed:
        """The citizen's medicine card read from FMK: her card's FMK view."""
        return cls(frozenset(citizen_ids))

    @classmethod
    def supply(cls) -> Changed:
        """A supply failure: lines of many citizens."""
        return cls(everything=True)


class ChangeHub(QObject):
    changed = Signal(object)  # Changed

    def publish(self, what: Changed) -> None:
        self.changed.emit(what)


hub = ChangeHub()
