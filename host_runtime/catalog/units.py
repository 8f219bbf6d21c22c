"""Quantities with units, normalised so "8 oz" and "237 ml" or "400 °F" and "204 °C" compare.

Catalog facts are free text ("8 oz", "40-100 °C", "12 hours"); claims in speech use other
units. pint knows the units and converts; this module finds them in text and names the
dimension each is compared in. Percentages, IU and colour temperature ("2700 K") are not
physical quantities pint should convert, so they stay as said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pint

from ..models import Product

_UREG = pint.UnitRegistry()
_UREG.define("jin = 500 * gram")  # 斤, the market weight Chinese speech and labels use ("一斤装" is 500 g)

#: pint dimensionality -> (the name a claim and a fact compare under, the unit values are kept in)
_DIMENSIONS = {
    "[length] ** 3": ("volume_ml", "milliliter"),
    "[length] ** 2": ("area_m2", "meter ** 2"),  # a room a humidifier or a heater covers ("400 sq ft", "37 m²")
    "[mass]": ("mass_g", "gram"),
    "[time]": ("time_s", "second"),
    "[length]": ("length_mm", "millimeter"),
    "[length] ** 2": ("area_m2", "meter ** 2"),  # a heater's or purifier's room size ("适用15到20平方米")
    "[current] * [time]": ("charge_mah", "milliampere_hour"),
    "[mass] * [length] ** 2 / [time] ** 3": ("power_w", "watt"),
    "[temperature]": ("temperature_c", "degree_Celsius"),
    "[mass] / [length] / [time] ** 2": ("pressure_pa", "pascal"),  # a vacuum's suction ("16000帕", "16 kPa")
    "dimensionless": ("data_b", "byte"),  # pint counts bits and bytes without a dimension; no other unit here has none
}
#: spellings pint does not read as meant: "fl oz", "kw", "°F"; "oz" is a volume unless the fact is a weight
_PINT_NAMES = {"fl oz": "fluid_ounce", "fluid ounce": "fluid_ounce", "fluid ounces": "fluid_ounce", "w": "watt",
               "kw": "kilowatt", "mah": "milliampere_hour", "°c": "degree_Celsius", "c": "degree_Celsius",
               "celsius": "degree_Celsius", "degrees c": "degree_Celsius", "degrees celsius": "degree_Celsius",
               "°f": "degree_Fahrenheit", "f": "degree_Fahrenheit", "fahrenheit": "degree_Fahrenheit",
               "degrees f": "degree_Fahrenheit", "degrees fahrenheit": "degree_Fahrenheit",
               # units as a Chinese catalog writes them ("500毫升", "12小时")
               "毫升": "milliliter", "升": "liter", "毫克": "milligram", "克": "gram", "千克": "kilogram",
               "公斤": "kilogram", "小时": "hour", "个小时": "hour", "分钟": "minute", "秒": "second", "天": "day",
               "瓦": "watt", "千瓦": "kilowatt", "毫安时": "milliampere_hour", "毫米": "millimeter", "厘米": "centimeter",
               "米": "meter", "平方米": "meter ** 2", "平米": "meter ** 2", "斤": "jin", "℃": "degree_Celsius", "帕": "pascal", "千帕": "kilopascal", "pa": "pascal", "kpa": "kilopascal",
               # storage, as spoken too ("sixty-four gigs")
               "gb": "gigabyte", "gig": "gigabyte", "gigs": "gigabyte", "tb": "terabyte", "mb": "megabyte",
               # as German and French speech says them ("fünfundzwanzig Milligramm", "bei sechzig Grad")
               "milligramm": "milligram", "gramm": "gram", "kilogramm": "kilogram", "zentimeter": "centimeter",
               "milligramme": "milligram", "milligrammes": "milligram", "gramme": "gram", "grammes": "gram",
               "kilogramme": "kilogram", "kilogrammes": "kilogram", "centimètre": "centimeter", "centimètres": "centimeter",
               "millimètre": "millimeter", "millimètres": "millimeter", "mètre": "meter", "mètres": "meter",
               "grad": "degree_Celsius", "degrés": "degree_Celsius",
               # durations as German, French, Italian and Chinese speech says them ("achtundvierzig Stunden", "七天",
               # "一个星期"); singular "ora" is left out, it is also "now"
               "stunden": "hour", "stunde": "hour", "std": "hour", "minuten": "minute", "sekunden": "second", "tage": "day",
               "tagen": "day", "tag": "day", "wochen": "week", "woche": "week", "heures": "hour", "heure": "hour",
               "jours": "day", "jour": "day", "semaines": "week", "semaine": "week", "ore": "hour", "giorni": "day",
               "giorno": "day", "minuti": "minute", "settimane": "week", "settimana": "week", "个星期": "week", "星期": "week",
               "个礼拜": "week", "week": "week", "weeks": "week",
               # as Spanish, Italian and Dutch speech says them ("veinticinco kilos", "fino a 25 chili", "vijftig centimeter")
               "gramos": "gram", "kilos": "kilogram", "kilo": "kilogram", "kilogramos": "kilogram", "litros": "liter", "litro": "liter",
               "centímetros": "centimeter", "centimetros": "centimeter", "milímetros": "millimeter", "metros": "meter",
               "grammi": "gram", "chili": "kilogram", "chilo": "kilogram", "chilogrammi": "kilogram", "litri": "liter",
               "centimetri": "centimeter", "millimetri": "millimeter", "metri": "meter", "zentimetern": "centimeter",
               "horas": "hour", "minutos": "minute", "días": "day", "semanas": "week",
               "uur": "hour", "uren": "hour", "dagen": "day", "weken": "week",
               # as Polish and Portuguese speech and catalogs say them ("do 12 godzin", "dwadzieścia watów", "duzentos gramas")
               "godzin": "hour", "godziny": "hour", "godzina": "hour", "godzinę": "hour", "minut": "minute", "minuty": "minute",
               "dni": "day", "dzień": "day", "tygodni": "week", "tygodnie": "week", "wat": "watt", "waty": "watt", "watów": "watt",
               "gram": "gram", "gramy": "gram", "gramów": "gram", "kilogramów": "kilogram", "kilogramy": "kilogram",
               "litr": "liter", "litry": "liter", "litrów": "liter", "litra": "liter", "centymetrów": "centimeter",
               "centymetry": "centimeter", "milimetrów": "millimeter", "metrów": "meter", "mikrogramów": "microgram",
               "miligramów": "milligram", "gramas": "gram", "quilos": "kilogram", "quilo": "kilogram", "quilogramas": "kilogram",
               "mililitros": "milliliter", "dias": "day", "litro": "liter",
               # areas ("up to 400 sq ft", "37 m²", "trinta metros quadrados")
               "sq ft": "foot ** 2", "sq. ft.": "foot ** 2", "square feet": "foot ** 2", "square foot": "foot ** 2",
               "m²": "meter ** 2", "m2": "meter ** 2", "square meters": "meter ** 2", "square metres": "meter ** 2",
               "quadratmeter": "meter ** 2", "mètres carrés": "meter ** 2", "metri quadrati": "meter ** 2",
               "metros cuadrados": "meter ** 2", "metros quadrados": "meter ** 2", "metrów kwadratowych": "meter ** 2",
               # inches and micrograms as catalogs and speech abroad write them ("2,4 cala", "2,4 pouces", "450 µg")
               "cala": "inch", "cali": "inch", "pouce": "inch", "pouces": "inch", "zoll": "inch", "pollici": "inch", "pollice": "inch",
               "pulgadas": "inch", "polegadas": "inch", "µg": "microgram", "μg": "microgram", "mcg": "microgram",
               "microgram": "microgram", "micrograms": "microgram", "mikrogramm": "microgram", "microgrammes": "microgram",
               "microgrammi": "microgram", "microgramos": "microgram", "microgramas": "microgram"}
_PLAIN = {"%": "percent", "percent": "percent", "per cent": "percent", "prozent": "percent", "pour cent": "percent",
          "per cento": "percent", "por ciento": "percent", "iu": "iu", "国际单位": "iu", "k": "colour_k", "kelvin": "colour_k",
          "db": "db", "分贝": "db", "decibels": "db"}
_OUNCES = {"oz", "ounce", "ounces"}
#: the unit words a quantity in speech or a fact may carry
_SPOKEN = [
    "ml", "milliliter", "milliliters", "millilitre", "millilitres", "l", "liter", "liters", "litre", "litres",
    "qt", "quart", "quarts", "gal", "gallon", "gallons", "s", "sec", "secs", "second", "seconds", "min", "mins",
    "minute", "minutes", "h", "hr", "hrs", "hour", "hours", "day", "days", "watt", "watts", "kilowatt", "kilowatts",
    "mg", "milligram", "milligrams", "g", "gram", "grams", "kg", "kilogram", "kilograms", "lb", "lbs", "pound", "pounds",
    "mm", "millimeter", "millimeters", "millimetre", "millimetres", "cm", "centimeter", "centimeters", "centimetre",
    "centimetres", "m", "meter", "meters", "metre", "metres", "in", "inch", "inches", "ft", "foot", "feet",
    "gigabyte", "gigabytes", "terabyte", "terabytes", "megabyte", "megabytes",
    *_PINT_NAMES, *_PLAIN, *_OUNCES,
]

_UNIT_ALT = "|".join(sorted((re.escape(u) for u in _SPOKEN), key=len, reverse=True))
#: "1,000" groups thousands; "0,3 %" and "5,8 kg" (one or two digits after the comma) are European decimals
_NUM = r"\d+,\d{1,2}(?![\d,])|\d+(?:,\d{3})*(?:\.\d+)?"
QUANTITY_RE = re.compile(
    rf"(?P<low>{_NUM})(?:\s*(?:-|–|to|到|至|~|bis|à|a|hasta|tot)\s*(?P<high>{_NUM}))?(?:\s*|-)(?:(?:full|whole)\s+)?(?P<unit>{_UNIT_ALT})(?!(?<=[A-Za-z])[^\W\d_]|[²³]|[23]\b|(?<=[hH])\s?\d{{2}}\b|(?-i:(?<=\sw))\s+[^\W_])",
    re.IGNORECASE)  # "2.9 m²" is an area, "12 Lüftungsöffnungen" a count, "23 h 59" a clock, "3C认证" a certification,
    # "5 w 389 opiniach" the Polish "in" (watts are "W", or "w" at the end);
    # "a 10-inch screen" is a length
_COUNT_RE = re.compile(rf"^\s*(?P<n>{_NUM})(?:\s+(?P<word>[a-z][a-z -]*))?\s*$", re.IGNORECASE)

MASS_HINTS = ("weight", "mass", "net_wt", "protein", "sugar", "fat", "carb")


@dataclass(frozen=True)
class Quantity:
    """A value in its dimension's unit (ml, s, °C, W, g, mm, mAh, %, IU, K, or a count)."""

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
        # each bound keeps its own rounding: "95到185厘米" does not stretch 55 mm below 95 cm
        return lo - rel * max(abs(lo), abs(olo), 1e-9) <= olo and ohi <= hi + rel * max(abs(hi), abs(ohi), 1e-9)


