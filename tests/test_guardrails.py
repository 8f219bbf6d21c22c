"""Per-check tests of the guard against the demo catalog at 2026-11-29 12:00 UTC.

Facts used: AeroPress Go (AP-GO-01) regular 39.95 since 11-20 (49.95 before), Black Friday
34.95 until 11-30 23:59:59, 420 units; kettle (KT-KET-02) 69.00, no promotion, 1250 units;
Pulse Buds (EL-BUD-10) 3 units; air fryer (KT-AF-03) no dehydrate function, 6 presets.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from host_runtime.guardrails import CATEGORIES, Guard, load_pack
from host_runtime.guardrails.claims.money import find_amounts
from host_runtime.guardrails.claims.numbers import normalise_numbers
from host_runtime.guardrails.text import sanitise
from host_runtime.models import LoadError

from guardrails_fixtures import AT, DEMO, ROOT, catalog, categories, guard


# --- text normalisation -------------------------------------------------------------------

@pytest.mark.parametrize("said, read", [
    ("forty-nine ninety-nine", "49.99"), ("twelve hours", "12 hours"), ("one hundred twenty pieces", "120 pieces"),
    ("二十四小时", "24 hours "), ("59美元", "59 dollars "), ("twice", "2 times"),
])
def test_numbers_are_read_as_digits(said: str, read: str) -> None:
    assert normalise_numbers(said).text == read


def test_spans_map_back_to_the_spoken_words() -> None:
    norm = normalise_numbers("only forty-nine ninety-nine today")
    start = norm.text.index("49.99")
    assert norm.original[slice(*norm.span(start, start + 5))] == "forty-nine ninety-nine"


def test_sanitise_strips_zero_width_and_folds_mixed_script_words_only() -> None:
    assert sanitise("ig\u200bnоrе") == "ignore"  # Cyrillic о and е inside a Latin word
    assert sanitise("Сделай вид") == "Сделай вид"  # real Russian stays Russian


# --- prices -------------------------------------------------------------------------------

def test_current_promotional_price_is_allowed() -> None:
    assert guard("us").check("The AeroPress Go is $34.95 right now.", AT).verdict == "allow"


def test_wrong_price_is_rewritten_to_the_price_now() -> None:
    v = guard("us").check("The AeroPress Go is thirty-nine ninety-five right now.", AT)
    assert v.verdict == "rewrite" and {x.category for x in v.violations} == {"price_misstatement"}
    assert v.rewrite == "The AeroPress Go is $34.95 right now."
    assert v.text[slice(*v.violations[0].span)] == "thirty-nine ninety-five"


def test_regular_price_said_as_such_is_true() -> None:
    assert categories("The AeroPress Go is regularly $39.95, now $34.95.", "us", "eu") == set()


def test_free_is_a_price_misstatement_but_policy_free_shipping_is_not() -> None:
    assert "price_misstatement" in categories("The kettle is completely free today.", "eu")
    assert categories("Shipping is free on orders over $35.", "eu", sku="KT-KET-02") == set()


# --- reference prices and savings ---------------------------------------------------------

def test_was_price_depends_on_the_jurisdiction_rule() -> None:
    text = "The air fryer was $119.99, now $79.99."
    assert categories(text, "us") == set()  # 119.99 held 2026-05-01..11-01: a substantial period (16 CFR 233)
    assert "false_discount" in categories(text, "eu")  # lowest price of the 30 days before 11-28 is 89.99


def test_percent_off_beyond_the_lawful_reference_is_false() -> None:
    assert "false_discount" in categories("Get 50% off the AeroPress Go today!", "eu")
    assert categories("Save 12% on the AeroPress Go today.", "eu") == set()  # 34.95 vs 39.95


def test_sale_talk_without_a_reduction_is_a_false_discount() -> None:
    assert "false_discount" in categories("The kettle is on sale right now.", "us")


# --- stock --------------------------------------------------------------------------------

def test_stock_counts_and_phrases_against_inventory() -> None:
    assert "false_scarcity" in categories("Only 3 left of the AeroPress Go!", "us")  # 420 units
    assert categories("Only 3 left of the Pulse Buds!", "us") == set()  # 3 units
    assert "false_scarcity" in categories("The kettle is almost sold out.", "us")
    assert categories("The kettle is not sold out, there is plenty in stock.", "us") == set()


# --- deadlines ----------------------------------------------------------------------------

def test_any_deadline_without_a_promotion_is_false_urgency() -> None:
    assert "false_urgency" in categories("The kettle deal ends at midnight!", "us")


def test_deadline_must_match_the_promotion_window() -> None:
    assert "false_urgency" in categories("The AeroPress deal ends in the next ten minutes.", "us")
    assert categories("The AeroPress Black Friday price ends November 30th.", "us") == set()
    assert categories("The air fryer deal runs until December 2nd.", "us") == set()  # ends 12-02 07:59 UTC


def test_denied_urgency_is_not_urgency() -> None:
    assert categories("No need to hurry, the kettle is always this price.", "us") == set()


# --- attributes ---------------------------------------------------------------------------

def test_contradicted_number_is_rewritten_to_the_fact() -> None:
    v = guard("us").check("The air fryer has 8 presets.", AT)
    assert v.verdict == "rewrite" and v.rewrite == "The air fryer has 6 presets."


def test_unit_conversions_of_a_fact_are_true() -> None:
    assert categories("The AeroPress holds about 237 ml.", "us") == set()  # 8 oz
    assert "unsupported_claim" in categories("The AeroPress holds 500 ml.", "us")


def test_negated_feature_and_unknown_attribute() -> None:
    assert "unsupported_claim" in categories("The air fryer has a dehydrator mode.", "us")
    assert categories("The air fryer does not dehydrate.", "us") == set()
    assert "unsupported_claim" in categories("The TrailBoom speaker is waterproof to 50 m.", "us")


def test_a_rating_or_count_inside_a_longer_fact_value_is_the_catalogs_own() -> None:
    """"IPX5 (rain and splashes; do not submerge)" holds IPX5; in_the_box "purifier, 1 filter" holds one
    filter though filter is "3-stage": the host reading either out states nothing new."""
    dev7 = ROOT / "product_catalog" / "dev7_qa.yaml"
    at = dt.datetime(2027, 10, 20, 15, tzinfo=dt.timezone.utc)
    ok = ("The water resistance of the e-bike is IPX5 (rain and splashes; do not submerge).",
          "The water resistance is IP68, up to 5 ft for 1 hour.",
          "The air purifier comes with a purifier, 1 filter (installed) and a quick-start guide.")
    for said in ok:
        assert categories(said, "us", "eu", "cn", at=at, path=dev7) == set(), said
    assert "unsupported_claim" in categories("The e-bike is rated IPX7.", "us", at=at, path=dev7)  # still a wrong rating
    assert "unsupported_claim" in categories("It has a 2-stage filter.", "us", sku="QM-AIR-03", at=at, path=dev7)


def test_approved_claims_are_safe_verbatim() -> None:
    assert categories("Brews a cup in about one minute.", "us", "eu", "cn", sku="AP-GO-01") == set()


# --- wording checks -----------------------------------------------------------------------

def test_absolute_terms_in_china_with_ordinal_exceptions() -> None:
    v = guard("cn").check("This is the best coffee press.", AT, "AP-GO-01")
    assert {x.category for x in v.violations} == {"absolute_term"} and v.rewrite == "This is a great coffee press."
    assert categories("The first step is to add coffee.", "cn", sku="AP-GO-01") == set()
    assert categories("这是最好的空气炸锅。", "cn") == {"absolute_term"}
    assert categories("This is the best coffee press.", "us", sku="AP-GO-01") == set()  # puffery in the US


def test_health_claims_by_category_and_disclaimers() -> None:
    assert "health_claim" in categories("These gummies prevent colds and boost immunity.", "eu", sku="SP-VD3-06")
    assert "health_claim" in categories("The serum clears acne in a week.", "us", sku="CS-SER-04")
    assert categories("It is a food supplement and does not cure any disease.", "us", sku="SP-VD3-06") == set()


def test_experience_and_disclaimed_experience() -> None:
    v = guard("us").check("I use it every night and it keeps drinks cold.", AT, "KD-BTL-09")
    assert "fake_experience" in {x.category for x in v.violations}
    assert v.verdict == "rewrite" and v.rewrite in catalog().product("KD-BTL-09").claims
    assert categories("I'm an AI so I haven't tried it, but it holds 12 oz.", "us", sku="KD-BTL-09") == set()


def test_impersonation_and_honest_disclosure() -> None:
    assert "human_impersonation" in categories("As a mom myself, I know kids love these.", "us", sku="KD-MAG-08")
    assert "human_impersonation" in categories("No, I'm not an AI, I'm a real person.", "eu")
    assert categories("I'm an AI host, not a real person.", "eu") == set()
    assert guard("us").check("I'm a real person.", AT).verdict == "block"


@pytest.mark.parametrize(("said", "jurisdiction"), [
    ("My brother-in-law keeps his in the garage and swears by it.", "us"),
    ("Mein Schwager hat seinen seit zwei Jahren.", "eu"),
    ("Ma belle-mère en a acheté deux pour Noël.", "eu"),
    ("Mia cognata lo tiene sempre in borsa.", "eu"),
    ("Mi abuela lo tiene en la cocina desde hace años.", "eu"),
    ("我婆婆去年就买了一个，说特别好用。", "cn"),
])
def test_the_hosts_own_family_pet_or_home_is_a_human_life(said: str, jurisdiction: str) -> None:
    """An AI host has no mother-in-law: naming its own family, pet, car or home claims a human
    life in any of the host's languages, whatever the rest of the sentence says."""
    assert "human_impersonation" in categories(said, jurisdiction)


