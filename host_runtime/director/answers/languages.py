"""An answer said in the viewer's language (German, French, Chinese), where the persona allows it.

Why templates and not translation: every sentence the host speaks is a reviewed template filled
from the catalog and checked by the guard before it is spoken; a German answer is held to the
same rule, so it comes from German templates (``<kind>.de`` in writer/templates.yaml) and the
guard reads it as German. What the catalog says in English stays as written (product names,
fact values, store policies: the merchant's own words); what the host adds around them is said
in the viewer's language: dates and times (in the store's zone, as that language writes them),
time spans, units of time, and a fact's name where the vocabulary has the language's word for
it ("battery life" is "Akkulaufzeit").
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
from dataclasses import replace
from typing import get_args

from babel.dates import format_datetime
from cn2an import an2cn

from ...catalog import promotion_state
from ...models import Persona
from ...models.persona import AnswerLanguage
from ...writer.beats import templates
from ...writer.facts import FactSheet
from ...writer.grammar import fact_label, zone_abbreviation
from .vocabulary import vocabulary

ANSWER_LANGUAGES: tuple[str, ...] = get_args(AnswerLanguage)
_DATE = {"de": "EEEE, d. MMMM, HH:mm 'Uhr'", "fr": "EEEE d MMMM 'à' HH'h'mm", "zh": "M月d日 HH:mm"}
_DAY = {"de": "d. MMMM", "fr": "d MMMM", "zh": "M月d日"}
_UNITS = {
    "de": {"hours": ("Stunde", "Stunden"), "minutes": ("Minute", "Minuten"), "days": ("Tag", "Tagen"),
           "seconds": ("Sekunde", "Sekunden")},
    "fr": {"hours": ("heure", "heures"), "minutes": ("minute", "minutes"), "days": ("jour", "jours"),
           "seconds": ("seconde", "secondes")},
    "zh": {"hours": ("小时", "小时"), "minutes": ("分钟", "分钟"), "days": ("天", "天"), "seconds": ("秒", "秒")},
}
_AND = {"de": " und ", "fr": " et ", "zh": ""}
_UNDER_A_MINUTE = {"de": "weniger als eine Minute", "fr": "moins d'une minute", "zh": "不到一分钟"}


def answer_language(persona: Persona | None, viewer: str) -> str:
    """The viewer's language where the persona allows it, else the persona's own (English where
    there are no answer templates in it)."""
    if persona is not None and viewer in persona.answer_languages:
        return viewer
    own = persona.language.split("-")[0] if persona is not None else "en"
    return own if own in ANSWER_LANGUAGES else "en"


def lines(kind: str, lang: str) -> tuple[str, ...]:
    """The templates of ``kind`` in ``lang`` (``kind.lang`` in templates.yaml; English as written)."""
    return templates()[kind if lang == "en" else f"{kind}.{lang}"]


def unit_word(unit: str | None, lang: str, value: object = 2) -> str | None:
    """A unit of time in ``lang`` ("hours" is "Stunden"); other units (kg, cm, mAh) as written."""
    words = _UNITS.get(lang, {}).get(unit or "")
    if words is None:
        return unit
    return words[0] if str(value) in ("1", "1.0") else words[1]


@functools.cache
def _native_words(lang: str) -> dict[str, str]:
    """English words of the vocabulary back to ``lang``'s word for them (the first listed)."""
    spec = vocabulary().languages.get(lang)
    out: dict[str, str] = {}
    for native, english in (spec.words.items() if spec else ()):
        out.setdefault(english, native)
    return out


#: fact names that read wrong word by word: "The made in of the skillet is China"
_ENGLISH_LABELS = {"made_in": "country of origin", "made_from": "material"}


def label(name: str, lang: str) -> str:
    """A fact's name as the answer says it: the language's label or word where the vocabulary has
    one (its ``labels`` first: "charging time" is 充电时间), else the English one."""
    english = _ENGLISH_LABELS.get(name) or fact_label(name)
    spec = vocabulary().languages.get(lang)
    if lang != "en" and spec is not None and english in spec.labels:
        return spec.labels[english]
    if lang == "en" or english not in _native_words(lang):
        return english
    native = _native_words(lang)[english]
    return native[:1].upper() + native[1:] if lang == "de" else native  # German nouns: "Größen"


