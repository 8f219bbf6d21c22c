"""Text normalisation shared by the guard and comment triage.

Speech says "forty-nine ninety-nine"; a comment hides "ignore" behind Cyrillic letters or
zero-width spaces. Checks work on one normalised form and report spans in the original, so
every normalisation here keeps a map back to the caller's characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u00ad\u180e"))

#: look-alike letters (Cyrillic, Greek, fullwidth handled by NFKC) folded to Latin
HOMOGLYPHS = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "ԁ": "d", "ɡ": "g", "һ": "h", "к": "k", "м": "m", "т": "t", "в": "b", "н": "h", "ո": "n", "ӏ": "l",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
    "α": "a", "ο": "o", "ε": "e", "ι": "i", "κ": "k", "ν": "v", "ρ": "p", "τ": "t", "υ": "u", "χ": "x",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})


_LOOKALIKES = "".join(chr(c) for c in HOMOGLYPHS)
_LATIN = re.compile(r"[a-zA-Z]")
_LOOKALIKE = re.compile(f"[{_LOOKALIKES}]")


def _fold_mixed(match: re.Match[str]) -> str:
    word = match.group(0)
    return word.translate(HOMOGLYPHS) if _LATIN.search(word) and _LOOKALIKE.search(word) else word


def sanitise(text: str) -> str:
    """Strip zero-width and control characters, apply NFKC and fold homoglyphs to Latin.

    Only words that mix Latin letters with look-alikes are folded: "рrісе" hides "price",
    while a real Russian or Greek word is left as written."""
    text = unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH)
    text = "".join(ch if ch in "\t " or unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return re.sub(r"\w+", _fold_mixed, text)


_ONES = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
_SCALES = {"hundred": 100, "thousand": 1000}
_ANY_NUMBER = "|".join([*_TENS, *_ONES, *_SCALES])
_NUMBER_RUN = re.compile(rf"\b(?:{_ANY_NUMBER})(?:(?:[\s-]+and)?[\s-]+(?:{_ANY_NUMBER}))*\b", re.IGNORECASE)


def _compounds(tokens: list[str]) -> list[int]:
    """Split a run of number words into spoken groups: "forty nine ninety nine" -> [49, 99]."""
    groups: list[int] = []
    current: int | None = None
    last = ""
    for tok in tokens:
        if tok in _TENS or (tok in _ONES and _ONES[tok] >= 10):
            if current is not None:
                groups.append(current)
            current, last = _TENS.get(tok, _ONES.get(tok, 0)), "tens"
        elif tok in _ONES:
            if current is not None and last == "tens" and current % 10 == 0 and current >= 20:
                current += _ONES[tok]
            else:
                if current is not None:
                    groups.append(current)
                current = _ONES[tok]
            last = "ones"
    if current is not None:
        groups.append(current)
    return groups


def _run_value(run: str) -> str:
    tokens = [t for t in re.split(r"[\s-]+", run.lower()) if t and t != "and"]
    if any(t in _SCALES for t in tokens):
        total = current = 0
        for tok in tokens:
            if tok == "hundred":
                current = (current or 1) * 100
            elif tok == "thousand":
                total, current = total + (current or 1) * 1000, 0
            else:
                current += _TENS.get(tok, _ONES.get(tok, 0))
        return str(total + current)
    groups = _compounds(tokens)
    if len(groups) == 2 and groups[1] >= 10:
        return f"{groups[0]}.{groups[1]:02d}"  # "forty-nine ninety-nine": how prices are spoken
    return " ".join(map(str, groups))


@dataclass(frozen=True)
class Normalised:
    """``text`` with numbers as digits; for each of its characters, the original span it came from."""

    original: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of ``text[start:end]``."""
        if end <= start:
            pos = self.starts[start] if start < len(self.starts) else len(self.original)
            return pos, pos
        return self.starts[start], self.ends[end - 1]


_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SCALES = {"十": 10, "百": 100, "千": 1000, "万": 10000}
#: Chinese units and measure words, spoken after a number, as the English the checks read
_CN_UNITS = {"小时": " hours", "个小时": " hours", "分钟": " minutes", "秒": " seconds", "天": " days", "美元": " dollars",
             "美金": " dollars", "块钱": " dollars", "块": " dollars", "元": " yuan", "欧元": " euros", "毫升": " ml",
             "升": " l", "千克": " kg", "公斤": " kg", "克": " g", "瓦": " W", "毫安时": " mAh", "毫安": " mAh", "倍": " times"}
_CN_MEASURE = "件台个人双瓶支套盒罐包只位单次折"
_CN_NUMBER = re.compile(rf"[零一二两三四五六七八九十百千万]+(?=[{_CN_MEASURE}]|{'|'.join(_CN_UNITS)})")
_CN_UNIT_AFTER_DIGIT = re.compile(rf"(?<=\d)\s*({'|'.join(sorted(_CN_UNITS, key=len, reverse=True))})")


