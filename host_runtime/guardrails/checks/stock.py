"""Stock claims ("only 3 left", "almost sold out", "plenty in stock") against inventory."""

from __future__ import annotations

import re

from ...catalog import stock_level
from ..claims.numbers import CN_STOCK_MEASURE
from ..text import QUOTED, phrase_regex
from . import Finding, Params, Sentence, check

_COUNT_RE = re.compile(
    r"\b(?:only|just|last|down to|a mere|final)\s+(?P<n>\d+)\s+(?:(?:units?|pieces?|pairs?|items?|tubs?|bottles?|sets?|packs?|more|of (?:these|them|those))\s+)?"
    r"(?:left|remaining|available|in stock|to go)\b"
    r"|(?<!under )(?<!than )\b(?P<n2>\d+)\s+(?:(?!(?:weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|percent|dollars?|bucks)\b)[a-z][\w-]*\s+){0,2}"
    r"(?:left|remaining)(?:\s+in stock)?\b"
    r"|\b(?:only|just|the last|last)\s+(?P<n3>\d+)\b(?!\s*(?:%|percent|dollars?|euros?|hours?|minutes?|days?|\.\d))", re.I)
_CN_MEASURE = rf"[{CN_STOCK_MEASURE}]"
#: stated counts in German, French, Spanish, Italian and Chinese ("nur noch eine einzige", "plus que 3", "只剩最后一个",
#: "restano gli ultimi 4 pezzi", "ne rimane solo un ultimo"),
#: and "the last one we have": numbers arrive as digits, a lone "eine"/"une"/"one" as the word
_ONE = r"(?:1|one|eine?[nrms]?(?: einzige[nrms]?)?|une? seule?|une?)"
#: after a Polish or Portuguese count, a word for what it counts, never money, time or a share
_NOT_COUNTED = (r"(?!(?:%|procent\w*|por cento|euro\w*|€|zł\w*|złot\w*|minut\w*|godzin\w*|sekund\w*|dni\b|dzień|tygod\w*"
                r"|horas?\b|d[ií]as?\b|semanas?\b|segundos?\b|meses|anos|vezes|razy)\b)[^\W\d_]")
_COUNT_ABROAD_RE = re.compile(
    rf"\bnur noch (?P<de>\d+|{_ONE})\b(?!\s*(?:%|prozent|euro|€|minuten?|stunden?|tage?n?|sekunden?|wochen?|mal|viertelstunde|halbe)\b)"
    rf"|\bnoch (?P<de2>\d+)\s+(?:stück\s+|stk\.?\s+)?(?:übrig|da|verfügbar|auf lager|vorrätig)\b"
    rf"|\b(?:il (?:ne )?(?:nous )?reste (?:plus que |que |seulement )?|plus que |seulement )(?P<fr>\d+|{_ONE})\b"
    rf"(?!\s*(?:%|pour cent|euros?|€|minutes?|heures?|jours?|secondes?|fois)\b)"
    #: "il n'en reste plus qu'une", "il ne nous en reste qu'un"
    rf"|\b(?:n'en|ne (?:nous )?en) reste (?:plus )?qu['’](?P<fr3>une?|\d+)\b(?!\s*(?:heure|minute|jour|seconde|semaine|fois)s?\b)"
    rf"|(?:只剩|仅剩|还剩|就剩|剩下|只有|仅有)(?:最后)?(?P<zh>\d+)\s*{_CN_MEASURE}"
    rf"|最后(?P<zh2>\d+)\s*{_CN_MEASURE}"
    rf"|\b(?:solo |sólo )?quedan? (?:(?:los|las) )?(?:últim[oa]s? )?(?P<es>\d+|una?|uno)\b(?!\s*(?:%|por ciento|euros?|€|minutos?|horas?|días?|segundos?)\b)"
    #: "es el último que nos queda", "la última que tenemos": one left
    rf"|\b(?:el|la) (?P<es2>últim[oa])(?: \w+)? (?:que (?:nos |me )?queda|que tenemos|en stock|disponible)\b"
    #: Dutch: "nog maar vijf op voorraad", "er zijn er nog 210", "nog 3 stuks over"
    rf"|\bnog (?:maar |slechts )?(?P<nl>\d+)\b(?!\s*(?:%|procent|euro|€|minuten|minuut|uur|uren|dagen|dag|seconden|weken|keer)\b|[.,]\d)"
    rf"|\b(?:the )?(?:very )?last (?P<en>(?:[\w-]+\s){{1,3}})(?:we have|we've got|we got|in stock|left)\b"
    rf"|\b(?:toute |tout |la |le )*derni(?:ère|er) (?P<fr2>(?:[\w-]+\s){{1,2}})(?:en stock|qui reste|qu'il (?:nous )?reste)\b"
    rf"|\b(?:ne )?(?:restano|rimangono|rimane|resta|sono rimast[ie])(?: (?:solo|soltanto|ancora|appena))?(?: (?:gli|le))?(?: ultim[ioae])?"
    rf" (?P<it>\d+|un[oa]?(?: ultim[oa])?)\b(?!\s*(?:%|per cento|euro|€|minuti|ore|giorni|secondi|settimane|po)\b|')"
    rf"|\b(?:gli|le) ultim[ie] (?P<it2>\d+)\b(?!\s*(?:%|euro|€|minuti|ore|giorni|secondi|settimane)\b)"
    #: Polish and Portuguese, a count with what is counted after it: "zostały ostatnie dwie maszynki", "tylko trzy sztuki",
    #: "restam só duas unidades" ("tylko siedemdziesiąt dziewięć!" is a price, "zostało dwadzieścia minut" a countdown)
    rf"|\b(?:(?:już )?tylko|zostały|zostało|została|został|ostatni[ea]?)\s+(?:(?:już|jeszcze|nam|tylko|ostatni[ea]?)\s+){{0,2}}"
    rf"(?P<pl>\d+)\s+{_NOT_COUNTED}"
    rf"|\b(?P<pl2>\d+)\s+sztuk[aiy]?\b(?!\s+w (?:zestawie|opakowaniu|paczce))"
    rf"|\b(?:restam|resta|sobram|sobra|ficam|fica|só|apenas|somente|últim[oa]s)\s+(?:(?:só|apenas|somente|mais|as|os|últim[oa]s)\s+){{0,2}}"
    rf"(?P<pt>\d+)\s+{_NOT_COUNTED}", re.I)
