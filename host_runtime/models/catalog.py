"""The merchant's catalog: the only source of truth for anything the host says about a product.

The shape is a contract (../shared/ARCHITECTURE.md): guard, eval and other tools read it.
Optional additions beyond the contract: ``aliases`` (other names viewers use), ``url`` (the
product page the host points to when it does not know an answer), ``audience`` (who the
product is for, approved copy like ``claims``) and the catalog's ``timezone`` (the store's
IANA zone: deadlines are said in it, "Monday night, 11:59 pm EST"; without it, in UTC).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, StringConstraints, field_validator, model_validator

from .base import Authored, Loc, UtcDatetime

Money = Annotated[float, Field(gt=0, description="an amount in the catalog's currency, above zero")]
FactValue = str | bool | int | float | list[str]
Text = Annotated[str, StringConstraints(min_length=1)]


class PricePoint(Authored):
    date: dt.date
    price: Money


class Promotion(Authored):
    label: Text
    price: Money
    starts: UtcDatetime
    ends: UtcDatetime

    @model_validator(mode="after")
    def _window(self) -> "Promotion":
        if self.ends <= self.starts:
            raise ValueError(f"promotion ends ({self.ends.isoformat()}) before it starts ({self.starts.isoformat()})")
        return self


class Product(Authored):
    sku: Annotated[str, StringConstraints(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    name: Text
    brand: str | None = None
    category: Annotated[str, StringConstraints(min_length=1, to_lower=True)]
    price: Money
    list_price: Money | None = None
    price_history: list[PricePoint] = []
    inventory: Annotated[int, Field(ge=0)] | None = None
    promotion: Promotion | None = None
    facts: dict[str, FactValue] = {}
    claims: list[Text] = []
    certifications: list[Text] = []
    aliases: list[Text] = []
    url: str | None = None
    audience: Text | None = None  # "anyone who wants real coffee on the road": said as "It's made for ..."

    @field_validator("price_history")
    @classmethod
    def _history_in_order(cls, history: list[PricePoint]) -> list[PricePoint]:
        for before, after in zip(history, history[1:]):
            if after.date <= before.date:
                raise ValueError(f"price_history dates must increase: {after.date} comes after {before.date}")
        return history

    @model_validator(mode="after")
    def _history_ends_at_price(self) -> "Product":
        if self.price_history and abs(self.price_history[-1].price - self.price) > 0.005:
            raise ValueError(
                f"the newest price_history entry ({self.price_history[-1].price}) must equal price ({self.price}); "
                "otherwise the current price is ambiguous"
            )
        return self


class Catalog(Authored):
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    store: str | None = None
    timezone: str | None = None
    policies: dict[str, Text] = {}
    products: Annotated[list[Product], Field(min_length=1)]

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, name: str | None) -> str | None:
        if name is not None:
            try:
                ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                raise ValueError(f"unknown time zone {name!r}: use an IANA name such as America/New_York") from None
        return name

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        seen: dict[str, int] = {}
        problems: list[tuple[Loc, str]] = []
        for i, product in enumerate(self.products):
            if product.sku in seen:
                problems.append((("products", i, "sku"), f"duplicate SKU {product.sku!r} (first at products[{seen[product.sku]}])"))
            seen.setdefault(product.sku, i)
        return problems

    def product(self, sku: str) -> Product:
        for product in self.products:
            if product.sku == sku:
                return product
        raise KeyError(f"no product with SKU {sku!r} in the catalog")
