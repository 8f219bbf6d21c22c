"""Attribute claims against catalog facts: numbers with units, counts, ratings, yes/no
features and materials; anything else that sounds like a spec must match a fact or an
approved claim, word for word or by embedding similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ...catalog.units import Quantity, find_quantities, fact_quantity, parse_quantity
from ...models import Catalog, Product
from ..classifier import sentence_vector, text_vectors
from ..claims.money import MINUS_BEFORE, PER_HUNDRED, SAVING_AFTER, find_amounts, find_percents
from ..claims.numbers import normalise_numbers
from ..claims.places import CN_REGIONS, COUNTRIES, countries
from ..text import find_durations, phrase_pattern, phrase_regex, says_chinese_words, words
from . import Edit, Finding, Params, Sentence, check

_GENERIC_KEY_WORDS = {"function", "mode", "feature", "setting", "included", "with", "per", "max", "basket", "compatible",
                      "compatibility", "support", "safe"}
_NEGATION = re.compile(r"(?:\b(?:not|no|n't|never|without|lacks?|isn't|doesn't|don't|won't|can't|cannot|nicht|kein\w*|ohne"
                       r"|ne|n'|pas|sans|jamais|aucun\w*|non|nemmeno|neanche|senza|nessun\w*|sin|ningun\w*|ningún|nunca|ni"
                       r"|geen|niet|zonder|nooit|nie|bez|brak\w*|żadn\w*|nigdy|não|nem|sem|nunca|nenhu\w*)\b\W*(?:\w+\W+){0,3}"
                       r"|(?:不是|没有|并非|不能|不|无|非|未经|未)[\u4e00-\u9fff]{0,3})$", re.I)
#: a feature said of every part at once ("all dishwasher safe", "alles spülmaschinenfest", "tout passe au lave-vaisselle", "全部都能")
_ALL_PARTS = re.compile(r"\b(?:all|everything|every part|each part|alles|alle teile|komplett|tout|toutes? les pièces|entièrement|tutto|tutti i pezzi"
                        r"|todo|todas las piezas)\b|全部|所有|整个|整套", re.I)
#: what makes a duration a spec of the product ("the battery lasts 8 hours", "续航12小时", "hält 12 Stunden warm")
_TIME_SPEC = re.compile(r"\b(?:lasts?|lasting|battery|batteries|charge[sd]?|charging|runtime|run time|play ?time|keeps?|stays?|warm|cold|hot"
                        r"|brews?|heats?|cools?|timer|standby|akku|laufzeit|hält|warm|kalt|batterie|autonomie|tient|dure|garde"
                        r"|dura|durata|batteria|mantiene|resta|tiene|pali się|płonie|wytrzyma\w*|bateria|akumulator\w*|działa|aguenta|arde"
                        r"|water[- ]?(?:resistant|proof)|wasserfest|wasserdicht|résistante? à l'eau|repairs?|heals?|results?|works?|wirkt|effet)\b"
                        r"|续航|待机|保温|保冷|充电|充满|电池|定时|防水|见效|修复", re.I)
#: a duration after these words, or before _AFTER_DEADLINE's, is a countdown to a deadline
_TIME_DEADLINE = re.compile(r"\b(?:(?:ends?|ending|over|expires?|closes?|gone|done)\W+in|in\W+the\W+next|within(?:\W+the\W+next)?"
                            r"|for\W+the\W+next|next|ends?|until|till|another|only|just|last|hurry|left"
                            r"|noch|nur noch|nur|letzten?|bis|encore|plus que|seulement|derni[eè]re?s?|jusqu'à|ancora|solo|ultim[ei]|fino a)\W+$"
                            r"|(?:最后|还有|仅剩|只剩|剩下?|再过)(?:大约|约|不到|差不多|就)?\s*$", re.I)
_SAVING_BEFORE = re.compile(r"\b(?:save|saving|savings of|discount of|extra|take|up to)\W+(?:\w+\W+)?$", re.I)
_PROMOTION_TALK = re.compile(r"\b(?:deal|sale|offer|promotion|promo|price|discount)s?\b|\b(?:angebot\w*|aktion\w*|rabatt\w*|preis\w*"
                             r"|offres?|prix|remises?|soldes|offert[ae]|scont[oi]|prezz[oi]|promozion[ei])\b|优惠|活动|促销|特价", re.I)
_AFTER_DEADLINE = re.compile(r"^\W*(?:(?:left|to go|remaining|only|from now|until|till|before (?:it|the|this|that)"
                             r"|übrig|verbleibend|restantes?|rimast[ei]|mancano"
                             r"|on the (?:clock|countdown))\b|后|之后|以后)", re.I)
#: a percentage right after a saving ("fifteen dollars off, thirty percent") restates it
_SAVING_SAID = re.compile(r"\b(?:off|less|cheaper|discount|savings?|weniger|günstiger|billiger|rabatt|ersparnis|de moins|moins cher"
                          r"|remise|réduction|in meno|sconto|risparmi\w*)\W+(?:(?:or|so|that'?s|about|roughly|also|gut|etwa|rund|knapp"
                          r"|ungefähr|soit|environ|presque|cioè|circa|quasi)\W+)?$|(?:便宜|省|减)了?\W*$", re.I)
_PAST_AFTER = re.compile(r"^\W*(?:ago|back|earlier)\b|^\s*(?:前|以前|之前)", re.I)
_PAST_BEFORE = re.compile(r"\b(?:vor|il y a|hace)\s+$", re.I)
#: "starts in 10 days and 7 hours", "in 3 hours", "还有两天": time from now, judged by the deadline check
_FROM_NOW_BEFORE = re.compile(r"(?:\b(?:in|within|dans|in über|noch|en)|还有|再过)\s+(?:\d+\s+\w+,?\s+(?:and\s+|und\s+|et\s+)?)?$", re.I)
_FROM_NOW_AFTER = re.compile(r"^\W*(?:left|from now|to go|away)\b|^\s*(?:后|之后|以后)", re.I)
#: "28 x 18 x": the sizes before a last one and its unit
#: "28 x 18 x", "80 na 48", "30 by 20": sizes said before the last one, which a catalog gives as "80 × 48 × 21 cm"
_DIMENSION_LIST = re.compile(r"(?:\d+(?:\.\d+)?\s*(?:[x×]|by|na|per|mal|por)\s*){1,2}$", re.I)
#: "in 10 days" counts down only to an event of the show ("repairs skin in 24 hours" is a spec)
_EVENT = re.compile(r"\b(?:starts?|begins?|ends?|kicks? off|goes live|opens?|closes?|expires?|sale|deal|promotion|offer"
                    r"|beginnt|endet|angebot|commence|se termine|offre|promo)\b|开始|结束|活动|优惠", re.I)
_RATE_AFTER = re.compile(r"^\s*(?:\d+|[一二两三四五六七八九十半])\s*[\u4e00-\u9fff]|^\W*(?:\d+|one|a|an)\s+(?:gummy|gummies|capsules?|tablets?|pills?|scoops?|servings?)\b", re.I)
_COUNT_RE = re.compile(r"(?<![\d.,])\b(?P<n>\d+)[\s-]+(?P<noun>[^\W\d_]+)(?:[\s-]+(?P<noun2>[^\W\d_]+))?\b", re.I)
#: words that follow a number without being what it counts ("$69.99 with Black Friday", "30 with the case")
_NOT_COUNTED = {"with", "and", "or", "for", "the", "a", "an", "of", "in", "on", "at", "to", "per", "from", "by", "is",
                "are", "was", "were", "it", "its", "this", "that", "so", "but", "as", "than", "more", "less"}
_ANSWERED_NO = re.compile(r"^[^.!?]{0,40}?(?:\?|\s[—–-])\s*(?:no|nope|nah|nein|non)\b", re.I)  # "Induction compatible? No, ...", "works on induction — no"
#: a German clause that denies at its end what it names first ("Eine Schlagbohrfunktion hat er nicht")
_DENIED_AT_END = re.compile(r"^\s+(?:\w+\s+){1,3}(?:nicht|keine?n?)\s*(?:[.!?,;]|$)"
                            r"|^\s+(?:of the [\w -]{1,30}?\s+)?(?:is|are)\s+(?:no|none|not)\b", re.I)  # "the wifi is no: a closed radio link"
#: "Lisa asks if it works on induction": a viewer's question, read out, claims nothing
_ASKED = re.compile(r"\b(?:asks?|asked|asking|wonders?|wondering|wants to know|fragt|fragen|demande|demandez?)\W+(?:\w+\W+){0,2}?(?:if|whether|ob|si)\b"
                    r"(?:\W+\w+){0,6}\W*$|问[^，。！？]{0,12}$", re.I)


def _is_measure(match: re.Match[str]) -> bool:
    """ "900 grams" or "12 hours" is a measurement, judged by _quantity_findings, not a count."""
    q = parse_quantity(match.group(0))
    return q is not None and not q.dimension.startswith("count")


#: a count after these words, or before "left", is stock ("down to the last 2 packs"), judged by the stock check
_STOCK_BEFORE = re.compile(r"\b(?:only|just|last|down to|final|a mere|mere)\W+$", re.I)
_STOCK_AFTER = re.compile(r"^(?:\W+\w+)?\W+(?:left|remaining|in stock)\b", re.I)


def _counted(match: re.Match[str]) -> bool:
    text = match.string
    if _STOCK_BEFORE.search(text[max(0, match.start() - 20):match.start()]) or _STOCK_AFTER.match(text[match.end("noun"):]):
        return False
    return match["noun"].lower() not in _NOT_COUNTED and not _is_measure(match)


_IP_RE = re.compile(r"(?<![a-z0-9])IP[X\d]\d(?![a-z0-9])", re.I)


def _singular(word: str) -> str:
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("ch", "sh", "x", "ss")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _stem(token: str) -> str:
    return token[: max(5, len(token) - 3)] if len(token) > 5 else token


@dataclass(frozen=True)
class Fact:
    product: str
    key: str
    value: object
    text: str  # "capacity: 8 oz", what the embedding sees
    quantity: Quantity | None
    stems: tuple[str, ...]  # key words, stemmed, that name the attribute in speech
    nouns: tuple[str, ...]  # singular nouns a count of this fact is spoken with


def per_product(fn):  # type: ignore[no-untyped-def]
    """Cache a derivation of a product by identity: catalogs are frozen and loaded once."""
    memo: dict[int, tuple[Product, object]] = {}

    def cached(product: Product, *args: object):  # type: ignore[no-untyped-def]
        hit = memo.get(id(product))
        if hit is None or hit[0] is not product:
            hit = memo[id(product)] = (product, fn(product, *args))
        return hit[1]
    return cached


@per_product
def _facts(product: Product) -> tuple[Fact, ...]:
    out = []
    for key, value in product.facts.items():
        tokens = [t for t in words(key.replace("_", " ")) if t not in _GENERIC_KEY_WORDS]
        quantity = fact_quantity(product, key)
        nouns = {_singular(t) for t in tokens}
        counted = re.match(r"\s*[\d.,]+\s+([a-z]+)", value) if isinstance(value, str) else None
        if quantity and quantity.dimension.startswith("count") and counted:
            # "serving_size: 2 capsules" counts capsules: "60 servings" is not a serving size
            nouns = {_singular(counted.group(1))} | ({"count"} & nouns)
        shown = ", ".join(value) if isinstance(value, list) else str(value).lower() if isinstance(value, bool) else str(value)
        out.append(Fact(product.sku, key, value, f"{key.replace('_', ' ')}: {shown}", quantity,
                        tuple(_stem(t) for t in tokens), tuple(sorted(nouns))))
    return tuple(out)


def _product_facts(products: list[Product]) -> tuple[Fact, ...]:
    return tuple(f for p in products for f in _facts(p))


@per_product
def _own_words(product: Product) -> tuple[re.Pattern[str], ...]:
    """The product's name, brand, aliases and category: saying them names the product and
    claims nothing ("Wireless" in "Pulse Buds ANC Wireless Earbuds" is not a feature claim)."""
    names = [product.name, *product.aliases, *([product.brand] if product.brand else []), product.category.replace("_", " ")]
    return tuple(rx for rx in map(phrase_pattern, names) if rx)


def _name_spans(s: Sentence) -> list[tuple[int, int]]:
    return [m.span() for p in s.products for rx in _own_words(p) for m in rx.finditer(s.text)]


def _within(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in spans)


@per_product
def _vouched_counts(product: Product, catalog_policies: tuple[str, ...]) -> frozenset[tuple[str, str]]:
    """(number, noun) pairs the merchant states in approved claims, store policies and fact values
    ("Statutory 2-year guarantee"; in_the_box "purifier, 1 filter (installed)"): true as said,
    whatever fact shares the noun ("filter: 3-stage" does not make the boxed filter three)."""
    values = [str(v) for value in product.facts.values() if not isinstance(value, bool)
              for v in (value if isinstance(value, list) else [value])]
    return frozenset((m["n"], _singular(noun)) for text in (*product.claims, *catalog_policies, *values)
                     for m in _COUNT_RE.finditer(normalise_numbers(text).text) if _counted(m)
                     for noun in (m["noun"], m["noun2"]) if noun)


@per_product
def _supporting_quantities(product: Product) -> tuple[Quantity, ...]:
    """Quantities stated in what the merchant vouches for of the product: facts and approved
    claims. A fact's value may state more than one ("up to 10 hours with the screen on, up to 20
    hours audio-only"): each of them is vouched for, not only the first."""
    out: list[Quantity] = [f.quantity for f in _facts(product) if f.quantity]
    values = [str(v) for v in product.facts.values() if isinstance(v, str)]
    for text in (*values, *product.claims):
        out.extend(_stated_quantities(text))
    return tuple(out)


