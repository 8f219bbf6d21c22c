"""Deadline claims against the promotion window.

With no active promotion, any deadline is false urgency. With one, a stated deadline must
land near the window's end, and "last chance" talk needs the end to be near.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from babel.dates import get_month_names

from ...catalog import promotion_state
from ...models import Promotion
from ..text import ENDED_ZH, MONTH_WORD, MONTHS, QUOTED, ZONES, Clock, find_clocks, find_durations, negated, phrase_regex
from . import Finding, Params, Sentence, check

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
#: the same, in Spanish, French, German and Italian, each language Monday first
_INTL_WEEKDAYS = ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
                  "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
                  "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
                  "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica",
                  "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
                  "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela",
                  "segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"]
#: the forms a Polish or Portuguese weekday also takes ("do niedzieli", "we wtorek", "até terça"), as the day above
_WEEKDAY_FORMS = {"poniedziałku": "poniedziałek", "wtorku": "wtorek", "środy": "środa", "środę": "środa", "czwartku": "czwartek",
                  "piątku": "piątek", "soboty": "sobota", "sobotę": "sobota", "niedzieli": "niedziela", "niedzielę": "niedziela",
                  "terça": "terça-feira", "sexta": "sexta-feira"}  # "segunda", "quarta", "quinta" are also ordinals

#: month names in French, German (Austrian "Jänner" too), Italian, Spanish, Dutch, Polish and Portuguese ("jeudi 18 mars",
#: "am 18. März", "il 27 marzo", "el 18 de marzo", "op 27 maart", "27 marca", "27 de março"), from Babel's locale data
_INTL_MONTHS = {name.lower(): number for locale in ("fr", "de", "de_AT", "it", "es", "nl", "pl", "pt") for context in ("format", "stand-alone")
                for number, name in get_month_names("wide", context=context, locale=locale).items()}
_FULL_MONTHS = [name.lower() for name in get_month_names("wide", locale="en").values()]

#: Polish and Portuguese words before a duration that is running out: "zostało dwadzieścia minut", "ostatnie pięć minut",
#: "jeszcze godzina", "faltam duas horas", "só mais dez minutos", "nos próximos trinta minutos"
_PL_PT_LEFT = (r"zostało|zostały|została|został|zostanie|ostatnie|ostatnich|ostatnia|ostatni|jeszcze|już tylko"
               r"|faltam|falta|restam|resta|só mais|últimos|últimas|nos próximos|nas próximas")
#: a duration after these words, or before _COUNTDOWN_AFTER's, is a deadline from now
#: "extended by three days", "延长三天": an extension said as a duration runs that long from now at least
_COUNTDOWN_BEFORE = re.compile(r"(?:\b(?:in|within|for|next|only|just|another|last|dans|innerhalb|binnen|noch|en|dernière|letzte"
                               r"|quedan?|reste|pendant|durante|prochaine|próxima|nächsten?|tra|fra|entro|ancora|ultimi|ultime|ultima"
                               r"|prossima|prossimi|prossime|restano|mancano|extended by|extended for|verlängert um|prolongée? d[e']|prorogat[oa] di"
                               rf"|nog|nog maar|nog slechts|binnen|(?:ne |n'y )?(?:reste|restent|a plus) (?:plus )?que|{_PL_PT_LEFT}|za|przez|w ciągu"
                               r"|durante mais|daqui a)\s+"
                               r"(?:the\s+next\s+|the\s+|von\s+|la\s+|las\s+|les\s+|der\s+|den\s+|i\s+|gli\s+|le\s+)?|最后|还有|仅剩|只剩|还剩|就剩|倒计时|延长了?|延期|顺延)$", re.I)
#: words after a duration that say it is running out ("2 hours left", "15 minutes on the clock")
_LEFT = r"left|to go|remaining|on the clock|übrig|restantes?|rimast[ie]|restanti"
_COUNTDOWN_AFTER = re.compile(rf"^\W*(?:(?:{_LEFT}|from now)\b|后|之后|以后)", re.I)
#: "when this stream ends", "直播结束": a deadline at the end of the show, within these hours of now
_SHOW_END = re.compile(r"\b(?:the (?:moment|second|minute) |when |once |as soon as )?(?:this|the) (?:stream|live ?stream|show|broadcast|live)"
                       r" (?:ends|is over|wraps up|goes off)\b|\bwe go offline\b|直播结束|下播", re.I)
SHOW_HOURS = 6
_DAY_RE = re.compile(
    rf"\b(?P<w>midnight|minuit|medianoche|mitternacht|mezzanotte|middernacht|północy|północ|meia-noite|tonight|today|tomorrow(?: night)?|(?:this|the) weekend|end of (?:the )?day|"
    rf"(?:this |on )?(?:{'|'.join(_WEEKDAYS)})(?: night)?|"
    rf"{MONTH_WORD}\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{MONTH_WORD}))\b"
    r"|(?P<cn>今晚|今天|明天|明晚|后天)|(?P<cm>\d{1,2})月(?P<cd>\d{1,2})[日号]|(?:周|星期|礼拜)(?P<cw>[一二三四五六日天])"
    r"|\b(?P<intl>heute(?: abend| nacht)?|aujourd'hui|ce soir|après-demain|demain(?: soir)?|übermorgen|(?<!guten )morgen(?: abend| nacht)?"
    r"|hoy|esta noche|pasado mañana|mañana(?: por la noche)?|oggi|stasera|stanotte|questa sera|dopodomani|domani(?: sera)?"
    r"|vandaag|vanavond|vannacht|overmorgen|morgenavond"
    r"|dziś(?: wieczorem| w nocy)?|dzisiaj(?: wieczorem| w nocy)?|pojutrze|jutro(?: rano| wieczorem)?"
    r"|hoje(?: à noite)?|esta noite|depois de amanhã|amanhã(?: à noite| de manhã)?)\b"
    rf"|\b(?:(?:este|el|ce|diesen|am|on)\s+)?(?P<iw>{'|'.join(sorted(_INTL_WEEKDAYS + list(_WEEKDAY_FORMS), key=len, reverse=True))})(?P<iwpart>abend|nacht|morgen|mittag)?\b"
    #: "bis Montag, dem 27.", "lundi 27", "lunedì 27": the weekday's date (a month after it is read as a date below)
    rf"(?:,?\s+(?:dem\s+|den\s+|le\s+|il\s+|el\s+)?(?P<iwd>\d{{1,2}})\.?(?![\d:]|[.,]\d|\s*(?:uhr|h\b|%|€|euro|stück|pezzi|minut|stund|heure|ore\b"
    rf"|{'|'.join(_INTL_MONTHS)})))?"
    #: "until February", "bis März": a month named alone after an until-word, the whole month
    rf"|(?:(?<=until )|(?<=till )|(?<=through )|(?<=since )|(?<=bis )|(?<=seit )|(?<=jusqu'en )|(?<=fino a )|(?<=hasta )|(?<=hasta el mes de ))"
    rf"(?P<mo>{'|'.join(_FULL_MONTHS + sorted(_INTL_MONTHS, key=len, reverse=True))})\b(?!\.?\s*\d)"
    r"|(?P<weekend>\b(?:dieses|am) wochenende\b|\bce week-end\b|\beste fin de semana\b|\bquesto (?:fine settimana|weekend)\b|\bdit weekend\b|这周末|本周末)"
    #: "through the whole week", "die ganze Woche", "tutta la settimana", "一整周": to the end of this week (Sunday)
    r"|(?P<week>\b(?:the )?(?:whole|entire|rest of the) week\b|\ball week(?: long)?\b|\b(?:die ganze|diese ganze) woche\b"
    r"|\btoute la semaine\b|\btutta la settimana\b|\btoda la semana\b|一整周|整周|这一周|一整个星期)"
    #: "延长到下周", "下个星期结束": some day of next week, Monday to Sunday (a weekday after it is that day: "下周一")
    r"|(?<!下)(?P<nextweek>下周|下个星期|下个礼拜|下礼拜)(?![一二三四五六日天末])"
    r"|\b(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})\b"
    rf"|(?<![\d.,])(?P<d6>\d{{1,2}})\.?\s+(?:de\s+)?(?P<m6>{'|'.join(sorted(_INTL_MONTHS, key=len, reverse=True))})\b"
    #: "on the 25th", "Thursday the 30th": a day of this month (of the next, once it has gone by)
    rf"|(?<=\bon the )(?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[a-z%$€]|[.,]\d)|(?<=day the )(?P<d4>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*[a-z%$€]|[.,]\d)", re.I)
#: a clock time belongs to the date next to it: "December 2 at 07:59 UTC", "07:59 UTC on December 2"
_JOIN_AFTER = re.compile(r"^\s*(?:,\s*)?(?:(?:at|by|until|till|til|through|um|bis|à|jusqu'à|a las|a la|hasta las|hasta la|om|tot"
                         r"|do|o|às|até às|até)\s+)?(?:的|晚|晚上)?$"
                         r"|^\s*(?:,\s*)?(?:alle|entro le|fino alle|verso le|dalle)\s+(?:ore\s+)?$", re.I)
_JOIN_BEFORE = re.compile(r"^\s*(?:,\s*)?(?:on\s+|the\s+)*$", re.I)
_CLAUSE_BREAK = re.compile(r"[;.!?](?:\s|$)|,\s*(?:and|but|while|a|ale|mas)\b|\bbut\b|[；。！？，]", re.I)
#: "最后三副" (the last three pairs) counts stock, it is no deadline; "最后三天" (the last three days) is one
_LAST_COUNT = re.compile(r"最后\s*(?:[一二两三四五六七八九十几]+|\d+)(?!\s*(?:天|小时|个小时|分钟|秒|周|晚|days?|hours?|minutes?|seconds?|weeks?))")
#: day words that put a bare "11:59" in the evening
_EVENING = re.compile(r"dzi(?:ś|siaj) wieczorem|jutro wieczorem|hoje à noite|esta noite|amanhã à noite|tonight|(?:heute|morgen) (?:abend|nacht)|(?:ce|demain) soir|esta noche|mañana por la noche|stasera|questa sera|domani sera|vanavond|morgenavond"
                      r"|今晚|明晚|tomorrow night|\w+day night|\w+(?:tag|woch)(?:abend|nacht)", re.I)
#: a zone said after the day ("11:59 tonight Pacific")
_ZONE_AFTER = re.compile(rf"^\s*(?P<zone>{'|'.join(sorted(map(re.escape, ZONES), key=len, reverse=True))})(?![a-z])", re.I)
#: a stated minute covers the whole minute; the window ends at :59 seconds
ROUNDING = dt.timedelta(minutes=1)

Window = tuple[dt.datetime, dt.datetime, tuple[int, int]]
#: a day said ends last for a viewer at UTC-12: this long after the store's midnight
_VIEWER_WEST = dt.timedelta(hours=12)
#: a countdown ("last ten minutes", "noch 2 Stunden") may be off by a third of itself or ten minutes,
#: not by the hours a day-level deadline ("ends tonight") is allowed: "two and a half hours left" with 90 minutes to go is false
COUNTDOWN_SLACK_S = 600
COUNTDOWN_SLACK_SHARE = 1 / 3
#: "a couple more days", "还有两天多", "ein paar Stunden": a vague count may be off by half of itself
VAGUE_SLACK_SHARE = 1 / 2
_MORE_THAN_AFTER = re.compile(r"^\s*(?:多|plus\b|or so\b|and change\b|und mehr\b|e più\b|y pico\b|e pouco\b|z hakiem\b)", re.I)
#: a stated clock time ("今晚十二点", "at 11 pm") may be this far from the end, not the hours a whole day may;
#: a window wider than _DAY_WIDE is a day said without a time
CLOCK_SLACK = dt.timedelta(hours=1)
_DAY_WIDE = dt.timedelta(hours=20)


class DeadlineParams(Params):
    deadline_phrases: list[str]  # words that announce a deadline ("ends", "only until", "today only")
    imminent_phrases: list[str]  # claims that the end is near ("last chance", "final hours")
    vague_phrases: list[str]  # urgency without a time ("hurry", "limited time")
    exceptions: list[str] = []  # wording that denies urgency or speaks of the past ("no need to hurry", "has ended")
    imminent_hours: float = 24  # "last chance" is fair this close to the end
    tolerance_hours: float = 12  # how far a stated day-level deadline may be from the true end


#: "the sale could end any second now": an end said to be a moment away
_ANY_MOMENT = re.compile(r"\bany (?:second|minute|moment) now\b|\bjeden moment\b|\bd'une minute à l'autre\b|\ben cualquier momento\b"
                         r"|\bda un momento all'altro\b|\belk moment\b|\bw każdej chwili\b", re.I)


def _countdowns(text: str, at: dt.datetime) -> list[Window]:
    """Durations from now ("in 3 hours", "for the next 1 day and 11 hours", "2 days left"): the
    moment they name, give or take half of a vague one or one of the smallest unit said;
    "any second now" is within minutes."""
    out = [(at, at + dt.timedelta(seconds=COUNTDOWN_SLACK_S), m.span()) for m in _ANY_MOMENT.finditer(text)]
    for d in find_durations(text):
        a, b = d.span
        if not (_COUNTDOWN_BEFORE.search(text[max(0, a - 20):a]) or _COUNTDOWN_AFTER.match(text[b:])):
            continue
        if _PERIOD_BEFORE.search(text[max(0, a - 30):a]):
            continue  # "the lowest price of the last 30 days", "degli ultimi trenta giorni": the Art. 6a lookback, no countdown
        share = VAGUE_SLACK_SHARE if d.vague or _MORE_THAN_AFTER.match(text[b:]) else COUNTDOWN_SLACK_SHARE
        slack = dt.timedelta(seconds=d.unit if d.parts > 1 else max(COUNTDOWN_SLACK_S, d.seconds * share))
        mid = at + dt.timedelta(seconds=d.seconds)
        out.append((mid - slack, mid + slack, d.span))
    return out


def _is_weekday(m: re.Match[str]) -> bool:
    return bool(m["iw"] and not m["iwd"] or m["cw"] or any(w in (m["w"] or "").lower() for w in _WEEKDAYS))


def _is_date(m: re.Match[str]) -> bool:
    return any(m[g] for g in ("d", "d2", "d6", "cm", "iy", "d3"))


def _day(m: re.Match[str], at: dt.datetime) -> dt.date:
    word = (m["w"] or m["cn"] or "").lower()
    day = at.date()
    if m["iy"]:
        return dt.date(int(m["iy"]), int(m["im"]), int(m["id"]))
    if m["d3"] or m["d4"]:
        date = int(m["d3"] or m["d4"])
        month, year = (at.month, at.year) if date >= day.day else (at.month % 12 + 1, at.year + (at.month == 12))
        return dt.date(year, month, date)
    if m["cm"]:
        month = int(m["cm"])
        return dt.date(at.year + (1 if month < at.month else 0), month, int(m["cd"]))
    if m["mo"]:  # the month's first day; _dated holds the whole month
        name = m["mo"].lower()
        month = _FULL_MONTHS.index(name) + 1 if name in _FULL_MONTHS else _INTL_MONTHS[name]
        return dt.date(at.year + (1 if month < at.month else 0), month, 1)
    if m["iwd"]:
        date = int(m["iwd"])
        month, year = (at.month, at.year) if date >= day.day else (at.month % 12 + 1, at.year + (at.month == 12))
        return dt.date(year, month, date)
    if m["d6"]:
        month = _INTL_MONTHS[m["m6"].lower()]
        return dt.date(at.year + (1 if month < at.month else 0), month, int(m["d6"]))
    if m["d"] or m["d2"]:
        name = (m["m2"] or word).lower()
        month = next(i for i, mo in enumerate(MONTHS, 1) if name.startswith(mo))
        return dt.date(at.year + (1 if month < at.month else 0), month, int(m["d"] or m["d2"]))
    if m["cw"]:
        target = "一二三四五六日".find(m["cw"]) if m["cw"] != "天" else 6
        return day + dt.timedelta(days=(target - day.weekday()) % 7)
    if m["iw"]:  # "este domingo", "dimanche", "am Sonntag": the next such day, today included
        target = _INTL_WEEKDAYS.index(_WEEKDAY_FORMS.get(m["iw"].lower(), m["iw"].lower())) % 7
        return day + dt.timedelta(days=(target - day.weekday()) % 7)
    if m["intl"]:
        intl = m["intl"].lower()
        later = 2 if intl.startswith(("après", "über", "pasado", "dopo", "overmorgen", "pojutrze", "depois")) else \
            1 if intl.startswith(("demain", "morgen", "mañana", "domani", "jutro", "amanhã")) else 0
        return day + dt.timedelta(days=later)
    if word == "后天":
        return day + dt.timedelta(days=2)
    if word.startswith("tomorrow") or word.startswith("明"):
        return day + dt.timedelta(days=1)
    if m["nextweek"]:  # its Monday; the window runs to its Sunday
        return day + dt.timedelta(days=7 - day.weekday())
    if word in ("this weekend", "the weekend") or m["weekend"] or m["week"]:  # the week ends on Sunday, as its weekend does
        return day + dt.timedelta(days=(6 - day.weekday()) % 7)
    if any(word.replace("this ", "").replace("on ", "").startswith(w) for w in _WEEKDAYS):
        target = next(i for i, w in enumerate(_WEEKDAYS) if w in word)
        return day + dt.timedelta(days=(target - day.weekday()) % 7)
    return day


def _tz(zone: int | str) -> dt.tzinfo:
    """A zone as `ZONES` gives it: hours from UTC, or an IANA name."""
    return ZoneInfo(zone) if isinstance(zone, str) else dt.timezone(dt.timedelta(hours=zone))


def _zones(clock: Clock, at: dt.datetime, ends: dt.datetime | None) -> list[dt.tzinfo]:
    """The zone a time is in: the one said; unsaid, UTC (how the host speaks times), the zone
    the promotion is written in, or the show's; with a part of the day said, the show's."""
    if clock.zone is not None:
        return [_tz(clock.zone)]
    if clock.local and at.tzinfo is not None:
        return [at.tzinfo]  # "下午五点": a part of the day is the store's, where the host is
    return list(dict.fromkeys(z for z in (dt.timezone.utc, ends.tzinfo if ends else None, at.tzinfo) if z is not None))


def _dated(text: str, at: dt.datetime, ends: dt.datetime | None) -> list[Window]:
    """Calendar deadlines. With a clock time, the minute it names (in any zone it may be in);
    without, the whole day in any viewer's time zone. A bare clock time is its next occurrence."""
    clocks = find_clocks(text)
    days = [d for d in _DAY_RE.finditer(text) if not re.search(r"\b(?:black|cyber|small business)\s+$", text[:d.start()], re.I)]
    # "Friday, November third", "samedi 4 novembre": a weekday before its date is that date, not the next such weekday
    days = [d for d, nxt in zip(days, days[1:] + [None]) if not (nxt is not None and _is_weekday(d) and _is_date(nxt)
                                                                 and re.fullmatch(r"\s*,?\s*(?:the\s+)?", text[d.end():nxt.start()]))]
    out: list[Window] = []
    used: set[tuple[int, int]] = set()
    for m in days:
        try:
            day = _day(m, at)
        except ValueError:
            continue  # no such date ("November 31"): nothing to hold the promotion against
        clock = next((c for c in clocks if c.span[0] >= m.end() and _JOIN_AFTER.match(text[m.end():c.span[0]])), None) or \
            next((c for c in clocks if c.span[1] <= m.start() and _JOIN_BEFORE.match(text[c.span[1]:m.start()])), None)
        if clock is not None and (m["w"] or "").lower() not in _MIDNIGHTS:
            used.add(clock.span)
            evening = bool(_EVENING.fullmatch(m.group(0)))
            zone = _ZONE_AFTER.match(text[m.end():])
            if zone and clock.zone is None:
                clock = dataclasses.replace(clock, zone=ZONES[zone["zone"].lower()])
            readings = [[dt.datetime.combine(day, dt.time(h, mi), z) for z in _zones(clock, at, ends)]
                        for h, mi in clock.readings() if not (evening and h < 17 and clock.either_half)]
            first, last = _fitting(readings, ends)
            out.append((first, last, (min(m.start(), clock.span[0]), max(m.end(), clock.span[1]))))
            continue
        zone = at.tzinfo or dt.timezone.utc
        if (m["w"] or "").lower() in _MIDNIGHTS:
            if any(_other_day_beside(text, m, d) for d in days):
                continue  # "domingo a medianoche": that day's window stands for both
            said = _ZONE_AFTER.match(text[m.end():])
            if said:  # "midnight Pacific": the end of that zone's day, not the store's
                zone = _tz(ZONES[said["zone"].lower()])
                day = at.astimezone(zone).date()
            midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone)
            out.append((midnight - ROUNDING, midnight, m.span()))
            continue
        if _EVENING.fullmatch(m.group(0)) and day > at.date():  # "until tomorrow night": that evening, in the store's zone
            out.append((dt.datetime.combine(day, dt.time(17), zone), dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), zone), m.span()))
            continue
        # a day said is the store's: it has not begun before the store's midnight ("the last day is tomorrow"
        # of a sale that ends tonight is false), and it ends last at UTC-12, for a viewer far west
        start = dt.datetime.combine(day, dt.time(), zone)
        last = day
        if m["mo"]:  # "until February": the whole month
            last = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if m["nextweek"]:
            last = day + dt.timedelta(days=6)
        if m["weekend"] or (m["w"] or "").lower() in ("this weekend", "the weekend"):  # the weekend begins on Saturday
            start = dt.datetime.combine(max(day - dt.timedelta(days=1), at.date()), dt.time(), zone)
        end = dt.datetime.combine(last, dt.time(23, 59, 59), zone) + _VIEWER_WEST
        out.append((start, end, m.span()))
    for clock in clocks:
        if clock.span in used:
            continue
        readings = []
        for hour, minute in clock.readings():
            moments = []
            for zone in _zones(clock, at, ends):
                moment = dt.datetime.combine(at.astimezone(zone).date(), dt.time(hour, minute), zone)
                moments.append(moment if moment + ROUNDING >= at else moment + dt.timedelta(days=1))
            readings.append(moments)
        first, last = _fitting(readings, ends)
        out.append((first, last, clock.span))
    return out


