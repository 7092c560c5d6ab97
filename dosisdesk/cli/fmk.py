"""FMK in: read a citizen's FMK medicine card, see the differences, accept or reject them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, fmt_d, fmt_dt, subcommands, table
from dosisdesk.domain.calendar import format_day, format_moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import InvalidInput
from dosisdesk.words import Columns, say


def _proposal_rows(props: Any) -> str:
    return table(
        [
            (
                p.id,
                p.kind_da,
                p.before or "–",
                p.after
                + (say("fmk.cannot_dose_dispense") if p.cannot_dose_dispense else "")
                + (say("fmk.note", note=p.note) if p.note and p.dosage_exact else ""),
                p.author or "FMK",
            )
            for p in props
        ],
        Columns("cli_fmk_proposals"),
    )


def _read_text(r: Any) -> str:
    read = r.read
    head = [
        say("fmk.card", name=r.name, cpr=format_cpr(r.cpr), version=read.card_version)
        + (
            say("fmk.modified", at=format_moment(read.fmk_modified_at, with_year=False))
            if read.fmk_modified_at
            else ""
        ),
        say("fmk.medications", n=read.drug_medications)
        + (say("fmk.private", n=read.private_count) if read.private_count else ""),
        say(
            "fmk.lands",
            day=format_day(r.target.first_day, with_year=False),
            deadline=format_moment(r.target.deadline, with_year=False),
        ),
    ]
    if not r.pending:
        return "\n".join([*head, say("fmk.no_differences")])
    new = say("fmk.new", n=len(r.new)) if r.new else say("fmk.no_new")
    return "\n".join(
        [
            *head,
            say("fmk.pending", n=len(r.pending), new=new),
            _proposal_rows(r.pending),
            say("fmk.how_to_decide"),
        ]
    )


def cmd_fmk(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.interop.fmk import sources
    from dosisdesk.interop.fmk.document import parse_medicine_card, read_bytes
    from dosisdesk.services import fmk

    ctx = cli_ctx(args)
    if args.fmk_command == "read":
        path = Path(args.file)
        try:
            result = sources.read_file(ctx, path, expected_cpr=args.cpr)
        except fmk.CitizenNotInDosisdesk as e:
            if not args.create:
                raise InvalidInput(
                    "cli.fmk.not_in_dosisdesk", message=e.message, english=e.english
                ) from e
            if not (args.team and args.group):
                raise InvalidInput("cli.fmk.create_needs_team_and_group") from e
            card = parse_medicine_card(read_bytes(path))
            fmk.create_citizen(ctx, card, args.team, args.group)
            result = fmk.read_card(ctx, card, source="file")
        out.emit(result, lambda: _read_text(result))
    elif args.fmk_command == "accept":
        proposal = fmk.get_proposal(ctx, args.proposal)
        c = fmk.accept(ctx, args.proposal)
        p = c.target_period
        out.emit(
            {"proposal": proposal.id, "change": c},
            lambda: (
                say(
                    "fmk.accepted",
                    id=proposal.id,
                    change=c.id,
                    kind=proposal.kind_da,
                    drug=proposal.drug,
                )
                + (
                    say(
                        "fmk.accepted_roll",
                        day=format_day(p.first_day, with_year=False),
                        deadline=format_moment(p.deadline, with_year=False),
                    )
                    if p
                    else "."
                )
            ),
        )
    elif args.fmk_command == "reject":
        if not args.reason or not args.reason.strip():
            raise InvalidInput("cli.fmk.reason_needed")
        r = fmk.reject(ctx, args.proposal, args.reason)
        out.emit(r, lambda: say("fmk.rejected", id=r.id, reason=r.reject_reason))
    elif args.fmk_command == "status":
        st = fmk.status(ctx, args.cpr)

        def text() -> str:
            lr = st.last_read
            lines = [
                f"{st.name} ({format_cpr(st.cpr)}): "
                + (
                    say(
                        "fmk.last_read",
                        at=format_moment(lr.read_at, with_year=False),
                        by=lr.read_by_name or lr.read_by,
                        version=lr.card_version,
                    )
                    if lr
                    else say("fmk.never_read")
                )
            ]
            lines.append(_proposal_rows(st.pending) if st.pending else say("fmk.none_pending"))
            return "\n".join(lines)

        out.emit(st, text)
    elif args.fmk_command == "inbox":
        if args.set_folder is not None:
            fmk.set_inbox_folder(ctx, args.set_folder or None)
        folder = args.folder or fmk.inbox_folder(ctx)
        report = sources.process_inbox(ctx, Path(folder)) if folder else None
        rows = fmk.citizens_with_differences(ctx, args.team)
        data = {
            "folder": folder,
            "read": [
                {"file": n, "citizen": r.cpr, "new": len(r.new)}
                for n, r in (report.read if report else [])
            ],
            "unknown_citizen": [
                {"file": n, "message": msg} for n, msg in (report.unknown if report else [])
            ],
            "failed": [{"file": n, "message": msg} for n, msg in (report.failed if report else [])],
            "citizens": rows,
        }

        def text() -> str:
            parts = []
            if folder is None:
                parts.append(say("fmk.no_inbox"))
            elif report is not None:
                parts.append(
                    say(
                        "fmk.inbox",
                        folder=folder,
                        read=len(report.read),
                        unknown=len(report.unknown),
                        failed=len(report.failed),
                    )
                )
                parts += [f"  {n}: {msg}" for n, msg in report.unknown + report.failed]
            if rows:
                parts.append(say("fmk.differing_heading"))
                parts.append(
                    table(
                        [
                            (
                                format_cpr(r.cpr),
                                r.name,
                                r.team,
                                r.pending,
                                fmt_dt(r.oldest),
                                fmt_d(r.last_read_at.date()) if r.last_read_at else "",
                            )
                            for r in rows
                        ],
                        Columns("cli_fmk_citizens"),
                    )
                )
            else:
                parts.append(say("fmk.none_differing"))
            return "\n".join(parts)

        out.emit(data, text)
    return 0


def register(sub: Any) -> None:
    fsub = subcommands(sub, "fmk", say("fmk.help"))
    json_opt = dict(action="store_true", default=argparse.SUPPRESS, help=say("global.help.json"))

    r = fsub.add_parser("read", help=say("fmk.read.help"))
    r.add_argument("file", metavar=say("metavar.file"))
    r.add_argument("--cpr", help=say("fmk.read.help.cpr"))
    r.add_argument("--create", action="store_true", help=say("fmk.read.help.create"))
    r.add_argument("--team", help=say("fmk.read.help.team"))
    r.add_argument("--group", help=say("fmk.read.help.group"))
    r.add_argument("--json", **json_opt)

    a = fsub.add_parser("accept", help=say("fmk.accept.help"))
    a.add_argument("proposal", type=int, metavar=say("metavar.proposal"))
    a.add_argument("--json", **json_opt)

    j = fsub.add_parser("reject", help=say("fmk.reject.help"))
    j.add_argument("proposal", type=int, metavar=say("metavar.proposal"))
    j.add_argument("--reason", help=say("fmk.reject.help.reason"))
    j.add_argument("--json", **json_opt)

    s = fsub.add_parser("status", help=say("fmk.status.help"))
    s.add_argument("cpr")
    s.add_argument("--json", **json_opt)

    i = fsub.add_parser("inbox", help=say("fmk.inbox.help"))
    i.add_argument("--folder", help=say("fmk.inbox.help.folder"))
    i.add_argument(
        "--set-folder", metavar=say("metavar.folder"), help=say("fmk.inbox.help.set_folder")
    )
    i.add_argument("--team", help=say("fmk.inbox.help.team"))
    i.add_argument("--json", **json_opt)
    for verb in (r, a, j, s, i):
        verb.set_defaults(func=cmd_fmk)
