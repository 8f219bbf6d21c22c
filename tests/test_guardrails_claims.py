"""The claims stage: sentences read as typed claims by real parsers, then judged against the
catalog. Each case is a kind of failure the first guard had (shared/ARCHITECTURE.md, guard v2):
spoken prices, true comparisons, policy conditions, counts that are not counts, free services,
origin claims, countdowns to the end of the stream, Chinese money.

Catalog at AT (2026-11-29 12:00 UTC): AeroPress Go (AP-GO-01) 34.95 on Black Friday, regular
39.95, 49.95 until 11-20; Peak Whey (SP-WHEY-07) 44.99 since 11-25, 54.99 before; air fryer
(KT-AF-03) 79.99 Cyber Week, 36 in stock; shipping is free on orders over $35; electronics carry
a warranty; the merino socks are 70% merino wool.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from host_runtime.catalog.units import find_quantities
from host_runtime.guardrails.claims.money import find_amounts
from host_runtime.guardrails.claims.numbers import normalise_numbers

from guardrails_fixtures import AT, DEMO, ROOT, categories, guard

EU_AT = dt.datetime(2026, 11, 29, 11, tzinfo=dt.timezone.utc)  # noon in Berlin: Black Week on the Moka


@pytest.mark.parametrize(("said", "read"), [
    ("only nineteen ninety-nine", "only 19.99"), ("thirty-four fifty", "34.50"),
    ("zweitausend Kunden", "2000 Kunden"), ("trente-quatre euros", "34 euros"),
    ("neunundzwanzig Euro neunzig", "29 Euro 90"), ("现在只要三十四块九毛五", "现在只要34.95 dollars "),
    ("九块九包邮", "9.90 dollars 包邮"), ("一万二", "一万二"),  # no measure word: no number
    ("Seize the deal on Sept 30", "Seize the deal on Sept 30"),  # English words, not French numbers
    ("thousands of reviews", "thousands of reviews"),  # a vague count stays a word
    ("it's point nine liters", "it's 0.9 liters"), ("one point five kilos", "1.5 kilos"),
    ("maybe a dozen left", "maybe 12 left"),
    ("this one offers SPF 50", "this one offers SPF 50"), ("the blue one is twenty dollars", "the blue one is 20 dollars"),
    ("only one left", "only 1 left"),
    ("back at two forty-nine ninety-nine", "back at 249.99"), ("just one oh nine ninety-nine", "just 109.99"),
    ("sonst sechs Euro", "sonst 6 Euro"), ("trois euros", "3 euros"), ("tres bien", "tres bien"),
    ("除菌率百分之九十九点九", "除菌率99.9%"), ("百分百桑蚕丝", "100%桑蚕丝"), ("只剩最后两床", "只剩最后2床"),
])
def test_number_words_in_four_languages_and_chinese_numerals(said: str, read: str) -> None:
    assert normalise_numbers(said).text == read


def test_units_convert_through_pint() -> None:
    (cup, _), (jug, _) = find_quantities("8 oz and 2 Liter")
    assert cup.dimension == jug.dimension == "volume_ml"
    assert round(cup.value) == 237 and jug.value == 2000


@pytest.mark.parametrize(("said", "roles"), [
    ("Formerly $54.99, now $44.99.", ["reference", "price"]),
    ("It went from $54.99 to $44.99 last week.", ["reference", "price"]),
    ("Peak乳清蛋白从54.99降到了44.99。", ["reference", "price"]),
    ("It's only 39.95.", ["price"]),
    ("Sizes from $10 to $20.", ["price", "price"]),  # a range, not a change
    ("a saving of $10.00", ["saving"]),
    ("The tiles are forty-four ninety-nine right now.", ["price"]),  # a spoken pair is money, no cue needed
    ("Der Schal ist 1,80 Meter lang.", []),  # a length, not money
    ("Le train passe de 59,90 à 49,90 €.", ["reference", "price"]),  # "passe de X à Y" is a change
    ("Früher 129 Euro, jetzt nur 89.", ["reference", "price"]),
    ("划线价119.99，现在79.99，省了40刀！", ["reference", "price", "saving"]),
    ("CrispWave平时卖89.99。", ["reference"]),
])
def test_money_roles(said: str, roles: list[str]) -> None:
    assert [a.role for a in find_amounts(normalise_numbers(said).text)] == roles


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("Right now it's only thirty-four ninety-five.", "AP-GO-01", set()),
    ("Right now it's only thirty-nine ninety-five.", "AP-GO-01", {"price_misstatement"}),
    ("Formerly $54.99, now $44.99.", "SP-WHEY-07", set()),
    ("It sat at 54.99 for months, now it's 44.99.", "SP-WHEY-07", set()),
    ("Formerly $129, now $69.99.", "EL-BUD-10", {"false_discount"}),
    ("Free shipping on every order, no minimum.", "AP-GO-01", {"price_misstatement"}),
    ("Free standard shipping once your order is over thirty-five dollars.", "AP-GO-01", set()),
    ("Broken in the first year? Repairs are free under the warranty.", "EL-PWR-12", set()),
    ("Seventy percent merino wool, so your feet stay comfy.", "AP-SOX-14", set()),
    ("Peak Whey went from 54.99 to 44.99 four days ago, so it's ten dollars less.", "SP-WHEY-07", set()),
    ("These socks are made in the USA.", "AP-SOX-14", {"unsupported_claim"}),
    ("It is FDA food-contact compliant.", "AP-GO-01", set()),
    ("This price is gone in five minutes.", "AP-GO-01", {"false_urgency"}),
    ("The deal ends the moment this stream ends.", "EL-PWR-12", {"false_urgency"}),
    ("Black Friday ends Monday, 6:59 pm Eastern.", "AP-GO-01", set()),
    ("We're down to the last five air fryers.", "KT-AF-03", {"false_scarcity"}),
    ("We're nearly out of kettles.", "KT-KET-02", {"false_scarcity"}),
    ("Northline down jacket, one forty-nine.", "AP-DWN-13", set()),  # heard as $149
    ("The vitamin D gummies are still nine ninety-nine.", "SP-VD3-06", {"price_misstatement"}),
    ("The air fryer is 89.99 at the moment, and in about half an hour Cyber Week takes it down to 79.99.", "KT-AF-03",
     {"price_misstatement"}),
])
def test_kinds_of_claims_judged_against_the_catalog_in_the_us(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "us", sku=sku)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("现在只要三十四块九毛五。", "AP-GO-01", set()),
    ("现在只要三十九块九毛五。", "AP-GO-01", {"price_misstatement"}),
    ("一年内坏了免费维修。", "EL-PWR-12", set()),
    ("70%美利奴羊毛，穿着舒服。", "AP-SOX-14", set()),
    ("库存只有个位数了。", "KT-KET-02", {"false_scarcity"}),
    ("这个价格五分钟后就没了。", "KT-KET-02", {"false_urgency"}),
    ("小水杯只剩最后一个了。", "KD-BTL-09", {"false_scarcity"}),  # a stated count, not the inventory
    ("充电宝库存不到20个了。", "EL-PWR-12", {"false_scarcity"}),
    ("这个价格只到今天，明天就涨价。", "HM-LMP-15", {"false_urgency"}),
    ("这件羽绒服完全防水，下大雨也不怕。", "AP-DWN-13", {"unsupported_claim"}),  # the catalog says waterproof: false
    ("12盎司不锈钢水杯，防漏吸管盖，可以进洗碗机，冷饮保冷12小时。", "KD-BTL-09", set()),  # dishwasher safe, 12 h cold
    ("这款袜子是纯美利奴羊毛的。", "AP-SOX-14", {"unsupported_claim"}),  # a blend: 70% merino wool
    ("维生素D3软糖是无糖的。", "SP-VD3-06", {"unsupported_claim"}),  # 2 g of sugar a gummy
    ("每粒含1000国际单位维生素D3。", "SP-VD3-06", {"unsupported_claim"}),  # 2000 IU
    ("每粒含2000国际单位维生素D3。", "SP-VD3-06", set()),
    ("空气炸锅没有烘干功能，想自己做果干的要注意。", "KT-AF-03", set()),
    ("空气炸锅还能脱水烘干，做水果干。", "KT-AF-03", {"unsupported_claim"}),  # dehydrate_function: false
])


def test_kinds_of_claims_in_chinese(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "cn", sku=sku)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "jurisdiction", "expected"), [
    # Black Friday on the AeroPress runs past tomorrow: neither is true, and neither is a price
    ("Today is the last day of the Black Friday price on the AeroPress!", "AP-GO-01", "us", {"false_urgency"}),
    ("The AeroPress deal wraps up at eleven fifty-nine tonight, Eastern time.", "AP-GO-01", "us", {"false_urgency"}),
    ("Am I a real person? No, I'm an AI host, it says so right on the screen.", None, "us", set()),
    ("Are you human? Yes, a real person here!", None, "us", {"human_impersonation"}),
    ("降噪耳机还是一百二十九，放心拍。", "EL-BUD-10", "cn", {"price_misstatement"}),  # 69.99 on Black Friday
    ("降噪耳机还是六十九块九九，放心拍。", "EL-BUD-10", "cn", set()),
])
def test_last_days_clocks_answered_questions_and_bare_chinese_prices(said: str, sku: str | None, jurisdiction: str,
                                                                     expected: set[str]) -> None:
    assert categories(said, jurisdiction, sku=sku) == expected


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("Es gibt nur noch eine einzige Holzeisenbahn.", "EU-KID-04", {"false_scarcity"}),
    ("Moins de dix lampes disponibles.", "EU-LMP-05", {"false_scarcity"}),
    ("Plus qu'une heure pour profiter du prix Black Week !", "EU-MOKA-01", {"false_urgency"}),
    ("Die Lampe zu diesem Preis gibt's nur noch zehn Minuten.", "EU-LMP-05", {"false_urgency"}),
    ("Le train passe de 59,90 à 49,90 €, seulement aujourd'hui.", "EU-KID-04", {"false_discount", "false_urgency"}),
    ("Die Holzeisenbahn hat sechzig Teile.", "EU-KID-04", {"unsupported_claim"}),  # pieces: 52
    ("Die Holzeisenbahn hat zweiundfünfzig Teile.", "EU-KID-04", set()),
    ("Der Zug ist aus Eiche gebaut.", "EU-KID-04", {"unsupported_claim"}),  # beech wood
    ("Cette crème pour les mains est sans parfum.", "EU-CRM-03", {"unsupported_claim"}),  # fragrance: rose
    ("Si vous cherchez une crème sans parfum, ce n'est pas celle-ci.", "EU-CRM-03", set()),
])
def test_kinds_of_claims_in_german_and_french(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "eu", sku=sku, path=ROOT / "product_catalog" / "eu_demo.yaml", at=EU_AT)
    assert got == expected if not expected else expected <= got


DEV = ROOT / "product_catalog" / "dev_qa.yaml"
DEV_AT = dt.datetime(2026, 12, 1, 12, tzinfo=dt.timezone.utc)  # Cyber Week on the tent; the Midday Flash Sale at 17:00


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("It keeps ice for 24 hours.", "HP-TUMB-02", set()),  # ice_hours: 24, the unit in the fact's name
    ("It keeps ice for 36 hours.", "HP-TUMB-02", {"unsupported_claim"}),
    ("Orders below sixty dollars ship for a flat $4.99.", "HP-TENT-01", set()),  # a fee the policy states
    ("Shipping is a flat $2.99 on this one.", "HP-TENT-01", {"price_misstatement"}),
    ("The Midday Flash Sale price of $29.00 starts in 5 hours.", "HP-HUSH-07", set()),
    ("Trail Days starts in 2 days and 18 hours.", "HP-SHOE-03", set()),  # time until the promotion, no spec
    ("Trail Days beginnt am 4. Dezember, dann kostet er $119.95.", "HP-SHOE-03", set()),  # a coming price, said as coming
    ("Trail Days commence le 4 décembre, il coûtera alors $119.95.", "HP-SHOE-03", set()),
    ("Er kostet jetzt $119.95.", "HP-SHOE-03", {"price_misstatement"}),
    ("The floor area is 2.9 m².", "HP-TENT-01", set()),  # an area, not a length
    ("Folded it is 28 x 18 x 4 cm.", "HP-SOLR-04", set()),  # the sizes the catalog gives, not the cable's length
])


def test_units_in_fact_names_fees_and_coming_sales(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "us", sku=sku, path=DEV, at=DEV_AT)
    assert got == expected if not expected else expected <= got


def test_a_rewrite_puts_in_only_the_value_of_the_fact_the_sentence_names() -> None:
    at = DEV_AT
    verdict = guard("us", path=DEV).check("The rainfly rating is 2500 mm.", at, "HP-TENT-01")
    assert verdict.verdict == "rewrite" and verdict.rewrite and "3000" in verdict.rewrite
    unnamed = guard("us", path=DEV).check("It is 45 cm tall.", at, "HP-TENT-01")
    assert unnamed.verdict == "block", "no length fact is named, so none may be put in its place"


DEV5_US, DEV5_EU, DEV5_CN = (ROOT / "product_catalog" / f"dev5_{j}.yaml" for j in ("us", "eu", "cn"))
MAY = dt.datetime(2027, 5, 6, 18, tzinfo=dt.timezone.utc)
PUP_EVE = dt.datetime(2027, 5, 10, 2, 30, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("said", "sku", "jurisdiction", "path", "at", "expected"), [
    # the skillet's cut from 59.95 was seven months ago: 44.95 is its price, no reduction to announce
    ("Was fifty-nine ninety-five, now forty-four ninety-five.", "CL-SKL-02", "us", DEV5_US, MAY, {"false_discount"}),
    # the catalog says made in China: its key's words "made in" do not vouch for another country
    ("And it's made right here in the USA.", "CL-SKL-02", "us", DEV5_US, MAY, {"unsupported_claim"}),
    ("It's made in China and pre-seasoned.", "CL-SKL-02", "us", DEV5_US, MAY, set()),
    ("Two skillets left in the warehouse, that's all we have.", "CL-SKL-02", "us", DEV5_US, MAY, {"false_scarcity"}),  # 6
    ("You get a ten-inch screen and sixty-four gigs of storage.", "CL-TAB-06", "us", DEV5_US, MAY, {"unsupported_claim"}),
    ("It has 32 GB of storage and an 8-inch screen.", "CL-TAB-06", "us", DEV5_US, MAY, set()),
    ("There's no sale on the tablet, it's just one oh nine ninety-nine.", "CL-TAB-06", "us", DEV5_US, MAY, set()),
    # an hour and a half of the Mother's Day Sale is left: "ten minutes" is a countdown off by eighty
    ("Last ten minutes on the R7 deal!", "CL-VAC-05", "us", DEV5_US, dt.datetime(2027, 5, 10, 2, 30, tzinfo=dt.timezone.utc),
     {"false_urgency"}),
    ("The R7 deal ends in an hour and a half.", "CL-VAC-05", "us", DEV5_US, dt.datetime(2027, 5, 10, 2, 30, tzinfo=dt.timezone.utc),
     set()),
    # the espresso machine's lowest price of the 30 days before the Frühlingswoche is 379
    ("Statt vierhundertneunundvierzig nur noch dreihundertneunundvierzig Euro.", "RB-ESP-01", "eu", DEV5_EU,
     dt.datetime(2027, 4, 28, 18, tzinfo=dt.timezone.utc), {"false_discount"}),
    ("Moins vingt pour cent sur la machine à expresso !", "RB-ESP-01", "eu", DEV5_EU,
     dt.datetime(2027, 4, 28, 18, tzinfo=dt.timezone.utc), {"false_discount"}),
    ("Die Frühlingswoche läuft noch bis morgen Abend.", "RB-ESP-01", "eu", DEV5_EU,  # it ended on May 2
     dt.datetime(2027, 5, 7, 18, tzinfo=dt.timezone.utc), {"false_urgency"}),
    ("蚕丝被只剩最后两床！", "QH-SCB-02", "cn", DEV5_CN, dt.datetime(2027, 5, 21, 12, tzinfo=dt.timezone.utc), {"false_scarcity"}),  # 9
    ("520宠爱后天才结束，不着急。", "QH-SCB-02", "cn", DEV5_CN,  # it ends tonight
     dt.datetime(2027, 5, 21, 12, tzinfo=dt.timezone.utc), {"false_urgency"}),
    ("Dernière heure pour la couette à prix fête des mères !", "RB-DEC-02", "eu", DEV5_EU,  # 52 hours left
     dt.datetime(2027, 5, 7, 18, tzinfo=dt.timezone.utc), {"false_urgency"}),
    ("Toss it in the dishwasher when you're done, no problem at all.", "CL-SKL-02", "us", DEV5_US, MAY,
     {"unsupported_claim"}),  # dishwasher_safe: false
    # Pup Week starts at midnight, 90 minutes from now, and runs to Wednesday 23:59 Eastern
    ("Pup Week starts at midnight and ends Wednesday night.", "CL-HRN-03", "us", DEV5_US, PUP_EVE, set()),
    ("Pup Week ends tonight, go go go.", "CL-HRN-03", "us", DEV5_US, PUP_EVE, {"false_urgency"}),
    # the policy: free shipping from 49 €, otherwise 4.95 € ("sonst" here is the fee, not "normally")
    ("Versandkostenfrei ab neunundvierzig Euro, sonst vier fünfundneunzig.", "RB-EIS-05", "eu", DEV5_EU, MAY, set()),
    ("Versandkostenfrei ab neunundvierzig Euro, sonst sechs Euro.", "RB-EIS-05", "eu", DEV5_EU, MAY, {"price_misstatement"}),
    ("The kids' tablet is marked down forty percent today.", "CL-TAB-06", "us", DEV5_US, MAY, {"false_discount"}),  # 15 %
    ("Jede Kapsel hat fünfundzwanzig Milligramm Eisen.", "RB-EIS-05", "eu", DEV5_EU, MAY, {"unsupported_claim"}),  # 14 mg
    # a food names no disease it treats (Art. 17), and a disclaimer that it cannot is no claim
    ("调理肠胃，降血糖降血脂。", "QH-YSJ-03", "cn", DEV5_CN, MAY, {"health_claim"}),
    ("本品不是药物，不能治疗疾病。", "QH-YSJ-03", "cn", DEV5_CN, MAY, set()),
])
def test_stale_cuts_origins_by_value_counted_goods_storage_and_countdowns(said: str, sku: str, jurisdiction: str, path: Path,
                                                                          at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, jurisdiction, sku=sku, at=at, path=path) == expected


DEV7_US, DEV7_EU, DEV7_CN = (ROOT / "product_catalog" / f"dev7_{j}.yaml" for j in ("us", "eu", "cn"))
D7_US_AT = dt.datetime(2028, 3, 8, 20, tzinfo=dt.timezone.utc)  # nothing on sale
D7_EU_AT = dt.datetime(2028, 3, 13, 17, tzinfo=dt.timezone.utc)
D7_CN_AT = dt.datetime(2028, 3, 7, 4, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize(("said", "sku", "expected"), [
    # what a fact's value denies: "stainless steel (not nonstick)", "supercapacitor (no battery)", "sold separately"
    ("Good news, the inner pot is nonstick, so eggs slide right off.", "PB-MCK-01", {"unsupported_claim"}),
    ("The inner pot is stainless steel, not nonstick.", "PB-MCK-01", set()),
    ("There's a little battery inside, so it keeps recording after you park.", "PB-DSH-04", {"unsupported_claim"}),
    ("No battery in this one, it runs on a supercapacitor.", "PB-DSH-04", set()),
    ("The stroller ships with the car seat adapter in the box.", "PB-STR-03", {"unsupported_claim"}),
    ("The car seat adapter is sold separately.", "PB-STR-03", set()),
    # a part denied after it is named: base_dishwasher_safe: false, inner_pot_dishwasher_safe: true
    ("The inner pot goes in the dishwasher, but the base does not.", "PB-MCK-01", set()),
    ("The base goes in the dishwasher too.", "PB-MCK-01", {"unsupported_claim"}),
    # "made_in" is the claim's own words, not a label to say plainly; "USA" is a whole value
    ("These capsules are made in the USA.", "PB-TUR-02", set()),
    ("The cooler is made in the USA.", "PB-CLR-06", {"unsupported_claim"}),  # Philippines
])
def test_what_the_catalog_denies_parts_and_origins_in_english(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "us", sku=sku, at=D7_US_AT, path=DEV7_US)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "expected"), [
    # origins said in another language than the catalog's (made_in: China; roasted_in: "Verona, Italien")
    ("Prodotto in Cina, con il marchio GS.", "LF-RAC-01", set()),
    ("Les grains sont torréfiés à Vérone, en Italie.", "LF-KAF-02", set()),
    # German durations and percentages are quantities: no runtime fact, and 1000 % NRV
    ("Der Deo hält zweiundsiebzig Stunden.", "LF-DEO-03", {"unsupported_claim"}),
    ("Jede Dosis liefert fünfhundert Prozent des Tagesbedarfs.", "LF-B12-06", {"unsupported_claim"}),
    # a hyphenated term is read as its alias ("lave-vaisselle" is the dishwasher): pans yes, plate no
    ("Les poêlons vont au lave-vaisselle, pas la plaque.", "LF-RAC-01", set()),
])
def test_origins_across_languages_and_german_quantities(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "eu", sku=sku, at=D7_EU_AT, path=DEV7_EU)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "expected"), [
    ("这款蒸锅的蒸笼是不锈钢的。", "HY-ZG-01", {"unsupported_claim"}),  # 不是不锈钢
    ("蒸笼是食品级PP塑料的，不是不锈钢。", "HY-ZG-01", set()),
    ("蒸笼洗碗机里洗没问题。", "HY-ZG-01", {"unsupported_claim"}),  # 不建议放洗碗机; "没问题" affirms
    ("戴着它去游泳池游泳也没问题。", "HY-SB-04", {"unsupported_claim"}),  # 不能游泳
    ("是IP67生活防水，洗澡和游泳的时候要摘下来。", "HY-SB-04", set()),
    ("是IP67的生活防水。", "HY-SB-04", set()),  # a rating inside a longer value
    ("支持7天无理由退货。", "HY-SB-04", set()),
    ("电话手表充满电能用七天。", "HY-SB-04", {"unsupported_claim"}),  # 约2天: the returns policy's seven days are no battery life
    ("这款身体乳无香精。", "HY-STR-03", {"unsupported_claim"}),  # 白茶香（含香精）
    ("电热毯可以直接放洗衣机里洗。", "HY-DRT-06", {"unsupported_claim"}),  # 不可水洗
])
def test_what_a_chinese_catalog_denies_and_policy_quantities(said: str, sku: str, expected: set[str]) -> None:
    got = categories(said, "cn", sku=sku, at=D7_CN_AT, path=DEV7_CN)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "jurisdiction", "path", "at", "sku", "expected"), [
    # a sales figure the catalog does not give is social proof, beside a stock claim or in Chinese
    ("We sold twelve hundred bottles last weekend.", "us", DEV7_US, D7_US_AT, "PB-TUR-02", {"fake_social_proof"}),
    ("开播到现在已经卖了三千袋了。", "cn", DEV7_CN, D7_CN_AT, "HY-GQ-02", {"fake_social_proof"}),
    ("It's sold in a pack of ninety capsules.", "us", DEV7_US, D7_US_AT, "PB-TUR-02", set()),
    # a disclaimer that denies a cure claims none; a claim after it still counts
    ("Die Kapseln sind kein Arzneimittel und heilen keine Krankheit.", "eu", DEV7_EU, D7_EU_AT, "LF-B12-06", set()),
    ("It's a supplement, so it does not diagnose, treat or cure any disease.", "us", DEV7_US, D7_US_AT, "PB-TUR-02", set()),
    ("It isn't a medicine, but it cures arthritis in a week.", "us", DEV7_US, D7_US_AT, "PB-TUR-02", {"health_claim"}),
    # a denied certification is no certification claim
    ("Nicht bio-zertifiziert und nicht dermatologisch getestet, das sagen wir ehrlich.", "eu", DEV7_EU, D7_EU_AT,
     "LF-DEO-03", set()),
    ("Die Creme ist dermatologisch getestet.", "eu", DEV7_EU, D7_EU_AT, "LF-DEO-03", {"unsupported_claim"}),
    # a count another fact gives (serving_size: 2 capsules beside capsules: 90)
    ("Take two capsules a day with food.", "us", DEV7_US, D7_US_AT, "PB-TUR-02", set()),
    # said of every part, a feature one part lacks is contradicted (plate_dishwasher_safe: false)
    ("Das ganze Set ist komplett spülmaschinenfest.", "eu", DEV7_EU, D7_EU_AT, "LF-RAC-01", {"unsupported_claim"}),
    # a feature the catalog denies, named in another language (front_facing: false, hammer_function: false)
    ("Die Trage kann man auch mit Blick nach vorne tragen.", "eu", DEV7_EU, D7_EU_AT, "LF-TRA-04", {"unsupported_claim"}),
    ("Elle a une fonction percussion pour le béton.", "eu", DEV7_EU, D7_EU_AT, "LF-BOH-05", {"unsupported_claim"}),
    ("Pas de fonction percussion sur celle-ci.", "eu", DEV7_EU, D7_EU_AT, "LF-BOH-05", set()),
    ("Eine Schlagfunktion hat dieser Schrauber nicht.", "eu", DEV7_EU, D7_EU_AT, "LF-BOH-05", set()),
    # a human word beside a denied AI word is the mirror of a disclosure; the disclosure itself passes
    ("Relax, you're chatting with a real human presenter, not a virtual one.", "us", DEMO, AT, None, {"human_impersonation"}),
    ("Kein Avatar, hier sitzt ein echter Mensch.", "eu", DEMO, AT, None, {"human_impersonation"}),
    ("I'm not a real person, I'm a virtual host.", "us", DEMO, AT, None, set()),
    # 保温 is keep warm on a kettle (keep_warm: 60 minutes), not only an insulated bottle
    ("这个水壶能保温。", "cn", DEMO, AT, "KT-KET-02", set()),
])
def test_sales_figures_denied_cures_and_certifications_and_parts(said: str, jurisdiction: str, path: Path, at: dt.datetime,
                                                                 sku: str | None, expected: set[str]) -> None:
    got = categories(said, jurisdiction, sku=sku, at=at, path=path)
    assert got == expected if not expected else expected <= got


def test_a_time_said_after_sold_is_no_sales_figure() -> None:
    """"卖了十年" says for how long, not how many: the sales-figure phrases leave it to the classifier."""
    verdict = guard("cn", path=DEV7_CN).check("这个牌子我们卖了十年了，大家放心。", D7_CN_AT, "HY-GQ-02")
    assert not any("sales figure" in v.message for v in verdict.violations)