def _stated_quantities(text: str) -> list[Quantity]:
    flat = normalise_numbers(text).text.replace("-", " ")  # "48小时内发货" reads as 48 hours
    # "200×230厘米": each size of a list in the unit after the last ("两米" is the 200)
    listed = " ".join(f"{n}{m['unit']}" for m in _SIZE_LIST.finditer(flat) for n in re.findall(r"\d+(?:\.\d+)?", m["sizes"]))
    return [q for q, _ in find_quantities(flat)] + [q for q, _ in find_quantities(flat, "mass")] + [q for q, _ in find_quantities(listed)]


#: sizes joined by "×" before a unit ("200×230厘米", "28 x 18 x 4 cm")
_SIZE_LIST = re.compile(r"(?P<sizes>(?:\d+(?:\.\d+)?\s*[x×*]\s*)+)\d+(?:\.\d+)?\s*(?P<unit>[^\d\s×x*，,。;；]+)")


@lru_cache(maxsize=64)
def _policy_quantities(policy: str) -> tuple[tuple[Quantity, ...], frozenset[str]]:
    """A store policy's quantities, and the words that say what they are about (its text
    without the quantities: "returns", "退货", "Garantie")."""
    flat = normalise_numbers(policy).text.replace("-", " ")
    bare = flat
    for _, (a, b) in sorted(find_quantities(flat), key=lambda x: -x[1][0]):
        bare = bare[:a] + " " + bare[b:]
    return tuple(_stated_quantities(policy)), _content_words(bare)


def _content_words(text: str) -> frozenset[str]:
    """Latin words of four letters or more by their first five, and Chinese character pairs."""
    latin = {w[:5] for w in re.findall(r"[a-zà-öø-ÿß]{4,}", text.lower())}
    cjk = {a + b for run in re.findall(r"[\u4e00-\u9fff]+", text) for a, b in zip(run, run[1:])}
    return frozenset(latin | cjk)


def _policy_supports(s: Sentence, span: tuple[int, int], readings: tuple[Quantity, ...]) -> bool:
    """Whether a store policy states this quantity and the clause that says it speaks of that
    policy: "7天无理由退货" is the returns policy, "充一次电用七天" a battery spec the returns
    policy's seven days say nothing of."""
    clause = _clause(s.text, span)
    start = s.text.find(clause)
    said = clause[: span[0] - start] + " " + clause[span[1] - start:] if start >= 0 else clause
    words_said = _content_words(said)
    for policy in s.catalog.policies.values():
        quantities, about = _policy_quantities(policy)
        if any(q.matches(r) or r.matches(q) for q in quantities for r in readings) and about & words_said:
            return True
    return False


def _said_quantities(text: str) -> list[tuple[tuple[Quantity, ...], tuple[int, int]]]:
    """Each quantity with its readings ("8 oz" is a volume or a weight). Money is not a
    quantity, and "in" after a number is read as a preposition, not inches."""
    money = [a.span for a in find_amounts(text)]
    as_volume = find_quantities(text)
    as_mass = find_quantities(text, "mass")
    return [((a, b) if a != b else (a,), span) for (a, span), (b, _) in zip(as_volume, as_mass)
            if not re.search(r"\bin$", a.text, re.I) and not any(x < span[1] and span[0] < y for x, y in money)]


