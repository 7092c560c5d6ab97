"""Register an ordination change (R2) and handle an acute one (R3).

The dialog picks a line on the card (or a new drug from the catalogue), the kind of change, the new
dose ("1+0+1+0" or per slot, kept in sync), the supply, the source and when it was received. It
shows where the change lands before saving. Marked acute it asks for the reason and the deciding
doctor, shows what waiting would mean, and leads through the handling of the bags in the home.
After saving it shows a summary (with the follow-up change of an acute one) from which the change
can be confirmed (checked in FMK) or cancelled.

All database work goes through the runner; errors from the services keep the dialog open with
everything typed.

Its rooms: this module the dialog (loading the card, saving, a change already queued for the
roll, closing); ``change_form`` the form's fields and their checks, ``change_fields`` the
pieces with their own state, ``change_landing`` the words of where a change lands,
``change_summary`` the page after saving, ``acute`` the acute part.
"""

from __future__ import annotations

import html
import itertools
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QLabel, QStackedWidget, QVBoxLayout, QWidget

from dosisdesk.domain.conflicts import ConflictChoice, ConflictingChange
from dosisdesk.domain.cpr import format_cpr
from dosisdesk.domain.errors import ConflictError, DosisError, StorageError
from dosisdesk.services import cards, changes, lookup
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ChangeDTO
from dosisdesk.ui import errors
from dosisdesk.ui.dialogs.change_fields import ConflictBox
from dosisdesk.ui.dialogs.change_form import NEW_DRUG, CardLoaded, ChangeForm, kinds_for
from dosisdesk.ui.dialogs.change_summary import ChangeSummary
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import FormDialog, ask_yes_no, fit_to_contents, set_type_size

__all__ = ["NEW_DRUG", "ChangeDialog", "kinds_for"]


