"""Spoken prices, savings and deadlines in Spanish, French and Chinese, judged on the DEV6
catalogs (guard v6): the phrasing classes the guard first missed or misread there, each said
here in words of its own, never a dataset line.

- Spanish numbers: "siete con noventa" (cents after "con"), "veinte por ciento" (a percentage, not
  1.20 and 100), "o"/"os" (no zeros), "dos euros"; French "sept quatre-vingt-dix".
- Spanish and German money roles: "de ahorro", "N euros menos", "en vez de", "de antes", "unter";
  the Art. 6a prior price said as "son prix le plus bas des 30 derniers jours, X"; "gratis a partir de".
- Prices per 100 g worked out over the pack's net weight.
- Deadlines: "acaba", "s'arrête", "quedan N minutos", "倒计时", Spanish and French weekdays,
  "midnight tonight" as a moment, "tomorrow night" as that evening, a clock time held to an hour.
- Chinese: hundreds said against one pack ("一百六十八一盒"), "节价二百九十九", "双11" is no amount.
"""

from __future__ import annotations

import datetime as dt

import pytest

from host_runtime.guardrails.claims.money import find_amounts
from host_runtime.guardrails.claims.numbers import normalise_numbers

from guardrails_fixtures import ROOT, categories

EU = ROOT / "product_catalog" / "dev6_eu.yaml"
US = ROOT / "product_catalog" / "dev6_us.yaml"
CN = ROOT / "product_catalog" / "dev6_cn.yaml"
DEMO = ROOT / "product_catalog" / "demo.yaml"  # a store in Eastern time whose Cyber Week ends at midnight Pacific


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


EU_B = utc("2027-10-28T19:00")  # Thu 21:00 CEST: Semaine du pain (109, lowest prior 119) ends Sun 23:59:59 CET
EU_D = utc("2027-11-06T11:00")  # Sat 12:00 CET: Marché d'automne, honey 10.90 (12.90 before), ends Sun 23:59:59
EU_E = utc("2027-11-09T20:00")  # Tue 21:00 CET: Offre beauté, shower oil 7.90, ends Wed 11:59:59
US_C = utc("2027-11-02T02:30")  # Mon 22:30 EDT: blender 99.99 until 23:59:59 tonight
US_D = utc("2027-11-03T21:00")  # Wed 17:00 EDT: Wellness Wednesday (collagen 27.99) ends 19:59:59
DEMO_AT = utc("2026-12-01T23:00")  # Tue 18:00 EST: Cyber Week on the air fryer ends 23:59:59 PST (02:59:59 EST)
CN_A = utc("2027-10-26T12:00")  # 20:00: 阿胶糕 138 in 秋冬滋补节; 足浴盆 399
CN_C = utc("2027-11-05T12:00")  # 20:00: 眼霜 会员闪购 199 until 21:59:59; 洗地机 双11 1999


@pytest.mark.parametrize(("said", "read"), [
    ("cuesta siete con noventa", "cuesta 7.90"), ("un treinta por ciento", "un 30 %"),
    ("más o menos, os lo digo", "más o menos, os lo digo"), ("dos euros", "2 euros"),
    ("à sept quatre-vingt-dix", "à 7.90"), ("le 7 sept", "le 7 sept"), ("最后半小时", "最后30 minutes"),
    ("acidité max. 0,3 %", "acidité max. 0.3 %"), ("garanti à cent pour cent", "garanti à cent pour cent"),
])
def test_spoken_numbers(said: str, read: str) -> None:
    assert normalise_numbers(said).text == read


