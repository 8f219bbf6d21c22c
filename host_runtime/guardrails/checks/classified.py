"""The language categories by the trained classifier (guardrails/classifier/): a sentence that
claims to be human, to have used the product, that cites sales or reviews, makes a health
claim or uses absolute terms, in whatever words and language.

The catalog still decides where it can: a sentence that restates an approved claim, a
certification or a fact of the product (a sales figure the merchant gives, "100% cotton") is
no violation, and a category approved to make health claims is exempt.
"""

from __future__ import annotations

import re
from typing import Literal

from ..classifier import classifier, sentence_vector, text_vectors
from ...models import Product
from ..text import negated, phrase_pattern, phrase_regex
from . import Edit, Finding, Params, Sentence, check
from .attributes import per_product, supporting_texts
from .language import nearest_claim

Label = Literal["human_impersonation", "fake_experience", "fake_social_proof", "health_claim", "absolute_term", "origin_claim"]


class ClassifiedParams(Params):
    label: Label
    threshold: float | None = None  # probability from which the claim counts as made; None: the label's trained operating point
    exempt_categories: list[str] = []  # product categories approved to make this claim (medical_device)
    say_claim_instead: bool = False  # a rewrite says the product's nearest approved claim instead (fake experience)
    restatement: float = 0.93  # cosine similarity to a catalog text from which the sentence only restates it
    stated_in_catalog: bool = False  # the claim passes where a catalog text of the product says it (origin, certification)
    puffery: dict[str, str] = {}  # opinion the law allows here ("the best" in the US) -> how it is read before judging
    honest_when_ai: bool = False  # a sentence in which the host says it is an AI, denying any human word, claims nothing (impersonation)


@check("classified", ClassifiedParams)
def classified(s: Sentence, p: ClassifiedParams) -> list[Finding]:
    product = s.product
    if product is not None and product.category in p.exempt_categories:
        return []
    text = _named_plainly(s)
    text = _plain(text, p.puffery) if p.puffery else text
    model = classifier()
    probability = model.scores(text)[p.label]
    threshold = p.threshold if p.threshold is not None else model.operating_point[p.label]
    if probability < threshold or _restates_catalog(s, p.restatement):
        return []
    if p.honest_when_ai and _says_it_is_ai(s.norm.original):
        return []
    if p.stated_in_catalog and _stated_in_catalog(s):
        return []
    span = (0, len(s.text))
    fix = Edit((0, len(s.text)), nearest_claim(product, s.text)) if p.say_claim_instead and product and product.claims else None
    return [Finding(span, f"{p.label.replace('_', ' ')} (classifier probability {probability:.2f})",
                    f"classifier {p.label} p={probability:.2f} >= {threshold:.2f}", fix)]


#: the host saying what it is: "I'm an AI host", "je suis un avatar IA", "ich bin eine KI-Moderatorin", "我是AI虚拟主播"
_AI_SELF = re.compile(r"\b(?:i'?m|i am|je suis|ich bin|soy)\s+(?:(?:an?|une?|eine?|el|la|just|only|simply|nur|juste)\s+){0,2}"
                      r"(?:(?!(?:not|no|kein\w*|pas|nicht|never)\b)[\w-]+\s+)?"
                      r"(?:ai|a\.i\.|ia|ki|ki-\w+|bot|virtual|virtuel\w*|virtuell\w*|avatar|digital|numérique|synthetic|generated)\b"
                      r"|我是(?:一[个名位])?(?:AI|ai|人工智能|虚拟|数字人)", re.I)
#: "asked if I'm AI", "谁说我是AI": someone else's words, not the host's
_REPORTED = re.compile(r"(?:\b(?:if|whether|ob|si|think|thinks|thought|says?|said|asked?|asks|wonder\w*|denk\w*|glaub\w*|pensez?|croi\w*)|谁说|以为|觉得|说)\W*$", re.I)
#: words a human claim needs; in an honest disclosure each is denied ("kein Mensch", "pas humaine", "不是真人")
_HUMAN_WORD = re.compile(r"\b(?:human|humaine?|humain|person|mensch|real|réel\w*|echt\w*|wirklich\w*|vrai\w*|people|nurse|doctor|médecin|arzt|ärztin)\b"
                         r"|真人|本人|医生|护士", re.I)


def _says_it_is_ai(text: str) -> bool:
    """The host affirms being an AI and every human word in the sentence is denied."""
    ai = [m for m in _AI_SELF.finditer(text) if not negated(text, m.start())
          and not _REPORTED.search(text[max(0, m.start() - 20):m.start()]) and not re.match(r"\s*[?？]", text[m.end():])]
    return bool(ai) and all(negated(text, m.start()) or _asked(text, m.end()) for m in _HUMAN_WORD.finditer(text))


