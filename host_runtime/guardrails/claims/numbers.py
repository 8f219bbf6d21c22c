"""Numbers as digits, with a map back to what was said.

Speech says "forty-nine ninety-nine", "zweitausend", "trente-quatre", "一百二十九元"; every claim
parser downstream reads digits. Number words are read by text2num (English, German, French,
Spanish, Italian, Dutch, Portuguese) and Chinese numerals by cn2an; Polish, which no maintained
reader covers, by a table of its number words in the cases speech uses ("zamiast stu dwudziestu
dziewięciu euro"). This module only decides where a number is (the span) and the one reading the
libraries do not know: two spoken groups in a row are a price.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import cn2an
from text_to_num import Token, find_numbers


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


Spans = list[tuple[int, int]]


def _substitute(text: str, spans: Spans, found: list[tuple[int, int, str]]) -> tuple[str, Spans]:
    """Replace each (start, end, new text), in order and not overlapping; each new character
    maps to the whole original span it replaces."""
    out: list[str] = []
    new: Spans = []
    pos = 0
    for start, end, repl in found:
        out.append(text[pos:start])
        new.extend(spans[pos:start])
        out.append(repl)
        new.extend([(spans[start][0], spans[end - 1][1])] * len(repl))
        pos = end
    out.append(text[pos:])
    new.extend(spans[pos:])
    return "".join(out), new


def _regex(rx: re.Pattern[str], value: Callable[[re.Match[str]], str]) -> Callable[[str], list[tuple[int, int, str]]]:
    return lambda text: [(m.start(), m.end(), value(m)) for m in rx.finditer(text)]


class _Word(Token):
    """A token of the sentence as text2num reads it, with where it stands."""

    def __init__(self, match: re.Match[str]):
        self.word, self.start, self.end = match.group(0), match.start(), match.end()

    def text(self) -> str:
        return self.word


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+|[^\w\s]")
#: languages whose number words are read, English first; the others skip their words that are
#: also English words ("once", "sept", "seize") and lone articles (threshold 2: "une", "eine")
_LANGUAGES = (("en", 0), ("de", 2), ("fr", 2), ("es", 2), ("it", 2), ("nl", 2), ("pt", 2))
#: after these, "one" stands for a product ("this one", "the blue one"), it counts nothing
_PRONOUN_ONE_AFTER = re.compile(r"this|that|which|each|every|another|other|new|big|small|little|good|right|blue|black|white|red"
                                r"|green|grey|gray|pink|large|medium|same|cheaper|bigger|smaller", re.I)
#: Italian "due" is English ("due to"), "sei" is "you are" (and German "sei dabei"), "otto" a name
_ENGLISH_HOMOGRAPHS = {"de": {"elf", "null"}, "nl": {"elf"}, "fr": {"sept", "seize", "cent", "cents", "quart", "quarts"}, "es": {"once", "mil", "dos", "tres"},
                       "it": {"due", "sei", "otto", "quart", "quarts"}, "pt": {"um", "uma", "tres", "mil", "cent", "cents", "quart", "quarts", "non"}}


#: after a word that is also English ("dos", "cent"), what makes it a number: "dos euros", "cent %"
_AMOUNT_AFTER = {"%", "euro", "euros", "€", "dólares", "dolares", "días", "dias", "horas", "minutos", "semanas", "meses", "años",
                 "ore", "minuti", "giorni", "settimane", "mesi", "anni", "pezzi", "gocce", "chili", "litri",
                 "gramos", "kilos", "litros", "sobres", "unidades", "personas", "cajas", "botes", "tabletas", "comprimidos"}
#: between two spoken groups, the word that puts the cents after the units: Spanish "siete con noventa",
#: Italian "quindici e novanta" (a clock time after "alle" stays a time: "alle dieci e trenta")
_CENTS_JOINERS = {"con", "e"}
#: after two spoken groups, a unit no price is counted in: "two fifty-six gigs" is 256
_CAPACITY_UNITS = {"gigs", "gig", "gigabytes", "gb", "terabytes", "tb", "megabytes", "mb", "megapixels", "mp", "watts", "w",
                   "mah", "milliliters", "millilitres", "ml", "grams", "g", "calories", "kcal", "lumens", "rpm", "hz", "dpi",
                   "pixels", "nits", "pounds", "lbs", "miles", "feet", "cc"}
_CLOCK_BEFORE = {"alle", "dalle", "ore", "le"}
#: before an English number word, a French determiner makes it French: "four" is the oven ("au four"), "one" nothing
_FRENCH_DETERMINERS = {"au", "du", "le", "un", "des", "ce", "son", "mon", "ton", "votre", "notre"}
_ARTICLES = {"un", "une", "una", "unos", "unas", "ein", "eine", "een"}
#: before an Italian "due" or "sei", the words that make it a count ("gli ultimi due", "solo sei pezzi")
_ITALIAN_COUNT_BEFORE = {"gli", "le", "i", "ultimi", "ultime", "solo", "soltanto", "restano", "rimangono", "ancora", "altri",
                         "altre", "tra", "fra", "costa", "costano", "appena", "circa", "primi", "prime"}
#: the words that say 0 on their own; "oh nine" (0 then 9) is read as a group
_ZERO_WORDS = {"zero", "zéro", "cero", "null", "nought"}
#: after two spoken groups, a percentage: "un veinte por ciento" is 20 %, not 1.20
_PERCENT_WORDS = {"%", "percent", "prozent"}

_VAGUE_PLURAL = re.compile(r"(?:hundred|thousand|million|billion|dozen)s|centaines|milliers|millions|cientos|miles|centinaia|migliaia|milioni", re.I)

#: how month names start, in English: a spoken ordinal after one is the day of a date
_MONTH_STARTS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _spoken_hundreds(tokens: list[_Word], groups: list[tuple[int, int, float, bool]]) -> str | None:
    """ "two forty-nine ninety-nine" is 249.99 and "one oh nine ninety-nine" 109.99: a digit, then
    the tens (or "oh" and a digit), then the cents, said in a row."""
    if len(groups) < 3 or any(ordinal for *_, ordinal in groups) or any(v != int(v) for _, _, v, _ in groups):
        return None
    (_, b1, hundred, _), (a2, b2, tens, _), (a3, _, cents, _) = groups
    said_tens = a2 == b1 and 10 <= tens < 100 or a2 == b1 + 1 and tokens[b1].word.lower() == "oh" and 1 <= tens <= 9
    if not (said_tens and 1 <= hundred <= 9 and 10 <= cents < 100 and a3 == b2):
        return None
    return f"{int(hundred * 100 + tens)}.{int(cents):02d}"


#: an acronym, as the word after two spoken groups ("EPA", "DHA", "GB"); currency codes keep the price reading
_ACRONYM = re.compile(r"[A-Z]{2,5}")
_CURRENCY_CODES = {"usd", "eur", "cny", "rmb", "gbp", "jpy"}


def _after_date(tokens: list[_Word], start: int, out: list[tuple[int, int, str]]) -> bool:
    """Whether the token before ``start`` (commas aside) ends a date: a month name, or a day of the
    month just read ("October thirty-first,"): a spoken pair after it is a year."""
    k = start - 1
    while k >= 0 and not tokens[k].word.isalnum():
        k -= 1
    if k < 0:
        return False
    word = tokens[k].word.lower()
    if word.isalpha() and word.startswith(_MONTH_STARTS) and len(word) >= 3:
        return True
    ends = tokens[k].end
    return any(e == ends and v.isdigit() and 1 <= int(v) <= 31 for _, e, v in out) and k > 0 and \
        any(t.word.lower().startswith(_MONTH_STARTS) and t.word.isalpha() for t in tokens[max(0, k - 3):k])

#: Polish number words by stem, each with the case endings speech gives it ("trzy", "trzech"; "sto", "stu";
#: "dwadzieścia", "dwudziestu"); the value is the word's, a group adds them ("sto dwadzieścia dziewięć" is 129)
_PL_WORDS: dict[str, int] = {
    **dict.fromkeys(("zero",), 0), **dict.fromkeys(("jeden", "jedna", "jedno", "jednego", "jednej", "jednym", "jedną"), 1),
    **dict.fromkeys(("dwa", "dwie", "dwóch", "dwu", "dwoma", "dwiema", "dwom"), 2),
    **dict.fromkeys(("trzy", "trzech", "trzem", "trzema"), 3), **dict.fromkeys(("cztery", "czterech", "czterem", "czterema"), 4),
    **dict.fromkeys(("pięć", "pięciu", "pięcioma"), 5), **dict.fromkeys(("sześć", "sześciu", "sześcioma"), 6),
    **dict.fromkeys(("siedem", "siedmiu", "siedmioma"), 7), **dict.fromkeys(("osiem", "ośmiu", "ośmioma"), 8),
    **dict.fromkeys(("dziewięć", "dziewięciu", "dziewięcioma"), 9), **dict.fromkeys(("dziesięć", "dziesięciu", "dziesięcioma"), 10),
    **dict.fromkeys(("jedenaście", "jedenastu"), 11), **dict.fromkeys(("dwanaście", "dwunastu"), 12),
    **dict.fromkeys(("trzynaście", "trzynastu"), 13), **dict.fromkeys(("czternaście", "czternastu"), 14),
    **dict.fromkeys(("piętnaście", "piętnastu"), 15), **dict.fromkeys(("szesnaście", "szesnastu"), 16),
    **dict.fromkeys(("siedemnaście", "siedemnastu"), 17), **dict.fromkeys(("osiemnaście", "osiemnastu"), 18),
    **dict.fromkeys(("dziewiętnaście", "dziewiętnastu"), 19), **dict.fromkeys(("dwadzieścia", "dwudziestu"), 20),
    **dict.fromkeys(("trzydzieści", "trzydziestu"), 30), **dict.fromkeys(("czterdzieści", "czterdziestu"), 40),
    **dict.fromkeys(("pięćdziesiąt", "pięćdziesięciu"), 50), **dict.fromkeys(("sześćdziesiąt", "sześćdziesięciu"), 60),
    **dict.fromkeys(("siedemdziesiąt", "siedemdziesięciu"), 70), **dict.fromkeys(("osiemdziesiąt", "osiemdziesięciu"), 80),
    **dict.fromkeys(("dziewięćdziesiąt", "dziewięćdziesięciu"), 90), **dict.fromkeys(("sto", "stu"), 100),
    **dict.fromkeys(("dwieście", "dwustu"), 200), **dict.fromkeys(("trzysta", "trzystu"), 300),
    **dict.fromkeys(("czterysta", "czterystu"), 400), **dict.fromkeys(("pięćset", "pięciuset"), 500),
    **dict.fromkeys(("sześćset", "sześciuset"), 600), **dict.fromkeys(("siedemset", "siedmiuset"), 700),
    **dict.fromkeys(("osiemset", "ośmiuset"), 800), **dict.fromkeys(("dziewięćset", "dziewięciuset"), 900),
    **dict.fromkeys(("tysiąc", "tysiące", "tysięcy", "tysiąca"), 1000)}
#: Polish words that are also German ("jeden Tag") or Italian ("sto arrivando"): a number only inside a group
#: or in a sentence that is Polish by its letters or its other number words
_PL_HOMOGRAPHS = {"jeden", "sto", "zero"}
#: English number words that are Polish words in a Polish sentence ("ten" is "this")
_POLISH_NOT_ENGLISH = {"ten"}
#: common Polish words without Polish letters, which make a sentence Polish ("kto pierwszy, ten lepszy")
_POLISH_WORDS = {"kto", "jest", "tylko", "jeszcze", "czy", "dla", "oraz", "albo", "pierwszy", "teraz", "bardzo"}
_PL_LETTERS = re.compile(r"[ąęłńśźżć]", re.I)


def _polish_numbers(tokens: list[_Word], polish: bool) -> list[tuple[int, int, int]]:
    """(first token, end token, value) of each run of Polish number words: hundreds, then tens, then
    units, each place once ("dwa dziewięćdziesiąt dziewięć" is two runs, 2 and 99: a price)."""
    out: list[tuple[int, int, int]] = []
    i = 0
    while i < len(tokens):
        value = _PL_WORDS.get(tokens[i].word.lower())
        if value is None:
            i += 1
            continue
        start, total, place, thousands = i, 0, 10_000, 0
        while i < len(tokens):
            value = _PL_WORDS.get(tokens[i].word.lower())
            if value is None:
                break
            if value == 1000:
                thousands, total, place = (total or 1) * 1000, 0, 1000
                i += 1
                continue
            size = 100 if value >= 100 else 10 if value >= 10 else 1
            if size >= place:
                break
            total += value
            place = 0 if 10 <= value < 20 else size  # a teen fills the tens and the units
            i += 1
        if i - start == 1 and tokens[start].word.lower() in _PL_HOMOGRAPHS and not polish:
            continue
        out.append((start, i, thousands + total))
    return out


def _number_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) for every run of number words; "forty-nine ninety-nine" is 49.99,
    the way prices are spoken."""
    tokens = [_Word(m) for m in _TOKEN.finditer(text)]
    taken: list[tuple[int, int, float, bool]] = []  # token start, token end, value, ordinal
    polish = bool(_PL_LETTERS.search(text)) or any(t.word.lower() in _PL_WORDS and t.word.lower() not in _PL_HOMOGRAPHS
                                                  or t.word.lower() in _POLISH_WORDS for t in tokens)
    for lang, threshold in _LANGUAGES:
        found = find_numbers(tokens, lang, threshold=threshold)
        starts = {occ.start for occ in found}
        for occ in found:
            words = {t.word.lower() for t in tokens[occ.start:occ.end]}
            follows = tokens[occ.end].word.lower() if occ.end < len(tokens) else ""
            a_number = follows in _CENTS_JOINERS and occ.end + 1 in starts  # "sei e novantacinque"
            if lang == "it" and occ.start > 0 and tokens[occ.start - 1].word.lower() in _ITALIAN_COUNT_BEFORE:
                a_number = True  # "restano gli ultimi due": a count, whatever follows
            if (lang != "en" and occ.end - occ.start == 1 and words & _ENGLISH_HOMOGRAPHS[lang]
                    and occ.end not in starts and follows not in _AMOUNT_AFTER and not a_number):
                continue  # "Sept 30", "50 cents": the English word; "trois cent", "vingt-sept", "sept quatre-vingt-dix", "dos euros" are numbers
            if lang != "en" and occ.end - occ.start == 1 and words & _ARTICLES and occ.end in starts:
                continue  # "un veinte por ciento", "une vingtaine": the article, then the number
            if lang == "en" and polish and occ.end - occ.start == 1 and tokens[occ.start].word.lower() in _POLISH_NOT_ENGLISH:
                continue  # "kto pierwszy, ten lepszy": Polish "ten" is "this one"
            if lang == "en" and occ.end - occ.start == 1 and occ.start > 0 and tokens[occ.start - 1].word.lower() in _FRENCH_DETERMINERS:
                continue  # "au four", "le four": the French oven, not the English 4
            if occ.end - occ.start == 1 and occ.value == 0 and not words & _ZERO_WORDS:
                continue  # English reads a lone "o", "os", "oh" as 0: Spanish "o" (or), "os" (you), an interjection
            if all(t.word.isdigit() for t in tokens[occ.start:occ.end] if t.word.isalnum()):
                continue  # already digits
            if occ.end - occ.start == 1 and _VAGUE_PLURAL.fullmatch(tokens[occ.start].word):
                continue  # "thousands", "hundreds": a vague count, not a number ("sechs", "trois" are numbers)
            if (occ.end - occ.start == 1 and tokens[occ.start].word.lower() == "one" and occ.start > 0
                    and _PRONOUN_ONE_AFTER.fullmatch(tokens[occ.start - 1].word)):
                continue  # "this one offers SPF 50", "the blue one": a pronoun, not a count
            overlapping = [t for t in taken if t[0] < occ.end and occ.start < t[1]]
            if overlapping and not all(occ.start <= a and b <= occ.end and b - a < occ.end - occ.start for a, b, _, _ in overlapping):
                continue
            # a longer reading holds the shorter ones inside it: Portuguese "quarenta e nove" is 49, not Italian "nove"
            taken = [t for t in taken if t not in overlapping]
            taken.append((occ.start, occ.end, occ.value, occ.is_ordinal))
    for start, end, value in _polish_numbers(tokens, polish):
        if not any(a < end and start < b for a, b, _, _ in taken):
            taken.append((start, end, value, False))
    taken.sort()
    out: list[tuple[int, int, str]] = []
    i = 0
    while i < len(taken):
        a, b, value, ordinal = taken[i]
        nxt = taken[i + 1] if i + 1 < len(taken) else None
        hundreds = _spoken_hundreds(tokens, taken[i:i + 3])
        if hundreds:
            out.append((tokens[a].start, tokens[taken[i + 2][1] - 1].end, hundreds))
            i += 3
            continue
        # "siete con noventa", "sesenta y cuatro con noventa", "quindici e novanta": the cents after "con", "e"
        joined = nxt and (nxt[0] == b or nxt[0] == b + 1 and tokens[b].word.lower() in _CENTS_JOINERS
                          and not (a > 0 and tokens[a - 1].word.lower() in _CLOCK_BEFORE))
        said_after = tokens[nxt[1]].word if nxt and nxt[1] < len(tokens) else ""
        after = said_after.lower()
        # "three sixty EPA", "two forty DHA": an acronym after the pair names what is measured, as a unit does
        measured = after in _CAPACITY_UNITS or (_ACRONYM.fullmatch(said_after) is not None and after not in _CURRENCY_CODES)
        if (joined and nxt[0] == b and measured and 1 <= value <= 9 and value == int(value)
                and 10 <= nxt[2] < 100 and not ordinal and not nxt[3]):
            out.append((tokens[a].start, tokens[nxt[1] - 1].end, str(int(value * 100 + nxt[2]))))
            i += 2  # "two fifty-six gigs" is 256 GB, said the way a price is, never money
            continue
        if joined and nxt[0] == b and value in (19, 20) and not ordinal and not nxt[3] and 0 <= nxt[2] < 100 and _after_date(tokens, a, out):
            out.append((tokens[a].start, tokens[nxt[1] - 1].end, f"{int(value)}{int(nxt[2]):02d}"))
            i += 2  # "October thirty-first, twenty twenty-eight": the year of the date, never $20.28
            continue
        if (joined and not ordinal and not nxt[3] and 0 < value < 1000 and value == int(value)
                and 10 <= nxt[2] < 100 and nxt[2] == int(nxt[2]) and after not in _PERCENT_WORDS):
            out.append((tokens[a].start, tokens[nxt[1] - 1].end, f"{int(value)}.{int(nxt[2]):02d}"))
            i += 2
            continue
        dated = ordinal and a > 0 and tokens[a - 1].word.lower().startswith(_MONTH_STARTS) and 1 <= value <= 31
        # "on the twenty-fifth", "Thursday the thirtieth": a day of the month, unless a noun follows ("on the first try")
        dated = dated or (ordinal and a > 1 and tokens[a - 1].word.lower() == "the" and 1 <= value <= 31
                          and (tokens[a - 2].word.lower() == "on" or tokens[a - 2].word.lower().endswith("day"))
                          and not (b < len(tokens) and tokens[b].word.isalpha() and tokens[b].word.lower() != "of"))
        if not ordinal or dated:  # "the first one" stays words; "February twentieth" is a date
            out.append((tokens[a].start, tokens[b - 1].end, f"{value:g}" if value != int(value) else str(int(value))))
        i += 1
    return out


