"""Grounded drafts: the model may choose the phrasing, never the content.

The guard judges facts and the law, so general puffery ("a perfect fit for a business",
"you'll love it") can be legal and still pass it. The writer holds itself to more: every
content word of a model draft must come from what the beat gives it (its brief, the fact
snippets and approved claims it uses), from the product's own name, brand, aliases and
category, or from the persona (catchphrases, tone words). Anything else is the model adding
content, and the draft is regenerated or replaced by reviewed copy.

A word-overlap rule rather than a parser: a draft is short, and a list of words that carry
no claim (``STOP_WORDS``) is easy to read and review.
"""

from __future__ import annotations

import re
from typing import Iterable

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

_WORD = re.compile(r"[a-z]+")


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
    words = _WORD.findall(text.lower().replace("’", "'").replace("'", " "))
    return [w for w in words if w not in STOP_WORDS]


class Grounding:
    """The words a draft may use, from the texts it is allowed to draw on."""

    def __init__(self, sources: Iterable[str]):
        self.roots = {_root(w) for text in sources for w in _WORD.findall(text.lower())}

    def _known(self, word: str) -> bool:
        root = _root(word)
        if root in self.roots:
            return True
        # a longer or shorter form of a source word ("packable" / "packs")
        return len(root) >= 5 and any(len(r) >= 5 and (r.startswith(root) or root.startswith(r)) for r in self.roots)

    def ungrounded(self, text: str) -> list[str]:
        """Content words of ``text`` that no source gives, in order."""
        return [w for w in content_words(text) if not self._known(w)]
