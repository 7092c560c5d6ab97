"""The change dialog's page after saving: what was registered (an acute change with its handlings
and its follow-up), and confirming (checked in FMK) or cancelling it from there.

The change acted on is the planned change itself, or an acute change's follow-up. Its database
work goes through the runner; a refused confirm or cancel is shown and the change read again.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_long_day, format_long_moment
from dosisdesk.domain.types import ChangeKind, ChangeState
from dosisdesk.services import changes
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO
from dosisdesk.ui import errors, texts
from dosisdesk.ui.dialogs.acute import bag_text
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import info_box, run_guarded

__all__ = ["ChangeSummary"]


class ChangeSummary(QWidget):
    """The summary of a saved change, with Confirm, Cancel (with a reason) and Close.
    ``close_requested`` says Close was pressed."""

    close_requested = Signal()

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._saved: ChangeDTO | None = None
        self._follow: ChangeDTO | None = None
        lay = QVBoxLayout(self)
        self.summary_label = info_box("ok")
        self.summary_label.setObjectName("summary_label")
        self.summary_label.setAccessibleName(self.tr("Summary"))
        lay.addWidget(self.summary_label)
        row = QHBoxLayout()
        self.confirm_button = QPushButton(self.tr("&Confirm: checked in FMK"))
        self.confirm_button.setObjectName("confirm_button")
        self.confirm_button.setAutoDefault(False)
        row.addWidget(self.confirm_button)
        row.addStretch(1)
        lay.addLayout(row)
        crow = QHBoxLayout()
        self.cancel_reason_edit = QLineEdit()
        self.cancel_reason_edit.setObjectName("cancel_reason_edit")
        self.cancel_reason_edit.setAccessibleName(self.tr("Reason for cancelling"))
        self.cancel_reason_edit.setPlaceholderText(self.tr("Reason for cancelling the change"))
        self.cancel_change_button = QPushButton(self.tr("Ca&ncel the change"))
        self.cancel_change_button.setObjectName("cancel_change_button")
        self.cancel_change_button.setAutoDefault(False)
        self.cancel_change_button.setEnabled(False)
        crow.addWidget(self.cancel_reason_edit, 1)
        crow.addWidget(self.cancel_change_button)
        lay.addLayout(crow)
        lay.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.close_button = close.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setObjectName("close_button")
        close.rejected.connect(self.close_requested)
        lay.addWidget(close)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)
        self.cancel_change_button.clicked.connect(self._on_cancel_change_clicked)
        self.cancel_reason_edit.textChanged.connect(self._on_cancel_reason_changed)

    def show_saved(self, saved: ChangeDTO, follow: ChangeDTO | None) -> None:
        """Show the change just saved (and an acute change's follow-up)."""
        self._saved, self._follow = saved, follow
        self._show_summary()

    @property
    def saved_change(self) -> ChangeDTO | None:
        return self._saved

    @property
    def follow_up(self) -> ChangeDTO | None:
        return self._follow

    @property
    def summary_text(self) -> str:
        return self.summary_label.text()

    def _target(self) -> ChangeDTO | None:
        """The change to confirm or cancel: the planned change, or the acute one's follow-up."""
        if self._saved is None:
            return None
        return self._follow if self._saved.acute else self._saved

    def _show_summary(self) -> None:
        c = self._saved
        if c is None:
            return
        today = self._ctx.today()
        kind = texts.kind_label(c.kind)
        drug = c.product.label if c.product else ""
        if c.kind in (ChangeKind.NEW, ChangeKind.DOSE_CHANGE, ChangeKind.SWITCH_SUPPLY):
            drug = f"{drug} {c.dosage}"
        if c.kind in (ChangeKind.NEW, ChangeKind.SWITCH_SUPPLY) and c.supply is not None:
            drug = f"{drug} ({texts.supply_label(c.supply)})"
        out: list[str] = []
        if c.acute:
            out.append(
                "<b>"
                + html.escape(
                    self.tr("Acute change {id} is in effect from today, {day}.").format(
                        id=c.id, day=format_long_day(today, today=today)
                    )
                )
                + "</b>"
            )
            out.append(html.escape(f"{kind}: {drug}".strip()))
            for h in c.handlings:
                text = texts.handling_label(h.kind)
                if h.bags:
                    text += " (" + ", ".join(bag_text(d, s, today) for d, s in h.bags) + ")"
                if h.ordinary_until:
                    text += " " + self.tr("until {day}").format(
                        day=format_long_day(h.ordinary_until, today=today)
                    )
                out.append("• " + html.escape(text))
            f = self._follow
            if f is not None:
                out.append(
                    "<br><b>"
                    + html.escape(self.tr("Follow-up change {id}").format(id=f.id))
                    + "</b>: "
                    + html.escape(self._period_text(f, today))
                )
                out.append(
                    html.escape(self.tr("State: {state}").format(state=texts.state_label(f.state)))
                )
            else:
                out.append(
                    html.escape(self.tr("No follow-up change: the line is not in the roll."))
                )
        else:
            out.append(
                "<b>"
                + html.escape(self.tr("Change {id} is registered").format(id=c.id))
                + "</b>: "
                + html.escape(f"{kind}: {drug}".strip())
            )
            where = self._period_text(c, today)
            out.append(html.escape(where[:1].upper() + where[1:]))
            if c.days_before_roll is not None:
                a, b = c.days_before_roll
                out.append(
                    html.escape(
                        self.tr(
                            "The order starts {day}: from {first} to {last} handle the bags or "
                            "give the medicine by hand."
                        ).format(
                            day=format_long_day(a, today=today),
                            first=format_long_day(a, today=today),
                            last=format_long_day(b, today=today),
                        )
                    )
                )
            out.append(
                html.escape(self.tr("State: {state}").format(state=texts.state_label(c.state)))
            )
        self.summary_label.setText("<br>".join(out))
        target = self._target()
        can_act = target is not None and target.state in (
            ChangeState.REGISTERED,
            ChangeState.CONFIRMED,
        )
        self.confirm_button.setEnabled(
            target is not None and target.state is ChangeState.REGISTERED
        )
        self.cancel_reason_edit.setEnabled(can_act)
        self._on_cancel_reason_changed()

    def _period_text(self, c: ChangeDTO, today: date) -> str:
        p = c.target_period
        if p is None:
            return self.tr("Takes effect {day}.").format(
                day=format_long_day(c.effective_date, today=today)
            )
        return self.tr(
            "in the roll {first} – {last} (deadline {deadline}); takes effect {day}."
        ).format(
            first=format_long_day(p.first_day, today=today),
            last=format_long_day(p.last_day, today=today),
            deadline=format_long_moment(p.deadline, today=today),
            day=format_long_day(c.effective_date, today=today),
        )

    @Slot(str)
    def _on_cancel_reason_changed(self, _text: str = "") -> None:
        self.cancel_change_button.setEnabled(
            self.cancel_reason_edit.isEnabled() and bool(self.cancel_reason_edit.text().strip())
        )

    @Slot()
    def _on_confirm_clicked(self) -> None:
        target = self._target()
        if target is None:
            return
        ctx = self._ctx
        self.confirm_button.setEnabled(False)
        run_guarded(
            self._runner,
            self,
            lambda: changes.confirm(ctx, [(target.id, target.version)])[0],
            self._on_target_updated,
            self._on_target_failed,
        )

    @Slot()
    def _on_cancel_change_clicked(self) -> None:
        target = self._target()
        reason = self.cancel_reason_edit.text().strip()
        if target is None or not reason:
            return
        ctx = self._ctx
        self.cancel_change_button.setEnabled(False)
        run_guarded(
            self._runner,
            self,
            lambda: changes.cancel(ctx, target.id, target.version, reason),
            self._on_target_updated,
            self._on_target_failed,
        )

    def _on_target_updated(self, dto: ChangeDTO) -> None:
        if self._saved is not None and self._saved.acute:
            self._follow = dto
        else:
            self._saved = dto
        self._show_summary()
        hub.publish(Changed.change(dto.citizen_id))

    def _on_target_failed(self, exc: BaseException) -> None:
        errors.present(self.window(), exc)
        target = self._target()
        if target is None:
            return
        ctx = self._ctx
        run_guarded(
            self._runner,
            self,
            lambda: changes.get(ctx, target.id),
            self._on_target_updated,
            lambda e: errors.present(self.window(), e),
        )
