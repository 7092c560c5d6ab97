"""Thin table models for the coordinator's desk.

Every model holds the services' DTOs and nothing else. The queue loads a page at a time
(``canFetchMore`` / ``fetchMore``) and puts a heading row before each group (a period of a packing
group at one pharmacy) with the group's counts from SQL, so with tens of thousands of open changes
it never holds more than the rows scrolled to. The other lists are short (flags, renewals, the
hospital lists) and are set in one go.

Size: the desk's list models, each declared column by column (one factory per list), and the
grouped, paged queue model.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QObject,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from dosisdesk.domain.calendar import format_moment_numeric, time_between
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.renewals import RenewalUrgency
from dosisdesk.domain.text import format_phone
from dosisdesk.domain.types import ChangeState, Severity
from dosisdesk.services.dto import ContactDTO, FlagDTO, QueueRow, RenewalDTO
from dosisdesk.services.queue import QueueFilter
from dosisdesk.services.review import AcuteReview, FlagMark, QueueGroup, TaskDTO
from dosisdesk.services.supply import AffectedLine, SupplyFailureDTO
from dosisdesk.ui import texts
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.table_model import (
    ROOT,
    AccessibleRole,
    BackgroundRole,
    Column,
    DisplayRole,
    FontRole,
    ForegroundRole,
    Index,
    PagedTableModel,
    TableModel,
    ToolTipRole,
    bold_font,
)

# High-contrast tints: text stays black on all of them (the house style, ui/models.py).
GROUP_BG = QColor("#d5dbe1")
SOON_BG = QColor("#ffe8a3")  # the deadline is within 24 hours
MISSED_BG = QColor("#f8d7da")  # missed an earlier deadline
ALERT_FG = QColor("#a4161a")
MUTED_FG = QColor("#495057")

SOON = timedelta(hours=24)


class DeskRole(enum.IntEnum):
    """Custom data roles of the desk's models."""

    DtoRole = int(Qt.ItemDataRole.UserRole) + 101
    CprRole = int(Qt.ItemDataRole.UserRole) + 102
    IdRole = int(Qt.ItemDataRole.UserRole) + 103
    IsGroupRole = int(Qt.ItemDataRole.UserRole) + 104
    GroupRole = int(Qt.ItemDataRole.UserRole) + 105


def yes_no(value: bool) -> str:
    return (
        QCoreApplication.translate("coordinator", "Yes")
        if value
        else QCoreApplication.translate("coordinator", "No")
    )


# ---------------------------------------------------------------------------
# A list of DTOs shown through column definitions
# ---------------------------------------------------------------------------

T = TypeVar("T")


class ListModel(TableModel[T]):
    """A desk list: each column says how it shows a row; the row itself, its CPR number and its
    id are item roles (``DeskRole``)."""

    def __init__(
        self,
        columns: Sequence[Column[T]],
        cpr: Callable[[T], str] | None = None,
        ident: Callable[[T], int] | None = None,
        parent: QObject | None = None,
    ) -> None:
        roles: dict[int, Callable[[T], Any]] = {DeskRole.DtoRole: lambda r: r}
        if cpr is not None:
            roles[DeskRole.CprRole] = cpr
        if ident is not None:
            roles[DeskRole.IdRole] = ident
        super().__init__(columns, roles=roles, parent=parent)


# ---------------------------------------------------------------------------
# The queue: groups with heading rows, rows a page at a time
# ---------------------------------------------------------------------------

# ``(filter, offset, limit) -> rows`` and ``filter -> groups`` (run in the background runner)
QueuePager = Callable[[QueueFilter, int, int], list[QueueRow]]
GroupFetcher = Callable[[QueueFilter], list[QueueGroup]]


@dataclass(frozen=True, slots=True)
class _Item:
    group: int  # index into the groups
    row: int | None  # index into the rows; None for the group's heading