#: Chinese units and measure words, spoken after a number, as the English the checks read
_CN_UNITS = {"小时": " hours", "个小时": " hours", "分钟": " minutes", "秒": " seconds", "天": " days", "美元": " dollars",
             "美金": " dollars", "刀": " dollars", "块钱": " dollars", "块": " dollars", "元": " yuan", "欧元": " euros", "毫升": " ml",
             "升": " l", "千克": " kg", "公斤": " kg", "克": " g", "瓦": " W", "毫安时": " mAh", "毫安": " mAh", "倍": " times",
             "千帕": " kPa", "帕": " Pa", "分贝": " dB", "毫克": " mg", "厘米": " cm", "毫米": " mm", "平方米": "平方米", "平米": "平方米",
             "米": " m"}
#: what Chinese counts goods in ("只剩最后两床": quilts, "最后三台"), and beside them people, times, ages
CN_STOCK_MEASURE = "件台个双瓶支套盒罐包只条袋份箱张本片桶盏辆床把副枚颗粒卷组"
_CN_MEASURE = CN_STOCK_MEASURE + "人位单次折岁斤"
#: a Chinese numeral counts only before a measure word or unit: 一起 ("together") is no number
#: a unit that is also the start of a noun: 刀 is slang for dollars, 三刀头 a three-blade head, 刀片 a blade
_CN_UNIT_NOT_BEFORE = {"刀": "(?![头片具锋柄刃网])"}
_CN_UNIT_ALTS = "|".join(u + _CN_UNIT_NOT_BEFORE.get(u, "") for u in sorted(_CN_UNITS, key=len, reverse=True))
#: the shortest numeral before its unit: "一点四千克" is 1.4 kg, not "一点四千" of grams
_CN_NUMBER = re.compile(rf"[零一二两三四五六七八九十百千万点]+?(?=[{_CN_MEASURE}]|{_CN_UNIT_ALTS})")
_CN_UNIT_AFTER_DIGIT = re.compile(rf"(?<=\d)\s*({_CN_UNIT_ALTS})")


