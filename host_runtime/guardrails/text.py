"""Text normalisation shared by the guard and comment triage.

Speech says "forty-nine ninety-nine"; a comment hides "ignore" behind Cyrillic letters or
zero-width spaces. Checks work on one normalised form and report spans in the original, so
every normalisation here keeps a map back to the caller's characters.
"""

from __future__ import annotations

import re

import cn2an
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .claims.numbers import normalise_numbers

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
#: zone names a host may say after a clock time: abbreviations as hours from UTC, names of
#: regions as the IANA zone whose offset (summer time or not) holds on the day said
ZONES: dict[str, int | str] = {
    "utc": 0, "gmt": 0, "z": 0, "cet": 1, "cest": 2, "wet": 0, "west": 1, "eet": 2, "eest": 3,
    "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
    "eastern": "America/New_York", "eastern time": "America/New_York", "et": "America/New_York",
    "central": "America/Chicago", "central time": "America/Chicago", "mountain": "America/Denver",
    "mountain time": "America/Denver", "pacific": "America/Los_Angeles", "pacific time": "America/Los_Angeles",
    "pt": "America/Los_Angeles", "central european time": "Europe/Berlin", "uk time": "Europe/London",
    "beijing time": "Asia/Shanghai", "北京时间": "Asia/Shanghai", "美东时间": "America/New_York",
    "美国东部时间": "America/New_York", "美西时间": "America/Los_Angeles", "美国西部时间": "America/Los_Angeles",
    "欧洲中部时间": "Europe/Berlin", "英国时间": "Europe/London"}
_ZONE = rf"(?:{'|'.join(sorted((re.escape(z) for z in ZONES), key=len, reverse=True))})(?![a-z])"
_AMPM = r"(?:[ap]\.\s?m\.|[ap]m(?![a-z]))"
#: a part of the day after a dotted number makes it a time ("eleven fifty-nine tonight"), never a price
_DAYPART = r"(?:tonight|this (?:evening|morning|afternoon)|in the (?:evening|morning|afternoon)|at night)(?![a-z])"
#: "07:59", "7:59:59 pm UTC", "11 pm", "7.59 UTC" (spoken "seven fifty-nine UTC"), "December 2 at 7.59"
CLOCK_RE = re.compile(
    rf"(?<![\d.:,])(?P<h>[01]?\d|2[0-3])(?:(?P<sep>:)(?P<m>[0-5]\d)(?::[0-5]\d)?|\.(?P<m2>[0-5]\d)(?=\s*(?:{_AMPM}|{_ZONE}|o'?clock|{_DAYPART})))?"
    rf"(?(sep)|(?(m2)|(?=\s*(?:{_AMPM}|o'?clock))))"
    rf"(?:\s*(?P<ampm>{_AMPM}))?(?:\s*o'?clock)?(?:\s*(?P<zone>{_ZONE}))?(?!\d|:\d)", re.I)
#: the hour as German, French and Italian say it: "um 18 Uhr", "8 Uhr 30", "23 h 59", "18h30", "à 18 h",
#: "alle 18", "entro le ore 20" (a bare "24 h" is a duration, so French needs its minutes or "à" before)
_EU_CLOCK_RE = re.compile(r"(?<![\d.:,])(?P<h>[01]?\d|2[0-4])\s*Uhr\b(?:\s*(?P<m>[0-5]\d)(?!\d|[.,]\d))?"
                          r"|(?<![\d.:,])(?P<h2>[01]?\d|2[0-3])\s?h\s?(?P<m2>[0-5]\d)(?!\d|[.,]\d)"
                          r"|\b(?:à|jusqu'à|avant|dès|vers)\s+(?P<h3>[01]?\d|2[0-4])\s?h\b(?!\s?[0-5]\d)"
                          r"|\b(?:alle|dalle|entro le|fino alle|verso le)\s+(?:ore\s+)?(?P<h4>[01]?\d|2[0-4])(?:[:.](?P<m4>[0-5]\d))?(?![\d.,:])"
                          r"(?!\s*(?:euro|€|%|pezzi|minuti|ore|giorni))"
                          #: Dutch: "tot 21.59 uur", "om 20 uur" (a bare "2 uur" is two hours)
                          r"|(?<![\d.:,])(?P<h5>[01]?\d|2[0-4])[.:](?P<m5>[0-5]\d)\s*uur\b"
                          r"|\b(?:om|tot|vanaf|rond|voor)\s+(?P<h6>[01]?\d|2[0-4])\s*uur\b", re.I)
