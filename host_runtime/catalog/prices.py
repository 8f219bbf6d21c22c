"""Prices over time, and whether a "was" price or a claimed saving is lawful.

The catalog gives a base price history (each entry holds from its date, 00:00 UTC, until the
next) and at most one promotion window on top. From those we can say what the price was at
any moment, and so test a reference price the way each jurisdiction does:

- EU, Price Indication Directive 98/6/EC Art. 6a: the prior price of an announced reduction is
  the lowest price applied in the 30 days before the reduction.
- US, 16 CFR 233.1: a former price must have been openly offered for a reasonably substantial
  period in the recent, regular course of business (here: at least 28 of the 90 days before).
- CN, Provisions on Clearly Marked Prices and Prohibition of Price Fraud (2022) Art. 11: the
  "original price" is the lowest price of the 7 days before the promotion.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..models import Product
from .promotions import active_promotion

UTC = dt.timezone.utc
CENT = 0.005

RuleKind = Literal["lowest_prior", "substantial_period"]


@dataclass(frozen=True)
class ReferenceRule:
    kind: RuleKind
    lookback_days: int
    min_days: int = 0  # substantial_period: how long the former price must have held


#: a cut of the regular price stays a reduction this many days at least (or the rule's look-back,
#: if longer: 16 CFR 233 looks 90 days back); after that it is the price ("was $59.95" seven months on)
STALE_CUT_DAYS = 30

#: defaults per jurisdiction; rule packs may pass their own parameters
REFERENCE_RULES: dict[str, ReferenceRule] = {
    "eu": ReferenceRule("lowest_prior", 30),
    "cn": ReferenceRule("lowest_prior", 7),
    "us": ReferenceRule("substantial_period", 90, 28),
}


@dataclass(frozen=True)
class PriceWindow:
    start: dt.datetime
    end: dt.datetime | None  # None: still in effect
    price: float
    promotional: bool = False


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), UTC)


def base_windows(product: Product) -> list[PriceWindow]:
    """The regular (non-promotional) price over time. Without a history, ``price`` always held."""
    if not product.price_history:
        return [PriceWindow(dt.datetime.min.replace(tzinfo=UTC), None, product.price)]
    points = product.price_history
    return [
        PriceWindow(_midnight(p.date), _midnight(nxt.date) if nxt else None, p.price)
        for p, nxt in zip(points, [*points[1:], None])
    ]


def base_price(product: Product, at: dt.datetime) -> float:
    """The regular price at ``at``; before the first known date, the earliest known price."""
    windows = base_windows(product)
    current = windows[0].price
    for w in windows:
        if w.start <= at:
            current = w.price
    return current


def effective_price(product: Product, at: dt.datetime) -> float:
    """What a viewer pays at ``at``: the promotional price while a promotion is active."""
    promo = active_promotion(product, at)
    return promo.price if promo else base_price(product, at)


def price_windows(product: Product, start: dt.datetime, end: dt.datetime) -> list[PriceWindow]:
    """Every price applied in [start, end), regular and promotional, clipped to the range."""
    out = []
    for w in base_windows(product):
        w_end = w.end or end
        if w.start < end and w_end > start:
            out.append(PriceWindow(max(w.start, start), min(w_end, end), w.price))
    promo = product.promotion
    if promo and promo.starts < end and promo.ends > start:
        out.append(PriceWindow(max(promo.starts, start), min(promo.ends, end), promo.price, True))
    return out


def lowest_price(product: Product, start: dt.datetime, end: dt.datetime) -> float | None:
    """The lowest price applied in [start, end), or None if the catalog knows no price then."""
    if product.price_history and _midnight(product.price_history[0].date) >= end:
        return None
    windows = price_windows(product, start, end)
    return min(w.price for w in windows) if windows else None


@dataclass(frozen=True)
class ReferenceCheck:
    lawful: bool
    current: float
    claimed: float | None
    lawful_reference: float | None  # the highest reference the rule allows
    reduction_start: dt.datetime | None
    reason: str

    @property
    def max_saving(self) -> float:
        return max(0.0, (self.lawful_reference or 0.0) - self.current)

    @property
    def max_percent(self) -> float:
        return 100 * self.max_saving / self.lawful_reference if self.lawful_reference else 0.0


def reduction_start(product: Product, at: dt.datetime) -> dt.datetime | None:
    """When the reduction in force at ``at`` began: the promotion start, or the date the
    regular price last dropped. None when the price at ``at`` is not a reduction."""
    promo = active_promotion(product, at)
    if promo:
        return promo.starts
    windows = [w for w in base_windows(product) if w.start <= at]
    for before, after in zip(reversed(windows[:-1]), reversed(windows)):
        if after.price < before.price - CENT:
            return after.start
        if after.price > before.price + CENT:
            return None
    return None


def _lawful_reference(product: Product, start: dt.datetime, rule: ReferenceRule) -> tuple[float | None, str]:
    window_start = start - dt.timedelta(days=rule.lookback_days)
    if rule.kind == "lowest_prior":
        low = lowest_price(product, window_start, start)
        return low, f"lowest price in the {rule.lookback_days} days before {start.date()}: {low}"
    held: dict[float, dt.timedelta] = {}
    for w in price_windows(product, window_start, start):
        if not w.promotional:
            held[w.price] = held.get(w.price, dt.timedelta()) + (w.end or start) - w.start
    need = dt.timedelta(days=rule.min_days)
    offered = [price for price, span in held.items() if span >= need]
    best = max(offered) if offered else None
    return best, (f"highest price offered for at least {rule.min_days} of the {rule.lookback_days} days "
                  f"before {start.date()}: {best}")


def reference_check(product: Product, at: dt.datetime, jurisdiction: str, claimed: float | None = None,
                    rule: ReferenceRule | None = None) -> ReferenceCheck:
    """Is ``claimed`` (default: the catalog's list_price) a lawful "was" price at ``at``?"""
    rule = rule or REFERENCE_RULES[jurisdiction]
    current = effective_price(product, at)
    claimed = claimed if claimed is not None else product.list_price
    start = reduction_start(product, at)
    stale = dt.timedelta(days=max(rule.lookback_days, STALE_CUT_DAYS))
    if start is not None and active_promotion(product, at) is None and start < at - stale:
        start = None  # a price cut this old is the regular price now, no reduction to announce
    if start is None:
        return ReferenceCheck(claimed is None or claimed <= current + CENT, current, claimed, None, None,
                              f"the price at {at.isoformat()} is not a reduction")
    lawful, why = _lawful_reference(product, start, rule)
    ok = claimed is None or (lawful is not None and claimed <= lawful + CENT)
    return ReferenceCheck(ok, current, claimed, lawful, start, why)


def saving_check(product: Product, at: dt.datetime, jurisdiction: str, *, percent: float | None = None,
                 amount: float | None = None, rule: ReferenceRule | None = None,
                 tolerance_points: float = 0.5) -> ReferenceCheck:
    """Is a claimed saving ("30% off", "save $15") supported by a lawful reference price?"""
    base = reference_check(product, at, jurisdiction, None, rule)
    ref = base.lawful_reference
    if percent is not None:
        ok = ref is not None and percent <= base.max_percent + tolerance_points
        claim = f"{percent:g}% off"
    else:
        ok = ref is not None and (amount or 0) <= base.max_saving + CENT
        claim = f"a saving of {amount}"
    return ReferenceCheck(ok, base.current, ref, ref, base.reduction_start,
                          f"{claim}; {base.reason}; largest lawful saving {base.max_saving:.2f} ({base.max_percent:.1f}%)")