def _cn_value(numeral: str) -> str:
    try:
        value = cn2an.cn2an(numeral, "smart")
    except ValueError:
        return numeral
    return f"{value:g}" if isinstance(value, float) else str(value)


def _cn_numeral(m: re.Match[str]) -> str:
    value = _cn_value(m.group(0))
    return f" {value}" if m.start() and m.string[m.start() - 1].isdigit() else value  # "79一盒": 79, then 1 box


#: a price cue before a bare Chinese numeral ("只要一百二十九", "价格是八十九"): the numeral is the price
_CN_PRICE_NUMBER = re.compile(r"(?:立省|直降|立减|现在|今天|今晚|直接|只要|仅需|售价|现价|到手价?|价格(?:是|为)?|价是|才卖|只卖|就卖|仅售|卖|活动价|秒杀价?|直播价|原价|划线价|日常价|减完|(?<!评)价)"
                              r"[：:\s]*(?:就是|也是|还是|是|为)?\s*(?P<n>[零一二两三四五六七八九十百千万]+(?:点[零一二三四五六七八九]+)?)"
                              #: "五十五一份": the price, then the one portion it buys
                              rf"(?!(?!一[{CN_STOCK_MEASURE}])[零一二两三四五六七八九十百千万点号月日天时分秒年岁{_CN_MEASURE}]|个?小时|分钟)"
                              #: "电饭煲二百九十九，赶紧拍", "手环还是一百四十九，放心拍": a number of hundreds the viewer is told to buy at
                              r"|(?:还是|就是)?(?<![零一二两三四五六七八九十百千万点])(?P<n2>[一二两三四五六七八九][百千][零一二两三四五六七八九十]*)(?=[，,！!。\s]*(?:赶紧|直接|快|马上|放心|闭眼)?(?:拍|下单|抢|入手|冲|只到)"
                              #: "一百三十八一盒": hundreds said against one pack are its price
                              rf"|一[{CN_STOCK_MEASURE}]"
                              #: "温奶器一百四十九。": hundreds said alone after what they price end the sentence
                              r"|[。！!]?\s*$"
                              #: "二百三十九，原价二百九十九": hundreds said before a former price are the price
                              r"|[，,]\s*(?:原价|划线价|日常价))")