_DATED_CLOCK_RE = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+at\s+(?P<t>(?:[01]?\d|2[0-3])\.[0-5]\d)(?![\d.])", re.I)


_CN_N = "[零一二两三四五六七八九十]+"
#: "晚上11:59", "十二点", "下午三点半", "十点前": a period of the day before makes the half plain
_CN_CLOCK_RE = re.compile(rf"(?P<p>凌晨|早上|上午|中午|下午|傍晚|晚上|夜里|夜间)?(?:(?P<h>\d{{1,2}}|{_CN_N})点(?:(?P<half>半)|(?P<cm>{_CN_N})分|(?P<m>\d{{1,2}})分)?"
                         rf"|(?P<h2>\d{{1,2}}):(?P<m2>\d{{2}}))")
_CN_LATE = {"下午", "傍晚", "晚上", "夜里", "夜间"}
#: "at noon", "à midi", "a mediodía", "om twaalf uur 's middags": noon said as a word, the hour 12
_NOON = re.compile(r"\b(?:noon|midday|midi|mediod[ií]a|mezzogiorno)\b", re.I)
#: "明天中午", "午夜": noon and midnight said without an hour
_CN_NOON = re.compile(r"(?P<noon>中午|正午)(?![零一二两三四五六七八九十\d点])|(?P<night>午夜)")
#: "美东时间周一晚上6点59分", "北京时间12月1日早上7点59分": the zone is said before the day and the time
_CN_ZONE_BEFORE = re.compile(rf"(?P<z>{'|'.join(z for z in ZONES if '时间' in z)})[^，。！？,;；]{{0,10}}$")


@dataclass(frozen=True)
class Clock:
    hour: int  # 0-23
    minute: int
    zone: int | str | None  # hours from UTC, or the IANA zone a spoken name stands for; None when not said
    span: tuple[int, int]
    #: "6:59" without am/pm may be morning or evening: a listener takes the one that fits
    either_half: bool = False
    #: said with a part of the day ("下午五点", "晚上八点"): the store's own clock, never UTC
    local: bool = False

    def readings(self) -> list[tuple[int, int]]:
        """(hour, minute) it may mean; midnight at the end of a day ("晚上十二点") is 23:59."""
        hours = [self.hour, self.hour + 12] if self.either_half else [self.hour]
        return [(23, 59) if h == 24 else (h, self.minute) for h in hours]


def find_clocks(text: str) -> list[Clock]:
    """Clock times in ``text``: never money, never a quantity. A dotted time ("7.59") counts
    only with am/pm, a zone, "o'clock" or "tonight" after it, or a date before it ("December 2 at 7.59")."""
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
        either = not ampm and 1 <= hour <= 11 and not m["h"].startswith("0")
        out.append(Clock(hour, minute, zone, m.span(), either))
    for m in _CN_CLOCK_RE.finditer(text):
        if m["h2"] and not m["p"]:
            continue  # "11:59" alone is read above
        out = [c for c in out if not (m.start() <= c.span[0] < m.end())]
        said = m["h"] or m["h2"]
        try:
            hour = int(said) if said.isdigit() else int(cn2an.cn2an(said, "smart"))
            minute = 30 if m["half"] else int(m["m"] or m["m2"] or (cn2an.cn2an(m["cm"], "smart") if m["cm"] else 0))
        except ValueError:
            continue  # not a numeral cn2an reads ("十一零"): no clock
        if hour > 24 or minute > 59:
            continue
        late = m["p"] in _CN_LATE
        if late and hour == 12:
            hour = 24  # 晚上十二点: the end of the day
        elif late and hour < 12:
            hour += 12
        either = not m["p"] and 1 <= hour <= 12
        zone = _CN_ZONE_BEFORE.search(text[max(0, m.start() - 16):m.start()])
        out.append(Clock(hour, minute, ZONES[zone["z"]] if zone else None, m.span(), either, local=bool(m["p"])))
    for m in _CN_NOON.finditer(text):
        out.append(Clock(12, 0, None, m.span()) if m["noon"] else Clock(24, 0, None, m.span()))
    for m in _NOON.finditer(text):
        if not any(c.span[0] <= m.start() < c.span[1] for c in out):
            out.append(Clock(12, 0, None, m.span()))
    for m in _EU_CLOCK_RE.finditer(text):
        said = next(g for g in ("h", "h2", "h3", "h4", "h5", "h6") if m[g])
        start = m.start(said)
        if any(c.span[0] <= start < c.span[1] for c in out):
            continue  # "bis 17:59 Uhr", "alle 23:59": read above
        hour, minute = int(m[said]), int(m["m"] or m["m2"] or m["m4"] or m["m5"] or 0)
        out.append(Clock(23 if hour == 24 else hour, 59 if hour == 24 else minute, None, (start, m.end()),
                         1 <= hour <= 11 and not m[said].startswith("0")))
    for m in _DATED_CLOCK_RE.finditer(text):
        if not any(c.span[0] <= m.start("t") < c.span[1] for c in out):
            h, mi = m["t"].split(".")
            out.append(Clock(int(h), int(mi), None, m.span("t"), 1 <= int(h) <= 11 and not h.startswith("0")))
    return sorted(out, key=lambda c: c.span)


