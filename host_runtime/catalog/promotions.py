"""Promotion windows: the only source for "ends tonight" and for the promotional price."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from ..models import Product, Promotion

Status = Literal["none", "upcoming", "active", "ended"]


@dataclass(frozen=True)
class PromotionState:
    status: Status
    promotion: Promotion | None = None
    time_left: dt.timedelta | None = None  # until the end while active, until the start while upcoming

    @property
    def active(self) -> bool:
        return self.status == "active"


def promotion_state(product: Product, at: dt.datetime) -> PromotionState:
    """A promotion is active from ``starts`` inclusive to ``ends`` inclusive."""
    promo = product.promotion
    if promo is None:
        return PromotionState("none")
    if at < promo.starts:
        return PromotionState("upcoming", promo, promo.starts - at)
    if at <= promo.ends:
        return PromotionState("active", promo, promo.ends - at)
    return PromotionState("ended", promo)


def active_promotion(product: Product, at: dt.datetime) -> Promotion | None:
    state = promotion_state(product, at)
    return state.promotion if state.active else None