#: a time word as the cue: "今晚八点三八女王节开始" says eight o'clock, then the festival, no 8.38
_CN_TIME_CUE = re.compile(r"现在|今天|今晚|明天|明晚")


def _cn_price_numbers(text: str) -> list[tuple[int, int, str]]:
    # the bare hundreds before "拍" are said as 块 would be ("二百九十九块，赶紧拍")
    return [(m.start(g), m.end(g), _cn_value(m[g]) + (_CN_UNITS["块"] if g == "n2" else ""))
            for m in _CN_PRICE_NUMBER.finditer(text) for g in ("n", "n2")
            if m[g] and not (g == "n" and "点" in m[g] and _CN_TIME_CUE.match(m.group(0)))]


_CN_DIGIT = "[零一二两三四五六七八九]|\\d"
#: "三十四块九毛五", "九块九": yuan (or the colloquial 块) with tenths and hundredths after them
_CN_MEASURE_NOT_BAO = _CN_MEASURE.replace("包", "")  # "九块九包邮" is 9.90, "68元一包" is 68
#: "十九块九一瓶" is 19.90 for one jar: a 一 before a measure word starts the next words
_CN_MONEY = re.compile(rf"(?P<n>[零一二两三四五六七八九十百千万]+|\d+)\s*(?P<u>块|元)\s*(?P<t>{_CN_DIGIT})\s*[毛角]?\s*(?P<c>{_CN_DIGIT})?\s*分?"
                       rf"(?!(?!一[{CN_STOCK_MEASURE}])[\d零一二两三四五六七八九十百千万])(?!\s*(?:[{_CN_MEASURE_NOT_BAO}]|包(?!邮)))")


