"""The figures a medicine coordinator follows, per team and for the whole municipality.

Everything is counted in SQL over the whole population (``GROUP BY`` team), so the numbers are
the same at 300 and at 85,000 citizens; only the double-prescription series runs the R5 rule in
Python (``domain.doubles.double_pairs_on_days``: all nine days in one pass), on the versions of
the candidate groups the database keeps (``flag_candidates``, read in one statement).

Definitions (also shown as tooltips on the figures screen):

* **On dose dispensing** (on DD): a citizen with a dose card and at least one line in force today
  that is not discontinued (a paused card still counts: the pause is temporary).
* **75+**: aged 75 or more today (from ``birth_date``; born 29 February ages on 1 March).
  *75+ share of DD* = 75+ on DD / on DD; *coverage of the 75+ population* = 75+ on DD / the
  municipality's 75+ population, a setting (meta ``population_75plus``) the coordinator keeps
  up to date from Danmarks Statistik. The coordinator also sets a target for citizens on DD
  (meta ``target_citizens``).
* **Windows**: the periods of different packing groups do not line up (pharmacies start on
  different weekdays), so the per-period figures use calendar windows of 14 days that match
  ISO week pairs: each window runs Monday to Sunday two weeks later, the last one is the window
  that contains today (so it is still running), and there are 8 of them.
* **Share of acute changes** in a window: acute changes / all changes *registered* in the window
  (by ``registered_at``). Follow-ups that an acute change creates itself are not counted (they are
  not a decision of their own), nor are cancelled changes (registered by mistake).
* **Missed deadlines** in a window: every deadline a change passed unconfirmed, counted at the
  deadline's own moment: a change that moved from its original period to its target period
  missed the deadlines of the periods of its packing group from the original one up to (not
  including) the target. A change that missed two deadlines counts twice.
* **Open double prescriptions on a day D**: the R5 flags between two lines that were both in force
  on D (from today's line history), of each severity, minus those acknowledged as intentional on
  or before D whose acknowledgement still held on D. Computed weekly for the last 8 weeks and
  today. (The Double prescriptions list also shows flags that only begin with a coming change,
  so on today it can show a few more than this figure.)

Size: every figure of the coordinator's desk and its CSV exports; each figure is one
set-based query and the few lines that shape it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.orm import Session

from dosisdesk import words
from dosisdesk.domain.calendar import cph_datetime, iso_week
from dosisdesk.domain.cpr import mask_cpr
from dosisdesk.domain.doubles import double_pairs_on_days, held_by, holding
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.domain.text import danish_sort_key
from dosisdesk.domain.types import SEVERITY_RANK, Role, Severity
from dosisdesk.services import audit, change_state, queue
from dosisdesk.services.context import Ctx
from dosisdesk.storage import figures as figures_sql
from dosisdesk.storage import models as m
from dosisdesk.words import CHANGE_KIND, CHANGE_STATE

__all__ = [
    "SETTINGS",
    "CitizenCount",
    "Figures",
    "Window",
    "figures",
    "figures_csv_rows",
    "queue_csv_rows",
    "read_settings",
    "set_setting",
    "windows",
    "write_csv",
]

#: The settings a coordinator may change here, with their names for messages.
SETTINGS = words.Labels("figure_setting")

WINDOW_DAYS = 14
WINDOWS = 8
FLAG_WEEKS = 8

#: Key of the whole municipality in the per-scope maps (teams are keyed by their name).
MUNICIPALITY: str | None = None


# ---------------------------------------------------------------------------
# Settings
# ---------------------------------------------------------------------------


def read_settings(ctx: Ctx) -> dict[str, int | None]:
    """The figure settings (``None`` when not set or not a number)."""
    with ctx.db.begin() as s:
        return _settings(s)


def _settings(s: Session) -> dict[str, int | None]:
    rows = figures_sql.meta_values(s, SETTINGS)
    out: dict[str, int | None] = {}
    for key in SETTINGS:
        raw = (rows.get(key) or "").strip()
        out[key] = int(raw) if raw.isdigit() else None
    return out


def set_setting(ctx: Ctx, key: str, value: int | None) -> None:
    """Set (or, with ``None``, clear) one of :data:`SETTINGS`. Coordinators and administrators."""
    ctx.require_role(Role.COORDINATOR, Role.ADMINISTRATOR)
    if key not in SETTINGS:
        raise InvalidInput("services.figures.unknown_setting", key=key)
    if value is not None and not 0 < value <= 10_000_000:
        raise InvalidInput(
            "services.figures.must_positive_number_got", key=key, value=value, key2=SETTINGS[key]
        )
    with ctx.db.begin() as s:
        row = s.get(m.Meta, key)
        before = row.value if row else None
        if value is None:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(m.Meta(key=key, value=str(value)))
        else:
            row.value = str(value)
        s.flush()
        audit.record(
            s,
            ctx.actor,
            ctx.now(),
            "setting.set",
            "meta",
            None,
            None,
            before={key: before},
            after={key: value},
        )


# ---------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Window:
    """A calendar window, first and last day inclusive."""

    first_day: date
    last_day: date

    @property
    def weeks(self) -> tuple[int, int]:
        return iso_week(self.first_day), iso_week(self.last_day)

    def start(self) -> datetime:
        return cph_datetime(self.first_day, time(0, 0))

    def end(self) -> datetime:
        return cph_datetime(self.last_day + timedelta(days=1), time(0, 0))


@dataclass(frozen=True, slots=True)
class CitizenCount:
    on_dd: int
    over75: int

    @property
    def share75(self) -> float | None:
        """75+ share of the citizens on DD (0..1)."""
        return self.over75 / self.on_dd if self.on_dd else None


@dataclass(frozen=True)
class Figures:
    """All figures, for every team and the municipality (key ``None``)."""

    today: date
    municipality: str
    population_75plus: int | None
    target_citizens: int | None
    teams: tuple[str, ...]
    citizens: Mapping[str | None, CitizenCount]
    windows: tuple[Window, ...]
    #: per scope, per window: (acute, all)
    acute: Mapping[str | None, tuple[tuple[int, int], ...]]
    #: per scope, per window: missed deadlines
    missed: Mapping[str | None, tuple[int, ...]]
    flag_days: tuple[date, ...]
    #: per scope, per day in ``flag_days``: open flags by severity
    flags: Mapping[str | None, tuple[Mapping[Severity, int], ...]]
    seconds: Mapping[str, float] = field(default_factory=dict)

    @property
    def scopes(self) -> tuple[str | None, ...]:
        return (MUNICIPALITY, *self.teams)

    @property
    def coverage75(self) -> float | None:
        """75+ on DD / the municipality's 75+ population (0..1)."""
        pop = self.population_75plus
        return self.citizens[MUNICIPALITY].over75 / pop if pop else None

    def acute_share(self, scope: str | None) -> tuple[float | None, ...]:
        return tuple(a / n if n else None for a, n in self.acute[scope])

    def flags_now(self, scope: str | None) -> Mapping[Severity, int]:
        return self.flags[scope][-1]