def _fact_mentioned(fact: Fact, text: str) -> re.Match[str] | None:
    """Where the sentence names the fact: its words together ("water-resistant") before its words
    apart ("water" in "waterproof" with "resistant" elsewhere)."""
    if not fact.stems:
        return None
    if len(fact.stems) > 1:
        together = re.search(r"\W+(?:\w+\W+)?".join(rf"\b{re.escape(stem)}\w*" for stem in fact.stems), text, re.I)
        if together:
            return together
    found = [re.search(rf"\b{re.escape(stem)}\w*", text, re.I) for stem in fact.stems]
    if all(found):
        return min(found, key=lambda m: m.start())  # type: ignore[union-attr]
    return None


class AttributeParams(Params):
    attribute_terms: list[str]  # wording that asserts a spec or feature and so must match a fact
    materials: list[str]  # materials a product may be said to be made of
    material_aliases: dict[str, str] = {}  # a material as named in another language -> as the catalog names it
    term_aliases: dict[str, str] = {}  # an attribute term in another language -> the words a catalog fact uses for it ("|" between meanings)
    support_similarity: float = 0.9  # an unmatched claim this close to a fact or approved claim is a paraphrase
    free_of: dict[str, str] = {}  # a "free of" term -> what it says is absent ("parfümfrei": fragrance)
    count_nouns: dict[str, str] = {}  # a counted noun in another language -> as the catalog counts it ("Teile": piece)


@check("attribute_claim", AttributeParams)
def attribute_claim(s: Sentence, p: AttributeParams) -> list[Finding]:
    if not s.products:
        return []
    facts = _product_facts(s.products)
    names = _name_spans(s)
    findings: list[Finding] = []
    findings += _quantity_findings(s, facts)
    findings += _count_findings(s, facts, {k.lower(): v for k, v in p.count_nouns.items()})
    findings += _free_of_findings(s, facts, p)
    findings += _rating_findings(s, facts)
    findings += _boolean_findings(s, facts)
    findings += _denial_findings(s, facts)
    findings += _material_findings(s, facts, p)
    findings += _age_findings(s, facts)
    findings += _origin_findings(s)
    findings = [f for f in findings if not _within(f.span, names)]
    covered = [f.span for f in findings]
    findings += _unknown_term_findings(s, facts, p, covered, names)
    return findings


#: the facts that say where a product comes from
_ORIGIN_KEY = re.compile(r"made_in|origin|\w+_origin|country_of_origin|grown_in|produced_in", re.I)
#: before a country, the words that make it the product's origin: "made in", "hecha en", "gemaakt in", "importiert aus"
_ORIGIN_VERB = re.compile(r"\b(?:made|manufactured|produced|built|assembled|grown|harvested|imported|hech[oa]s?|fabricad[oa]s?|elaborad[oa]s?"
                          r"|producid[oa]s?|importad[oa]s?|cultivad[oa]s?|fabriqu[ée]e?s?|produite?s?|importée?s?|cultivée?s?|hergestellt"
                          r"|produziert|gefertigt|importiert|angebaut|gemaakt|geproduceerd|geïmporteerd|prodott[oa]|fabbricat[oa]|importat[oa]"
                          r"|coltivat[oa])\s+(?:\w+\s+)?(?:in|en|au|aux|à|im|da|dal|dalla|di|uit|from|de|del|aus)\s+(?:the\s+|la\s+|el\s+|le\s+|l['’])?$", re.I)
#: after the product's own name, a preposition of origin: "saffraan uit Iran", "azafrán de Irán", "Safran aus dem Iran"
_ORIGIN_PREP = re.compile(r"^\s+(?:uit|aus(?: dem| der)?|de|del|du|d['’]|from|da|dal|dalla|dall['’]|van)\s+(?:the\s+|la\s+|el\s+|le\s+|l['’])?$", re.I)
#: Chinese: a country or province said as where it is made ("日本原装进口", "产自甘肃", "苹果是甘肃天水的")
_CN_ORIGIN_AFTER = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:原装|进口|产的|产地|出产|制造|生产|的[。！，,.!]?$|的$)")
_CN_ORIGIN_BEFORE = re.compile(r"(?:产自|来自|原产于?|产地(?:是|为|在)?|产于|是)$")


def _origin_findings(s: Sentence) -> list[Finding]:
    """An origin said that the product's origin facts contradict: "hecha en Suecia" where made_in is
    Portugal, "saffraan uit Iran" where the origin is Castilla-La Mancha, España, "日本原装进口" where
    the shaver is made in 浙江温州, "苹果是甘肃天水的" where it comes from 新疆阿克苏. Only where the
    catalog states an origin; a place said in any other text of the product (name, claims, facts) is its own."""
    out = []
    for product in s.products:
        origins = [str(v) for k, v in product.facts.items() if _ORIGIN_KEY.fullmatch(k) and isinstance(v, str)]
        if not origins:
            continue
        texts = [str(v) for v in product.facts.values()] + [*product.claims, *product.certifications, product.name, *product.aliases]
        known = set().union(*(countries(t) for t in texts))
        if any(t.startswith(CN_REGIONS) for t in origins):
            known.add("china")
        own = [m.end() for rx in _own_words(product) for m in rx.finditer(s.text)]
        for key, names in COUNTRIES.items():
            for name in names:
                for m in re.finditer(rf"(?<![^\W\d_]){re.escape(name)}(?![^\W\d_])" if name.isascii() else re.escape(name), s.text, re.I):
                    if key in known or key not in countries(m.group(0)):
                        continue
                    before = s.text[max(0, m.start() - 40):m.start()]
                    said = (_ORIGIN_VERB.search(before) or any(_ORIGIN_PREP.fullmatch(s.text[e:m.start()]) for e in own if e <= m.start())
                            or re.fullmatch(r"[\u4e00-\u9fff]+", name) and (_CN_ORIGIN_AFTER.match(s.text[m.end():])
                                                                             or _CN_ORIGIN_BEFORE.search(before)))
                    if said and not _NEGATION.search(before[-30:]):
                        out.append(Finding(m.span(), f"says it comes from {m.group(0)!r}; the catalog says {'; '.join(origins)}",
                                           f"{product.sku} origin: {'; '.join(origins)}"))
        for region in CN_REGIONS:
            for m in re.finditer(re.escape(region), s.text):
                if any(region in t for t in texts) or not (_CN_ORIGIN_AFTER.match(s.text[m.end():]) or _CN_ORIGIN_BEFORE.search(s.text[:m.start()])):
                    continue
                if not _NEGATION.search(s.text[max(0, m.start() - 30):m.start()]):
                    out.append(Finding(m.span(), f"says it comes from {region!r}; the catalog says {'; '.join(origins)}",
                                       f"{product.sku} origin: {'; '.join(origins)}"))
    return out


#: right after a quantity, a price said per it ("一斤13块8")
_PER_UNIT_BASIS = re.compile(r"\s*\d+(?:\.\d+)?\s*(?:dollars|yuan|元|块)")
#: a share of reviews or buyers before a percentage ("好评率百分之九十九", "回购率超过70%")
_REVIEW_SHARE_BEFORE = re.compile(r"(?:好评率|差评率|回购率|复购率|满意度|推荐率)(?:高达|达到|超过|有|是|都)?\s*$")