_BOUND_ABROAD_RE = re.compile(r"\bweniger als (?P<de>\d+)\s+(?:\w+\s+)?(?:übrig|verfügbar|auf lager|da)\b"
                              r"|\bmoins de (?P<fr>\d+)\s+(?:\w+\s+)?(?:restant\w*|disponibles?|en stock)\b"
                              rf"|(?:库存|还剩|只剩)?不到(?P<zh>\d+)\s*{_CN_MEASURE}", re.I)

#: what Dutch counts stock in ("nog maar tien stuks", "nog maar vijf paellapannen"): any plural noun before a stock word, or these
_NL_STOCK_NOUNS = r"stuks|exemplaren|zakjes|flessen|dozen|potjes|pakken|tubes|sets"

#: what stock is counted in: "the last 2 packs" is a stock count even without "left"
STOCK_NOUNS = r"(?:units?|pieces?|pairs?|items?|tubs?|bottles?|sets?|packs?|boxes|jars?|tubes?)"
#: "less than 36 hours left" is a countdown, not stock
_NOT_STOCK = r"(?!(?:weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?)\b)"
_BOUND_RE = re.compile(rf"\b(?:fewer|less) than\s+(?P<n>\d+)\s+{_NOT_STOCK}(?:\w+\s+)?(?:left|remaining|in stock)\b"
                       rf"|\bunder\s+(?P<n2>\d+)\s+{_NOT_STOCK}(?:[a-z][\w-]*\s+){{0,2}}left\b"
                       #: "we're under fifty tubs", "stock is below 20 units": a bound said of what is on hand
                       rf"|\b(?:we'?re|we are|stock is|inventory is|we'?re down)\s+(?:now\s+)?(?:under|below|fewer than|less than)\s+(?P<n3>\d+)\s+"
                       rf"(?:{STOCK_NOUNS}|of (?:these|them|those)|[a-z]+s)\b", re.I)


#: after a low-stock word, a duration: the time is what is running out ("只剩最后10 minutes") or a period
#: ("los últimos 30 días", the Art. 6a lookback)
_TIME_AFTER = re.compile(r"^\s*(?:这|那)?(?:最后|last|the last)?\s*(?:\d+(?:\.\d+)?\s*)?(?:weeks?|days?|hours?|minutes?|seconds?|semanas?|días|dias|horas?"
                         r"|minutos?|semaines?|jours?|heures?|tage[n]?|stunden?|wochen?|minuti|ore|giorni|settimane|secondi"
                         r"|minut\w*|godzin\w*|dni|dzień|tygod\w*|sekund\w*)\b", re.I)


class StockParams(Params):
    low_stock_units: int = 10  # at or below: "only a few left" is fair
    low_phrases: list[str]  # claims that stock is low
    sold_out_phrases: list[str]  # claims that it is gone
    available_phrases: list[str]  # claims that it can be bought now
    plenty_phrases: list[str]  # claims that stock is ample