#: "midnight" alone (or with "tonight") is the end of the store's day, a moment, not a whole day
_MIDNIGHTS = {"midnight", "minuit", "medianoche", "mitternacht", "mezzanotte", "middernacht", "północy", "północ", "meia-noite"}
_TODAY_WORDS = re.compile(r"dzi(?:ś|siaj)(?: wieczorem| w nocy)?|hoje(?: à noite)?|esta noite|tonight|today|ce soir|aujourd'hui|esta noche|hoy|heute(?: abend| nacht)?|oggi|stasera|questa sera|stanotte|vandaag|vanavond|vannacht|今晚|今天", re.I)
#: what may stand between a day and its midnight: "Tuesday night at midnight", "mardi soir à minuit"
_BESIDE = re.compile(r"^\W*(?:(?:at|à|a|la|las|um|on|de|del|the|of|night|evening|soir|noche|por|abend|nacht|alle|di|sera|notte|om|avond)\W+){0,3}$", re.I)


def _other_day_beside(text: str, midnight: re.Match[str], day: re.Match[str]) -> bool:
    """Whether another day word goes with this midnight ("Sunday at midnight", "minuit dimanche"):
    then the midnight is that day's, and that day's window stands as the deadline."""
    if day is midnight or _TODAY_WORDS.fullmatch(day.group(0)):
        return False
    between = text[day.end():midnight.start()] if day.end() <= midnight.start() else text[midnight.end():day.start()]
    return bool(_BESIDE.match(between))


