"""The eval suite file: which datasets and checks run, and the gates that decide pass or fail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from ..models.base import Authored, Loc, UtcDatetime
from ..models.loader import register_kind

Jurisdiction = Literal["us", "eu", "cn"]
MetricPattern = Annotated[str, StringConstraints(pattern=r"^[a-z_]+(\.[a-z0-9_*]+)+$")]


class DatasetCheck(Authored):
    """Cases from JSONL datasets; ``limit`` takes an evenly spread sample (CI-sized suites)."""

    datasets: Annotated[list[str], Field(min_length=1)]
    limit: Annotated[int, Field(gt=0)] | None = None


class RehearsalCheck(Authored):
    """A show rehearsed as text; ``llm_share`` of sentences drafted by the model, the rest reviewed copy."""

    minutes: Annotated[float, Field(gt=0, le=240)] = 10
    as_of: UtcDatetime = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)
    rundown: str = "scripts/default.yaml"
    comments: str | None = None
    llm_share: Annotated[float, Field(ge=0, le=1)] = 0.05


class Checks(Authored):
    guard: DatasetCheck | None = None
    triage: DatasetCheck | None = None
    answers: DatasetCheck | None = None
    injection: DatasetCheck | None = None
    rehearsal: RehearsalCheck | None = None


class Gate(Authored):
    """A threshold on a metric; ``*`` in the metric applies it to every category."""

    metric: MetricPattern
    min: float | None = None
    max: float | None = None


class Suite(Authored):
    suite: Annotated[str, StringConstraints(min_length=1)]
    description: str = ""
    catalog: str = "product_catalog/demo.yaml"
    personas: Annotated[list[str], Field(min_length=1)] = ["personas/nova.yaml"]
    jurisdictions: list[Jurisdiction] = ["us", "eu", "cn"]
    packs_dir: str | None = None  # another set of rule packs (e.g. a candidate change under review)
    backend: Literal["transformers", "openai", "llamacpp"] | None = None
    checks: Checks
    gates: Annotated[list[Gate], Field(min_length=1)]

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        problems: list[tuple[Loc, str]] = []
        for i, gate in enumerate(self.gates):
            if gate.min is None and gate.max is None:
                problems.append((("gates", i), "a gate needs min or max"))
        return problems


register_kind("eval_suite", Suite, "gates")