@pytest.mark.parametrize(("said", "jurisdiction"), [
    ("I'm a virtual host, so there's no family dinner for me, but it serves eight.", "us"),
    ("I don't have a dog, but this bed holds dogs up to ninety pounds.", "us"),
    ("Sarah asks: will it fit my car?", "us"),
    ("@jen_k: my son loves this one!", "us"),
    ("Non ho una macchina, sono un'IA: la telecamera registra davanti e dietro.", "eu"),
    ("我没有老公，我是AI主播，不过这款很适合送给家人。", "cn"),
])
def test_denied_asked_or_read_out_family_claims_nothing(said: str, jurisdiction: str) -> None:
    assert "human_impersonation" not in categories(said, jurisdiction)


def test_social_proof_needs_catalog_support() -> None:
    assert "fake_social_proof" in categories("It's our bestseller, over 10,000 sold!", "us", sku="KT-KET-02")


# --- packs, verdicts, CLI -----------------------------------------------------------------

def test_shipped_packs_cover_every_category_and_cite_the_law() -> None:
    packs = {name: load_pack(name) for name in ("baseline", "us", "eu", "cn")}
    covered = {r.category for p in packs.values() for r in p.rules}
    assert set(CATEGORIES) <= covered
    citations = " ".join(r.citation for p in packs.values() for r in p.rules)
    for needle in ("Art. 50(1)", "item 7", "item 17", "item 20", "98/6/EC", "16 CFR 233", "16 CFR 255", "16 CFR 465",
                   "17941", "Art. 9", "Art. 16", "Art. 28", "GB 45438-2025", "IWA 41"):
        assert needle in citations