_DURATION_UNITS = {"second": 1, "sec": 1, "minute": 60, "min": 60, "hour": 3600, "hr": 3600, "day": 86400, "week": 604800,
                   "sekunde": 1, "seconde": 1, "minuten": 60, "stunde": 3600, "heure": 3600, "tag": 86400, "tage": 86400,
                   "jour": 86400, "woche": 604800, "semaine": 604800,
                   "segundo": 1, "minuto": 60, "hora": 3600, "día": 86400, "dia": 86400, "semana": 604800,
                   "secondi": 1, "minuti": 60, "ora": 3600, "ore": 3600, "giorno": 86400, "giorni": 86400,
                   "settimana": 604800, "settimane": 604800,
                   "uur": 3600, "uren": 3600, "minuut": 60, "seconden": 1, "dag": 86400, "dagen": 86400, "weken": 604800,
                   "viertelstunde": 900, "kwartier": 900,
                   "minut": 60, "minuty": 60, "minuta": 60, "minutę": 60, "godzin": 3600, "godziny": 3600, "godzina": 3600,
                   "godzinę": 3600, "dni": 86400, "dzień": 86400, "dnia": 86400, "tygodni": 604800, "tydzień": 604800,
                   "tygodnie": 604800, "sekund": 1, "sekundy": 1}
_AMOUNT_WORDS = {"a": 1, "an": 1, "one": 1, "a few": 3, "few": 3, "a couple of": 2, "a couple": 2, "couple of": 2,
                 "une": 1, "un": 1, "eine": 1, "ein": 1, "einer": 1, "einem": 1, "quelques": 3, "ein paar": 3, "una": 1, "unos": 3, "unas": 3,
                 "un'": 1, "qualche": 3, "pochi": 3, "poche": 3, "een": 1, "een paar": 3, "enkele": 3, "anderhalf": 1.5, "anderhalve": 1.5, "anderthalb": 1.5,
                 "uma": 1, "umas": 3, "uns": 3, "alguns": 3, "algumas": 3, "meia": 0.5, "kilka": 3, "kilku": 3, "parę": 2,
                 "półtorej": 1.5, "półtora": 1.5, "pół": 0.5}
#: the amounts above that count nothing exactly ("a few", "ein paar", "kilka")
_VAGUE_AMOUNTS = {w for w, n in _AMOUNT_WORDS.items() if n in (2, 3) and not w.isdigit()}
#: a stretch of time as said in English, German, French, Spanish or Italian ("3 hours", "eine Stunde", "dans une heure",
#: "quedan cinco minutos", "la prochaine heure", "la próxima hora", "ultimi 10 minuti", "un'ora", "la prossima ora")
_ONE_DURATION = (r"(?:(?:(?<![A-Za-z0-9.,])\d+(?:\.\d+)?\s*|\b(?:a few|few|a couple(?: of)?|couple of|an?|une|un|eine[mr]?|ein paar|ein|quelques"
                 r"|unos|unas|una|qualche|pochi|poche|(?:eine )?halbe|een paar|enkele|een|anderhalve|anderhalf|anderthalb|uma|umas|uns|alguns|algumas|meia"
                 r"|kilka|kilku|parę|półtorej|półtora|pół)\s+|\bune demi-|\b(?:un|mezz)['’](?=or[ae]\b))"
                 #: "two more hours", "one more hour", "zwei weitere Stunden": the count of what is left
                 r"(?:(?:more|extra|weitere[n]?)\s+)?"
                 r"(?:weeks?|days?|hours?|hrs?|minutes?|mins?|seconds?|secs?|stunden?|minuten|sekunden?|tagen?|tage|wochen?"
                 r"|heures?|secondes?|jours?|semaines?|minutos?|horas?|días?|dias?|semanas?|segundos?"
                 r"|minut[oi]|or[ae]|giorn[oi]|settiman[ae]|second[oi]|uur|uren|minuut|seconden|dagen|dag|weken|viertelstunde|kwartier"
                 r"|minut[yaę]?|godzin[yaę]?|dni[a]?|dzień|tygodni[e]?|tydzień|sekund[y]?)"
                 r"|(?<=next )(?:week|day|hour|minute)|(?<=last )(?:hour|minute)|(?<=letzte )stunde|(?<=nächste )stunde|(?<=nächsten )stunde"
                 r"|(?<=dernière )heure|(?<=prochaine )heure|(?<=próxima )hora|(?<=última )hora|(?<=prossima )ora|(?<=ultima )ora)(?![^\W\d_])")
