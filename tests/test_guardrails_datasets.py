"""The guard over the labelled script sentences: every category caught, clean lines left alone."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

import pytest

from host_runtime.guardrails import CATEGORIES, Guard

from guardrails_fixtures import ROOT, catalog

FILES = sorted((ROOT / "evals" / "datasets").glob("guard_*.jsonl"))


@pytest.fixture(scope="module")
def outcomes() -> list[tuple[dict, set[str], str]]:
    guards: dict[tuple[str, tuple[str, ...]], Guard] = {}
    out = []
    for path in FILES:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            key = (r["catalog"], tuple(r["jurisdictions"]))
            if key not in guards:
                guards[key] = Guard(catalog(ROOT / r["catalog"]), list(r["jurisdictions"]))
            v = guards[key].check(r["text"], dt.datetime.fromisoformat(r["as_of"].replace("Z", "+00:00")), r["sku"])
            out.append((r, {x.category for x in v.violations}, v.verdict))
    return out


def test_datasets_are_there() -> None:
    assert len(FILES) == 3


@pytest.mark.parametrize("category", CATEGORIES)
def test_recall_per_category(outcomes: list[tuple[dict, set[str], str]], category: str) -> None:
    labelled = [(r, got) for r, got, _ in outcomes if category in r["expected"]]
    assert labelled, f"no {category} examples"
    missed = [r["id"] for r, got in labelled if category not in got]
    assert 1 - len(missed) / len(labelled) >= 0.95, missed


def test_clean_pass_rate(outcomes: list[tuple[dict, set[str], str]]) -> None:
    clean = [(r, got, verdict) for r, got, verdict in outcomes if not r["expected"]]
    flagged = Counter(c for r, got, verdict in clean if verdict != "allow" for c in got)
    passed = sum(verdict == "allow" for _, _, verdict in clean)
    assert passed / len(clean) >= 0.95, flagged