def _fitting(readings: list[list[dt.datetime]], ends: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    """Of a time's readings (morning or evening, each in the zones it may be in), the one nearest
    the promotion's end: "until 6:59" said at 6:30 pm means this evening, not tomorrow morning."""
    def distance(moments: list[dt.datetime]) -> dt.timedelta:
        if ends is None:
            return min(moments) - min(min(r) for r in readings)
        return max(min(moments) - ends, ends - max(moments) - ROUNDING, dt.timedelta())
    best = min(readings, key=distance)
    return min(best), max(best) + ROUNDING


#: ", und", ", et", ", y": a new clause for a day said after it ("läuft bis Dienstagabend, und heute Nacht wird die Uhr
#: vorgestellt"), while a deadline word after it may still look back ("en diez minutos, y ... se habrá acabado")
_SOFT_BREAK = re.compile(r",\s*(?:und|et|y|e|i|ed|en)\b", re.I)


def _same_clause(text: str, span: tuple[int, int], phrases: list[tuple[int, int]]) -> bool:
    """Whether a deadline phrase shares the clause of ``span`` ("ends ... December 2")."""
    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(text)), len(text) + 1]
    clause = next((a, b) for a, b in zip(bounds, bounds[1:]) if a <= span[0] < b)
    soft = [m.end() for m in _SOFT_BREAK.finditer(text, clause[0], min(clause[1], len(text)))]
    return any(clause[0] <= start < clause[1] and not any(start < q <= span[0] for q in soft) for start, _ in phrases)