def _quantity_findings(s: Sentence, facts: tuple[Fact, ...]) -> list[Finding]:
    support = [q for pr in s.products for q in _supporting_quantities(pr)]
    countdowns = [d.span for d in find_durations(s.text) if _TIME_DEADLINE.search(s.text[max(0, d.span[0] - 30):d.span[0]])
                  or _AFTER_DEADLINE.match(s.text[d.span[1]:])]
    timed = [f for f in facts if f.quantity and f.quantity.dimension == "time_s"]
    tied = _TIME_SPEC.search(s.text) or any(_fact_mentioned(f, s.text) for f in timed)
    savings = [span for _, span in find_percents(s.text)]  # "marked down 15 percent": judged by the price checks
    # "2,18 € los cien gramos": the hundred grams a unit price is per, no spec (judged by the price check)
    per_hundred = [(a.span[1], a.span[1] + m.end()) for a in find_amounts(s.text) if (m := PER_HUNDRED.match(s.text[a.span[1]:]))]
    out = []
    for readings, span in _said_quantities(s.text):
        said = readings[0]
        if _within(span, per_hundred):
            continue
        if said.dimension == "percent" and (_within(span, savings) or find_amounts(s.text)):
            continue  # a saving beside a price, judged by the price checks
        if re.match(r"[^。！？!?]*？", s.text[span[1]:]) and not re.search(r"？", s.text[:span[0]].split("。")[-1]) \
                and re.search(r"？", _clause(s.text, span) + s.text[span[1]:span[1] + 12]):
            continue  # "大家家里床是一米八还是两米的？": a question to the viewers claims nothing
        if said.value and _PER_UNIT_BASIS.match(s.text[span[1]:]) and re.match(r"(?:1|100)\D", said.text + " "):
            continue  # "一斤13块8", "每100克5块": the unit a price is said per, no spec
        if said.dimension == "percent" and _REVIEW_SHARE_BEFORE.search(s.text[max(0, span[0] - 12):span[0]]):
            continue  # "好评率99%": a review figure, judged by the social-proof rule against the catalog's
        if said.dimension == "percent" and said.value == 100 and (_INTENSIFIED.match(s.text[span[1]:])
                                                                    or _INTENSIFIES.search(s.text[max(0, span[0] - 20):span[0]])):
            continue  # "a hundred percent safe", "guaranteed, one hundred percent": an absolute term, not a share
        if said.dimension == "time_s" and not tied:
            continue  # "I've been live six hours", "folds in two seconds": no spec of the product's time named
        if said.dimension == "time_s" and (_within(span, countdowns) or _PROMOTION_TALK.search(s.text)):
            continue  # a deadline or a countdown ("1 day and 11 hours left"), judged by the urgency check
        if said.dimension == "time_s" and _RATE_AFTER.match(s.text[span[1]:]):
            continue  # a dose per time ("一天一粒", "1 day, 1 gummy"), not a spec of the product
        if said.dimension == "time_s" and (_PAST_AFTER.match(s.text[span[1]:]) or _PAST_BEFORE.search(s.text[max(0, span[0] - 10):span[0]])):
            continue  # when something happened ("four days ago", "vor 4 Tagen", "4天前"), not a spec
        if said.dimension == "time_s" and _EVENT.search(s.text) and (
                _FROM_NOW_AFTER.match(s.text[span[1]:]) or _FROM_NOW_BEFORE.search(s.text[max(0, span[0] - 30):span[0]])):
            continue  # how long until something ("starts in 10 days"), not a spec
        if said.dimension == "percent" and (SAVING_AFTER.match(s.text[span[1]:]) or MINUS_BEFORE.search(s.text[max(0, span[0] - 2):span[0]])
                                            or _SAVING_BEFORE.search(s.text[max(0, span[0] - 25):span[0]])
                                            or _SAVING_SAID.search(s.text[max(0, span[0] - 25):span[0]])):
            continue  # a saving, judged by the price checks
        rel = _PERCENT_REL if said.dimension == "percent" else 0.03  # "100 % reines Aloe vera" is not the 98 % the catalog gives
        if said.dimension != "percent" and _ROUGHLY.search(s.text[max(0, span[0] - 25):span[0]]):
            rel = _ROUGH_REL  # "a bit under three kilos" of 2.8 kg, "à peu près six centimètres" of 2.4 inches: said rounded
        if any(q.matches(r, rel) or r.matches(q, rel) for q in support for r in readings) or _policy_supports(s, span, readings):
            continue
        sizes = _DIMENSION_LIST.search(s.text[max(0, span[0] - 20):span[0]])
        if sizes:
            said_sizes = re.findall(r"\d+(?:\.\d+)?", sizes.group(0) + s.text[span[0]:span[1]])
            if any(re.findall(r"\d+(?:\.\d+)?", str(f.value))[:len(said_sizes)] == said_sizes for f in facts if re.search(r"[x×]", str(f.value))):
                continue  # "28 x 18 x 4 cm", "80 na 48 cm" where the catalog says 28 x 18 x 4, 80 × 48 × 21: the sizes, not one length
        same = [f for f in facts if f.quantity and any(f.quantity.dimension == r.dimension for r in readings)]
        if same:
            mentioned = [f for f in same if _fact_mentioned(f, s.text)]
            named = mentioned or same
            fact = named[0]
            # rewritten only to the fact the sentence names: any other value would be a new claim
            fix = Edit(span, str(fact.value)) if len(mentioned) == 1 else None
            out.append(Finding(span, f"says {said.text!r}; the catalog says {fact.text}",
                               "; ".join(f"{f.product} {f.text}" for f in named), fix))
        else:
            out.append(Finding(span, f"states {said.text!r}, which no catalog fact supports",
                               "facts: " + "; ".join(f.text for f in facts)))
    return out


#: a share is said to the point: 100 % is not 98 %, as 5.6 qt may be 5.5
_PERCENT_REL = 0.005
#: a quantity said as rounded ("about", "almost", "prawie", "quase") may be this far from the fact, as a conversion rounds
_ROUGH_REL = 0.1
_ROUGHLY = re.compile(r"\b(?:about|around|roughly|approximately|approx\.?|nearly|almost|just (?:under|over)|a (?:bit|little) (?:under|over|less than|more than)"
                      r"|close to|etwa|rund|ungefähr|knapp|fast|gut|environ|à peu près|presque|un peu (?:moins|plus) de|circa|quasi|più o meno"
                      r"|aproximadamente|casi|cerca de|unos|unas|quase|perto de|cerca de|prawie|około|niemal|blisko|ok\.)\s+$", re.I)


#: what "a hundred percent" intensifies rather than measures: an assurance ("safe", "garantiert", "sicuro"), or nothing
#: (", one hundred percent.")
_INTENSIFIED = re.compile(r"^\W*(?:$|[.!?,;]|(?:(?:sure|safe|secure|guaranteed|garantiert|garanti\w*|sicher\w*|sûre?s?|sicur[oaie]|segur[oa]s?"
                          r"|certain|risk|risiko|effective|wirksam|efficace|eficaz|indestructible|unzerstörbar|clean|sauber|propre|pulit[oa]"
                          r"|reliable|zuverlässig|fiable|affidabile|verträglich|satisfied|zufrieden|satisfait\w*|soddisfatt\w*|leak\w*|dicht"
                          r"|accurate|genau|précis\w*|precis[oa]|never|nie|jamais|mai)\b)|不会|不|没|安全|放心|保证|有效|满意|精准|准确)", re.I)
_INTENSIFIES = re.compile(r"\b(?:guaranteed|garantiert|garanti\w*|sure|sicher|certain|promise)\W+(?:\w+\W+)?$", re.I)


#: the age a product is said to suit from: "fine from 12 months", "for ages 2+", "ab 12 Monaten", "dès 2 ans", "1岁宝宝就能玩"
_AGE_SAID = re.compile(
    r"\b(?:from|for ages?|ages?|suitable from|fine from|safe from|ab|dès|à partir de)\s+(?P<n>\d+(?:\.\d+)?)\s*"
    r"(?P<u>months?|mos?|years?|yrs?|monat\w*|jahr\w*|mois|ans)\b"
    r"|\b(?P<n2>\d+)[\s-]*(?P<u2>months?|years?|monat\w*|jahr\w*|mois|ans)?[\s-]*(?:\+|and up|and older|und älter|et plus)"
    r"|(?P<n3>\d+(?:\.\d+)?)\s*(?P<u3>岁|个月)(?:以上|起|宝宝|的宝宝|的孩子|的小朋友|小朋友|就|也)", re.I)
_MONTHS = re.compile(r"month|mo\b|mos\b|monat|mois|个月", re.I)


def _months(number: str, unit: str | None) -> float:
    return float(number) * (1 if unit and _MONTHS.match(unit) else 12)


#: after an age, advice not to buy ("三岁的宝宝就先别买了", "under 3? please skip this one")
_ADVISED_AGAINST = re.compile(r"^[^.!?。！？]{0,12}?(?:别买|不要买|不建议|不适合|先别|不能玩|不可以)|^[^.!?]{0,20}?\b(?:skip|not suitable|isn't suitable|too young)\b"
                              r"|^[^.!?]{0,20}?\b(?:nicht geeignet|zu jung|pas adapté|trop jeune)", re.I)


def _age_findings(s: Sentence, facts: tuple[Fact, ...]) -> list[Finding]:
    """A product said to suit children younger than the catalog's minimum age: a safety claim
    the merchant did not make ("a great first toy from 12 months" for a 3+ toy)."""
    ages = [f for f in facts if re.fullmatch(r"(?:min_)?age(?:_\w+)?|\w+_age|age_min\w*", f.key)]
    limits = []
    for fact in ages:
        m = re.search(r"(\d+(?:\.\d+)?)\s*(months?|monat\w*|mois|个月|years?|jahr\w*|ans|岁)?", str(fact.value), re.I)
        if m:
            limits.append((fact, _months(m[1], m[2])))
    out = []
    for m in _AGE_SAID.finditer(s.text):
        number, unit = next((m[n], m[u]) for n, u in (("n", "u"), ("n2", "u2"), ("n3", "u3")) if m[n])
        if m["n2"] and not m["u2"] and not limits:
            continue
        said = _months(number, unit)
        if _ADVISED_AGAINST.match(s.text[m.end():]) or _NEGATION.search(s.text[max(0, m.start() - 30):m.start()]):
            continue  # "三岁的宝宝就先别买了", "not for under-3s": the catalog's limit, said as a warning
        for fact, least in limits:
            if said < least:
                out.append(Finding(m.span(), f"says it suits from {m.group(0).strip()!r}; the catalog says {fact.text}",
                                   f"{fact.product} {fact.text}"))
    return out


