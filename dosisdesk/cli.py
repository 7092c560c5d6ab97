"""The command line: the same services the GUI uses, scriptable, with ``--json`` for machines.

Exit codes: 0 done; 2 bad input or a rule said no (one clear line on stderr, nothing changed);
3 the database could not be used; 1 a bug (logged with its traceback).
"""

from __future__ import annotations

import argparse
import dataclasses
import enum
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from dosisdesk.domain.errors import DosisError, InvalidInput, StorageError

COMMANDS_HELP = """\
kommandoer:
  demo                 fyld en tom database med demodata
  db upgrade|current   opgradér skemaet (PostgreSQL: administratoren) / vis version
  import FIL           indlæs et udtræk (alt eller intet)
  export FIL           skriv et udtræk (uden privatmarkerede linjer)
  search TEKST         find borgere (CPR eller navn)
  card CPR             kortet nu og i de kommende perioder
  change add|confirm|cancel|show
  queue                ændringskøen på tværs af borgere
  flags                dobbeltordinationer
  contacts             sygehuskontakter og 72-timers vinduer
  renewals             receptfornyelser
  handover / medlist   udskriv overlevering / medicinliste som PDF
  period list|stretch  pakkegruppens perioder; forlæng en periode over en helligdag
  user list|add|activate|deactivate|team   brugere og teams (administrator)
  audit verify|citizen revisionsloggen
"""


def _parse_now(text: str) -> datetime:
    from dosisdesk.domain.calendar import parse_moment

    return parse_moment(text)


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as e:
        raise InvalidInput(
            f"not a date: {text!r}",
            f"»{text}« er ikke en gyldig dato (ÅÅÅÅ-MM-DD, og datoen skal findes).",
        ) from e


def _jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in r] for r in rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(headers))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _dt(value: datetime | None) -> str:
    return value.strftime("%d-%m-%Y %H:%M") if value else ""


def _d(value: date | None) -> str:
    return value.strftime("%d-%m-%Y") if value else ""


def _weekday_d(value: date) -> str:
    from dosisdesk.domain.calendar import WEEKDAY_ABBR_DA

    return f"{WEEKDAY_ABBR_DA[value.weekday()]} {_d(value)}"


class Out:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def emit(self, data: Any, human: Callable[[], str]) -> None:
        if self.as_json:
            print(json.dumps(_jsonable(data), ensure_ascii=False, indent=1))
        else:
            print(human())


# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------


def _ctx(args: argparse.Namespace) -> Any:
    from dosisdesk.domain.calendar import now_cph
    from dosisdesk.services.context import fixed_clock, open_ctx
    from dosisdesk.storage.db import Database

    db = Database.open(args.db)
    clock = fixed_clock(_parse_now(args.now)) if args.now else now_cph
    return open_ctx(db, args.user, clock)