@check("stock_claim", StockParams)
def stock_claim(s: Sentence, p: StockParams) -> list[Finding]:
    product = s.product
    if product is None:
        return []
    level = stock_level(product, p.low_stock_units)
    if level.status == "unknown":
        return []
    units = level.units or 0
    evidence = f"{product.sku} inventory: {units} units (low at <= {p.low_stock_units})"
    findings: list[Finding] = []
    true_counts: list[tuple[int, int]] = []  # "只剩十二瓶" with 12 in stock: a true count, whatever word leads it
    money = [a.span for a in s.amounts()]  # "aujourd'hui seulement 69", "only 59.99": a price, not a count
    quoted = [m.span() for m in QUOTED.finditer(s.text)]  # what others say, quoted, is no claim of the host
    money += quoted
    for m in _COUNT_RE.finditer(s.text):
        if _in_amount(m, money):
            continue
        n = int(m["n"] or m["n2"] or m["n3"])
        if m["n3"] and not re.search(r"\b(?:left|stock|units?|remaining|available|sold out|gone|warehouse|inventory)\b", s.text, re.I) \
                and not re.match(rf"\s+{STOCK_NOUNS}\b", s.text[m.end():], re.I) \
                and not re.search(r"\b(?:down to|we'?re at|we have) the last\s+$", s.text[:m.start("n3")], re.I):
            continue  # "just 3" alone is a count of something else
        if n != units:
            findings.append(Finding(m.span(), f"claims {n} left", evidence))
        else:
            true_counts.append(m.span())
    for m in _COUNT_ABROAD_RE.finditer(s.text):
        if _in_amount(m, money):
            continue
        said = next(v for v in m.groupdict().values() if v)
        n = int(said) if said.isdigit() else 1
        if m["nl"] and not (re.match(rf"\s+(?:\w+\s+)?(?:op voorraad|over|beschikbaar|{_NL_STOCK_NOUNS})\b", s.text[m.end():], re.I)
                            or re.search(r"\b(?:maar|slechts)\s+\d+$", m.group(0))):
            continue  # "nog 2 uur", "nog 59 euro": Dutch "nog" counts stock only with "maar" or a stock word
        if (m["en"] or m["fr2"]) and re.search(r"\b(?:few|couple|bit|chance|time|day|hour|minute|fois|heure|jour)s?\b", said, re.I):
            continue  # "the last few we have" is low stock, judged by the phrases; "the last chance" no count
        if n != units:
            findings.append(Finding(m.span(), f"claims {n} left", evidence))
        else:
            true_counts.append(m.span())
    for m in [*_BOUND_RE.finditer(s.text), *_BOUND_ABROAD_RE.finditer(s.text)]:
        if _in_amount(m, quoted):
            continue
        n = int(next(v for v in m.groupdict().values() if v))
        if not units < n:
            findings.append(Finding(m.span(), f"claims fewer than {n} left", evidence))
    for phrases, ok, what in (
        (p.sold_out_phrases, units == 0, "sold out"),
        (p.low_phrases, 0 < units <= p.low_stock_units, "low stock"),
        (p.plenty_phrases, units > p.low_stock_units, "plenty of stock"),
        (p.available_phrases, units > 0, "in stock"),
    ):
        for m in phrase_regex(tuple(phrases)).finditer(s.text):
            if _TIME_AFTER.match(s.text[m.end():]):
                continue  # "只剩最后一个小时", "only 10 minutes": time running out, judged by the deadline check
            if _TIMES_BEFORE_AFTER.match(s.text[m.end():]):
                continue  # "断货三次了", "售罄过": sell-outs gone by, a popularity claim the social-proof rule judges
            if not ok and not _negated(s.text, m.start()) and not any(a <= m.start() < b for a, b in true_counts + quoted):
                findings.append(Finding(m.span(), f"claims {what}", evidence))
    return findings


#: after a stock word, the times it happened before ("断货三次了", "断过好几回", "售罄过")
_TIMES_BEFORE_AFTER = re.compile(r"^\s*(?:过|了?\s*(?:[一二两三四五六七八九十几好多]+|\d+)\s*(?:次|回))")


def _in_amount(m: re.Match[str], money: list[tuple[int, int]]) -> bool:
    """Whether the count a match reads is a money amount the sentence says."""
    start = next(m.start(g) for g, v in m.groupdict().items() if v)
    return any(a <= start < b for a, b in money)


def _negated(text: str, start: int) -> bool:
    """ "not in stock", "there are 0 in stock", "cero unidades en stock": the phrase is denied."""
    return bool(re.search(r"\b(?:not|n't|never|no longer|no|0|zero|none|cero|aucune?|keine?|nicht|niet|geen|non|nessun[oa]?)\W+(?:\w+\W+){0,1}$",
                          text[max(0, start - 20):start], re.I))
