"""Quantities with units, normalised so "8 oz" and "237 ml" or "400 °F" and "204 °C" compare.

Catalog facts are free text ("8 oz", "40-100 °C", "12 hours"); claims in speech use other
units. Both sides are parsed here into a base unit per dimension.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..models import Product

# unit spelling -> (dimension, factor to base unit); temperature is handled apart (offset)
_UNITS: dict[str, tuple[str, float]] = {}


def _add(dimension: str, factor: float, *names: str) -> None:
    for name in names:
        _UNITS[name] = (dimension, factor)


_add("volume_ml", 1, "ml", "milliliter", "milliliters", "millilitre", "millilitres")
_add("volume_ml", 1000, "l", "liter", "liters", "litre", "litres")
_add("volume_ml", 29.5735, "fl oz", "fluid ounce", "fluid ounces")
_add("volume_ml", 946.353, "qt", "quart", "quarts")
_add("volume_ml", 3785.41, "gal", "gallon", "gallons")
_add("time_s", 1, "s", "sec", "secs", "second", "seconds")
_add("time_s", 60, "min", "mins", "minute", "minutes")
_add("time_s", 3600, "h", "hr", "hrs", "hour", "hours")
_add("time_s", 86400, "day", "days")
_add("power_w", 1, "w", "watt", "watts")
_add("power_w", 1000, "kw", "kilowatt", "kilowatts")
_add("mass_g", 0.001, "mg", "milligram", "milligrams")
_add("mass_g", 1, "g", "gram", "grams")
_add("mass_g", 1000, "kg", "kilogram", "kilograms")
_add("mass_g", 453.592, "lb", "lbs", "pound", "pounds")
_add("length_mm", 1, "mm", "millimeter", "millimeters", "millimetre", "millimetres")
_add("length_mm", 10, "cm", "centimeter", "centimeters", "centimetre", "centimetres")
_add("length_mm", 1000, "m", "meter", "meters", "metre", "metres")
_add("length_mm", 25.4, "in", "inch", "inches")
_add("length_mm", 304.8, "ft", "foot", "feet")
_add("charge_mah", 1, "mah")
_add("percent", 1, "%", "percent", "per cent")
_add("iu", 1, "iu")
_add("colour_k", 1, "k", "kelvin")

OUNCE_ML, OUNCE_G = 29.5735, 28.3495
_TEMPS = {"°c": "c", "c": "c", "celsius": "c", "degrees c": "c", "degrees celsius": "c",
          "°f": "f", "f": "f", "fahrenheit": "f", "degrees f": "f", "degrees fahrenheit": "f"}

_UNIT_ALT = "|".join(sorted((re.escape(u) for u in [*_UNITS, *_TEMPS, "oz", "ounce", "ounces"]), key=len, reverse=True))
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
QUANTITY_RE = re.compile(
    rf"(?P<low>{_NUM})(?:\s*(?:-|–|to)\s*(?P<high>{_NUM}))?\s*(?P<unit>{_UNIT_ALT})(?![a-z])", re.IGNORECASE)
_COUNT_RE = re.compile(rf"^\s*(?P<n>{_NUM})(?:\s+(?P<word>[a-z][a-z -]*))?\s*$", re.IGNORECASE)

MASS_HINTS = ("weight", "mass", "net_wt", "protein", "sugar", "fat", "carb")


@dataclass(frozen=True)
class Quantity:
    """A value in its dimension's base unit (ml, s, °C, W, g, mm, mAh, %, IU, K, or a count)."""

    value: float
    dimension: str
    high: float | None = None  # for ranges such as "40-100 °C"
    text: str = ""

    def matches(self, other: "Quantity", rel: float = 0.03) -> bool:
        """Same dimension and equal within rounding (or inside this quantity's range)."""
        if self.dimension != other.dimension:
            return False
        lo, hi = self.value, self.high if self.high is not None else self.value
        olo, ohi = other.value, other.high if other.high is not None else other.value
        slack = rel * max(abs(hi), abs(ohi), 1e-9)
        return lo - slack <= olo and ohi <= hi + slack


def _num(text: str) -> float:
    return float(text.replace(",", ""))


def _convert(value: float, unit: str, hint: str) -> tuple[float, str]:
    unit = unit.lower()
    if unit in _TEMPS:
        return ((value - 32) * 5 / 9, "temperature_c") if _TEMPS[unit] == "f" else (value, "temperature_c")
    if unit in ("oz", "ounce", "ounces"):
        return (value * OUNCE_G, "mass_g") if hint == "mass" else (value * OUNCE_ML, "volume_ml")
    dimension, factor = _UNITS[unit]
    return value * factor, dimension


def find_quantities(text: str, hint: str = "") -> list[tuple[Quantity, tuple[int, int]]]:
    """Every quantity with a unit in ``text``, with its character span."""
    out = []
    for m in QUANTITY_RE.finditer(text):
        low, dim = _convert(_num(m["low"]), m["unit"], hint)
        high = _convert(_num(m["high"]), m["unit"], hint)[0] if m["high"] else None
        out.append((Quantity(low, dim, high, m.group(0)), m.span()))
    return out


def parse_quantity(text: str, hint: str = "") -> Quantity | None:
    """The quantity a fact value states: "8 oz", "40-100 °C", "120", "60 gummies"."""
    found = find_quantities(text, hint)
    if found:
        return found[0][0]
    m = _COUNT_RE.match(text)
    if m:
        word = (m["word"] or "").strip().lower().rstrip("s")
        return Quantity(_num(m["n"]), f"count:{word}" if word else "count", text=text)
    return None


def dimension_hint(fact_name: str) -> str:
    return "mass" if any(h in fact_name.lower() for h in MASS_HINTS) else ""


def fact_quantity(product: Product, name: str) -> Quantity | None:
    """A fact as a quantity, or None when the fact is not a measurement."""
    value = product.facts.get(name)
    if isinstance(value, bool) or value is None or isinstance(value, list):
        return None
    if isinstance(value, (int, float)):
        return Quantity(float(value), "count", text=str(value))
    return parse_quantity(value, dimension_hint(name))
