"""The card's *Korrespondance* tab: the citizen's messages to and from the GP and the hospital,
in threads (newest thread first, each read top-down), with *Ny korrespondance*, *Svar* and
*Hent indbakke*. Loaded in the background when the tab is first shown for a citizen."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from dosisdesk.domain.calendar import format_moment_numeric
from dosisdesk.domain.text import format_phone
from dosisdesk.services.context import Ctx
from dosisdesk.ui import texts
from dosisdesk.ui.hub import Changed, hub
from dosisdesk.ui.messages import bridge
from dosisdesk.ui.runner import Runner
from dosisdesk.ui.widgets.forms import run_guarded

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _when(dt: Any) -> str:
    return format_moment_numeric(dt) if dt is not None else ""


class CorrespondencePanel(QWidget):
    loaded = Signal(int)  # number of threads

    def __init__(self, ctx: Ctx, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._runner = runner
        self._cpr: str | None = None
        self._threads: list[list[Any]] = []
        self._generation = 0
        self.tree = QTreeWidget()
        self.tree.setObjectName("threads")
        self.tree.setAccessibleName(self.tr("Message threads"))
        self.tree.setHeaderLabels([self.tr("Message"), self.tr("To / from"), self.tr("Status")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        head = self.tree.header()
        head.setStretchLastSection(False)
        head.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        head.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.detail = QTextBrowser()
        self.detail.setObjectName("thread_detail")
        self.detail.setAccessibleName(self.tr("The thread"))
        self.empty = QLabel(self.tr("No correspondence yet."))
        self.empty.setObjectName("emptyState")
        self.new_button = QPushButton(self.tr("&New correspondence…"))
        self.new_button.setObjectName("new_message")
        self.reply_button = QPushButton(self.tr("Rep&ly…"))
        self.reply_button.setObjectName("reply_message")
        self.inbox_button = QPushButton(self.tr("Fetch in&box"))
        self.inbox_button.setObjectName("fetch_inbox")
        self.inbox_button.setToolTip(self.tr("Read replies and new messages from the inbox folder"))
        buttons = QHBoxLayout()
        for b in (self.new_button, self.reply_button, self.inbox_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setSizes([200, 300])
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.empty)
        lay.addWidget(split, 1)
        self.reply_button.setEnabled(False)
        self.new_button.clicked.connect(self._on_new)
        self.reply_button.clicked.connect(self._on_reply)
        self.inbox_button.clicked.connect(self._on_inbox)
        self.tree.currentItemChanged.connect(self._on_current)
        hub.changed.connect(self._on_hub)

    # -- loading ------------------------------------------------------------

    def set_citizen(self, cpr: str | None) -> None:
        if cpr != self._cpr:
            self._cpr = cpr
            self.reload()

    def reload(self) -> None:
        ctx, cpr = self._ctx, self._cpr
        self._generation += 1
        gen = self._generation
        if cpr is None:
            self._show([])
            return
        from dosisdesk.services import correspondence as corr

        run_guarded(
            self._runner,
            self,
            lambda: corr.threads(ctx, cpr),
            lambda t: self._on_loaded(gen, t),
            self._on_failed,
        )

    def _on_loaded(self, generation: int, threads: list[list[Any]]) -> None:
        if generation == self._generation:
            self._show(threads)

    def _on_failed(self, exc: BaseException) -> None:
        from dosisdesk.ui.errors import present

        present(self, exc)

    def _show(self, threads: list[list[Any]]) -> None:
        self._threads = threads
        self.tree.clear()
        for thread in threads:
            first = thread[0]
            title = first.category_da + (f" »{first.topic}«" if first.topic else "")
            top = QTreeWidgetItem(
                [
                    f"{title} · {_when(first.created_at)}",
                    first.party_name,
                    thread[-1].status_da if first.direction.value == "in" else first.status_da,
                ]
            )
            top.setData(0, ID_ROLE, first.id)
            for d in thread[1:]:
                arrow = "→" if d.direction.value == "out" else "←"
                child = QTreeWidgetItem(
                    [f"{arrow} {_when(d.created_at)}", d.party_name, d.status_da]
                )
                child.setData(0, ID_ROLE, d.id)
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.empty.setVisible(not threads)
        first_item = self.tree.topLevelItem(0)
        if first_item is not None:
            self.tree.setCurrentItem(first_item)
        else:
            self.detail.clear()
        self.loaded.emit(len(threads))

    def _thread_of(self, message_id: int) -> list[Any]:
        return next((t for t in self._threads if any(d.id == message_id for d in t)), [])

    @Slot(QTreeWidgetItem, QTreeWidgetItem)
    def _on_current(self, item: QTreeWidgetItem | None, _prev: QTreeWidgetItem | None) -> None:
        self.reply_button.setEnabled(item is not None)
        if item is None:
            self.detail.clear()
            return
        thread = self._thread_of(int(item.data(0, ID_ROLE)))
        phone_word, attachment_word = self.tr("phone"), self.tr("Attachment")
        parts = []
        for d in thread:
            who = (
                self.tr("To %1").replace("%1", d.party_name)
                if d.direction.value == "out"
                else self.tr("From %1").replace("%1", d.party_name)
            )
            parts.append(
                f"<h4>{html.escape(who)} · {html.escape(_when(d.created_at))} · "
                f"{html.escape(d.status_da)}</h4>"
            )
            for g in d.segments:
                text = "<br/>".join(html.escape(x) for x in g.text.splitlines())
                parts.append(
                    f"<p><b>{html.escape(g.author)}</b> ({html.escape(g.role)}, "
                    f"{phone_word} {html.escape(format_phone(g.phone))}), "
                    f"{html.escape(_when(g.at))}<br/>{text}</p>"
                )
            for title in d.attachments:
                parts.append(f"<p>{attachment_word}: {html.escape(title)}</p>")
            if d.error:
                parts.append(f"<p style='color:#b3261e'>{html.escape(d.error)}</p>")
        self.detail.setHtml("".join(parts))

    # -- actions ------------------------------------------------------------

    def open_compose(
        self, context_kind: str = "", context_ref: str = "", reply_to: int | None = None
    ) -> None:
        ctx, cpr = self._ctx, self._cpr
        if cpr is None:
            return
        from dosisdesk.services import correspondence as corr

        def opened(proposal: Any) -> None:
            from dosisdesk.ui.dialogs.correspondence import ComposeDialog

            dlg = ComposeDialog(ctx, self._runner, proposal, reply_to=reply_to, parent=self)
            dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dlg.sent.connect(self._on_sent)
            dlg.open()

        run_guarded(
            self._runner,
            self,
            lambda: corr.compose(ctx, cpr, context_kind, context_ref),
            opened,
            self._on_failed,
        )

    @Slot()
    def _on_new(self) -> None:
        self.open_compose()

    @Slot()
    def _on_reply(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        thread = self._thread_of(int(item.data(0, ID_ROLE)))
        last = thread[-1]
        self.open_compose(last.context_kind, last.context_ref, reply_to=last.id)

    @Slot(object)
    def _on_sent(self, dto: Any) -> None:
        bridge.info(
            self,
            self.tr("Message in the outbox"),
            self.tr("The message to %1 is in the outbox; the mail system sends it.").replace(
                "%1", dto.party_name
            ),
        )

    @Slot()
    def _on_inbox(self) -> None:
        ctx = self._ctx
        from dosisdesk.interop import medcom

        def done(rep: Any) -> None:
            text = texts.inbox_summary(len(rep.received), len(rep.refused), rep.taken_by_gateway)
            for name, reason in rep.refused:
                text += f"\n{name}: {reason}"
            bridge.info(self, self.tr("Inbox"), text)
            hub.publish(Changed.correspondence(*(d.citizen_id for d in rep.received)))
            self.reload()

        run_guarded(self._runner, self, lambda: medcom.scan_inbox(ctx), done, self._on_failed)

    @Slot(object)
    def _on_hub(self, what: object) -> None:
        if isinstance(what, Changed) and (what.everything or what.flags):
            self.reload()
