"""Leveringssvigt: supply failures and the lines they affect (R8)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import (
    QModelIndex,
    Qt,
    Slot,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.services import supply
from dosisdesk.services.catalogue import search_products
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ProductDTO
from dosisdesk.services.supply import AffectedLine, SupplyFailureDTO
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import DeskTab, make_table
from dosisdesk.ui.desk.models import (
    ListModel,
    affected_model,
    failures_model,
)
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner


class SupplyTab(DeskTab):
    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.show_ended = QCheckBox(self.tr("Show &ended"))
        self.failures: ListModel[SupplyFailureDTO] = failures_model(self)
        self.failures_view = make_table("failuresView", self.failures)
        self.failures_view.setAccessibleName(self.tr("Supply failures"))
        for col, width in enumerate((220, 80, 95, 95)):
            self.failures_view.horizontalHeader().resizeSection(col, width)
        self.affected: ListModel[AffectedLine] = affected_model(self)
        self.affected_view = make_table("affectedView", self.affected)
        self.affected_view.setAccessibleName(self.tr("Citizens affected"))
        for col, width in enumerate((170, 95, 110, 110, 95, 95)):
            self.affected_view.horizontalHeader().resizeSection(col, width)
        self.affected_count = QLabel()
        self.affected_count.setObjectName("hint")
        # registering a failure
        self.product = QComboBox()
        self.product.setEditable(True)
        self.product.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.product.setAccessibleName(self.tr("Product"))
        self.from_day = QDateEdit(texts.qdate(ctx.today()))
        self.to_day = QDateEdit(texts.qdate(ctx.today() + timedelta(days=14)))
        self.open_ended = QCheckBox(self.tr("No end date yet"))
        for d in (self.from_day, self.to_day):
            d.setCalendarPopup(True)
            d.setDisplayFormat("dd-MM-yyyy")
        self.from_day.setAccessibleName(self.tr("From"))
        self.to_day.setAccessibleName(self.tr("To"))
        self.note = QLineEdit()
        self.note.setAccessibleName(self.tr("Note"))
        self.register_button = QPushButton(self.tr("&Register supply failure"))
        form_box = QGroupBox(self.tr("Register a product in supply failure"))
        form = QFormLayout(form_box)
        form.addRow(self.tr("&Product:"), self.product)
        dates = QHBoxLayout()
        dates.addWidget(self.from_day)
        dates.addWidget(QLabel("–"))
        dates.addWidget(self.to_day)
        dates.addWidget(self.open_ended)
        dates.addStretch(1)
        dates_label = QLabel(self.tr("Fro&m – to:"))
        dates_label.setBuddy(self.from_day)
        form.addRow(dates_label, dates)
        form.addRow(self.tr("N&ote:"), self.note)
        form.addRow("", self.register_button)
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Products in supply failure")))
        top.addStretch(1)
        top.addWidget(self.show_ended)
        left_lay.addLayout(top)
        left_lay.addWidget(self.failures_view, 1)
        left_lay.addWidget(form_box)
        right = QWidget()
        right_lay = QVBoxLayout(right)
        right_lay.setContentsMargins(0, 0, 0, 0)
        right_lay.addWidget(self.affected_count)
        right_lay.addWidget(self.affected_view, 1)
        self.write_button = QPushButton(self.tr("Write to the &GP…"))
        self.write_button.setObjectName("desk_write_supply")
        self.write_button.setToolTip(
            self.tr(
                "A correspondence message (MedCom) to the selected citizen's GP about the supply "
                "failure"
            )
        )
        self.write_button.setEnabled(False)
        wl = QHBoxLayout()
        wl.addStretch(1)
        wl.addWidget(self.write_button)
        right_lay.addLayout(wl)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(split)
        self._products: list[ProductDTO] = []
        self.show_ended.toggled.connect(self.refresh)
        self.open_ended.toggled.connect(lambda on: self.to_day.setEnabled(not on))
        self.failures_view.selectionModel().currentRowChanged.connect(self._on_current)
        self.affected_view.activated.connect(lambda _i: self._open_selected(self.affected_view))
        self.register_button.clicked.connect(self.register)
        self.register_button.setEnabled(not self.read_only)
        self.write_button.clicked.connect(self.write_to_gp)
        self.affected_view.selectionModel().currentRowChanged.connect(
            lambda cur, _prev: self.write_button.setEnabled(cur.isValid())
        )
        self._failure: SupplyFailureDTO | None = None

    def interested(self, what: Changed) -> bool:
        return what.everything or bool(what.citizen_ids)

    def _load(self) -> None:
        ctx, ended = self.ctx, self.show_ended.isChecked()
        need_products = not self._products

        def job() -> tuple[list[SupplyFailureDTO], list[ProductDTO]]:
            prods = search_products(ctx, "", limit=5000) if need_products else []
            return supply.failures(ctx, current_only=not ended), prods

        self._run(job, self._show)

    def _show(self, result: tuple[list[SupplyFailureDTO], list[ProductDTO]]) -> None:
        rows, prods = result
        if prods:
            self._products = prods
            self.product.clear()
            for p in prods:
                self.product.addItem(f"{p.label} ({p.atc})", p.id)
            self.product.setCurrentIndex(-1)
        current = self.failures_view.currentIndex()
        keep = self.failures.row(current.row()).id if current.isValid() else None
        self.failures.set_rows(rows)
        row = next((i for i, f in enumerate(rows) if f.id == keep), 0 if rows else -1)
        if row >= 0:
            self.failures_view.selectRow(row)
        else:
            self.affected.set_rows([])
            self.affected_count.setText("")
            self.loaded.emit()

    @Slot(QModelIndex, QModelIndex)
    def _on_current(self, current: QModelIndex, _prev: QModelIndex) -> None:
        if not current.isValid():
            return
        f = self.failures.row(current.row())
        ctx = self.ctx
        self._run(lambda: supply.affected(ctx, f.id), lambda rows: self._show_affected(f, rows))

    def _show_affected(self, f: SupplyFailureDTO, rows: list[AffectedLine]) -> None:
        self._failure = f
        self.affected.set_rows(rows)
        self.write_button.setEnabled(False)
        citizens = len({a.citizen_id for a in rows})
        handled = len({a.citizen_id for a in rows if a.handled})
        self.affected_count.setText(
            self.tr("%1: %2 line(s) in the roll for %3 citizen(s); given beside the roll for %4.")
            .replace("%1", f.product_label)
            .replace("%2", str(len(rows)))
            .replace("%3", str(citizens))
            .replace("%4", str(handled))
        )
        self.loaded.emit()

    @Slot()
    def write_to_gp(self) -> None:
        """Open the compose form to the selected citizen's GP about the supply failure."""
        idx = self.affected_view.currentIndex()
        if self._failure is None or not idx.isValid():
            return
        a, f = self.affected.row(idx.row()), self._failure
        self._compose(a.cpr, "supply", str(f.id))

    @Slot()
    def register(self) -> None:
        if self.read_only:
            return
        pid = self.product.currentData()
        if pid is None:
            text = self.product.currentText().strip()
            ref = text
        else:
            ref = f"#{pid}"
        ctx = self.ctx
        first = texts.pydate(self.from_day.date())
        last = None if self.open_ended.isChecked() else texts.pydate(self.to_day.date())
        note = self.note.text().strip()

        def done(f: SupplyFailureDTO) -> None:
            self.note.clear()
            self.notice.emit(
                self.tr("Supply failure registered: %1").replace("%1", f.product_label)
            )

        self._write(
            lambda: supply.register_failure(ctx, ref, first, last, note),
            done,
            Changed.supply(),
        )