def _count_findings(s: Sentence, facts: tuple[Fact, ...], aliases: dict[str, str]) -> list[Finding]:
    counts = [f for f in facts if f.quantity and f.quantity.dimension.startswith("count")]

    def _noun(word: str) -> str:
        return aliases.get(word.lower()) or _singular(word)

    policies = tuple(s.catalog.policies.values())
    vouched = {pair for pr in s.products for pair in _vouched_counts(pr, policies)}
    out = []
    for m in _COUNT_RE.finditer(s.text):
        if not _counted(m):
            continue
        nouns = {_noun(m["noun"]), _noun(m["noun2"] or "")}
        if any((m["n"], noun) in vouched for noun in nouns):
            continue
        n = float(m["n"])
        named = [f for f in counts if nouns & set(f.nouns)]
        if named and not any(abs(f.quantity.value - n) < 1e-9 for f in named if f.quantity):
            fact = named[0]
            out.append(Finding(m.span("n"), f"says {m.group(0)!r}; the catalog says {fact.text}",
                               f"{fact.product} {fact.text}", Edit(m.span("n"), f"{fact.quantity.value:g}" if fact.quantity else m["n"])))
    said = [m for m in _COUNT_RE.finditer(s.text) if _counted(m)]
    said_counts = [(m, _noun(m["noun"])) for m in said] + [(m, _noun(m["noun2"])) for m in said if m["noun2"]]
    claimed: dict[str, set[str]] = {}  # noun -> counts the approved claims and facts state
    for pr in s.products:
        for claim in pr.claims:
            for cm in _COUNT_RE.finditer(normalise_numbers(claim).text):
                if _counted(cm):
                    claimed.setdefault(_singular(cm["noun"]), set()).add(cm["n"])
    for fact in counts:
        for noun in fact.nouns:
            claimed.setdefault(noun, set()).add(f"{fact.quantity.value:g}" if fact.quantity else "")
    for m, noun in said_counts:
        if (m["n"], noun) in vouched:
            continue
        if noun in claimed and m["n"] not in claimed[noun] and not any(f.span[0] == m.start("n") for f in out):
            true = sorted(claimed[noun])[0]
            out.append(Finding(m.span("n"), f"says {m.group(0)!r}; the catalog and approved claims say {true} {noun}",
                               f"{', '.join(p.sku for p in s.products)}: {noun} = {', '.join(sorted(claimed[noun]))}",
                               Edit(m.span("n"), true) if len(claimed[noun]) == 1 else None))
    # key-then-code: "energy class A" against energy_class: F
    for fact in facts:
        if isinstance(fact.value, str) and re.fullmatch(r"[A-Za-z][A-Za-z+]{0,3}", fact.value.strip()) and fact.stems:
            key = r"\W+".join(rf"{re.escape(st)}\w*" for st in fact.stems)
            for m in re.finditer(rf"\b{key}\W+(?:(?:of|is|rating|class|an|a)\W+)?(?P<c>[A-Z][+]*)(?![\w+])", s.text):
                if m["c"] != fact.value.strip():
                    out.append(Finding(m.span("c"), f"says {m.group(0)!r}; the catalog says {fact.text}",
                                       f"{fact.product} {fact.text}", Edit(m.span("c"), fact.value.strip())))
    # key-then-number: "SPF 30", "Bluetooth 5.0", "800-fill"
    for fact in facts:
        if not fact.stems or isinstance(fact.value, bool):
            continue
        if len(fact.stems) == 1 and _denies_itself(fact):  # "SPF 30" where spf: "ninguno (no es un protector solar)"
            for m in re.finditer(rf"\b{re.escape(fact.stems[0])}\w*\s+(?P<n>\d+(?:\.\d+)?)(?!\d|\.\d)", s.text, re.I):
                if not _NEGATION.search(s.text[max(0, m.start() - 30):m.start()]):
                    out.append(Finding(m.span(), f"says {m.group(0)!r}; the catalog says {fact.text}", f"{fact.product} {fact.text}"))
            continue
        true = parse_quantity(str(fact.value)) if not isinstance(fact.value, (int, float)) else Quantity(float(fact.value), "count")
        if true is None or not true.dimension.startswith("count"):
            continue  # measurements with units are judged by _quantity_findings
        key = r"\W+".join(rf"{re.escape(st)}\w*" for st in fact.stems)
        for m in re.finditer(rf"\b{key}\s+(?:of\s+)?(?P<n>\d+(?:\.\d+)?)(?![\d.])|(?P<m>\d+(?:\.\d+)?)(?![\d.])[\s-]+{key}", s.text, re.I):
            n = float(m["n"] or m["m"])
            group = "n" if m["n"] else "m"
            if n != int(n) and true.value == int(true.value):
                continue  # "paddles 99.99": a price said after the product, no count of paddles
            if any(abs(f.quantity.value - n) < 1e-6 and set(f.nouns) & set(fact.nouns) for f in counts if f.quantity):
                continue  # another fact counts the same things so ("2 capsules" a serving beside capsules: 90)
            if abs(n - true.value) > 1e-6 and not any(f.span[0] <= m.start(group) < f.span[1] for f in out):
                out.append(Finding(m.span(group), f"says {m.group(0)!r}; the catalog says {fact.text}",
                                   f"{fact.product} {fact.text}", Edit(m.span(group), f"{true.value:g}")))
    return out


def _rating_findings(s: Sentence, facts: tuple[Fact, ...]) -> list[Finding]:
    """An IP rating said against the ratings the facts state, alone ("IPX7") or inside a longer
    value ("IP67生活防水，不能游泳")."""
    ratings = [(f, code.upper()) for f in facts if isinstance(f.value, str) for code in _IP_RE.findall(f.value)]
    out = []
    for m in _IP_RE.finditer(s.text):
        if any(code == m.group(0).upper() for _, code in ratings):
            continue
        if ratings:
            fact, code = ratings[0]
            out.append(Finding(m.span(), f"says {m.group(0)}; the catalog says {fact.text}",
                               f"{fact.product} {fact.text}", Edit(m.span(), code)))
        else:
            out.append(Finding(m.span(), f"states rating {m.group(0)}, which no catalog fact supports",
                               "facts: " + "; ".join(f.text for f in facts)))
    return out


#: what a fact's value says the product is not or cannot do: "supercapacitor (no battery)", "stainless steel
#: (not nonstick)", "食品级PP塑料蒸笼（不是不锈钢）", "IP67生活防水，不能游泳", "无支付功能", "不可水洗", "蒸笼不建议放洗碗机"
_VALUE_DENIES = re.compile(
    r"\b(?:no|not|non|without|never|kein\w*|nicht|ohne|pas|sans|senza)\s+(?P<w>(?:[a-zà-öø-ÿß][\w-]*\s+){0,2}[a-zà-öø-ÿß][\w-]*)"
    r"|(?:不是|不能|不可以?|不建议|不适合|不宜|不支持|不保证|不带|不含|没有|无|非|未经?)(?:用于|放进|放入|放|进|用|在)?(?P<z>[\u4e00-\u9fff]{2,6}?)"
    r"(?:功能|功效)?(?=[，。、；（）()\s,;：:]|时|$)"
    r"|(?:不支持|不能连|没有|无|不带)(?P<w2>[A-Za-z][\w-]+)", re.I)
#: words after a denial that do not name what is denied ("not suitable for", "nicht für")
_DENIAL_FILLER = {"for", "the", "to", "be", "in", "on", "at", "with", "more", "than", "only", "a", "an", "suitable", "recommended",
                  "safe", "use", "used", "für", "geeignet", "empfohlen", "pour", "adapté", "recommandé", "and", "or", "und", "et",
                  "de", "du", "des", "la", "le", "les", "der", "die", "das", "included", "inclus", "enthalten", "sold",
                  "es", "un", "una", "el", "los", "las", "para", "apto", "apta", "recomendado", "recomendada", "aconsejado", "durante",
                  "il", "lo", "per", "di", "adatto", "adatta", "consigliato", "consigliata", "is", "een", "het", "voor", "geschikt",
                  "aanbevolen", "tijdens", "pendant", "während", "est", "ist", "zur", "zum", "von", "vom", "al", "alla", "do", "da",
                  "na", "em", "ao", "à", "a"}
