"""Deadline claims against the promotion window.

With no active promotion, any deadline is false urgency. With one, a stated deadline must
land near the window's end, and "last chance" talk needs the end to be near.
"""

from __future__ import annotations

import datetime as dt
import re

from ...catalog import promotion_state
from ..text import phrase_regex
from . import Finding, Params, Sentence, check

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_UNIT_S = {"second": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400}

_RELATIVE_RE = re.compile(
    r"(?:\b(?:in|within|for|next|only|just|another|last)\s+(?:the\s+next\s+|the\s+)?|最后|还有|仅剩)(?P<n>\d+|an?|a few|few|a couple of)?\s*(?P<u>seconds?|minutes?|mins?|hours?|hrs?|days?)\b", re.I)
_DAY_RE = re.compile(
    rf"\b(?P<w>midnight|tonight|today|tomorrow(?: night)?|this weekend|end of (?:the )?day|"
    rf"(?:this |on )?(?:{'|'.join(_WEEKDAYS)})(?: night)?|"
    rf"(?:{'|'.join(_MONTHS)})[a-z]*\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)\b"
    r"|(?P<cn>今晚|今天|明天|明晚)|(?P<cm>\d{1,2})月(?P<cd>\d{1,2})[日号]", re.I)


class DeadlineParams(Params):
    deadline_phrases: list[str]  # words that announce a deadline ("ends", "only until", "today only")
    imminent_phrases: list[str]  # claims that the end is near ("last chance", "final hours")
    vague_phrases: list[str]  # urgency without a time ("hurry", "limited time")
    exceptions: list[str] = []  # wording that denies urgency or speaks of the past ("no need to hurry", "has ended")
    imminent_hours: float = 24  # "last chance" is fair this close to the end
    tolerance_hours: float = 12  # how far a stated day-level deadline may be from the true end


def _stated_end(text: str, at: dt.datetime) -> tuple[dt.datetime, dt.datetime, tuple[int, int]] | None:
    """The earliest and latest moment a deadline phrase can mean: a duration from now (give or
    take half of it), or a calendar day in any viewer's time zone."""
    m = _RELATIVE_RE.search(text)
    if m:
        n_text = (m["n"] or "1").lower()
        n = 1 if n_text in ("a", "an") else 3 if "few" in n_text else int(n_text)
        unit = m["u"].lower().rstrip("s")
        seconds = n * _UNIT_S[unit]
        slack = dt.timedelta(seconds=max(3600, seconds * 0.5))
        return at + dt.timedelta(seconds=seconds) - slack, at + dt.timedelta(seconds=seconds) + slack, m.span()
    m = next((d for d in _DAY_RE.finditer(text) if not re.search(r"\b(?:black|cyber|small business)\s+$", text[:d.start()], re.I)), None)
    if not m:
        return None
    word = (m["w"] or m["cn"] or "").lower()
    day = at.date()
    if m["cm"]:
        month = int(m["cm"])
        day = dt.date(at.year + (1 if month < at.month else 0), month, int(m["cd"]))
    elif word.startswith("tomorrow") or word.startswith("明"):
        day += dt.timedelta(days=1)
    elif word == "this weekend":
        day += dt.timedelta(days=(6 - day.weekday()) % 7)
    elif any(word.replace("this ", "").replace("on ", "").startswith(w) for w in _WEEKDAYS):
        target = next(i for i, w in enumerate(_WEEKDAYS) if w in word)
        day += dt.timedelta(days=(target - day.weekday()) % 7)
    elif m["d"]:
        month = next(i for i, mo in enumerate(_MONTHS, 1) if word.startswith(mo))
        day = dt.date(at.year + (1 if month < at.month else 0), month, int(m["d"]))
    zone = at.tzinfo or dt.timezone.utc
    start = dt.datetime.combine(day, dt.time(), zone) - dt.timedelta(hours=14)  # the day begins first at UTC+14
    end = dt.datetime.combine(day, dt.time(23, 59, 59), zone) + dt.timedelta(hours=12)  # and ends last at UTC-12
    return start, end, m.span()


@check("deadline_claim", DeadlineParams)
def deadline_claim(s: Sentence, p: DeadlineParams) -> list[Finding]:
    product = s.product
    allowed = [m.span() for m in phrase_regex(tuple(p.exceptions)).finditer(s.text)] if p.exceptions else []

    def find(phrases: list[str]) -> re.Match[str] | None:
        return next((m for m in phrase_regex(tuple(phrases)).finditer(s.text)
                     if not any(a <= m.start() < b for a, b in allowed)), None)

    deadline, imminent, vague = find(p.deadline_phrases), find(p.imminent_phrases), find(p.vague_phrases)
    first = deadline or imminent or vague
    if first is None:
        return []
    if product is None:
        return [Finding(first.span(), f"urgency ({first.group(0)!r}) with no product whose promotion could support it",
                        "no product named and no segment product")]
    state = promotion_state(product, s.at)
    if not state.active or state.promotion is None or state.time_left is None:
        return [Finding(first.span(), f"urgency ({first.group(0)!r}) but no promotion is running",
                        f"{product.sku}: promotion {state.status}" +
                        (f" ({state.promotion.label}, {state.promotion.starts.isoformat()} to {state.promotion.ends.isoformat()})" if state.promotion else ""))]
    ends = state.promotion.ends
    evidence = f"{product.sku}: {state.promotion.label} ends {ends.isoformat()} ({state.time_left} from {s.at.isoformat()})"
    findings = []
    stated = _stated_end(s.text, s.at) if deadline or imminent else None
    if stated is not None and stated[1] < s.at:
        stated = None  # a date in the past ("it was $49.95 until November 20th") is history, not a deadline
    if stated is not None:
        earliest, latest, span = stated
        slack = dt.timedelta(hours=p.tolerance_hours)
        if not earliest - slack <= ends <= latest + slack:
            findings.append(Finding(span, f"states a deadline between {earliest.isoformat()} and {latest.isoformat()}", evidence))
    elif imminent and state.time_left > dt.timedelta(hours=p.imminent_hours):
        findings.append(Finding(imminent.span(), f"says {imminent.group(0)!r} with {state.time_left} left", evidence))
    return findings
