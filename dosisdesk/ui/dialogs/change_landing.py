"""Where a change lands, in the change dialog's words: the roll that takes a planned change (from
the order's first day, with the days it is in force before that roll, its first bag and a
deadline close at hand), or an acute change today and its follow-up in the roll.

Text from the service's :class:`~dosisdesk.services.changes.Landing` alone; the form asks the
service and shows the text. A QObject for its ``tr()`` context (lupdate reads a plural only from
``tr()``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QObject

from dosisdesk.domain.calendar import format_long_day, format_long_moment, time_between
from dosisdesk.services.changes import Landing
from dosisdesk.ui.dialogs.acute import slot_name

__all__ = ["LandingText"]

# Rich-text colours of a warning (the days before the roll) and of a deadline close at hand.
_ORANGE = "#b26a00"
_RED = "#b3261e"


class LandingText(QObject):
    """Where a change lands, as the form writes it."""

    def first_day_pending(self, refused: bool) -> str:
        """While the roll for the order's first day is asked for, or when no roll takes it."""
        if refused:
            return self.tr("No roll takes the change from that day: choose another first day.")
        return self.tr("Finding the roll for the first day…")

    def planned(self, lnd: Landing, today: date, now: datetime, wanted: date | None) -> str:
        """The roll a planned change lands in (``wanted``: the order's first day, if given)."""
        day = format_long_day(lnd.first_day, today=today)
        deadline = format_long_moment(lnd.deadline, today=today)
        text = self.tr("Takes effect in the roll from <b>{day}</b> (deadline {deadline}).")
        parts = [text.format(day=day, deadline=deadline)]
        if wanted is not None:
            parts.insert(
                0,
                self.tr("The order starts {day}; the roll {first} – {last}.").format(
                    day=format_long_day(wanted, today=today),
                    first=format_long_day(lnd.first_day, today=today),
                    last=format_long_day(lnd.last_day, today=today),
                ),
            )
            if lnd.days_before_roll is not None:
                a, b = lnd.days_before_roll
                parts.append(
                    f"<span style='color:{_ORANGE}'>"
                    + self.tr(
                        "From {first} to {last} the order is in force before its roll: "
                        "handle the bags of those days or give the medicine by hand "
                        "(manual dispensing).",
                    ).format(
                        first=format_long_day(a, today=today),
                        last=format_long_day(b, today=today),
                    )
                    + "</span>"
                )
        if lnd.first_bag is not None:
            bag_day, bag_slot = lnd.first_bag
            parts.append(
                self.tr("First bag with the change: {day}, {slot}.").format(
                    day=format_long_day(bag_day, today=today), slot=slot_name(bag_slot).lower()
                )
            )
        left = time_between(now, lnd.deadline)
        if left <= timedelta(hours=48):
            hours = max(int(left.total_seconds() // 3600), 0)
            parts.append(
                f"<span style='color:{_RED}'>"
                + self.tr("The deadline is in %n hour(s).", "", hours)
                + "</span>"
            )
        return "<br>".join(parts)

    def acute(self, lnd: Landing, today: date, *, roll_involved: bool, discard: bool) -> str:
        """An acute change: in effect today; its follow-up in the roll when the roll is involved
        (``discard``: the bags are discarded, so the drug is given from an ordinary pack until
        then)."""
        text = self.tr("Takes effect <b>today</b>, {today}.").format(
            today=format_long_day(today, today=today)
        )
        if roll_involved:
            text += " " + self.tr(
                "The follow-up change puts it in the roll from <b>{day}</b> (deadline {deadline}).",
            ).format(
                day=format_long_day(lnd.first_day, today=today),
                deadline=format_long_moment(lnd.deadline, today=today),
            )
            if discard:
                text += " " + self.tr("Give from an ordinary pack until {day}.").format(
                    day=format_long_day(lnd.first_day, today=today)
                )
        else:
            text += " " + self.tr("The line is not in the roll: no follow-up is needed.")
        return text