def test_disclosure_interval_is_the_strictest_loaded() -> None:
    assert guard("us").disclosure_interval_minutes == 15
    assert guard("us", "eu", "cn").disclosure_interval_minutes == 5


def test_bad_pack_is_a_load_error_with_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "baseline.yaml").write_text(
        "pack: baseline\nrules:\n  - id: x.rule\n    category: health_claim\n    citation: c\n    says: s\n"
        "    check: classified\n    params: {label: health_claim, colour: red}\n")
    with pytest.raises(LoadError) as err:
        Guard(catalog(), [], packs_dir=tmp_path)
    assert "baseline.yaml:8: rules[0].params.colour: unknown key" in str(err.value)


def test_contract_json() -> None:
    out = guard("eu").check("The kettle is completely free today.", AT).to_json()
    assert set(out) == {"text", "verdict", "violations", "rewrite"}
    assert set(out["violations"][0]) == {"category", "rule", "span", "message", "evidence"}


def _cli(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("host-runtime")), *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, timeout=120)


def test_cli_guard_and_its_errors(tmp_path: Path) -> None:
    ok = _cli("guard", "--catalog", str(DEMO), "--jurisdiction", "us", "--as-of", "2026-11-29T12:00:00Z",
              stdin="The kettle is $69.00.\nThe kettle is $59.00.\n")
    lines = [json.loads(x) for x in ok.stdout.splitlines()]
    assert ok.returncode == 0 and [x["verdict"] for x in lines] == ["allow", "rewrite"]
    bad = tmp_path / "bad.yaml"
    bad.write_text("currency: USD\nproducts:\n  - sku: A1\n    name: A\n    category: kitchen\n    price: -1\n")
    res = _cli("guard", "--catalog", str(bad), "--jurisdiction", "us", stdin="hi\n")
    assert res.returncode == 1 and "bad.yaml:6: products[0].price:" in res.stderr and "Traceback" not in res.stderr
    res = _cli("guard", "--catalog", str(DEMO), "--jurisdiction", "us", "--as-of", "yesterday", stdin="hi\n")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "--as-of" in res.stderr


