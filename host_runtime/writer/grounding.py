"""Grounded drafts: the model may choose the phrasing, never the content.

The guard judges facts and the law, so general puffery ("a perfect fit for a business",
"you'll love it") can be legal and still pass it. The writer holds itself to more: every
content word of a model draft must come from what the beat gives it (its brief, the fact
snippets and approved claims it uses), from the product's own name, brand, aliases and
category, or from the persona (catchphrases, tone words). Anything else is the model adding
content, and the draft is regenerated or replaced by reviewed copy.

A word-overlap rule rather than a parser: a draft is short, and a list of words that carry
no claim (``STOP_WORDS``) is easy to read and review.

Grounded words can still make no sentence: a claim pasted after "has a" ("AeroPress Go has a
Brews a cup in one minute."), a fragment with no verb ("Capacity: 8 oz."), a list of keys, a
doubled word or phrase, a sentence that trails off on "up to.". ``not_a_sentence`` says why
such a draft cannot be spoken. And grounded slots can sit in the wrong place: a brew time
after "comes with", the former price where the price now goes, a deadline after "for", one
value said twice. ``misplaced_slot`` says which.
"""

from __future__ import annotations

import re
from typing import Iterable

from ..models.book import SLOT_RE

#: words that carry no claim: articles, pronouns, prepositions, conjunctions, auxiliaries,
#: determiners, a few discourse words, and the generic verbs of showing and selling
STOP_WORDS = frozenset("""
a an the this that these those it its they them their there here
i me my we us our you your yours he she his her
what which who how when where why
and or but so nor if then than as because while
of in on at by for with without from to into onto over under about up down out off
is am are was were be been being has have had having do does did done can could will would shall should may might must
not no yes
just also too very really only even still now today right
all any each every some more most much many one
well ok okay oh hey hi hello
get gets getting grab pick check see look looks looking meet find shop order buy take takes tap come comes coming
give gives make makes made let lets keep keeps hold holds offer offers feature features include includes including
available priced cost costs
say says tell know knows want need bring brings go goes
s ll re ve d t m
""".split())

#: endings that turn a fact's word into a verdict on it (full of, without, the most)
JUDGING_ENDINGS = ("ful", "less", "est", "iest")

_WORD = re.compile(r"[a-z]+")
#: a word, or a hyphenated compound taken whole: "must-buy" is not grounded by "must" and "buy"
_TERM = re.compile(r"[a-z]+(?:-[a-z]+)*")

#: verbs a spoken sentence may turn on (base forms; "-s" forms are derived), beside the
#: auxiliaries of STOP_WORDS and contractions ("it's", "that's")
VERBS = frozenset("""
get grab pick check see look meet find shop order buy take tap come give make let keep hold offer feature
include say tell know want need bring go brew pack travel run charge weigh cover use work fit suit last heat
pour brighten wake play stay ship arrive cost start end begin love enjoy try add hit fold clip slip block
carry fill warm cool clean wash dry build store protect measure deliver handle support help save pay
""".split())
AUXILIARIES = frozenset("is am are was were be been has have had do does did can could will would shall should "
                        "may might must".split())
_CONTRACTION = re.compile(r"\b\w+'(?:s|re|ll|ve|d)\b", re.I)
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.I)
#: four words or more said twice in one sentence: "comes with a mug, a stirrer and 350 filters and a mug, a stirrer..."
_REPEATED_RUN = re.compile(r"\b(\w+\W+\w+\W+\w+\W+\w+)\b.*\b\1\b", re.I)
#: a sentence that trails off on a word that needs another after it, or on stacked punctuation
_TRAILING = re.compile(r"(?:\b(?:a|an|the|and|or|of|to|for|with|up|is|at)|[.!?,;:]{2,}|…)\W*$", re.I)
#: a brief turned into a form ("has a price right now is $79.00"), a deadline said twice ("ends
#: until", "lasts until Black Friday until tomorrow"), a count where a price goes ("available for 120 pieces")
_FORM = re.compile(r"\bhas (?:a|the) price\b|\bends until\b|\buntil\b.*\buntil\b|\bavailable for \d", re.I)
#: "a" before a vowel sound: "You can get a AeroPress" ("a one-touch", "a USB" and "a user" are right)
_A_VOWEL = re.compile(r"\ba (?!u|one|eu)[aeiou]", re.I)
#: a yes/no feature or a number where a material goes: "is made of BPA-free", "is made with 2 lb"
_MADE_OF = re.compile(r"\bmade (?:of|from|with) (?:[\w-]+-(?:free|safe|friendly|proof)\b|[\d{])", re.I)
#: what a live value may follow: a deadline after "until", a former price after "from" or "was"
LIVE_LEADS = {"ends": ["until", "ends", "ending", "through"],
              "reference_price": ["from", "was", "of", "before", "not", "earlier"]}
#: where a price goes: a fact there reads as one ("You can get the Pulse Buds for 5.3.")
_PRICE_PLACE = re.compile(r"\b(?:for|at|costs?|priced)\W*$", re.I)
#: words the price now never follows: after them it reads as the former price
_NOT_BEFORE_PRICE = re.compile(r"\b(?:from|was|of)\W*$", re.I)
_KEY = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")
_CAPITALISED = re.compile(r"(?<![.!?:]\s)(?<!^)\b([A-Z][a-z]+)\b")


