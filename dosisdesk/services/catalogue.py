"""The product catalogue: the packaged ``catalogue.csv``, seeding it, and searching products.

``resources/catalogue.csv`` is built from the shared drug list by ``resources/build_catalogue.py``
(one row per trade name, strength and form; see that script for the cleaning rules).
"""

from __future__ import annotations

import csv
import io
from importlib.resources import files

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from dosisdesk.domain.errors import NotFound
from dosisdesk.services.access import product_dto
from dosisdesk.services.context import Ctx
from dosisdesk.services.dto import ProductDTO
from dosisdesk.storage import bulk
from dosisdesk.storage import models as m

CATALOGUE_FILE = "catalogue.csv"
COLUMNS = ("atc", "substance", "trade_name", "strength", "form", "dose_dispensable", "note")

__all__ = ["load_catalogue", "resolve_product", "search_products", "seed_products"]


def load_catalogue() -> list[dict[str, object]]:
    """The packaged catalogue, one dict per product in file order.

    Keys are :data:`COLUMNS`; ``dose_dispensable`` is a bool, the rest are stripped strings.
    """
    text = files("dosisdesk.resources").joinpath(CATALOGUE_FILE).read_text(encoding="utf-8")
    out: list[dict[str, object]] = []
    for row in csv.DictReader(io.StringIO(text)):
        item: dict[str, object] = {k: (row.get(k) or "").strip() for k in COLUMNS}
        item["dose_dispensable"] = (row.get("dose_dispensable") or "").strip().lower() == "true"
        out.append(item)
    return out


def seed_products(session: Session) -> int:
    """Insert the catalogue's products that are not in the database yet (by trade name, strength
    and form). Idempotent; returns how many were inserted. Runs in the caller's unit of work."""
    existing = {
        (t, s, f)
        for t, s, f in session.execute(
            select(m.Product.trade_name, m.Product.strength, m.Product.form)
        )
    }
    rows = bulk.ReferenceRows(session)
    added = 0
    for item in load_catalogue():
        key = (str(item["trade_name"]), str(item["strength"]), str(item["form"]))
        if key in existing:
            continue
        existing.add(key)
        rows.product(
            str(item["atc"]),
            str(item["substance"]),
            *key,
            dose_dispensable=bool(item["dose_dispensable"]),
        )
        added += 1
    rows.write()
    return added


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_products(ctx: Ctx, text: str, limit: int = 50) -> list[ProductDTO]:
    """Products whose trade name or substance contains ``text``, or whose ATC code starts with
    it; case-insensitive. Ordered by trade name, then catalogue order (so strengths ascend).
    An empty text lists the catalogue from the start."""
    needle = text.strip().lower()
    with ctx.db.begin() as s:
        stmt = select(m.Product)
        if needle:
            pattern = _like_escape(needle)
            stmt = stmt.where(
                or_(
                    func.lower(m.Product.trade_name).like(f"%{pattern}%", escape="\\"),
                    func.lower(m.Product.substance).like(f"%{pattern}%", escape="\\"),
                    func.lower(m.Product.atc).like(f"{pattern}%", escape="\\"),
                )
            )
        rows = s.scalars(
            stmt.order_by(func.lower(m.Product.trade_name), m.Product.id).limit(max(limit, 0))
        ).all()
        return [product_dto(p) for p in rows]


def resolve_product(session: Session, ref: str) -> m.Product:
    """A product by id ("#12"), ATC code (first by name) or trade name (case-insensitive)."""
    text = ref.strip()
    row: m.Product | None = None
    if text.startswith("#") and text[1:].isdigit():
        row = session.get(m.Product, int(text[1:]))
    elif len(text) == 7 and text[0].isalpha() and text[1:3].isdigit():
        row = session.scalars(
            select(m.Product).where(m.Product.atc == text.upper()).order_by(m.Product.trade_name)
        ).first()
    else:
        row = (
            session.scalars(
                select(m.Product)
                .where(func.lower(m.Product.trade_name) == text.lower())
                .order_by(m.Product.id)
            ).first()
            or session.scalars(
                select(m.Product)
                .where(func.lower(m.Product.substance) == text.lower())
                .order_by(m.Product.trade_name)
            ).first()
        )
    if row is None:
        raise NotFound("services.catalogue.unknown_drug", ref=ref)
    return row
