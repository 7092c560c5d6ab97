"""The audit log (verify, the citizen's log, checkpoints, the sealing key), backup and restore."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from dosisdesk.cli.common import Out, admin_roles, cli_ctx, fmt_dt, table
from dosisdesk.domain.calendar import format_moment
from dosisdesk.domain.cpr import check_file_name, mask_cpr


def problem_da(p: Any) -> str:
    """One break in the audit chain, in Danish (the domain's Problem)."""
    n, row = p.seq, p.entry_id
    where = f"post {n}" + (f" (række {row})" if row is not None else "")
    if p.kind == "edited":
        return f"{where}: RETTET efter den blev skrevet (indholdet passer ikke til dens hash)."
    if p.kind == "deleted":
        span = str(p.first) if p.first == p.last else f"{p.first}–{p.last}"
        return f"post {span}: SLETTET (mangler før post {n})."
    if p.kind == "truncated":
        if p.first == 1:
            return (
                f"ALLE poster er SLETTET: kontrolpunktet fra {p.when} kender post {p.last}, "
                "men loggen er tom."
            )
        return (
            f"post {p.first}–{p.last}: SLETTET i enden (AFKORTET; kontrolpunktet fra "
            f"{p.when} kender post {p.last})."
        )
    if p.kind == "reordered":
        return f"{where}: FLYTTET (står før en tidligere post; rækkefølgen er ændret)."
    if p.kind == "inserted":
        return f"{where}: INDSAT (hænger ikke sammen med posten før, eller nummeret er brugt)."
    if p.kind == "forged":
        if p.entry_id is None and p.first:
            return (
                f"{p.first} poster fra post {n} og frem har et forkert segl "
                "(skrevet eller genberegnet uden nøglen)."
            )
        return f"{where}: FORFALSKET (seglet passer ikke: skrevet eller genberegnet uden nøglen)."
    if p.kind == "recomputed":
        return f"{where}: kæden er GENBEREGNET (afviger fra kontrolpunktet fra {p.when})."
    if p.kind == "checkpoint":
        return f"kontrolpunktet for post {n} fra {p.when} er FORFALSKET (seglet passer ikke)."
    if p.kind == "unsealed":
        return f"{where}: uden segl, skønt tidligere poster har et (skrevet uden nøglen?)."
    return f"{where}: {p.detail}"


def cmd_audit(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import audit

    if args.audit_command == "key":
        audit.create_key(Path(args.file))
        out.emit(
            {"file": str(Path(args.file).resolve())},
            lambda: (
                f"Nøglen er skrevet til {args.file} (kun læsbar for ejeren). Sæt "
                "[audit] key_file i dosisdesk.ini til den."
            ),
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
                lines.append(f"Revisionsloggen er intakt ({rep.entries} poster).")
            else:
                lines.append(f"Revisionsloggen er BRUDT ({rep.entries} poster læst):")
                lines += ["  " + problem_da(p) for p in rep.problems]
            if not rep.keyed:
                lines.append(
                    "Bemærk: ingen nøgle er sat ([audit] key_file), så loggen er ikke forseglet: "
                    "sletning af de nyeste poster, falske tilføjelser og en genberegnet kæde kan "
                    "ikke opdages."
                )
            else:
                lines.append(f"{rep.sealed} poster forseglet; {rep.checkpoints} kontrolpunkter.")
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
                f"Kontrolpunkt skrevet (post {res.seq}) i {res.path}."
                if res.written
                else "Ingen nøgle er sat ([audit] key_file): intet skrevet."
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
            lambda: (
                f"Borgerens log ({len(log.rows)} adgange) er gemt i {args.pdf} "
                + ("(1 side)." if pages == 1 else f"({pages} sider).")
            ),
        )
        return 0
    out.emit(
        log.rows,
        lambda: table(
            [(fmt_dt(r.at), r.who, r.role, r.what) for r in log.rows],
            ("Tidspunkt", "Hvem", "Rolle", "Hvad"),
        ),
    )
    return 0


def cmd_password(args: argparse.Namespace, out: Out) -> int:
    """Change your own password, or (administrators) set someone's with ``--for``."""
    from dosisdesk.cli.common import read_secret
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.services import signin

    ctx = cli_ctx(args)
    old = "" if args.for_user else read_secret(args, "Nuværende adgangskode: ")
    new = read_secret(args, "Ny adgangskode: ")
    again = new if args.password_stdin else read_secret(args, "Gentag den nye adgangskode: ")
    if new != again:
        raise InvalidInput("passwords differ", "De to adgangskoder er ikke ens.")
    if args.for_user:
        signin.set_password(ctx, args.for_user, new)
        who = args.for_user
    else:
        signin.change_own_password(ctx, old, new)
        who = ctx.actor.username
    out.emit({"username": who}, lambda: f"Adgangskoden for {who} er sat.")
    return 0


def cmd_roles(args: argparse.Namespace, out: Out) -> int:
    """PostgreSQL: roles, privileges and row-level security (the database's owner runs it)."""
    from dosisdesk.domain.errors import InvalidInput
    from dosisdesk.storage import roles
    from dosisdesk.storage.db import Database, is_sqlite

    db = Database.open(args.db)
    try:
        if is_sqlite(db.url):
            raise InvalidInput(
                "roles need PostgreSQL",
                "Roller og rækkesikkerhed findes kun i PostgreSQL; en SQLite-fil "
                "beskyttes af styresystemets filrettigheder.",
            )
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,30}", args.prefix):
            raise InvalidInput("bad prefix", "Præfikset skal være små bogstaver, tal og _.")
        with db.engine.begin() as conn:
            rep = roles.setup_roles(conn, args.prefix, create_logins=args.create_logins)
    finally:
        db.dispose()

    def human() -> str:
        lines = [
            f"Roller og rækkesikkerhed er sat op i skemaet {rep.schema}: "
            f"{', '.join(rep.groups)}; {len(rep.policies)} politikker."
        ]
        lines += [f"  {login}: medlem af {group}" for login, group in rep.granted]
        lines += [f"  {login}: ikke længere medlem af {group}" for login, group in rep.revoked]
        lines += [
            f"  {login}: rolle oprettet (LOGIN; IT vælger godkendelsen i pg_hba.conf)"
            for login in rep.created
        ]
        if rep.missing:
            lines.append(
                "Disse brugere har ingen rolle i databasen endnu (opret dem, eller brug "
                "--create-logins): " + ", ".join(rep.missing)
            )
        return "\n".join(lines)

    out.emit(rep, human)
    return 0


def cmd_backup(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import backup

    ctx = cli_ctx(args)
    res = backup.backup(ctx, args.file)
    out.emit(
        res,
        lambda: (
            f"Sikkerhedskopien er gemt i {res.file} ({res.bytes // 1024} KiB; "
            "kun læsbar for ejeren). Opbevar den som helbredsdata."
        ),
    )
    return 0


def cmd_restore(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import backup
    from dosisdesk.storage.db import resolve_url

    res = backup.restore(args.file, resolve_url(args.db))
    rep = res.audit

    def human() -> str:
        lines = [
            f"Sikkerhedskopien er lagt tilbage: {res.citizens} borgere, {rep.entries} "
            "poster i revisionsloggen."
        ]
        if rep.ok:
            lines.append("Revisionsloggen er intakt.")
        else:
            lines.append("Revisionsloggen er BRUDT:")
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
            lambda: (
                f"Nødadgang til {g.citizen_name} ({mask_cpr(g.cpr)}) til "
                f"{format_moment(g.until, with_year=False)}. Grunden er logget og ses af medicinkoordinatoren."
            ),
        )
        return 0
    if args.glass_command == "reviewed":
        glass.mark_reviewed(ctx, args.id)
        out.emit({"id": args.id}, lambda: f"Nødadgang {args.id} er markeret som gennemset.")
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
            ("Nr.", "Tidspunkt", "Bruger", "Borger", "CPR", "Grund", "Gennemset af"),
        ),
    )
    return 0


