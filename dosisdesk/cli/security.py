"""The audit log (verify, the citizen's log, checkpoints, the sealing key), backup and restore."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from dosisdesk.cli.common import Out, admin_roles, cli_ctx, fmt_dt, subcommands, table
from dosisdesk.domain.calendar import format_moment
from dosisdesk.domain.cpr import check_file_name, mask_cpr
from dosisdesk.words import Columns, say


def problem_da(p: Any) -> str:
    """One break in the audit chain, in words (the domain's Problem)."""
    n, row = p.seq, p.entry_id
    where = say("audit.entry_row", n=n, row=row) if row is not None else say("audit.entry", n=n)
    if p.kind == "edited":
        return say("audit.edited", where=where)
    if p.kind == "deleted":
        span = str(p.first) if p.first == p.last else f"{p.first}–{p.last}"
        return say("audit.deleted", span=span, n=n)
    if p.kind == "truncated":
        if p.first == 1:
            return say("audit.all_deleted", when=p.when, last=p.last)
        return say("audit.truncated", first=p.first, last=p.last, when=p.when)
    if p.kind == "reordered":
        return say("audit.reordered", where=where)
    if p.kind == "inserted":
        return say("audit.inserted", where=where)
    if p.kind == "forged":
        if p.entry_id is None and p.first:
            return say("audit.forged_from", count=p.first, n=n)
        return say("audit.forged", where=where)
    if p.kind == "recomputed":
        return say("audit.recomputed", where=where, when=p.when)
    if p.kind == "checkpoint":
        return say("audit.checkpoint_forged", n=n, when=p.when)
    if p.kind == "unsealed":
        return say("audit.unsealed", where=where)
    return f"{where}: {p.detail}"


def cmd_audit(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import audit

    if args.audit_command == "key":
        audit.create_key(Path(args.file))
        out.emit(
            {"file": str(Path(args.file).resolve())},
            lambda: say("audit.key_written", file=args.file),
        )
        return 0
    ctx = cli_ctx(args)
    if args.audit_command == "verify":
        ctx.require_role(*admin_roles())
        rep = audit.verify(ctx)
        if rep.ok:
            audit.maybe_checkpoint(ctx.db)

        def human() -> str:
            lines = []
            if rep.ok:
                lines.append(say("audit.intact", n=rep.entries))
            else:
                lines.append(say("audit.broken", n=rep.entries))
                lines += ["  " + problem_da(p) for p in rep.problems]
            if not rep.keyed:
                lines.append(say("audit.no_key"))
            else:
                lines.append(say("audit.sealed", n=rep.sealed, checkpoints=rep.checkpoints))
            return "\n".join(lines)

        data = {
            "ok": rep.ok,
            "entries": rep.entries,
            "sealed": rep.sealed,
            "keyed": rep.keyed,
            "checkpoints": rep.checkpoints,
            "last_seq": rep.last_seq,
            "problems": [
                {
                    "kind": p.kind,
                    "seq": p.seq,
                    "entry_id": p.entry_id,
                    "detail": p.detail,
                    "text": problem_da(p),
                }
                for p in rep.problems
            ],
        }
        out.emit(data, human)
        return 0 if rep.ok else 4
    if args.audit_command == "checkpoint":
        ctx.require_role(*admin_roles())
        res = audit.checkpoint(ctx.db)
        out.emit(
            res,
            lambda: (
                say("audit.checkpoint_written", n=res.seq, file=res.path)
                if res.written
                else say("audit.checkpoint_no_key")
            ),
        )
        return 0 if res.written else 2
    return cmd_citizen_log(ctx, args, out)


def cmd_citizen_log(ctx: Any, args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import accesslog

    log = accesslog.citizen_log(ctx, args.cpr)
    if args.pdf:
        from dosisdesk.reports import pdf
        from dosisdesk.reports.accesslog import accesslog_job
        from dosisdesk.ui.pyside_fix import pin_singletons

        check_file_name(args.pdf, example="log-team-nord.pdf")
        pin_singletons()
        pdf.ensure_gui_app()
        pages = pdf.write_pdf(
            accesslog_job(log), args.pdf, before_commit=lambda: accesslog.record_print(ctx, log)
        )
        accesslog.after_print(ctx)
        out.emit(
            {"file": str(Path(args.pdf).resolve()), "pages": pages, "entries": len(log.rows)},
            lambda: say(
                "audit.log_saved_one" if pages == 1 else "audit.log_saved_many",
                n=len(log.rows),
                file=args.pdf,
                pages=pages,
            ),
        )
        return 0
    out.emit(
        log.rows,
        lambda: table(
            [(fmt_dt(r.at), r.who, r.role, r.what) for r in log.rows],
            Columns("cli_citizen_log"),
        ),
    )
    return 0


def cmd_password(args: argparse.Namespace, out: Out) -> int:
    """Change your own password, or (administrators) set someone's with ``--for``."""
    from dosisdesk.cli.common import read_secret
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.services import signin

    ctx = cli_ctx(args)
    old = "" if args.for_user else read_secret(args, say("password.current"))
    new = read_secret(args, say("signin.new_password"))
    again = new if args.password_stdin else read_secret(args, say("password.repeat_new"))
    if new != again:
        raise InvalidInput("cli.common.passwords_differ")
    if args.for_user:
        signin.set_password(ctx, args.for_user, new)
        who = args.for_user
    else:
        signin.change_own_password(ctx, old, new)
        who = ctx.actor.username
    out.emit({"username": who}, lambda: say("password.set", user=who))
    return 0


def cmd_roles(args: argparse.Namespace, out: Out) -> int:
    """PostgreSQL: roles, privileges and row-level security (the database's owner runs it)."""
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.storage import roles
    from dosisdesk.storage.db import Database, is_sqlite

    db = Database.open(args.db)
    try:
        if is_sqlite(db.url):
            raise InvalidInput("cli.security.roles_need_postgresql")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", args.prefix):
            raise InvalidInput("cli.security.bad_prefix")
        with db.engine.begin() as conn:
            rep = roles.setup_roles(conn, args.prefix, create_logins=args.create_logins)
    finally:
        db.dispose()

    def human() -> str:
        lines = [
            say(
                "roles.done",
                schema=rep.schema,
                groups=", ".join(rep.groups),
                policies=len(rep.policies),
            )
        ]
        lines += [say("roles.granted", login=login, group=group) for login, group in rep.granted]
        lines += [say("roles.revoked", login=login, group=group) for login, group in rep.revoked]
        lines += [say("roles.created", login=login) for login in rep.created]
        if rep.missing:
            lines.append(say("roles.missing", users=", ".join(rep.missing)))
        return "\n".join(lines)

    out.emit(rep, human)
    return 0


def cmd_backup(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import backup

    ctx = cli_ctx(args)
    res = backup.backup(ctx, args.file)
    out.emit(
        res,
        lambda: say("backup.done", file=res.file, kib=res.bytes // 1024),
    )
    return 0


def cmd_restore(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import backup
    from dosisdesk.storage.db import resolve_url

    res = backup.restore(args.file, resolve_url(args.db))
    rep = res.audit

    def human() -> str:
        lines = [say("restore.done", citizens=res.citizens, entries=rep.entries)]
        if rep.ok:
            lines.append(say("restore.audit_intact"))
        else:
            lines.append(say("restore.audit_broken"))
            lines += ["  " + problem_da(p) for p in rep.problems]
        return "\n".join(lines)

    out.emit(
        {
            "file": res.file,
            "citizens": res.citizens,
            "audit_ok": rep.ok,
            "audit_entries": rep.entries,
        },
        human,
    )
    return 0 if rep.ok else 4


def cmd_glass(args: argparse.Namespace, out: Out) -> int:
    """Break the glass (nurses, with a reason) and review the breaks (coordinators)."""
    from dosisdesk.services import glass

    ctx = cli_ctx(args)
    if args.glass_command == "open":
        g = glass.break_glass(ctx, args.cpr, args.reason or "")
        out.emit(
            g,
            lambda: say(
                "glass.opened",
                name=g.citizen_name,
                cpr=mask_cpr(g.cpr),
                until=format_moment(g.until, with_year=False),
            ),
        )
        return 0
    if args.glass_command == "reviewed":
        glass.mark_reviewed(ctx, args.id)
        out.emit({"id": args.id}, lambda: say("glass.reviewed", id=args.id))
        return 0
    rows = glass.grants_to_review(ctx, all_=args.all)
    out.emit(
        rows,
        lambda: table(
            [
                (
                    r.id,
                    fmt_dt(r.granted_at),
                    r.full_name or r.username,
                    r.citizen_name,
                    mask_cpr(r.cpr),
                    r.reason,
                    r.reviewed_by_name or r.reviewed_by or "",
                )
                for r in rows
            ],
            Columns("cli_glass"),
        ),
    )
    return 0


def register(sub: Any) -> None:
    gls = subcommands(sub, "glass", say("glass.help"))
    go = gls.add_parser("open", help=say("glass.open.help"))
    go.add_argument("cpr")
    go.add_argument("--reason", required=True, help=say("glass.open.help.reason"))
    go.set_defaults(func=cmd_glass)
    gli = gls.add_parser("list", help=say("glass.list.help"))
    gli.add_argument("--all", action="store_true", help=say("glass.list.help.all"))
    gli.set_defaults(func=cmd_glass)
    gr = gls.add_parser("reviewed", help=say("glass.reviewed.help"))
    gr.add_argument("id", type=int)
    gr.set_defaults(func=cmd_glass)

    bk = sub.add_parser("backup", help=say("backup.help"))
    bk.add_argument("file")
    bk.set_defaults(func=cmd_backup)
    rs = sub.add_parser("restore", help=say("restore.help"))
    rs.add_argument("file")
    rs.set_defaults(func=cmd_restore)

    ro = sub.add_parser("roles", help=say("roles.help"))
    ro.add_argument("--prefix", default="dosisdesk", help=say("roles.help.prefix"))
    ro.add_argument("--create-logins", action="store_true", help=say("roles.help.create_logins"))
    ro.set_defaults(func=cmd_roles)

    pw = sub.add_parser("password", help=say("password.help"))
    pw.add_argument(
        "--for", dest="for_user", metavar=say("metavar.user"), help=say("password.help.for")
    )
    pw.set_defaults(func=cmd_password)

    aus = subcommands(sub, "audit", say("audit.help"))
    aus.add_parser("verify", help=say("audit.verify.help")).set_defaults(func=cmd_audit)
    ac = aus.add_parser("citizen", help=say("audit.citizen.help"))
    ac.add_argument("cpr")
    ac.add_argument("--pdf", metavar=say("metavar.file"), help=say("audit.citizen.help.pdf"))
    ac.set_defaults(func=cmd_audit)
    aus.add_parser("checkpoint", help=say("audit.checkpoint.help")).set_defaults(func=cmd_audit)
    ak = aus.add_parser("key", help=say("audit.key.help"))
    ak.add_argument("file")
    ak.set_defaults(func=cmd_audit)