DURATION_RE = re.compile(rf"{_ONE_DURATION}(?:\s*(?:,\s*(?:and\s+)?|\s+(?:and|und|et)\s+|\s+){_ONE_DURATION})*", re.I)
_DURATION_PART = re.compile(_ONE_DURATION, re.I)


@dataclass(frozen=True)
class Duration:
    """A spoken stretch of time, compound ones whole: "1 day and 11 hours"."""

    seconds: int
    unit: int  # seconds in its smallest unit: how precise it is
    parts: int  # 2 for "1 day and 11 hours"
    span: tuple[int, int]
    vague: bool = False  # "a couple of days", "a few hours": a count no one said exactly


#: halves said around a duration: "half an hour", "an hour and a half", "deux heures et demie"
_HALF_BEFORE = re.compile(r"\bhalf\s+$", re.I)
_AND_A_HALF = re.compile(r"^\s+(?:and a half|et demie?|und (?:ein )?halb|e mezz[oa]|en een half|e meia|i pół)\b", re.I)


_DUTCH_CLOCK = re.compile(r"(?:[01]?\d|2[0-4])[.:][0-5]\d\s*uur", re.I)


def find_durations(text: str) -> list[Duration]:
    out = []
    for m in DURATION_RE.finditer(text):
        if _DUTCH_CLOCK.fullmatch(m.group(0)):
            continue  # "tot 21.59 uur" is a time of day, never 21.59 hours
        total, units, vague = 0.0, [], False
        for part in _DURATION_PART.finditer(text, m.start(), m.end()):
            said = part.group(0).lower()
            unit = re.search(r"[^\W\d_]+$", said).group(0)  # type: ignore[union-attr]  # "días": letters beyond a-z
            amount = re.sub(r"\s*\b(?:more|extra|weitere[n]?)$", "", said[: -len(unit)].strip().replace("’", "'"))
            units.append(_DURATION_UNITS.get(unit) or _DURATION_UNITS.get(unit.rstrip("s")) or _DURATION_UNITS[unit.rstrip("ns")])
            vague = vague or amount in _VAGUE_AMOUNTS
            half = ("halb" in amount or "demi" in amount or "mezz" in amount or amount in ("meia", "pół")) and "ander" not in amount
            total += (0.5 if half else float(amount) if amount[:1].isdigit() else _AMOUNT_WORDS.get(amount, 1)) * units[-1]
        start, end = m.span()
        before = _HALF_BEFORE.search(text[max(0, start - 14):start])
        if before:
            total, start = total * 0.5, start - len(before.group(0))
        after = _AND_A_HALF.match(text[end:])
        if after:
            total, end = total + 0.5 * min(units), end + after.end()
        out.append(Duration(int(total), min(units), len(units), (start, end), vague))
    return out


_NEGATED = re.compile(r"(?:\b(?:not|n't|never|no|without|nicht|kein\w*|ohne|nie|pas|sans|jamais|aucun\w*|non|senza|mai|nessun\w*|não|nunca)\b[\s'’-]*(?:\w+[\s'’-]+){0,2}"
                      r"|(?:不是|并非|没有|不敢说|不能说|不会说|不做|不说|谈不上|算不上|不算|不能|不可|没|无)[^，。！？,.!?；;]{0,8})$", re.I)


CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")