def _verb_forms(word: str) -> set[str]:
    if word.endswith(("s", "sh", "ch", "x")):
        third = word + "es"
    elif word.endswith("y") and word[-2:-1] not in "aeiou":
        third = word[:-1] + "ies"
    else:
        third = word + "s"
    return {word, third}


_ALL_VERBS = frozenset(f for v in VERBS for f in _verb_forms(v)) | AUXILIARIES


def proper_words(names: Iterable[str], sentences: Iterable[str]) -> set[str]:
    """Capitalised words a draft may use mid-sentence: every word of a name (product, brand,
    promotion, store, persona), and words capitalised inside a sentence of the sources (not
    the first word, which is capitalised only because it starts the sentence)."""
    out = {w for name in names for w in re.findall(r"[A-Za-z]+", name)}
    for text in sentences:
        out |= set(_CAPITALISED.findall(text))
    return out


def not_a_sentence(text: str, proper: set[str]) -> str | None:
    """Why ``text`` is no sentence a host can say, or None when it reads as one."""
    if _KEY.search(text):
        return "a field name, not words"
    doubled = _DOUBLED.search(text) or _REPEATED_RUN.search(text)
    if doubled:
        return f"said twice: {doubled[1]!r}"
    if _TRAILING.search(text):
        return "trails off: the sentence is not finished"
    if _FORM.search(text):
        return "the brief read out as a form, or the deadline twice"
    if _A_VOWEL.search(text):
        return "'a' before a vowel"
    if _MADE_OF.search(text):
        return "something that is no material after 'made of'"
    for m in _CAPITALISED.finditer(text):
        if m[1] not in proper:
            return f"{m[1]!r} starts something pasted mid-sentence"
    if not text[:1].isupper() and not text[:1].isdigit():
        return "does not start a sentence"
    named = {w.lower() for w in proper}  # "travel" in "travel press" is a name here, not a verb
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", _CONTRACTION.sub(" is ", text)) if w.lower() not in named]
    if not any(w in _ALL_VERBS for w in words) and not any(w.endswith(("ed", "es")) and len(w) > 4 for w in words):
        return "a fragment: no verb"
    return None


def misplaced_slot(text: str, fact_leads: dict[str, list[str]]) -> str | None:
    """Why a slot of the draft ``text`` sits where its value cannot go, or None. A fact must not
    follow the words of another fact ("comes with {fact:brew_time}") nor stand where a price
    goes, unless its own words put it there ("warm for {fact:keep_warm}"); the deadline and the
    former price must follow their own (LIVE_LEADS); the price now never follows "from" or
    "was"; no slot is said twice. ``fact_leads``: the lead words of each fact slot."""
    seen: set[str] = set()
    for m in SLOT_RE.finditer(text):
        slot, before = m[1], text[:m.start()].rstrip().lower()

        def follows(leads: list[str]) -> bool:
            return any(re.search(rf"\b{re.escape(lead.lower())}$", before) for lead in leads)

        if slot in seen:
            return f"{{{slot}}} said twice"
        seen.add(slot)
        if slot in LIVE_LEADS and not follows(LIVE_LEADS[slot]):
            return f"{{{slot}}} not after {' / '.join(LIVE_LEADS[slot])}"
        others = [other for other, leads in fact_leads.items() if other != slot and follows(leads)]
        if slot in fact_leads and others and not follows(fact_leads[slot]):
            return f"{{{slot}}} after the words of {{{others[0]}}}"
        if slot in fact_leads and _PRICE_PLACE.search(before) and not follows(fact_leads[slot]):
            return f"{{{slot}}} where a price goes"
        if slot == "price" and _NOT_BEFORE_PRICE.search(before):
            return "{price} where the former price goes"
    return None


def _root(word: str) -> str:
    """Plural, -ing, -ed and -ly forms reduced, so "brews" meets "brew" and "packed" meets "packs"."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    """The words of ``text`` that can carry a claim."""
    words = _TERM.findall(text.lower().replace("’", "'").replace("'", " "))
    return [w for w in words if w not in STOP_WORDS]


class Grounding:
    """The words a draft may use, from the texts it is allowed to draw on."""

    def __init__(self, sources: Iterable[str]):
        self.roots = {_root(w) for text in sources for pattern in (_WORD, _TERM) for w in pattern.findall(text.lower())}

    def _known(self, word: str) -> bool:
        root = _root(word)
        if root in self.roots:
            return True
        # a longer or shorter form of a source word ("packable" / "packs"), but not one whose ending
        # makes a judgement of it: "power" grounds "powered", never "powerful" or "powerless"
        return len(root) >= 5 and any(len(r) >= 5 and (r.startswith(root) or root.startswith(r)
                                                       and not root[len(r):].startswith(JUDGING_ENDINGS))
                                      for r in self.roots)

    def ungrounded(self, text: str) -> list[str]:
        """Content words of ``text`` that no source gives, in order."""
        return [w for w in content_words(text) if not self._known(w)]