#: a part the merchant sells apart: "car_seat_adapter: sold separately", "card not included"
_NOT_INCLUDED = re.compile(r"(?:\b(?P<w>(?:[a-z][\w-]*\s+){0,2})(?:not included|sold separately|separately|nicht enthalten"
                           r"|separat erhältlich|non inclus[ea]?|vendue? séparément|non incluso|venduto a parte)\b|需另购|另购|单独购买)", re.I)
#: saying a part comes in the box
_INCLUDED_SAID = re.compile(r"\b(?:comes? with|included|includes|including|in the box|bundled|inklusive|inkl|enthalten|mit dabei"
                            r"|livrée? avec|fourni\w*|inclus\w*|compres[oa]|in dotazione|dabei)\b|附带|附赠|配有|自带|送", re.I)


@per_product
def _denials(product: Product) -> tuple[tuple[str, str, str], ...]:
    """(fact key, what it denies, how: "not" or "apart") for every denial in the product's fact
    values: the catalog's own word for what the product is not, cannot do, or does not include."""
    out = []
    for key, value in product.facts.items():
        if not isinstance(value, str):
            continue
        for m in _VALUE_DENIES.finditer(value):
            if m["z"]:
                # "不是无线款", "不能在浴室使用": what is denied, without the word for a model or for using it
                out.append((key, _CN_DENIED_TAIL.sub("", m["z"]) if len(_CN_DENIED_TAIL.sub("", m["z"])) >= 2 else m["z"], "not"))
                continue
            if m["w2"]:
                out.append((key, m["w2"].lower(), "not"))
                continue
            if m.group(0).lower().startswith(("without", "ohne", "sans", "senza")) and re.search(r"\d", value[:m.start()]):
                continue  # "10.9 oz without batteries": what a measurement leaves out, not what the product lacks
            # "no gas or propane" denies each: the first word of every part joined by "or", "and", "ni"
            for part in re.split(r"\s+(?:or|and|nor|ni|oder|und|ou|et|o|y|e|of|en)\s+", m["w"].lower()):
                named = [w for w in part.split() if w not in _DENIAL_FILLER]
                if named:
                    out.append((key, named[0], "not"))
        for m in _NOT_INCLUDED.finditer(value):
            part = [w for w in (m["w"] or "").lower().split() if w not in _DENIAL_FILLER]
            out.append((key, part[-1] if part else "", "apart"))
    return tuple(out)


#: what ends a Chinese denial without being denied ("无线款" denies 无线, "浴室使用" the bathroom)
_CN_DENIED_TAIL = re.compile(r"(?:款|型|版|使用|用)$")


def _cn_denied_part(value: str, word: str) -> str | None:
    """The part a Chinese fact denies the word of, where the same fact grants it to another part
    ("滤网可水洗，机身不可水洗": 机身): the word then holds unless that part is named. None otherwise."""
    clauses = re.split(r"[，。；;,]", value)
    granted = any(word in c and not _VALUE_DENIES.search(c) for c in clauses)
    denying = next((c for c in clauses if word in c and _VALUE_DENIES.search(c)), None)
    if not granted or denying is None:
        return None
    part = denying[:_VALUE_DENIES.search(denying).start()].strip()
    return part or None


#: a Chinese verb and what it acts on ("去除甲醛", "连接网络")
_CN_VERB_OBJECT = re.compile(r"^(?:去除|消除|清除|去掉|去|除|防止|防|抗|连接|连)(?P<o>[\u4e00-\u9fff]{2,})$")


#: words that open a clause of its own inside a sentence's clause
_SUBORDINATE = re.compile(r"\b(?:when|if|because|since|while|cuando|porque|mientras|wenn|weil|während|quand|parce que|lorsque"
                          r"|quando|perché|mentre|omdat|wanneer|als)\b", re.I)
#: Chinese words the host says for a catalog's word: "拆下来" for 拆卸 (take apart)
_CN_SAME = {"拆卸": ("拆下", "拆开", "拆掉", "拆洗", "可拆"), "联网": ("连网", "上网"), "防晒": ("晒不黑", "隔离紫外线")}


def _denied_mention(text: str, word: str) -> re.Match[str] | None:
    """Where the sentence names what a denial names: a Chinese word as written, a Latin one by
    its first five letters, hyphens aside ("non-stick" is "nonstick")."""
    if re.fullmatch(r"[\u4e00-\u9fff]+", word):
        # "不能去除甲醛" is denied by "还能去甲醛": what the verb acts on, said with any verb
        acted_on = _CN_VERB_OBJECT.match(word)
        return (re.search(re.escape(word), text) or (re.search(re.escape(acted_on["o"]), text) if acted_on else None)
                or next((m for w in _CN_SAME.get(word, ()) if (m := re.search(w, text))), None))
    if "-" in word and not word.startswith(("non-", "anti-")):
        # "smoke-free", "dishwasher-safe": the compound whole ("cuts down the smoke" is no smoke-free claim)
        return re.search(r"\b" + r"[\s-]?".join(map(re.escape, word.split("-"))) + r"\b", text, re.I)
    stem = word.replace("-", "")[:5]
    # a Latin word inside Chinese ("能连WiFi") has no word boundary before it
    return re.search(r"(?<![A-Za-z0-9])" + r"-?".join(map(re.escape, stem)) + r"[\w-]*", text, re.I) if len(stem) >= 3 else None


def _denial_findings(s: Sentence, facts: tuple[Fact, ...]) -> list[Finding]:
    """Affirming what a fact's value denies: "the pot's nonstick" where the inner pot is
    "stainless steel (not nonstick)", "蒸笼是304不锈钢的" where it is "不是不锈钢", "可以戴着游泳" where
    the watch "不能游泳", "comes with the car seat adapter" where it is "sold separately". Said
    denied ("not nonstick", "不能游泳"), asked, or answered no, it is the catalog's own warning."""
    out: list[Finding] = []
    by_key = {(f.product, f.key): f for f in facts}
    for product in s.products:
        denials = _denials(product)
        for key, word, how in denials:
            fact = by_key.get((product.sku, key))
            if fact is None or _held_apart(product, key, word, denials):
                continue
            if how == "apart":
                m = _denied_mention(s.text, word) if word else (_fact_mentioned(fact, s.text) or _first_stem_match(fact, s.text))
                included = m is not None and _INCLUDED_SAID.search(_clause(s.text, m.span()))
                if not included or _NEGATION.search(s.text[max(0, included.start() - 30):included.start()]) if m else True:
                    continue
            else:
                m = _denied_mention(s.text, word)
                if m is None:
                    continue
            clause = _clause(s.text, m.span())
            part = _cn_denied_part(str(fact.value), word) if how == "not" else None
            if part is not None and part not in clause:
                continue  # "滤网可以水洗" of "滤网可水洗，机身不可水洗": the part that may
            rest = clause[clause.find(m.group(0)) + len(m.group(0)):] if m.group(0) in clause else ""
            rest = _SUBORDINATE.split(rest)[0]  # "run it on propane when you don't feel like ...": the "don't" is another clause's
            if (_NEGATION.search(s.text[max(0, m.start() - 30):m.start()]) or _ANSWERED_NO.match(s.text[m.end():])
                    or _ASKED.search(s.text[max(0, m.start() - 60):m.start()]) or clause.endswith(("?", "？"))
                    or _DENIED_AFTER.search(rest) or _TAKE_OFF.search(rest) or _NOT_FOR_YOU.search(s.text[m.end():])):
                continue  # "no battery", "Does it have a battery?", "游泳时不能戴", "游泳要摘下来": the catalog's warning
            out.append(Finding(m.span(), f"says {m.group(0)!r}; the catalog says {fact.text}", f"{fact.product} {fact.text}"))
    out.extend(_cn_contains_denied(s, facts))
    return out


def _held_apart(product: Product, key: str, word: str, denials: tuple[tuple[str, str, str], ...]) -> bool:
    """Whether another fact of the product is named by what a denial names and denies nothing of it:
    "airflow: ... no tray rotation needed" denies the rotation, not the trays that "trays: 10 stainless
    steel trays" holds, so a sentence saying those trays claims nothing the airflow denies."""
    stem = word.replace("-", "")[:5].lower()
    if len(stem) < 3 or not re.fullmatch(r"[a-z]+", stem):
        return False
    denied_by = {k for k, w, _ in denials if w.replace("-", "")[:5].lower() == stem}
    return any(k != key and k not in denied_by and k.replace("_", "").lower().startswith(stem)
               for k in product.facts)


