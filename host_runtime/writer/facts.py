"""Facts as slots: every number or spec the host speaks comes from here, read from the catalog
query API at the moment of speaking, never typed by the model.

A ``FactSheet`` names each verified snippet by a slot (``price``, ``ends``, ``fact:capacity``,
``policy:returns``...). Prompts and templates carry slot names; ``fill`` puts the values in.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..catalog import effective_price, promotion_state, reference_check, stock_level
from ..catalog.prices import base_price
from ..models import Catalog, Product

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
SLOT_RE = re.compile(r"\{([a-z_]+(?::[a-z0-9_]+)?)\}")

#: fact names that read "It's <label>" (an adjective) rather than "It has <label>" (a feature)
ADJECTIVE_ENDINGS = ("free", "safe", "resistant", "proof", "friendly", "tested", "vegan", "cushioned", "insulated")
#: how a few common fact names are best spoken; any other fact reads "the <name> is <value>"
LABELS = {"bpa_free": "BPA-free", "spf": "SPF rating", "anc": "ANC", "includes": "box contents",
          "keep_warm": "keep-warm time", "water_resistant": "water resistance", "vitamin_c": "vitamin C content",
          "vitamin_d3": "vitamin D3 per gummy", "age": "recommended age", "count": "count"}


@dataclass(frozen=True)
class Fact:
    slot: str
    text: str  # as spoken
    source: str  # where it came from, e.g. "AP-GO-01.promotion.price"
    label: str = ""  # what it is, for prompts and answers: "capacity", "price now"


def money(catalog: Catalog, amount: float) -> str:
    symbol = SYMBOLS.get(catalog.currency)
    return f"{symbol}{amount:.2f}" if symbol else f"{amount:.2f} {catalog.currency}"


def spoken_time(at: dt.datetime) -> str:
    """A wall time in UTC, the zone every catalog window is written in."""
    at = at.astimezone(dt.timezone.utc)
    return f"{at.strftime('%B')} {at.day} at {at.strftime('%H:%M')} UTC"


def spoken_span(span: dt.timedelta) -> str:
    """A countdown rounded down, so the host never promises more time than is left."""
    minutes = int(span.total_seconds() // 60)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (mins, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " and ".join(words) or "less than a minute"


def fact_label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " "))


def fact_value(value: object) -> str:
    if isinstance(value, list):
        items = [str(v) for v in value]
        return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_adjective(name: str) -> bool:
    return name.endswith(ADJECTIVE_ENDINGS)


class FactSheet:
    """The verified facts about one product at one moment, for every jurisdiction of the show."""

    def __init__(self, catalog: Catalog, product: Product, at: dt.datetime, jurisdictions: list[str]):
        self.catalog, self.product, self.at = catalog, product, at
        self.jurisdictions = jurisdictions
        sku = product.sku
        self.slots: dict[str, Fact] = {"name": Fact("name", product.name, f"{sku}.name", "product name")}
        self.slots["price"] = Fact("price", money(catalog, effective_price(product, at)), f"{sku}.price@{at.isoformat()}",
                                   "price right now")
        if product.url:
            self.slots["url"] = Fact("url", product.url, f"{sku}.url", "product page")
        self._promotion(sku)
        self._reference(sku)
        self._stock(sku)
        for name, value in product.facts.items():
            self.slots[f"fact:{name}"] = Fact(f"fact:{name}", fact_value(value), f"{sku}.facts.{name}", fact_label(name))
        if product.certifications:
            self.slots["certifications"] = Fact("certifications", fact_value(product.certifications),
                                                f"{sku}.certifications", "certifications")
        for name, text in catalog.policies.items():
            self.slots[f"policy:{name}"] = Fact(f"policy:{name}", text.rstrip("."), f"policies.{name}", f"{name} policy")
        if catalog.store:
            self.slots["store"] = Fact("store", catalog.store, "store", "store")

    def _promotion(self, sku: str) -> None:
        state = promotion_state(self.product, self.at)
        promo = state.promotion
        if promo is None or state.status == "ended":
            return
        self.slots["promo_label"] = Fact("promo_label", promo.label, f"{sku}.promotion.label", "promotion")
        if state.status == "active":
            self.slots["ends"] = Fact("ends", spoken_time(promo.ends), f"{sku}.promotion.ends", "promotion end")
            self.slots["time_left"] = Fact("time_left", spoken_span(state.time_left or dt.timedelta()),
                                           f"{sku}.promotion.ends-{self.at.isoformat()}", "time left in the promotion")
            regular = base_price(self.product, self.at)
            # said beside the promotion price, the regular price is a "was" price: only where it is a lawful one
            if all(reference_check(self.product, self.at, j, regular).lawful for j in self.jurisdictions):
                self.slots["regular_price"] = Fact("regular_price", money(self.catalog, regular),
                                                   f"{sku}.price_history@{self.at.isoformat()}", "regular price")
        else:
            self.slots["starts"] = Fact("starts", spoken_time(promo.starts), f"{sku}.promotion.starts", "promotion start")
            self.slots["promo_price"] = Fact("promo_price", money(self.catalog, promo.price), f"{sku}.promotion.price",
                                             "promotion price")

    def _reference(self, sku: str) -> None:
        """A "was" price only where every jurisdiction of the show allows it, at the strictest level."""
        checks = [reference_check(self.product, self.at, j) for j in self.jurisdictions]
        refs = [c.lawful_reference for c in checks]
        if not checks or any(r is None for r in refs):
            return
        reference = min(r for r in refs if r is not None)
        current = checks[0].current
        if reference - current < 0.01:
            return
        self.slots["reference_price"] = Fact("reference_price", money(self.catalog, reference),
                                             f"{sku}.price_history ({'/'.join(self.jurisdictions)} reference rule)",
                                             "lawful earlier price")
        self.slots["saving"] = Fact("saving", money(self.catalog, reference - current),
                                    f"{sku}.price_history ({'/'.join(self.jurisdictions)} reference rule)", "saving")

    def _stock(self, sku: str) -> None:
        level = stock_level(self.product)
        self.slots["stock_status"] = Fact("stock_status", level.status, f"{sku}.inventory", "stock")
        if level.units is not None:
            self.slots["units"] = Fact("units", str(level.units), f"{sku}.inventory", "units in stock")

    @property
    def stock_status(self) -> str:
        return self.slots["stock_status"].text

    def has(self, *slots: str) -> bool:
        return all(s in self.slots for s in slots)

    def fill(self, template: str) -> tuple[str, list[Fact]] | None:
        """The template with its slots filled, and the facts used; None if a slot is unknown."""
        used: list[Fact] = []
        missing = False

        def put(m: re.Match[str]) -> str:
            nonlocal missing
            fact = self.slots.get(m[1])
            if fact is None:
                missing = True
                return m[0]
            used.append(fact)
            return fact.text

        text = SLOT_RE.sub(put, template)
        return None if missing else (text, used)

    def allowed_numbers(self, extra: str = "") -> set[str]:
        """Numbers the host may say as typed: those inside verified snippets."""
        texts = [f.text for f in self.slots.values()] + [extra]
        return {n for t in texts for n in re.findall(r"\d+(?:[.,]\d+)?", t)}
