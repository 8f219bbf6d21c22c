"""The semantic check: phrasings no word list names are caught by meaning; honest lines are not."""

from __future__ import annotations

import pytest

from host_runtime.guardrails import embedding

from guardrails_fixtures import categories


@pytest.mark.parametrize(("said", "category"), [
    ("There's a genuine person on the other side of this screen talking to you.", "human_impersonation"),
    ("Half the chat already owns one of these kettles.", "fake_social_proof"),
    ("The gummies help your body ward off winter sniffles.", "health_claim"),
])
def test_paraphrases_no_word_list_names_are_caught(said: str, category: str) -> None:
    assert category in categories(said, "us")


@pytest.mark.parametrize("said", [
    "I'm an AI host, so I've never held it, but the catalog says it weighs 320 grams.",
    "It's a cosmetic, not a medicine, and it isn't meant to treat any skin condition.",
    "The lamp has a warm light setting and a 30-minute sunrise fade.",
])
def test_honest_and_factual_lines_pass(said: str) -> None:
    assert not categories(said, "us")


def test_clauses_keep_spans_in_the_sentence() -> None:
    text = "The kettle boils fast, and everyone in the chat keeps buying it."
    for clause, (a, b) in embedding.clauses(text):
        assert text[a:b] == clause
    assert any(c.startswith("everyone in the chat") for c, _ in embedding.clauses(text))


@pytest.mark.parametrize(("said", "jurisdiction", "sku", "category"), [
    ("I packed this jacket for a ski trip last winter.", "us", None, "fake_experience"),
    ("Ich trage diesen Schal jeden Tag im Büro.", "eu", None, "fake_experience"),
    ("Your eczema will calm down in a week with this serum.", "us", None, "health_claim"),
    ("Over three thousand of you have ordered the kettle today.", "us", None, "fake_social_proof"),
    ("Grab the vitamin D gummies at $9.99 before the deal ends.", "us", "SP-VD3-06", "price_misstatement"),
])
def test_families_of_phrasing_are_caught(said: str, jurisdiction: str, sku: str | None, category: str) -> None:
    assert category in categories(said, jurisdiction, sku=sku)


@pytest.mark.parametrize(("said", "jurisdiction", "sku"), [
    ("I go live every night at eight with new deals.", "us", None),
    ("Less than 36 hours left on the Black Friday price.", "us", "AP-GO-01"),
    ("It was $49.95 and it's $34.95 today, which saves you fifteen dollars.", "us", "AP-GO-01"),
])
def test_host_talk_countdowns_and_savings_pass(said: str, jurisdiction: str, sku: str | None) -> None:
    assert not categories(said, jurisdiction, sku=sku)