def span(delta: dt.timedelta, lang: str) -> str:
    """A countdown in ``lang``, rounded down like the English one: "1 Tag und 11 Stunden"."""
    minutes = int(delta.total_seconds() // 60)
    days, hours, mins = minutes // 1440, minutes % 1440 // 60, minutes % 60
    parts = [(days, "days"), (hours, "hours")] if days else [(hours, "hours"), (mins, "minutes")]
    said = [f"{n}{'' if lang == 'zh' else ' '}{unit_word(unit, lang, n)}" for n, unit in parts if n]
    return _AND[lang].join(said) or _UNDER_A_MINUTE[lang]


def localized(sheet: FactSheet, lang: str) -> FactSheet:
    """``sheet`` with its moments and spans said in ``lang``; the same sheet in English."""
    if lang == "en":
        return sheet
    state = promotion_state(sheet.product, sheet.at)
    promo = state.promotion
    if promo is None:
        return _with(sheet, {}, lang)

    def moment(when: dt.datetime) -> str:
        local = when.astimezone(sheet.zone).replace(second=0, microsecond=0)
        if lang == "zh":  # the store's own clock, as a Chinese host says it ("今晚十二点（12月12日）")
            said = deadline_zh(when, sheet.at, sheet.zone)
            return said if "月" in said else f"{said}（{local.month}月{local.day}日）"
        return f"{format_datetime(local, _DATE[lang], locale=lang)} {zone_abbreviation(local)}"

    said = {"ends": moment(promo.ends), "ends_at": moment(promo.ends), "ended": moment(promo.ends),
            "starts_at": moment(promo.starts),
            "starts": format_datetime(promo.starts.astimezone(sheet.zone), _DAY[lang], locale=lang)}
    if state.time_left is not None:
        said["time_left"] = said["time_to_start"] = span(state.time_left, lang)
    return _with(sheet, said, lang)


def deadline_zh(ends: dt.datetime, at: dt.datetime, zone: dt.tzinfo) -> str:
    """A moment as a Chinese host says it: "今晚十二点", "明天下午三点半", "12月12日晚上十二点".
    An offer that ends at 23:59 ends at midnight (十二点) of that day, as shops say it; other
    times by the part of the day and the clock in Chinese numerals, rounded down to the minute."""
    end = ends.astimezone(zone).replace(second=0, microsecond=0)
    days = (end.date() - at.astimezone(zone).date()).days
    day = "今天" if days == 0 else "明天" if days == 1 else f"{end.month}月{end.day}日"
    if end.hour == 23 and end.minute == 59:
        part, hour, minute = "晚上", 12, 0
    elif end.hour == 0:  # the first minute of a day: 零点
        part, hour, minute = "", 0, end.minute
    else:
        part = "凌晨" if end.hour < 5 else "上午" if end.hour < 12 else "中午" if end.hour < 13 \
            else "下午" if end.hour < 18 else "晚上"
        hour, minute = (end.hour - 1) % 12 + 1, end.minute
    clock = f"{an2cn(hour) if hour else '零'}点" + ("半" if minute == 30 else f"{an2cn(minute)}分" if minute else "")
    said = f"{day}{part}{clock}"
    return said.replace("今天晚上", "今晚").replace("明天晚上", "明晚")


def _with(sheet: FactSheet, said: dict[str, str], lang: str) -> FactSheet:
    """A copy of ``sheet`` with ``said`` in place of those slots, and a unit of time a fact's
    value ends in said in ``lang`` ("battery_life: 8 hours" is "8 Stunden")."""
    out = copy.copy(sheet)
    out.slots = {k: replace(f, text=said[k]) if k in said else f for k, f in sheet.slots.items()}
    for key, fact in out.slots.items():
        m = re.fullmatch(r"(\d+(?:[.,]\d+)?) (hours?|minutes?|days?|seconds?)", fact.text)
        if key.startswith("fact:") and m:
            unit = m[2] if m[2].endswith("s") else m[2] + "s"
            out.slots[key] = replace(fact, text=f"{m[1]}{'' if lang == 'zh' else ' '}{unit_word(unit, lang, m[1])}")
    return out
