"""Checks driven by word lists in the packs: absolute terms, health claims, first-person
experience, human impersonation and social proof.

The lists are the policy; the code only adds what plain lists cannot say: exceptions that
win over a match, negation ("I haven't tried it"), and support from the catalog's own text.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ...models import Product
from ..text import phrase_pattern, phrase_regex, words
from . import Edit, Finding, Params, Sentence, check
from .attributes import _name_spans, per_product


_rx = phrase_regex  # compiled once per word list (cached)


def _inside(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(a <= span[0] and span[1] <= b or a < span[1] and span[0] < b for a, b in others)


class AbsoluteParams(Params):
    terms: list[str]  # banned absolute or superlative terms
    exceptions: list[str]  # phrases where a term is an ordinal or fixed expression ("first step", "best before")
    replacements: dict[str, str] = {}  # term -> what a rewrite says instead; others are dropped
    superlatives: bool = False  # also flag "the loudest", "the softest": any "-est" adjective after "the"/"world's"
    not_superlatives: list[str] = []  # "-est" words that are not superlatives (rest, latest, honest...)


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
    allowed = [m.span() for m in _rx(tuple(p.exceptions)).finditer(s.text)]
    allowed += [m.span() for pr in s.products for rx in _fact_values(pr) for m in rx.finditer(s.text)]
    replacements = {k.lower(): v for k, v in p.replacements.items()}
    findings = []
    matches = list(_rx(tuple(p.terms)).finditer(s.text))
    if p.superlatives:
        skip = {w.lower() for w in p.not_superlatives}
        matches += [m for m in _SUPERLATIVE.finditer(s.text) if m["w"].lower() not in skip
                    and not any(o.start() <= m.start("w") < o.end() for o in matches)]
    for m in sorted(matches, key=lambda m: m.start()):
        if _inside(m.span(), allowed):
            continue
        term = m.group(0)
        fix = Edit(m.span(), replacements.get(term.lower(), ""))
        findings.append(Finding(m.span(), f"absolute term {term!r}", "", fix))
    return findings


class HealthParams(Params):
    verbs: list[str]  # what a product is said to do to a condition: prevent, treat, cure, boost...
    conditions: list[str]  # diseases and health conditions
    standalone: list[str]  # medical wording on its own ("boosts immunity", "clinically proven")
    by_category: dict[str, list[str]] = {}  # extra wording per product category (supplement, cosmetics, kids...)
    exempt_categories: list[str] = []  # categories approved to make such claims (e.g. medical_device)


@lru_cache(maxsize=64)
def _health_rx(verbs: tuple[str, ...], conditions: tuple[str, ...], standalone: tuple[str, ...]) -> re.Pattern[str]:
    verb, condition = _rx(verbs).pattern, _rx(conditions).pattern
    pair = rf"(?:{verb})(?:\W+\w+){{0,4}}?\W+(?:{condition})"
    # the condition first ("watch your acne clear up", "Erkältungen abzuwehren"), and Chinese,
    # written without spaces ("抵抗感冒")
    reverse = rf"(?:{condition})(?:\W+\w+){{0,3}}?\W+(?:{verb})"
    joined = rf"(?:{verb})[\u4e00-\u9fff]{{0,6}}?(?:{condition})"
    return re.compile(rf"{pair}|{reverse}|{joined}|{_rx(standalone).pattern}", re.I)


_DISCLAIMED = re.compile(r"(?:\b(?:not|doesn't|does not|can't|cannot|won't|isn't|never claims? to|not intended to|is not meant to)\W+(?:\w+\W+){0,3}"
                         r"|(?:不能|不可|不是|并非|不会|无法)[\u4e00-\u9fff]{0,6})$", re.I)


@check("health_claims", HealthParams)
def health_claims(s: Sentence, p: HealthParams) -> list[Finding]:
    product = s.product
    if product is not None and product.category in p.exempt_categories:
        return []
    categories = [pr.category for pr in s.products] or list(p.by_category)
    extra = tuple(x for c in categories for x in p.by_category.get(c, []))
    approved = _approved_text(s.products)
    findings = []
    for m in _health_rx(tuple(p.verbs), tuple(p.conditions), (*p.standalone, *extra)).finditer(s.text):
        if m.group(0).lower() in approved or _DISCLAIMED.search(s.text[max(0, m.start() - 40):m.start()]):
            continue  # an approved claim, or a disclaimer ("it does not cure", "不能代替药物治疗")
        what = f" for {product.sku} ({product.category})" if product else ""
        findings.append(Finding(m.span(), f"health or medical claim {m.group(0)!r}{what}",
                                "approved claims: " + ("; ".join(product.claims) if product else "none")))
    return findings


def _approved_text(products: list[Product]) -> str:
    return " ".join(c.lower() for pr in products for c in [*pr.claims, *pr.certifications])


class ExperienceParams(Params):
    phrases: list[str]  # first-person use or sensory experience
    disclaimers: list[str]  # an AI saying it has not tried the product ("I haven't tried it", "as an AI")
    subjects: list[str] = []  # a speaker talking of themself: "I", "ich", "j'", "someone who"
    habits: list[str] = []  # when a person uses a thing: "every night", "last winter", "jeden Morgen", "tous les soirs"
    pointers: list[str] = []  # words that point at the product ("this", "mine", "diesem", "cette"); its name counts too
    show_talk: list[str] = []  # what the host itself does on the show ("live", "here", "said"): no experience claimed


#: how far (in characters, within one sentence) a habit may follow its subject
_HABIT_REACH = 90


def _habitual(s: Sentence, p: ExperienceParams) -> list[tuple[int, int]]:
    """Spans from a first-person subject to a later time of use in the same sentence: the family
    "I <did something> every night / last week" in any wording, whatever the verb."""
    habits = list(_rx(tuple(p.habits)).finditer(s.text)) if p.subjects and p.habits else []
    if not habits or not (_rx(tuple(p.pointers)).search(s.text) or _name_spans(s)):
        return []  # a habit of the host's, not of using this product ("I go live every night")
    show = _rx(tuple(p.show_talk))
    out = []
    for subject in _rx(tuple(p.subjects)).finditer(s.text):
        later = [h for h in habits if 0 <= h.start() - subject.end() <= _HABIT_REACH
                 and not re.search(r"[.!?;]", s.text[subject.end():h.start()])
                 and not show.search(s.text, subject.start(), h.start())]
        if later:
            out.append((subject.start(), later[0].end()))
    return out


@check("first_person_experience", ExperienceParams)
def first_person_experience(s: Sentence, p: ExperienceParams) -> list[Finding]:
    hits = [m.span() for m in _rx(tuple(p.phrases)).finditer(s.text)]
    hits += [span for span in _habitual(s, p) if not _inside(span, hits)]
    if not hits:
        return []
    if _rx(tuple(p.disclaimers)).search(s.text):
        return []
    product = s.product
    fix = None
    if product is not None and product.claims:
        fix = Edit((0, len(s.text)), nearest_claim(product, s.text))
    return [Finding((a, b), f"claims personal experience ({s.text[a:b]!r}); an AI host has none", "", fix) for a, b in hits]


def nearest_claim(product: Product, text: str) -> str:
    """The approved claim that shares most words with the sentence: what the experience was
    trying to say, as a fact the merchant stands behind."""
    said = set(words(text))
    return max(product.claims, key=lambda c: len(said & set(words(c))))


class ImpersonationParams(Params):
    phrases: list[str]  # claims to be human, human life details, denials of being an AI
    honest: list[str]  # phrases that state the truth and may contain the same words ("I'm not a real person")


@check("human_impersonation", ImpersonationParams)
def human_impersonation(s: Sentence, p: ImpersonationParams) -> list[Finding]:
    honest = [m.span() for m in _rx(tuple(p.honest)).finditer(s.text)]
    return [Finding(m.span(), f"implies being human ({m.group(0)!r}); the host is an AI", "")
            for m in _rx(tuple(p.phrases)).finditer(s.text) if not _inside(m.span(), honest)]


class SocialProofParams(Params):
    phrases: list[str]  # sales, reviews, popularity, endorsements


@check("social_proof", SocialProofParams)
def social_proof(s: Sentence, p: SocialProofParams) -> list[Finding]:
    findings = []
    support = " ".join(
        [*(c.lower() for pr in s.products for c in pr.claims),
         *(f"{k} {v}".lower() for pr in s.products for k, v in pr.facts.items())])
    for m in _rx(tuple(p.phrases)).finditer(s.text):
        claim_words = [w for w in words(m.group(0)) if len(w) > 3 or w.isdigit()]
        if support and claim_words and all(w in support for w in claim_words):
            continue
        findings.append(Finding(m.span(), f"social proof {m.group(0)!r} not in the catalog",
                                "catalog facts and claims: " + (support or "none")))
    return findings
