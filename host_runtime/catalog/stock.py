"""Stock levels, so "only 3 left" or "plenty in stock" can be checked against inventory."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..models import Product

#: at or below this many units, "selling fast / only a few left" is a fair description
LOW_STOCK_UNITS = 10

Status = Literal["unknown", "out_of_stock", "low", "in_stock"]


@dataclass(frozen=True)
class StockLevel:
    units: int | None
    status: Status


def stock_level(product: Product, low_threshold: int = LOW_STOCK_UNITS) -> StockLevel:
    units = product.inventory
    if units is None:
        return StockLevel(None, "unknown")
    if units == 0:
        return StockLevel(0, "out_of_stock")
    return StockLevel(units, "low" if units <= low_threshold else "in_stock")
