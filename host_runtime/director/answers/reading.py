"""A viewer's question read into what the matcher compares: its language, and its clauses as
English word stems.

Why English stems: fact names, the topic cues and the attribute groups are written once, in
English; a German, French or Chinese question has its words for prices, stock, batteries or
sizes said in English first (vocabulary.yaml, ``languages``), its filler dropped. Whatever has
no English word stays as written, so a question about something the catalog lacks is still
seen to ask about it. Clauses are kept apart ("how heavy is it, and what colour?") so each
part is answered, or admitted as not known, on its own.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import cn2an

from .vocabulary import Stems, lexicon, stem, vocabulary, words

#: a Chinese character: shared by the readers and matchers that treat Chinese apart
CJK = re.compile(r"[\u3400-\u9fff]")
#: where a question's parts divide: punctuation, and "and"/"und"/"et"/"和" between asks
_CLAUSE = re.compile(r"[,;?!.:。，；？！、]+|\s(?:and|also|plus|und|et|sowie)\s|\s&\s|和|还有|以及")
#: how viewers address the host and each other: dropped before any word is read ("家人们" holds 人, people)
_ZH_ADDRESS = re.compile(r"家人们|宝宝们|姐妹们|集美们|老铁们|兄弟们|朋友们|小伙伴们|主播")
#: "哪个更重": which of the products named is asked, never a count in 个 ("2个USB-C"); "我家猫": the viewer's own; 用/穿着/坐/打 (打豆浆): using it
_ZH_FILLER = re.compile(r"我家|家里的|家里|哪一个更|哪个更|哪款更|哪一个|哪个|哪款|跟|适用|含|咋样|咋|啥|呀|哇|嘛|一共|总共|直接|里面|下单了|下单|东西|丢进|丢|都|吃|喝|戴着|补|穿着|坐|打|用|带着|哪里|哪儿|把|给个|用的|这个|那个|这款|那款|请问|一下|吗|呢|吧|啊|的|是|有没有|可以|能不能|能|会|我|你们|你|它|了|么|什么|怎么样|怎样|多少|有|那|这|一盒|一瓶|一支|一个|支持")

#: a French elided article or pronoun before a vowel ("l'huile", "d'où", "qu'il")
_ELIDED = re.compile(r"^(l|d|j|m|n|s|t|c|qu)'[aeiouyhàâéèêëîïôûù]")
#: an elided article, preposition or pronoun, by language: a word of its own once set apart ("l'écharpe",
#: "c'è", "dell'acquario", "all'app")
_ELISION = {"fr": re.compile(r"(?<![\wà-ÿ])(l|d|j|m|n|s|t|c|qu)'(?=[\wà-ÿ])"),
            "it": re.compile(r"(?<![\wà-ÿ])(l|d|c|un|dell|all|dall|nell|sull|quell|quest|anch|com|dov|cos)'(?=[\wà-ÿ])")}
_ZH_A_NOT_A = re.compile(r"([\u3400-\u9fff]{1,2})不\1")
#: "防水不？", "支持wifi不": a question ended by 不 asks the word before it once (a Latin word too)
_ZH_NOT_ASK = re.compile(r"([\u3400-\u9fffa-z0-9])不(?=\s*(?:[?？。!！,，]|$))")
#: "支持5g的wifi吗": a band said beside Wi-Fi is what the Wi-Fi fact answers ("仅支持2.4GHz"), no part of its own
_ZH_WIFI_BAND = re.compile(r"\d(?:\.\d)?\s*g(?:hz)?\s*(?:的|频段)?\s*(?=wi-?fi|无线)")
#: "1500瓦的电磁炉能带动吗": whether it can power an appliance is asked by the appliance's wattage; what
#: the appliance is and where it is used are no part of what the catalog is asked
_ZH_POWERS = re.compile(r"带动|带得动|带不动|带得了|带不了")
_ZH_WATTS = re.compile(r"\d+(?:\.\d+)?\s*(?:千瓦|瓦|kw|w)(?![a-z])", re.I)
#: "2000卖我", "改成999", "便宜到999": a bare number offered as a price asks the price (said as the catalog has it)
_ZH_OFFER = re.compile(r"(?:改成|改为|改到|降到|便宜到|算我|卖我|卖)\s*(?=\d)|(?<=\d)\s*(?:块钱|块|元)?\s*(?:卖给我|卖我|卖|给我)")
_ZH_SENTENCE = re.compile(r"([^，,。？?！!；;]+)")
#: the shopping festivals named by their day ("去年618的时候", "双11那会儿"): that day, where the catalog runs no
#: promotion by the name (a label is read as the promotion before this)
_ZH_FESTIVALS = ((re.compile(r"(?<![\d.])618(?![\d.]|\s*(?:元|块|¥))"), " june 18 "),
                 (re.compile(r"双\s*(?:11|十一)(?![\d])"), " november 11 "),
                 (re.compile(r"双\s*(?:12|十二)(?![\d])"), " december 12 "))
#: "二尺三", "两尺半": a length in 市尺 (1 尺 = 10 寸 = 1/3 m), as a waist is said: read in centimetres
_ZH_CHI = re.compile(r"([一二两三四五六七八九十]+|\d+)尺([一二三四五六七八九半]|\d)?")
#: "一米七", "1米65": a height in metres and the tenths and hundredths after them, said in centimetres
_ZH_METRE = re.compile(r"([一两]|1)\s*米\s*([一二三四五六七八九]|\d)([一二三四五六七八九]|\d)?(?![\d\u3400-\u9fff]*(?:米|厘米))")
#: "我172 穿哪个", "我一米七", "我身高165": a viewer gives their height in centimetres after 我
#: (said as a height, not a length in cm: the viewer's own, which no length of the product is)
_ZH_MY_HEIGHT = re.compile(r"(?<=我)\s*(?:身高|个子)?\s*(1[4-9]\d)\s*(?:cm|厘米|公分)?(?![\d.]|\s*(?:斤|公斤|千克|克|元|块|毫|mm))", re.I)
#: "台面深度就50公分 放得下不", "我家柜子40公分深 装得下吗": whether it fits, beside a measure of the viewer's
#: own; what the viewer measured (a counter, a cabinet) is no part of what the catalog is asked
_ZH_FITS = re.compile(r"\bfits\b")
_ZH_LENGTH = re.compile(r"\d\s*(?:公分|厘米|毫米|米|cm|mm|m)(?![a-z])", re.I)
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
#: German sets a comma before a subordinate clause ("…, um etwas zurückzuschicken", "…, ob sie passt"):
#: it goes on with the same question, no part of its own
_DE_SUBORDINATE = re.compile(r",\s*(?=(?:um|dass|ob|wenn|damit|weil|falls)\b)")
#: before a one-character unit ("1.5米", "多少克", "几寸"): elsewhere the character is a word of its own
#: (大米, 新米, 巧克力), never a unit
_ZH_COUNTED = re.compile(r"(?:\d|几|多少|how many|how much)\s*$")


@dataclass(frozen=True)
class Reading:
    """A question as the matcher sees it."""

    text: str  # as written
    lang: str  # en, de, fr or zh
    english: str  # with the words the vocabulary knows said in English (for product names)
    clauses: tuple[Stems, ...]  # each part's word stems, filler included (phrases span it)
    parts: tuple[str, ...]  # each part as written (the vocabulary's words in English), for the encoder


def language_of(text: str) -> str:
    """zh by script; otherwise the language whose filler words the question uses most (English on a tie)."""
    if CJK.search(text):
        return "zh"
    said = set(words(text))
    said |= {m[1] for w in said if (m := _ELIDED.match(w))}  # "d'où vient l'huile": French by its articles
    en = len(said & set(vocabulary().stopwords))
    # a language's filler and its own words for what is asked ("envíos", "frete"): Spanish, Portuguese and
    # Italian share much of their filler, and a short question may hold little of it
    scores = {lang: len(said & set(spec.stopwords)) + len(said & _own_words(lang))
              for lang, spec in vocabulary().languages.items() if spec.stopwords}
    if "es" in scores and re.search(r"[¿¡]", text):
        scores["es"] += 1  # "¿y la cafetera?": only Spanish opens a question with its mark ("y" and "la" are French too)
    best = max(scores, key=lambda k: scores[k], default="en")
    return best if scores.get(best, 0) > en else "en"


@functools.cache
def _own_words(lang: str) -> frozenset[str]:
    """The words of ``lang``'s vocabulary, phrases' words included ("elettrica" of "bici elettrica"),
    that no English reading of any language writes ("prezzo", not "app" nor "piano"): what tells a
    question's language apart beside its filler."""
    english = set(vocabulary().stopwords).union(*(words(e) for spec in vocabulary().languages.values()
                                                  for e in spec.words.values()))
    return frozenset(w for phrase in vocabulary().languages[lang].words for w in words(phrase)) - english


