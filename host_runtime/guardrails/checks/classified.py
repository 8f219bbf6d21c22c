"""The language categories by the trained classifier (guardrails/classifier/): a sentence that
claims to be human, to have used the product, that cites sales or reviews, makes a health
claim or uses absolute terms, in whatever words and language.

The catalog still decides where it can: a sentence that restates an approved claim, a
certification or a fact of the product (a sales figure the merchant gives, "100% cotton") is
no violation, and a category approved to make health claims is exempt.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

from ..classifier import classifier, embed, sentence_vector
from ..text import phrase_regex
from . import Edit, Finding, Params, Sentence, check
from .attributes import supporting_texts
from .language import nearest_claim

Label = Literal["human_impersonation", "fake_experience", "fake_social_proof", "health_claim", "absolute_term"]


class ClassifiedParams(Params):
    label: Label
    threshold: float = 0.5  # probability from which the sentence counts as making the claim
    exempt_categories: list[str] = []  # product categories approved to make this claim (medical_device)
    say_claim_instead: bool = False  # a rewrite says the product's nearest approved claim instead (fake experience)
    restatement: float = 0.93  # cosine similarity to a catalog text from which the sentence only restates it
    puffery: dict[str, str] = {}  # opinion the law allows here ("the best" in the US) -> how it is read before judging


@check("classified", ClassifiedParams)
def classified(s: Sentence, p: ClassifiedParams) -> list[Finding]:
    product = s.product
    if product is not None and product.category in p.exempt_categories:
        return []
    text = _plain(s.text, p.puffery) if p.puffery else s.text
    probability = classifier().scores(text).probability[p.label]
    if probability < p.threshold or _restates_catalog(s, p.restatement):
        return []
    span = (0, len(s.text))
    fix = Edit((0, len(s.text)), nearest_claim(product, s.text)) if p.say_claim_instead and product and product.claims else None
    return [Finding(span, f"{p.label.replace('_', ' ')} (classifier probability {probability:.2f})",
                    f"classifier {p.label} p={probability:.2f} >= {p.threshold}", fix)]


def _plain(text: str, puffery: dict[str, str]) -> str:
    """The sentence with its allowed puffery said plainly: "the best kettle" reads "a great kettle",
    so only what is left ("in the world", "the only") can make it an absolute claim."""
    said = {k.lower(): v for k, v in puffery.items()}
    return phrase_regex(tuple(puffery)).sub(lambda m: said.get(m.group(0).lower(), "great"), text)


def _restates_catalog(s: Sentence, threshold: float) -> bool:
    """Whether the sentence says what a catalog text of its products says (memoised per sentence)."""
    if "restates" not in s.memo:
        support = supporting_texts(s.products, s.catalog)
        s.memo["restates"] = bool(support) and float((support_vectors(support) @ sentence_vector(s.text)).max()) >= threshold
    return bool(s.memo["restates"])


_SUPPORT: dict[str, np.ndarray] = {}


def support_vectors(texts: tuple[str, ...]) -> np.ndarray:
    missing = [t for t in dict.fromkeys(texts) if t not in _SUPPORT]
    if missing:
        _SUPPORT.update(zip(missing, embed(missing)))
    return np.stack([_SUPPORT[t] for t in texts])