#: before a time, what makes it a deadline rather than when something holds ("until midnight", "bis 20 Uhr")
_UNTIL_BEFORE = re.compile(r"(?:\buntil|\btill|\btil|\bthrough|\bby|\bbefore|\bbis|\bjusqu'(?:à|au)|\bavant|\bfino (?:a|alle|al)|\bentro(?: le)?|\btot(?: en met)?"
                           r"|\bhasta(?: las?)?|截止到?|直到)\W*$", re.I)


def said_times(s: Sentence, around: dt.datetime | None = None) -> list[tuple[dt.datetime, dt.datetime]]:
    """The times to come a sentence names as when something holds ("ab morgen 8 Uhr 15,90", "on the 25th,
    10 AM to 10 PM", "今晚八点开始"), each as its earliest and latest moment, a time that fits reading
    nearest ``around``. Deadlines ("until midnight") are not among them: what holds until then holds now."""
    local = s.at.astimezone(ZoneInfo(s.catalog.timezone)) if s.catalog.timezone else s.at
    out = []
    for a, b, span in _stated_ends(s.text, local, around):
        if b < s.at or _UNTIL_BEFORE.search(s.text[max(0, span[0] - 16):span[0]]) or _TODAY_WORDS.fullmatch(s.text[span[0]:span[1]]):
            continue  # gone by, a deadline, or "today" (of a price: now)
        # a whole day, in the store's own day; a countdown's slack never reaches back before now ("for a few more
        # minutes" said five minutes after a sale ended names no moment the sale price held)
        out.append((max(a, s.at) if b - a <= _DAY_WIDE else a, b - _VIEWER_WEST if b - a > _DAY_WIDE else b))
    return out


