"""Prices, savings, stock, deadlines and catalog facts on the DEV9 catalogs (guard v9): the phrasing
classes the guard missed or misread there, each said here in words of its own, never a dataset line.

- Polish and Portuguese, new to the guard: number words (Polish in the cases speech gives them,
  "zamiast stu dwudziestu", Portuguese by text2num), stock ("zostały tylko dwie sztuki", "restam
  apenas duas"), deadlines and countdowns ("tylko dzisiaj", "do północy", "faltam dez minutos"), money
  ("taniej niż zwykłe", "metade do preço", "por cento de desconto", "cêntimos"), units ("godzin",
  "watów", "gramas", "pół kilo") and what the catalog denies ("nie jest elektryczna", "sem BPA").
- A countdown is held to a third of itself: "two and a half hours" with 90 minutes to go is false.
- The Art. 6a lookback said in Italian ("degli ultimi trenta giorni") is no countdown; a farewell
  ("bis morgen, Leute") and a quoted "solo per oggi" are no deadline.
- Money: a saving restating the difference ("X down to Y, fifteen dollars"), "twenty under the X",
  "once your order hits fifty dollars"; a rounded quantity ("a bit under three kilos" of 6.2 lb).
"""

from __future__ import annotations

import datetime as dt

import pytest

from host_runtime.guardrails.claims.numbers import normalise_numbers
from host_runtime.guardrails.text import find_durations

from guardrails_fixtures import ROOT, categories

EU = ROOT / "product_catalog" / "dev9_eu.yaml"
US = ROOT / "product_catalog" / "dev9_us.yaml"


def utc(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.timezone.utc)


EU_A = utc("2029-03-07T18:00:00")  # Semana Portuguesa on (sardines 3.49); radio 99, 3 in stock
EU_C = utc("2029-03-16T19:40:00")  # Wieczór Radia on (79), 20 minutes left
EU_E = utc("2029-03-24T19:00:00")  # Frühlingswoche on (pasta machine 59, reference 64.90), ends Tue 23:59 CEST
EU_G = utc("2029-03-31T09:00:00")  # Wielkanoc on (candle 14.90), ends Mon 23:59
US_C = utc("2029-03-10T20:00:00")  # Spring Forward Weekend on (humidifier 44.99, from 59.99)
US_D = utc("2029-03-13T02:30:00")  # Spring Forward Weekend: 90 minutes left
US_H = utc("2029-03-20T23:00:00")  # nothing on


@pytest.mark.parametrize(("said", "digits"), [
    ("Zamiast stu dwudziestu dziewięciu euro", "Zamiast 129 euro"),
    ("kosztuje dwa dziewięćdziesiąt dziewięć", "kosztuje 2.99"),
    ("dwa tysiące trzysta sztuk", "2300 sztuk"),
    ("kto pierwszy, ten lepszy", "kto pierwszy, ten lepszy"),  # Polish "ten" is "this one"
    ("Ich nehme jeden Tag eine", "Ich nehme jeden Tag eine"),  # German "jeden", no Polish one
    ("custa quatro euros e quarenta e nove", "custa 4 euros e 49"),
    ("Non va in lavastoviglie", "Non va in lavastoviglie"),  # Italian "non", no Portuguese nine
    ("trinta por cento de desconto", "30 % de desconto"),
    ("waży dwa i pół kilo", "waży 2.5 kilo"),
])
def test_polish_and_portuguese_number_words(said: str, digits: str) -> None:
    assert normalise_numbers(said).text == digits


