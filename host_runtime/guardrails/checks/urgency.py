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
    r"\b(?:in|within|for|next|only|just|another|the next)\s+(?:the\s+next\s+)?(?P<n>\d+|an?|a few|few)\s*(?P<u>seconds?|minutes?|mins?|hours?|hrs?|days?)\b", re.I)
_DAY_RE = re.compile(
    rf"\b(?P<w>midnight|tonight|today|tomorrow(?: night)?|this weekend|end of (?:the )?day|"
    rf"(?:this |on )?(?:{'|'.join(_WEEKDAYS)})(?: night)?|"
    rf"(?:{'|'.join(_MONTHS)})[a-z]*\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?)\b", re.I)


class DeadlineParams(Params):
    deadline_phrases: list[str]  # words that announce a deadline ("ends", "only until", "today only")
    imminent_phrases: list[str]  # claims that the end is near ("last chance", "final hours")
    vague_phrases: list[str]  # urgency without a time ("hurry", "limited time")
    imminent_hours: float = 24  # "last chance" is fair this close to the end
    tolerance_hours: float = 12  # how far a stated day-level deadline may be from the true end


def _stated_end(text: str, at: dt.datetime) -> tuple[dt.datetime, float, tuple[int, int]] | None:
    """The moment a deadline phrase names, with its own tolerance in hours."""
    m = _RELATIVE_RE.search(text)
    if m:
        n_text = m["n"].lower()
        n = 1 if n_text in ("a", "an") else 3 if "few" in n_text else int(n_text)
        unit = m["u"].lower().rstrip("s")
        seconds = n * _UNIT_S[unit]
        return at + dt.timedelta(seconds=seconds), max(1.0, seconds / 3600 * 0.5), m.span()
    m = next((d for d in _DAY_RE.finditer(text) if not re.search(r"\b(?:black|cyber|small business)\s+$", text[:d.start()], re.I)), None)
    if not m:
        return None
    word = m["w"].lower()
    day = at.date()
    if word.startswith("tomorrow"):
        day += dt.timedelta(days=1)
    elif word == "this weekend":
        day += dt.timedelta(days=(6 - day.weekday()) % 7)
    elif any(word.replace("this ", "").replace("on ", "").startswith(w) for w in _WEEKDAYS):
        target = next(i for i, w in enumerate(_WEEKDAYS) if w in word)
        day += dt.timedelta(days=(target - day.weekday()) % 7)
    elif m["d"]:
        month = next(i for i, mo in enumerate(_MONTHS, 1) if word.startswith(mo))
        day = dt.date(at.year + (1 if month < at.month else 0), month, int(m["d"]))
    end = dt.datetime.combine(day, dt.time(23, 59, 59), at.tzinfo or dt.timezone.utc)
    return end, 0.0, m.span()


@check("deadline_claim", DeadlineParams)
def deadline_claim(s: Sentence, p: DeadlineParams) -> list[Finding]:
    product = s.product
    deadline = phrase_regex(tuple(p.deadline_phrases)).search(s.text)
    imminent = phrase_regex(tuple(p.imminent_phrases)).search(s.text)
    vague = phrase_regex(tuple(p.vague_phrases)).search(s.text)
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
    if stated is not None:
        when, tolerance, span = stated
        tolerance = max(tolerance, p.tolerance_hours if tolerance == 0 else tolerance)
        if abs((when - ends).total_seconds()) > tolerance * 3600:
            findings.append(Finding(span, f"states a deadline of {when.isoformat()}", evidence))
    elif imminent and state.time_left > dt.timedelta(hours=p.imminent_hours):
        findings.append(Finding(imminent.span(), f"says {imminent.group(0)!r} with {state.time_left} left", evidence))
    return findings
