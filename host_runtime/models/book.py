"""A script book: the show's lines, prepared before it by the model, reviewed and approved by a
marketer line by line, then spoken by `live` and `rehearse --book`.

Why a book: a small model writing live is slow and often wrong; a bigger one before the show,
with a person approving what it wrote, gives a host worth watching that says only reviewed
words. Values that change during a show (price, countdown, stock) stay slots in the text
(``{price}``, ``{time_left}``) and are filled, and checked by the guard, at the moment of speech.

Rules `lint` applies (documented in README.md):
- error: a SKU not in the catalog, a slot or fact the product does not have, a promotion slot
  for a product with no promotion, a line whose fact values differ from the catalog's;
- error: a beat with no approved line (the show would fall back to stock templates for it);
- warning: a line not approved yet (it is never spoken).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import Authored, Loc, UtcDatetime
from .catalog import Catalog, Product
from .errors import LoadError

Text = Annotated[str, StringConstraints(min_length=1)]
#: the beats of a pitch a book holds lines for, in the order a pitch says them (stock is said
#: from templates only: whether it is low or sold out is known only at the moment)
BOOK_BEATS = ("hook", "audience", "benefit", "proof", "offer", "window", "upcoming", "objection", "cta")
BeatKind = Literal["hook", "audience", "benefit", "proof", "offer", "window", "upcoming", "objection", "cta"]
#: slots whose value changes with the clock or the stock: a book keeps them as slots
LIVE_SLOTS = ("price", "promo_label", "promo_price", "starts", "ends", "time_left", "regular_price",
              "reference_price", "saving", "units", "stock_status")
#: slots that need a promotion to exist at all
PROMOTION_SLOTS = ("promo_label", "promo_price", "starts", "ends", "time_left", "regular_price")
SLOT_RE = re.compile(r"\{([a-z_]+(?::[a-z0-9_]+)?)\}")
_TOKEN = r"[a-z0-9]+(?:\.[0-9]+)?"


def product_slots(product: Product, catalog: Catalog) -> set[str]:
    """Every slot a line about ``product`` can name that does not depend on the moment."""
    slots = {"name", "short_name", *(f"fact:{n}" for n in product.facts),
             *(f"claim:{i}" for i in range(len(product.claims))), *(f"policy:{n}" for n in catalog.policies)}
    slots |= {s for s, present in (("url", product.url), ("certifications", product.certifications),
                                   ("audience", product.audience), ("store", catalog.store)) if present}
    return slots


class BookLine(Authored):
    text: Text  # what is said; live values as slots: {price}, {ends}, {time_left}, {saving}, {units}
    facts: list[str] = []  # the slots whose facts the line states: fact:capacity, claim:0, policy:returns, price
    source: Literal["llm", "template", "marketer"] = "marketer"  # who wrote it
    approved: bool = False  # only approved lines are ever spoken
    note: str | None = None  # the reviewer's note


class BookProduct(Authored):
    sku: Text
    beats: dict[BeatKind, list[BookLine]] = {}


class Prepared(Authored):
    """How the book was drafted, for the record."""

    at: UtcDatetime
    backend: Text
    model: str | None = None


class ScriptBook(Authored):
    book: Literal[1]  # the format version
    catalog: Text  # the catalog it was prepared for, relative to the book
    persona: str | None = None  # the persona whose voice it is written in, relative to the book
    prepared: Prepared | None = None
    products: list[BookProduct] = []

    def load_catalog(self, base_dir: Path) -> Catalog:
        from .loader import load_catalog

        return load_catalog(base_dir / self.catalog)

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        try:
            catalog = self.load_catalog(base_dir)
        except LoadError as err:
            return [(("catalog",), f"the catalog does not load: {err.problems[0]}")]
        return self.broken_lines(catalog)

    def broken_lines(self, catalog: Catalog) -> list[tuple[Loc, str]]:
        """Lines that can never be said right about ``catalog``: unknown SKUs, slots and facts."""
        problems: list[tuple[Loc, str]] = []
        known = {p.sku: p for p in catalog.products}
        seen: set[str] = set()
        for i, entry in enumerate(self.products):
            product = known.get(entry.sku)
            if product is None:
                problems.append((("products", i, "sku"), f"SKU {entry.sku!r} is not in the catalog"))
                continue
            if entry.sku in seen:
                problems.append((("products", i, "sku"), f"SKU {entry.sku!r} is given twice"))
            seen.add(entry.sku)
            slots = product_slots(product, catalog) | set(LIVE_SLOTS)
            for kind, lines in entry.beats.items():
                for j, line in enumerate(lines):
                    where = ("products", i, "beats", kind, j)
                    problems += [((*where, "text"), m) for m in _slot_problems(line.text, product, slots)]
                    problems += [((*where, "facts"), m) for m in _fact_problems(line, product, slots)]
        return problems

    def review(self, base_dir: Path) -> list[tuple[Loc, str, bool]]:
        """What a reviewer still has to do, as (location, message, is_error): beats with no
        approved line are errors, unapproved lines warnings."""
        out: list[tuple[Loc, str, bool]] = []
        for i, entry in enumerate(self.products):
            for kind, lines in entry.beats.items():
                if not any(line.approved for line in lines):
                    out.append((("products", i, "beats", kind), f"{entry.sku}: no approved {kind} line; the show "
                                "falls back to stock templates for this beat", True))
                out += [(("products", i, "beats", kind, j, "approved"), "not approved yet: never spoken", False)
                        for j, line in enumerate(lines) if not line.approved]
        return out


def _slot_problems(text: str, product: Product, slots: set[str]) -> list[str]:
    out = []
    for slot in SLOT_RE.findall(text):
        if slot not in slots:
            out.append(f"unknown slot {{{slot}}} for {product.sku}")
        elif slot in PROMOTION_SLOTS and product.promotion is None:
            out.append(f"{{{slot}}} needs a promotion and {product.sku} has none: the line can never be said")
    if re.search(r"[{}]", SLOT_RE.sub("", text)):
        out.append("a brace that is no slot: slots look like {price}")
    return out


def _fact_problems(line: BookLine, product: Product, slots: set[str]) -> list[str]:
    """Facts the line names must exist, and a fact written out must say the catalog's value."""
    out = []
    words = set(re.findall(_TOKEN, line.text.lower()))
    for fact in line.facts:
        if fact not in slots:
            out.append(f"{fact!r} is not a fact of {product.sku} in the catalog")
            continue
        name = fact.removeprefix("fact:")
        value = product.facts.get(name) if fact.startswith("fact:") else None
        if value is None or isinstance(value, bool) or "{" + fact + "}" in line.text:
            continue
        wanted = [w for w in re.findall(_TOKEN, str(value).lower()) if w not in ("and", "or")]
        missing = [w for w in wanted if w not in words]
        if missing:
            out.append(f"the line states {fact} but not the catalog's value {value!r} (missing: {', '.join(missing)})")
    return out