def _stated_ends(text: str, at: dt.datetime, ends: dt.datetime | None = None) -> list[Window]:
    """Every deadline the sentence states, each as the earliest and latest moment it can mean."""
    show_end = [(at, at + dt.timedelta(hours=SHOW_HOURS), m.span()) for m in _SHOW_END.finditer(text)]
    return _countdowns(text, at) + _dated(text, at, ends) + show_end


#: a duration said as time running out, deadline enough without a deadline word: "last two hours",
#: "plus que 15 minutes", "encore 10 minutes seulement", "还剩30分钟", "只有三分钟" ("for 8 hours" is a spec)
_RUNNING_OUT_BEFORE = re.compile(r"(?:\b(?:only|just|another|last|final|noch|nur noch|encore|plus que|seulement|dernières?|in the next|within the next"
                                 r"|for the next|in|within|dans|quedan?|solo quedan?|il reste|prochaine|próxima|nächsten?"
                                 r"|ancora|ultimi|ultime|ultima|restano|mancano|prossima|prossimi|prossime|tra|fra|entro"
                                 r"|extended by|extended for|verlängert um|prolongée? d[e']|prorogat[oa] di"
                                 rf"|nog|nog maar|nog slechts|binnen|(?:ne |n'y )?(?:reste|restent|a plus) (?:plus )?que|{_PL_PT_LEFT})\s+"
                                 r"(?:per\s+)?(?:the\s+|von\s+|la\s+|las\s+|les\s+|der\s+|den\s+|i\s+|gli\s+|le\s+)?"
                                 r"|最后|还有|还剩|仅剩|只剩|只有|就剩|剩下?|倒计时|延长了?)(?:大约|约|不到|就)?\s*$", re.I)