@functools.cache
def _phrases(lang: str) -> tuple[tuple[str, str, re.Pattern[str] | None], ...]:
    """``lang``'s vocabulary, longest phrase first, each with its English and the pattern that finds
    it as a whole word (none in Chinese, which has no spaces): compiled once, not per question (the
    hundreds of phrases of a language overflow ``re``'s own cache)."""
    spec = vocabulary().languages[lang]
    return tuple((phrase, f" {spec.words[phrase]} ",
                  None if lang == "zh" else re.compile(rf"(?<![\wà-ÿ]){re.escape(phrase)}(?![\wà-ÿ])"))
                 for phrase in sorted(spec.words, key=len, reverse=True))


def in_english(text: str, lang: str, keep: tuple[str, ...] = ()) -> str:
    """The question with the vocabulary's words of ``lang`` said in English, longest first; the words
    of ``keep`` stay as written (each set apart as a word), so no shorter word inside them is said."""
    spec = vocabulary().languages.get(lang)
    if spec is None:
        return text
    out = text.lower()
    for n, word in enumerate(keep):  # a private-use character stands for each until the end
        out = out.replace(word, chr(0xE000 + n))
    if lang == "zh":  # "重不重", "吵不吵": a yes-no question asks about the word once; "防水不？" too
        out = _ZH_NOT_ASK.sub(r"\1", _ZH_A_NOT_A.sub(r"\1", _ZH_ADDRESS.sub(" ", out)))
        out = _ZH_WIFI_BAND.sub("", out)
        out = _ZH_OFFER.sub(" sell me ", _ZH_SENTENCE.sub(_powering, out))
        out = _priced_per().sub(r"\1", out)
        out = _ZH_CHI.sub(_in_centimetres, out)
        out = _ZH_MY_HEIGHT.sub(r" height \1 ", _ZH_METRE.sub(_metres, out))
        for festival, day in _ZH_FESTIVALS:
            out = festival.sub(day, out)
    units = _one_character_units() if lang == "zh" else frozenset()
    for phrase, english, pattern in _phrases(lang):
        if phrase in units:
            out = "".join(english if part == phrase and _ZH_COUNTED.search(out_before) else part
                          for out_before, part in _split_keeping(out, phrase))
        elif pattern is None:
            out = out.replace(phrase, english)
        else:
            out = pattern.sub(english, out)
    if lang == "zh":
        out = _ZH_SENTENCE.sub(_fitting, _ZH_FILLER.sub(" ", out))
    for n, word in enumerate(keep):
        out = out.replace(chr(0xE000 + n), f" {word} ")
    else:
        if lang == "de":  # "Wie lange habe ich Zeit, um es zurückzuschicken?": a comma opens a clause of the same ask
            out = _DE_SUBORDINATE.sub(" ", out)
        if lang in _ELISION:  # "l'écharpe", "c'è": the elided word is a word of its own (phrases were said above)
            out = _ELISION[lang].sub(r"\1 ", out)
        out = re.sub(r"[¿¡]", " ", out)  # "¿la cámara...?": Spanish opens a question with its mark
        filler = set(spec.stopwords)
        # "gibt es?": a filler word is filler with the punctuation after it too (the clause break stays)
        out = "".join(w[len(w.rstrip("?!.,;:'")):] if w.rstrip("?!.,;:'") in filler else w for w in re.split(r"(\s+)", out))
    return out


