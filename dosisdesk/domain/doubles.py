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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .errors import RuleViolation
from .types import SEVERITY_RANK, DoubleFlag, LineSpan, LineStatus, Severity, Supply

__all__ = [
    "Acknowledgement",
    "acknowledgement_holds",
    "detect_double_prescriptions",
    "open_flags",
    "pair_severity",
]

_ATC_LEVEL5_LEN = 7
_ATC_LEVEL4_LEN = 5


def _norm_atc(atc: str) -> str:
    return atc.strip().upper()


def _is_exempt(span: LineSpan) -> bool:
    """An ordinary bridge line from an acute change that ends when its follow-up takes effect."""
    return (
        span.supply is Supply.ORDINARY
        and span.origin_acute_change_id is not None
        and span.follow_up_effective is not None
        and span.valid_to is not None
        and span.valid_to <= span.follow_up_effective
    )


def _takes_part(span: LineSpan, from_day: date) -> bool:
    if span.status is not LineStatus.ACTIVE or span.supply_failure or _is_exempt(span):
        return False
    if len(_norm_atc(span.atc)) != _ATC_LEVEL5_LEN:
        return False
    # Has at least one day on or after from_day (and is not empty).
    return span.valid_to is None or span.valid_to > max(span.valid_from, from_day)


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
    if supply_a is not Supply.DOSE_ROLL and supply_b is not Supply.DOSE_ROLL:
        return None
    if a == b:
        if supply_a is Supply.ORDINARY or supply_b is Supply.ORDINARY:
            return Severity.HIGH  # roll + ordinary
        return Severity.REVIEW  # roll + as needed, or roll + roll
    if supply_a is not supply_b and a[:_ATC_LEVEL4_LEN] == b[:_ATC_LEVEL4_LEN]:
        return Severity.INFO  # roll + ordinary or roll + as needed, same therapeutic group
    return None


def detect_double_prescriptions(spans: Iterable[LineSpan], *, from_day: date) -> list[DoubleFlag]:
    """Every pair of lines of one citizen that is a double prescription on some day >= from_day.

    See the module documentation for the exact rules. One :class:`DoubleFlag` per pair of lines,
    sorted by ``(citizen_id, line_a, line_b)``.
    """
    # Only spans sharing an ATC level-4 prefix can pair, so group by (citizen, level 4); each
    # span's code normalised once (a whole-database list decides thousands of spans).
    groups: dict[tuple[int, str], list[tuple[LineSpan, str]]] = defaultdict(list)
    for span in spans:
        if _takes_part(span, from_day):
            atc = _norm_atc(span.atc)
            groups[(span.citizen_id, atc[:_ATC_LEVEL4_LEN])].append((span, atc))

    # (citizen, line_a, line_b) -> (sort key of the best version pair, flag)
    best: dict[tuple[int, int, int], tuple[tuple[int, date, int, int], DoubleFlag]] = {}
    rank = SEVERITY_RANK
    for (citizen_id, _group), members in groups.items():
        if len(members) < 2:
            continue
        for i, (first, first_atc) in enumerate(members):
            for second, second_atc in members[i + 1 :]:
                if first.line_id == second.line_id:
                    continue
                if first.line_id < second.line_id:
                    a, atc_a, b, atc_b = first, first_atc, second, second_atc
                else:
                    a, atc_a, b, atc_b = second, second_atc, first, first_atc
                severity = _level5_severity(atc_a, a.supply, atc_b, b.supply)
                if severity is None:
                    continue
                # the overlap [max(from_day, starts), min(ends)), a missing end open
                start = max(from_day, a.valid_from, b.valid_from)
                end_a, end_b = a.valid_to, b.valid_to
                end = end_a if end_b is None else end_b if end_a is None else min(end_a, end_b)
                if end is not None and end <= start:
                    continue
                key = (rank[severity], start, a.version_id, b.version_id)
                pair = (citizen_id, a.line_id, b.line_id)
                current = best.get(pair)
                if current is not None and current[0] <= key:
                    continue
                best[pair] = (
                    key,
                    DoubleFlag(
                        citizen_id=citizen_id,
                        line_a=a.line_id,
                        line_b=b.line_id,
                        version_a=a.version_id,
                        version_b=b.version_id,
                        severity=severity,
                        atc_a=atc_a,
                        atc_b=atc_b,
                        overlap_from=start,
                        overlap_to=end,
                    ),
                )
    return [best[pair][1] for pair in sorted(best)]


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

    def _versions(self) -> dict[int, int]:
        return {self.line_a: self.version_a, self.line_b: self.version_b}


def _flag_versions(flag: DoubleFlag) -> dict[int, int]:
    return {flag.line_a: flag.version_a, flag.line_b: flag.version_b}


def acknowledgement_holds(flag: DoubleFlag, ack: Acknowledgement, today: date) -> bool:
    """True when ``ack`` covers ``flag`` on ``today``.

    It must name the flag's two lines (in either order) with the same version of each: a new
    version of either line lapses it. ``until`` is inclusive: it holds while ``today <= until``.
    """
    if ack._versions() != _flag_versions(flag):
        return False
    return ack.until is None or today <= ack.until


def open_flags(
    flags: Iterable[DoubleFlag], acks: Iterable[Acknowledgement], today: date
) -> list[DoubleFlag]:
    """The flags no holding acknowledgement covers, most severe first, then by citizen.

    Ties are broken by ``(line_a, line_b)`` so the order is fully determined.
    """
    by_lines: dict[frozenset[int], list[Acknowledgement]] = defaultdict(list)
    for ack in acks:
        by_lines[frozenset((ack.line_a, ack.line_b))].append(ack)
    result = [
        flag
        for flag in flags
        if not any(
            acknowledgement_holds(flag, ack, today)
            for ack in by_lines.get(frozenset((flag.line_a, flag.line_b)), ())
        )
    ]
    result.sort(key=lambda f: (SEVERITY_RANK[f.severity], f.citizen_id, f.line_a, f.line_b))
    return result