def _cn_money(m: re.Match[str]) -> str:
    tenths, cents = (_cn_value(x) if x else "0" for x in (m["t"], m["c"]))
    return f"{_cn_value(m['n'])}.{tenths}{cents}{_CN_UNITS[m['u']]} "


#: "1,80 Meter", "1,5 l", "0,3 %": a European decimal comma (no space after it, one or two digits, a unit next)
_DECIMAL_COMMA = re.compile(r"(?<![\d,.])\d+,\d{1,2}(?=\s?(?:[a-zA-Zµ°%]|$))(?!\s?(?:and|or|und|oder|et|ou|y)\b)")
#: "half a liter", "pół kilo", "meio litro" are quantities (0.5 l); "half an hour" stays a duration and "half price" a discount
_HALF_UNIT = re.compile(r"\bhalf an? (?=(?:liter|litre|gallon|kilo(?:gram)?|kilogram|pound|meter|metre|mile|ounce|cup|pint|quart)s?\b)"
                        r"|(?<!\bi )\b(?:pół|meio|meia) (?=(?:kilo|litra|litro|quilo|metra|metro)\b)", re.I)
_TIMES_WORDS = {"twice": "2 times", "thrice": "3 times", "a dozen": "12", "half a dozen": "6"}
_TIMES = re.compile(r"\b(?:twice|thrice|(?:half )?a dozen)\b", re.I)

