"""FMK in: read a citizen's FMK medicine card, see the differences, accept or reject them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dosisdesk.cli.common import Out, cli_ctx, fmt_d, fmt_dt, table
from dosisdesk.domain.calendar import format_day, format_moment
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import InvalidInput


def _proposal_rows(props: Any) -> str:
    return table(
        [
            (
                p.id,
                p.kind_da,
                p.before or "–",
                p.after
                + (" · kan ikke dosisdispenseres som angivet" if p.cannot_dose_dispense else "")
                + (f" · Bemærk: {p.note}" if p.note and p.dosage_exact else ""),
                p.author or "FMK",
            )
            for p in props
        ],
        ("Forslag", "Forskel", "Nu i dosisdesk", "Fra FMK", "Kilde i FMK"),
    )


def _read_text(r: Any) -> str:
    read = r.read
    head = [
        f"FMK-kort for {r.name} ({format_cpr(r.cpr)}), version {read.card_version}"
        + (
            f", ændret i FMK {format_moment(read.fmk_modified_at, with_year=False)}"
            if read.fmk_modified_at
            else ""
        ),
        f"{read.drug_medications} lægemiddelordinationer"
        + (f", {read.private_count} privatmarkeret (vises ikke)" if read.private_count else ""),
        f"Godkendte ændringer lander i rullen fra {format_day(r.target.first_day, with_year=False)} "
        f"(frist {format_moment(r.target.deadline, with_year=False)}).",
    ]
    if not r.pending:
        return "\n".join([*head, "Ingen forskelle: kortet i dosisdesk svarer til FMK."])
    new = f"{len(r.new)} nye forslag" if r.new else "ingen nye forslag"
    return "\n".join(
        [
            *head,
            f"{len(r.pending)} forskelle venter ({new}):",
            _proposal_rows(r.pending),
            "Godkend: dosisdesk fmk accept FORSLAG · Afvis: dosisdesk fmk reject FORSLAG --reason …",
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
                    e.english,
                    e.message + " Tilføj --create --team TEAM --group PAKKEGRUPPE for at oprette "
                    "borgeren (medicinkoordinator).",
                ) from e
            if not (args.team and args.group):
                raise InvalidInput(
                    "--create needs --team and --group",
                    "--create kræver --team og --group (borgerens team og pakkegruppe).",
                ) from e
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
                f"Forslag {proposal.id} godkendt: ændring {c.id} ({proposal.kind_da}, "
                f"{proposal.drug}) er registreret"
                + (
                    f" til rullen fra {format_day(p.first_day, with_year=False)} (frist {format_moment(p.deadline, with_year=False)})."
                    if p
                    else "."
                )
            ),
        )
    elif args.fmk_command == "reject":
        if not args.reason or not args.reason.strip():
            raise InvalidInput("--reason is required", "Angiv en begrundelse med --reason.")
        r = fmk.reject(ctx, args.proposal, args.reason)
        out.emit(r, lambda: f"Forslag {r.id} afvist: {r.reject_reason}")
    elif args.fmk_command == "status":
        st = fmk.status(ctx, args.cpr)

        def text() -> str:
            lr = st.last_read
            lines = [
                f"{st.name} ({format_cpr(st.cpr)}): "
                + (
                    f"FMK læst {format_moment(lr.read_at, with_year=False)} af {lr.read_by_name or lr.read_by}, version {lr.card_version}"
                    if lr
                    else "FMK-kortet er ikke læst endnu"
                )
            ]
            lines.append(_proposal_rows(st.pending) if st.pending else "Ingen ventende forskelle.")
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
                parts.append(
                    "Ingen FMK-indbakke er sat op (dosisdesk fmk inbox --set-folder MAPPE)."
                )
            elif report is not None:
                parts.append(
                    f"Indbakke {folder}: {len(report.read)} læst, "
                    f"{len(report.unknown)} venter på en borger, "
                    f"{len(report.failed)} kunne ikke læses."
                )
                parts += [f"  {n}: {msg}" for n, msg in report.unknown + report.failed]
            if rows:
                parts.append("Borgere hvis FMK-kort afviger (ældste først):")
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
                        ("CPR", "Navn", "Team", "Forskelle", "Ældste", "Sidst læst"),
                    )
                )
            else:
                parts.append("Ingen borgere har forskelle mellem FMK og dosisdesk.")
            return "\n".join(parts)

        out.emit(data, text)
    return 0


def register(sub: Any) -> None:
    p = sub.add_parser("fmk", help="læs medicinkortet fra FMK; godkend eller afvis forskellene")
    fsub = p.add_subparsers(dest="fmk_command", required=True)
    json_opt = dict(action="store_true", default=argparse.SUPPRESS, help="maskinlæsbart output")

    r = fsub.add_parser("read", help="indlæs et GetMedicineCardResponse fra FMK")
    r.add_argument("file", metavar="FIL")
    r.add_argument("--cpr", help="afvis dokumentet, hvis det ikke er denne borgers")
    r.add_argument(
        "--create", action="store_true", help="opret borgeren fra FMK-kortet (medicinkoordinator)"
    )
    r.add_argument("--team", help="borgerens team (med --create)")
    r.add_argument("--group", help="pakkegruppe for borgerens dosiskort (med --create)")
    r.add_argument("--json", **json_opt)

    a = fsub.add_parser("accept", help="godkend et forslag: det bliver en registreret ændring")
    a.add_argument("proposal", type=int, metavar="FORSLAG")
    a.add_argument("--json", **json_opt)

    j = fsub.add_parser("reject", help="afvis et forslag med en begrundelse")
    j.add_argument("proposal", type=int, metavar="FORSLAG")
    j.add_argument("--reason", help="begrundelse (påkrævet)")
    j.add_argument("--json", **json_opt)

    s = fsub.add_parser("status", help="sidste læsning og ventende forskelle for en borger")
    s.add_argument("cpr")
    s.add_argument("--json", **json_opt)

    i = fsub.add_parser("inbox", help="læs FMK-indbakken; vis borgere hvis kort afviger")
    i.add_argument("--folder", help="læs denne mappe i stedet for indstillingen")
    i.add_argument(
        "--set-folder", metavar="MAPPE", help="gem indbakkens mappe (tom streng: ingen indbakke)"
    )
    i.add_argument("--team", help="kun dette team (koordinator)")
    i.add_argument("--json", **json_opt)
    p.set_defaults(func=cmd_fmk)