def _asked(text: str, at: int) -> bool:
    """Whether the words before ``at`` are a question ("Bin ich echt? Nein, ich bin eine KI"): a
    viewer's question read out, which the disclosure after it answers."""
    end = re.search(r"[.!?。！？]", text[at:])
    return bool(end) and end.group(0) in "?？"


def _named_plainly(s: Sentence) -> str:
    """The sentence with names others chose said plainly: the persona's name as "the host", its
    operator as "the store" ("I'm Kai" is a name, not a claim to be a person), a product's name by its
    last word ("Peak Whey Protein Powder" claims no peak), and a fact's
    name by its last word ("max output" is the merchant's label for the output, not a superlative).
    The classifier reads the sentence as said, numbers as words: it learnt from written sentences,
    and "not a virtual one" is not "not a virtual 1"."""
    if "named_plainly" not in s.memo:
        said = s.norm.original
        spans = [(m.start(), m.end(), m.group(0).split()[-1]) for pr in s.products for rx in _fact_names(pr)
                 for m in rx.finditer(said)]
        spans += [(m.start(), m.end(), re.findall(r"\w+", m.group(0))[-1]) for pr in s.products for rx in _product_names(pr)
                  for m in rx.finditer(said)]
        if s.persona is not None:
            for name, plain in ((s.persona.display_name, "the host"), (s.persona.operator.organisation, "the store")):
                rx = phrase_pattern(name)
                spans += [(m.start(), m.end(), plain) for m in rx.finditer(said)] if rx else []
        out, end = [], 0
        for a, b, plain in sorted(spans, key=lambda x: (x[0], -x[1])):
            if a >= end:
                out += [said[end:a], plain]
                end = b
        s.memo["named_plainly"] = "".join(out) + said[end:]
    return str(s.memo["named_plainly"])


@per_product
def _product_names(product: Product) -> tuple[re.Pattern[str], ...]:
    """The merchant's names for the product, said as they are written."""
    return tuple(rx for rx in map(phrase_pattern, [product.name, *product.aliases]) if rx)


@per_product
def _fact_names(product: Product) -> tuple[re.Pattern[str], ...]:
    """Fact names of two words or more, as they may be said ("max output", "battery life")."""
    names = [key.replace("_", " ") for key in product.facts if "_" in key]
    return tuple(rx for rx in map(phrase_pattern, names) if rx)


def _plain(text: str, puffery: dict[str, str]) -> str:
    """The sentence with its allowed puffery said plainly: "the best kettle" reads "a great kettle",
    so only what is left ("in the world", "the only") can make it an absolute claim."""
    said = {k.lower(): v for k, v in puffery.items()}
    return phrase_regex(tuple(puffery)).sub(lambda m: said.get(m.group(0).lower(), "great"), text)


def _tokens(text: str) -> set[str]:
    """What carries a claim: Latin words of four letters or more (or with a digit), CJK character pairs."""
    lower = text.lower()
    latin = {w for w in re.findall(r"[a-z0-9][a-z0-9-]*", lower) if len(w) >= 4 or any(c.isdigit() for c in w)}
    cjk = {a + b for run in re.findall(r"[\u4e00-\u9fff]+", text) for a, b in zip(run, run[1:])}
    return latin | cjk


def _stated_in_catalog(s: Sentence) -> bool:
    """Whether most of what a fact, certification or approved claim of the product says is said
    here: "made in Italy" where the catalog says so, "FDA food-contact compliant" as certified."""
    said = _tokens(s.text)
    for product in s.products:
        for text in [*product.certifications, *product.claims]:
            tokens = _tokens(text)
            if tokens and len(tokens & said) >= max(1, round(0.6 * len(tokens))):
                return True
        # a fact by its whole value: its key's words ("made_in: China") say nothing of "made in the
        # USA", and "stainless steel" is not "hand-forged stainless"
        for value in (v for v in product.facts.values() if isinstance(v, str)):
            tokens = _tokens(value)
            if tokens and len(tokens & said) >= (len(tokens) if len(tokens) <= 2 else round(0.6 * len(tokens))):
                return True
    return False


def _restates_catalog(s: Sentence, threshold: float) -> bool:
    """Whether the sentence says what a catalog text of its products says (memoised per sentence)."""
    if "restates" not in s.memo:
        support = supporting_texts(s.products, s.catalog)
        s.memo["restates"] = bool(support) and float((text_vectors(support) @ sentence_vector(s.text)).max()) >= threshold
    return bool(s.memo["restates"])