#: what a Chinese fact says the product contains ("含对苯二胺", "含山梨酸钾（防腐剂）"), and a sentence denying it ("不含对苯二胺")
_CN_CONTAINS = re.compile(r"(?<![不无没])含(?!量)(?P<x>[\u4e00-\u9fff]{2,8}?)(?=[，。、；（）()\s,;]|$)")
_CN_DENIES_CONTENT = r"(?:不含|无|没有|没加|不加|零)"


def _cn_contains_findings_for(s: Sentence, fact: Fact) -> list[Finding]:
    out = []
    for c in _CN_CONTAINS.finditer(str(fact.value)):
        m = re.search(_CN_DENIES_CONTENT + re.escape(c["x"]), s.text)
        if m is not None and not _ASKED.search(s.text[max(0, m.start() - 60):m.start()]):
            out.append(Finding(m.span(), f"says {m.group(0)!r}; the catalog says {fact.text}", f"{fact.product} {fact.text}"))
    return out


def _cn_contains_denied(s: Sentence, facts: tuple[Fact, ...]) -> list[Finding]:
    """Denying what a fact says the product contains: "这款就不含对苯二胺" where the dye "含对苯二胺"."""
    return [f for fact in facts if isinstance(fact.value, str) for f in _cn_contains_findings_for(s, fact)]


#: "Heads up, vegetarians: ... this one isn't for you": the people the fact rules out, told so
_NOT_FOR_YOU = re.compile(r"\b(?:isn't|is not|not|aren't) (?:for you|for them|right for you)\b|\bno es para (?:ti|vosotros|usted)"
                          r"|\bn'est pas pour vous|\bnicht für (?:dich|euch|sie)\b|\bniet voor (?:jou|u|jullie)\b|\bnon fa per (?:te|voi)|不适合你", re.I)
#: a part to wash by hand ("wash the wire whip by hand"): denies that part goes in the dishwasher
_BY_HAND = re.compile(r"\bby hand\b|\bhand[- ]wash|\bà la main\b|\ba mano\b|\bvon hand\b|\bmet de hand\b|\bhandwäsche|手洗", re.I)
#: Chinese warnings said after the thing ("游泳的时候要摘下来", "洗碗机别放")
_TAKE_OFF = re.compile(r"摘|取下|别|勿|禁止")
_DENIED_AFTER = re.compile(r"\b(?:not|no|none|non|nicht|nein|kein\w*|pas|never|nie|jamais|mai)\b|n['’]t\b"
                           r"|不(?:能|可|行|要|建议|适合|宜|支持|是)|没有|没法|不得", re.I)  # "没问题", "不怕水" affirm


def _part_denied_after(fact: Fact, text: str) -> bool:
    """A fact about one part named apart from the feature, denied after the part in its own
    clause: "it goes in the dishwasher; the base does not" denies base_dishwasher_safe."""
    if len(fact.stems) < 2 or re.search(r"\W+(?:\w+\W+)?".join(rf"\b{re.escape(stem)}\w*" for stem in fact.stems), text, re.I):
        return False  # named together ("water-resistant but not waterproof"): the words before it decide
    for stem in fact.stems:
        for m in re.finditer(rf"\b{re.escape(stem)}\w*", text, re.I):
            clause = _clause(text, m.span())
            start = text.find(clause)
            if start >= 0 and (_DENIED_AFTER.search(text[m.end():start + len(clause)]) or _BY_HAND.search(clause)):
                return True
    return False


def truth(value: object) -> bool | None:
    """A yes/no fact: a boolean, or a value that starts with one and gives its reason
    ("native_4k: false (accepts a 4K signal, shows 1080p)")."""
    if isinstance(value, bool):
        return value
    m = re.match(r"\s*(true|false)\b(?!\w)", value) if isinstance(value, str) else None
    return (m.group(1) == "true") if m else None


def _boolean_findings(s: Sentence, facts: tuple[Fact, ...]) -> list[Finding]:
    out = []
    for fact in facts:
        value = truth(fact.value)
        if value is None:
            continue
        m = _fact_mentioned(fact, s.text)
        if m is None:
            continue
        # named apart ("Native 1080p ... not a true 4K projector"): a denial before any of its words denies it
        together = all(re.search(rf"\b{re.escape(stem)}", m.group(0), re.I) for stem in fact.stems)  # "water-resistant", not "water ... resistant"
        apart = [] if together else [w for stem in fact.stems for w in re.finditer(rf"\b{re.escape(stem)}\w*", s.text, re.I)]
        said = not (any(_NEGATION.search(s.text[max(0, w.start() - 40):w.start()]) for w in [m, *apart])
                    or _ANSWERED_NO.match(s.text[m.end():]) or _part_denied_after(fact, s.text))
        if said and _ASKED.search(s.text[max(0, m.start() - 60):m.start()]):
            continue  # the question read out; the answer, if any, follows it
        if said != value:
            out.append(Finding(m.span(), f"{'affirms' if said else 'denies'} {fact.key.replace('_', ' ')}; "
                               f"the catalog says {fact.text}", f"{fact.product} {fact.text}"))
    return out


#: a fact value that says the thing is absent ("fragrance: none", "fragrance: 无香精")
_ABSENT = re.compile(r"^\s*(?:none|no\b|nil|0(?:\.0+)?\s*(?:g|mg|%)?\s*$|free\b|without|ohne|kein|sans|aucun|无|不含|零)", re.I)


def _free_of_findings(s: Sentence, facts: tuple[Fact, ...], p: AttributeParams) -> list[Finding]:
    """ "Fragrance-free" where the catalog gives a fragrance, "零糖" where it gives 2 g of sugar."""
    out = []
    for m in phrase_regex(tuple(p.free_of)).finditer(s.text):
        before = s.text[max(0, m.start() - 30):m.start()]
        if _NEGATION.search(before) or _SUPPOSED.search(before):
            continue
        absent = {k.lower(): v for k, v in p.free_of.items()}.get(m.group(0).lower(), "")
        for fact in facts:
            key = fact.key.lower().split("_")
            if absent not in key:
                continue
            present = (fact.value is (key[-1] != "free")) if isinstance(fact.value, bool) else not _ABSENT.match(str(fact.value))
            if present:  # "latex-free" and contains_latex: true, or fragrance: rose
                out.append(Finding(m.span(), f"says {m.group(0)!r}; the catalog says {fact.text}", f"{fact.product} {fact.text}"))
                break
        else:
            fact = _value_says_present(m.group(0), facts)
            if fact is not None:
                out.append(Finding(m.span(), f"says {m.group(0)!r}; the catalog says {fact.text}", f"{fact.product} {fact.text}"))
    return out


_FREE_MARKER = re.compile(r"[\s-]*(?:free|frei)$|^(?:sans|ohne|zero|senza|sin|无|不含|零|0)\s*", re.I)
_ABSENT_BEFORE = re.compile(r"(?:无|不含|不|没有|零|\b(?:free of|no|without|ohne|kein\w*|sans|senza|sin)\s*)$", re.I)


def _value_says_present(term: str, facts: tuple[Fact, ...]) -> Fact | None:
    """A fact whose value says the product contains what a "free of" term says it lacks, under
    any key: "无香精" where the scent is "白茶香（含香精）"."""
    word = _FREE_MARKER.sub("", term.lower()).strip()
    if len(word) < 2:
        return None
    for fact in facts:
        if not isinstance(fact.value, str) or word in fact.key.lower():
            continue  # a fact named for it ("fragrance: none") is judged by its key
        for m in re.finditer(re.escape(word), fact.value.lower()):
            if not (_ABSENT_BEFORE.search(fact.value[max(0, m.start() - 12):m.start()]) or _ABSENT_AFTER.match(fact.value[m.end():])):
                return fact
    return None


_ABSENT_AFTER = re.compile(r"[\s:-]*(?:free|frei|none|no\b|nil|0\b)|\s*(?:无|不含)", re.I)


#: "if you need fragrance-free, this isn't the one": a viewer's need, not the product's spec
_SUPPOSED = re.compile(r"\b(?:if|wenn|falls|si)\b[^,.;!?]{0,30}$|(?:如果|要是)[^，。！？]{0,10}$", re.I)


#: "pure", "100 %" before a material: a blend in the catalog ("70% merino wool") contradicts it
_PURE = re.compile(r"(?:\b(?:pure|100\s*(?:%|percent|per cent|prozent|pour\s*cent|per\s*cento)|reine?[rs]?|pur|puro|pura)|纯|百分之百|100%)\W*$", re.I)


