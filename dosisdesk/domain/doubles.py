"""Double prescriptions (R5): detection, acknowledgements and the open list.

Detection works on ordination *versions* (:class:`~dosisdesk.domain.types.LineSpan`), by active
substance (ATC), never by trade name. This module is the per-citizen implementation and the oracle
the set-based SQL version is tested against, so every rule is spelled out here exactly.

Which spans take part
    A span takes part when all of these hold:

    * ``status`` is ``ACTIVE`` (paused and discontinued versions are ignored);
    * ``supply_failure`` is false (a line given beside the roll because of a supply failure is a
      temporary ordinary line, not a double prescription, R8);
    * it is not *exempt*: a span with ``supply == ORDINARY``, ``origin_acute_change_id`` set and
      ``follow_up_effective`` known is exempt when ``valid_to`` is set and
      ``valid_to <= follow_up_effective``. ``valid_to`` is exclusive, so such a span's last day is
      at the latest the day before the follow-up takes effect. A span with no end, with an end
      later than that, or with an unknown ``follow_up_effective`` is not exempt. The exemption is
      decided per span (version), from the span's own fields;
    * its ATC code, after ``strip().upper()``, has exactly 7 characters (a level-5 code). Anything
      else never matches.

Pairs and severity
    Two spans of the same citizen and different ``line_id`` form a candidate pair. Their overlap
    is ``[max(from_day, a.valid_from, b.valid_from), min(a.valid_to, b.valid_to))`` (a missing end
    is open); the pair counts only when that interval is not empty. Its severity:

    ============================  ======================  ==========================
    supplies (either order)       same ATC level 5        same level 4, not level 5
    ============================  ======================  ==========================
    dose_roll + ordinary          HIGH                    INFO
    dose_roll + as_needed         REVIEW                  INFO
    dose_roll + dose_roll         REVIEW                  --
    anything without dose_roll    --                      --
    ============================  ======================  ==========================

    (Level 4 is the first 5 characters of the code.)

One flag per pair of lines
    Of all counting version pairs of two lines, the flag reports the most severe one
    (``SEVERITY_RANK``), then the earliest ``overlap_from``, then the lowest
    ``(version_a, version_b)``. ``version_a``/``version_b``, ``atc_a``/``atc_b`` and
    ``overlap_to`` are those of that version pair: ``overlap_to`` is where *that* pair's overlap
    ends (``None`` = open); a later version of either line may continue the overlap. Always
    ``line_a < line_b``. The result is sorted by ``(citizen_id, line_a, line_b)`` and does not
    depend on the order of the input.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import RuleViolation
from .types import (
    SEVERITY_BY_RANK,
    SEVERITY_RANK,
    DoubleFlag,
    LineSpan,
    LineStatus,
    Severity,
    Supply,
)

__all__ = [
    "Acknowledgement",
    "FoundPair",
    "Held",
    "SpanRow",
    "acknowledgement_holds",
    "detect_double_prescriptions",
    "double_pairs",
    "double_pairs_on_days",
    "held_by",
    "holding",
    "open_flags",
    "pair_severity",
    "span_row",
]

_ATC_LEVEL5_LEN = 7
_ATC_LEVEL4_LEN = 5


def _norm_atc(atc: str) -> str:
    return atc.strip().upper()


def pair_severity(atc_a: str, supply_a: Supply, atc_b: str, supply_b: Supply) -> Severity | None:
    """The severity of two versions of different lines that are active on the same day.

    ``None`` when the pair is not a double prescription. Symmetric in its two sides. ATC codes are
    compared after ``strip().upper()``; a code that is not 7 characters long never matches.
    """
    a, b = _norm_atc(atc_a), _norm_atc(atc_b)
    if len(a) != _ATC_LEVEL5_LEN or len(b) != _ATC_LEVEL5_LEN:
        return None
    return _level5_severity(a, supply_a, b, supply_b)


def _level5_severity(a: str, supply_a: Supply, b: str, supply_b: Supply) -> Severity | None:
    """:func:`pair_severity` of two codes already normalised and 7 characters long."""
    # (compared by value: a database row's supply is its string, equal to the StrEnum member)
    if supply_a != Supply.DOSE_ROLL and supply_b != Supply.DOSE_ROLL:
        return None
    if a == b:
        if supply_a == Supply.ORDINARY or supply_b == Supply.ORDINARY:
            return Severity.HIGH  # roll + ordinary
        return Severity.REVIEW  # roll + as needed, or roll + roll
    if supply_a != supply_b and a[:_ATC_LEVEL4_LEN] == b[:_ATC_LEVEL4_LEN]:
        return Severity.INFO  # roll + ordinary or roll + as needed, same therapeutic group
    return None


#: A span as plain values, in the order storage reads them (``repo.span_select``): line id,
#: version id, citizen id, ATC, supply, status, valid_from, valid_to, origin_acute_change_id,
#: supply failure (``None``/``False``: none) and follow_up_effective; anything after these is
#: carried along untouched. Supply and status compare equal to their enums (``StrEnum``), so a
#: database row's strings serve as they are: a whole-database list decides thousands of rows.
SpanRow = Sequence[Any]

#: One flag found in span rows: the key of its best version pair (severity rank, overlap_from,
#: version_a, version_b; its severity is ``SEVERITY_BY_RANK[key[0]]``), the two rows (of line_a,
#: line_b), their normalised ATC codes and the overlap's end (``None`` = open). Plain values
#: only: a whole-database list holds thousands, and a tuple of them is one the garbage collector
#: stops following (a Severity member in each had kept them all followed, and a full collection
#: came every two or three lists).
FoundPair = tuple[tuple[int, date, int, int], SpanRow, SpanRow, str, str, date | None]

#: A span taking part, as :func:`double_pairs` pairs it: line id, normalised ATC, supply,
#: valid_from, valid_to, and its row.
_Member = tuple[int, str, Any, date, date | None, SpanRow]


def double_pairs(
    rows: Iterable[SpanRow], *, from_day: date
) -> dict[tuple[int, int, int], FoundPair]:
    """The rule on span rows (:data:`SpanRow`): each pair of lines ``(citizen_id, line_a,
    line_b)`` that is a double prescription on some day >= from_day, with its best version pair.
    :func:`detect_double_prescriptions` is this on :class:`LineSpan` values."""
    # Only spans sharing an ATC level-4 prefix can pair, so group by (citizen, level 4); each
    # span's code normalised once (:func:`_norm_atc`, as :func:`pair_severity` does) and kept
    # beside what the pairs compare, unpacked once.
    active, ordinary = LineStatus.ACTIVE, Supply.ORDINARY
    groups: dict[tuple[int, str], tuple[_Member, ...]] = {}
    none: tuple[_Member, ...] = ()
    for row in rows:
        supply, status, valid_from, valid_to, origin, failure, follow = row[4:11]
        # takes part: active, not beside the roll because of a supply failure (R8), not an
        # exempt acute bridge (an ordinary line from an acute change ending when its follow-up
        # takes effect: valid_to is exclusive), a level-5 code, a day on or after from_day
        if status != active or (failure is not None and failure is not False):
            continue
        if valid_to is not None:
            if valid_to <= (from_day if from_day > valid_from else valid_from):
                continue
            if (
                supply == ordinary
                and origin is not None
                and follow is not None
                and valid_to <= follow
            ):
                continue
        atc = _norm_atc(row[3])
        if len(atc) != _ATC_LEVEL5_LEN:
            continue
        # (a group's members in a tuple, not a list: most groups hold one or two, and a tuple of
        # plain values is one the garbage collector soon stops following)
        group = (row[2], atc[:_ATC_LEVEL4_LEN])
        groups[group] = (*groups.get(group, none), (row[0], atc, supply, valid_from, valid_to, row))

    best: dict[tuple[int, int, int], FoundPair] = {}
    rank = SEVERITY_RANK
    for (citizen_id, _group), members in groups.items():
        n = len(members)
        for i in range(n - 1):  # (most groups hold two spans: one pair)
            first = members[i]
            for j in range(i + 1, n):
                second = members[j]
                # a pair of two lines, the lower line first (two versions of one line never pair)
                if first[0] < second[0]:
                    line_a, atc_a, supply_a, from_a, end_a, a = first
                    line_b, atc_b, supply_b, from_b, end_b, b = second
                elif first[0] > second[0]:
                    line_a, atc_a, supply_a, from_a, end_a, a = second
                    line_b, atc_b, supply_b, from_b, end_b, b = first
                else:
                    continue
                severity = _level5_severity(atc_a, supply_a, atc_b, supply_b)
                if severity is None:
                    continue
                # the overlap [max(from_day, starts), min(ends)), a missing end open
                start = from_a if from_a > from_b else from_b
                if from_day > start:
                    start = from_day
                if end_a is None:
                    end = end_b
                elif end_b is None or end_a < end_b:
                    end = end_a
                else:
                    end = end_b
                if end is not None and end <= start:
                    continue
                key = (rank[severity], start, a[1], b[1])
                pair = (citizen_id, line_a, line_b)
                current = best.get(pair)
                if current is None or key < current[0]:
                    best[pair] = (key, a, b, atc_a, atc_b, end)
    return best


#: A pair of lines found on one day by :func:`double_pairs_on_days`: its best version pair's
#: severity rank (``SEVERITY_BY_RANK``), version_a and version_b.
DayPair = tuple[int, int, int]


def double_pairs_on_days(
    rows: Iterable[SpanRow], days: Sequence[date]
) -> list[dict[tuple[int, int, int], DayPair]]:
    """For each of ``days`` (in their order), what :func:`double_pairs` finds when it is given
    the rows in force on that day alone (``valid_from <= day < valid_to``, a missing end open)
    with ``from_day`` that day: each pair of lines ``(citizen_id, line_a, line_b)`` that is a
    double prescription on the day, with its best version pair. On one day every pair's overlap
    starts on that day, so the best pair is the most severe, then the lowest
    ``(version_a, version_b)``; the rules are :func:`double_pairs`' (the module documentation).

    One pass over the rows and their pairs for all the days (a figure's series asks nine),
    instead of the rule run once per day."""
    order = sorted(range(len(days)), key=days.__getitem__)
    ordered = [days[i] for i in order]
    count = len(ordered)
    out: list[dict[tuple[int, int, int], DayPair]] = [{} for _ in days]
    active, ordinary = LineStatus.ACTIVE, Supply.ORDINARY
    # per (citizen, level 4): line id, normalised ATC, supply, the days in force as a range of
    # indexes into ``ordered`` [first, end), version id
    groups: dict[tuple[int, str], tuple[tuple[int, str, Any, int, int, int], ...]] = {}
    none: tuple[tuple[int, str, Any, int, int, int], ...] = ()
    for row in rows:
        supply, status, valid_from, valid_to, origin, failure, follow = row[4:11]
        # takes part (as in double_pairs; in force on a day it is never over by then)
        if status != active or (failure is not None and failure is not False):
            continue
        if (
            valid_to is not None
            and supply == ordinary
            and origin is not None
            and follow is not None
            and valid_to <= follow
        ):
            continue
        first = bisect_left(ordered, valid_from)  # the first day on or after valid_from
        end = count if valid_to is None else bisect_left(ordered, valid_to)  # days before it
        if first >= end:
            continue
        atc = _norm_atc(row[3])
        if len(atc) != _ATC_LEVEL5_LEN:
            continue
        group = (row[2], atc[:_ATC_LEVEL4_LEN])
        groups[group] = (*groups.get(group, none), (row[0], atc, supply, first, end, row[1]))

    rank = SEVERITY_RANK
    for (citizen_id, _group), members in groups.items():
        n = len(members)
        for i in range(n - 1):
            one = members[i]
            for j in range(i + 1, n):
                other = members[j]
                # a pair of two lines, the lower line first (two versions of one line never pair)
                if one[0] < other[0]:
                    a, b = one, other
                elif one[0] > other[0]:
                    a, b = other, one
                else:
                    continue
                # the days both are in force
                first = a[3] if a[3] > b[3] else b[3]
                end = a[4] if a[4] < b[4] else b[4]
                if first >= end:
                    continue
                severity = _level5_severity(a[1], a[2], b[1], b[2])
                if severity is None:
                    continue
                key = (rank[severity], a[5], b[5])
                pair = (citizen_id, a[0], b[0])
                for k in range(first, end):
                    found = out[order[k]]
                    current = found.get(pair)
                    if current is None or key < current:
                        found[pair] = key
    return out


def span_row(sp: LineSpan) -> SpanRow:
    """A line version as the row :func:`double_pairs` and :func:`double_pairs_on_days` read
    (the storage hands them these columns in this order)."""
    return (
        sp.line_id,
        sp.version_id,
        sp.citizen_id,
        sp.atc,
        sp.supply,
        sp.status,
        sp.valid_from,
        sp.valid_to,
        sp.origin_acute_change_id,
        sp.supply_failure,
        sp.follow_up_effective,
    )


def detect_double_prescriptions(spans: Iterable[LineSpan], *, from_day: date) -> list[DoubleFlag]:
    """Every pair of lines of one citizen that is a double prescription on some day >= from_day.

    See the module documentation for the exact rules. One :class:`DoubleFlag` per pair of lines,
    sorted by ``(citizen_id, line_a, line_b)``.
    """
    found = double_pairs([span_row(sp) for sp in spans], from_day=from_day)
    return [
        DoubleFlag(
            citizen_id,
            line_a,
            line_b,
            key[2],
            key[3],
            SEVERITY_BY_RANK[key[0]],
            atc_a,
            atc_b,
            key[1],
            end,
        )
        for (citizen_id, line_a, line_b), (key, _a, _b, atc_a, atc_b, end) in sorted(
            found.items(), key=lambda item: item[0]
        )
    ]


@dataclass(frozen=True)
class Acknowledgement:
    """A coordinator's decision that a flag is intentional (R5).

    It names the two lines and the version of each that was acknowledged; ``until`` is the last
    day it holds (inclusive; ``None`` = no end). The reason must not be blank.
    """

    line_a: int
    line_b: int
    version_a: int
    version_b: int
    reason: str
    until: date | None = None

    def __post_init__(self) -> None:
        if self.line_a == self.line_b:
            raise ValueError("an acknowledgement names two different lines")
        if not self.reason.strip():
            raise RuleViolation("doubles.acknowledgement_needs_reason")


#: What an acknowledgement holds for: each of its two lines with its version, the smaller line
#: first (so either order of naming the lines is the same).
Held = tuple[tuple[int, int], tuple[int, int]]


def held_by(line_a: int, version_a: int, line_b: int, version_b: int) -> Held:
    """A flag's (or any pair of line versions') key in :func:`holding`'s set."""
    if line_a < line_b:
        return ((line_a, version_a), (line_b, version_b))
    return ((line_b, version_b), (line_a, version_a))


