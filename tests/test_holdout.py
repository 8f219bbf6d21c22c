"""The held-out guard sets (holdout_*.jsonl) keep the guard dataset contract (../notes/datasets.md, item 1).

They were written apart from the guardrails and from guard_*.jsonl, to measure how the guard
generalises beyond the sentences it was tuned on. A malformed or lopsided held-out set would
make that measurement meaningless, so it is checked like the guard sets, at its own size:
60 sentences, every category at least 3 times, and at least 40% clean.
"""

from __future__ import annotations

from collections import Counter

import pytest

from test_datasets import CATEGORIES, FIELDS, KINDS, check_guard_labels, check_record, check_unique_ids, records

HOLDOUT_FILES = {"holdout_us.jsonl": "us", "holdout_eu.jsonl": "eu", "holdout_cn.jsonl": "cn"}


@pytest.mark.parametrize("name", sorted(HOLDOUT_FILES))
def test_holdout_lines_keep_the_guard_contract(name: str) -> None:
    for number, rec in records(name):
        where = f"{name}:{number}"
        check_record(where, rec, FIELDS["guard"])
        check_guard_labels(where, rec, HOLDOUT_FILES[name])
        assert rec["id"].startswith("ho-"), f"{where}: id {rec['id']!r} lacks the held-out prefix 'ho-'"


@pytest.mark.parametrize("name", sorted(HOLDOUT_FILES))
def test_holdout_sets_have_enough_sentences_clean_and_of_each_category(name: str) -> None:
    rows = records(name)
    per_category = Counter(category for _, rec in rows for category in rec["expected"])
    clean = sum(not rec["expected"] for _, rec in rows)
    assert len(rows) >= 60, f"{name}: {len(rows)} sentences, need >= 60"
    assert clean / len(rows) >= 0.40, f"{name}: {clean}/{len(rows)} clean, need >= 40%"
    thin = {c: per_category[c] for c in CATEGORIES if per_category[c] < 3}
    assert not thin, f"{name}: categories with fewer than 3 examples: {thin}"


def test_holdout_ids_are_unique_across_all_datasets() -> None:
    check_unique_ids([*sorted(KINDS), *sorted(HOLDOUT_FILES)])