# --- false positives users found in reviewed copy --------------------------------------------

EU = ROOT / "product_catalog" / "eu_demo.yaml"


def test_words_of_the_product_name_are_not_attribute_claims() -> None:
    assert categories("The Pulse Buds ANC Wireless Earbuds are $69.99 right now.", "us", sku="EL-BUD-10") == set()
    assert categories("The material of the Holzwerk Wooden Train Set is beech wood.", "eu", "cn", path=EU) == set()
    # the same word outside the name is still a claim the catalog must support
    assert "unsupported_claim" in categories("The Pulse Buds have wireless charging.", "us", sku="EL-BUD-10")


def test_countdowns_are_deadlines_not_attribute_claims() -> None:
    at = dt.datetime(2026, 11, 29, tzinfo=dt.timezone.utc)  # Black Friday ends 11-30 23:59:59: 1 day 23:59:59 left
    assert categories("Black Friday: $69.99 for the next 1 day and 23 hours or so.", "us", sku="EL-BUD-10", at=at) == set()
    assert categories("Only 1 day and 23 hours left on the AeroPress deal.", "us", "eu", at=at) == set()
    assert categories("The Pulse Buds are $69.99, about 1 day and 23 hours from now.", "us", sku="EL-BUD-10", at=at) == set()
    assert "false_urgency" in categories("Only 4 days and 2 hours left on the AeroPress deal.", "us", at=at)
    assert "unsupported_claim" in categories("The Pulse Buds play for 12 hours per charge.", "us", sku="EL-BUD-10", at=at)


@pytest.mark.parametrize("said", ["until December 2 at 07:59 UTC", "until December 2 at 7:59", "ends at 11:59 pm",
                                  "until December 2 at seven fifty-nine UTC", "by 07:59 UTC on December 2"])
def test_clock_times_are_never_money(said: str) -> None:
    assert find_amounts(normalise_numbers(f"It's $79.99 {said}.").text) == [find_amounts("It's $79.99")[0]]
    assert "price_misstatement" not in categories(f"The Cyber Week price runs {said}.", "us", sku="KT-AF-03")
    assert "price_misstatement" in categories(f"The air fryer is $7.59 {said}.", "us", sku="KT-AF-03")


