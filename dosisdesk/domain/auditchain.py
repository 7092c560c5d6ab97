"""The audit log's hash chain and its seals, as pure rules (R11; sundhedsloven § 42 a).

Every entry is numbered (``seq`` 1, 2, 3, … without gaps) and hashed over *all* its fields —
number, moment, who (user id, user name and the database account), what, which record, which
citizen, before and after — together with the hash of the entry before it. An entry is also
*sealed*: an HMAC of its hash with a key kept outside the database (a file IT places where the
database's owner cannot read it). A *checkpoint* is the chain's head (number and hash) sealed with
the same key and written outside the database.

What each tampering leaves behind, and how :func:`check` names it:

- a field changed after writing: the entry's hash no longer matches its fields (``edited``);
- entries removed from the middle: a gap in the numbers (``deleted``);
- entries removed from the end, or all of them: a checkpoint names a number the table no longer
  reaches (``truncated``);
- a row moved to another place (ids swapped): the numbers no longer rise with the row ids
  (``reordered``);
- a foreign row put in the chain: its ``prev_hash`` does not link (``inserted``), or it carries a
  number already used (``inserted``);
- a row appended, or the chain recomputed after an edit, by someone without the key: the seal does
  not match (``forged`` — from the first such entry on) and a checkpoint's hash differs
  (``recomputed``);
- a checkpoint written without the key: its own seal does not match (``checkpoint``).

Without a key nothing is sealed: the chain still finds edits, gaps and reorderings, but not a
recomputed chain, a forged append or a truncation, and :func:`check` says so.

Speed: verifying walks every entry (an edit anywhere must show), a year of a large municipality's
entries (~1 million) in a few seconds. So the canonical JSON of an entry is written by hand with
the standard library's own string encoder (byte for byte what ``json.dumps(..., ensure_ascii=False,
separators=(",", ":"))`` writes: ``tests/unit/test_auditchain.py`` holds the two equal), the seal's
HMAC key is prepared once (:class:`Sealer`), and a moment may come as its hashed text straight from
the database (no datetime parsed and formatted per entry).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from json.encoder import encode_basestring as _quote  # json.dumps' own, with ensure_ascii=False
from typing import Literal, NamedTuple

GENESIS = "0" * 64
FORMAT = 2

ProblemKind = Literal[
    "edited",
    "deleted",
    "truncated",
    "reordered",
    "inserted",
    "forged",
    "recomputed",
    "checkpoint",
    "unsealed",
]


class ChainEntry(NamedTuple):
    """One row of the log as stored. The moment is aware (it is hashed in UTC) or already the text
    it is hashed as (:func:`moment_text`), as the verifier reads it from the database."""

    id: int
    seq: int
    at: datetime | str
    user_id: int | None
    username: str
    db_user: str
    action: str
    entity: str
    entity_id: int | None
    citizen_id: int | None
    before: str | None
    after: str | None
    prev_hash: str
    hash: str
    mac: str | None


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """The chain's head at one moment, sealed: ``chain`` names the database's chain."""

    chain: str
    seq: int
    hash: str
    at: str
    mac: str


@dataclass(frozen=True, slots=True)
class Problem:
    kind: ProblemKind
    seq: int | None
    entry_id: int | None
    detail: str
    #: deleted/truncated: the first and last missing numbers; forged: how many entries
    first: int | None = None
    last: int | None = None
    #: the checkpoint's moment (recomputed, truncated, checkpoint)
    when: str = ""


@dataclass
class Report:
    entries: int = 0
    sealed: int = 0
    checkpoints: int = 0
    last_seq: int = 0
    keyed: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def moment_text(at: datetime) -> str:
    """The moment as hashed: UTC, microseconds, no offset."""
    if at.tzinfo is None:
        raise ValueError("naive moment in the audit chain")
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")


def digest(
    *,
    seq: int,
    at: datetime | str,
    user_id: int | None,
    username: str,
    db_user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    citizen_id: int | None,
    before: str | None,
    after: str | None,
    prev_hash: str,
) -> str:
    """SHA-256 over every field of an entry and the hash before it (a canonical JSON array:
    ``[FORMAT, seq, moment, user_id, username, db_user, action, entity, entity_id, citizen_id,
    before, after, prev_hash]`` as ``json.dumps(..., ensure_ascii=False, separators=(",", ":"))``
    writes it, UTF-8). ``at`` is an aware moment or its text (:func:`moment_text`)."""
    return _digest(
        seq,
        at,
        user_id,
        username,
        db_user,
        action,
        entity,
        entity_id,
        citizen_id,
        before,
        after,
        prev_hash,
    )


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _digest(
    seq: int,
    at: datetime | str,
    user_id: int | None,
    username: str,
    db_user: str,
    action: str,
    entity: str,
    entity_id: int | None,
    citizen_id: int | None,
    before: str | None,
    after: str | None,
    prev_hash: str,
    *rest: object,  # an entry's own hash and seal, when called with a whole ChainEntry
) -> str:
    moment = at if at.__class__ is str else moment_text(at)  # type: ignore[arg-type]
    q = _quote
    if (
        seq.__class__ is int
        and (user_id is None or user_id.__class__ is int)
        and (entity_id is None or entity_id.__class__ is int)
        and (citizen_id is None or citizen_id.__class__ is int)
        and username.__class__ is str
        and db_user.__class__ is str
        and action.__class__ is str
        and entity.__class__ is str
        and prev_hash.__class__ is str
    ):
        # the common case, written by hand: the same text json.dumps writes
        payload = (
            f"[{FORMAT},{seq},{q(moment)},{'null' if user_id is None else user_id},"
            f"{q(username)},{q(db_user)},{q(action)},{q(entity)},"
            f"{'null' if entity_id is None else entity_id},"
            f"{'null' if citizen_id is None else citizen_id},"
            f"{'null' if before is None else q(before)},{'null' if after is None else q(after)},"
            f"{q(prev_hash)}]"
        )
    else:  # a value of another type (a tampered row): json.dumps itself
        payload = _json(
            [
                FORMAT,
                seq,
                moment,
                user_id,
                username,
                db_user,
                action,
                entity,
                entity_id,
                citizen_id,
                before,
                after,
                prev_hash,
            ]
        )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_digest(e: ChainEntry) -> str:
    return _digest(*e[1:13])


class Sealer:
    """``seal(key, …)`` with the key prepared once (HMAC-SHA256, RFC 2104): a walk over a million
    entries seals each in a third of the time ``hmac.new`` takes."""

    __slots__ = ("_inner", "_outer")

    def __init__(self, key: bytes) -> None:
        if len(key) > 64:  # SHA-256's block
            key = hashlib.sha256(key).digest()
        key = key.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in key))
        self._inner.update(b"entry|")
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in key))

    def __call__(self, entry_hash: str) -> str:
        inner = self._inner.copy()
        inner.update(entry_hash.encode("ascii", "replace"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()


def seal(key: bytes, entry_hash: str) -> str:
    return hmac.new(key, b"entry|" + entry_hash.encode("ascii"), hashlib.sha256).hexdigest()


def checkpoint_seal(key: bytes, chain: str, seq: int, head: str, at: str) -> str:
    msg = f"checkpoint|{chain}|{seq}|{head}|{at}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def make_checkpoint(key: bytes, chain: str, seq: int, head: str, at: str) -> Checkpoint:
    return Checkpoint(chain, seq, head, at, checkpoint_seal(key, chain, seq, head, at))


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return False
    try:
        return hmac.compare_digest(a, b)
    except TypeError:  # a non-ASCII text where a hex digest belongs
        return False


def check(
    entries: Iterable[ChainEntry],
    checkpoints: Iterable[Checkpoint] = (),
    key: bytes | None = None,
    *,
    max_problems: int = 50,
) -> Report:
    """Walk the entries in ``seq`` order and name every break (see the module's docstring).

    ``entries`` must come ordered by ``seq`` (then id); it is read once, so a database cursor
    can feed it. At most ``max_problems`` problems are listed (the count of entries is exact).
    """
    rep = Report(keyed=key is not None)
    good_points: dict[int, Checkpoint] = {}
    for cp in checkpoints:
        rep.checkpoints += 1
        if key is not None and not _same(
            cp.mac, checkpoint_seal(key, cp.chain, cp.seq, cp.hash, cp.at)
        ):
            rep.problems.append(
                Problem(
                    "checkpoint",
                    cp.seq,
                    None,
                    f"checkpoint {cp.seq} from {cp.at} has a seal that does not match the key",
                    when=cp.at,
                )
            )
            continue
        good_points[cp.seq] = cp

    prev_hash, prev_seq, prev_id = GENESIS, 0, 0
    sealer = Sealer(key) if key is not None else None
    seen_sealed = False
    forged_from: int | None = None
    forged_count = 0

    def add(p: Problem) -> None:
        if len(rep.problems) < max_problems:
            rep.problems.append(p)

    n_entries = n_sealed = 0
    for e in entries:
        n_entries += 1
        # The common case first, in one test: the next number, linked, in row order, its hash
        # right, its seal right (or none to check), at no checkpoint.
        seq, e_hash, e_mac = e.seq, e.hash, e.mac
        if (
            seq == prev_seq + 1
            and e.prev_hash == prev_hash
            and e.id >= prev_id
            and _digest(*e[1:13]) == e_hash
            and (sealer is None or (e_mac is not None and _same(e_mac, sealer(e_hash))))
            and seq not in good_points
        ):
            if e_mac is not None:
                n_sealed += 1
                seen_sealed = True
            prev_hash, prev_seq, prev_id = e_hash, seq, e.id
            continue
        rep.entries, rep.sealed = n_entries, n_sealed
        if e.seq == prev_seq and rep.entries > 1:
            add(
                Problem(
                    "inserted",
                    e.seq,
                    e.id,
                    f"entry {e.seq} (row {e.id}) repeats a number already in the chain",
                )
            )
            continue
        if e.seq > prev_seq + 1:
            first, last = prev_seq + 1, e.seq - 1
            span = str(first) if first == last else f"{first}–{last}"
            add(
                Problem(
                    "deleted",
                    e.seq,
                    e.id,
                    f"entries {span} are missing before entry {e.seq}",
                    first,
                    last,
                )
            )
        elif e.prev_hash != prev_hash:
            add(
                Problem(
                    "inserted",
                    e.seq,
                    e.id,
                    f"entry {e.seq} (row {e.id}) does not link to the entry before it",
                )
            )
        if e.id < prev_id:
            add(
                Problem(
                    "reordered",
                    e.seq,
                    e.id,
                    f"entry {e.seq} is stored as row {e.id}, before the row of entry "
                    f"{prev_seq} ({prev_id})",
                )
            )
        if entry_digest(e) != e.hash:
            add(
                Problem(
                    "edited",
                    e.seq,
                    e.id,
                    f"entry {e.seq} (row {e.id}) was changed after it was written",
                )
            )
        if sealer is not None:
            if e.mac is None:
                if seen_sealed:
                    add(
                        Problem(
                            "unsealed",
                            e.seq,
                            e.id,
                            f"entry {e.seq} (row {e.id}) has no seal although earlier entries"
                            " do (written without the key?)",
                        )
                    )
            else:
                n_sealed += 1
                seen_sealed = True
                if not _same(e.mac, sealer(e.hash)):
                    forged_count += 1
                    if forged_from is None:
                        forged_from = e.seq
                        add(
                            Problem(
                                "forged",
                                e.seq,
                                e.id,
                                f"entry {e.seq} (row {e.id}) carries a seal that does not "
                                "match: written or recomputed without the key",
                            )
                        )
        elif e.mac is not None:
            n_sealed += 1
        point = good_points.get(e.seq)
        if point is not None and point.hash != e.hash:
            add(
                Problem(
                    "recomputed",
                    e.seq,
                    e.id,
                    f"entry {e.seq} differs from the checkpoint of {point.at}: the chain up "
                    "to here was rewritten",
                    when=point.at,
                )
            )
        prev_hash, prev_seq, prev_id = e.hash, e.seq, e.id
    rep.entries, rep.sealed = n_entries, n_sealed
    rep.last_seq = prev_seq
    if forged_count > 1 and forged_from is not None:
        add(
            Problem(
                "forged",
                forged_from,
                None,
                f"{forged_count} entries from entry {forged_from} on carry a wrong seal",
                forged_count,
            )
        )
    beyond = [cp for cp in good_points.values() if cp.seq > prev_seq]
    if beyond:
        top = max(beyond, key=lambda c: c.seq)
        what = (
            "every entry is gone"
            if prev_seq == 0
            else f"entries {prev_seq + 1}–{top.seq} are missing at the end"
        )
        add(
            Problem(
                "truncated",
                top.seq,
                None,
                f"the checkpoint of {top.at} names entry {top.seq}: {what}",
                prev_seq + 1,
                top.seq,
                top.at,
            )
        )
    return rep


def parse_checkpoints(lines: Iterable[str], chain: str) -> Iterator[Checkpoint]:
    """Checkpoints of one chain from a checkpoint file (JSON lines; others and junk skipped)."""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            d = json.loads(line)
            cp = Checkpoint(
                str(d["chain"]), int(d["seq"]), str(d["hash"]), str(d["at"]), str(d["mac"])
            )
        except (ValueError, KeyError, TypeError):
            continue
        if cp.chain == chain:
            yield cp


def checkpoint_line(cp: Checkpoint) -> str:
    return json.dumps(
        {"chain": cp.chain, "seq": cp.seq, "hash": cp.hash, "at": cp.at, "mac": cp.mac},
        separators=(",", ":"),
    )