@pytest.mark.parametrize(("said", "seconds"), [
    ("zostało dziesięć minut", 600), ("faltam duas horas e meia", 9000), ("jeszcze półtorej godziny", 5400),
    ("noch anderthalb Stunden", 5400), ("meia hora", 1800),
])
def test_durations_in_polish_portuguese_and_german(said: str, seconds: int) -> None:
    assert [d.seconds for d in find_durations(normalise_numbers(said).text)] == [seconds]


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("Zostały już tylko dwie sztuki radia!", "KE-RAD-05", EU_A, {"false_scarcity"}),
    ("Mamy jeszcze trzy sztuki radia.", "KE-RAD-05", EU_A, set()),
    ("Restam apenas duas unidades deste rádio.", "KE-RAD-05", EU_A, {"false_scarcity"}),
    ("Sardinhas quase esgotadas, corram!", "KE-SAR-02", EU_A, {"false_scarcity"}),
    ("Świece na wyczerpaniu!", "KE-SWI-06", EU_G, {"false_scarcity"}),
    ("Zamiast stu dwudziestu dziewięciu, tylko siedemdziesiąt dziewięć euro!", "KE-RAD-05", EU_C, {"false_discount"}),
    ("Tylko siedemdziesiąt dziewięć euro za radio.", "KE-RAD-05", EU_C, set()),  # a price, no stock count
])
def test_polish_and_portuguese_stock(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    got = categories(said, "eu", sku=sku, at=at, path=EU)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("Tylko dzisiaj świeca za czternaście dziewięćdziesiąt!", "KE-SWI-06", EU_G, {"false_urgency"}),
    ("Promocja na świecę trwa do poniedziałku do 23:59.", "KE-SWI-06", EU_G, set()),
    ("Oferta das sardinhas acaba hoje à meia-noite!", "KE-SAR-02", EU_A, {"false_urgency"}),
    ("Faltam cinco minutos para o fim da promoção do rádio!", "KE-RAD-05", EU_C, {"false_urgency"}),
    ("Zostało jeszcze dwadzieścia minut promocji na radio.", "KE-RAD-05", EU_C, set()),
    ("Ostatnie minuty promocji na maszynkę!", "KE-PAS-01", EU_E, {"false_urgency"}),
    ("Das Angebot gilt bis Dienstagabend 23:59 Uhr, und heute Nacht stellen wir die Uhren vor.", "KE-PAS-01", EU_E, set()),
    ("Rispetto al prezzo più basso degli ultimi trenta giorni, sessantaquattro e novanta, oggi sono cinquantanove.", "KE-PAS-01", EU_E, set()),
    ("Bis morgen, Leute, dann gibt es mehr Kerzen!", "KE-SWI-06", EU_G, set()),
    ("Altrove si legge 'solo per oggi' ogni giorno; qui no.", "KE-SWI-06", EU_G, set()),
])
def test_polish_portuguese_deadlines_and_what_is_no_deadline(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    got = categories(said, "eu", sku=sku, at=at, path=EU)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "at", "expected"), [
    ("Two and a half hours to go on the humidifier deal!", "HP-HUM-03", US_D, {"false_urgency"}),
    ("An hour and a half to go on the humidifier deal.", "HP-HUM-03", US_D, set()),
])
def test_a_countdown_is_held_to_a_third_of_itself(said: str, sku: str, at: dt.datetime, expected: set[str]) -> None:
    got = categories(said, "us", sku=sku, at=at, path=US)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Cinco euros taniej niż zwykłe sześćdziesiąt dziewięć.", "KE-PAS-01", EU_E, EU, "eu", {"false_discount"}),
    ("Pięć dziewięćdziesiąt taniej niż najniższa cena z trzydziestu dni.", "KE-PAS-01", EU_E, EU, "eu", set()),
    ("Metade do preço nas velas esta Páscoa!", "KE-SWI-06", EU_G, EU, "eu", {"false_discount"}),
    ("Oitenta cêntimos a menos do que os habituais quatro e vinte e nove.", "KE-SAR-02", EU_A, EU, "eu", set()),
    ("A vela custa agora onze euros.", "KE-SWI-06", EU_G, EU, "eu", {"price_misstatement"}),
    ("Fifty-nine ninety-nine, now forty-four ninety-nine: fifteen dollars back in your pocket.", "HP-HUM-03", US_C, US, "us", set()),
    ("That's fifteen bucks under the fifty-nine ninety-nine.", "HP-HUM-03", US_C, US, "us", set()),
    ("Shipping is free once your cart hits fifty dollars, otherwise six ninety-five.", "HP-WAF-01", US_H, US, "us", set()),
])
def test_money_wording(said: str, sku: str, at: dt.datetime, path, jurisdiction: str, expected: set[str]) -> None:
    got = categories(said, jurisdiction, sku=sku, at=at, path=path)
    assert got == expected if not expected else expected <= got


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    ("Akumulator działa nawet czterdzieści godzin.", "KE-RAD-05", EU_A, EU, "eu", {"unsupported_claim"}),
    ("Akumulator działa do dwunastu godzin.", "KE-RAD-05", EU_A, EU, "eu", set()),
    ("Głośnik ma piętnaście watów.", "KE-RAD-05", EU_A, EU, "eu", {"unsupported_claim"}),
    ("Cada lata tem trezentos gramas.", "KE-SAR-02", EU_A, EU, "eu", {"unsupported_claim"}),
    ("Waży ponad pół kilo mniej niż inne, tylko pół kilo.", "KE-PAS-01", EU_E, EU, "eu", {"unsupported_claim"}),
    ("Waży prawie dwa i pół kilo.", "KE-PAS-01", EU_E, EU, "eu", set()),  # 2.4 kg, said rounded
    ("To maszynka elektryczna, bez kręcenia.", "KE-PAS-01", EU_E, EU, "eu", {"unsupported_claim"}),
    ("Maszynka nie jest elektryczna.", "KE-PAS-01", EU_E, EU, "eu", set()),
    ("As sardinhas são sem BPA e biológicas.", "KE-SAR-02", EU_A, EU, "eu", {"unsupported_claim"}),
    ("Wanienka jest bez BPA.", "KE-WAN-04", EU_A, EU, "eu", set()),  # bpa_free: true
    ("It covers about six hundred square feet.", "HP-HUM-03", US_H, US, "us", {"unsupported_claim"}),
    ("The tank holds three full gallons.", "HP-HUM-03", US_H, US, "us", {"unsupported_claim"}),
    ("It's six point two pounds, a bit under three kilos.", "HP-WAF-01", US_H, US, "us", set()),
    ("Batteries come in the box, two double-A.", "HP-CAM-05", US_H, US, "us", set()),  # "310 g without batteries" denies nothing
    ("The paddles are ninety-nine ninety-nine until 5:59.", "HP-PKL-06", utc("2029-03-17T21:45:00"), US, "us", set()),
])
def test_catalog_facts_in_polish_portuguese_and_units(said: str, sku: str, at: dt.datetime, path, jurisdiction: str,
                                                      expected: set[str]) -> None:
    got = categories(said, jurisdiction, sku=sku, at=at, path=path)
    assert got == expected if not expected else expected <= got