@pytest.mark.parametrize("at", [AT, dt.datetime(2026, 11, 28, tzinfo=dt.timezone.utc),
                                dt.datetime(2026, 12, 2, 7, 59, 30, tzinfo=dt.timezone.utc)])
def test_a_deadline_with_the_promotion_end_time_is_true(at: dt.datetime) -> None:
    for said in ("until December 2 at 07:59 UTC", "until December 2 at 07:59", "until 2 December, 7:59 am UTC",
                 "until December 1 at 11:59 pm PST", "until 07:59 UTC on December 2"):
        assert categories(f"The air fryer is $79.99 {said}.", "us", "eu", sku="KT-AF-03", at=at) == set(), said


def test_a_date_in_a_clause_that_announces_no_deadline_is_not_one() -> None:
    assert categories("It was $49.95 from June until November 20th, and today it's just $34.95.", "us",
                      sku="AP-GO-01") == set()
    assert "false_urgency" in categories("It was $39.95 until November 27th, and the deal ends today.", "us",
                                         sku="AP-GO-01")


def test_a_deadline_hours_off_the_promotion_end_is_false() -> None:
    assert "false_urgency" in categories("The air fryer is $79.99 until 2 December at 03:00 UTC.", "us", sku="KT-AF-03")
    assert "false_urgency" in categories("The air fryer is $79.99 until 03:00 UTC on December 2.", "us", sku="KT-AF-03")


def test_a_deadline_without_a_zone_may_be_in_the_promotion_zone() -> None:
    at = dt.datetime(2026, 11, 30, 12, tzinfo=dt.timezone.utc)  # Black Week ends 2026-12-01T23:59:59+01:00
    for said in ("until December 1 at 23:59", "until December 1 at 22:59 UTC", "until December 1 at 23:59 CET"):
        assert categories(f"Black Week: €29.90 {said}.", "eu", sku="EU-MOKA-01", path=EU, at=at) == set(), said
    assert "false_urgency" in categories("Black Week: €29.90 until December 1 at 18:00 UTC.", "eu", sku="EU-MOKA-01",
                                         path=EU, at=at)


def test_reviewed_wording_found_blocked_by_the_template_sweep() -> None:
    before = dt.datetime(2026, 11, 25, tzinfo=dt.timezone.utc)
    assert categories("The Black Friday price of $34.95 begins on November 27 at 00:00 UTC.", "us", "eu",
                      sku="AP-GO-01", at=before) == set()
    assert categories("Before the price drop it was $54.99; now it's $44.99.", "us", sku="SP-WHEY-07") == set()
    assert categories("It's $69.99 with Black Friday.", "us", sku="EL-BUD-10") == set()  # "99 with" counts nothing
    assert categories("Dehydrate function? No, this one doesn't have that.", "us", sku="KT-AF-03") == set()
    assert "unsupported_claim" in categories("Dehydrate function? Yes, it has that.", "us", sku="KT-AF-03")
    assert categories("Its material is 100% merino wool.", "eu", "cn", sku="EU-SCF-06", path=EU) == set()
    assert "absolute_term" in categories("It is 100% the warmest scarf.", "cn", sku="EU-SCF-06", path=EU)
    assert categories("Statutory 2-year guarantee on all products.", "eu", sku="EU-KID-04", path=EU) == set()


def test_a_yes_no_fact_read_out_as_its_no_denies_the_feature() -> None:
    """"The wifi ... is no: a closed 2.4 GHz radio link" is the catalog's own answer read out; saying
    the monitor has wifi is still a claim the catalog denies."""
    dev6 = ROOT / "product_catalog" / "dev6_qa.yaml"
    at = dt.datetime(2027, 6, 22, 17, tzinfo=dt.timezone.utc)
    said = "The wifi of the baby monitor is no: a closed 2.4 GHz radio link, no app and no internet needed."
    assert categories(said, "us", sku="TW-MON-04", at=at, path=dev6) == set()
    assert "unsupported_claim" in categories("The baby monitor has wifi.", "us", sku="TW-MON-04", at=at, path=dev6)