class ChangeDialog(FormDialog):
    """Register a planned or acute ordination change for one citizen: the form
    (:attr:`form`), then the summary (:attr:`summary_page`)."""

    change_saved = Signal(int)

    def __init__(
        self,
        ctx: Ctx,
        runner: Runner,
        cpr: str,
        line_id: int | None = None,
        acute: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(runner, parent)
        self._ctx = ctx
        self._cpr = cpr
        self._initial_line = line_id
        self._conflict_choice: ConflictChoice | None = None
        self.setWindowTitle(self.tr("Register a change"))
        self.setObjectName("change_dialog")
        self._build(acute)
        self._set_busy_form(True)
        self._load()

    def _build(self, acute: bool) -> None:
        outer = QVBoxLayout(self)
        self.header = QLabel(self.tr("Loading the card…"))
        self.header.setObjectName("header")
        set_type_size(self.header, 13, bold=True)
        outer.addWidget(self.header)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack, 1)

        self.form_page = QWidget()
        lay = QVBoxLayout(self.form_page)
        lay.setContentsMargins(0, 0, 0, 0)
        self.form = ChangeForm(self._ctx, self._runner, self._cpr, acute, self._show_banner)
        self.form.edited.connect(self._touch)
        lay.addWidget(self.form, 1)
        lay.addWidget(self.banner)
        self.conflict_box = ConflictBox()
        self.replace_button = self.conflict_box.replace_button
        self.keep_both_button = self.conflict_box.keep_both_button
        self.conflict_box.chosen.connect(self._on_conflict_choice)
        lay.addWidget(self.conflict_box)
        lay.addWidget(self._save_buttons(self.tr("Save (Ctrl+Enter)")))
        self.stack.addWidget(self.form_page)
        for a, b in itertools.pairwise([*self.form.tab_order(), self.save_button]):
            QWidget.setTabOrder(a, b)

        self.summary_page = ChangeSummary(self._ctx, self._runner)
        self.summary_page.close_requested.connect(self.accept)
        self.stack.addWidget(self.summary_page)
        # the summary's widgets, by the names the dialog has always given them
        self.summary_label = self.summary_page.summary_label
        self.confirm_button = self.summary_page.confirm_button
        self.cancel_reason_edit = self.summary_page.cancel_reason_edit
        self.cancel_change_button = self.summary_page.cancel_change_button
        self.close_button = self.summary_page.close_button

        self._landing_timer = QTimer(self)
        self._landing_timer.setInterval(60_000)
        self._landing_timer.timeout.connect(self._on_landing_due)
        self._landing_timer.start()

    # -- loading ----------------------------------------------------------

    def _load(self) -> None:
        ctx, cpr = self._ctx, self._cpr

        def work() -> CardLoaded:
            brief = lookup.citizen_brief(ctx, cpr)
            today = ctx.today()
            lines, hidden = cards.card_on(ctx, cpr, today, brief.card_id)
            return CardLoaded(
                brief, tuple(lines), hidden, changes.landing(ctx, cpr, brief.card_id), today
            )

        self._run(work, self._on_loaded, self._on_load_failed)

    def _on_loaded(self, loaded: CardLoaded) -> None:
        c = loaded.brief.citizen
        head = f"{html.escape(c.name)} · {format_cpr(c.cpr)}"
        if loaded.brief.paused:
            head += (
                " · <span style='color:#b26a00'>"
                + html.escape(self.tr("dose dispensing is paused"))
                + "</span>"
            )
        self.header.setText(head)
        self.form.set_loaded(loaded, self._initial_line)
        self._set_busy_form(False)
        self.adjustSize()
        self.fit()
        self.form.line_combo.setFocus()

    def _on_load_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DosisError) and not isinstance(exc, StorageError):
            self.header.setText(html.escape(exc.message))
            self._show_banner(exc.message)
        else:
            errors.present(self, exc)
            self._show_banner(self.tr("The card could not be loaded."))

    # -- state helpers ------------------------------------------------------

    def _on_form(self) -> bool:
        return self.stack.currentWidget() is self.form_page

    def fit(self) -> None:
        """Grow the dialog so wrapped texts and messages fit (layouts do not account for
        height-for-width in a top-level window)."""
        fit_to_contents(self)

    def _set_busy_form(self, busy: bool) -> None:
        self.form_page.setEnabled(not busy)

    @Slot()
    def _on_landing_due(self) -> None:
        if self._saving or not self._on_form():
            return
        self.form.refresh_landing()

    # -- a change already queued for the roll --------------------------------

    def _show_conflict(self, exc: ConflictingChange) -> None:
        self._show_banner(exc.message)
        self.conflict_box.show_conflict(exc)

    def _on_conflict_choice(self, choice: ConflictChoice) -> None:
        self._conflict_choice = choice
        self._on_save_requested()

    # -- saving ---------------------------------------------------------------

    @Slot()
    def _on_save_requested(self) -> None:
        if self._saving or self.form.loaded is None or not self._on_form():
            return
        req = self.form.build_request()
        if req is None:
            return
        if self._conflict_choice is not None:
            req = replace(
                req, conflict_choice=self._conflict_choice, conflict_with=self.conflict_box.ids
            )
            self._conflict_choice = None
        self.conflict_box.setVisible(False)
        self._saving = True
        self.save_button.setEnabled(False)
        self._show_banner(None)
        self.setCursor(Qt.CursorShape.BusyCursor)
        ctx = self._ctx

        def work() -> tuple[ChangeDTO, ChangeDTO | None]:
            c = changes.register(ctx, req)
            follow = changes.get(ctx, c.follow_up_id) if c.follow_up_id else None
            return c, follow

        self._run(work, self._on_saved, self._on_save_failed)

    def _on_saved(self, result: tuple[ChangeDTO, ChangeDTO | None]) -> None:
        self._saving = False
        self.unsetCursor()
        self.summary_page.show_saved(*result)
        self.stack.setCurrentWidget(self.summary_page)
        self.stack.removeWidget(self.form_page)  # the form is done; the dialog shrinks to fit
        self.form_page.hide()
        self.setMinimumSize(0, 0)
        self.resize(640, 10)
        self.fit()
        self.close_button.setFocus()
        self._landing_timer.stop()
        saved = result[0]
        self.change_saved.emit(saved.id)
        hub.publish(Changed.change(saved.citizen_id))

    def _on_save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.unsetCursor()
        self.save_button.setEnabled(True)
        if isinstance(exc, ConflictingChange):
            self._show_conflict(exc)
        elif isinstance(exc, DosisError) and not isinstance(exc, ConflictError | StorageError):
            self.form.show_refusal(exc)
        else:
            errors.present(self, exc)
            self._show_banner(self.tr("Nothing has been saved. What you typed is still here."))

    # -- the summary ------------------------------------------------------------

    @property
    def summary_text(self) -> str:
        return self.summary_page.summary_text

    @property
    def saved_change(self) -> ChangeDTO | None:
        return self.summary_page.saved_change

    @property
    def follow_up(self) -> ChangeDTO | None:
        return self.summary_page.follow_up

    # -- closing ------------------------------------------------------------------

    def reject(self) -> None:
        if self._saving:
            return
        if self.saved_change is not None:
            self.accept()
            return
        if self._dirty and not ask_yes_no(
            self,
            self.tr("Discard the change?"),
            self.tr("You have typed a change that is not saved. Close and discard it?"),
        ):
            return
        self._landing_timer.stop()
        self.form.drug.timer.stop()
        super().reject()
