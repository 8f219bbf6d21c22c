"""Meaning, not wording: a sentence (or one of its clauses) close to a category's prototype
sentences in the embedding space is a finding, however it is phrased.

Word lists catch the phrasings their authors thought of; the prototypes (pack data) stand for
a whole family of them. The model is only asked when a cheap ``gate`` word list matches, so
most sentences stay regex-only; a sentence is embedded once for every category that asks, and not
at all for a category a word-list rule has already found in it (either firing is enough).
"""

from __future__ import annotations

import numpy as np

from .. import embedding
from ..text import phrase_regex
from . import Edit, Finding, Params, Sentence, check
from .attributes import supporting_texts
from .language import nearest_claim


class SemanticParams(Params):
    prototypes: list[str]  # sentences that make the claim this rule forbids, in plain words
    threshold: float  # cosine similarity from which a clause counts as making that claim
    gate: list[str]  # cheap pre-filter: the model is asked only when one of these words is said
    honest: list[str] = []  # the sentence states the truth ("as an AI, I haven't tried it"): nothing to find
    say_claim_instead: bool = False  # a rewrite says the product's nearest approved claim instead (fake experience)


@check("semantic_match", SemanticParams, backup=True)
def semantic_match(s: Sentence, p: SemanticParams) -> list[Finding]:
    """The clause most like a prototype, if it reaches the threshold and is not closer still to
    something the catalog itself says (a restated fact or approved claim is not a violation)."""
    if not phrase_regex(tuple(p.gate)).search(s.text) or phrase_regex(tuple(p.honest)).search(s.text):
        return []
    parts, vectors = embedding.clause_vectors(s.text)
    sims = vectors @ embedding.prototype_vectors(tuple(p.prototypes)).T
    best_proto = sims.argmax(axis=1)
    best = sims.max(axis=1)
    i = int(np.argmax(best))
    if best[i] < p.threshold:
        return []
    support = supporting_texts(s.products, s.catalog)
    if support and float((embedding.fact_vectors(support) @ vectors[i]).max()) >= best[i]:
        return []
    clause, span = parts[i]
    product = s.product
    fix = Edit((0, len(s.text)), nearest_claim(product, s.text)) if p.say_claim_instead and product and product.claims else None
    return [Finding(span, f"means what {p.prototypes[int(best_proto[i])]!r} means (similarity {best[i]:.2f})",
                    f"semantic match of {clause!r}", fix)]