_RUNNING_OUT_AFTER = re.compile(rf"^\W*(?:{_LEFT}|seulement|only)\b", re.I)
_IN_SO_MANY = re.compile(r"\b(?:in|within|dans|en|tra|fra|entro)\s+$", re.I)  # "in 30 minutes": running out only when a deal or price is named


def _counts_down(text: str, span: tuple[int, int]) -> bool:
    before, after = text[max(0, span[0] - 20):span[0]], text[span[1]:]
    more = re.search(r"\bfor\s+$", before) and re.search(r"\b(?:more|extra)\b", text[span[0]:span[1]], re.I)  # "for one more hour"
    if not (_RUNNING_OUT_BEFORE.search(before) or _RUNNING_OUT_AFTER.match(after) or more):
        return False
    if _PERIOD_BEFORE.search(before) or _AGO_AFTER.match(after) or _STARTS.search(text):
        return False  # "the lowest price of the last 30 days", "a few days ago", "starts in another 10 days"
    return not _IN_SO_MANY.search(before) or bool(_DEAL.search(text))


_PERIOD_BEFORE = re.compile(r"\b(?:of|in|over|during|for|from) the (?:last|past|previous)\s+$"
                            r"|\b(?:degli|delle|dei|negli|nelle|de los|de las|en los|des|der|in den|dos|das|nos|nas|z|ze|w ciągu|przez)\s+"
                            r"(?:ultim[ie]|últim[oa]s|letzten|vergangenen|derniers|dernières|ostatnich)\s+$", re.I)
