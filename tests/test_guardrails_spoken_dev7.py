"""Spoken prices, savings, stock and deadlines on the DEV7 catalogs (guard v7): the phrasing classes
the guard missed or misread there, each said here in words of its own, never a dataset line.

- Italian, read as the other EU languages are: number words ("diciannove e novanta", "sei e
  novantacinque", not "Sei pronta?"), money roles ("invece di", "prima costava ... oggi solo",
  "risparmi", "metà prezzo"), stock ("restano gli ultimi", "sta finendo"), deadlines ("finisce
  stasera", "fino a lunedì", "ultimi cinque minuti", "ancora per trentasei ore").
- "X instead of Y" in every language: X is the price, Y the reference the history must support.
- A promotion said to be extended ("prorogato fino a", "wurde bis ... verlängert", "we've extended",
  "延长到") is a deadline; "the last day is Tuesday" of a sale that ends tonight is false; an hour said
  as "zwanzig Uhr" or "23 h 59", a date as "27 mars"; a Chinese hour with its part of the day ("晚上八点") is the store's.
- A coming price said with its time ("ab morgen acht Uhr", "on the thirtieth, six to nine PM",
  "今晚八点开始") is judged at that time; "two fifty-six gigs" is a capacity; "about fifty-four cents a
  serving" is a rounded unit price.
"""

from __future__ import annotations

import datetime as dt

import pytest

from host_runtime.guardrails.claims.money import find_amounts
from host_runtime.guardrails.claims.numbers import normalise_numbers
from host_runtime.guardrails.text import find_clocks, find_durations

from guardrails_fixtures import ROOT, categories

EU = ROOT / "product_catalog" / "dev7_eu.yaml"
US = ROOT / "product_catalog" / "dev7_us.yaml"
CN = ROOT / "product_catalog" / "dev7_cn.yaml"


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


EU_F = utc("2028-03-25T20:00")  # Sat 21:00 CET: Frühlingsfest raclette 69 (lowest of the 30 days before: 79) until Mon 23:59:59 CEST
EU_G = utc("2028-03-30T10:00")  # Thu 12:00 CEST: Gesundheitstage B12 11.90 (lowest prior 12.90) until Fri 23:59:59; drill 3 in stock
EU_K0 = utc("2028-03-13T17:00")  # Mon 18:00 CET: coffee 18.90; Kaffeetage (15.90) start Tue 08:00
US_M = utc("2028-03-14T03:30")  # Mon 22:30 CDT: Spring Forward Sale multi-cooker 89.99 ends 23:59:59 tonight
US_E = utc("2028-03-08T20:00")  # Wed 14:00 CST: dash cam 129.99; Road Trip Flash Sale (99.99) Thu 03-30 18:00-20:59 CDT
US_S = utc("2028-04-06T18:00")  # turmeric 24.99, no promotion
CN_J = utc("2028-03-31T12:00")  # Fri 20:00: 周五闪购 massager 199 until 21:59:59
CN_V = utc("2028-04-01T07:00")  # Sat 15:00: 会员日 body lotion 69 until 23:59:59
CN_Q = utc("2028-03-07T04:00")  # Tue 12:00: steamer 299; 三八女王节 (239) starts 20:00 tonight


@pytest.mark.parametrize(("said", "read"), [
    ("diciannove e novanta", "19.90"), ("a sei e novantacinque", "a 6.95"), ("Sei pronta?", "Sei pronta?"),
    ("due to the weather", "due to the weather"), ("alle dieci e trenta", "alle 10 e 30"), ("venti per cento", "20 %"),
    ("it takes cards up to two fifty-six gigs", "it takes cards up to 256 gigs"), ("on the twenty-fifth", "on the 25"),
])
def test_italian_numbers_capacities_and_days_of_the_month(said: str, read: str) -> None:
    assert normalise_numbers(said).text == read


def test_italian_durations_and_european_hours() -> None:
    assert [d.seconds for d in find_durations(normalise_numbers("tra un'ora e mezza, poi ultimi dieci minuti").text)] == [5400, 600]
    assert [(c.hour, c.minute) for c in find_clocks(normalise_numbers("heute um zwanzig Uhr, ce soir à 21 h 30, alle 18").text)] \
        == [(20, 0), (21, 30), (18, 0)]