#: "point nine liters", "one point five kilos": a spoken decimal, once its parts are digits
_SPOKEN_DECIMAL = re.compile(r"(?:(?<![\d.])(?P<a>\d+)\s+)?\bpoint\s+(?P<b>\d)\b(?![.,]?\d)", re.I)

#: "百分之九十九点九", "百分百": a Chinese percentage, as "99.9%"
_CN_PERCENT = re.compile(r"百分之(?P<n>[零一二两三四五六七八九十百]+(?:点[零一二三四五六七八九]+)?)|百分百")


def _cn_percent(m: re.Match[str]) -> str:
    return f"{_cn_value(m['n'])}%" if m["n"] and m["n"] != "百" else "100%"


#: "veinte por ciento", "quinze pour cent", "trenta per cento", "veertig procent": a percentage, before "ciento" and "cent" are read as 100;
#: "cent pour cent" ("cento per cento") stays words: an intensifier ("garanti à cent pour cent"), judged as an absolute term, no share
_PERCENT_SPOKEN = re.compile(r"(?<!\bcent )(?<!\bcento )(?<!\bhonderd )\b(?:por ciento|por cento|pour cent|per cento|procent)\b", re.I)

#: "nueve kilos y medio", "deux heures et demie", "drie uur en een half", "dois quilos e meio": the half after the unit, as a decimal
_AND_HALF = re.compile(r"(?<![\d.,])(?P<n>\d+)\s+(?P<u>[^\W\d_]+)\s+(?:y|e|et|und|en)\s+(?:medio|media|mezzo|mezza|meio|meia|demie?|(?:ein )?halb|een half)\b", re.I)
#: "dwa i pół kilo", "two and a half hours": the half said before the unit
_AND_HALF_BEFORE = re.compile(r"(?<![\d.,])(?P<n>\d+)\s+(?:i\s+pół|and\s+a\s+half)\s+(?P<u>[^\W\d_]+)", re.I)

