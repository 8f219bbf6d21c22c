"""Catalog queries at the edges that matter: promotion boundaries and 30-day windows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from host_runtime.catalog import (
    ReferenceCheck, base_price, effective_price, fact_quantity, find_products, lowest_price, parse_quantity,
    promotion_state, reference_check, saving_check, stock_level,
)
from host_runtime.models import Catalog, Product, load_catalog

ROOT = Path(__file__).resolve().parents[1]
UTC = dt.timezone.utc


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture(scope="module")
def demo() -> Catalog:
    return load_catalog(ROOT / "product_catalog" / "demo.yaml")


def product(**fields: object) -> Product:
    base: dict[str, object] = {"sku": "T-1", "name": "Test Kettle", "category": "kitchen", "price": 40.0}
    return Product.model_validate(base | fields)


# --- promotion boundaries (AeroPress: Black Friday 34.95 from 2026-11-27T00:00Z to 2026-11-30T23:59:59Z)

@pytest.mark.parametrize("moment, price, status", [
    ("2026-11-26T23:59:59", 39.95, "upcoming"),
    ("2026-11-27T00:00:00", 34.95, "active"),
    ("2026-11-30T23:59:59", 34.95, "active"),
    ("2026-12-01T00:00:00", 39.95, "ended"),
])
def test_price_and_state_at_promotion_boundaries(demo: Catalog, moment: str, price: float, status: str) -> None:
    go = demo.product("AP-GO-01")
    assert effective_price(go, at(moment)) == price
    assert promotion_state(go, at(moment)).status == status


def test_time_left_counts_down_to_the_end(demo: Catalog) -> None:
    state = promotion_state(demo.product("AP-GO-01"), at("2026-11-30T23:00:00"))
    assert state.time_left == dt.timedelta(minutes=59, seconds=59)
    upcoming = promotion_state(demo.product("CS-SER-04"), at("2026-12-09T00:00:00"))
    assert upcoming.status == "upcoming" and upcoming.time_left == dt.timedelta(days=1)


def test_product_without_promotion_has_none(demo: Catalog) -> None:
    assert promotion_state(demo.product("KT-KET-02"), at("2026-11-29T12:00:00")).status == "none"


def test_base_price_follows_history_by_date(demo: Catalog) -> None:
    go = demo.product("AP-GO-01")
    assert base_price(go, at("2026-11-19T23:59:59")) == 49.95
    assert base_price(go, at("2026-11-20T00:00:00")) == 39.95
    assert base_price(go, at("2026-01-01T00:00:00")) == 49.95  # before the history: earliest known


# --- reference prices and 30-day windows

def test_eu_reference_is_lowest_price_of_30_days_before_the_reduction(demo: Catalog) -> None:
    """AeroPress dropped to 39.95 a week before Black Friday: "was 49.95" fails in the EU."""
    go = demo.product("AP-GO-01")
    check = reference_check(go, at("2026-11-29T12:00:00"), "eu")
    assert check.reduction_start == at("2026-11-27T00:00:00")
    assert check.claimed == 49.95 and check.lawful_reference == 39.95 and not check.lawful
    assert reference_check(go, at("2026-11-29T12:00:00"), "eu", claimed=39.95).lawful


def test_us_reference_needs_a_price_offered_for_a_substantial_period(demo: Catalog) -> None:
    go = demo.product("AP-GO-01")
    assert reference_check(go, at("2026-11-29T12:00:00"), "us").lawful  # 49.95 held for months
    buds = demo.product("EL-BUD-10")  # raised to 99.99 only 17 days before Black Friday
    check = reference_check(buds, at("2026-11-29T12:00:00"), "us", claimed=99.99)
    assert not check.lawful and check.lawful_reference == 79.99


def test_window_edges_at_exactly_30_days() -> None:
    """A price that ended exactly 30 days before the reduction is outside the window; one day later it is in."""
    p = product(price=30.0, price_history=[{"date": "2026-01-01", "price": 20.0}, {"date": "2026-10-01", "price": 50.0},
                                           {"date": "2026-11-01", "price": 30.0}])
    assert lowest_price(p, at("2026-10-02T00:00:00"), at("2026-11-01T00:00:00")) == 50.0
    assert lowest_price(p, at("2026-09-30T00:00:00"), at("2026-11-01T00:00:00")) == 20.0
    assert reference_check(p, at("2026-11-05T00:00:00"), "eu", claimed=50.0).lawful
    q = product(price=30.0, price_history=[{"date": "2026-01-01", "price": 20.0}, {"date": "2026-10-03", "price": 50.0},
                                           {"date": "2026-11-01", "price": 30.0}])
    assert not reference_check(q, at("2026-11-05T00:00:00"), "eu", claimed=50.0).lawful


def test_earlier_promotion_counts_as_a_price_applied_in_the_window() -> None:
    p = product(price=40.0, price_history=[{"date": "2026-01-01", "price": 60.0}, {"date": "2026-11-20", "price": 40.0}],
                promotion={"label": "Flash", "price": 35.0, "starts": "2026-11-01T00:00:00Z", "ends": "2026-11-02T00:00:00Z"})
    check = reference_check(p, at("2026-11-25T00:00:00"), "eu", claimed=60.0)
    assert not check.lawful and check.lawful_reference == 35.0


def test_cn_uses_seven_days() -> None:
    p = product(price=40.0, price_history=[{"date": "2026-01-01", "price": 45.0}, {"date": "2026-11-10", "price": 60.0},
                                           {"date": "2026-11-20", "price": 40.0}])
    now = at("2026-11-21T00:00:00")
    assert reference_check(p, now, "cn", claimed=60.0).lawful  # 60 for the whole 7 days before
    assert not reference_check(p, now, "eu", claimed=60.0).lawful  # 45 within 30 days


def test_saving_claims(demo: Catalog) -> None:
    go, now = demo.product("AP-GO-01"), at("2026-11-29T12:00:00")
    assert saving_check(go, now, "us", percent=30).lawful  # 49.95 -> 34.95 is 30%
    eu = saving_check(go, now, "eu", percent=30)
    assert isinstance(eu, ReferenceCheck) and not eu.lawful and round(eu.max_percent, 1) == 12.5
    assert saving_check(go, now, "eu", amount=5.0).lawful
    assert not saving_check(demo.product("KT-KET-02"), now, "us", percent=10).lawful  # not reduced at all


def test_stock_levels(demo: Catalog) -> None:
    assert stock_level(demo.product("CS-SPF-05")).status == "out_of_stock"
    assert stock_level(demo.product("EL-BUD-10")).units == 3 and stock_level(demo.product("EL-BUD-10")).status == "low"
    assert stock_level(demo.product("SP-VD3-06")).status == "in_stock"
    assert stock_level(product()).status == "unknown"


@pytest.mark.parametrize("a, b, same", [
    ("8 oz", "237 ml", True), ("8 oz", "300 ml", False), ("4 qt", "3.8 L", True), ("400 °F", "204 °C", True),
    ("12 hours", "720 minutes", True), ("12 hours", "24 h", False), ("1200 W", "1.2 kW", True),
    ("2 lb", "907 g", True), ("40-100 °C", "90 °C", True), ("40-100 °C", "110 °C", False), ("190 g", "190 ml", False),
])
def test_units_normalise(a: str, b: str, same: bool) -> None:
    hint = "mass" if "lb" in a else ""
    qa, qb = parse_quantity(a, hint), parse_quantity(b, hint)
    assert qa is not None and qb is not None
    assert qa.matches(qb) is same


def test_fact_quantities_use_the_fact_name_for_ounces(demo: Catalog) -> None:
    go = demo.product("AP-GO-01")
    assert fact_quantity(go, "capacity").dimension == "volume_ml"  # type: ignore[union-attr]
    assert fact_quantity(demo.product("SP-WHEY-07"), "weight").dimension == "mass_g"  # type: ignore[union-attr]
    assert fact_quantity(go, "bpa_free") is None


def test_products_found_by_name_brand_and_alias(demo: Catalog) -> None:
    assert [p.sku for p in find_products(demo, "do the Pulse Buds have ANC?")][:1] == ["EL-BUD-10"]
    assert [p.sku for p in find_products(demo, "is the air fryer dishwasher safe")] == ["KT-AF-03"]
    assert find_products(demo, "hello everyone") == []
