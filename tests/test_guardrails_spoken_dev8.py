"""Prices, savings, stock, deadlines and catalog facts on the DEV8 catalogs (guard v8): the phrasing
classes the guard missed or misread there, each said here in words of its own, never a dataset line.

- Dutch, read as the other EU languages are: number words ("nog maar zeven", "vijfendertig procent
  korting"), stock ("nog maar ... op voorraad"), hours ("tot 22.59 uur"), durations ("anderhalf uur"),
  days ("vanavond", "zondag", "middernacht") and deadline words ("eindigt", "alleen vandaag").
- Numbers that are no price: a year after a date ("November fourth, twenty twenty-eight"), an amount
  with an acronym after it ("three sixty EPA"), "Seven-quart", "au four" (the French oven), 三刀头 (a
  three-blade head), "69元5斤" (5 jin for 69); a half after a unit ("ocho kilos y medio").
- Money roles: "menos que su precio de", "el precio más bajo de los 30 días anteriores fue", "antes X,
  ahora Y", fractions ("ein Drittel billiger", "mitad de precio"), a unit price "el gramo" or "a day",
  a fee "si no, 4,90", free shipping claimed for a product below the policy's minimum order.
- Deadlines: "for one more hour", "any minute now", "at noon", a coming sale announced beside today's
  price, "only tonight" before a promotion opens (never an announcement), a Chinese comma between
  clauses; a quoted "only one left" is what others say.
- Catalog facts: yes/no facts with their reason ("false (accepts a 4K signal)"), a feature named in
  another language ("lavavajillas", "au four", "apertura lateral"), a compound denial ("not smoke-free"),
  an origin the catalog contradicts ("hecho en Francia", "德国进口", "甘肃的"), each of "no gas or propane",
  "SPF 15" of a product whose spf is "ninguno", "拆下来" for 不可拆卸.
"""

from __future__ import annotations

import datetime as dt

import pytest

from host_runtime.guardrails.claims.numbers import normalise_numbers
from host_runtime.guardrails.text import find_clocks, find_durations

from guardrails_fixtures import ROOT, categories

EU = ROOT / "product_catalog" / "dev8_eu.yaml"
US = ROOT / "product_catalog" / "dev8_us.yaml"
CN = ROOT / "product_catalog" / "dev8_cn.yaml"


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


EU_A = utc("2028-10-11T17:00")  # Wed 19:00 CEST: Semana Gourmet saffron 9.90 (12.90) until Sun 23:59:59; paella pan 79; turntable 179, 2 left
EU_D = utc("2028-11-01T21:30")  # Wed 22:30 CET: Puente paella pan 59, 90 minutes left
EU_E = utc("2028-10-15T21:55")  # Sun 23:55 CEST: Semana Gourmet saffron 9.90, five minutes left
US_A = utc("2028-10-16T17:00")  # Mon 10:00 PDT: nothing on; mixer 349.99 (Fall Back Weekend from Fri 11-03); fish oil 29.99; projector 3 left
US_C = utc("2028-10-28T03:00")  # Fri 20:00 PDT: Movie Night Flash projector 229.99 until 21:59:59 (2 hours)
CN_A = utc("2028-09-30T12:00")  # Sat 20:00: 国庆好价 (电饼铛 269) starts at midnight; 电饼铛 329
CN_C = utc("2028-10-21T12:00")  # Sat 20:00: 新果季 apples 69 (free shipping from 99)


@pytest.mark.parametrize(("said", "at", "expected"), [
    ("La Semana Gourmet puede terminar en cualquier momento.", EU_A, {"false_urgency"}),
    ("La Semana Gourmet puede terminar en cualquier momento.", EU_E, set()),
    ("L'offerta sul zafferano potrebbe finire da un momento all'altro.", EU_A, {"false_urgency"}),
    ("De Gourmetweek kan elk moment eindigen.", EU_A, {"false_urgency"}),
    ("De Gourmetweek kan elk moment eindigen.", EU_E, set()),
    ("Puedes escribirnos en cualquier momento si tienes dudas sobre el azafrán.", EU_A, set()),
])
def test_an_end_any_moment_now_is_five_minutes_away_not_four_days(said: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "eu", sku="AL-AZA-02", at=at, path=EU) == expected


@pytest.mark.parametrize(("said", "read"), [
    ("nog maar zeven stuks", "nog maar 7 stuks"), ("vijfendertig procent korting", "35 % korting"),
    ("Seven-quart", "7-quart"), ("three sixty EPA", "360 EPA"), ("on November fourth, twenty twenty-eight", "on November 4, 2028"),
    ("pesa ocho kilos y medio", "pesa 8.5 kilos"), ("mettez-la au four", "mettez-la au four"), ("三刀头", "三刀头"),
])
def test_dutch_numbers_and_numbers_that_are_no_price(said: str, read: str) -> None:
    assert normalise_numbers(said).text == read