def _powering(part: re.Match[str]) -> str:
    """A part asking to power an appliance of a wattage, read as that wattage and the ask alone."""
    said = part[1]
    watts = _ZH_WATTS.search(said)
    return f"{watts[0]} 带动" if watts and _ZH_POWERS.search(said) else said


def _in_centimetres(length: re.Match[str]) -> str:
    """A length in 市尺 and 寸 ("二尺三": 2 尺 3 寸) said in centimetres, as catalogs give sizes."""
    feet, inches = length[1], length[2]
    chi = int(feet) if feet.isdigit() else int(cn2an.cn2an(feet, "smart"))
    tenths = 5 if inches == "半" else int(inches) if inches and inches.isdigit() else \
        int(cn2an.cn2an(inches, "smart")) if inches else 0
    return f" {round((chi + tenths / 10) * 100 / 3)} cm "


def _metres(height: re.Match[str]) -> str:
    """"一米七" (1.7 m), "1米65": a height said in centimetres."""
    digits = [d if d.isdigit() else str(cn2an.cn2an(d, "smart")) for d in height.groups() if d]
    return f" {int(digits[0]) * 100 + int(digits[1]) * 10 + (int(digits[2]) if len(digits) > 2 else 0)} cm "


def _fitting(part: re.Match[str]) -> str:
    """A part asking whether it fits, beside a number the viewer measured: the Chinese the vocabulary
    has no English for is what the viewer measured, and is dropped; beside a length, the size is asked."""
    said = part[1]
    if not (_ZH_FITS.search(said) and re.search(r"\d", said)):
        return said
    # a length the viewer measured asks the product's size, never what it holds ("1.75升" fits no 80 cm)
    return _CJK_RUN.sub(" ", _ZH_FITS.sub("size", said) if _ZH_LENGTH.search(said) else said)


