"""Terms where a law names the words (PRC Advertising Law Art. 9 absolute terms, Art. 17 medical
terms outside medical ads): the list in the pack is the policy; the code adds what a plain list cannot say: ordinals and fixed
expressions that win over a match ("第一步", "best before"), and catalog facts quoted as the
merchant gives them ("100% merino wool"). Every other language category is judged by the
trained classifier (checks/classified.py).
"""

from __future__ import annotations

import re

from ...models import Product
from ..text import negated, others_say, phrase_pattern, phrase_regex, words
from . import Edit, Finding, Params, Sentence, check
from .attributes import per_product


_rx = phrase_regex  # compiled once per word list (cached)


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b or a < span[1] and span[0] < b for a, b in others)


class AbsoluteParams(Params):
    terms: list[str]  # banned absolute or superlative terms
    exceptions: list[str]  # phrases where a term is an ordinal or fixed expression ("first step", "best before")
    replacements: dict[str, str] = {}  # term -> what a rewrite says instead; others are dropped
    superlatives: bool = False  # also flag "the loudest", "the softest": any "-est" adjective after "the"/"world's"
    not_superlatives: list[str] = []  # "-est" words that are not superlatives (rest, latest, honest...)
    exempt_categories: list[str] = []  # product categories the law allows the terms (medical_device)
    what: str = "absolute term"  # what a finding calls a matched term


#: a superlative bounding a spec, before its number ("最长12小时", "最高20瓦", "最长能保温1小时"), states a range
_SPEC_BOUND = re.compile(r"最(?:长|高|大|多|低|少|短|快|远|小|久|宽|重|轻)(?![\u4e00-\u9fff]{0,4}价)[\u4e00-\u9fff]{0,4}?\s*\d")
_SUPERLATIVE = re.compile(r"\b(?:the|world'?s|europe'?s|america'?s|earth'?s)\s+(?:very\s+)?(?P<w>[a-z]{2,}est)\b", re.I)


@per_product
def _fact_values(product: Product) -> tuple[re.Pattern[str], ...]:
    """The product's fact values as they may be spoken ("100% merino wool")."""
    values = [v for v in product.facts.values() if isinstance(v, str) and len(v) > 2]
    return tuple(rx for rx in map(phrase_pattern, values) if rx)


@check("absolute_terms", AbsoluteParams)
def absolute_terms(s: Sentence, p: AbsoluteParams) -> list[Finding]:
    """Absolute wording, except inside a catalog fact quoted as the merchant gives it:
    "100% merino wool" states a composition, not a superlative."""
    if s.product is not None and s.product.category in p.exempt_categories:
        return []
    allowed = [m.span() for m in _rx(tuple(p.exceptions)).finditer(s.text)]
    allowed += [m.span() for pr in s.products for rx in _fact_values(pr) for m in rx.finditer(s.text)]
    allowed += [m.span() for m in _SPEC_BOUND.finditer(s.text)]
    replacements = {k.lower(): v for k, v in p.replacements.items()}
    findings = []
    matches = list(_rx(tuple(p.terms)).finditer(s.text))
    if p.superlatives:
        skip = {w.lower() for w in p.not_superlatives}
        matches += [m for m in _SUPERLATIVE.finditer(s.text) if m["w"].lower() not in skip
                    and not any(o.start() <= m.start("w") < o.end() for o in matches)]
    for m in sorted(matches, key=lambda m: m.start()):
        if _inside(m.span(), allowed) or negated(s.text, m.start()) or others_say(s.text, m.start()):
            continue  # an ordinal, a fixed expression, a quoted fact, denied ("不是全网最低价", "not the cheapest") or another shop's ("别家喊全网最低价")
        term = m.group(0)
        fix = Edit(m.span(), replacements.get(term.lower(), ""))
        findings.append(Finding(m.span(), f"{p.what} {term!r}", "", fix))
    return findings


def nearest_claim(product: Product, text: str) -> str:
    """The approved claim that shares most words with the sentence: what the experience was
    trying to say, as a fact the merchant stands behind."""
    said = set(words(text))
    return max(product.claims, key=lambda c: len(said & set(words(c))))