@pytest.mark.parametrize(("said", "roles"), [
    ("Ottantanove euro invece di novantanove.", ["price", "reference"]),
    ("Prima costava novantanove euro, oggi solo sessantanove.", ["reference", "price"]),
    ("Risparmi venti euro sulla raclette.", ["saving"]),
    ("Seventy instead of eighty euros.", ["price", "reference"]),
    ("Setenta en lugar de ochenta euros.", ["price", "reference"]),
    ("Seventy, down from eighty.", ["price", "reference"]),
    ("二百三十九，原价二百九十九。", ["price", "reference"]),
    ("之前是299，今天239。", ["reference", "price"]),
])
def test_instead_of_and_formerly_in_every_language(said: str, roles: list[str]) -> None:
    assert [a.role for a in find_amounts(normalise_numbers(said).text)] == roles


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("La raclette oggi costa settantanove euro.", "LF-RAC-01", EU_F, {"price_misstatement"}),
    ("La raclette oggi costa sessantanove euro.", "LF-RAC-01", EU_F, set()),
    ("Sessantanove euro invece di ottantanove!", "LF-RAC-01", EU_F, {"false_discount"}),
    ("Sessantanove euro invece di settantanove.", "LF-RAC-01", EU_F, set()),
    ("Le gocce a undici e novanta invece di quattordici e novanta.", "LF-B12-06", EU_G, {"false_discount"}),
    ("Le gocce a undici e novanta invece di dodici e novanta.", "LF-B12-06", EU_G, set()),
    ("Prima costavano sedici e novanta, oggi solo undici e novanta.", "LF-B12-06", EU_G, {"false_discount"}),
    ("Metà prezzo sulle gocce!", "LF-B12-06", EU_G, {"false_discount"}),
])
def test_italian_prices_and_reductions(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "eu", sku=sku, at=at, path=EU) == expected


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("Ne restano solo tre trapani.", "LF-BOH-05", EU_G, set()),
    ("Restano gli ultimi due trapani!", "LF-BOH-05", EU_G, {"false_scarcity"}),
    ("La crema deodorante sta finendo!", "LF-DEO-03", EU_G, {"false_scarcity"}),
    ("Il Frühlingsfest finisce stasera!", "LF-RAC-01", EU_F, {"false_urgency"}),
    ("Il Frühlingsfest dura fino a lunedì.", "LF-RAC-01", EU_F, set()),
    ("Ultimi cinque minuti per il Frühlingsfest!", "LF-RAC-01", EU_F, {"false_urgency"}),
    ("Le gocce restano a undici e novanta ancora per trentasei ore.", "LF-B12-06", EU_G, set()),
])
def test_italian_stock_and_deadlines(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    got = categories(said, "eu", sku=sku, at=at, path=EU)
    assert got == expected if not expected else expected <= got  # the classifier's own findings may join


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Il Frühlingsfest è stato prorogato fino a giovedì!", "LF-RAC-01", EU_F, EU, "eu", {"false_urgency"}),
    ("Das Frühlingsfest wurde bis Mittwoch verlängert.", "LF-RAC-01", EU_F, EU, "eu", {"false_urgency"}),
    ("Das Frühlingsfest läuft bis Montag.", "LF-RAC-01", EU_F, EU, "eu", set()),
    ("Die Gesundheitstage enden heute um zwanzig Uhr.", "LF-B12-06", EU_G, EU, "eu", {"false_urgency"}),
    ("Die Gesundheitstage enden morgen um Mitternacht.", "LF-B12-06", EU_G, EU, "eu", set()),
    # a date with a month's name in the store's language holds its clock time
    ("Le Frühlingsfest se termine lundi 27 mars, à 23 h 59.", "LF-RAC-01", EU_F, EU, "eu", set()),
    ("Il Frühlingsfest finisce il 26 marzo alle 20.", "LF-RAC-01", EU_F, EU, "eu", {"false_urgency"}),
    ("Le Frühlingsfest va jusqu'à lundi 27 au soir.", "LF-RAC-01", EU_F, EU, "eu", set()),
    ("Das Frühlingsfest läuft bis Sonntag, den 26.", "LF-RAC-01", EU_F, EU, "eu", {"false_urgency"}),
    # a month gone by is history: "was 129.99 until February" said in March
    ("The dash cam was one forty-nine ninety-nine until January, now it's one twenty-nine ninety-nine.", "PB-DSH-04", US_E, US,
     "us", {"false_discount"}),
    ("We've extended the Spring Forward Sale through Friday!", "PB-MCK-01", US_M, US, "us", {"false_urgency"}),
    ("The last day of the Spring Forward Sale is Tuesday.", "PB-MCK-01", US_M, US, "us", {"false_urgency"}),
    ("Today is the last day of the Spring Forward Sale.", "PB-MCK-01", US_M, US, "us", set()),
    ("周五闪购延长到今晚十二点！", "HY-JB-05", CN_J, CN, "cn", {"false_urgency"}),
    ("会员日晚上八点结束。", "HY-STR-03", CN_V, CN, "cn", {"false_urgency"}),
    ("会员日今晚十二点结束。", "HY-STR-03", CN_V, CN, "cn", set()),
])
def test_extended_promotions_and_their_hours(said: str, sku: str, at: dt.datetime, path, jurisdiction: str,
                                             expected: set[str]) -> None:
    assert categories(said, jurisdiction, sku=sku, at=at, path=path) == expected


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Ab morgen acht Uhr gibt es die Espressobohnen für fünfzehn neunzig.", "LF-KAF-02", EU_K0, EU, "eu", set()),
    ("Ab morgen acht Uhr gibt es die Espressobohnen für dreizehn neunzig.", "LF-KAF-02", EU_K0, EU, "eu", {"price_misstatement"}),
    ("Road Trip Flash Sale on the thirtieth, six to nine PM Central: ninety-nine ninety-nine.", "PB-DSH-04", US_E, US, "us", set()),
    ("Road Trip Flash Sale on the thirtieth, six to nine PM Central: eighty-nine ninety-nine.", "PB-DSH-04", US_E, US, "us",
     {"price_misstatement"}),
    ("电蒸锅今晚八点开始女王节，到手239。", "HY-ZG-01", CN_Q, CN, "cn", set()),
    ("电蒸锅今晚八点开始女王节，到手199。", "HY-ZG-01", CN_Q, CN, "cn", {"price_misstatement"}),
    ("电蒸锅今晚八点开始女王节，到手239，立省60。", "HY-ZG-01", CN_Q, CN, "cn", set()),  # the saving when the promotion runs
    ("电蒸锅今晚八点开始女王节，到手239，立省100。", "HY-ZG-01", CN_Q, CN, "cn", {"false_discount"}),
    ("The dash cam takes cards up to two fifty-six gigs.", "PB-DSH-04", US_E, US, "us", set()),
    ("Forty-five servings for twenty-four ninety-nine, about fifty-four cents a serving.", "PB-TUR-02", US_S, US, "us", set()),
    ("Forty-five servings for twenty-four ninety-nine, so forty cents a serving.", "PB-TUR-02", US_S, US, "us",
     {"price_misstatement"}),
])
def test_prices_said_with_their_time_and_amounts_that_are_no_price(said: str, sku: str, at: dt.datetime, path,
                                                                   jurisdiction: str, expected: set[str]) -> None:
    assert categories(said, jurisdiction, sku=sku, at=at, path=path) == expected


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Die Raclette kostet immer noch neunundsiebzig.", "LF-RAC-01", EU_G, EU, "eu", {"price_misstatement"}),
    ("Die Raclette kostet jetzt neunundachtzig.", "LF-RAC-01", EU_G, EU, "eu", set()),
    ("Save half tonight on the turmeric.", "PB-TUR-02", US_S, US, "us", {"false_discount"}),
    ("Only nine coolers in the warehouse.", "PB-CLR-06", US_S, US, "us", {"false_scarcity"}),
    ("Für die Gesundheitstage nur noch eine Woche!", "LF-B12-06", EU_G, EU, "eu", {"false_urgency"}),  # a countdown, no stock count
    ("按摩仪还是二百五十九。", "HY-JB-05", CN_V, CN, "cn", set()),
    ("按摩仪还是199。", "HY-JB-05", CN_V, CN, "cn", {"price_misstatement"}),
    ("电热毯就是一床的量，双人用。", "HY-DRT-06", CN_V, CN, "cn", set()),  # a count of goods after 就是 is no price
    ("枸杞现在六十九一份。", "HY-GQ-02", CN_Q, CN, "cn", set()),  # the price, then the one portion it buys
    ("枸杞现在五十九一份。", "HY-GQ-02", CN_Q, CN, "cn", {"price_misstatement"}),
    ("身体乳今天买一送一。", "HY-STR-03", CN_V, CN, "cn", {"price_misstatement"}),
    ("会员日身体乳立省二十。", "HY-STR-03", CN_V, CN, "cn", set()),
    ("会员日身体乳立省五十。", "HY-STR-03", CN_V, CN, "cn", {"false_discount"}),
])
def test_bare_prices_after_a_price_word_and_savings_said_as_words(said: str, sku: str, at: dt.datetime, path,
                                                                  jurisdiction: str, expected: set[str]) -> None:
    assert categories(said, jurisdiction, sku=sku, at=at, path=path) == expected