def windows(today: date, count: int = WINDOWS, days: int = WINDOW_DAYS) -> tuple[Window, ...]:
    """``count`` windows of ``days`` days, oldest first. The last one ends on the Sunday of
    today's ISO week (so it contains today and is still running); with 14 days each window is
    two whole ISO weeks, Monday to Sunday."""
    sunday = today + timedelta(days=6 - today.weekday())
    out = []
    for k in range(count - 1, -1, -1):
        last = sunday - timedelta(days=k * days)
        out.append(Window(last - timedelta(days=days - 1), last))
    return tuple(out)


def flag_days(today: date, weeks: int = FLAG_WEEKS) -> tuple[date, ...]:
    """Today and the same weekday in each of the ``weeks`` weeks before, oldest first."""
    return tuple(today - timedelta(weeks=k) for k in range(weeks, -1, -1))


# ---------------------------------------------------------------------------
# Computing
# ---------------------------------------------------------------------------


def figures(ctx: Ctx) -> Figures:
    """Compute every figure (a few queries; the flag series is the costly part, see module doc)."""
    import time as _time

    now = ctx.now()
    today = now.date()
    secs: dict[str, float] = {}
    with ctx.db.read() as s:
        teams = figures_sql.team_names(s)
        order = tuple(sorted(teams.values(), key=danish_sort_key))
        settings = _settings(s)
        muni = figures_sql.meta_value(s, "municipality") or ""
        t0 = _time.perf_counter()
        citizens = _citizen_counts(s, today, teams)
        t1 = _time.perf_counter()
        wins = windows(today)
        acute = _acute_counts(s, wins, teams)
        t2 = _time.perf_counter()
        missed = _missed_counts(s, wins, teams, now)
        t3 = _time.perf_counter()
        days = flag_days(today)
        flags = _flag_series(s, days, teams)
        t4 = _time.perf_counter()
        secs = {"citizens": t1 - t0, "acute": t2 - t1, "missed": t3 - t2, "flags": t4 - t3}
    return Figures(
        today=today,
        municipality=muni,
        population_75plus=settings["population_75plus"],
        target_citizens=settings["target_citizens"],
        teams=order,
        citizens=citizens,
        windows=wins,
        acute=acute,
        missed=missed,
        flag_days=days,
        flags=flags,
        seconds=secs,
    )


