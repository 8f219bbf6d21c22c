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
from ..models.book import SLOT_RE
from .grammar import fact_label, fact_value, spoken_date, spoken_deadline, spoken_moment, spoken_span, zone_of

SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "¥", "AUD": "A$", "CAD": "C$"}
@dataclass(frozen=True)
class Fact:
    slot: str
    text: str  # as spoken
    source: str  # where it came from, e.g. "AP-GO-01.promotion.price"
    label: str = ""  # what it is, for prompts and answers: "capacity", "price now"


#: currencies whose whole amounts are written without decimals ("¥129", as Chinese shops write it)
WHOLE_UNITS = ("CNY", "JPY")


def money(catalog: Catalog, amount: float) -> str:
    symbol = SYMBOLS.get(catalog.currency)
    said = f"{amount:.0f}" if catalog.currency in WHOLE_UNITS and abs(amount - round(amount)) < 0.005 else f"{amount:.2f}"
    return f"{symbol}{said}" if symbol else f"{said} {catalog.currency}"


class FactSheet:
    """The verified facts about one product at one moment, for every jurisdiction of the show,
    for a host speaking ``lang`` (the pitch's templates and fact phrasings are chosen by it)."""

    def __init__(self, catalog: Catalog, product: Product, at: dt.datetime, jurisdictions: list[str],
                 lang: str = "en"):
        self.catalog, self.product, self.at = catalog, product, at
        self.jurisdictions, self.lang = jurisdictions, lang
        self.zone = zone_of(catalog.timezone)
        sku = product.sku
        self.slots: dict[str, Fact] = {"name": Fact("name", product.name, f"{sku}.name", "product name")}
        # a second mention by a shorter name viewers use ("the kettle"), so a pitch does not
        # repeat a six-word product name in every sentence
        short = product.aliases[0] if product.aliases else product.name
        self.slots["short_name"] = Fact("short_name", short, f"{sku}.aliases[0]" if product.aliases else f"{sku}.name",
                                        "product name")
        self.slots["price"] = Fact("price", money(catalog, effective_price(product, at)), f"{sku}.price@{at.isoformat()}",
                                   "price right now")
        if product.url:
            self.slots["url"] = Fact("url", product.url, f"{sku}.url", "product page")
        self._promotion(sku)
        self._reference(sku)
        self._stock(sku)
        for name, value in product.facts.items():
            self.slots[f"fact:{name}"] = Fact(f"fact:{name}", fact_value(name, value), f"{sku}.facts.{name}",
                                              fact_label(name))
        for i, claim in enumerate(product.claims):
            self.slots[f"claim:{i}"] = Fact(f"claim:{i}", claim.rstrip(".。"), f"{sku}.claims[{i}]", "approved claim")
        if product.audience:
            self.slots["audience"] = Fact("audience", product.audience, f"{sku}.audience", "who it is for")
        if product.certifications:
            self.slots["certifications"] = Fact("certifications", fact_value("certifications", product.certifications),
                                                f"{sku}.certifications", "certifications")
        for name, text in catalog.policies.items():
            self.slots[f"policy:{name}"] = Fact(f"policy:{name}", text.rstrip(".。"), f"policies.{name}", f"{name} policy")
        if catalog.store:
            self.slots["store"] = Fact("store", catalog.store, "store", "store")

    def _promotion(self, sku: str) -> None:
        state = promotion_state(self.product, self.at)
        promo = state.promotion
        if promo is None:
            return
        if state.status == "ended":  # answers say when it ended ("is the Black Friday price still on?")
            self.slots["ended_label"] = Fact("ended_label", promo.label, f"{sku}.promotion.label", "ended promotion")
            self.slots["ended"] = Fact("ended", spoken_moment(promo.ends, self.at, self.zone), f"{sku}.promotion.ends",
                                       "promotion end")
            return
        self.slots["promo_label"] = Fact("promo_label", promo.label, f"{sku}.promotion.label", "promotion")
        if state.status == "active":
            self.slots["ends"] = Fact("ends", spoken_deadline(promo.ends, self.at, self.zone), f"{sku}.promotion.ends", "promotion end")
            self.slots["time_left"] = Fact("time_left", spoken_span(state.time_left or dt.timedelta()),
                                           f"{sku}.promotion.ends-{self.at.isoformat()}", "time left in the promotion")
            self.slots["ends_at"] = Fact("ends_at", spoken_moment(promo.ends, self.at, self.zone),
                                         f"{sku}.promotion.ends", "promotion end")
            regular = base_price(self.product, self.at)
            # said beside the promotion price, the regular price is a "was" price: only where it is a lawful one
            if all(reference_check(self.product, self.at, j, regular).lawful for j in self.jurisdictions):
                self.slots["regular_price"] = Fact("regular_price", money(self.catalog, regular),
                                                   f"{sku}.price_history@{self.at.isoformat()}", "regular price")
        else:
            self.slots["starts"] = Fact("starts", spoken_date(promo.starts, self.zone), f"{sku}.promotion.starts", "promotion start")
            self.slots["promo_price"] = Fact("promo_price", money(self.catalog, promo.price), f"{sku}.promotion.price",
                                             "promotion price")
            # for answers: the moment it starts, and how long until then ("starts in less than a minute")
            self.slots["starts_at"] = Fact("starts_at", spoken_moment(promo.starts, self.at, self.zone),
                                           f"{sku}.promotion.starts", "promotion start")
            self.slots["time_to_start"] = Fact("time_to_start", spoken_span(state.time_left or dt.timedelta()),
                                               f"{sku}.promotion.starts-{self.at.isoformat()}", "time until the promotion")

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

    def fill(self, template: str, keep: tuple[str, ...] = ()) -> tuple[str, list[Fact]] | None:
        """The template with its slots filled, and the facts used; None if a slot is unknown.
        Slots in ``keep`` stay slots (a script book keeps live values for the moment of speech)."""
        used: list[Fact] = []
        missing = False

        def put(m: re.Match[str]) -> str:
            nonlocal missing
            if m[1] in keep:
                if m[1] in self.slots:
                    used.append(self.slots[m[1]])
                return m[0]
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
