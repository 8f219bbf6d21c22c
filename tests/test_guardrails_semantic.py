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