def _scopes(teams: Mapping[int, str]) -> list[str | None]:
    return [MUNICIPALITY, *teams.values()]


def _cutoff75(day: date) -> date:
    """The latest birth date of someone aged 75 or more on ``day``."""
    try:
        return day.replace(year=day.year - 75)
    except ValueError:  # 29 February
        return date(day.year - 75, 2, 28)


def _citizen_counts(
    s: Session, today: date, teams: Mapping[int, str]
) -> dict[str | None, CitizenCount]:
    rows = figures_sql.on_dd_by_team(s, today, _cutoff75(today))
    out = {scope: CitizenCount(0, 0) for scope in _scopes(teams)}
    total_dd = total_old = 0
    for tid, n, n_old in rows:
        total_dd += int(n)
        total_old += int(n_old)
        if tid is not None and tid in teams:
            out[teams[tid]] = CitizenCount(n, n_old)
    out[MUNICIPALITY] = CitizenCount(total_dd, total_old)
    return out


def _acute_counts(
    s: Session, wins: Sequence[Window], teams: Mapping[int, str]
) -> dict[str | None, tuple[tuple[int, int], ...]]:
    rows = figures_sql.acute_by_team_window(s, wins[0].start(), [w.end() for w in wins])
    acc: dict[str | None, list[list[int]]] = {
        scope: [[0, 0] for _ in wins] for scope in _scopes(teams)
    }
    for tid, i, n, n_acute in rows:
        scopes = [MUNICIPALITY] + ([teams[tid]] if tid is not None and tid in teams else [])
        for scope in scopes:
            acc[scope][i][0] += n_acute
            acc[scope][i][1] += n
    return {k: tuple((a, n) for a, n in v) for k, v in acc.items()}


def _missed_counts(
    s: Session, wins: Sequence[Window], teams: Mapping[int, str], now: datetime
) -> dict[str | None, tuple[int, ...]]:
    """Deadlines missed up to ``now``, each change's target as it stands now (``change_state``:
    also the moves the queue clock has not stored yet)."""
    rows = figures_sql.missed_by_team_window(
        s, wins[0].start(), [w.end() for w in wins], lambda target: change_state.sql_at(target, now)
    )
    acc: dict[str | None, list[int]] = {scope: [0] * len(wins) for scope in _scopes(teams)}
    for tid, i, n in rows:
        acc[MUNICIPALITY][i] += n
        if tid is not None and tid in teams:
            acc[teams[tid]][i] += n
    return {k: tuple(v) for k, v in acc.items()}


def _flag_series(
    s: Session, days: Sequence[date], teams: Mapping[int, str]
) -> dict[str | None, tuple[Mapping[Severity, int], ...]]:
    # the versions of the groups the database keeps as candidates (every flag's two lines are
    # in one), in force on some day of the series, each with its citizen's team
    rows = figures_sql.candidate_spans(s, min(days), max(days))
    acks = figures_sql.intentional_acks(s)
    team_of = {row[2]: row[11] for row in rows}
    # the rule on each day's versions, all days in one pass
    per_day = double_pairs_on_days(rows, days)
    acc: dict[str | None, list[list[int]]] = {
        scope: [[0, 0, 0] for _ in days] for scope in _scopes(teams)
    }
    municipality = acc[MUNICIPALITY]
    for i, (d, found) in enumerate(zip(days, per_day, strict=True)):
        # the acknowledgements made by then that still hold that day
        held = holding([a for made, a in acks if made <= d], d)
        for (citizen_id, line_a, line_b), (rank, version_a, version_b) in found.items():
            if held_by(line_a, version_a, line_b, version_b) in held:
                continue
            municipality[i][rank] += 1
            tid = team_of.get(citizen_id)
            if tid is not None and tid in teams:
                acc[teams[tid]][i][rank] += 1
    return {
        scope: tuple({sev: c[SEVERITY_RANK[sev]] for sev in Severity} for c in counters)
        for scope, counters in acc.items()
    }


# ---------------------------------------------------------------------------
# CSV
# ---------------------------------------------------------------------------

#: Danish spreadsheets read ``;`` as the separator and ``,`` as the decimal mark; the file starts
#: with a byte order mark so Excel reads æ, ø and å right.
CSV_DELIMITER = ";"