#: "six kilos deux", "un mètre quatre-vingts", "tres kilos cuatro": the decimals said after the unit
_UNIT_THEN_TENTHS = re.compile(r"(?<![\d.,])(?P<n>\d+)\s+(?P<u>kilos?|kilogrammes?|kilogramm|chili|chilo|mètres?|metros?|metri|metro|meter|litres?|litros?|litri|liter)"
                               r"\s+(?P<d>\d{1,2})(?!\d|[.,]\d)(?=\s*(?:[,.;!?]|$|et\b|y\b|e\b|und\b|en\b|and\b))", re.I)

#: "un euro con noventa", "ein Euro zwanzig": the article before a currency counts one
_ONE_CURRENCY = re.compile(r"\b(?:un|une|ein|einen|uno)\s+(?=euros?\b|€)", re.I)

#: "半小时", "一个半小时": half hours, which no digit says, as minutes ("最后半小时" is a countdown of 30)
_CN_HALF_HOUR = re.compile(r"(?P<n>[一两二三四五六七八九十]+|\d+)?个?半个?小时")


#: "十五到二十平方米": the low end of a range, a numeral before "到" and the high end once it is digits
_CN_RANGE_LOW = re.compile(r"(?<![\d零一二两三四五六七八九十百千万点])[零一二两三四五六七八九十百千万点]+(?=\s*[到至]\s*\d)")
#: "一米八", "1米5", "一米六八": metres with the next digits after 米, as a decimal
_CN_METRE = re.compile(r"(?<![\d.])(?P<n>\d+)\s*米(?P<d>[零一二三四五六七八九\d]{1,2})(?![\d零一二三四五六七八九十百千万点])")
#: "两斤半", "两斤八两": jin with a half or with liang (a tenth of a jin) after them, as a decimal of jin
_CN_JIN = re.compile(r"(?<![\d.])(?P<n>\d+)\s*斤(?:(?P<half>半)|(?P<l>[一二三四五六七八九]|\d)两)")
#: "1.2万台", "2万多条": digits before 万 are tens of thousands ("一万二千台" is read as 12000 too)
_DIGIT_WAN = re.compile(r"(?<![\d.])(?P<n>\d+(?:\.\d+)?)\s*万(?![元块])")