#: a quoted phrase ("You'll hear a lot of 'only two left'", "别家天天喊'最后三单'", "'solo per oggi' tutti i giorni")
#: is reported speech, no claim of the host
QUOTED = re.compile(r"(?<![A-Za-z])'[^']{2,60}'(?![A-Za-z])|\"[^\"]{2,60}\"|[‘“「『][^’”」』]{1,60}[’”」』]")


def says_chinese_words(said: str, text: str) -> bool:
    """Where both are Chinese, whether they share at least half the character pairs of the
    shorter ("是IP67的生活防水" says part of "IP67生活防水，不能游泳、不能洗澡时佩戴"); otherwise true. Short Chinese sentences lie close together for the encoder whatever they say
    (measured: "每天用二十分钟，颈椎病就好了" at 0.95 to "热敷加脉冲，工作累了放松一下肩颈"), so closeness in
    meaning to a catalog text stands for saying it only with its words; a translation shares no
    words, and there meaning alone decides."""
    pairs = {a + b for run in CJK_RUN.findall(text) for a, b in zip(run, run[1:])}
    if not pairs or not CJK_RUN.search(said):
        return True
    spoken = {a + b for run in CJK_RUN.findall(said) for a, b in zip(run, run[1:])}
    return bool(spoken) and len(pairs & spoken) >= 0.5 * min(len(pairs), len(spoken))


#: another shop's words, reported to set them apart ("别家喊全网最低价", "别的直播间动不动就说卖了十万单")
_OTHERS_SAY = re.compile(r"(?:别家|别人家|人家|别的(?:店|商家|直播间|主播)|其他(?:店|商家|直播间|主播)|有的(?:店|商家|直播间|主播)|有些(?:店|商家|直播间|主播))"
                         r"[^，。！？,.!?；;]{0,12}?(?:喊|说|号称|吹|宣传|标榜|写)[^，。！？,.!?；;]{0,12}$")


def others_say(text: str, start: int) -> bool:
    """Whether the words before ``start`` report what another shop claims: a host contrasting its
    own plain figures with theirs makes no claim of its own."""
    return bool(_OTHERS_SAY.search(text[max(0, start - 30):start]))


def negated(text: str, start: int) -> bool:
    """Whether the words just before ``start`` deny what follows: "no countdown", "不是全网最低价",
    "ich sage nicht, dass es das beste ist"."""
    return bool(_NEGATED.search(text[max(0, start - 30):start]))


#: "双十一已经在11月12号结束了", "黑五结束了": a promotion spoken of as over ("快结束了" is not)
ENDED_ZH = re.compile(r"已经?[^，。！？,.!?]{0,20}结束了?|(?<![要快将就])结束了(?!吗)")


#: a number or a vague count, in the languages the packs cover ("zweitausend", "des milliers")
_COUNTISH = (r"(?:\d[\d,.]*\+?|thousands|hundreds|millions|tons|dozens|tausende|hunderte|\w*tausend|\w*hundert"
             r"|milliers|centaines|millions|miles|cientos|migliaia|centinaia)"
             # a count, not an amount or a time: "nur noch 349 Euro" is a price, "plus que 10 minutes" a countdown
             r"(?!\s*(?:[$€¥%元块]|euros?\b|dollars?\b|bucks\b|yuan\b|percent\b|prozent\b|pour cent\b|minut\w*|stunden?\b"
             r"|hours?\b|heures?\b|tage?n?\b|days?\b|jours?\b|sekunden\b|seconds?\b|secondes?\b|minuti\b|ore\b|giorni\b))")


#: word boundaries around a count, where a Chinese character is no word the count runs on into
_NOT_AFTER_WORD = r"(?<![^\W\u4e00-\u9fff])"
_NOT_BEFORE_WORD = r"(?![^\W\u4e00-\u9fff])"


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
        # a count meets Chinese characters without a space ("卖了10000罐", "有2000人买"): beside one it still stands alone
        left = (_NOT_AFTER_WORD if phrase.startswith("<n>") else r"(?<!\w)") if phrase[:1].isascii() and (phrase[:1].isalnum() or phrase[:1] in "*<") else ""
        right = (_NOT_BEFORE_WORD if phrase.endswith("<n>") else r"(?!\w)") if phrase[-1:].isascii() and (phrase[-1:].isalnum() or phrase[-1:] in "*.>") else ""
        alts.append(left + body + right)
    return re.compile("|".join(f"(?:{a})" for a in alts) or r"(?!x)x", re.IGNORECASE)
