"""Train the guard's classifier: ``python -m host_runtime.guardrails.classifier.train``.

Data: ``corpus.jsonl`` (written for the classifier: every label, four languages, hard
negatives) and the tuning sets ``evals/datasets/{guard,holdout,fresh,blind,blind2,dev4,dev5,dev6}_*.jsonl`` (their
categories; they say nothing of origin claims, so they train only the five guard labels). fresh_*,
blind_* and blind2_* were read while tuning guard v2 and are training data now; the frozen blind3_*
sets are never read here: they measure what this learns.

Deterministic: fixed folds, a deterministic solver, the same encoder. Prints what it learnt.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sparse

from . import CORPUS, LABELS, WEIGHTS, corpus_digest, embed, ngram_features

ROOT = Path(__file__).resolve().parents[3]
TUNING_SETS = [f"{family}_{j}.jsonl" for family in ("guard", "holdout", "fresh", "blind", "blind2", "dev4", "dev5", "dev6") for j in ("us", "eu", "cn")]
GUARD_LABELS = LABELS[:5]
#: each label's operating point maximises this F-score out of fold (measured: leaning to recall
#: at 1.25 blocked honest template lines such as "Hello, I'm Kai, an AI-generated virtual host.")
BETA = 1.0
#: inverse regularisation of the heads (n-grams and embeddings together)
C_MAIN = 1.0
#: weight of a tuning-set sentence beside a corpus one: they are host speech as a show says it
TUNING_WEIGHT = 3.0
#: weight of the embedding features beside the n-grams in the main head (measured: 3 keeps both in play)
EMBED_SCALE = 3.0


def load_examples(datasets: Path) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Texts, a label matrix (1 yes, 0 no, -1 not known for that example) and example weights."""
    texts: list[str] = []
    rows: list[list[int]] = []
    weights: list[float] = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        texts.append(rec["text"])
        rows.append([int(label in rec["labels"]) for label in LABELS])
        weights.append(1.0)
    for name in TUNING_SETS:
        for line in (datasets / name).read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            texts.append(rec["text"])
            weights.append(TUNING_WEIGHT)
            rows.append([int(label in rec["expected"]) if label in GUARD_LABELS else -1 for label in LABELS])
    return texts, np.array(rows, dtype=np.int8), np.array(weights)


def _fit(x, y: np.ndarray, c: float, weight: np.ndarray) -> tuple[np.ndarray, float]:  # type: ignore[no-untyped-def]
    """Coefficients and bias of one label's head; a label with no examples of both kinds never fires."""
    from sklearn.linear_model import LogisticRegression

    if len(set(y.tolist())) < 2:
        return np.zeros(x.shape[1]), -20.0
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", solver="lbfgs").fit(x, y, sample_weight=weight)
    return model.coef_[0], float(model.intercept_[0])


def _probability(x, coef: np.ndarray, bias: float) -> np.ndarray:  # type: ignore[no-untyped-def]
    return 1.0 / (1.0 + np.exp(-(np.asarray(x @ coef).ravel() + bias)))


def _f_score(flagged: np.ndarray, truth: np.ndarray) -> float:
    tp = float((flagged & truth).sum())
    precision, recall = tp / max(1, flagged.sum()), tp / max(1, truth.sum())
    return (1 + BETA ** 2) * precision * recall / max(1e-9, BETA ** 2 * precision + recall)


def _operating_points(x, y: np.ndarray, weight: np.ndarray) -> np.ndarray:  # type: ignore[no-untyped-def]
    """Per label, the probability from which the claim counts as made: out of fold, so it is not
    fooled by a head's confidence on what it was trained on; never below one half."""
    from sklearn.model_selection import StratifiedKFold

    anything = (y == 1).any(axis=1)
    oof = np.zeros(y.shape)
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(np.zeros(len(y)), anything):
        for i in range(len(LABELS)):
            known = train[y[train, i] >= 0]
            oof[test, i] = _probability(x[test], *_fit(x[known], y[known, i], C_MAIN, weight[known]))
    points = []
    for i in range(len(LABELS)):
        known = y[:, i] >= 0
        probs, truth = oof[known, i], y[known, i] == 1
        points.append(max(np.arange(0.5, 0.96, 0.01), key=lambda t: _f_score(probs >= t, truth)) if truth.any() else 0.5)
    return np.array(points, dtype=np.float32)


def train(datasets: Path, out: Path) -> None:
    texts, y, weight = load_examples(datasets)
    print(f"{len(texts)} examples; positives per label: "
          + ", ".join(f"{label} {int((y[:, i] == 1).sum())}" for i, label in enumerate(LABELS)))
    x = ngram_features(texts)
    both = sparse.hstack([x, sparse.csr_matrix(EMBED_SCALE * embed(texts))]).tocsr()
    coefs, biases = [], []
    for i in range(len(LABELS)):
        known = np.flatnonzero(y[:, i] >= 0)
        coef, bias = _fit(both[known], y[known, i], C_MAIN, weight[known])
        coefs.append(coef)
        biases.append(bias)
    points = _operating_points(both, y, weight)
    print(f"operating points (best out-of-fold F{BETA:g}): "
          + ", ".join(f"{label} {p:.2f}" for label, p in zip(LABELS, points)))
    main = np.array(coefs).T
    features = x.shape[1]
    np.savez_compressed(
        out, labels=np.array(LABELS), ngram_coef=main[:features].astype(np.float16),
        embed_coef=(EMBED_SCALE * main[features:]).astype(np.float32), bias=np.array(biases, dtype=np.float32),
        operating_point=points, corpus_sha256=corpus_digest())
    print(f"wrote {out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, default=ROOT / "evals" / "datasets")
    parser.add_argument("--out", type=Path, default=WEIGHTS)
    args = parser.parse_args(argv)
    train(args.datasets, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
