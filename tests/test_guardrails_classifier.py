"""The trained classifier: phrasings no word list names, in four languages, are caught by
meaning; honest disclosures, show talk and restated catalog facts are not."""

from __future__ import annotations

import datetime as dt

import pytest

from host_runtime.guardrails.classifier import classifier, corpus_digest

from guardrails_fixtures import ROOT, categories


@pytest.mark.parametrize(("said", "jurisdiction", "category"), [
    ("There's a genuine person on the other side of this screen talking to you.", "us", "human_impersonation"),
    ("This is Samantha, a real person on the line with you tonight.", "us", "human_impersonation"),
    ("Half the chat already owns one of these kettles.", "us", "fake_social_proof"),
    ("The gummies help your body ward off winter sniffles.", "us", "health_claim"),
    ("These gummies lower your blood sugar.", "us", "health_claim"),
    ("Your eczema will calm down in a week with this serum.", "us", "health_claim"),
    ("I packed this jacket for a ski trip last winter.", "us", "fake_experience"),
    ("Ich trage diesen Schal jeden Tag im Büro.", "eu", "fake_experience"),
    ("Über dreitausend Kunden haben ihn diese Woche bestellt.", "eu", "fake_social_proof"),
    ("Je ne suis pas un robot, je suis une vraie animatrice.", "eu", "human_impersonation"),
    ("这款软糖能降血脂。", "cn", "health_claim"),
    ("我不是机器人，我是真人主播。", "cn", "human_impersonation"),
    ("这是全网最好的咖啡壶。", "cn", "absolute_term"),
])
def test_paraphrases_and_other_languages_are_caught(said: str, jurisdiction: str, category: str) -> None:
    assert category in categories(said, jurisdiction)


@pytest.mark.parametrize(("said", "jurisdiction"), [
    ("I'm an AI host, so I've never held it, but the catalog says it weighs 320 grams.", "us"),
    ("It's a cosmetic, not a medicine, and it isn't meant to treat any skin condition.", "us"),
    ("The lamp has a warm light setting and a 30-minute sunrise fade.", "us"),
    ("I go live every night at eight with new deals.", "us"),
    ("Ich bin eine KI und kann die Produkte nicht selbst ausprobieren.", "eu"),
    ("Sono un'IA, non una persona vera: vi leggo le schede dei prodotti.", "eu"),
    ("Soy una IA, no una persona real, y os cuento lo que dice la ficha.", "eu"),
    ("我是AI虚拟主播，没办法亲自试用，但可以给大家讲讲产品参数。", "cn"),
])
def test_honest_lines_and_show_talk_pass(said: str, jurisdiction: str) -> None:
    assert not categories(said, jurisdiction)


@pytest.mark.parametrize(("said", "jurisdiction", "sku"), [
    ("Less than 36 hours left on the Black Friday price.", "us", "AP-GO-01"),
    ("It was $49.95 and it's $34.95 today, which saves you fifteen dollars.", "us", "AP-GO-01"),
    ("Everything packs inside its own mug, so it travels well.", "us", "AP-GO-01"),
])
def test_countdowns_savings_and_approved_claims_pass(said: str, jurisdiction: str, sku: str) -> None:
    assert not categories(said, jurisdiction, sku=sku)


DEV7_CN = ROOT / "product_catalog" / "dev7_cn.yaml"
D7_CN_AT = dt.datetime(2028, 3, 7, 4, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("said", "sku", "expected"), [
    # short Chinese sentences lie close to any Chinese copy for the encoder: a cure claim is no
    # restatement of "热敷加脉冲，工作累了放松一下肩颈" because the two sit at 0.94
    ("每天热敷十五分钟，肩周炎就好了。", "HY-JB-05", {"health_claim"}),
    ("我昨天晚上自己试了一下，脖子一下就松了。", "HY-JB-05", {"fake_experience"}),
])
def test_chinese_lines_restate_catalog_copy_only_with_its_words(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "cn", sku=sku, at=D7_CN_AT, path=DEV7_CN)
    assert got == expected if not expected else expected <= got


def test_each_label_has_an_operating_point_of_at_least_one_half() -> None:
    assert all(0.5 <= p < 1 for p in classifier().operating_point.values())


def test_weights_were_trained_on_the_corpus_in_the_tree() -> None:
    """A corpus edited without retraining would leave the guard judging by an older corpus."""
    assert classifier().corpus_sha256 == corpus_digest(), "retrain: python -m host_runtime.guardrails.classifier.train"