class QueueModel(PagedTableModel[QueueRow]):
    """The change queue under a filter: a heading row per group, then its changes."""

    (
        COL_CITIZEN,
        COL_CPR,
        COL_TEAM,
        COL_KIND,
        COL_DRUG,
        COL_STATE,
        COL_ACUTE,
        COL_MISSED,
        COL_REGISTERED,
    ) = range(9)

    def __init__(
        self,
        runner: Runner,
        pager: QueuePager,
        groups: GroupFetcher,
        now: Callable[[], datetime],
        *,
        page_size: int = 200,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(runner, page_size=page_size, parent=parent)
        self._pager = pager
        self._fetch_groups = groups
        self._now = now
        self._filter = QueueFilter()
        self._groups: list[QueueGroup] = []
        # (pharmacy, packing group, deadline) -> index in _groups
        self._group_of: dict[tuple[str, str, datetime], int] = {}
        self._items: list[_Item] = []
        self._headers = [
            self.tr("Citizen"),
            self.tr("CPR"),
            self.tr("Team"),
            self.tr("Change"),
            self.tr("Drug and dosage"),
            self.tr("State"),
            self.tr("Acute"),
            self.tr("Missed"),
            self.tr("Registered"),
        ]

    # -- loading ------------------------------------------------------------

    @property
    def filter(self) -> QueueFilter:
        return self._filter

    @property
    def groups(self) -> list[QueueGroup]:
        return list(self._groups)

    @property
    def total(self) -> int:
        """Changes under the filter (from the group counts), loaded or not."""
        return sum(g.count for g in self._groups)

    def set_filter(self, f: QueueFilter) -> None:
        """Start over: the list empties, the groups and the first page load."""
        self._filter = f
        self.start_over()

    def _clear(self) -> None:
        self.beginResetModel()
        self._groups, self._group_of, self._rows, self._items = [], {}, [], []
        self._more = False
        self.endResetModel()

    def _page_job(self, offset: int, limit: int, first: bool) -> Callable[[], Any]:
        f, pager, fetch_groups = self._filter, self._pager, self._fetch_groups
        if not first:
            return lambda: pager(f, offset, limit)

        def job() -> tuple[list[QueueRow], list[QueueGroup]]:
            rows = pager(f, 0, limit)  # first: it lets time move the queue (missed deadlines)
            return rows, fetch_groups(f)

        return job

    def _take_first(self, result: tuple[list[QueueRow], list[QueueGroup]]) -> int:
        rows, groups = result
        self.beginResetModel()
        self._groups = groups
        self._group_of = {
            (g.pharmacy, g.packing_group, g.deadline): i for i, g in enumerate(groups)
        }
        self._rows = []
        self._items = []
        self._items.extend(self._items_for(rows, 0))
        self._rows.extend(rows)
        self.endResetModel()
        return len(rows)

    def _take_page(self, rows: list[QueueRow]) -> int:
        if rows:
            new = self._items_for(rows, len(self._rows))
            first = len(self._items)
            self.beginInsertRows(ROOT, first, first + len(new) - 1)
            self._items.extend(new)
            self._rows.extend(rows)
            self.endInsertRows()
        return len(rows)

    def _items_for(self, rows: Sequence[QueueRow], first_row: int) -> list[_Item]:
        out: list[_Item] = []
        last_group = self._items[-1].group if self._items else -1
        for k, r in enumerate(rows):
            g = self._group_index(r)
            if g != last_group:
                out.append(_Item(g, None))
                last_group = g
            out.append(_Item(g, first_row + k))
        return out

    def _group_index(self, r: QueueRow) -> int:
        key = (r.pharmacy, r.packing_group, r.deadline)
        i = self._group_of.get(key)
        if i is None:
            # a row of a group the counts did not see (written in between): a group of its own
            self._groups.append(
                QueueGroup(
                    -1, r.pharmacy, r.packing_group, r.deadline, r.period_first_day, 0, 0, 0, 0
                )
            )
            i = self._group_of[key] = len(self._groups) - 1
        return i

    # -- reading ------------------------------------------------------------

    def is_group(self, row: int) -> bool:
        return 0 <= row < len(self._items) and self._items[row].row is None

    def queue_row(self, row: int) -> QueueRow | None:
        if not 0 <= row < len(self._items):
            return None
        i = self._items[row].row
        return None if i is None else self._rows[i]

    def group_at(self, row: int) -> QueueGroup | None:
        if not 0 <= row < len(self._items):
            return None
        return self._groups[self._items[row].group]

    def rows_of_group(self, row: int) -> list[int]:
        """The model rows of the changes loaded in the group of model row ``row``."""
        if not 0 <= row < len(self._items):
            return []
        g = self._items[row].group
        return [i for i, it in enumerate(self._items) if it.group == g and it.row is not None]

    def group_rows(self) -> list[int]:
        return [i for i, it in enumerate(self._items) if it.row is None]

    def row_of_change(self, change_id: int) -> int:
        for i, it in enumerate(self._items):
            if it.row is not None and self._rows[it.row].change_id == change_id:
                return i
        return -1

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._items)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_group(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def soon(self, g: QueueGroup) -> bool:
        left = time_between(self._now(), g.deadline)
        return timedelta(0) < left <= SOON

    def group_text(self, g: QueueGroup) -> str:
        left = time_between(self._now(), g.deadline)
        if left > timedelta(0):
            deadline = (
                self.tr("deadline %1 (in %2)")
                .replace("%1", texts.fmt_day_time(g.deadline))
                .replace("%2", texts.countdown(left))
            )
        else:
            deadline = self.tr("deadline %1 passed: being packed").replace(
                "%1", texts.fmt_day_time(g.deadline)
            )
        parts = [
            f"{g.pharmacy} · {g.packing_group}",
            deadline,
            self.tr("roll from %1").replace("%1", texts.fmt_day(g.first_day)),
        ]
        counts = [self.tr("%n change(s)", "", g.count)]
        if g.registered:
            counts.append(self.tr("%n to confirm", "", g.registered))
        if g.missed:
            counts.append(self.tr("%n missed a deadline", "", g.missed))
        if g.acute:
            counts.append(self.tr("%n acute", "", g.acute))
        return "   ".join(parts) + "   —   " + ", ".join(counts)

    def data(self, index: Index, role: int = DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        g = self._groups[item.group]
        col = index.column()
        if role == DeskRole.IsGroupRole:
            return item.row is None
        if role == DeskRole.GroupRole:
            return g
        if item.row is None:
            return self._group_data(g, col, role)
        r = self._rows[item.row]
        if role == DeskRole.DtoRole:
            return r
        if role == DeskRole.CprRole:
            return r.cpr
        if role == DeskRole.IdRole:
            return r.change_id
        if role in (DisplayRole, AccessibleRole):
            return self._text(r, col)
        if role == ToolTipRole:
            if col == self.COL_MISSED and r.days_before_roll:
                first, last = r.days_before_roll
                return (
                    self.tr("Wanted from %1: handle the bags or dispense by hand %1–%2")
                    .replace("%1", texts.fmt_date(first))
                    .replace("%2", texts.fmt_date(last))
                )
            if col == self.COL_MISSED and r.missed_deadlines:
                return self.tr(
                    "Not confirmed before %n earlier deadline(s)", "", r.missed_deadlines
                )
            if col == self.COL_STATE and r.state is ChangeState.REGISTERED and self.soon(g):
                return self.tr("Deadline within 24 hours: confirm now")
            return None
        if role == BackgroundRole:
            if r.missed_deadlines:
                return QBrush(MISSED_BG)
            if r.state is ChangeState.REGISTERED and self.soon(g) and col == self.COL_STATE:
                return QBrush(SOON_BG)
            return None
        alert = (col == self.COL_MISSED and (r.missed_deadlines > 0 or r.days_before_roll)) or (
            col == self.COL_ACUTE and r.acute
        )
        if role == ForegroundRole and alert:
            return QBrush(ALERT_FG)
        if role == FontRole and col == self.COL_MISSED and r.missed_deadlines:
            return bold_font()
        return None

    def _group_data(self, g: QueueGroup, col: int, role: int) -> Any:
        if role in (DisplayRole, AccessibleRole):
            return self.group_text(g) if col == 0 else None
        if role == BackgroundRole:
            return QBrush(SOON_BG if self.soon(g) else GROUP_BG)
        if role == FontRole:
            return bold_font()
        if role == ToolTipRole and col == 0 and self.soon(g):
            return self.tr("The deadline is within 24 hours")
        return None

    def _text(self, r: QueueRow, col: int) -> str:
        if col == self.COL_CITIZEN:
            return r.citizen_name
        if col == self.COL_CPR:
            return format_cpr(r.cpr)
        if col == self.COL_TEAM:
            return r.team_name
        if col == self.COL_KIND:
            return texts.kind_label(r.kind)
        if col == self.COL_DRUG:
            return " ".join(x for x in (r.product_label, r.dosage) if x)
        if col == self.COL_STATE:
            return texts.state_label(r.state)
        if col == self.COL_ACUTE:
            return self.tr("acute") if r.acute else ""
        if col == self.COL_MISSED:
            missed = str(r.missed_deadlines) if r.missed_deadlines else ""
            if r.days_before_roll:
                later = self.tr("wanted from %1").replace(
                    "%1", texts.fmt_date(r.days_before_roll[0])
                )
                return f"{missed} ({later})" if missed else later
            return missed
        if col == self.COL_REGISTERED:
            at = r.registered_at
            return f"{format_moment_numeric(at)} · {r.registered_by_name or r.registered_by}"
        return ""


# ---------------------------------------------------------------------------
# The other lists
# ---------------------------------------------------------------------------


class AcuteWords(QObject):
    """The acute review's counted phrases. A QObject for its ``tr()`` context: lupdate reads a
    plural only from ``tr()`` (``QCoreApplication.translate`` with a counted expression is not
    extracted at all, and the desk showed these in English)."""

    def if_waited(self, days: int, first_day: str) -> str:
        """The list's column: how long the citizen would have waited, and for which roll."""
        return self.tr("%n day(s), roll %1", "", days).replace("%1", first_day)

    def if_waited_detail(self, days: int, first_day: str, deadline: str) -> str:
        """The detail pane's sentence on the same."""
        text = self.tr(
            "the next roll started %1 (deadline %2), %n day(s) after the decision.", "", days
        )
        return text.replace("%1", first_day).replace("%2", deadline)


def acute_model(parent: QObject | None = None) -> ListModel[AcuteReview]:
    words = AcuteWords(parent)

    def waited(r: AcuteReview) -> str:
        if r.if_waited_first_day is None:
            return ""
        return words.if_waited(r.days_to_next_roll or 0, texts.fmt_day(r.if_waited_first_day))

    def waited_tip(r: AcuteReview) -> str | None:
        if r.if_waited_first_day is None or r.if_waited_deadline is None:
            return None
        return (
            QCoreApplication.translate(
                "coordinator",
                "Recorded when it was decided: the next roll started %1, its deadline was %2.",
            )
            .replace("%1", texts.fmt_date(r.if_waited_first_day))
            .replace("%2", texts.fmt_datetime(r.if_waited_deadline))
        )

    def handling(r: AcuteReview) -> str:
        return "; ".join(texts.handling_label(k) for k, _ in r.handlings)

    def follow(r: AcuteReview) -> str:
        return (
            texts.state_label(r.follow_up_state)
            if r.follow_up_state
            else QCoreApplication.translate("coordinator", "none")
        )

    return ListModel(
        [
            Column(
                QCoreApplication.translate("coordinator", "Registered"),
                lambda r: (
                    f"{texts.fmt_date_num(r.registered_at.date())} "
                    f"{texts.fmt_time(r.registered_at)}"
                ),
            ),
            Column(QCoreApplication.translate("coordinator", "Citizen"), lambda r: r.citizen_name),
            Column(QCoreApplication.translate("coordinator", "Team"), lambda r: r.team_name),
            Column(
                QCoreApplication.translate("coordinator", "Change"),
                lambda r: f"{texts.kind_label(r.kind)}: {r.product_label} {r.dosage}".strip(),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Reason"),
                lambda r: r.reason,
                tip=lambda r: r.reason or None,
            ),
            Column(QCoreApplication.translate("coordinator", "Doctor"), lambda r: r.doctor),
            Column(
                QCoreApplication.translate("coordinator", "Handling"),
                handling,
                tip=lambda r: "\n".join(n for _, n in r.handlings if n) or None,
            ),
            Column(
                QCoreApplication.translate("coordinator", "If it had waited"),
                waited,
                bold=lambda r: (r.days_to_next_roll or 99) <= 3,
                tip=waited_tip,
                header_tip=QCoreApplication.translate(
                    "coordinator", "Days from the decision to the next roll, recorded then"
                ),
            ),
            Column(QCoreApplication.translate("coordinator", "Follow-up in the roll"), follow),
            Column(
                QCoreApplication.translate("coordinator", "By"),
                lambda r: r.registered_by_name or r.registered_by,
            ),
        ],
        cpr=lambda r: r.cpr,
        ident=lambda r: r.change_id,
        parent=parent,
    )


def flags_model(
    marks: Callable[[], dict[tuple[int, int], FlagMark]], parent: QObject | None = None
) -> ListModel[FlagDTO]:
    """``marks()`` gives the latest mark of each pair (asked when a row is shown)."""

    def status(f: FlagDTO) -> str:
        mk = marks().get((f.line_a, f.line_b))
        if f.acknowledged:
            return QCoreApplication.translate("coordinator", "Intentional: %1").replace(
                "%1", f.ack_reason
            )
        if mk is not None and mk.kind == "sent_to_doctor":
            return QCoreApplication.translate("coordinator", "Sent to the doctor %1").replace(
                "%1", texts.fmt_date_num(mk.at.date())
            )
        return ""

    def sev_fg(f: FlagDTO) -> QColor | None:
        return ALERT_FG if f.severity is Severity.HIGH else None

    return ListModel(
        [
            Column(
                QCoreApplication.translate("coordinator", "Severity"),
                lambda f: texts.severity_label(f.severity),
                fg=sev_fg,
                bold=lambda f: f.severity is Severity.HIGH,
            ),
            Column(QCoreApplication.translate("coordinator", "Citizen"), lambda f: f.citizen_name),
            Column(QCoreApplication.translate("coordinator", "CPR"), lambda f: format_cpr(f.cpr)),
            Column(QCoreApplication.translate("coordinator", "Team"), lambda f: f.team_name),
            Column(
                QCoreApplication.translate("coordinator", "Line A"),
                lambda f: f"{f.label_a} · {texts.supply_label(f.supply_a)}",
                tip=lambda f: f"ATC {f.atc_a}",
            ),
            Column(
                QCoreApplication.translate("coordinator", "Line B"),
                lambda f: f"{f.label_b} · {texts.supply_label(f.supply_b)}",
                tip=lambda f: f"ATC {f.atc_b}",
            ),
            Column(
                QCoreApplication.translate("coordinator", "Both from"),
                lambda f: texts.fmt_date_num(f.overlap_from),
            ),
            Column(QCoreApplication.translate("coordinator", "Status"), status),
        ],
        cpr=lambda f: f.cpr,
        parent=parent,
    )


def renewals_model(parent: QObject | None = None) -> ListModel[RenewalDTO]:
    """Renewals: each with its state (expired, within 7 days, within 28 days) in words and in
    colour, the most urgent first (the service sorts by the last valid day)."""

    def until_fg(r: RenewalDTO) -> QColor | None:
        return ALERT_FG if r.urgency is RenewalUrgency.EXPIRED else None

    def urgency_bg(r: RenewalDTO) -> QColor | None:
        return QColor(texts.RENEWAL_BG[r.urgency]) if r.urgency else None

    return ListModel(
        [
            Column(QCoreApplication.translate("coordinator", "Citizen"), lambda r: r.citizen_name),
            Column(QCoreApplication.translate("coordinator", "CPR"), lambda r: format_cpr(r.cpr)),
            Column(QCoreApplication.translate("coordinator", "Drug"), lambda r: r.product_label),
            Column(
                QCoreApplication.translate("coordinator", "Prescription valid until"),
                lambda r: texts.fmt_date_num(r.valid_until) if r.valid_until else "",
                fg=until_fg,
                bg=urgency_bg,
            ),
            Column(
                QCoreApplication.translate("coordinator", "Renewal"),
                lambda r: texts.renewal_urgency_label(r.urgency),
                bg=urgency_bg,
                bold=lambda r: r.urgency is RenewalUrgency.EXPIRED,
            ),
            Column(
                QCoreApplication.translate("coordinator", "State"),
                lambda r: texts.renewal_state_label(r.state),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Sent"),
                lambda r: texts.fmt_date_num(r.sent_at.date()) if r.sent_at else "",
            ),
            Column(
                QCoreApplication.translate("coordinator", "Rejection reason"),
                lambda r: texts.rejection_label(r.rejection_reason),
            ),
        ],
        cpr=lambda r: r.cpr,
        ident=lambda r: r.line_id,
        parent=parent,
    )


def tasks_model(parent: QObject | None = None) -> ListModel[TaskDTO]:
    return ListModel(
        [
            Column(QCoreApplication.translate("coordinator", "Team"), lambda t: t.team_name),
            Column(QCoreApplication.translate("coordinator", "Citizen"), lambda t: t.citizen_name),
            Column(
                QCoreApplication.translate("coordinator", "Task"),
                lambda t: t.text,
                tip=lambda t: t.text,
            ),
            Column(
                QCoreApplication.translate("coordinator", "Since"),
                lambda t: texts.fmt_date_num(t.created_at.date()),
            ),
        ],
        cpr=lambda t: t.cpr,
        ident=lambda t: t.id,
        parent=parent,
    )


def failures_model(parent: QObject | None = None) -> ListModel[SupplyFailureDTO]:
    return ListModel(
        [
            Column(QCoreApplication.translate("coordinator", "Product"), lambda f: f.product_label),
            Column(QCoreApplication.translate("coordinator", "ATC"), lambda f: f.atc),
            Column(
                QCoreApplication.translate("coordinator", "From"),
                lambda f: texts.fmt_date_num(f.from_day),
            ),
            Column(
                QCoreApplication.translate("coordinator", "To"),
                lambda f: (
                    texts.fmt_date_num(f.to_day)
                    if f.to_day
                    else QCoreApplication.translate("coordinator", "open")
                ),
            ),
            Column(QCoreApplication.translate("coordinator", "Note"), lambda f: f.note),
        ],
        ident=lambda f: f.id,
        parent=parent,
    )


def affected_model(parent: QObject | None = None) -> ListModel[AffectedLine]:
    return ListModel(
        [
            Column(QCoreApplication.translate("coordinator", "Citizen"), lambda a: a.citizen_name),
            Column(QCoreApplication.translate("coordinator", "CPR"), lambda a: format_cpr(a.cpr)),
            Column(QCoreApplication.translate("coordinator", "Team"), lambda a: a.team_name),
            Column(QCoreApplication.translate("coordinator", "Dosage"), lambda a: a.dosage),
            Column(
                QCoreApplication.translate("coordinator", "Line from"),
                lambda a: texts.fmt_date_num(a.valid_from),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Line to"),
                lambda a: texts.fmt_date_num(a.valid_to) if a.valid_to else "",
            ),
            Column(
                QCoreApplication.translate("coordinator", "Given beside the roll"),
                lambda a: yes_no(a.handled),
                fg=lambda a: None if a.handled else ALERT_FG,
                bold=lambda a: not a.handled,
            ),
        ],
        cpr=lambda a: a.cpr,
        ident=lambda a: a.line_id,
        parent=parent,
    )


class ContactMode(enum.Enum):
    ADMITTED = "admitted"
    WINDOWS = "windows"
    DISCHARGES = "discharges"


def contacts_model(
    mode: ContactMode, now: Callable[[], datetime], parent: QObject | None = None
) -> ListModel[ContactDTO]:
    def missing(c: ContactDTO) -> str:
        items = [
            (c.epicrisis_received, QCoreApplication.translate("coordinator", "epicrisis")),
            (c.fmk_checked, QCoreApplication.translate("coordinator", "FMK checked")),
            (c.changes_registered, QCoreApplication.translate("coordinator", "changes registered")),
            (
                c.dd_decided,
                QCoreApplication.translate("coordinator", "dose dispensing resumed or kept paused"),
            ),
        ]
        return ", ".join(label for done, label in items if not done)

    def left(c: ContactDTO) -> str:
        if c.responsibility_until is None:
            return ""
        return texts.countdown(time_between(now(), c.responsibility_until))

    def soon(c: ContactDTO) -> bool:
        return (
            c.responsibility_until is not None
            and time_between(now(), c.responsibility_until) <= SOON
        )

    citizen: list[Column[ContactDTO]] = [
        Column(QCoreApplication.translate("coordinator", "Citizen"), lambda c: c.citizen_name),
        Column(QCoreApplication.translate("coordinator", "CPR"), lambda c: format_cpr(c.cpr)),
    ]
    place: Column[ContactDTO] = Column(
        QCoreApplication.translate("coordinator", "Hospital and department"),
        lambda c: f"{c.hospital}, {c.department}",
    )
    phone: Column[ContactDTO] = Column(
        QCoreApplication.translate("coordinator", "Phone"), lambda c: format_phone(c.phone)
    )
    if mode is ContactMode.ADMITTED:
        cols = [
            *citizen,
            place,
            phone,
            Column(
                QCoreApplication.translate("coordinator", "Admitted"),
                lambda c: texts.fmt_datetime(c.started_at),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Dose dispensing"),
                lambda c: (
                    QCoreApplication.translate("coordinator", "paused")
                    if c.dd_paused
                    else QCoreApplication.translate("coordinator", "not paused")
                ),
                fg=lambda c: None if c.dd_paused else ALERT_FG,
            ),
        ]
    elif mode is ContactMode.WINDOWS:
        cols = [
            *citizen,
            place,
            phone,
            Column(
                QCoreApplication.translate("coordinator", "Discharged"),
                lambda c: texts.fmt_datetime(c.ended_at) if c.ended_at else "",
            ),
            Column(
                QCoreApplication.translate("coordinator", "72 hours end"),
                lambda c: (
                    texts.fmt_datetime(c.responsibility_until) if c.responsibility_until else ""
                ),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Time left"),
                left,
                fg=lambda c: ALERT_FG if soon(c) else None,
                bold=soon,
            ),
        ]
    else:
        cols = [
            *citizen,
            place,
            Column(
                QCoreApplication.translate("coordinator", "Discharged"),
                lambda c: texts.fmt_datetime(c.ended_at) if c.ended_at else "",
            ),
            Column(
                QCoreApplication.translate("coordinator", "Not done"),
                missing,
                fg=lambda c: ALERT_FG,
            ),
        ]
    return ListModel(cols, cpr=lambda c: c.cpr, ident=lambda c: c.id, parent=parent)


@dataclass(frozen=True, slots=True)
class FigureRow:
    """One line of the figures table: a team or the municipality."""

    scope: str
    on_dd: int
    over75: int
    share75: float | None
    acute_share: float | None  # the window that is running
    missed: int  # the window that is running
    flags: tuple[int, int, int]  # high, review, info today


def fmt_pct(value: float | None) -> str:
    """``12,5 %`` in Danish (the locale's decimal mark); ``–`` when there is nothing to divide."""
    if value is None:
        return "–"
    return QLocale().toString(100 * value, "f", 1) + " %"


def figures_model(parent: QObject | None = None) -> ListModel[FigureRow]:
    return ListModel(
        [
            Column(QCoreApplication.translate("coordinator", "Team"), lambda r: r.scope),
            Column(
                QCoreApplication.translate("coordinator", "On DD"),
                lambda r: fmt_int(r.on_dd),
                header_tip=QCoreApplication.translate(
                    "coordinator", "Citizens on dose dispensing today"
                ),
            ),
            Column(
                QCoreApplication.translate("coordinator", "75+"),
                lambda r: fmt_int(r.over75),
                header_tip=QCoreApplication.translate(
                    "coordinator", "Citizens on dose dispensing aged 75 or more"
                ),
            ),
            Column(
                QCoreApplication.translate("coordinator", "75+ share"), lambda r: fmt_pct(r.share75)
            ),
            Column(
                QCoreApplication.translate("coordinator", "Acute"),
                lambda r: fmt_pct(r.acute_share),
                header_tip=QCoreApplication.translate(
                    "coordinator", "Share of acute changes in the running two weeks"
                ),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Missed"),
                lambda r: fmt_int(r.missed),
                header_tip=QCoreApplication.translate(
                    "coordinator", "Missed deadlines in the running two weeks"
                ),
            ),
            Column(
                QCoreApplication.translate("coordinator", "Double prescriptions"),
                lambda r: " / ".join(str(x) for x in r.flags),
                header_tip=QCoreApplication.translate(
                    "coordinator", "Open double prescriptions today: high / review / info"
                ),
            ),
        ],
        parent=parent,
    )


def fmt_int(n: int) -> str:
    """``85.000`` in Danish, ``85,000`` in English (the locale's group separator)."""
    return QLocale().toString(n)