@functools.cache
def _priced_per() -> re.Pattern[str]:
    """"多少钱一袋", "价格一盒": the unit a price is said per (a measure word), no fact asked of its own."""
    return re.compile(rf"(多少钱|多少块钱|什么价|啥价|价格|价钱)\s*[一1每]\s*[{''.join(counters())}]")


def held_words(text: str, values: list[str]) -> tuple[str, ...]:
    """Chinese words of ``text`` that a product's values hold as written and the vocabulary would
    break ("水压" of "适用水压0.1至0.75兆帕", which 水 would make "water 压"): the longest of two
    characters or more at each place, that is no vocabulary word itself but holds one, and cuts none of
    the vocabulary's longer words said there. Kept whole, a question's word finds the value that says it."""
    spec = vocabulary().languages.get("zh")
    said = "\n".join(values)
    if spec is None or not CJK.search(said):
        return ()
    # where the vocabulary's own words of two characters or more stand: a word kept holds them whole
    # ("含绒量" is the down content, though "充绒量" holds its 绒量)
    spans = [(m.start(), m.start() + len(w)) for w in spec.words if len(w) > 1 and w in text
             for m in re.finditer(re.escape(w), text)]
    out: list[str] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and CJK.match(text[j]) and text[i:j + 1] in said:
            j += 1
        word = text[i:j]
        if len(word) >= 2 and CJK.fullmatch(word[0]) and word not in spec.words \
                and not any(a < j and i < b and not (i <= a and b <= j) for a, b in spans) \
                and any(w in word for w in spec.words if len(w) < len(word)):
            out.append(word)
            i = j
        else:
            i += 1
    return tuple(dict.fromkeys(out))