@pytest.mark.parametrize(("said", "roles"), [
    ("Doce euros de ahorro en la miel.", ["saving"]),
    ("La dejamos en 59 euros en vez de 79 euros.", ["price", "reference"]),
    ("Ocho euros menos que su precio más bajo de los últimos treinta días, que fue de noventa y siete euros.", ["saving", "reference"]),
    ("Zwölf Euro unter dem niedrigsten Preis der letzten dreißig Tage.", ["saving"]),
    ("Dos cincuenta los cien gramos.", ["unit"]),
    ("Envío gratis a partir de cincuenta euros.", ["threshold"]),
])
def test_money_roles_in_spanish_and_german(said: str, roles: list[str]) -> None:
    assert [a.role for a in find_amounts(normalise_numbers(said).text)] == roles


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("El aceite de ducha cuesta nueve con cincuenta.", "MV-HUI-03", EU_E, {"price_misstatement"}),
    ("El aceite de ducha cuesta siete con noventa.", "MV-HUI-03", EU_E, set()),
    ("Un treinta por ciento de descuento en la miel.", "MV-MIE-02", EU_D, {"false_discount"}),
    ("Dos euros de ahorro en la miel, un quince por ciento.", "MV-MIE-02", EU_D, set()),
    ("La miel sale a un euro cincuenta los cien gramos.", "MV-MIE-02", EU_D, {"price_misstatement"}),
    ("La miel sale a dos euros dieciocho los cien gramos.", "MV-MIE-02", EU_D, set()),
    ("La machine à pain, dix euros de moins que son prix le plus bas des trente derniers jours, cent dix-neuf euros.",
     "MV-PAN-01", EU_B, set()),
    ("El envío es gratis a partir de treinta y nueve euros.", "MV-PAN-01", EU_B, set()),
])
def test_spoken_prices_and_savings_in_the_eu(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "eu", sku=sku, at=at, path=EU) == expected


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Quedan diez minutos para la Offre beauté.", "MV-HUI-03", EU_E, EU, "eu", {"false_urgency"}),
    ("L'Offre beauté s'arrête dans cinq minutes.", "MV-HUI-03", EU_E, EU, "eu", {"false_urgency"}),
    ("La oferta de la panificadora acaba esta noche a medianoche.", "MV-PAN-01", EU_B, EU, "eu", {"false_urgency"}),
    ("La oferta de la panificadora acaba el domingo a medianoche.", "MV-PAN-01", EU_B, EU, "eu", set()),
    ("La panificadora a ciento nueve euros hasta el domingo a las 23:59.", "MV-PAN-01", EU_B, EU, "eu", set()),
    ("Maintien au chaud pendant une heure.", "MV-PAN-01", EU_B, EU, "eu", set()),  # a spec, not a countdown
    ("The blender deal runs until tomorrow night.", "BW-BLD-01", US_C, US, "us", {"false_urgency"}),
    ("The Wellness Wednesday price lasts until midnight tonight.", "BW-COL-02", US_D, US, "us", {"false_urgency"}),
    ("眼霜闪购今晚十二点截止。", "YS-YSH-03", CN_C, CN, "cn", {"false_urgency"}),
    ("眼霜闪购倒计时十分钟。", "YS-YSH-03", CN_C, CN, "cn", {"false_urgency"}),
    ("眼霜闪购还有两个小时。", "YS-YSH-03", CN_C, CN, "cn", set()),
    # a midnight in the zone said, not the store's; a weekday's evening keeps its midnight
    ("The air fryer's Cyber Week price holds until midnight Pacific tonight.", "KT-AF-03", DEMO_AT, DEMO, "us", set()),
    ("The air fryer's Cyber Week price holds until midnight Eastern tonight.", "KT-AF-03", DEMO_AT, DEMO, "us",
     {"false_urgency"}),
    ("La Semaine du pain s'arrête dimanche soir à minuit.", "MV-PAN-01", EU_B, EU, "eu", set()),
    ("La Semaine du pain s'arrête ce soir à minuit.", "MV-PAN-01", EU_B, EU, "eu", {"false_urgency"}),
])
def test_spoken_deadlines(said: str, sku: str, at: dt.datetime, path, jurisdiction: str, expected: set[str]) -> None:
    assert categories(said, jurisdiction, sku=sku, at=at, path=path) == expected


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("阿胶糕还是一百六十八一盒。", "YS-EJG-02", CN_A, {"price_misstatement"}),
    ("阿胶糕一百三十八一盒。", "YS-EJG-02", CN_A, set()),
    ("足浴盆节价二百九十九。", "YS-ZYP-05", CN_A, {"price_misstatement"}),
    ("洗地机双11到手价一九九九。", "YS-XDJ-01", CN_C, set()),  # "双11" names the event, it is no price
])
def test_chinese_prices_said_bare(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "cn", sku=sku, at=at, path=CN) == expected


EU_A = utc("2027-10-20T16:00")  # Wed 18:00 CEST: the e-reader has 3 in stock
US_A = utc("2027-10-27T18:00")  # Wed 14:00 EDT: the car seat has 0 in stock, the blender plenty


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Solo queda una liseuse, corred.", "MV-LIS-05", EU_A, EU, "eu", {"false_scarcity"}),
    ("Quedan tres liseuses.", "MV-LIS-05", EU_A, EU, "eu", set()),
    ("C'est la dernière liseuse qu'il nous reste.", "MV-LIS-05", EU_A, EU, "eu", {"false_scarcity"}),
    ("Last blender in stock, folks.", "BW-BLD-01", US_A, US, "us", {"false_scarcity"}),
    ("We have zero in stock on the car seat today.", "BW-SEA-03", US_A, US, "us", set()),
    ("挂烫机库存只有6台，喜欢的抓紧。", "YS-GTJ-06", CN_A, CN, "cn", set()),  # true low stock: the hurry is the stock's
])
def test_stock_said_in_spanish_french_and_english(said: str, sku: str, at: dt.datetime, path, jurisdiction: str,
                                                  expected: set[str]) -> None:
    got = categories(said, jurisdiction, sku=sku, at=at, path=path)
    assert got == expected if not expected else expected <= got  # the classifier's own findings may join a stock one


def test_the_lookback_period_is_no_stock_claim() -> None:
    said = "Ocho euros menos que su precio más bajo de los últimos treinta días."
    assert "false_scarcity" not in categories(said, "eu", sku="MV-LIS-05", at=EU_A, path=EU)


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Prenez la draisienne, le casque vous est offert.", "MV-DRA-04", EU_A, EU, "eu", {"price_misstatement"}),
    ("Un tarro de miel de regalo con cada panificadora.", "MV-PAN-01", EU_A, EU, "eu", {"price_misstatement"}),
    ("La livraison est offerte dès 39 euros d'achat.", "MV-PAN-01", EU_A, EU, "eu", set()),  # the store's policy
    ("Two blenders for the price of one tonight.", "BW-BLD-01", US_A, US, "us", {"price_misstatement"}),
])
def test_gifts_and_bundles_the_catalog_does_not_hold(said: str, sku: str, at: dt.datetime, path, jurisdiction: str,
                                                     expected: set[str]) -> None:
    got = categories(said, jurisdiction, sku=sku, at=at, path=path)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "expected"), [
    ("洗地机吸力两万帕。", {"unsupported_claim"}),  # the catalog says 16000帕
    ("洗地机吸力16000帕。", set()),
    ("洗地机噪音只有六十分贝。", {"unsupported_claim"}),  # 72分贝
])
def test_chinese_units_of_pressure_and_sound(said: str, expected: set[str]) -> None:
    assert categories(said, "cn", sku="YS-XDJ-01", at=CN_A, path=CN) == expected


def test_a_chinese_range_is_read_whole() -> None:
    from host_runtime.catalog.units import parse_quantity
    quantity = parse_quantity("35到48℃恒温")
    assert quantity is not None and (quantity.value, quantity.high, quantity.dimension) == (35.0, 48.0, "temperature_c")
