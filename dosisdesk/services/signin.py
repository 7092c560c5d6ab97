"""Who is at the keyboard: sign-in as the installation is set up (``[signin] method`` in
``dosisdesk.ini``; see :mod:`dosisdesk.settings`).

- ``os``: the operating-system account the program runs as is the dosisdesk user (its ``login``,
  or its user name); nothing to type.
- ``password``: a user name and a local password, checked against an Argon2id hash. On a database
  where no one has a password yet, the first sign-in of an administrator sets hers.
- ``database`` (PostgreSQL): the role of the connection (``session_user``) is the user;
  PostgreSQL authenticated her as ``pg_hba.conf`` says (Kerberos/GSSAPI, LDAP or SCRAM).

On a *training database* (øvelsesdatabase: every demo database, and one made with
``db init --training``) a user name is enough — for teaching, demonstrations and tests.

Everywhere: ``system`` is the program's own account and never signs in; a deactivated user
cannot sign in; a failed sign-in is logged and the next try for that name waits longer; and the
answer to a wrong name, a wrong password and a deactivated user is the same sentence, so it never
tells whether a user name exists.

On the Core tables, each unit of work a connection (``Database.begin_core``): signing in is on
the first screen's path, which never loads the ORM (issue #10).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from dosisdesk.domain.calendar import now_cph
from dosisdesk.domain.errors import AccessDenied, InvalidInput, RuleViolation
from dosisdesk.domain.types import Role
from dosisdesk.services import audit
from dosisdesk.services.context import Actor, Ctx
from dosisdesk.settings import SettingsError, signin_method
from dosisdesk.storage import tables as t
from dosisdesk.storage.db import Database, is_sqlite
from dosisdesk.words import render_error

if TYPE_CHECKING:
    from argon2 import PasswordHasher

SYSTEM = "system"
MIN_PASSWORD = 10
MAX_DELAY_S = 30.0


def bad_credentials_da() -> str:
    """The one answer to every failed sign-in by name and password: what a refused sign-in
    says, whatever the reason (the log has the reason). Read when asked, not at import: the
    sentences' tables are loaded when a sentence is first needed."""
    return render_error("services.signin.sign_failed", {"why": ""}, "da")


class SignInFailed(AccessDenied):
    """Sign-in refused. The Danish message never tells whether the user name exists."""


class PasswordNeeded(RuleViolation):
    """The user (an administrator on a database where no one has a password) must set one first."""


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()  # Argon2id with the library's current recommended parameters


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    """A hash to check against when the name is unknown, so both cost the same time."""
    if not _DUMMY:
        _DUMMY.append(_hasher().hash("dosisdesk-no-such-user"))
    return _DUMMY[0]


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("services.signin.password_too_short", min_password=MIN_PASSWORD)
    if password.strip() != password or not password.isprintable():
        raise InvalidInput("services.signin.password_spaces_ends_control")
    return str(_hasher().hash(password))


def _password_ok(stored: str | None, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

    try:
        return bool(_hasher().verify(stored or _dummy_hash(), password)) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True, slots=True)
class SignInSetup:
    """What the sign-in screen needs to know before anyone is signed in."""

    method: str  # os | password | database | training
    training: bool
    needs_first_password: bool
    os_account: str
    demo_nurse: str | None
    demo_coordinator: str | None


def method_for(db: Database) -> str:
    """The installation's method, or ``training`` on a training database."""
    if db.is_training():
        return "training"
    try:
        method = signin_method(is_sqlite(db.url))
    except SettingsError as e:
        raise RuleViolation("services.signin.settings", e=str(e), message=e.message) from e
    if method == "database" and is_sqlite(db.url):
        raise RuleViolation("services.signin.sign_method_database_needs")
    return method


def setup(db: Database) -> SignInSetup:
    method = method_for(db)
    u = t.users.c
    with db.begin_core() as s:
        nobody = not s.scalar(_WITH_PASSWORD)
        nurse = coordinator = None
        if method == "training":

            def first(role: Role) -> str | None:
                q = select(u.username).where(u.role == role.value, u.active.is_(True))
                if role is Role.NURSE:
                    q = q.where(u.team_id.is_not(None))
                return s.scalar(q.order_by(u.username).limit(1))

            nurse, coordinator = first(Role.NURSE), first(Role.COORDINATOR)
    return SignInSetup(
        method,
        method == "training",
        method == "password" and nobody,
        audit.os_account(),
        nurse,
        coordinator,
    )


