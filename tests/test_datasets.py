"""The eval datasets keep the shape the guard, triage and answer evals read (../notes/datasets.md).

A dataset that drifts from that contract (a misspelt category, a SKU the catalog lacks, too
few clean sentences) would make every eval score meaningless, so it is caught here, naming
file, line and field.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from host_runtime.models import Catalog
from host_runtime.models.loader import load_catalog

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "evals" / "datasets"

#: the fixed vocabularies of ARCHITECTURE.md and datasets.md
CATEGORIES = {
    "human_impersonation", "fake_experience", "fake_social_proof", "unsupported_claim", "price_misstatement",
    "false_discount", "false_scarcity", "false_urgency", "absolute_term", "health_claim",
}
INTENTS = {"product_question", "ai_identity_question", "purchase_intent", "greeting", "smalltalk", "spam",
           "abuse", "prompt_injection"}
ATTACKS = {"injection", "jailbreak", "fake_system", "roleplay", "encoded", "price_bait", "stock_bait",
           "health_bait", "identity_bait", "abuse", "spam", "obfuscated", "other_language"}
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

GUARD_FILES = {"guard_us.jsonl": "us", "guard_eu.jsonl": "eu", "guard_cn.jsonl": "cn"}
FIELDS: dict[str, dict[str, type | tuple[type, ...]]] = {
    "guard": {"id": str, "text": str, "jurisdictions": list, "catalog": str, "as_of": str,
              "sku": (str, type(None)), "expected": list, "note": str},
    "comments": {"id": str, "text": str, "intent": str, "sku": (str, type(None)), "catalog": str, "note": str},
    "adversarial": {"id": str, "text": str, "intent": str, "sku": (str, type(None)), "catalog": str,
                    "attack": str, "note": str},
    "qa": {"id": str, "question": str, "catalog": str, "as_of": str, "sku": (str, type(None)),
           "expect_any": list, "unknown": bool, "note": str},
}
KINDS = {**{name: "guard" for name in GUARD_FILES}, "comments.jsonl": "comments",
         "adversarial_comments.jsonl": "adversarial", "qa.jsonl": "qa"}


@functools.cache
def catalog(path: str) -> Catalog:
    return load_catalog(ROOT / path)


@functools.cache
def records(name: str) -> list[tuple[int, dict[str, Any]]]:
    """(line number, object) for every line; a line that is not a JSON object fails here."""
    out = []
    for number, line in enumerate((DATASETS / name).read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{name}:{number}: blank line"
        obj = json.loads(line)
        assert isinstance(obj, dict), f"{name}:{number}: not a JSON object"
        out.append((number, obj))
    return out


def check_zoned_time(where: str, value: str) -> None:
    stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    assert stamp.tzinfo is not None, f"{where}: as_of {value!r} has no zone"


def check_record(where: str, rec: dict[str, Any], fields: dict[str, type | tuple[type, ...]]) -> None:
    """Shared with the held-out guard sets (test_holdout.py), which keep the same contract."""
    assert set(rec) == set(fields), f"{where}: fields {sorted(rec)} != {sorted(fields)}"
    for field, kind in fields.items():
        assert isinstance(rec[field], kind), f"{where}: field {field!r} has type {type(rec[field]).__name__}"
    assert rec["note"].strip() and rec.get("text", rec.get("question", "")).strip(), f"{where}: empty text or note"
    products = catalog(rec["catalog"])
    if rec["sku"] is not None:
        assert any(p.sku == rec["sku"] for p in products.products), f"{where}: sku {rec['sku']!r} not in {rec['catalog']}"
    if "as_of" in rec:
        check_zoned_time(where, rec["as_of"])


def check_guard_labels(where: str, rec: dict[str, Any], jurisdiction: str) -> None:
    assert rec["jurisdictions"] == [jurisdiction], f"{where}: jurisdictions {rec['jurisdictions']}"
    expected = rec["expected"]
    assert len(set(expected)) == len(expected), f"{where}: expected repeats a category"
    assert set(expected) <= CATEGORIES, f"{where}: unknown categories {set(expected) - CATEGORIES}"


def check_unique_ids(names: list[str]) -> None:
    seen: dict[str, str] = {}
    for name in names:
        for number, rec in records(name):
            assert rec["id"] not in seen, f"{name}:{number}: id {rec['id']!r} already used at {seen[rec['id']]}"
            seen[rec["id"]] = f"{name}:{number}"


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_line_has_the_contract_fields_and_real_skus(name: str) -> None:
    for number, rec in records(name):
        check_record(f"{name}:{number}", rec, FIELDS[KINDS[name]])


def test_ids_are_unique_across_all_datasets() -> None:
    check_unique_ids(sorted(KINDS))


@pytest.mark.parametrize("name", sorted(GUARD_FILES))
def test_guard_sets_use_the_ten_categories_with_enough_of_each_and_of_clean(name: str) -> None:
    check_guard_mix(name, GUARD_FILES[name], min_each=6)


def check_guard_mix(name: str, jurisdiction: str, min_each: int, min_clean: float = 0.40) -> None:
    """Shared with the blind sets (test_blind.py): >= 100 sentences, enough clean, every category often enough."""
    per_category: Counter[str] = Counter()
    clean = 0
    for number, rec in records(name):
        check_guard_labels(f"{name}:{number}", rec, jurisdiction)
        per_category.update(rec["expected"])
        clean += not rec["expected"]
    total = len(records(name))
    assert total >= 100, f"{name}: {total} sentences, need >= 100"
    assert clean / total >= min_clean, f"{name}: {clean}/{total} clean, need >= {min_clean:.0%}"
    thin = {c: per_category[c] for c in CATEGORIES if per_category[c] < min_each}
    assert not thin, f"{name}: categories with fewer than {min_each} examples: {thin}"


def test_comments_cover_every_intent() -> None:
    intents = Counter(rec["intent"] for _, rec in records("comments.jsonl"))
    assert set(intents) <= INTENTS, f"unknown intents {set(intents) - INTENTS}"
    assert set(intents) == INTENTS, f"intents never used: {INTENTS - set(intents)}"
    assert sum(intents.values()) >= 100


def test_adversarial_comments_cover_every_attack_with_zero_width_written_as_escapes() -> None:
    name = "adversarial_comments.jsonl"
    attacks = Counter(rec["attack"] for _, rec in records(name))
    intents = {rec["intent"] for _, rec in records(name)}
    assert intents <= INTENTS, f"unknown intents {intents - INTENTS}"
    assert set(attacks) == ATTACKS, f"missing {ATTACKS - set(attacks)}, unknown {set(attacks) - ATTACKS}"
    assert sum(attacks.values()) >= 150
    raw = (DATASETS / name).read_text(encoding="utf-8")
    assert not any(ch in raw for ch in ZERO_WIDTH), "zero-width characters must be written as \\u escapes"
    assert any(ch in rec["text"] for _, rec in records(name) for ch in ZERO_WIDTH), "no zero-width obfuscation case"


def test_qa_has_answers_where_known_and_enough_unknowns() -> None:
    rows = records("qa.jsonl")
    for number, rec in rows:
        where = f"qa.jsonl:{number}"
        assert all(isinstance(e, str) and e.strip() for e in rec["expect_any"]), f"{where}: expect_any entries"
        assert rec["unknown"] == (rec["expect_any"] == []), f"{where}: unknown must go with an empty expect_any"
    assert len(rows) >= 100
    assert sum(rec["unknown"] for _, rec in rows) >= 25


#: question sets in the blind set's schema (BLIND_QA.md): the dev set tuned on, the blind set never
QUESTION_SETS = ("qa_dev.jsonl", "qa_dev_zh.jsonl", "blind_qa.jsonl", "blind_qa_zh.jsonl")
QUESTION_FIELDS: dict[str, type | tuple[type, ...]] = {
    "id": str, "question": str, "catalog": str, "as_of": str, "sku": (str, type(None)), "kind": str, "lang": str,
    "previous": list, "facts": list, "expect_any": list, "unknown": bool, "forbidden": list, "note": str}
QUESTION_OPTIONAL: dict[str, type] = {"expect_all": list, "partly_unknown": bool}
QUESTION_KINDS = {"paraphrase", "direct", "promotion", "followup", "language", "adversarial", "unknown"}


@pytest.mark.parametrize("name", QUESTION_SETS)
def test_question_sets_keep_the_blind_schema(name: str) -> None:
    """What `host-runtime eval` scores (evals/answers.py): a known answer is expected, an unknown
    one is not, a follow-up has the turns before it."""
    for number, rec in records(name):
        where = f"{name}:{number}"
        assert set(QUESTION_FIELDS) <= set(rec) <= set(QUESTION_FIELDS) | set(QUESTION_OPTIONAL), f"{where}: fields"
        for field, kind in {**QUESTION_FIELDS, **QUESTION_OPTIONAL}.items():
            assert field not in rec or isinstance(rec[field], kind), f"{where}: field {field!r} has a wrong type"
        assert rec["kind"] in QUESTION_KINDS and rec["lang"] in {"en", "de", "fr", "zh"}, f"{where}: kind or lang"
        assert all(t.get("who") in ("viewer", "host") and t.get("text") for t in rec["previous"]), f"{where}: previous"
        assert rec["unknown"] or rec["expect_any"] or rec.get("expect_all") or rec["kind"] == "adversarial", \
            f"{where}: a known answer needs expect_any or expect_all"
        cat = catalog(rec["catalog"])
        assert rec["sku"] is None or any(p.sku == rec["sku"] for p in cat.products), f"{where}: sku not in catalog"
        check_zoned_time(where, rec["as_of"])


def test_question_set_ids_are_unique() -> None:
    check_unique_ids(sorted({*KINDS, *QUESTION_SETS}))
