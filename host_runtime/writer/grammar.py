"""Facts said the way people say them: each fact by its type (a quantity, a yes/no feature, a
count, a list), lists with their articles, and deadlines in the store's own time zone.

Why a module of its own: the data sheet read aloud ("Its capacity is 8 oz.") is what made the
host sound like a form. A fact is better said as what the product does with it ("it holds
8 oz"), several to a sentence. The phrases per fact name are reviewed data
(``fact_phrases.yaml``); names not listed there are phrased by their value's type.
Articles and plurals come from ``inflect``, clock times and zone names from ``babel``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from babel.dates import format_time, get_timezone_name

PHRASES_FILE = Path(__file__).with_name("fact_phrases.yaml")
#: fact names that read "it's <label>" (an adjective) rather than "it has <label>" (a feature)
ADJECTIVE_ENDINGS = ("free", "safe", "resistant", "proof", "friendly", "tested", "vegan", "cushioned", "insulated",
                     "compatible")
#: fact names whose value is a list of things in the box, said with their articles
CONTENTS_FACTS = ("includes", "contents", "in_the_box", "comes_with")
#: how a few common fact names are best named in answers ("the keep-warm time is 60 minutes")
LABELS = {"bpa_free": "BPA-free", "spf": "SPF rating", "anc": "ANC", "includes": "box contents",
          "keep_warm": "keep-warm time", "water_resistant": "water resistance", "vitamin_c": "vitamin C content",
          "vitamin_d3": "vitamin D3 per gummy", "age": "recommended age", "count": "count", "usb_c_port": "USB-C port",
          "third_party_tested": "third-party tested"}

@functools.cache
def inflector():  # type: ignore[no-untyped-def]
    """The English engine, made on first use: importing inflect takes 1.5 s (typeguard), which every
    command that never writes a line (lint, guard, audit verify) would otherwise pay."""
    import inflect

    return inflect.engine()


@functools.cache
def phrases() -> dict[str, dict[str, str | list[str]]]:
    with PHRASES_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


#: the last word of an adjective that joins the word before it: "fragrance-free", "dishwasher-safe"
_HYPHENATED = re.compile(r" (free|safe|friendly|proof)$")


def fact_label(name: str) -> str:
    label = LABELS.get(name, name.replace("_", " "))
    return _HYPHENATED.sub(r"-\1", label) if name not in LABELS else label


def is_adjective(name: str) -> bool:
    return name.endswith(ADJECTIVE_ENDINGS)


def spoken_list(items: list[str], articles: bool = False) -> str:
    """"a mug, a stirrer and 350 filters": items joined as said, each with its article when
    ``articles`` (a count or a plural needs none)."""
    if articles:
        items = [item if re.match(r"^(\d|a |an |the )", item) or is_plural(item) else inflector().a(item)
                 for item in items]
    return inflector().join(items, final_sep="") if len(items) > 1 else (items[0] if items else "")


def is_plural(noun: str) -> bool:
    """"voices", "keys", "box contents": a label said with "are" (not "fish" or "butter", which
    inflect reads as plurals too)."""
    last = noun.split()[-1]
    return last.endswith("s") and not last.endswith(("ss", "us")) and inflector().singular_noun(last) is not False


def split_list(text: str) -> list[str]:
    """"mug, stirrer and 350 filters" -> its items."""
    return [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", text) if p.strip()]


def fact_value(name: str, value: object) -> str:
    """A fact's value as spoken: lists joined, box contents with their articles (English ones only:
    "羊排1千克、羊腿肉1千克" is said as written, never "a 羊排…"), whole floats without ".0"."""
    if isinstance(value, list):
        return spoken_list([str(v) for v in value])
    if isinstance(value, str) and name in CONTENTS_FACTS and not re.search(r"[\u3400-\u9fff]", value):
        return spoken_list(split_list(value), articles=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def fact_phrase(name: str, value: object, round_no: int = 0, lang: str = "en") -> str | None:
    """What the product does with a fact, after "it": "holds {fact:capacity}", "is BPA-free",
    "has {fact:presets} presets"; where the phrases give several, the one for ``round_no``
    ("has a capacity of {fact:capacity}" the second time round). None for a feature it lacks:
    a pitch never lists what a product does not have (a viewer who asks gets a plain answer)."""
    said = fact_phrases(name, value, lang)
    return said[round_no % len(said)] if said else None


def fact_phrases(name: str, value: object, lang: str = "en") -> list[str]:
    """Every phrasing of a fact (see ``fact_phrase``); none for a feature the product lacks. In
    another language only the reviewed phrasings written in it (``zh:``): none where there are none."""
    slot = "{fact:" + name + "}"
    entry = phrases().get(name)
    if lang != "en":
        native = (entry or {}).get(lang)
        if native is None or value is False:
            return []
        return [s.replace("{value}", slot) for s in ([native] if isinstance(native, str) else native)]
    label = fact_label(name)
    if isinstance(value, bool):
        if not value:
            return []
        if entry and "feature" in entry:
            return [str(entry["feature"])]
        return [f"is {label}" if is_adjective(name) else f"has {inflector().a(label) if not is_plural(label) else label}"]
    if entry and "said" in entry:
        said = [entry["said"]] if isinstance(entry["said"], str) else entry["said"]
        return [s.replace("{value}", slot) for s in said]
    if isinstance(value, int):
        counted = label if label.endswith("s") else inflector().plural(label, value)
        return [f"has {slot} {counted}"]
    if isinstance(value, list):
        return [f"comes in {label} {slot}"]
    return [f"has {inflector().a(label)} of {slot}"]


def fact_leads(name: str, value: object) -> list[str]:
    """The words a fact's value may follow in a sentence: its phrasings ("weighs", "comes in
    at") and its label ("weight of", "weight is"). A draft that puts the value after anything
    else has bound it to the wrong words ("comes with 1 minute")."""
    label = fact_label(name)
    leads = [p.split("{")[0].strip() for p in fact_phrases(name, value) if "{" in p]
    return [lead for lead in leads if lead] + [f"{label} of", f"{label} is", f"{label} are"]


def join_phrases(parts: list[str], lang: str = "en") -> str:
    """"holds 8 oz, weighs 327 g and is BPA-free"; in Chinese, clauses after commas
    ("容量是500毫升，重量是350克")."""
    if lang == "zh":
        return "，".join(parts)
    return inflector().join(parts, final_sep="") if len(parts) > 1 else parts[0]


def zone_of(name: str | None) -> dt.tzinfo:
    return ZoneInfo(name) if name else dt.timezone.utc


#: zones without common letters, named as people there say them ("Beijing time", not Shanghai's)
_SPOKEN_ZONES = {"Asia/Shanghai": "Beijing time", "Asia/Chongqing": "Beijing time", "Asia/Urumqi": "Beijing time"}


def zone_abbreviation(at: dt.datetime) -> str:
    """"EST", "CET", "Beijing time": the name listeners (and the guard) read a clock time in. A zone
    with no common letters ("+0800") is named by its place ("Tokyo time"); "UTC" only for UTC, as
    it would name the wrong hour for a clock said in local time."""
    for locale in ("en_US", "en_GB"):
        name = get_timezone_name(at, width="short", locale=locale)
        if re.fullmatch(r"[A-Z]{2,5}", name):
            return name
    key = getattr(at.tzinfo, "key", None)
    if not key or key in ("UTC", "Etc/UTC"):
        return "UTC"
    return _SPOKEN_ZONES.get(key) or f"{key.rsplit('/', 1)[-1].replace('_', ' ')} time"


def spoken_clock(at: dt.datetime) -> str:
    """"11:59 pm", "7 am", "midnight"."""
    if at.hour == 0 and at.minute == 0:
        return "midnight"
    text = format_time(at, "h:mm a" if at.minute else "h a", locale="en_US")
    return text.replace("AM", "am").replace("PM", "pm")


def spoken_deadline(ends: dt.datetime, at: dt.datetime, zone: dt.tzinfo) -> str:
    """"Monday night, 11:59 pm EST", "tonight, 11:59 pm CET", "December 12, 6 pm EST": the day
    as people name it (tonight, tomorrow, a weekday within the week, else the date), then the
    minute it ends, rounded down, in the store's zone."""
    local_end = ends.astimezone(zone).replace(second=0, microsecond=0)
    local_now = at.astimezone(zone)
    days = (local_end.date() - local_now.date()).days
    night, early = local_end.hour >= 21, local_end.hour < 5  # 2:59 am Wednesday is "early Wednesday"
    # "tonight" and "tomorrow" only where the show's clock (UTC) agrees on what today is
    same_day = local_now.date() == at.astimezone(dt.timezone.utc).date()
    clock = f"{spoken_clock(local_end)} {zone_abbreviation(local_end)}"
    if days == 0 and not same_day:
        return clock  # a bare clock time is its next occurrence, whichever day a listener counts from
    if days == 0:
        day = "tonight" if night else "today"
    elif days == 1 and same_day:
        day = "tomorrow night" if night else "early tomorrow" if early else "tomorrow"
    elif 0 <= days < 6:
        weekday = local_end.strftime("%A")
        day = f"{weekday} night" if night else f"early {weekday}" if early else weekday
    else:
        day = f"{local_end.strftime('%B')} {local_end.day}"
    return f"{day}, {clock}"


def spoken_moment(when: dt.datetime, at: dt.datetime, zone: dt.tzinfo) -> str:
    """A deadline with its date as well, for answers: "Wednesday night, 11:59 pm CST (December 2)";
    a viewer asking "until when?" may count in days or in dates."""
    said = spoken_deadline(when, at, zone)
    date = spoken_date(when, zone)
    return said if date in said else f"{said} ({date})"


def spoken_date(when: dt.datetime, zone: dt.tzinfo) -> str:
    """"December 10": a start date, in the store's zone."""
    local = when.astimezone(zone)
    return f"{local.strftime('%B')} {local.day}"


def spoken_span(span: dt.timedelta) -> str:
    """A countdown rounded down, so the host never promises more time than is left."""
    minutes = int(span.total_seconds() // 60)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [(days, "day"), (hours, "hour")] if days else [(hours, "hour"), (mins, "minute")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " and ".join(words) or "less than a minute"