def register(sub: Any) -> None:
    gl = sub.add_parser("glass", help="nødadgang til en borger uden for dit team (med grund)")
    gls = gl.add_subparsers(dest="glass_command", required=True)
    go = gls.add_parser("open", help="åbn en borger uden for dit team (sygeplejerske)")
    go.add_argument("cpr")
    go.add_argument("--reason", required=True, help="hvorfor (logges; ses af koordinatoren)")
    go.set_defaults(func=cmd_glass)
    gli = gls.add_parser("list", help="nødadgange til gennemsyn (koordinator)")
    gli.add_argument("--all", action="store_true", help="også de gennemsete")
    gli.set_defaults(func=cmd_glass)
    gr = gls.add_parser("reviewed", help="markér en nødadgang som gennemset (koordinator)")
    gr.add_argument("id", type=int)
    gr.set_defaults(func=cmd_glass)

    bk = sub.add_parser("backup", help="sikkerhedskopi af hele databasen (administrator)")
    bk.add_argument("file")
    bk.set_defaults(func=cmd_backup)
    rs = sub.add_parser("restore", help="læg en sikkerhedskopi tilbage i en tom database (--db)")
    rs.add_argument("file")
    rs.set_defaults(func=cmd_restore)

    ro = sub.add_parser("roles", help="PostgreSQL: roller, rettigheder og rækkesikkerhed (IT)")
    ro.add_argument(
        "--prefix",
        default="dosisdesk",
        help="navn på grupperollerne (standard dosisdesk: dosisdesk_nurse, …)",
    )
    ro.add_argument(
        "--create-logins",
        action="store_true",
        help="opret manglende login-roller for aktive brugere",
    )
    ro.set_defaults(func=cmd_roles)

    pw = sub.add_parser("password", help="skift din adgangskode (administrator: --for BRUGER)")
    pw.add_argument(
        "--for", dest="for_user", metavar="BRUGER", help="sæt en andens adgangskode (administrator)"
    )
    pw.set_defaults(func=cmd_password)

    au = sub.add_parser("audit", help="revisionsloggen")
    aus = au.add_subparsers(dest="audit_command", required=True)
    aus.add_parser("verify", help="kontrollér at loggen er ubrudt").set_defaults(func=cmd_audit)
    ac = aus.add_parser("citizen", help="hvem har set borgerens data (borgerens log)")
    ac.add_argument("cpr")
    ac.add_argument("--pdf", metavar="FIL", help="gem borgerens log som PDF (uden CPR i navnet)")
    ac.set_defaults(func=cmd_audit)
    aus.add_parser("checkpoint", help="skriv et forseglet kontrolpunkt nu").set_defaults(
        func=cmd_audit
    )
    ak = aus.add_parser("key", help="lav en ny nøgle til forseglingen (IT)")
    ak.add_argument("file")
    ak.set_defaults(func=cmd_audit)
