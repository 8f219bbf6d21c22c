"""The blind guard sets (blind_*, blind2_*, blind3_*.jsonl): written apart from the guard, its packs and
its tuning data. blind3_* (with its own catalogs) is the frozen measure since 2026-12-01, session 2;
blind_* and blind2_* were read while tuning and are training data now.

They keep the guard dataset contract (test_datasets.py) plus a ``source`` field naming where the
phrasing comes from ("written", or the published case, ad, rule or ruling it is adapted from).
"""

from __future__ import annotations

import pytest

from test_datasets import (
    DATASETS,
    FIELDS,
    KINDS,
    check_guard_labels,
    check_guard_mix,
    check_record,
    check_unique_ids,
    records,
)

BLIND_FILES = {
    "blind_us.jsonl": ("us", "bl-us-"),
    "blind_eu.jsonl": ("eu", "bl-eu-"),
    "blind_cn.jsonl": ("cn", "bl-cn-"),
    "blind2_us.jsonl": ("us", "b2-us-"),
    "blind2_eu.jsonl": ("eu", "b2-eu-"),
    "blind2_cn.jsonl": ("cn", "b2-cn-"),
    "blind3_us.jsonl": ("us", "b3-us-"),
    "blind3_eu.jsonl": ("eu", "b3-eu-"),
    "blind3_cn.jsonl": ("cn", "b3-cn-"),
}
BLIND_FIELDS = {**FIELDS["guard"], "source": str}


@pytest.mark.parametrize("name", sorted(BLIND_FILES))
def test_blind_lines_keep_the_guard_contract_plus_a_source(name: str) -> None:
    _, prefix = BLIND_FILES[name]
    for number, rec in records(name):
        where = f"{name}:{number}"
        check_record(where, rec, BLIND_FIELDS)
        assert rec["id"].startswith(prefix), f"{where}: id {rec['id']!r} does not start with {prefix!r}"
        assert rec["source"].strip(), f"{where}: empty source"


@pytest.mark.parametrize("name", sorted(BLIND_FILES))
def test_blind_sets_use_the_ten_categories_with_enough_of_each_and_of_clean(name: str) -> None:
    check_guard_mix(name, BLIND_FILES[name][0], min_each=6, min_clean=0.38)  # blind3_eu/cn are frozen at 39%


@pytest.mark.parametrize("name", ["blind_eu.jsonl", "blind2_eu.jsonl", "blind3_eu.jsonl"])
def test_blind_eu_is_at_least_30_percent_german_or_french(name: str) -> None:
    markers = ("ä", "ö", "ü", "ß", "é", "è", "à", "ç", "ê", " ist ", " und ", " nur ", " noch ", " die ", " der ",
               " das ", " est ", " la ", " le ", " les ", " pour ", " vous ", " une ")
    rows = records(name)
    foreign = sum(any(m in f" {rec['text'].lower()} " for m in markers) for _, rec in rows)
    assert foreign / len(rows) >= 0.30, f"{name}: {foreign}/{len(rows)} German or French, need >= 30%"


@pytest.mark.parametrize("name", ["blind_cn.jsonl", "blind2_cn.jsonl", "blind3_cn.jsonl"])
def test_blind_cn_is_mostly_chinese(name: str) -> None:
    rows = records(name)
    chinese = sum(any("\u4e00" <= ch <= "\u9fff" for ch in rec["text"]) for _, rec in rows)
    assert chinese / len(rows) >= 0.80, f"{name}: {chinese}/{len(rows)} with Chinese text"


def test_ids_are_unique_across_all_datasets_including_the_blind_sets() -> None:
    held_out = [path.name for pattern in ("holdout_*.jsonl", "fresh_*.jsonl") for path in DATASETS.glob(pattern)]
    check_unique_ids(sorted({*KINDS, *held_out, *BLIND_FILES}))