_AGO_AFTER = re.compile(r"^\W*(?:ago|back|earlier|before)\b|^\s*(?:前|以前|之前)", re.I)
_ENDS = re.compile(r"\b(?:ends?|ending|expires?|endet|enden|se termine|termine|finit|s'arrête|s'achève|acaba|finaliza"
                   r"|finisce|finiscono|termina|terminano|scade|scadono|eindigt|verloopt|stopt)\b|结束|截止", re.I)
_STARTS = re.compile(r"\b(?:start|starts|begin|begins|kicks? off|opens|commence\w*|beginnt|beginnen|startet|starten|démarre"
                     r"|inizia|iniziano|comincia|cominciano|begint|beginnen)\b|开始|开抢", re.I)


#: a stock statement: vague hurry beside it ("hurry", "抓紧") presses on the stock, not on a deadline
_STOCK_TALK = re.compile(r"\b(?:left|in stock|remaining|quedan?|il (?:ne )?(?:nous )?(?:en )?reste|n'en reste|nur noch|übrig|en stock|restano|rimangono|rimane|in magazzino"
                         r"|op voorraad|nog maar)\b|只剩|仅剩|还剩|就剩|库存", re.I)
_DEAL = re.compile(r"\b(?:deal|sale|offer|offre|angebot|promo\w*|price|prix|preis|discount|week|friday|monday|day|offerta|sconto|prezzo"
                   r"|aanbieding|actie|korting|prijs|oferta|precio|descuento)s?\b|价|活动|优惠", re.I)


#: in a deadline phrase, the word that restricts the price to that time ("today only", "只有今晚", "nur heute"): never a start
_ONLY = re.compile(r"\b(?:only|just|solo|sólo|nur|seulement|uniquement|soltanto|alleen)\b|只有|仅限?|只限|限", re.I)


@dataclass(frozen=True)
class _Said:
    """A countdown found by its duration, standing where a matched deadline phrase would."""

    text: str
    where: tuple[int, int]

    def span(self) -> tuple[int, int]:
        return self.where

    def group(self, _: int = 0) -> str:
        return self.text[self.where[0]:self.where[1]]


def _announces_start(s: Sentence, promotion: Promotion, p: DeadlineParams) -> bool:
    """ "At midnight it drops to 7.95", "ab Dienstag im Advent-Angebot", "starts at midnight and ends
    Wednesday night": the times said are when the coming promotion starts (and ends), which is
    news, not pressure."""
    local = s.at.astimezone(ZoneInfo(s.catalog.timezone)) if s.catalog.timezone else s.at
    slack = dt.timedelta(hours=p.tolerance_hours)

    def store_day(windows: list[Window]) -> list[Window]:
        """Whole days as the store's own, without the viewer far west."""
        return [(a, b - _VIEWER_WEST if b - a > _DAY_WIDE else b, span) for a, b, span in windows]

    def fits(moment: dt.datetime, earliest: dt.datetime, latest: dt.datetime) -> bool:
        return earliest - slack <= moment <= latest + slack

    def today(earliest: dt.datetime, latest: dt.datetime) -> bool:
        """Today itself, said beside the start, tells when the price now holds ("349.99 today, and the sale starts Friday")."""
        return latest - earliest > _DAY_WIDE and earliest <= s.at <= latest

    stated = store_day(_stated_ends(s.text, local, promotion.starts))
    return any(fits(promotion.starts, a, b) for a, b, _ in stated) and all(
        fits(promotion.starts, a, b) or fits(promotion.ends, a, b) or today(a, b)
        for a, b, _ in store_day(_stated_ends(s.text, local, promotion.ends)))


def _gone_by(latest: dt.datetime, at: dt.datetime) -> bool:
    """Whether a stated date is past: before now, or a month and day read as next year's that
    fell in the last half year ("until February 20th", said on March 4th)."""
    return latest < at or (latest - at > dt.timedelta(days=183) and latest - dt.timedelta(days=365) < at)


