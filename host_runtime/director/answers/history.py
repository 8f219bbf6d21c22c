"""Past prices ("was it cheaper last week?", "what did it cost in October?") from price_history.

Why a module of its own: a past price said beside today's is a price comparison, which the law
of each place a show streams to governs. Where the price now is a reduction and the past price
is above the lowest lawful reference (EU, Directive 98/6/EC Art. 6a: the lowest price of the 30
days before the reduction), the past price is not said; the lawful reference is, in its own
words. A past price at or below today's is no reduction and is said as it was. Before the
catalog's first dated price, or with no price history at all, the catalog does not know.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass

from babel.dates import format_datetime, get_month_names

from ...catalog import reference_check
from ...catalog.prices import CENT, effective_price, price_windows, reduction_start
from ...writer.facts import Fact, FactSheet, money

_MONTHS = tuple(name.lower() for name in get_month_names("wide", locale="en").values())
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "a couple of": 2}
_AGO = re.compile(r"\b(\d+|a couple of|an?|one|two|three|four|five|six)\s+(day|week|month)s?\s+ago\b")
_LAST = {"yesterday": 1, "last week": 7, "last month": 30}
_WHEN = {"en": ("'on' MMMM d", "'in' MMMM"), "de": ("'am' d. MMMM", "'im' MMMM"),
         "fr": ("'le' d MMMM", "'en' MMMM"), "zh": ("M月d日", "M月")}
#: "back in the spring", "last winter": a season is its three months (the northern meteorological
#: seasons: spring from March 1, winter from December 1), said in each answer language
_SEASON = re.compile(r"\b(last|this|in|during)\s+(?:the\s+)?(spring|summer|fall|autumn|winter)\b")
_SEASON_START = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 12}
_SEASON_SAID = {"spring": {"en": "in the spring", "de": "im Frühling", "fr": "au printemps", "zh": "春天"},
                "summer": {"en": "in the summer", "de": "im Sommer", "fr": "en été", "zh": "夏天"},
                "fall": {"en": "in the fall", "de": "im Herbst", "fr": "en automne", "zh": "秋天"},
                "winter": {"en": "in the winter", "de": "im Winter", "fr": "en hiver", "zh": "冬天"}}


@dataclass(frozen=True)
class Past:
    """A past moment or month a question names, as [start, end) and said as a day or a month."""

    start: dt.datetime
    end: dt.datetime
    month: bool
    season: str | None = None  # "spring": said as the season, not as the month it starts in


def past_span(english: str, at: dt.datetime) -> Past | None:
    """The past time a question (read in English) names: "last week", "two weeks ago",
    "in October" (the latest October before this month), "back in the spring" (the latest spring);
    None if it names none."""
    text = english.lower()
    day = dt.timedelta(days=1)
    m = _AGO.search(text)
    if m:
        n = int(m[1]) if m[1].isdigit() else _COUNT[m[1]]
        days = n * {"day": 1, "week": 7, "month": 30}[m[2]]
        when = at - dt.timedelta(days=days)
        return Past(when, when + day, False)
    for phrase, days in _LAST.items():
        if re.search(rf"\b{phrase}\b", text):
            when = at - dt.timedelta(days=days)
            return Past(when, when + day, False)
    m = _SEASON.search(text)
    if m:
        return _season(m[2], at, before=m[1] == "last")
    m = re.search(rf"\b({'|'.join(_MONTHS)})\s+(\d{{1,2}})\b", text)
    if m:  # "last june 18" (618), "on november 11": the latest such day before now
        month, day_of = _MONTHS.index(m[1]) + 1, int(m[2])
        for year in (at.year, at.year - 1):
            try:
                when = dt.datetime(year, month, day_of, tzinfo=dt.timezone.utc)
            except ValueError:
                break
            if when + day <= at:
                return Past(when, when + day, False)
    for number, name in enumerate(_MONTHS, 1):
        if re.search(rf"\b{name}\b", text) and number != at.month:
            year = at.year if number < at.month else at.year - 1
            start = dt.datetime(year, number, 1, tzinfo=dt.timezone.utc)
            end = dt.datetime(year + number // 12, number % 12 + 1, 1, tzinfo=dt.timezone.utc)
            return Past(start, end, True)
    return None


def _season(name: str, at: dt.datetime, before: bool) -> Past:
    """The latest such season begun before ``at`` (up to ``at`` where it is still on), or with
    ``before`` ("last winter") the one before a season still on."""
    month = _SEASON_START[name]
    seasons = []
    for year in (at.year - 2, at.year - 1, at.year):
        start = dt.datetime(year, month, 1, tzinfo=dt.timezone.utc)
        end_month = month + 3
        end = dt.datetime(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1, tzinfo=dt.timezone.utc)
        if start < at:
            seasons.append((start, end))
    start, end = seasons[-2] if before and seasons[-1][1] > at else seasons[-1]
    return Past(start, end, True, "fall" if name == "autumn" else name)


def with_past_price(sheet: FactSheet, past: Past, lang: str) -> tuple[FactSheet, str] | None:
    """``sheet`` with the slots a past-price answer says, and the kind of answer: the prices of
    that time (``answer_past_price``, ``answer_past_same``), or where saying them would be an unlawful "was" price, the
    lawful reference (``answer_past_reference``: the EU's lowest price of the prior 30 days;
    ``answer_reference`` elsewhere). None where the catalog knows no price then, or no lawful
    way to compare it."""
    product, at = sheet.product, sheet.at
    if not product.price_history:
        return None
    first = dt.datetime.combine(product.price_history[0].date, dt.time(), dt.timezone.utc)
    if past.start < first:
        return None
    windows = sorted(price_windows(product, past.start, min(past.end, at)), key=lambda w: w.start)
    prices = list(dict.fromkeys(w.price for w in windows))
    if not prices:
        return None
    sku, now = product.sku, effective_price(product, at)
    out = copy.copy(sheet)
    out.slots = dict(sheet.slots)
    lawful = [reference_check(product, at, j).lawful_reference for j in sheet.jurisdictions]
    if reduction_start(product, at) is not None and max(prices) > now + CENT and \
            any(r is None or max(prices) > r + CENT for r in lawful):
        if "reference_price" not in sheet.slots:
            return None
        if "eu" not in sheet.jurisdictions:
            return out, "answer_reference"
        eu = reference_check(product, at, "eu").lawful_reference
        out.slots["eu_reference"] = Fact("eu_reference", money(sheet.catalog, eu if eu is not None else now),
                                         f"{sku}.price_history (eu reference rule)", "lowest price of the prior 30 days")
        return out, "answer_past_reference"
    fmt = _WHEN[lang][1 if past.month else 0]
    when = _SEASON_SAID[past.season][lang] if past.season else format_datetime(past.start, fmt, locale=lang)
    out.slots["past_when"] = Fact("past_when", when, f"{sku}.price_history", "when")
    out.slots["past_price"] = Fact("past_price", " / ".join(money(sheet.catalog, p) for p in prices),
                                   f"{sku}.price_history@{past.start.date()}", "past price")
    return out, "answer_past_same" if prices == [now] else "answer_past_price"