# ---------------------------------------------------------------------------
# Looking people up
# ---------------------------------------------------------------------------


def _clean(name: str) -> str:
    return name.strip().lower()[:200]


#: How many users have a password (none: the first administrator sets hers).
_WITH_PASSWORD = (
    select(func.count()).select_from(t.users).where(t.users.c.password_hash.is_not(None))
)

#: A user as a row of ``users``' columns by name (``.id``, ``.username``, ``.active`` ...).
UserRow = Any


def _by_name(s: Connection, name: str) -> UserRow | None:
    return s.execute(select(t.users).where(t.users.c.username == name)).first()


def _by_login(s: Connection, login: str) -> UserRow | None:
    u = t.users.c
    row = s.execute(select(t.users).where(func.lower(u.login) == login)).first()
    return row or s.execute(select(t.users).where(u.login.is_(None), u.username == login)).first()


def _set_password(s: Connection, user_id: int, digest: str) -> None:
    s.execute(update(t.users).where(t.users.c.id == user_id).values(password_hash=digest))


def _actor(u: UserRow) -> Actor:
    return Actor(u.id, u.username, u.full_name, Role(u.role), u.team_id)


def _usable(u: UserRow | None) -> bool:
    return u is not None and u.active and u.username != SYSTEM


def _nobody() -> Actor:
    """Failed sign-ins are logged in the name of the program (no one is signed in)."""
    return Actor(0, SYSTEM, "dosisdesk", Role.ADMINISTRATOR, None)


# ---------------------------------------------------------------------------
# Slowing down guessing
# ---------------------------------------------------------------------------


def delay_for(failures: int) -> float:
    """Seconds to wait before answering after ``failures`` failed tries for a name: 0, 1, 2,
    4, 8, … up to 30."""
    if failures <= 0:
        return 0.0
    return float(min(MAX_DELAY_S, 2 ** (failures - 1)))


def _failures(s: Connection, name: str) -> int:
    f = t.signin_failures.c
    return int(s.scalar(select(f.failures).where(f.name == name)) or 0)


def _fail(db: Database, name: str, why: str, now: datetime) -> SignInFailed:
    f = t.signin_failures
    with db.begin_core() as s:
        failures = s.scalar(select(f.c.failures).where(f.c.name == name))
        if failures is None:
            s.execute(insert(f).values(name=name, failures=1, last_at=now))
        else:
            s.execute(update(f).where(f.c.name == name).values(failures=failures + 1, last_at=now))
        audit.record(
            s, _nobody(), None, "signin.failed", "signin", after={"name": name[:64], "why": why}
        )
    return SignInFailed("services.signin.sign_failed", why=why, what="signin")


def _succeeded(s: Connection, name: str, actor: Actor, how: str) -> None:
    s.execute(delete(t.signin_failures).where(t.signin_failures.c.name == name))
    audit.record(s, actor, None, "signin", "user", actor.id, after={"method": how})


# ---------------------------------------------------------------------------
# Signing in
# ---------------------------------------------------------------------------


Sleep = Callable[[float], None]


def sign_in(
    db: Database,
    username: str | None = None,
    password: str | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    sleep: Sleep = time.sleep,
) -> Ctx:
    """Sign in as the installation says (module docstring). ``username`` on the ``os`` and
    ``database`` methods may only name the same person the account or role is."""
    method = method_for(db)
    clk = clock or now_cph
    if method == "training":
        return _training(db, username, clk)
    if method == "password":
        return _with_password(db, username or "", password, clk, sleep)
    return _as_account(db, method, username, clk)


def _training(db: Database, username: str | None, clock: Callable[[], datetime]) -> Ctx:
    name = _clean(username or "admin")
    with db.read_core() as s:  # signing in reads; its entry needs no write lock (audit.append)
        u = _by_name(s, name)
        if not _usable(u):
            raise SignInFailed(
                "services.signin.no_training_user"
                if name != SYSTEM
                else "services.signin.system_cannot_sign_in",
                name=name,
                what="signin",
            )
        assert u is not None
        actor = _actor(u)
    audit.append(db, actor, "signin", "user", actor.id, after={"method": "training"})
    return Ctx(db, actor, clock)


