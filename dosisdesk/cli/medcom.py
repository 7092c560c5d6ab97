"""Correspondence messages (MedCom CareCommunication): write, read the inbox, show threads."""

from __future__ import annotations

import argparse
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, fmt_dt, subcommands, table
from dosisdesk.domain.calendar import format_moment
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import Columns, say


def _about(text: str | None) -> tuple[str, str]:
    if not text:
        return "", ""
    kind, _, ref = text.partition(":")
    if kind not in ("flag", "renewal", "change", "supply", "contact") or not ref:
        raise InvalidInput("cli.medcom.bad_about", text=text)
    return kind, ref


def _thread_text(thread: list[Any]) -> str:
    out = []
    for d in thread:
        arrow = "→" if d.direction.value == "out" else "←"
        head = f"{arrow} {d.id} {format_moment(d.created_at, with_year=False)} {d.category_da}"
        if d.topic:
            head += f" »{d.topic}«"
        out.append(f"{head} · {d.party_name} · {d.status_da}")
        for g in d.segments:
            out.append(
                f"    {g.author} ({g.role}), {format_moment(g.at, with_year=False)}, tlf. {g.phone}:"
            )
            out += [f"      {line}" for line in g.text.splitlines()]
        for title in d.attachments:
            out.append(say("medcom.attachment", title=title))
        if d.error:
            out.append(say("medcom.failed", error=d.error))
    return "\n".join(out)


def cmd_medcom(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.correspondence import Draft, Signature
    from dosisdesk.interop import medcom
    from dosisdesk.services import correspondence as corr

    ctx = cli_ctx(args)
    cmd = args.medcom_command
    if cmd == "new":
        kind, ref = _about(args.about)
        prop = corr.compose(ctx, args.cpr, kind, ref)
        sig = prop.signature
        draft = Draft(
            args.category,
            args.topic or (prop.topic if args.category == prop.category else ""),
            args.text,
            Signature(sig.name, sig.role, sig.team, args.phone or sig.phone),
            asap=args.asap,
        )
        attachment = None
        if args.attach_medlist:
            from dosisdesk.reports.medlist import medlist_pdf
            from dosisdesk.ui.pyside_fix import pin_singletons

            pin_singletons()
            attachment = medlist_pdf(ctx, args.cpr)
        d = medcom.send(
            ctx,
            args.cpr,
            draft,
            args.to,
            context_kind=kind,
            context_ref=ref,
            reply_to=args.reply_to,
            attachment=attachment,
        )
        out.emit(
            {"id": d.id, "message_id": d.header_id, "file": d.file_name, "status": d.status},
            lambda: say(
                "medcom.sent", id=d.id, to=d.party_name, file=d.file_name, message_id=d.header_id
            ),
        )
    elif cmd == "inbox":
        rep = medcom.scan_inbox(ctx)
        waiting = corr.unanswered(ctx)
        data = {
            "received": rep.received,
            "refused": [{"file": f, "reason": r} for f, r in rep.refused],
            "taken_by_gateway": rep.taken_by_gateway,
            "unanswered": waiting,
        }

        def human() -> str:
            lines = [
                say(
                    "medcom.inbox",
                    received=len(rep.received),
                    refused=len(rep.refused),
                    taken=rep.taken_by_gateway,
                )
            ]
            lines += [say("medcom.refused", file=f, reason=r) for f, r in rep.refused]
            lines += [
                say("medcom.received", id=d.id, sender=d.party_name, citizen=d.citizen_name)
                for d in rep.received
            ]
            if waiting:
                lines.append(say("medcom.unanswered_heading"))
                lines.append(
                    table(
                        [
                            (
                                d.id,
                                fmt_dt(d.created_at),
                                d.masked_cpr,
                                d.citizen_name,
                                d.category_da,
                                d.party_name,
                                d.status_da,
                            )
                            for d in waiting
                        ],
                        Columns("cli_medcom_unanswered"),
                    )
                )
            return "\n".join(lines)

        out.emit(data, human)
    elif cmd == "thread":
        threads = corr.threads(ctx, args.cpr)
        out.emit(
            threads,
            lambda: "\n\n".join(_thread_text(t) for t in threads) or say("medcom.none"),
        )
    elif cmd == "setup":
        values = {
            k: v
            for k in ("name", "sor", "ean", "phone", "outbox", "inbox")
            if (v := getattr(args, k)) is not None
        }
        st = corr.set_settings(ctx, **values) if values else corr.settings(ctx)
        out.emit(
            st,
            lambda: "\n".join(
                f"{k}: {getattr(st, k) or '-'}"
                for k in ("name", "sor", "ean", "phone", "outbox", "inbox")
            ),
        )
    elif cmd == "address":
        if args.kind == "gp":
            corr.set_gp_address(ctx, args.ref, args.sor, args.ean)
        elif args.kind == "contact":
            if not args.ref.isdigit():
                raise InvalidInput("cli.medcom.bad_contact_id", ref=args.ref)
            corr.set_contact_address(ctx, int(args.ref), args.sor, args.ean)
        else:
            corr.set_team_address(ctx, args.ref, args.sor, args.ean)
        out.emit({"ok": True}, lambda: say("medcom.address_saved"))
    return 0


def register(sub: Any) -> None:
    mcs = subcommands(sub, "medcom", say("medcom.help"))
    n = mcs.add_parser("new", help=say("medcom.new.help"))
    n.add_argument("cpr")
    n.add_argument("--to", required=True, help=say("medcom.new.help.to"))
    n.add_argument("--category", required=True, help=say("medcom.new.help.category"))
    n.add_argument("--topic", help=say("medcom.new.help.topic"))
    n.add_argument("--text", required=True, help=say("medcom.new.help.text"))
    n.add_argument("--about", help=say("medcom.new.help.about"))
    n.add_argument("--reply-to", type=int, help=say("medcom.new.help.reply_to"))
    n.add_argument("--phone", help=say("medcom.new.help.phone"))
    n.add_argument("--asap", action="store_true", help=say("medcom.new.help.asap"))
    n.add_argument("--attach-medlist", action="store_true", help=say("medcom.new.help.attach"))
    n.set_defaults(func=cmd_medcom)
    mcs.add_parser("inbox", help=say("medcom.inbox.help")).set_defaults(func=cmd_medcom)
    t = mcs.add_parser("thread", help=say("medcom.thread.help"))
    t.add_argument("cpr")
    t.set_defaults(func=cmd_medcom)
    su = mcs.add_parser("setup", help=say("medcom.setup.help"))
    for opt, text in (
        ("name", say("medcom.setup.help.name")),
        ("sor", say("medcom.setup.help.sor")),
        ("ean", say("medcom.setup.help.ean")),
        ("phone", say("medcom.setup.help.phone")),
        ("outbox", say("medcom.setup.help.outbox")),
        ("inbox", say("medcom.setup.help.inbox")),
    ):
        su.add_argument(f"--{opt}", help=text)
    su.set_defaults(func=cmd_medcom)
    ad = mcs.add_parser("address", help=say("medcom.address.help"))
    ad.add_argument("kind", choices=("gp", "contact", "team"))
    ad.add_argument("ref", help=say("medcom.address.help.ref"))
    ad.add_argument("--sor", required=True)
    ad.add_argument("--ean", required=True)
    ad.set_defaults(func=cmd_medcom)