def _num(value: float | int | None, decimals: int = 1) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return f"{value:.{decimals}f}".replace(".", ",")


def write_csv(out: TextIO | Path, header: Sequence[str], rows: Iterable[Sequence[str]]) -> int:
    """Write a CSV for a Danish spreadsheet (``;``, UTF-8 with BOM when writing a file).
    Returns the number of data rows."""
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8-sig", newline="") as fh:
            return write_csv(fh, header, rows)
    w = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    w.writerow(header)
    n = 0
    for row in rows:
        w.writerow(row)
        n += 1
    return n


FIGURES_HEADER = words.FIGURES_HEADER


def figures_csv_rows(fig: Figures) -> list[list[str]]:
    """The figures as one long table (scope, measure, from, to, value): easy to pivot."""
    today = fig.today.isoformat()
    rows: list[list[str]] = []
    muni = fig.municipality or words.FIGURE["municipality"]
    label = words.FIGURE

    def name(scope: str | None) -> str:
        return muni if scope is None else scope

    for scope in fig.scopes:
        cc = fig.citizens[scope]
        rows.append([name(scope), label["on_dd"], today, today, _num(cc.on_dd)])
        rows.append([name(scope), label["over75"], today, today, _num(cc.over75)])
        share = None if cc.share75 is None else 100 * cc.share75
        rows.append([name(scope), label["share75"], today, today, _num(share)])
    rows.append([muni, label["target"], today, today, _num(fig.target_citizens)])
    rows.append([muni, label["population75"], today, today, _num(fig.population_75plus)])
    cov = None if fig.coverage75 is None else 100 * fig.coverage75
    rows.append([muni, label["coverage75"], today, today, _num(cov)])
    for scope in fig.scopes:
        for w, (a, n), missed in zip(fig.windows, fig.acute[scope], fig.missed[scope], strict=True):
            f, t = w.first_day.isoformat(), w.last_day.isoformat()
            rows.append([name(scope), label["changes"], f, t, _num(n)])
            rows.append([name(scope), label["acute"], f, t, _num(a)])
            rows.append([name(scope), label["acute_share"], f, t, _num(100 * a / n if n else None)])
            rows.append([name(scope), label["missed"], f, t, _num(missed)])
    for scope in fig.scopes:
        for d, counts in zip(fig.flag_days, fig.flags[scope], strict=True):
            for sev in Severity:
                rows.append(
                    [
                        name(scope),
                        words.phrase("figures.open_flags", severity=sev),
                        d.isoformat(),
                        d.isoformat(),
                        _num(counts[sev]),
                    ]
                )
    return rows


QUEUE_HEADER = words.QUEUE_HEADER


def queue_csv_rows(ctx: Ctx, f: Any, *, page: int = 2000) -> Iterator[list[str]]:
    """The change queue for ``f`` (an :class:`~dosisdesk.services.queue.QueueFilter`), every
    row, in the queue's order. CPR numbers are masked (DDMMYY-xxxx) and changes to private-marked
    lines are left out (R11). The export is written to the audit log when the first page is read.
    """
    private = _private_change_ids(ctx, f)
    offset = 0
    logged = False
    while True:
        rows = queue.queue(ctx, f, limit=page, offset=offset)
        if not logged:
            with ctx.db.begin() as s:
                audit.record(
                    s,
                    ctx.actor,
                    ctx.now(),
                    "queue.export",
                    "change",
                    None,
                    None,
                    after={"filter": {k: str(v) for k, v in vars(f).items() if v}},
                )
            logged = True
        for r in rows:
            if r.change_id in private:
                continue
            yield [
                r.pharmacy,
                r.packing_group,
                r.deadline.strftime("%d-%m-%Y %H:%M"),
                r.period_first_day.strftime("%d-%m-%Y"),
                r.citizen_name,
                mask_cpr(r.cpr),
                r.team_name,
                CHANGE_KIND[r.kind],
                r.product_label,
                r.dosage,
                CHANGE_STATE[r.state],
                "ja" if r.acute else "nej",
                str(r.missed_deadlines),
                r.registered_at.strftime("%d-%m-%Y %H:%M"),
                r.registered_by,
            ]
        if len(rows) < page:
            return
        offset += page


def _private_change_ids(ctx: Ctx, f: Any) -> set[int]:
    """Open changes that touch a private-marked line (their own versions or their line's)."""
    with ctx.db.begin() as s:
        return figures_sql.private_open_change_ids(s)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """The CSV as a string (tests, the clipboard)."""
    buf = io.StringIO()
    write_csv(buf, header, rows)
    return buf.getvalue()