@functools.cache
def _one_character_units() -> frozenset[str]:
    """Chinese units written in one character (米, 克, 寸, 瓦): said in English only after a count."""
    return frozenset(f for forms in vocabulary().units.values() for f in forms if len(f) == 1 and CJK.match(f))


def _split_keeping(text: str, phrase: str) -> list[tuple[str, str]]:
    """``text`` in pieces, each occurrence of ``phrase`` one, with the text before each piece."""
    pieces = re.split(f"({re.escape(phrase)})", text)
    return [("".join(pieces[:i]), piece) for i, piece in enumerate(pieces)]


def simplified(text: str) -> str:
    """Chinese in simplified characters and with common typos mended: "保溫杯多少錢" is read as
    "保温杯多少钱", "取暧器多少瓦" as "取暖器多少瓦" (a typo is a whole word, so 暧 of 暧昧 stays)."""
    spec = vocabulary().languages.get("zh")
    if spec is None or not CJK.search(text):
        return text
    pairs = spec.traditional
    text = text.translate(str.maketrans(pairs[0::2], pairs[1::2])) if pairs else text
    return _typos().sub(lambda m: spec.typos[m[0]], text) if spec.typos else text


@functools.cache
def _typos() -> re.Pattern[str]:
    """The Chinese vocabulary's typos, longest first, as one pattern."""
    return re.compile("|".join(map(re.escape, sorted(vocabulary().languages["zh"].typos, key=len, reverse=True))))


def counters() -> list[str]:
    """Chinese measure words that count things ("10片", "30袋"): a value in them answers 几/多少."""
    spec = vocabulary().languages.get("zh")
    return spec.counters if spec else []


@functools.cache
def _unit_phrases() -> re.Pattern[str] | None:
    """Units written in more than one word or with a slash ("watt hours", "sq ft", "km/h"): said
    as one word, so a question naming the unit asks for the value in it."""
    forms = sorted({f for unit, fs in vocabulary().units.items() for f in (unit, *fs) if re.search(r"[ /-]", f)},
                   key=len, reverse=True)
    return re.compile(r"(?<![\w/])(" + "|".join(re.escape(f) for f in forms) + r")(?![\w/])", re.I) if forms else None


def joined_units(text: str) -> str:
    """``text`` with each unit said as one word: "672 watt hours" is "672 watthours", "1,000 sq ft"
    "1,000 sqft", "45 km/h" "45 kmh"; a unit run into its number is set apart from it ("58mm" is
    "58 mm"), so the number is no word of its own and the unit is read as one."""
    phrases = _unit_phrases()
    if phrases is not None:
        text = phrases.sub(lambda m: re.sub(r"[ /-]", "", m[1]), text)
    spelled = lexicon().unit_spellings
    # two letters at least: "5g" (a network) and "4k" (a screen) are no grams or kilos
    return re.sub(r"(?<=\d)([a-z]{2,})\b", lambda m: f" {m[1]}" if m[1].lower() in spelled else m[1], text, flags=re.I)


def read(text: str, keep: tuple[str, ...] = ()) -> Reading:
    """``text`` read; ``keep``: words said as written (``in_english``)."""
    text = simplified(text)
    lang = language_of(text)
    english = joined_units(in_english(text, lang, keep) if lang != "en" else text)
    parts = [p.strip() for p in _CLAUSE.split(english) if p.strip()]
    read_parts = [(tuple(stem(w) for w in words(p)) + _cjk_runs(p), p) for p in parts]
    kept = [(c, p) for c, p in read_parts if c]
    return Reading(text, lang, english, tuple(c for c, _ in kept), tuple(p for _, p in kept))


def _cjk_runs(part: str) -> Stems:
    """Chinese left unsaid in English: each run one word, so it still counts as asked."""
    return tuple(run for run in re.findall(r"[\u3400-\u9fff]+", part))


def content(clause: Stems) -> list[int]:
    """Indices of the words in a clause that say what is asked (not filler, not numbers)."""
    stop = lexicon().stop
    return [i for i, w in enumerate(clause) if w not in stop and not w.isdigit() and w != "_"]
