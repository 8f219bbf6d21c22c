"""Runs a suite: every case of every check, timed, with errors kept apart from failures."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Callable, Iterable

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ..models import Catalog, load, load_catalog
from .cases import CaseResult, read_cases
from .metrics import GateResult, evaluate_gates, guard_metrics, pass_rate
from .suite import Suite

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_AS_OF = "2026-11-29T12:00:00Z"


@dataclass
class Report:
    suite: str
    started: str
    seconds: float
    metrics: dict[str, float]
    tables: dict[str, Any]
    gates: list[GateResult]
    cases: list[CaseResult]
    latencies_ms: dict[str, list[float]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(g.passed for g in self.gates)

    @property
    def failed_gates(self) -> list[GateResult]:
        return [g for g in self.gates if not g.passed]


class Context:
    """What the checks share: resolved paths and one guard per catalog and jurisdiction set."""

    def __init__(self, suite: Suite, suite_dir: Path, jurisdiction: str | None, backend: str | None):
        self.suite, self.suite_dir = suite, suite_dir
        self.jurisdictions = [jurisdiction] if jurisdiction else list(suite.jurisdictions)
        self.backend = backend or suite.backend
        self.packs_dir = self.path(suite.packs_dir) if suite.packs_dir else None

    def path(self, name: str) -> Path:
        """Suite paths are relative to the suite file, else to the project root."""
        for base in (self.suite_dir, ROOT, Path.cwd()):
            if (base / name).exists():
                return base / name
        return self.suite_dir / name

    @cache
    def catalog(self, name: str) -> Catalog:
        return load_catalog(self.path(name))

    @cache
    def guard(self, catalog: str, jurisdictions: tuple[str, ...]) -> Any:
        from ..guardrails import Guard

        return Guard(self.catalog(catalog), list(jurisdictions), packs_dir=self.packs_dir)

    def selected(self, cases: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
        """Cases for the jurisdictions this run covers (cases without any apply to all)."""
        return [c for c in cases if not c.get("jurisdictions") or set(c["jurisdictions"]) & set(self.jurisdictions)]


def as_of(case: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(case.get("as_of") or DEFAULT_AS_OF)


def timed(run: Callable[[], CaseResult], case: dict[str, Any], check: str, dataset: str) -> CaseResult:
    """Run one case; an exception becomes an error result with its message, never a pass."""
    start = time.perf_counter()
    try:
        result = run()
    except Exception as exc:  # noqa: BLE001 - one broken case must not end the suite
        result = CaseResult(str(case.get("id")), check, dataset, "error", str(case.get("text") or case.get("question", "")),
                            message=f"{type(exc).__name__}: {exc}")
    result.latency_ms = (time.perf_counter() - start) * 1000
    return result


def guard_case(ctx: Context, case: dict[str, Any], dataset: str) -> CaseResult:
    jurisdictions = tuple(j for j in case.get("jurisdictions", ctx.jurisdictions) if j in ctx.jurisdictions)
    guard = ctx.guard(case.get("catalog", ctx.suite.catalog), jurisdictions)
    verdict = guard.check(case["text"], at=as_of(case), sku=case.get("sku"))
    got = sorted({v.category for v in verdict.violations})
    expected = sorted(set(case["expected"]))
    if expected:
        ok = set(expected) <= set(got)
        message = "" if ok else f"missed {', '.join(sorted(set(expected) - set(got)))}"
    else:
        ok = verdict.verdict == "allow" and not got
        message = "" if ok else f"clean sentence got {verdict.verdict}: {', '.join(got)}"
    evidence = [f"{v.rule}: {v.message} [{v.evidence}]" for v in verdict.violations]
    return CaseResult(case["id"], "guard", dataset, "pass" if ok else "fail", case["text"], expected, got, message,
                      evidence, list(jurisdictions))


def triage_case(ctx: Context, case: dict[str, Any], dataset: str) -> CaseResult:
    guard = ctx.guard(case.get("catalog", ctx.suite.catalog), tuple(ctx.jurisdictions))
    result = guard.triage(case["text"])
    ok = result.intent == case["intent"]
    return CaseResult(case["id"], "triage", dataset, "pass" if ok else "fail", case["text"], case["intent"], result.intent,
                      "" if ok else f"expected {case['intent']}, got {result.intent}", [result.reason])


CaseRunner = Callable[[Context, dict[str, Any], str], CaseResult]
DATASET_CHECKS: dict[str, CaseRunner] = {"guard": guard_case, "triage": triage_case}


def check_metrics(check: str, results: list[CaseResult]) -> tuple[dict[str, float], Any]:
    if check == "guard":
        return guard_metrics(results)
    metrics: dict[str, float] = {}
    rate = pass_rate(results)
    if rate is not None:
        metrics[f"{check}.accuracy"] = rate
    if check == "triage":
        injections = [r for r in results if r.expected == "prompt_injection"]
        if injections:
            metrics["triage.injection_recall"] = sum(r.status == "pass" for r in injections) / len(injections)
    return metrics, None


def run_suite(suite_path: Path, jurisdiction: str | None = None, backend: str | None = None,
              show_progress: bool = True) -> Report:
    suite = load(suite_path, Suite)
    ctx = Context(suite, suite_path.parent, jurisdiction, backend)
    started, t0 = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), time.perf_counter()
    plan: list[tuple[str, str, list[dict[str, Any]]]] = []
    for check, runner in DATASET_CHECKS.items():
        spec = getattr(suite.checks, check)
        if spec is None:
            continue
        for name in spec.datasets:
            path = ctx.path(name)
            plan.append((check, name, ctx.selected(read_cases(path, spec.limit))))
    results: dict[str, list[CaseResult]] = {}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  disable=not show_progress, transient=False) as progress:
        for check, name, cases in plan:
            task = progress.add_task(f"{check}: {Path(name).name}", total=len(cases))
            for case in cases:
                results.setdefault(check, []).append(timed(lambda: DATASET_CHECKS[check](ctx, case, name), case, check, name))
                progress.advance(task)
    metrics: dict[str, float] = {}
    tables: dict[str, Any] = {}
    for check, check_results in results.items():
        m, table = check_metrics(check, check_results)
        metrics.update(m)
        if table:
            tables[check] = table
    all_cases = [r for rs in results.values() for r in rs]
    metrics["cases.errors"] = float(sum(r.status == "error" for r in all_cases))
    return Report(suite.suite, started, time.perf_counter() - t0, metrics, tables, evaluate_gates(suite.gates, metrics),
                  all_cases, {check: [r.latency_ms for r in rs] for check, rs in results.items()})
