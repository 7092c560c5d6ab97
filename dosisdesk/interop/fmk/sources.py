"""Where FMK documents come from: one small interface, two sources built, and the inbox run.

:class:`FmkSource` yields :class:`FmkResponse` documents (raw bytes, checked by
:mod:`dosisdesk.interop.fmk.document` before anything else). Built now:

* :class:`FileSource`: one file a person picked (the window's file dialog, drag and drop,
  ``dosisdesk fmk read FILE``);
* :class:`InboxSource`: a folder the municipality's integration fills with FMK responses (the
  setting ``fmk_inbox``); :func:`process_inbox` reads each into dosisdesk.

A live FMK connection would be a third source: a SOAP client on FMK's WSDL (e.g. ``zeep``) that
calls GetMedicineCard for a CPR with the national service platform's signed security header
(DGWS/IDWS, the municipality's certificate) and yields the response body's bytes. It is not
built: there is no FMK test environment here. Nothing after the source changes.

The document is not kept: an inbox file that was read into dosisdesk is deleted (it holds
indications and private-marked entries); one that could not be read is renamed ``*.fejl`` so it
is not tried again and IT can look; one for a citizen dosisdesk does not have stays until a
coordinator creates the citizen.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from dosisdesk.domain.cpr import mask_cpr_in_file_name
from dosisdesk.domain.errors import AccessDenied, DosisError
from dosisdesk.domain.fmk import FmkDocumentError
from dosisdesk.interop.fmk.document import MAX_BYTES, parse_medicine_card, read_bytes
from dosisdesk.services import fmk as fmk_service
from dosisdesk.services.context import Ctx

__all__ = [
    "FileSource",
    "FmkResponse",
    "FmkSource",
    "InboxReport",
    "InboxSource",
    "display_name",
    "process_inbox",
    "read_file",
]


def display_name(path: Path) -> str:
    """A file name safe to show and log: CPR-like digit runs masked (R11)."""
    return mask_cpr_in_file_name(path)


@dataclass(frozen=True, slots=True)
class FmkResponse:
    """One response document as a source delivers it."""

    name: str  # for people: a file name with any CPR masked
    data: bytes
    path: Path | None = None


class FmkSource(Protocol):
    """Something that yields FMK response documents (for one CPR, or all it has)."""

    def responses(self, cpr: str | None = None) -> Iterator[FmkResponse]: ...


@dataclass(frozen=True)
class FileSource:
    path: Path

    def responses(self, cpr: str | None = None) -> Iterator[FmkResponse]:
        yield FmkResponse(display_name(self.path), read_bytes(self.path), self.path)


@dataclass(frozen=True)
class InboxSource:
    """Every ``*.xml`` file in a folder, oldest first (by modification time)."""

    folder: Path

    def files(self) -> list[Path]:
        if not self.folder.is_dir():
            raise FmkDocumentError("interop.fmk.sources.inbox_folder_missing", folder=self.folder)
        found = [p for p in self.folder.iterdir() if p.is_file() and p.suffix.lower() == ".xml"]
        return sorted(found, key=lambda p: (p.stat().st_mtime, p.name))

    def responses(self, cpr: str | None = None) -> Iterator[FmkResponse]:
        for path in self.files():
            if path.stat().st_size > MAX_BYTES:
                yield FmkResponse(display_name(path), b"", path)  # refused by the size check
                continue
            yield FmkResponse(display_name(path), read_bytes(path), path)


def read_file(
    ctx: Ctx, path: Path, *, expected_cpr: str | None = None, source: str = "file"
) -> fmk_service.ReadResult:
    """Read one file into dosisdesk: check, map, reconcile (nothing is stored if it fails)."""
    (resp,) = list(FileSource(path).responses())
    card = parse_medicine_card(resp.data, expected_cpr=expected_cpr)
    return fmk_service.read_card(ctx, card, source=source, expected_cpr=expected_cpr)


@dataclass
class InboxReport:
    read: list[tuple[str, fmk_service.ReadResult]] = field(default_factory=list)
    unknown: list[tuple[str, str]] = field(default_factory=list)  # file, Danish message
    failed: list[tuple[str, str]] = field(default_factory=list)


def process_inbox(ctx: Ctx, folder: Path) -> InboxReport:
    """Read every document in the inbox (see the module docstring for what happens to files)."""
    report = InboxReport()
    for resp in InboxSource(folder).responses():
        assert resp.path is not None
        try:
            if not resp.data:
                raise FmkDocumentError(
                    "interop.fmk.sources.document_too_large", max_bytes=MAX_BYTES // (1024 * 1024)
                )
            card = parse_medicine_card(resp.data)
            result = fmk_service.read_card(ctx, card, source="inbox")
        except (fmk_service.CitizenNotInDosisdesk, AccessDenied) as e:
            report.unknown.append((resp.name, e.message))  # stays for someone who may
            continue
        except DosisError as e:
            report.failed.append((resp.name, e.message))
            _set_aside(resp.path)
            continue
        report.read.append((resp.name, result))
        resp.path.unlink(missing_ok=True)
    return report


def _set_aside(path: Path) -> None:
    target = path.with_name(path.name + ".fejl")
    with contextlib.suppress(OSError):  # a read-only inbox: it is reported either way
        os.replace(path, target)