def _cn_value(numeral: str) -> str:
    if all(ch in _CN_DIGITS for ch in numeral) and len(numeral) > 1:
        return "".join(str(_CN_DIGITS[ch]) for ch in numeral)  # 八五 (as in 八五折) -> 85
    total = section = digit = 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            total, section, digit = (total + section + digit) * 10000, 0, 0
        else:
            section += (digit or 1) * _CN_SCALES[ch]
            digit = 0
    return str(total + section + digit)


Spans = list[tuple[int, int]]


def _substitute(text: str, spans: Spans, rx: re.Pattern[str], value: Callable[[re.Match[str]], str]) -> tuple[str, Spans]:
    """Replace every match of ``rx`` by ``value(match)``; each new character maps to the whole
    original span it replaces."""
    out: list[str] = []
    new: Spans = []
    pos = 0
    for m in rx.finditer(text):
        repl = value(m)
        out.append(text[pos:m.start()])
        new.extend(spans[pos:m.start()])
        out.append(repl)
        new.extend([(spans[m.start()][0], spans[m.end() - 1][1])] * len(repl))
        pos = m.end()
    out.append(text[pos:])
    new.extend(spans[pos:])
    return "".join(out), new


#: "1,80 Meter", "1,5 l": a European decimal comma (no space after it, one or two digits, a unit next)
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?=\s?(?:[a-zA-Zµ°]|$))(?!\s?(?:and|or|und|oder|et|ou|y)\b)")
#: "half a liter" is a quantity (0.5 l); "half an hour" stays a duration and "half price" a discount
_HALF_UNIT = re.compile(r"\bhalf an? (?=(?:liter|litre|gallon|kilo(?:gram)?|kilogram|pound|meter|metre|mile|ounce|cup|pint|quart)s?\b)", re.I)
_TIMES_WORDS = {"twice": "2 times", "thrice": "3 times"}
_TIMES = re.compile(r"\b(?:twice|thrice)\b", re.I)


def normalise_numbers(text: str) -> Normalised:
    """Numbers as digits and units as the checks read them: "twelve hours" -> "12 hours",
    "forty-nine ninety-nine" -> "49.99" (two spoken groups in a row are a price),
    "二十四小时" -> "24 hours", "59美元" -> "59 dollars"."""
    body, spans = text, [(i, i + 1) for i in range(len(text))]
    body, spans = _substitute(body, spans, _DECIMAL_COMMA, lambda m: m.group(0).replace(",", "."))
    body, spans = _substitute(body, spans, _HALF_UNIT, lambda m: "0.5 ")
    body, spans = _substitute(body, spans, _TIMES, lambda m: _TIMES_WORDS[m.group(0).lower()])
    body, spans = _substitute(body, spans, _NUMBER_RUN, lambda m: _run_value(m.group(0)))
    body, spans = _substitute(body, spans, _CN_NUMBER, lambda m: _cn_value(m.group(0)))
    body, spans = _substitute(body, spans, _CN_UNIT_AFTER_DIGIT, lambda m: _CN_UNITS[m.group(1)] + " ")
    return Normalised(text, body, tuple(a for a, _ in spans), tuple(b for _, b in spans))


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def phrase_pattern(text: str) -> re.Pattern[str] | None:
    """A phrase as it may be spoken: its words in order, any punctuation or spacing between
    them, numbers read as digits ("Six one-touch presets" finds "6 one-touch presets")."""
    toks = words(normalise_numbers(text).text)
    return re.compile(r"\b" + r"\W+".join(map(re.escape, toks)) + r"\b", re.I) if toks else None


MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
#: a month as said or written: full name or abbreviation ("December", "Dec.", "Sept")
MONTH_WORD = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
              r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?![a-z])")
#: zone names a host may say after a clock time, as hours from UTC
ZONES = {"utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "wet": 0, "west": 1, "eet": 2, "eest": 3,
         "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7}
_ZONE = rf"(?:{'|'.join(sorted(ZONES, key=len, reverse=True))})(?![a-z])"
_AMPM = r"(?:[ap]\.\s?m\.|[ap]m(?![a-z]))"
#: "07:59", "7:59:59 pm UTC", "11 pm", "7.59 UTC" (spoken "seven fifty-nine UTC"), "December 2 at 7.59"
CLOCK_RE = re.compile(
    rf"(?<![\d.:,])(?P<h>[01]?\d|2[0-3])(?:(?P<sep>:)(?P<m>[0-5]\d)(?::[0-5]\d)?|\.(?P<m2>[0-5]\d)(?=\s*(?:{_AMPM}|{_ZONE}|o'?clock)))?"
    rf"(?(sep)|(?(m2)|(?=\s*(?:{_AMPM}|o'?clock))))"
    rf"(?:\s*(?P<ampm>{_AMPM}))?(?:\s*o'?clock)?(?:\s*(?P<zone>{_ZONE}))?(?![\d:])", re.I)
_DATED_CLOCK_RE = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+at\s+(?P<t>(?:[01]?\d|2[0-3])\.[0-5]\d)(?![\d.])", re.I)


@dataclass(frozen=True)
class Clock:
    hour: int  # 0-23
    minute: int
    zone: int | None  # hours from UTC, None when not said
    span: tuple[int, int]


def find_clocks(text: str) -> list[Clock]:
    """Clock times in ``text``: never money, never a quantity. A dotted time ("7.59") counts
    only with am/pm, a zone or "o'clock" after it, or a date before it ("December 2 at 7.59")."""
    out = []
    for m in CLOCK_RE.finditer(text):
        hour, minute = int(m["h"]), int(m["m"] or m["m2"] or 0)
        ampm = (m["ampm"] or "").lower().replace(".", "").replace(" ", "")
        if ampm and hour > 12:
            continue
        if ampm == "pm" and hour < 12:
            hour += 12
        elif ampm == "am" and hour == 12:
            hour = 0
        zone = ZONES[m["zone"].lower()] if m["zone"] else None
        out.append(Clock(hour, minute, zone, m.span()))
    for m in _DATED_CLOCK_RE.finditer(text):
        if not any(c.span[0] <= m.start("t") < c.span[1] for c in out):
            h, mi = m["t"].split(".")
            out.append(Clock(int(h), int(mi), None, m.span("t")))
    return sorted(out, key=lambda c: c.span)


_DURATION_UNITS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400, "week": 604800,
                   "sekunde": 1, "seconde": 1, "minuten": 60, "stunde": 3600, "heure": 3600, "tag": 86400, "tage": 86400,
                   "jour": 86400, "woche": 604800, "semaine": 604800}