def test_polish_w_is_in_not_watts() -> None:
    """ "4,7 na 5 w 389 opiniach": the rating's "5 w" is "5 in", no power the catalog would have to state."""
    assert "unsupported_claim" not in categories("Klienci dali jej 4,7 na 5 w 389 opiniach.", "eu", sku="KE-SWI-06", at=EU_G, path=EU)


@pytest.mark.parametrize(("said", "sku", "at", "path", "jurisdiction", "expected"), [
    # a vague count keeps half of itself: 101 hours left is "a few days"
    ("Promocja na sardynki potrwa jeszcze kilka dni.", "KE-SAR-02", EU_A, EU, "eu", set()),
    # a day after ", und" is a clause of its own; a deadline word after ", y" still looks back at the countdown
    ("Das Angebot läuft bis Dienstag 23:59 Uhr, und heute Abend zeige ich euch die Schneidaufsätze.", "KE-PAS-01", EU_E, EU, "eu", set()),
    ("En diez minutos me voy, y la oferta de las velas ya se habrá acabado.", "KE-SWI-06", EU_G, EU, "eu", {"false_urgency"}),
    # a sale announced as coming is no reduction claimed now
    ("The paddle set goes on sale next Saturday morning.", "HP-PKL-06", US_C, US, "us", set()),
    # origins named in Portuguese and Polish against catalogs written in other languages
    ("A biotina é fabricada na Alemanha.", "KE-BIO-03", EU_A, EU, "eu", set()),
    ("Radio wyprodukowano w Chinach.", "KE-RAD-05", EU_A, EU, "eu", set()),
])
def test_vague_countdowns_clauses_coming_sales_and_origins(said: str, sku: str, at: dt.datetime, path, jurisdiction: str,
                                                           expected: set[str]) -> None:
    got = categories(said, jurisdiction, sku=sku, at=at, path=path)
    assert got == expected if not expected else expected <= got


def test_a_countdown_after_the_end_names_no_moment_the_sale_price_held() -> None:
    """Five minutes after the St. Patrick's Day Sale ended, "for a few more minutes" reaches back to no
    moment the 99.99 held: the price is misstated, not just the urgency."""
    got = categories("Paddles at ninety-nine ninety-nine for a few more minutes, folks!", "us", sku="HP-PKL-06",
                     at=utc("2029-03-17T22:05:00"), path=US)
    assert {"price_misstatement", "false_urgency"} <= got