def _num(text: str) -> float:
    if re.fullmatch(r"\d+,\d{1,2}", text):
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


@cache
def _unit(said: str, hint: str) -> tuple[pint.Unit | None, str, str]:
    """(pint unit or None for a plain one, dimension, unit values are kept in) for a spoken unit."""
    word = said.lower()
    if word in _PLAIN:
        return None, _PLAIN[word], ""
    if word in _OUNCES:
        name = "ounce" if hint == "mass" else "fluid_ounce"
    else:
        name = _PINT_NAMES[word] if word in _PINT_NAMES else said if said in _UREG else word  # pint cannot parse "℃"
    unit = _UREG.parse_units(name)
    dimension, base = _DIMENSIONS[str(_UREG.get_dimensionality(unit))]
    return unit, dimension, base


def _convert(value: float, said: str, hint: str) -> tuple[float, str]:
    unit, dimension, base = _unit(said, hint)
    if unit is None:
        return value, dimension
    return float(_UREG.Quantity(value, unit).to(base).magnitude), dimension


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
        # "runtime_low_hours: 40", "weight_g: 340": the unit is the last word of the name
        unit = name.rsplit("_", 1)[-1] if "_" in name else ""
        measured = parse_quantity(f"{value:g} {unit}", dimension_hint(name)) if unit else None
        if measured is not None and not measured.dimension.startswith("count") and measured.text.endswith(unit):
            return measured
        return Quantity(float(value), "count", text=str(value))
    return parse_quantity(value, dimension_hint(name))