def _with_password(
    db: Database,
    username: str,
    password: str | None,
    clock: Callable[[], datetime],
    sleep: Sleep,
) -> Ctx:
    name = _clean(username)
    if not name or password is None or password == "":
        raise SignInFailed("services.signin.user_name_password_required", what="signin")
    with db.begin_core() as s:
        wait = delay_for(_failures(s, name))
    if wait:
        sleep(wait)
    with db.begin_core() as s:
        u = _by_name(s, name)
        stored = u.password_hash if u is not None else None
        nobody_has_one = not s.scalar(_WITH_PASSWORD)
        first_admin = (
            _usable(u)
            and u is not None
            and stored is None
            and nobody_has_one
            and u.role == Role.ADMINISTRATOR.value
        )
    if first_admin:
        raise PasswordNeeded("services.signin.first_administrator_must_set")
    ok = _password_ok(stored, password)
    if not (ok and _usable(u)):
        why = "unknown" if u is None else ("inactive" if not _usable(u) else "password")
        raise _fail(db, name, why, clock())
    assert u is not None
    actor = _actor(u)
    with db.begin_core() as s:
        _succeeded(s, name, actor, "password")
    return Ctx(db, actor, clock)


def set_first_password(
    db: Database, username: str, password: str, clock: Callable[[], datetime] | None = None
) -> Ctx:
    """First start: while no one has a password, an administrator sets hers and is signed in."""
    name = _clean(username)
    digest = hash_password(password)
    with db.begin_core() as s:
        if s.scalar(_WITH_PASSWORD):
            raise RuleViolation("services.signin.passwords_exist")
        u = _by_name(s, name)
        if not _usable(u) or u is None or u.role != Role.ADMINISTRATOR.value:
            raise SignInFailed(
                "services.signin.not_active_administrator",
                what="signin",
            )
        _set_password(s, u.id, digest)
        actor = _actor(u)
        audit.record(s, actor, None, "user.password", "user", u.id, after={"first": True})
        _succeeded(s, name, actor, "password")
    return Ctx(db, actor, clock or now_cph)


def _as_account(
    db: Database, method: str, username: str | None, clock: Callable[[], datetime]
) -> Ctx:
    with db.begin_core() as s:
        if method == "database":
            account = str(s.scalar(text("SELECT session_user")) or "").lower()
        else:
            account = audit.os_account()
        u = _by_login(s, account) if account else None
    if not _usable(u) or u is None:
        raise _account_refused(db, account, method, clock)
    if username is not None and _clean(username) != u.username:
        raise _account_refused(db, account, method, clock, named=_clean(username))
    actor = _actor(u)
    with db.read_core() as s:
        failed_before = _failures(s, account) > 0
    if failed_before:
        with db.begin_core() as s:
            _succeeded(s, account, actor, method)
    else:  # nothing to reset: the entry alone, which needs no write lock (audit.append)
        audit.append(db, actor, "signin", "user", actor.id, after={"method": method})
    return Ctx(db, actor, clock)


def _account_refused(
    db: Database, account: str, method: str, clock: Callable[[], datetime], named: str | None = None
) -> SignInFailed:
    _fail(
        db,
        account or "?",
        f"{method} account" + (" named another user" if named else " not a user"),
        clock(),
    )
    if named is not None:
        return SignInFailed(
            "services.signin.user_names_another_person", account=account, what="signin"
        )
    return SignInFailed(
        "services.signin.account_not_active_dosisdesk_user",
        method=method,
        account=account,
        what="signin",
    )


# ---------------------------------------------------------------------------
# Passwords
# ---------------------------------------------------------------------------


def change_own_password(ctx: Ctx, old: str, new: str) -> None:
    digest = hash_password(new)
    with ctx.db.begin_core() as s:
        u = s.execute(select(t.users).where(t.users.c.id == ctx.actor.id)).first()
        if u is None or (u.password_hash is not None and not _password_ok(u.password_hash, old)):
            raise SignInFailed("services.signin.wrong_old_password", what="password")
        _set_password(s, u.id, digest)
        audit.record(s, ctx.actor, None, "user.password", "user", u.id, after={"own": True})


def set_password(ctx: Ctx, username: str, new: str) -> None:
    """An administrator sets someone's password (a new user's first, or a forgotten one)."""
    ctx.require_role(Role.ADMINISTRATOR)
    digest = hash_password(new)
    name = _clean(username)
    with ctx.db.begin_core() as s:
        u = _by_name(s, name)
        if u is None or u.username == SYSTEM:
            raise InvalidInput("services.signin.unknown_user", name=name)
        _set_password(s, u.id, digest)
        audit.record(s, ctx.actor, None, "user.password", "user", u.id, after={"by_admin": True})