@check("deadline_claim", DeadlineParams)
def deadline_claim(s: Sentence, p: DeadlineParams) -> list[Finding]:
    product = s.product
    allowed = [m.span() for m in phrase_regex(tuple(p.exceptions)).finditer(s.text)] if p.exceptions else []
    allowed += [m.span() for m in _LAST_COUNT.finditer(s.text)]

    allowed += [m.span() for m in ENDED_ZH.finditer(s.text)]
    allowed += [m.span() for m in QUOTED.finditer(s.text)]  # "you'll often see 'today only' elsewhere": reported speech

    def said(phrases: list[str]) -> list[re.Match[str]]:
        return [m for m in phrase_regex(tuple(phrases)).finditer(s.text)
                if not any(a <= m.start() < b for a, b in allowed) and not negated(s.text, m.start())]

    deadline, imminent, vague = (next(iter(said(x)), None) for x in (p.deadline_phrases, p.imminent_phrases, p.vague_phrases))
    announced = [m.span() for phrases in (p.deadline_phrases, p.imminent_phrases) for m in said(phrases)]
    counting = [d.span for d in find_durations(s.text) if _counts_down(s.text, d.span)]
    announced += counting
    first = deadline or imminent or vague or (_Said(s.text, counting[0]) if counting else None)
    if first is None:
        return []
    if first is vague and _STOCK_TALK.search(s.text):
        return []  # "只剩6台了，想要的抓紧", "only 3 left, hurry": the hurry is the stock's, which the stock check judges
    if s.quotes_policy():
        return []  # "16点前付款当天发货", "限时秒杀不在价保范围": the store's policy read out as written sets no sale's deadline
    if product is None:
        return [Finding(first.span(), f"urgency ({first.group(0)!r}) with no product whose promotion could support it",
                        "no product named and no segment product")]
    state = promotion_state(product, s.at)
    ending = _ENDS.search(s.text) and not _STARTS.search(s.text)  # "Pup Week ends tonight" of one that starts tonight
    # "只剩最后十分钟" before a promotion opens counts down to nothing: running-out words never announce a start
    restricted = any(_ONLY.search(m.group(0)) for m in said(p.deadline_phrases))  # "只有今晚", "today only": no start announced
    if (state.status == "upcoming" and state.promotion is not None and not ending and not counting and not restricted
            and _announces_start(s, state.promotion, p)):
        return []
    local = s.at.astimezone(ZoneInfo(s.catalog.timezone)) if s.catalog.timezone else s.at
    if not state.active and deadline is not None and not imminent and not counting:
        said_ends = _stated_ends(s.text, local, state.promotion.ends if state.promotion else None)
        if said_ends and all(_gone_by(latest, s.at) for _, latest, _ in said_ends):
            return []  # "it was $27.99 until February 20th": a date gone by is history, not a deadline
    if not state.active or state.promotion is None or state.time_left is None:
        return [Finding(first.span(), f"urgency ({first.group(0)!r}) but no promotion is running",
                        f"{product.sku}: promotion {state.status}" +
                        (f" ({state.promotion.label}, {state.promotion.starts.isoformat()} to {state.promotion.ends.isoformat()})" if state.promotion else ""))]
    ends = state.promotion.ends
    evidence = f"{product.sku}: {state.promotion.label} ends {ends.isoformat()} ({state.time_left} from {s.at.isoformat()})"
    findings = []
    # a date in the past ("it was $49.95 until November 20th") is history, not a deadline; a date
    # in a clause that announces no deadline ("..., and today it's $34.95") is not one either
    # "tonight" and "Monday" are the store's days when the catalog names its zone
    # "ends at noon today" said at one o'clock is no history: today's hour gone by is a false deadline
    stated = [w for w in _stated_ends(s.text, local, ends) if (w[1] >= s.at or _TODAY_WORDS.search(s.text[w[2][0]:w[2][1]]))
              and _same_clause(s.text, w[2], announced)]
    slack = dt.timedelta(hours=p.tolerance_hours)
    counted = {w[2] for w in _countdowns(s.text, local)}  # windows with their own slack
    for earliest, latest, span in stated:
        pad = dt.timedelta() if span in counted else slack if latest - earliest > _DAY_WIDE else min(slack, CLOCK_SLACK)
        early = dt.timedelta() if span not in counted and latest - earliest > _DAY_WIDE else pad  # a whole day starts at its midnight
        if not earliest - early <= ends <= latest + pad:
            findings.append(Finding(span, f"states a deadline between {earliest.isoformat()} and {latest.isoformat()}", evidence))
    if not stated and imminent and state.time_left > dt.timedelta(hours=p.imminent_hours):
        findings.append(Finding(imminent.span(), f"says {imminent.group(0)!r} with {state.time_left} left", evidence))
    return findings
