"""MedCom's CareCommunication (FHIR R4 message Bundles): build, check and read; and the two use
cases that need the format, sending and reading the inbox, as the correspondence service with
this format plugged in."""

from __future__ import annotations

from typing import Any

from dosisdesk.services import correspondence as _corr
from dosisdesk.services import exchange as _exchange
from dosisdesk.services.context import Ctx


def send(ctx: Ctx, cpr: str, draft: Any, to: str, **kw: Any) -> _corr.MessageDTO:
    """:func:`dosisdesk.services.exchange.send` writing a CareCommunication Bundle."""
    from dosisdesk.interop.medcom.build import render

    return _exchange.send(ctx, cpr, draft, to, render=render, **kw)


def scan_inbox(ctx: Ctx) -> _corr.InboxReport:
    """:func:`dosisdesk.services.exchange.scan_inbox` reading CareCommunication Bundles."""
    from dosisdesk.interop.medcom.read import read_message

    return _exchange.scan_inbox(ctx, read_message)
