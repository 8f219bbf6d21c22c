"""Metrics from case results, and gates over them."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass

from .cases import CaseResult
from .suite import Gate

CATEGORIES = (
    "human_impersonation", "fake_experience", "fake_social_proof", "unsupported_claim", "price_misstatement",
    "false_discount", "false_scarcity", "false_urgency", "absolute_term", "health_claim",
)


def ratio(num: int, den: int) -> float | None:
    return num / den if den else None


Table = dict[str, dict[str, float | int | None]]


def guard_metrics(results: list[CaseResult]) -> tuple[dict[str, float], Table]:
    """Per-category precision and recall (a case may expect several categories) and the clean
    pass rate, over all sets together (``guard.recall.<category>``) and for each dataset on its
    own (``guard.set.<name>.recall.<category>``): a set written apart from the guard must not
    hide behind the sets it was tuned on. An errored case counts as flagging nothing: errors
    never inflate a score."""
    metrics, table = _guard_table(results, "guard")
    for name in dict.fromkeys(r.dataset for r in results):
        stem = name.rsplit("/", 1)[-1].removesuffix(".jsonl")
        metrics.update(_guard_table([r for r in results if r.dataset == name], f"guard.set.{stem}")[0])
    return metrics, table


def guard_tables_by_set(results: list[CaseResult]) -> dict[str, Table]:
    return {name: _guard_table([r for r in results if r.dataset == name], "")[1]
            for name in dict.fromkeys(r.dataset for r in results)}


def _guard_table(results: list[CaseResult], prefix: str) -> tuple[dict[str, float], Table]:
    table: Table = {}
    metrics: dict[str, float] = {}
    for cat in CATEGORIES:
        tp = sum(1 for r in results if cat in r.expected and cat in (r.got or []))
        fn = sum(1 for r in results if cat in r.expected and cat not in (r.got or []))
        fp = sum(1 for r in results if cat not in r.expected and cat in (r.got or []))
        recall, precision = ratio(tp, tp + fn), ratio(tp, tp + fp)
        table[cat] = {"support": tp + fn, "tp": tp, "fn": fn, "fp": fp, "recall": recall, "precision": precision}
        if recall is not None:
            metrics[f"{prefix}.recall.{cat}"] = recall
        if precision is not None:
            metrics[f"{prefix}.precision.{cat}"] = precision
    clean = [r for r in results if not r.expected]
    if clean:
        metrics[f"{prefix}.clean_pass_rate"] = sum(r.status == "pass" for r in clean) / len(clean)
    return metrics, table


def pass_rate(results: list[CaseResult]) -> float | None:
    return ratio(sum(r.status == "pass" for r in results), len(results))


@dataclass
class GateResult:
    metric: str
    min: float | None
    max: float | None
    value: float | None
    passed: bool
    message: str


def evaluate_gates(gates: list[Gate], metrics: dict[str, float]) -> list[GateResult]:
    """Each gate against every metric it matches; a gate that matches nothing fails, since
    a missing measurement must never read as a pass."""
    out: list[GateResult] = []
    for gate in gates:
        names = sorted(n for n in metrics if fnmatch.fnmatchcase(n, gate.metric))
        if not names:
            out.append(GateResult(gate.metric, gate.min, gate.max, None, False, "no such metric was measured"))
        for name in names:
            value = metrics[name]
            low = gate.min is not None and value < gate.min
            high = gate.max is not None and value > gate.max
            bound = f"below the minimum {gate.min}" if low else f"above the maximum {gate.max}" if high else "ok"
            out.append(GateResult(name, gate.min, gate.max, value, not (low or high), f"{name} = {value:.3f}: {bound}"))
    return out