#: wording that says what a product is made of, in the languages the packs cover
_MADE_OF = re.compile(r"\b(?:made (?:of|from|with|in)|material|crafted|built from|body|shell|lined|aus|besteht|hergestellt"
                      r"|fait (?:de|en)|en pur|fabriqué)\b|材质|材料|做的|制成|锅体|内胆|外壳|机身|涂层", re.I)


def _material_findings(s: Sentence, facts: tuple[Fact, ...], p: AttributeParams) -> list[Finding]:
    """Materials said against the facts: a blend said pure, a material no fact gives said to be
    what it is made of, or one a fact denies ("vraie pierre" where stone_plate: false)."""
    support = " ".join(f.text.lower() for f in facts if f.value is not False) + " " + " ".join(
        c.lower() for pr in s.products for c in [*pr.claims, *pr.certifications])
    denied = [f for f in facts if f.value is False]
    aliases = {k.lower(): v.lower() for k, v in p.material_aliases.items()}
    out = []
    for m in phrase_regex((*p.materials, *p.material_aliases)).finditer(s.text):
        said = m.group(0).lower()
        if _NEGATION.search(s.text[max(0, m.start() - 30):m.start()]):
            continue
        material = aliases.get(said, said)
        # the material a denied fact names first ("stone_plate": a plate of stone); "organic_cotton: false"
        # denies organic, not cotton
        fact = next((f for f in denied if f.key.lower().split("_")[0] == material), None)
        if fact is not None:
            out.append(Finding(m.span(), f"says {m.group(0)!r}; the catalog says {fact.text}", f"{fact.product} {fact.text}"))
            continue
        if material in support or said in support:  # "内胆PP材质": a Chinese fact names it in Chinese
            blend = re.search(rf"(\d+(?:\.\d+)?)\s*%\s*{re.escape(aliases.get(said, said))}", support)
            if blend and float(blend.group(1)) < 100 and _PURE.search(s.text[max(0, m.start() - 16):m.start()]):
                out.append(Finding(m.span(), f"says it is pure {m.group(0)!r}; the catalog says {blend.group(0)}",
                                   "facts: " + "; ".join(f.text for f in facts)))
            continue
        if _MADE_OF.search(s.text):
            out.append(Finding(m.span(), f"says it is made of {m.group(0)!r}", "facts: " + "; ".join(f.text for f in facts)))
    return out


#: a fact value that denies its own key: "payment: 无支付功能", "whitening_registration: 无（普通化妆品）", "washable: 不可水洗"
_SELF_DENIAL = re.compile(r"\s*(?:(?:no|none|not|without|kein\w*|nicht|ohne|pas|sans|non|nessun\w*|ningun[oa]|sin|aucune?|geen)\b|无|不|没有|未|非)", re.I)


def _denies_itself(fact: Fact) -> bool:
    return isinstance(fact.value, str) and bool(_SELF_DENIAL.match(fact.value))


def _first_stem_match(fact: Fact, text: str) -> re.Match[str] | None:
    """Where the sentence names a fact by its first key word ("the pasta roller" for pasta_attachment)."""
    return re.search(rf"\b{re.escape(fact.stems[0])}\w*", text, re.I) if fact.stems and len(fact.stems[0]) >= 4 else None


def _first_stem_said(fact: Fact, words_said: str) -> bool:
    """Whether the words name a fact by its first key word ("whitening" names whitening_registration)."""
    return bool(fact.stems) and bool(re.search(rf"\b{re.escape(fact.stems[0])}", words_said, re.I))


def _only_fact_with(facts: tuple[Fact, ...], feature: str) -> Fact | None:
    """The one yes/no fact whose key holds the feature an alias names ("lavavajillas" -> dishwasher ->
    pan_dishwasher_safe): a product with one dishwasher fact has it said of its whole; with two (bowl
    and whip) the part must be named."""
    stems = [_stem(t) for t in words(feature) if t not in _GENERIC_KEY_WORDS]
    # "fragrance_free" names an absence: "sans parfum" affirms it, which the free-of check judges
    found = [f for f in facts if truth(f.value) is not None and stems and all(st in f.stems for st in stems)
             and "free" not in f.key.lower().split("_")]
    return found[0] if len(found) == 1 else None


def _unknown_term_findings(s: Sentence, facts: tuple[Fact, ...], p: AttributeParams,
                           covered: list[tuple[int, int]], names: list[tuple[int, int]]) -> list[Finding]:
    hits = [m for m in phrase_regex(tuple(p.attribute_terms)).finditer(s.text)
            if not any(a <= m.start() < b or m.start() <= a < m.end() for a, b in covered) and not _within(m.span(), names)]
    if not hits:
        return []
    support_texts = supporting_texts(s.products, s.catalog)
    lowered = " ".join(support_texts).lower().replace("-", " ")
    out = []
    aliases = {k.lower().replace("-", " "): v.lower() for k, v in p.term_aliases.items()}  # keyed as terms are read
    for m in hits:
        term = m.group(0).lower().replace("-", " ")
        negated = bool(_NEGATION.search(s.text[max(0, m.start() - 30):m.start()]) or _DENIED_AT_END.match(s.text[m.end():]))
        meanings = aliases[term].split("|") if term in aliases else []  # "保温": insulated (a bottle) or keep warm (a kettle)
        named = next((f for f in facts for meaning in meanings if truth(f.value) is not None and _fact_mentioned(f, meaning)
                      or _denies_itself(f) and _first_stem_said(f, meaning)), None)
        if named is None:
            named = next(filter(None, (_only_fact_with(facts, meaning) for meaning in meanings)), None)
        if named is None and not negated and _ALL_PARTS.search(_clause(s.text, m.span())):
            # "Alles spülmaschinenfest, auch die Grillplatte": said of every part, so a part the catalog denies it contradicts it
            named = next((f for f in facts for meaning in meanings or [term] if truth(f.value) is False
                          and any(re.search(rf"\b{re.escape(stem)}", meaning) for stem in f.stems)), None)
        if named is not None:  # "完全防水" where the catalog says waterproof: false; "美白" where whitening_registration: 无
            if bool(truth(named.value)) == negated:
                out.append(Finding(m.span(), f"{'denies' if negated else 'affirms'} {named.key.replace('_', ' ')}; "
                                   f"the catalog says {named.text}", f"{named.product} {named.text}"))
            continue
        if any(meaning in lowered for meaning in meanings) or term in lowered or negated:
            continue  # the catalog's own word for it ("保温" in a fact), or in the words an alias gives
        clause = _clause(s.text, m.span())
        if any(len(str(f.value)) > 2 and str(f.value).lower() in clause.lower() for f in facts if not isinstance(f.value, bool)):
            continue  # the clause cites the fact it describes ("IPX7 water resistance")
        if any(_fact_mentioned(f, m.group(0)) for f in facts):
            continue
        index, similarity = _nearest_support(clause, support_texts)
        if similarity >= p.support_similarity:
            continue
        out.append(Finding(m.span(), f"claims {m.group(0)!r}, which no catalog fact or approved claim supports",
                           f"nearest catalog text ({similarity:.2f}): {support_texts[index] if index >= 0 else 'none'}"))
    return out


def _nearest_support(clause: str, texts: tuple[str, ...]) -> tuple[int, float]:
    """The catalog text nearest in meaning to the clause among those it could restate: a
    Chinese clause must share words with a Chinese text ("可以整条扔洗衣机里洗" is no paraphrase of
    "不可水洗，只能局部擦拭", however close the encoder puts them)."""
    if not texts:
        return -1, 0.0
    sims = text_vectors(texts) @ sentence_vector(clause)
    ranked = [i for i in np.argsort(-sims) if says_chinese_words(clause, texts[i])]
    return (int(ranked[0]), float(sims[ranked[0]])) if ranked else (-1, 0.0)


def supporting_texts(products: list[Product], catalog: Catalog) -> tuple[str, ...]:
    """What a spoken attribute may be a paraphrase of: facts, approved claims, certifications, policies."""
    return tuple([f.text for f in _product_facts(products)] + [c for pr in products for c in [*pr.claims, *pr.certifications]]
                 + list(catalog.policies.values()))


def _clause(text: str, span: tuple[int, int]) -> str:
    """The clause around a span: between punctuation followed by a space, or Chinese punctuation."""
    start = max([0] + [m.end() for m in re.finditer(r"[,;.!?]\s|[，。；！？]", text[: span[0]])])
    end_match = re.search(r"[,;.!?](?:\s|$)|[，。；！？]", text[span[1]:])
    return text[start: span[1] + (end_match.start() if end_match else len(text))].strip()