def cmd_demo(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.demo import build_demo

    ctx = _ctx(args)

    def progress(done: int, total: int) -> None:
        if not out.as_json and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    summary = build_demo(
        ctx.db, citizens=args.citizens, seed=args.seed, now=ctx.now(), progress=progress
    )
    out.emit(
        summary,
        lambda: (
            f"Demodata oprettet: {summary.citizens} borgere, "
            f"{summary.lines} linjer, {summary.changes} ændringer, {summary.contacts} "
            f"sygehuskontakter ({summary.seconds:.1f} s)."
        ),
    )
    return 0


def cmd_db(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.storage import migrate
    from dosisdesk.storage.db import make_engine, resolve_url

    url = resolve_url(args.db)
    if args.db_command == "upgrade":
        migrate.upgrade(url)
        engine = make_engine(url)
        rev = migrate.current(engine)
        engine.dispose()
        out.emit({"revision": rev}, lambda: f"Databasen er opgraderet (version {rev}).")
    else:
        engine = make_engine(url)
        rev = migrate.current(engine)
        engine.dispose()
        head = migrate.head()
        out.emit(
            {"revision": rev, "head": head},
            lambda: f"Databasens version: {rev or '(tom)'}; programmets: {head}",
        )
    return 0


def cmd_import(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.interop.extract import import_extract

    summary = import_extract(_ctx(args), Path(args.file))
    out.emit(summary, lambda: f"Indlæst: {summary}")
    return 0


def cmd_export(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.interop.extract import export_extract

    summary = export_extract(_ctx(args), Path(args.file), team=args.team)
    out.emit(summary, lambda: f"Skrevet: {summary}")
    return 0


def cmd_search(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.overview import search_citizens

    rows = search_citizens(_ctx(args), args.text, team=args.team, limit=args.limit)

    def human() -> str:
        def att(r: Any) -> str:
            marks = [
                ("akut i dag", r.acute_today),
                ("72 t", r.window_open),
                ("i bero", r.paused),
                ("dobbelt", r.high_flag),
                ("fornyelse", r.renewal_due),
            ]
            return ", ".join(n for n, on in marks if on)

        return _table(
            [(f"{r.cpr[:6]}-{r.cpr[6:]}", r.name, r.team_name, att(r)) for r in rows],
            ("CPR", "Navn", "Team", "Opmærksomhed"),
        )

    out.emit(rows, human)
    return 0


def cmd_card(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.queue import KIND_DA, STATE_DA
    from dosisdesk.services.cards import card_view
    from dosisdesk.services.changes import SUPPLY_DA

    view = card_view(_ctx(args), args.cpr, args.card)
    columns = list(view.columns)
    if args.period == "next":
        columns = [c for c in columns if not c.is_current][:1]
    elif args.period is not None:
        try:
            n = int(args.period)
        except ValueError as e:
            raise InvalidInput("bad --period", "--period skal være 'next' eller et tal.") from e
        columns = columns[n : n + 1] if 0 <= n < len(columns) else []
        if not columns:
            raise InvalidInput("no such period", f"Kortet viser ikke periode {n}.")

    def human() -> str:
        c = view.citizen
        out_lines = [
            f"{c.name}  {c.cpr[:6]}-{c.cpr[6:]}  {c.team_name}",
            f"Pakkegruppe: {view.packing_group} ({view.pharmacy})",
        ]
        if view.paused:
            out_lines.append(
                "DOSISDISPENSERING I BERO"
                + (f" siden {_dt(view.pause.paused_at)}: {view.pause.reason}" if view.pause else "")
            )
        for col in columns:
            p = col.period
            title = "Nuværende periode" if col.is_current else "Kommende periode"
            out_lines.append("")
            out_lines.append(
                f"{title}: {_weekday_d(p.first_day)} – {_weekday_d(p.last_day)}  "
                f"frist {_weekday_d(p.deadline.date())} kl. {p.deadline:%H.%M}  "
                f"levering {_d(p.expected_delivery)}  [{p.status.value}]"
                + (f"  ({p.note})" if p.note else "")
            )
            out_lines.append(
                _table(
                    [
                        (
                            ln.product.trade_name,
                            ln.product.strength,
                            ln.product.substance,
                            ln.dosage,
                            SUPPLY_DA[ln.supply],
                            "ny udseende" if ln.new_appearance else "",
                            "i bero" if ln.status.value == "paused" else "",
                        )
                        for ln in col.lines
                    ],
                    ("Lægemiddel", "Styrke", "Stof", "Dosering", "Forsyning", "", ""),
                )
            )
            for ch in col.changes:
                label = ch.product.label if ch.product else ""
                out_lines.append(
                    f"  • {KIND_DA[ch.kind]} {label} {ch.dosage} fra "
                    f"{_d(ch.effective_date)} ({STATE_DA[ch.state]}"
                    + (", AKUT" if ch.acute else "")
                    + ")"
                )
        if view.hidden_private:
            out_lines.append(f"\n{view.hidden_private} privatmarkerede linjer er skjult.")
        if view.flags:
            out_lines.append("\nDobbeltordinationer:")
            out_lines += [
                f"  [{f.severity.value}] {f.label_a}  ↔  {f.label_b}"
                + (" (kvitteret)" if f.acknowledged else "")
                for f in view.flags
            ]
        if view.contacts:
            out_lines.append("\nSygehuskontakter:")
            for k in view.contacts[:5]:
                w = (
                    f"  72 t til {_dt(k.responsibility_until)} – ring {k.phone}"
                    if k.window_open
                    else ""
                )
                out_lines.append(
                    f"  {k.kind.value} {k.hospital}, {k.department} "
                    f"{_dt(k.started_at)}–{_dt(k.ended_at)}{w}"
                )
        if view.renewals:
            out_lines.append("\nReceptfornyelser:")
            out_lines += [
                f"  {r.product_label} gyldig til {_d(r.valid_until)}" for r in view.renewals
            ]
        return "\n".join(out_lines)

    out.emit(dataclasses.replace(view, columns=tuple(columns)), human)
    return 0


def _handling(text: str) -> Any:
    from dosisdesk.domain.types import BagRef, HandlingKind

    kind_text, _, bags_text = text.partition("=")
    try:
        kind = HandlingKind(kind_text.strip())
    except ValueError as e:
        raise InvalidInput(
            f"unknown handling {kind_text!r}",
            f"Ukendt håndtering »{kind_text}«. Brug en af: "
            + ", ".join(k.value for k in HandlingKind)
            + ".",
        ) from e
    bags = []
    for part in filter(None, (p.strip() for p in bags_text.split(","))):
        day, _, slot = part.partition("/")
        if slot not in ("morning", "noon", "evening", "night") and not (
            len(slot) == 5 and slot[2] == ":"
        ):
            raise InvalidInput(
                f"bad bag {part!r}", f"Posen »{part}« skal skrives DATO/tid, fx 2026-11-22/evening."
            )
        bags.append(BagRef(_parse_date(day), slot))
    return kind, tuple(bags)


def cmd_change(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.queue import STATE_DA
    from dosisdesk.domain.types import ChangeKind, Supply
    from dosisdesk.services import changes

    ctx = _ctx(args)
    if args.change_command == "add":
        try:
            kind = ChangeKind(args.kind)
        except ValueError as e:
            raise InvalidInput(
                f"unknown kind {args.kind!r}",
                f"Ukendt ændringstype »{args.kind}«. Brug en af: "
                + ", ".join(k.value for k in ChangeKind)
                + ".",
            ) from e
        supply = None
        if args.supply:
            try:
                supply = Supply(args.supply)
            except ValueError as e:
                raise InvalidInput(
                    "bad supply", "Forsyning skal være dose_roll, ordinary eller as_needed."
                ) from e
        handlings = []
        for h in args.handling or []:
            hk, bags = _handling(h)
            handlings.append(changes.HandlingRequest(hk, bags, identifiable=args.identifiable))
        received = _parse_now(args.received) if args.received else None
        req = changes.ChangeRequest(
            cpr=args.cpr,
            kind=kind,
            line_id=args.line,
            product=args.drug,
            dosage=args.dose,
            supply=supply,
            source=args.source or "",
            received_at=received,
            acute=args.acute,
            reason=args.reason or "",
            doctor=args.doctor or "",
            handlings=tuple(handlings),
            private=args.private,
            prescription_valid_until=_parse_date(args.valid_until) if args.valid_until else None,
        )
        if kind is not ChangeKind.NEW and args.line is None and args.drug:
            # --drug names the line on the card (by ATC, trade name or substance)
            req = dataclasses.replace(
                req, product=None, line_id=_line_by_drug(ctx, args.cpr, args.drug)
            )
        result = changes.register(ctx, req)
        p = result.target_period
        data = {
            "id": result.id,
            "state": result.state.value,
            "acute": result.acute,
            "effective_date": result.effective_date.isoformat(),
            "target_period": {
                "start": p.first_day.isoformat(),
                "end": p.last_day.isoformat(),
                "deadline": p.deadline.isoformat(),
            }
            if p
            else None,
            "follow_up_id": result.follow_up_id,
            "if_waited": {
                "start": result.if_waited_first_day.isoformat(),
                "deadline": result.if_waited_deadline.isoformat(),
            }
            if result.if_waited_first_day and result.if_waited_deadline
            else None,
        }

        def human() -> str:
            if result.acute:
                text = (
                    f"Akut ændring {result.id} er i kraft fra i dag "
                    f"({_weekday_d(result.effective_date)})."
                )
                if result.follow_up_id:
                    fu = changes.get(ctx, result.follow_up_id)
                    assert fu.target_period is not None
                    text += (
                        f"\nOpfølgning {fu.id} er sat i kø til rullen fra "
                        f"{_weekday_d(fu.effective_date)} (frist "
                        f"{_weekday_d(fu.target_period.deadline.date())} kl. "
                        f"{fu.target_period.deadline:%H.%M})."
                    )
                return text
            assert p is not None
            return (
                f"Ændring {result.id} er registreret. Træder i kraft i rullen fra "
                f"{_weekday_d(result.effective_date)} (frist "
                f"{_weekday_d(p.deadline.date())} kl. {p.deadline:%H.%M})."
            )

        out.emit(data, human)
    elif args.change_command == "confirm":
        done = changes.confirm(ctx, [(i, None) for i in args.ids], note=args.note or "")
        out.emit(done, lambda: "\n".join(f"Ændring {c.id}: {STATE_DA[c.state]}" for c in done))
    elif args.change_command == "cancel":
        c = changes.cancel(ctx, args.id, None, args.reason or "")
        out.emit(c, lambda: f"Ændring {c.id}: {STATE_DA[c.state]}")
    elif args.change_command == "show":
        c = changes.get(ctx, args.id)
        out.emit(
            c,
            lambda: "\n".join(
                [f"Ændring {c.id}: {c.kind.value} {STATE_DA[c.state]} fra {_d(c.effective_date)}"]
                + [
                    f"  {_dt(t.at)} {t.by}: {t.from_state.value if t.from_state else '-'} → "
                    f"{t.to_state.value} {t.note}"
                    for t in c.transitions
                ]
            ),
        )
    return 0


def _line_by_drug(ctx: Any, cpr: str, drug: str) -> int:
    """The line of the citizen's card that holds this drug (by ATC, trade name or substance)."""
    from dosisdesk.services.cards import card_on

    lines, _ = card_on(ctx, cpr, ctx.today())
    key = drug.strip().casefold()
    hits = [
        ln
        for ln in lines
        if key
        in (
            ln.product.atc.casefold(),
            ln.product.trade_name.casefold(),
            ln.product.substance.casefold(),
        )
    ]
    if len(hits) != 1:
        raise InvalidInput(
            f"{len(hits)} lines match {drug!r}",
            f"Ingen linje på kortet passer til »{drug}«."
            if not hits
            else f"Flere linjer passer til »{drug}»; angiv --line "
            + " eller ".join(str(h.line_id) for h in hits)
            + ".",
        )
    return hits[0].line_id


def cmd_queue(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.queue import KIND_DA, STATE_DA
    from dosisdesk.domain.types import ChangeState
    from dosisdesk.services.overview import QueueFilter, queue

    states: tuple[ChangeState, ...] = ()
    if args.state:
        try:
            states = (ChangeState(args.state),)
        except ValueError as e:
            raise InvalidInput(
                "bad state",
                "Tilstand skal være en af: " + ", ".join(s.value for s in ChangeState) + ".",
            ) from e
    rows = queue(
        _ctx(args),
        QueueFilter(
            team=args.team,
            pharmacy=args.pharmacy,
            states=states,
            acute=True if args.acute else None,
            missed_only=args.missed,
        ),
        limit=args.limit,
    )
    out.emit(
        rows,
        lambda: _table(
            [
                (
                    r.change_id,
                    f"{r.cpr[:6]}-{r.cpr[6:]}",
                    r.citizen_name,
                    r.pharmacy,
                    _d(r.period_first_day),
                    _dt(r.deadline),
                    KIND_DA[r.kind],
                    r.product_label,
                    r.dosage,
                    STATE_DA[r.state],
                    "frist overskredet" if r.missed_deadlines else "",
                )
                for r in rows
            ],
            (
                "Id",
                "CPR",
                "Navn",
                "Apotek",
                "Periode",
                "Frist",
                "Type",
                "Lægemiddel",
                "Dosering",
                "Tilstand",
                "",
            ),
        ),
    )
    return 0


def cmd_flags(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import Severity
    from dosisdesk.services.overview import flags

    sev = None
    if args.severity:
        try:
            sev = Severity(args.severity)
        except ValueError as e:
            raise InvalidInput("bad severity", "Alvor skal være high, review eller info.") from e
    rows = flags(_ctx(args), severity=sev, team=args.team, include_acknowledged=args.all)
    out.emit(
        rows,
        lambda: _table(
            [
                (
                    r.severity.value,
                    f"{r.cpr[:6]}-{r.cpr[6:]}",
                    r.citizen_name,
                    r.label_a,
                    r.label_b,
                    "kvitteret" if r.acknowledged else "",
                )
                for r in rows
            ],
            ("Alvor", "CPR", "Navn", "Linje A", "Linje B", ""),
        ),
    )
    return 0


def cmd_contacts(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services.contacts import KIND_DA, list_contacts

    rows = list_contacts(
        _ctx(args),
        open_only=args.open,
        team=args.team,
        admitted_now=args.admitted,
        limit=args.limit,
    )
    out.emit(
        rows,
        lambda: _table(
            [
                (
                    f"{r.cpr[:6]}-{r.cpr[6:]}",
                    r.citizen_name,
                    KIND_DA[r.kind],
                    r.hospital,
                    r.department,
                    r.phone,
                    _dt(r.started_at),
                    _dt(r.ended_at),
                    _dt(r.responsibility_until) if r.window_open else "",
                )
                for r in rows
            ],
            (
                "CPR",
                "Navn",
                "Kontakt",
                "Sygehus",
                "Afdeling",
                "Telefon",
                "Start",
                "Slut",
                "72 t til",
            ),
        ),
    )
    return 0


def cmd_renewals(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.domain.types import REJECTION_TEXT_DA, RenewalState
    from dosisdesk.services.overview import renewals

    state = None
    if args.state:
        try:
            state = RenewalState(args.state)
        except ValueError as e:
            raise InvalidInput(
                "bad state", "Tilstand skal være sent, renewed, rejected eller cancelled."
            ) from e
    rows = renewals(_ctx(args), due=args.due or state is None, team=args.team, state=state)
    out.emit(
        rows,
        lambda: _table(
            [
                (
                    f"{r.cpr[:6]}-{r.cpr[6:]}",
                    r.citizen_name,
                    r.product_label,
                    _d(r.valid_until),
                    r.state.value if r.state else "skal fornyes",
                    REJECTION_TEXT_DA[r.rejection_reason] if r.rejection_reason else "",
                )
                for r in rows
            ],
            ("CPR", "Navn", "Lægemiddel", "Gyldig til", "Status", "Afvist fordi"),
        ),
    )
    return 0


def cmd_audit(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import audit
    from dosisdesk.services.changes import citizen_by_cpr

    ctx = _ctx(args)
    if args.audit_command == "verify":
        ctx.require_role(*_admin_roles())
        res = audit.verify(ctx)
        out.emit(
            res,
            lambda: (
                f"Revisionsloggen er intakt ({res.entries} poster)."
                if res.ok
                else f"Revisionsloggen er BRUDT ved post {res.first_bad_id}."
            ),
        )
        return 0 if res.ok else 4
    ctx.require_role(*_admin_roles())
    with ctx.db.begin() as s:
        cid = citizen_by_cpr(s, args.cpr).id
    rows = audit.who_looked(ctx, cid)
    out.emit(
        rows,
        lambda: _table(
            [(_dt(r.at), r.username, r.action) for r in rows], ("Tidspunkt", "Bruger", "Handling")
        ),
    )
    return 0


def cmd_handover(args: argparse.Namespace, out: Out) -> int:
    """The handover summary of a team for one shift, as a PDF (R10); logged per citizen."""
    from dosisdesk.reports import pdf
    from dosisdesk.reports.handover import handover_job
    from dosisdesk.services import handover as ho
    from dosisdesk.ui.pyside_fix import pin_singletons

    ho.check_file_name(args.pdf)
    shift = ho.parse_shift(args.shift)
    ctx = _ctx(args)
    day = _parse_date(args.date) if args.date else ctx.today()
    summary = ho.handover_summary(ctx, args.team, day, shift)
    pin_singletons()  # PySide6 6.12 on Python 3.11: see dosisdesk/ui/pyside_fix.py
    pdf.ensure_gui_app()
    pages = pdf.write_pdf(
        handover_job(summary),
        args.pdf,
        before_commit=lambda: ho.record_print(ctx, summary, "pdf"),
    )
    data = {
        "file": str(Path(args.pdf).resolve()),
        "pages": pages,
        "team": summary.team,
        "date": day.isoformat(),
        "shift": shift.value,
        "citizens": len(summary.citizens),
    }
    out.emit(
        data,
        lambda: (
            f"Overleveringen for {summary.team}, {ho.SHIFT_DA[shift].lower()} {_d(day)}, er gemt "
            f"i {args.pdf}: {len(summary.citizens)} borgere, {pages} "
            + ("side." if pages == 1 else "sider.")
        ),
    )
    return 0


def cmd_medlist(args: argparse.Namespace, out: Out) -> int:
    """The citizen's medicine list as a PDF; logged. The file name must not carry the CPR."""
    from dosisdesk.reports import pdf
    from dosisdesk.reports.medlist import medlist_job
    from dosisdesk.services import handover as ho
    from dosisdesk.ui.pyside_fix import pin_singletons

    ho.check_file_name(args.pdf)
    ctx = _ctx(args)
    ml = ho.medicine_list(ctx, args.cpr)
    pin_singletons()  # PySide6 6.12 on Python 3.11: see dosisdesk/ui/pyside_fix.py
    pdf.ensure_gui_app()
    pages = pdf.write_pdf(
        medlist_job(ml), args.pdf, before_commit=lambda: ho.record_print(ctx, ml, "pdf")
    )
    data = {"file": str(Path(args.pdf).resolve()), "pages": pages, "date": ml.day.isoformat()}
    out.emit(
        data,
        lambda: (
            f"Medicinlisten for {ml.name} er gemt i {args.pdf} "
            + ("(1 side)." if pages == 1 else f"({pages} sider).")
        ),
    )
    return 0


def cmd_user(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import admin

    ctx = _ctx(args)
    if args.user_command == "list":
        rows = admin.users(ctx)
        out.emit(rows, lambda: _table(
            [(r.username, r.full_name, r.role.value, r.team_name, "ja" if r.active else "nej")
             for r in rows], ("Bruger", "Navn", "Rolle", "Team", "Aktiv")))
    elif args.user_command == "add":
        row = admin.add_user(ctx, args.username, args.name, args.role, args.team)
        out.emit(row, lambda: f"Brugeren {row.username} er oprettet ({row.role.value}).")
    elif args.user_command in ("activate", "deactivate"):
        admin.set_active(ctx, args.username, args.user_command == "activate")
        out.emit({"username": args.username, "active": args.user_command == "activate"},
                 lambda: f"Brugeren {args.username} er "
                 + ("aktiveret." if args.user_command == "activate" else "deaktiveret."))
    elif args.user_command == "team":
        admin.add_team(ctx, args.name)
        out.emit({"team": args.name}, lambda: f"Teamet {args.name} er oprettet.")
    return 0


def cmd_period(args: argparse.Namespace, out: Out) -> int:
    from dosisdesk.services import periods

    ctx = _ctx(args)
    if args.period_command == "stretch":
        rows = periods.stretch_period(ctx, args.group, _parse_date(args.first_day), args.days,
                                      args.note)
    else:
        rows = periods.list_periods(ctx, args.group, count=args.count)
    out.emit(rows, lambda: _table(
        [(f"{_weekday_d(p.first_day)} – {_weekday_d(p.last_day)}", p.length_days,
          f"{_weekday_d(p.deadline.date())} {p.deadline:%H.%M}", _d(p.expected_delivery), p.note)
         for p in rows], ("Periode", "Dage", "Frist", "Levering", "Note")))
    return 0


def _admin_roles() -> tuple[Any, ...]:
    from dosisdesk.domain.types import Role

    return (Role.COORDINATOR, Role.ADMINISTRATOR)


# ---------------------------------------------------------------------------
# Parser
# ---------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    import os

    p = argparse.ArgumentParser(
        prog="dosisdesk",
        description="Dosisdispensering i hjemmeplejen.",
        epilog=COMMANDS_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--db",
        help="database-URL eller sti til SQLite-fil "
        "(ellers DOSISDESK_DATABASE_URL, ellers datamappen)",
    )
    p.add_argument(
        "--user",
        default=os.environ.get("DOSISDESK_USER", "admin"),
        help="brugernavn handlingen udføres som (standard: admin)",
    )
    p.add_argument("--now", help="tidspunkt at regne fra, ISO-8601 (hvad-nu-hvis)")
    p.add_argument("--json", action="store_true", help="maskinlæsbart output")
    p.add_argument("--version", action="store_true", help="vis versionen")
    sub = p.add_subparsers(dest="command")

    d = sub.add_parser("demo", help="fyld en tom database med demodata")
    d.add_argument("--citizens", type=int, default=300)
    d.add_argument("--seed", type=int, default=1)
    d.set_defaults(func=cmd_demo)

    dbp = sub.add_parser("db", help="databasens skema")
    dbp.add_argument("db_command", choices=("upgrade", "current"))
    dbp.set_defaults(func=cmd_db)

    i = sub.add_parser("import", help="indlæs et udtræk (JSON)")
    i.add_argument("file")
    i.set_defaults(func=cmd_import)
    e = sub.add_parser("export", help="skriv et udtræk (JSON)")
    e.add_argument("file")
    e.add_argument("--team")
    e.set_defaults(func=cmd_export)

    se = sub.add_parser("search", help="find borgere")
    se.add_argument("text", nargs="?", default="")
    se.add_argument("--team")
    se.add_argument("--limit", type=int, default=50)
    se.set_defaults(func=cmd_search)

    c = sub.add_parser("card", help="borgerens dosisdispenseringskort")
    c.add_argument("cpr")
    c.add_argument("--period", help="'next' eller et nummer (0 = nuværende)")
    c.add_argument("--card", type=int, help="kort-id, hvis borgeren har flere kort")
    c.set_defaults(func=cmd_card)

    ch = sub.add_parser("change", help="ordinationsændringer")
    chs = ch.add_subparsers(dest="change_command", required=True)
    a = chs.add_parser("add", help="registrér en ændring")
    a.add_argument("cpr")
    a.add_argument(
        "--kind",
        required=True,
        help="new, dose_change, discontinue, switch_supply, pause_line, resume_line",
    )
    a.add_argument("--drug", help="ATC-kode, handelsnavn, stof eller #produkt-id")
    a.add_argument("--line", type=int, help="linje-id på kortet")
    a.add_argument("--dose", help="dosering, fx 1+0+1+0")
    a.add_argument("--supply", help="dose_roll, ordinary eller as_needed")
    a.add_argument("--source", help="hvem ændrede (egen læge, afdeling)")
    a.add_argument("--received", help="hvornår ændringen blev modtaget (ISO-8601)")
    a.add_argument("--valid-until", help="dosisreceptens gyldighed (ÅÅÅÅ-MM-DD)")
    a.add_argument("--private", action="store_true", help="privatmarkeret")
    a.add_argument("--acute", action="store_true")
    a.add_argument("--reason", help="begrundelse (akut)")
    a.add_argument("--doctor", help="den besluttende læge (akut)")
    a.add_argument(
        "--handling",
        action="append",
        help="KIND[=DATO/tid,...], fx discard_bags=2026-11-22/evening",
    )
    a.add_argument(
        "--identifiable",
        action="store_true",
        help="alle tabletter kan identificeres (remove_tablets)",
    )
    a.set_defaults(func=cmd_change)
    cf = chs.add_parser("confirm", help="bekræft (tjekket i FMK)")
    cf.add_argument("ids", type=int, nargs="+")
    cf.add_argument("--note")
    cf.set_defaults(func=cmd_change)
    cc = chs.add_parser("cancel", help="annullér med begrundelse")
    cc.add_argument("id", type=int)
    cc.add_argument("--reason", required=True)
    cc.set_defaults(func=cmd_change)
    cs = chs.add_parser("show", help="vis en ændring og dens historik")
    cs.add_argument("id", type=int)
    cs.set_defaults(func=cmd_change)

    q = sub.add_parser("queue", help="ændringskøen")
    q.add_argument("--team")
    q.add_argument("--pharmacy")
    q.add_argument("--state")
    q.add_argument("--acute", action="store_true")
    q.add_argument("--missed", action="store_true", help="kun overskredne frister")
    q.add_argument("--limit", type=int, default=500)
    q.set_defaults(func=cmd_queue)

    f = sub.add_parser("flags", help="dobbeltordinationer")
    f.add_argument("--severity")
    f.add_argument("--team")
    f.add_argument("--all", action="store_true", help="også kvitterede")
    f.set_defaults(func=cmd_flags)

    k = sub.add_parser("contacts", help="sygehuskontakter")
    k.add_argument("--open", action="store_true", help="kun åbne 72-timers vinduer")
    k.add_argument("--admitted", action="store_true", help="kun indlagte nu")
    k.add_argument("--team")
    k.add_argument("--limit", type=int, default=500)
    k.set_defaults(func=cmd_contacts)

    r = sub.add_parser("renewals", help="receptfornyelser")
    r.add_argument("--due", action="store_true", help="kun dem der skal fornyes inden 28 dage")
    r.add_argument("--state")
    r.add_argument("--team")
    r.set_defaults(func=cmd_renewals)

    pe = sub.add_parser("period", help="pakkegruppens perioder")
    pes = pe.add_subparsers(dest="period_command", required=True)
    pl = pes.add_parser("list", help="de kommende perioder")
    pl.add_argument("group", help="pakkegruppe: navn, apotek/navn eller nummer")
    pl.add_argument("--count", type=int, default=6)
    pl.set_defaults(func=cmd_period)
    ps = pes.add_parser("stretch", help="forlæng en periode (fx over jul)")
    ps.add_argument("group", help="pakkegruppe: navn, apotek/navn eller nummer")
    ps.add_argument("--first-day", required=True, help="periodens første dag (ÅÅÅÅ-MM-DD)")
    ps.add_argument("--days", type=int, required=True, help="ny længde, 7-28 dage")
    ps.add_argument("--note", required=True, help="hvorfor (vises på kortet)")
    ps.set_defaults(func=cmd_period)

    us = sub.add_parser("user", help="brugere og teams (administrator)")
    uss = us.add_subparsers(dest="user_command", required=True)
    uss.add_parser("list", help="vis brugerne").set_defaults(func=cmd_user)
    ua = uss.add_parser("add", help="opret en bruger")
    ua.add_argument("username")
    ua.add_argument("--name", required=True, help="fulde navn")
    ua.add_argument("--role", required=True, help="nurse, coordinator eller administrator")
    ua.add_argument("--team", help="teamet (påkrævet for sygeplejersker)")
    ua.set_defaults(func=cmd_user)
    for verb, text in (("activate", "aktivér en bruger"), ("deactivate", "deaktivér en bruger")):
        uv = uss.add_parser(verb, help=text)
        uv.add_argument("username")
        uv.set_defaults(func=cmd_user)
    ut = uss.add_parser("team", help="opret et team")
    ut.add_argument("name")
    ut.set_defaults(func=cmd_user)

    au = sub.add_parser("audit", help="revisionsloggen")
    aus = au.add_subparsers(dest="audit_command", required=True)
    aus.add_parser("verify", help="kontrollér at loggen er ubrudt").set_defaults(func=cmd_audit)
    ac = aus.add_parser("citizen", help="hvem har set borgerens data")
    ac.add_argument("cpr")
    ac.set_defaults(func=cmd_audit)
    ho = sub.add_parser("handover", help="overlevering til næste vagt som PDF")
    ho.add_argument("--team", required=True, help="teamets navn")
    ho.add_argument("--date", help="dato (ÅÅÅÅ-MM-DD); standard: i dag")
    ho.add_argument(
        "--shift", default="day", help="day (07-15), evening (15-23) eller night (23-07)"
    )
    ho.add_argument("--pdf", required=True, metavar="FIL", help="PDF-fil (uden CPR i navnet)")
    ho.set_defaults(func=cmd_handover)
    ml = sub.add_parser("medlist", help="borgerens medicinliste som PDF")
    ml.add_argument("cpr")
    ml.add_argument("--pdf", required=True, metavar="FIL", help="PDF-fil (uden CPR i navnet)")
    ml.set_defaults(func=cmd_medlist)
    return p


def run(argv: Sequence[str]) -> int:
    from dosisdesk import __version__
    from dosisdesk.logs import setup_logging

    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        print(f"dosisdesk {__version__}")
        return 0
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    log = setup_logging(console=False)
    out = Out(args.json)
    try:
        return int(args.func(args, out))
    except StorageError as e:
        print(f"dosisdesk: {e.message}", file=sys.stderr)
        return 3
    except DosisError as e:
        where = f"{e.path}: " if e.path and e.path not in e.message else ""
        print(f"dosisdesk: {where}{e.message}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("dosisdesk: afbrudt", file=sys.stderr)
        return 130
    except Exception:
        log.exception("unexpected error in the command line")
        print(
            "dosisdesk: der opstod en programfejl; detaljer står i logfilen. Intet er gemt "
            "halvt: ændringen er rullet tilbage.",
            file=sys.stderr,
        )
        return 1