def _cn_jin(m: re.Match[str]) -> str:
    tenths = "5" if m["half"] else _cn_value(m["l"])
    return f"{m['n']}.{tenths}斤"


def _cn_half_hour(m: re.Match[str]) -> str:
    whole = int(float(_cn_value(m["n"]))) if m["n"] else 0
    return f"{whole * 60 + 30} minutes"


_STEPS: tuple[Callable[[str], list[tuple[int, int, str]]], ...] = (
    _regex(_PERCENT_SPOKEN, lambda m: "%"),
    _regex(_DECIMAL_COMMA, lambda m: m.group(0).replace(",", ".")),
    _regex(_HALF_UNIT, lambda m: "0.5 "),
    _regex(_TIMES, lambda m: _TIMES_WORDS[m.group(0).lower()]),
    _number_words,
    _regex(_AND_HALF, lambda m: f"{m['n']}.5 {m['u']}"),
    _regex(_AND_HALF_BEFORE, lambda m: f"{m['n']}.5 {m['u']}"),
    _regex(_UNIT_THEN_TENTHS, lambda m: f"{m['n']}.{m['d']} {m['u']}"),
    _regex(_ONE_CURRENCY, lambda m: "1 "),
    _regex(_SPOKEN_DECIMAL, lambda m: f"{m['a'] or 0}.{m['b']}"),
    _regex(_CN_PERCENT, _cn_percent),
    _regex(_CN_MONEY, _cn_money),
    _cn_price_numbers,
    _regex(_CN_HALF_HOUR, _cn_half_hour),
    _regex(_CN_NUMBER, _cn_numeral),
    _regex(_CN_RANGE_LOW, lambda m: _cn_value(m.group(0))),
    _regex(_CN_METRE, lambda m: f"{m['n']}.{''.join(_cn_value(c) for c in m['d'])} m "),
    _regex(_CN_UNIT_AFTER_DIGIT, lambda m: _CN_UNITS[m.group(1)] + " "),
    _regex(_CN_JIN, _cn_jin),
    _regex(_DIGIT_WAN, lambda m: f"{float(m['n']) * 10000:g}"),
)


def normalise_numbers(text: str) -> Normalised:
    """Numbers as digits and units as the checks read them: "twelve hours" -> "12 hours",
    "forty-nine ninety-nine" -> "49.99", "二十四小时" -> "24 hours", "59美元" -> "59 dollars"."""
    body, spans = text, [(i, i + 1) for i in range(len(text))]
    for step in _STEPS:
        body, spans = _substitute(body, spans, step(body))
    return Normalised(text, body, tuple(a for a, _ in spans), tuple(b for _, b in spans))