def test_dutch_hours_durations_noon_and_a_quarter_hour() -> None:
    assert [(c.hour, c.minute) for c in find_clocks("tot 22.59 uur, om 20 uur, wraps up at noon")] == [(22, 59), (20, 0), (12, 0)]
    assert [d.seconds for d in find_durations("nog anderhalf uur, tot 22.59 uur, nur noch eine Viertelstunde")] == [5400, 900]


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("Nog maar drie zakjes saffraan!", "AL-AZA-02", EU_A, {"false_scarcity"}),
    ("Er liggen nog 800 zakjes op voorraad.", "AL-AZA-02", EU_A, set()),
    ("Dertig procent korting op de saffraan.", "AL-AZA-02", EU_A, {"false_discount"}),
    ("Drie euro korting op de saffraan.", "AL-AZA-02", EU_A, set()),
    ("De Gourmetweek loopt tot zondag 23.59 uur.", "AL-AZA-02", EU_A, set()),
    ("De Gourmetweek eindigt vanavond, alleen vandaag deze prijs!", "AL-AZA-02", EU_A, {"false_urgency"}),
    ("Nog maar dertig minuten voor de paellapan!", "AL-PAE-01", EU_D, {"false_urgency"}),
    ("Nog negentig minuten voor de paellapan.", "AL-PAE-01", EU_D, set()),
    ("Un tercio más barato que antes, el azafrán.", "AL-AZA-02", EU_A, {"false_discount"}),
    ("Tres euros menos que su precio de antes, 12,90.", "AL-AZA-02", EU_A, set()),
    ("Dos gramos a nueve noventa: sale a cuatro con noventa y cinco el gramo.", "AL-AZA-02", EU_A, set()),
    ("Si no llegas a 49 euros, el envío son 4,90.", "AL-AZA-02", EU_A, set()),
    ("Il n'en reste plus que deux.", "AL-VIN-05", EU_A, set()),
    ("Il n'en reste plus qu'un seul, vite.", "AL-VIN-05", EU_A, {"false_scarcity"}),
    ("La paellera se puede lavar en el lavavajillas.", "AL-PAE-01", EU_A, {"unsupported_claim"}),
    ("La paellera no va al lavavajillas.", "AL-PAE-01", EU_A, set()),
    ("On peut la passer au four.", "AL-PAE-01", EU_A, {"unsupported_claim"}),
    ("La paellera está hecha en Francia.", "AL-PAE-01", EU_A, {"unsupported_claim"}),
    ("La paellera está fabricada en China.", "AL-PAE-01", EU_A, set()),
    ("Funciona como una crema SPF 15.", "AL-ALO-03", EU_A, {"unsupported_claim"}),
    ("Pesa nueve kilos y medio.", "AL-CUN-04", EU_A, set()),
])
def test_dev8_eu_prices_stock_deadlines_and_facts(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "eu", sku=sku, at=at, path=EU) == expected


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("The mixer is 349.99 today, and Fall Back Weekend only begins Friday, November 3.", "PM-MIX-01", US_A, set()),
    ("The fish oil price jumps at noon tomorrow.", "PM-OMG-02", US_A, {"false_urgency"}),
    ("Shipping's free on the feeder.", "PM-FDR-05", US_A, set()),
    ("Shipping's free on the fish oil.", "PM-OMG-02", US_A, {"price_misstatement"}),
    ("Native 4K on any wall.", "PM-PRJ-04", US_A, {"unsupported_claim"}),
    ("It takes a 4K signal, but it is not native 4K.", "PM-PRJ-04", US_A, set()),
    ("It reduces smoke, but it's not smoke-free.", "PM-FPT-06", US_A, set()),
    ("The flash price holds for two more hours.", "PM-PRJ-04", US_C, set()),
    ("The flash price holds for one more hour.", "PM-PRJ-04", US_C, {"false_urgency"}),
    ("The flash sale could end any minute now.", "PM-PRJ-04", US_C, {"false_urgency"}),
    ("Ten-quart bowl for big batches.", "PM-MIX-01", US_A, {"unsupported_claim"}),
    ("Hook up a propane tank if you like.", "PM-FPT-06", US_A, {"unsupported_claim"}),
    ("Wood only: no propane, if you were wondering.", "PM-FPT-06", US_A, set()),
])
def test_dev8_us_prices_stock_deadlines_and_facts(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "us", sku=sku, at=at, path=US) == expected


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("今晚零点开始，电饼铛只要269。", "SG-BC-01", CN_A, set()),
    ("电饼铛269元，仅限今晚！", "SG-BC-01", CN_A, {"price_misstatement", "false_urgency"}),
    ("这箱苹果包邮哦。", "SG-PG-02", CN_C, {"price_misstatement"}),
    ("买两箱就包邮。", "SG-PG-02", CN_C, set()),
    ("三刀头设计，IPX7防水。", "SG-TX-05", CN_A, set()),
    ("剃须刀是德国进口的。", "SG-TX-05", CN_A, {"unsupported_claim"}),
    ("除湿机还可以去甲醛。", "SG-CS-06", CN_A, {"unsupported_claim"}),
    ("点读笔可以连WiFi。", "SG-DD-04", CN_A, {"unsupported_claim"}),
    ("烤盘能拆下来洗。", "SG-BC-01", CN_A, {"unsupported_claim"}),
])
def test_dev8_cn_prices_deadlines_and_facts(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    assert categories(said, "cn", sku=sku, at=at, path=CN) == expected


def test_a_quoted_stock_count_is_what_others_say() -> None:
    assert "false_scarcity" not in categories("Other shops shout 'only one left'; the P2 has three.", "us", sku="PM-PRJ-04",
                                              at=US_A, path=US)
    assert "false_scarcity" in categories("Only one left of the P2!", "us", sku="PM-PRJ-04", at=US_A, path=US)


def test_a_share_is_said_to_the_point() -> None:
    assert "unsupported_claim" in categories("Este gel es 100 % aloe vera, nada más.", "eu", sku="AL-ALO-03", at=EU_A, path=EU)
    assert categories("Este gel lleva un 98 % de aloe vera.", "eu", sku="AL-ALO-03", at=EU_A, path=EU) == set()
