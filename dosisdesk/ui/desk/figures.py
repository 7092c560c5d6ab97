"""Nøgletal: the figures a coordinator follows, as numbers and as charts (QtCharts).

The numbers come from :func:`dosisdesk.services.figures.figures` in one background job; the
charts keep their series and only get new values, so a test can read exactly what is drawn
(``acute_set``, ``missed_set``, ``dd_set``, ``over75_set``, ``flag_lines``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QLocale, QMargins, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedLayout,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.types import Severity
from dosisdesk.services import figures as fig_service
from dosisdesk.services.context import Ctx
from dosisdesk.services.figures import Figures
from dosisdesk.ui import texts
from dosisdesk.ui.desk.base import DeskTab, make_table
from dosisdesk.ui.desk.models import FigureRow, ListModel, figures_model, fmt_int, fmt_pct
from dosisdesk.ui.errors import present
from dosisdesk.ui.hub import Changed
from dosisdesk.ui.runner import Runner

MUNICIPALITY = None
SEVERITY_COLOURS = {
    Severity.HIGH: QColor("#a4161a"),
    Severity.REVIEW: QColor("#e8a33d"),
    Severity.INFO: QColor("#5c7c99"),
}
BAR = QColor("#1c4f8c")
BAR_LIGHT = QColor("#8fb3dd")


def _with_no_data(view: QChartView, text: str) -> tuple[QWidget, QLabel]:
    """The chart view with a centred "no data" note above it (hidden while there is data):
    an empty chart says so rather than drawing empty bars."""
    box = QWidget()
    stack = QStackedLayout(box)
    stack.setStackingMode(QStackedLayout.StackingMode.StackAll)
    note = QLabel(text)
    note.setObjectName("noData")
    note.setAlignment(Qt.AlignmentFlag.AlignCenter)
    note.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    note.setStyleSheet("background: transparent; color: #495057; font-size: 12pt;")
    note.hide()
    stack.addWidget(note)
    stack.addWidget(view)
    stack.setCurrentWidget(note)  # on top
    return box, note


def _chart(title: str) -> tuple[QChart, QChartView]:
    chart = QChart()
    chart.setTitle(title)
    f = QFont()
    f.setPointSize(10)
    f.setBold(True)
    chart.setTitleFont(f)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(0)
    chart.setLocalizeNumbers(True)  # "33,3" in Danish
    chart.setLocale(QLocale())
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    view = QChartView(chart)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(220)
    return chart, view


def _axes(chart: QChart, series: QBarSeries | QLineSeries) -> tuple[QBarCategoryAxis, QValueAxis]:
    x = QBarCategoryAxis()
    y = QValueAxis()
    y.setLabelFormat("%.0f")
    y.setMin(0)
    chart.addSeries(series)
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x)
    series.attachAxis(y)
    return x, y


def _set_values(s: QBarSet, values: list[float]) -> None:
    if s.count():
        s.remove(0, s.count())
    s.append(values)


def _nice_max(axis: QValueAxis, top: float, *, percent: bool = False) -> None:
    top = max(top, 1.0)
    axis.setRange(0, top * 1.15)
    axis.applyNiceNumbers()
    if percent:
        axis.setLabelFormat("%.0f %")  # localized format: no %% escape


class FiguresTab(DeskTab):
    """Citizens on dose dispensing against the target, the 75+ share, acute share and missed
    deadlines per two weeks, and open double prescriptions over the last 8 weeks."""

    # the user asked to export the queue (the desk lets the queue tab do it)
    export_queue_requested = Signal()

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(ctx, runner, parent)
        self.fig: Figures | None = None
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Figures for"))
        self.scope.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scope.setMinimumContentsLength(16)
        self.scope.addItem(self.tr("The municipality"), None)
        self.status = QLabel()
        self.status.setObjectName("hint")
        self.recompute_button = QPushButton(self.tr("&Recompute"))
        self.export_button = QPushButton(self.tr("Export fi&gures…"))
        self.export_queue_button = QPushButton(self.tr("Export the &queue…"))

        # The numbers
        self.on_dd = QLabel()
        self.on_dd.setObjectName("bigNumber")
        big = QFont()
        big.setPointSize(16)
        big.setBold(True)
        self.on_dd.setFont(big)
        self.target = QSpinBox()
        self.target.setRange(0, 10_000_000)
        self.target.setSingleStep(100)
        self.target.setGroupSeparatorShown(True)
        self.target.setSpecialValueText(self.tr("not set"))
        self.target.setAccessibleName(self.tr("Target for citizens on dose dispensing"))
        self.save_target = QPushButton(self.tr("Save"))
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.setAccessibleName(self.tr("Share of the target reached"))
        self.over75 = QLabel()
        self.population = QSpinBox()
        self.population.setRange(0, 10_000_000)
        self.population.setSingleStep(100)
        self.population.setGroupSeparatorShown(True)
        self.population.setSpecialValueText(self.tr("not set"))
        self.population.setAccessibleName(self.tr("Citizens aged 75+ in the municipality"))
        self.save_population = QPushButton(self.tr("Save"))
        self.coverage = QLabel()
        for w in (self.target, self.population, self.save_target, self.save_population):
            w.setEnabled(not self.read_only)
        self.share75 = QLabel()
        numbers = QGroupBox(self.tr("Citizens on dose dispensing"))
        form = QFormLayout(numbers)
        form.addRow(self.tr("Now:"), self.on_dd)
        target_row = QHBoxLayout()
        target_row.addWidget(self.target, 1)
        target_row.addWidget(self.save_target)
        target_label = QLabel(self.tr("&Target:"))
        target_label.setBuddy(self.target)
        form.addRow(target_label, target_row)
        form.addRow("", self.progress)
        form.addRow(self.tr("Aged 75+:"), self.over75)
        form.addRow(self.tr("75+ share of these:"), self.share75)
        pop_row = QHBoxLayout()
        pop_row.addWidget(self.population, 1)
        pop_row.addWidget(self.save_population)
        pop_label = QLabel(self.tr("75+ in the &municipality:"))
        pop_label.setBuddy(self.population)
        form.addRow(pop_label, pop_row)
        form.addRow(self.tr("Of these on DD:"), self.coverage)
        numbers.setToolTip(
            self.tr(
                "On dose dispensing: a dose card and at least one line in force today that is "
                "not discontinued. Aged 75+: on today's date, from the birth date."
            )
        )
        numbers.setMinimumWidth(430)
        numbers.setMaximumWidth(480)

        self.table: ListModel[FigureRow] = figures_model(self)
        self.table_view = make_table("figuresTable", self.table)
        self.table_view.setAccessibleName(self.tr("Figures per team"))
        header = self.table_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        # The charts
        self.teams_chart, teams_view = _chart(self.tr("Citizens on dose dispensing per team"))
        self.dd_set = QBarSet(self.tr("On dose dispensing"))
        self.over75_set = QBarSet(self.tr("Aged 75+"))
        self.dd_set.setColor(BAR)
        self.over75_set.setColor(BAR_LIGHT)
        teams_series = QBarSeries()
        teams_series.append(self.dd_set)
        teams_series.append(self.over75_set)
        self.teams_x, self.teams_y = _axes(self.teams_chart, teams_series)
        self.teams_x.setTitleText(self.tr("Team"))
        self.teams_y.setTitleText(self.tr("Citizens"))

        self.acute_chart, acute_view = _chart(self.tr("Share of acute changes, per two weeks"))
        self.acute_set = QBarSet(self.tr("Acute share (%)"))
        self.acute_set.setColor(QColor("#c05621"))
        self.acute_set.setLabelColor(QColor("#111111"))
        acute_series = QBarSeries()
        acute_series.append(self.acute_set)
        acute_series.setLabelsVisible(True)
        acute_series.setLabelsPrecision(3)
        acute_series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.acute_x, self.acute_y = _axes(self.acute_chart, acute_series)
        self.acute_x.setTitleText(self.tr("ISO weeks"))
        self.acute_y.setTitleText(self.tr("Acute share (%)"))
        self.acute_chart.legend().hide()

        self.missed_chart, missed_view = _chart(self.tr("Missed deadlines, per two weeks"))
        self.missed_set = QBarSet(self.tr("Missed deadlines"))
        self.missed_set.setColor(QColor("#a4161a"))
        self.missed_set.setLabelColor(QColor("#111111"))
        missed_series = QBarSeries()
        missed_series.append(self.missed_set)
        missed_series.setLabelsVisible(True)
        missed_series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
        self.missed_x, self.missed_y = _axes(self.missed_chart, missed_series)
        self.missed_x.setTitleText(self.tr("ISO weeks"))
        self.missed_y.setTitleText(self.tr("Number"))
        self.missed_chart.legend().hide()

        self.flags_chart, flags_view = _chart(self.tr("Open double prescriptions, weekly"))
        self.flag_lines: dict[Severity, QLineSeries] = {}
        self.flags_x = QBarCategoryAxis()
        self.flags_y = QValueAxis()
        self.flags_y.setLabelFormat("%.0f")
        self.flags_x.setTitleText(self.tr("Week starting"))
        self.flags_y.setTitleText(self.tr("Number"))
        self.flags_chart.addAxis(self.flags_x, Qt.AlignmentFlag.AlignBottom)
        self.flags_chart.addAxis(self.flags_y, Qt.AlignmentFlag.AlignLeft)
        for sev in Severity:
            line = QLineSeries()
            line.setName(texts.severity_label(sev))
            pen = QPen(SEVERITY_COLOURS[sev])
            pen.setWidth(3)
            line.setPen(pen)
            line.setPointsVisible(True)
            self.flags_chart.addSeries(line)
            line.attachAxis(self.flags_x)
            line.attachAxis(self.flags_y)
            self.flag_lines[sev] = line

        top = QHBoxLayout()
        scope_label = QLabel(self.tr("Figures f&or:"))
        scope_label.setBuddy(self.scope)
        top.addWidget(scope_label)
        top.addWidget(self.scope)
        top.addWidget(self.recompute_button)
        top.addWidget(self.status, 1)
        top.addWidget(self.export_button)
        top.addWidget(self.export_queue_button)
        upper = QHBoxLayout()
        upper.addWidget(numbers)
        upper.addWidget(self.table_view, 1)
        charts = QGridLayout()
        self.no_data: dict[str, QLabel] = {}
        for (row, col), key, view in (
            ((0, 0), "teams", teams_view),
            ((0, 1), "flags", flags_view),
            ((1, 0), "acute", acute_view),
            ((1, 1), "missed", missed_view),
        ):
            box, self.no_data[key] = _with_no_data(view, self.tr("No data"))
            charts.addWidget(box, row, col)
        # The numbers and the charts scroll: on a 1366×768 screen the desk must fit, and the
        # tallest tab sets the height of every tab.
        content = QWidget()
        content_lay = QVBoxLayout(content)
        content_lay.setContentsMargins(0, 0, 0, 0)
        content_lay.addLayout(upper)
        content_lay.addLayout(charts, 1)
        scroll = QScrollArea()
        scroll.setObjectName("figuresScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(scroll, 1)
        self.scope.currentIndexChanged.connect(self._on_scope)
        self.recompute_button.clicked.connect(self.refresh)
        self.save_target.clicked.connect(lambda: self.save_setting("target_citizens"))
        self.save_population.clicked.connect(lambda: self.save_setting("population_75plus"))
        self.export_button.clicked.connect(self.ask_export)
        self.export_queue_button.clicked.connect(self.export_queue_requested)

    def interested(self, what: Changed) -> bool:
        return what.everything or what.queue or what.flags or what.figures

    def _load(self) -> None:
        ctx = self.ctx
        self.status.setText(self.tr("Computing the figures…"))
        self.recompute_button.setEnabled(False)

        self._run(lambda: fig_service.figures(ctx), self._show)

    def _show(self, fig: Figures) -> None:
        self.fig = fig
        self.recompute_button.setEnabled(True)
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(fig.municipality or self.tr("The municipality"), None)
        for t in fig.teams:
            self.scope.addItem(t, t)
        self.scope.setCurrentIndex(max(self.scope.findData(current), 0))
        self.scope.blockSignals(False)
        self.status.setText(
            self.tr(
                "As of %1. Two-week windows are ISO week pairs; the last one is running."
            ).replace("%1", texts.fmt_datetime(self.ctx.now()))
        )
        self._show_numbers(fig)
        self._show_table(fig)
        self._show_teams_chart(fig)
        self._show_scope(fig, self.scope.currentData())
        self.loaded.emit()

    @Slot(int)
    def _on_scope(self, _i: int) -> None:
        if self.fig is not None:
            self._show_scope(self.fig, self.scope.currentData())

    def _show_numbers(self, fig: Figures) -> None:
        cc = fig.citizens[MUNICIPALITY]
        self.on_dd.setText(fmt_int(cc.on_dd))
        self.target.setValue(fig.target_citizens or 0)
        self.population.setValue(fig.population_75plus or 0)
        if fig.target_citizens:
            self.progress.setRange(0, fig.target_citizens)
            self.progress.setValue(min(cc.on_dd, fig.target_citizens))
            self.progress.setFormat(
                self.tr("%1 of the target (%2 to go)")
                .replace("%1", fmt_pct(cc.on_dd / fig.target_citizens))
                .replace("%2", fmt_int(max(fig.target_citizens - cc.on_dd, 0)))
            )
        else:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)
            self.progress.setFormat(self.tr("no target set"))
        self.over75.setText(fmt_int(cc.over75))
        self.share75.setText(fmt_pct(cc.share75))
        self.coverage.setText(
            fmt_pct(fig.coverage75)
            if fig.coverage75 is not None
            else self.tr("set the number above")
        )

    def _show_table(self, fig: Figures) -> None:
        rows = []
        for scope in fig.scopes:
            cc = fig.citizens[scope]
            now = fig.flags_now(scope)
            rows.append(
                FigureRow(
                    scope=scope if scope is not None else (fig.municipality or self.tr("All")),
                    on_dd=cc.on_dd,
                    over75=cc.over75,
                    share75=cc.share75,
                    acute_share=fig.acute_share(scope)[-1],
                    missed=fig.missed[scope][-1],
                    flags=(now[Severity.HIGH], now[Severity.REVIEW], now[Severity.INFO]),
                )
            )
        self.table.set_rows(rows)

    def _show_teams_chart(self, fig: Figures) -> None:
        _set_values(self.dd_set, [float(fig.citizens[t].on_dd) for t in fig.teams])
        _set_values(self.over75_set, [float(fig.citizens[t].over75) for t in fig.teams])
        self.teams_x.clear()
        self.teams_x.append([t.removeprefix("Team ") for t in fig.teams])
        _nice_max(self.teams_y, max((fig.citizens[t].on_dd for t in fig.teams), default=1))
        self._empty("teams", not any(fig.citizens[t].on_dd for t in fig.teams))
        cc = fig.citizens[MUNICIPALITY]
        if fig.target_citizens:
            self.teams_chart.setTitle(
                self.tr("Citizens on dose dispensing per team (all: %1, target %2)")
                .replace("%1", fmt_int(cc.on_dd))
                .replace("%2", fmt_int(fig.target_citizens))
            )

    def _show_scope(self, fig: Figures, scope: str | None) -> None:
        labels = [self._window_label(w) for w in fig.windows]
        raw = fig.acute_share(scope)
        shares = [round(100 * s, 1) if s is not None else 0.0 for s in raw]
        _set_values(self.acute_set, shares)
        self.acute_x.clear()
        # A window without changes has no share: say so under it rather than draw a 0 bar.
        no_data = self.tr("no data")
        self.acute_x.append(
            [
                label if s is not None else f"{label}\n{no_data}"
                for label, s in zip(labels, raw, strict=True)
            ]
        )
        self._empty("acute", all(s is None for s in raw))
        _nice_max(self.acute_y, max(shares, default=1), percent=True)
        missed = [float(n) for n in fig.missed[scope]]
        _set_values(self.missed_set, missed)
        self.missed_x.clear()
        self.missed_x.append(labels)
        _nice_max(self.missed_y, max(missed, default=1))
        self._empty("missed", not missed)
        day_labels = [f"{d.day}/{d.month}" for d in fig.flag_days]  # short: they must fit
        self.flags_x.clear()
        self.flags_x.append(day_labels)
        top = 1
        for sev, line in self.flag_lines.items():
            values = [counts[sev] for counts in fig.flags[scope]]
            line.replace([QPointF(i, v) for i, v in enumerate(values)])
            top = max(top, *values)
        _nice_max(self.flags_y, top)
        self._empty("flags", not fig.flags[scope])
        name = scope or fig.municipality or self.tr("the municipality")
        for chart, title in (
            (self.acute_chart, self.tr("Share of acute changes, per two weeks: %1")),
            (self.missed_chart, self.tr("Missed deadlines, per two weeks: %1")),
            (self.flags_chart, self.tr("Open double prescriptions, weekly: %1")),
        ):
            chart.setTitle(title.replace("%1", name))

    def _empty(self, key: str, empty: bool) -> None:
        self.no_data[key].setVisible(empty)

    def _window_label(self, w: fig_service.Window) -> str:
        a, b = w.weeks
        return f"{a}–{b}"

    # -- settings and export ----------------------------------------------------

    def save_setting(self, key: str) -> None:
        if self.read_only:
            return
        box = self.target if key == "target_citizens" else self.population
        value = box.value() or None
        ctx = self.ctx
        self._write(
            lambda: fig_service.set_setting(ctx, key, value),
            lambda _r: self.notice.emit(self.tr("Saved")),
            Changed.setting(),  # the figures tab reloads itself through the hub
        )

    @Slot()
    def ask_export(self) -> None:
        if self.fig is None:
            return
        name = f"noegletal-{self.fig.today.isoformat()}.csv"
        self._ask_csv(self.tr("Export the figures"), name, self.export)

    def export(self, path: Path) -> None:
        fig = self.fig
        if fig is None:
            return

        def job() -> int:
            rows = fig_service.figures_csv_rows(fig)
            return fig_service.write_csv(path, fig_service.FIGURES_HEADER, rows)

        self.runner.run(
            job,
            lambda n: self.notice.emit(
                self.tr("%n figure(s) exported to %1", "", n).replace("%1", path.name)
            ),
            lambda exc: present(self, exc),
        )