_AMOUNT_WORDS = {"a": 1, "an": 1, "one": 1, "a few": 3, "few": 3, "a couple of": 2, "a couple": 2, "couple of": 2,
                 "une": 1, "un": 1, "eine": 1, "ein": 1, "einer": 1, "einem": 1, "quelques": 3, "ein paar": 3}
#: a stretch of time as said in English, German or French ("3 hours", "eine Stunde", "dans une heure")
_ONE_DURATION = (r"(?:(?:(?<![A-Za-z0-9.,])\d+|\b(?:a few|few|a couple(?: of)?|couple of|an?|une|un|eine[mr]?|ein paar|ein|quelques))\s*"
                 r"(?:weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|stunden?|minuten|sekunden?|tagen?|tage|wochen?"
                 r"|heures?|secondes?|jours?|semaines?)|(?<=next )(?:week|day|hour|minute))(?![a-z])")
DURATION_RE = re.compile(rf"{_ONE_DURATION}(?:\s*(?:,\s*(?:and\s+)?|\s+and\s+){_ONE_DURATION})*", re.I)
_DURATION_PART = re.compile(_ONE_DURATION, re.I)


@dataclass(frozen=True)
class Duration:
    """A spoken stretch of time, compound ones whole: "1 day and 11 hours"."""

    seconds: int
    unit: int  # seconds in its smallest unit: how precise it is
    parts: int  # 2 for "1 day and 11 hours"
    span: tuple[int, int]


def find_durations(text: str) -> list[Duration]:
    out = []
    for m in DURATION_RE.finditer(text):
        total, units = 0, []
        for part in _DURATION_PART.finditer(text, m.start(), m.end()):
            said = part.group(0).lower()
            unit = re.search(r"[a-z]+$", said).group(0)  # type: ignore[union-attr]
            amount = said[: -len(unit)].strip()
            units.append(_DURATION_UNITS.get(unit.rstrip("s")) or _DURATION_UNITS[unit.rstrip("ns")])
            total += (int(amount) if amount.isdigit() else _AMOUNT_WORDS.get(amount, 1)) * units[-1]
        out.append(Duration(total, min(units), len(units), m.span()))
    return out


#: a number or a vague count, in the languages the packs cover ("zweitausend", "des milliers")
_COUNTISH = (r"(?:\d[\d,.]*\+?|thousands|hundreds|millions|tons|dozens|tausende|hunderte|\w*tausend|\w*hundert"
             r"|milliers|centaines|millions|miles|cientos)")


@lru_cache(maxsize=512)
def phrase_regex(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive regex for a word list from a rule pack.

    Pack authors write plain phrases; ``*`` is a wildcard inside a word ("prevent*") and
    ``...`` allows up to four words in between ("prevent ... colds"); ``<n>`` is a number
    or a vague count ("<n> sold" matches "10,000 sold" and "thousands sold")."""
    alts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        parts = []
        for token in phrase.split(" "):
            if token == "...":
                parts.append(r"(?:\W+\w+){0,4}?")
            elif "<n>" in token:
                pre, post = (re.escape(x).replace(r"\*", r"\w*") for x in token.split("<n>", 1))
                parts.append(r"\W+" + pre + _COUNTISH + post)
            else:
                parts.append(r"\W+" + re.escape(token).replace(r"\*", r"\w*").replace(r"\ ", r"\W+"))
        body = "".join(parts)[3:]  # drop the first separator
        left = r"(?<!\w)" if phrase[:1].isascii() and (phrase[:1].isalnum() or phrase[:1] in "*<") else ""
        right = r"(?!\w)" if phrase[-1:].isascii() and (phrase[-1:].isalnum() or phrase[-1:] in "*.>") else ""
        alts.append(left + body + right)
    return re.compile("|".join(f"(?:{a})" for a in alts) or r"(?!x)x", re.IGNORECASE)
