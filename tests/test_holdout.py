"""The held-out guard sets keep the guard dataset contract (../notes/datasets.md, item 1).

holdout_*.jsonl was written apart from the guardrails and from guard_*.jsonl, to measure how
the guard generalises beyond the sentences it was tuned on. fresh_*.jsonl was written later,
apart from all of those, because the team then tunes on the first held-out set: only a set
nobody tuned on still measures generalisation. A malformed or lopsided held-out set would make
that measurement meaningless, so each is checked like the guard sets, at its own size:
60 sentences, every category at least 3 times, and at least 40% clean.
"""

from __future__ import annotations

from collections import Counter

import pytest

from test_datasets import CATEGORIES, FIELDS, KINDS, check_guard_labels, check_record, check_unique_ids, records

#: held-out family (the file name's stem) -> the id prefix that marks its lines
FAMILIES = {"holdout": "ho-", "fresh": "fr-"}
#: file name -> (jurisdiction, id prefix)
HELD_OUT_FILES = {f"{family}_{jurisdiction}.jsonl": (jurisdiction, prefix)
                  for family, prefix in FAMILIES.items() for jurisdiction in ("us", "eu", "cn")}


@pytest.mark.parametrize("name", sorted(HELD_OUT_FILES))
def test_held_out_lines_keep_the_guard_contract(name: str) -> None:
    jurisdiction, prefix = HELD_OUT_FILES[name]
    for number, rec in records(name):
        where = f"{name}:{number}"
        check_record(where, rec, FIELDS["guard"])
        check_guard_labels(where, rec, jurisdiction)
        assert rec["id"].startswith(prefix), f"{where}: id {rec['id']!r} lacks the held-out prefix {prefix!r}"


@pytest.mark.parametrize("name", sorted(HELD_OUT_FILES))
def test_held_out_sets_have_enough_sentences_clean_and_of_each_category(name: str) -> None:
    rows = records(name)
    per_category = Counter(category for _, rec in rows for category in rec["expected"])
    clean = sum(not rec["expected"] for _, rec in rows)
    assert len(rows) >= 60, f"{name}: {len(rows)} sentences, need >= 60"
    assert clean / len(rows) >= 0.40, f"{name}: {clean}/{len(rows)} clean, need >= 40%"
    thin = {c: per_category[c] for c in CATEGORIES if per_category[c] < 3}
    assert not thin, f"{name}: categories with fewer than 3 examples: {thin}"


def test_held_out_ids_are_unique_across_all_datasets() -> None:
    check_unique_ids([*sorted(KINDS), *sorted(HELD_OUT_FILES)])
