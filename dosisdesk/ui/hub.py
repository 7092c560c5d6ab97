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
    everything: bool = False


class ChangeHub(QObject):
    changed = Signal(object)  # Changed

    def publish(self, what: Changed) -> None:
        self.changed.emit(what)


hub = ChangeHub()
