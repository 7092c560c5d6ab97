"""Demo data, the schema, import and export of extracts, users and teams."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, subcommands, table
from dosisdesk.words import Columns, say


def cmd_demo(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.demo.build import build_demo, refuse_real_database
    from dosisdesk.storage.db import Database, database_exists, resolve_url

    # Demo data lives only in a training database: a missing one is made as such here (the one
    # other act that creates a database besides 'db init'); a real one is refused by build_demo.
    url = resolve_url(args.db)
    if not database_exists(url):
        Database.create(url, training=True).dispose()
    else:
        # Refuse a real database before anyone is asked to sign in to it.
        existing = Database.open(url)
        try:
            refuse_real_database(existing)
        finally:
            existing.dispose()
    ctx = cli_ctx(args)

    def progress(done: int, total: int) -> None:
        if not out.as_json and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    summary = build_demo(
        ctx.db, citizens=args.citizens, seed=args.seed, now=ctx.now(), progress=progress
    )
    out.emit(
        summary,
        lambda: say(
            "demo.done",
            citizens=summary.citizens,
            lines=summary.lines,
            changes=summary.changes,
            contacts=summary.contacts,
            seconds=summary.seconds,
        ),
    )
    return 0


def cmd_db(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.errors import DatabaseMissing
    from dosisdesk.storage import migrate
    from dosisdesk.storage.db import Database, database_exists, make_engine, resolve_url

    url = resolve_url(args.db)
    if args.db_command == "init":
        db = Database.create(url, training=args.training)
        db.dispose()
        out.emit(
            {"url": db.url, "training": db.is_training()},
            lambda: say("db.created_training" if db.is_training() else "db.created"),
        )
        return 0
    if args.training:
        from dosisdesk.domain.errors import InvalidInput

        raise InvalidInput("cli.data.training_with_init_only")
    if not database_exists(url):
        raise DatabaseMissing("cli.data.no_database")
    if args.db_command == "upgrade":
        migrate.upgrade(url)
        engine = make_engine(url)
        rev = migrate.current(engine)
        engine.dispose()
        out.emit({"revision": rev}, lambda: say("db.upgraded", revision=rev))
    else:
        engine = make_engine(url)
        rev = migrate.current(engine)
        engine.dispose()
        head = migrate.head()
        out.emit(
            {"revision": rev, "head": head},
            lambda: say("db.current", revision=rev or say("db.empty"), head=head),
        )
    return 0


def cmd_import(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.interop.extract import import_extract

    summary = import_extract(cli_ctx(args), Path(args.file))
    out.emit(summary, lambda: say("import.done", summary=summary))
    return 0


def cmd_export(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.interop.extract import export_extract

    summary = export_extract(cli_ctx(args), Path(args.file), team=args.team)
    out.emit(summary, lambda: say("export.done", summary=summary))
    return 0


def cmd_user(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import admin

    ctx = cli_ctx(args)
    if args.user_command == "list":
        rows = admin.users(ctx)
        out.emit(
            rows,
            lambda: table(
                [
                    (
                        r.username,
                        r.full_name,
                        r.role.value,
                        r.team_name,
                        say("yes") if r.active else say("no"),
                    )
                    for r in rows
                ],
                Columns("cli_users"),
            ),
        )
    elif args.user_command == "add":
        row = admin.add_user(ctx, args.username, args.name, args.role, args.team)
        out.emit(row, lambda: say("user.added", user=row.username, role=row.role.value))
    elif args.user_command in ("activate", "deactivate"):
        admin.set_active(ctx, args.username, args.user_command == "activate")
        out.emit(
            {"username": args.username, "active": args.user_command == "activate"},
            lambda: say(
                "user.activated" if args.user_command == "activate" else "user.deactivated",
                user=args.username,
            ),
        )
    elif args.user_command == "team":
        admin.add_team(ctx, args.name)
        out.emit({"team": args.name}, lambda: say("user.team_added", team=args.name))
    return 0


def register(sub: Any) -> None:
    d = sub.add_parser("demo", help=say("demo.help"))
    d.add_argument("--citizens", type=int, default=300)
    d.add_argument("--seed", type=int, default=1)
    d.set_defaults(func=cmd_demo)

    dbp = sub.add_parser("db", help=say("db.help"))
    dbp.add_argument("db_command", choices=("init", "upgrade", "current"))
    dbp.add_argument(
        "--training",
        action="store_true",
        help=say("db.help.training"),
    )
    dbp.set_defaults(func=cmd_db)

    i = sub.add_parser("import", help=say("import.help"))
    i.add_argument("file")
    i.set_defaults(func=cmd_import)

    e = sub.add_parser("export", help=say("export.help"))
    e.add_argument("file")
    e.add_argument("--team")
    e.set_defaults(func=cmd_export)

    uss = subcommands(sub, "user", say("user.help"))
    uss.add_parser("list", help=say("user.list.help")).set_defaults(func=cmd_user)
    ua = uss.add_parser("add", help=say("user.add.help"))
    ua.add_argument("username")
    ua.add_argument("--name", required=True, help=say("user.add.help.name"))
    ua.add_argument("--role", required=True, help=say("user.add.help.role"))
    ua.add_argument("--team", help=say("user.add.help.team"))
    ua.set_defaults(func=cmd_user)
    for verb, text in (
        ("activate", say("user.activate.help")),
        ("deactivate", say("user.deactivate.help")),
    ):
        uv = uss.add_parser(verb, help=text)
        uv.add_argument("username")
        uv.set_defaults(func=cmd_user)
    ut = uss.add_parser("team", help=say("user.team.help"))
    ut.add_argument("name")
    ut.set_defaults(func=cmd_user)