def holding(acks: Iterable[tuple[int, int, int, int, str, date | None]], today: date) -> set[Held]:
    """What the acknowledgements ``(line_a, line_b, version_a, version_b, reason, until)`` that
    hold on ``today`` hold for: a flag is acknowledged when :func:`held_by` of it is in here.
    An acknowledgement holds for a flag when it names the flag's two lines (in either order) with
    the same version of each (a new version of either line lapses it), while ``today <= until``
    (``until`` inclusive; ``None`` = no end)."""
    return {
        held_by(line_a, version_a, line_b, version_b)
        for line_a, line_b, version_a, version_b, _reason, until in acks
        if until is None or today <= until
    }


def _as_row(ack: Acknowledgement) -> tuple[int, int, int, int, str, date | None]:
    return (ack.line_a, ack.line_b, ack.version_a, ack.version_b, ack.reason, ack.until)


def acknowledgement_holds(flag: DoubleFlag, ack: Acknowledgement, today: date) -> bool:
    """True when ``ack`` covers ``flag`` on ``today`` (:func:`holding`)."""
    return held_by(flag.line_a, flag.version_a, flag.line_b, flag.version_b) in holding(
        [_as_row(ack)], today
    )


def open_flags(
    flags: Iterable[DoubleFlag], acks: Iterable[Acknowledgement], today: date
) -> list[DoubleFlag]:
    """The flags no holding acknowledgement covers, most severe first, then by citizen.

    Ties are broken by ``(line_a, line_b)`` so the order is fully determined.
    """
    held = holding(map(_as_row, acks), today)
    result = [
        flag
        for flag in flags
        if held_by(flag.line_a, flag.version_a, flag.line_b, flag.version_b) not in held
    ]
    result.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.citizen_id, f.line_a, f.line_b))
    return result
