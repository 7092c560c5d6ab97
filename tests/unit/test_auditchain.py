"""The audit chain's hash and seal are fast and still exactly what they were defined to be: the
SHA-256 of the canonical JSON ``json.dumps`` writes, and HMAC-SHA256 — so every chain written
before still verifies."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from dosisdesk.domain import auditchain as chain

TEXT = st.text(st.characters(codec="utf-8"), max_size=40)
ID = st.none() | st.integers(min_value=-(2**63), max_value=2**63)


def reference(**f: object) -> str:
    """The definition as first written: json.dumps of the fields, UTF-8, SHA-256."""
    at = f["at"]
    moment = at if isinstance(at, str) else chain.moment_text(at)  # type: ignore[arg-type]
    payload = json.dumps(
        [
            chain.FORMAT,
            f["seq"],
            moment,
            f["user_id"],
            f["username"],
            f["db_user"],
            f["action"],
            f["entity"],
            f["entity_id"],
            f["citizen_id"],
            f["before"],
            f["after"],
            f["prev_hash"],
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@given(
    seq=st.integers(min_value=0, max_value=2**63),
    at=st.datetimes(timezones=st.just(UTC)),
    user_id=ID,
    username=TEXT,
    db_user=TEXT,
    action=TEXT,
    entity=TEXT,
    entity_id=ID,
    citizen_id=ID,
    before=st.none() | TEXT,
    after=st.none() | TEXT,
    prev_hash=TEXT,
)
def test_the_digest_is_the_canonical_json_as_defined(**fields: object) -> None:
    assert chain.digest(**fields) == reference(**fields)  # type: ignore[arg-type]
    at = fields["at"]
    assert isinstance(at, datetime)
    as_text = {**fields, "at": chain.moment_text(at)}
    assert chain.digest(**as_text) == reference(**fields)  # type: ignore[arg-type]


@given(
    seq=st.one_of(st.text(max_size=5), st.floats(allow_nan=False), st.booleans()),
    user_id=st.one_of(st.text(max_size=5), st.floats(allow_nan=False)),
    username=st.one_of(TEXT, st.integers(), st.none()),
)
def test_a_value_of_an_unexpected_type_is_hashed_as_json_writes_it(
    seq: object, user_id: object, username: object
) -> None:
    """A row edited by hand may hold text where a number belongs: hashed as json.dumps writes it
    (so it fails its hash), never formatted as if it were the number."""
    fields = dict(
        seq=seq,
        at="2026-11-22T09:00:00.000000",
        user_id=user_id,
        username=username,
        db_user="",
        action="card.read",
        entity="card",
        entity_id=None,
        citizen_id=7,
        before=None,
        after=None,
        prev_hash=chain.GENESIS,
    )
    assert chain.digest(**fields) == reference(**fields)  # type: ignore[arg-type]


@given(key=st.binary(max_size=150), entry_hash=st.text("0123456789abcdef", max_size=64))
def test_the_prepared_seal_is_hmac_sha256(key: bytes, entry_hash: str) -> None:
    expected = hmac.new(key, b"entry|" + entry_hash.encode(), hashlib.sha256).hexdigest()
    assert chain.Sealer(key)(entry_hash) == expected == chain.seal(key, entry_hash)


def make_chain(n: int, key: bytes, *, as_text: bool) -> list[chain.ChainEntry]:
    out, prev = [], chain.GENESIS
    start = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # across the spring's summer time
    for seq in range(1, n + 1):
        at = start + timedelta(minutes=17 * seq, microseconds=seq)
        fields = dict(
            seq=seq,
            at=at,
            user_id=seq % 3 or None,
            username="sygpl",
            db_user="ældre",
            action="search.read",
            entity="citizen_list",
            entity_id=None,
            citizen_id=None,
            before=None,
            after=json.dumps({"citizens": [1, 2, seq], "note": 'Æ "q" \\ \n'}),
            prev_hash=prev,
        )
        h = reference(**fields)
        out.append(
            chain.ChainEntry(
                id=seq,
                seq=seq,
                at=chain.moment_text(at) if as_text else at,
                user_id=fields["user_id"],  # type: ignore[arg-type]
                username="sygpl",
                db_user="ældre",
                action="search.read",
                entity="citizen_list",
                entity_id=None,
                citizen_id=None,
                before=None,
                after=fields["after"],  # type: ignore[arg-type]
                prev_hash=prev,
                hash=h,
                mac=chain.seal(key, h),
            )
        )
        prev = h
    return out


def test_a_chain_hashed_by_the_definition_verifies_from_moments_or_their_text() -> None:
    key = b"k" * 40
    for as_text in (False, True):
        entries = make_chain(30, key, as_text=as_text)
        rep = chain.check(entries, [], key)
        assert rep.ok and rep.entries == rep.sealed == 30 and rep.last_seq == 30
        edited = [*entries[:9], entries[9]._replace(username="admin"), *entries[10:]]
        assert [(p.kind, p.seq) for p in chain.check(edited, [], key).problems] == [("edited", 10)]
        forged = [*entries[:29], entries[29]._replace(mac="ø" * 64)]
        assert [(p.kind, p.seq) for p in chain.check(forged, [], key).problems] == [("forged", 30)]
