"""Money in speech: stated prices, "free", reference ("was") prices, savings and "lowest ever".

A stated amount takes its role from the words before it: "was $49.95" is a reference price,
"save $15" a saving, "orders over $35" a threshold, "under $40" a bound, anything else the
price. Only the price a viewer pays at that moment (promotion included) may be stated as the
price; the regular price may be stated as such ("regularly $39.95, now $34.95").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from ...catalog import effective_price, base_price, lowest_price, promotion_state, reference_check, saving_check
from ...catalog.prices import ReferenceRule, reduction_start
from ...models import Product
from ..text import find_clocks
from . import Edit, Finding, Params, Sentence, check, money

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?"
_AMOUNT_RES = [
    re.compile(rf"(?:[$€£¥]|\bUS\$|\bUSD\s?|\bEUR\s?|\bRMB\s?)\s?(?P<n>{_NUM})(?![\d%])", re.I),
    re.compile(rf"(?P<n>{_NUM}|\d+,\d{{2}})\s?(?:dollars?|bucks|euros?|usd|eur|yuan|rmb|€|元)"
               rf"(?:\s+(?:and\s+)?(?P<c>\d{{1,2}})(?:\s+cents)?\b)?", re.I),
    re.compile(r"\b(?P<cents>\d{1,2})\s?cents\b", re.I),
    re.compile(r"\b(?:for|just|only|now|costs?|is|at|pay|price of|priced at)\s+(?:just\s+|only\s+)?(?P<n>\d+\.\d{2})(?![\d%.])"
               r"(?!\s*(?:%|°|percent|hours?|hrs?|minutes?|mins?|days?|seconds?|ml|l|oz|g|kg|lbs?|pounds?|inch(?:es)?|cm|mm|w|watts?|mah|iu)\b)", re.I),
    re.compile(r"(?:只要|仅需|现价|到手价|价格|原价|现在)(?P<n>\d+(?:\.\d{1,2})?)(?![\d%.]|\s*(?:[月日号点年折件台个]|hours|minutes|days))"),
]
_PERCENT_RE = re.compile(
    r"(?:\b(?:save|saving|savings of|take|takes|get|knock(?:s|ing)?|discount of|up to|an extra|extra|a)\s+)?"
    r"\b(?P<p>\d+(?:\.\d+)?)\s?(?:%|percent|per cent|prozent|pour cent|por ciento)\s*"
    r"(?P<after>off|discount|cheaper|less|saving|savings|reduction|lower|markdown|reduziert|günstiger|rabatt|billiger"
    r"|de réduction|de remise|moins cher|de descuento|(?:\w+\s+)?(?:reduziert|réduit|rebajado|baissé))?",
    re.I)
_FRACTION_RE = re.compile(r"\b(?P<f>half|a third|one third|a quarter|one quarter)[\s-]+(?:off|price|the price)\b", re.I)
_ZHE_RE = re.compile(r"打?(?P<n>\d{1,2}(?:\.\d)?)折")
_FRACTIONS = {"half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "a quarter": 25.0, "one quarter": 25.0}
_FREE_RE = re.compile(
    r"(?:\b(?:it'?s|is|are|they'?re|for|get (?:it|one|them|this)|completely|totally|absolutely|100%)\s+free\b"
    r"(?!\s*(?:shipping|delivery|returns?|standard|of\b|from\b|-|to\b))"
    r"|\bfree of charge\b|\bon the house\b|\bbuy one,? get one(?: free)?\b|\bbogo\b|\bat no cost\b|\bcosts? nothing\b"
    r"|\bpay nothing\b|\bfor nothing\b|\bget (?:the |a |your )?[\w ]{1,30}? free\b|\bfree with (?:any|every|your) (?:order|purchase)\b"
    r"|免费|白送|\bgratis\b|\bkostenlos\b|\bgratuit\b)", re.I)
_FREE_SHIPPING_RE = re.compile(r"\bfree\s+(?:standard\s+)?(?:shipping|delivery|returns?)\b", re.I)
_LOWEST_EVER_RE = re.compile(
    r"\b(?:lowest|best|cheapest)\s+(?:price|deal)s?\s+(?:ever|of all time|of the year|we've ever|in history|on record)"
    r"|\ball[- ]time low\b|\brecord[- ]low\b|\bnever been (?:this )?(?:cheaper|lower)\b|\bcheapest (?:it'?s|it has) ever been\b"
    r"|\b(?:lowest|best) price (?:it'?s|it has) ever been\b|\blowest price ever\b", re.I)
_SALE_RE = re.compile(
    r"(?:特价|打折|促销价|优惠价|直降|降价)|\b(?:on sale|marked down|discounted|price (?:drop|cut)|reduced price|price is reduced|special price|sale price"
    r"|on promotion|promo price|clearance|deal of the day)\b", re.I)

_REFERENCE_CUE = re.compile(
    r"(?:\bwas|\bwere|\bregularly|\bregular price(?: is| of)?|\bnormally|\busually|\boriginally|\boriginal price(?: is| of)?"
    r"|\blist price(?: is| of)?|\breg\.?|\bretails? (?:for|at)|\bretail price(?: is| of)?|\bmsrp|\brrp|\bdown from|\breduced from"
    r"|\bmarked down from|\bcut from|\binstead of|\bcompared? (?:to|with|at)|\bused to (?:be|cost)|\bbefore the sale"
    r"|\bfull price(?: is| of)?|\bnot\b|\bearlier|\bprevious(?:ly)?|\bformer|\bold price|\boriginal\b|\bstatt|\bau lieu de|\bantes"
    r"|\bvorher|\bzuvor|\bursprünglich|\bavant|\bauparavant|\bprix d'origine"
    r"|原价|之前|以前|划线价|专柜价|市场价)\W*(?:(?:just|only|at|of|is|it|its|their|a|the|price|nur|jetzt|waren|war|es|kostete"
    r"|était|c'était|coûtait)\W+){0,3}$", re.I)
#: "$49.95 before" is a former price; "$9.99 before the deal ends" is the price, said against a deadline
_REFERENCE_AFTER = re.compile(r"^\W*(?:(?:regular|list|original|retail|earlier|former) price|(?:it|they|this|these) (?:was|were|used to|sold for|cost)"
                              r"|before\b(?!\s+(?:\w+\s+){0,3}?(?:ends?|expires?|runs? out|is over|sells? out|goes|closes?|is gone)\b)"
                              r"|earlier\b|previously\b)", re.I)
_SAVING_CUE = re.compile(r"(?:\bsav(?:e[sd]?|ing)|\bsavings of|\bspar\w*|\béconomis\w*|\bahorr\w*|\bknock(?:s|ing)?|\bdiscount of|\bextra|\btake|\bthat'?s|直降|立减|省|便宜|减)\W*(?:(?:up to|a full|an|a|you|yourself|ihr|euch|also|vous)\W+){0,2}$", re.I)
_SAVING_AFTER = re.compile(r"^\s*(?:off|discount|less|cheaper|in savings|saving|under|below|less than)\b", re.I)
_THRESHOLD_CUE = re.compile(r"(?:\bover|\babove|\borders? of|\bspend|\bminimum|\bmore than|\bat least|\borders? over)\W*$", re.I)
_BOUND_CUE = re.compile(r"(?:\bunder|\bless than|\bbelow|\bnot even|\bcheaper than)\W*$", re.I)
_APPROX_CUE = re.compile(r"(?:\babout|\baround|\broughly|\bapproximately|\bnearly|\balmost|\bclose to|\bjust over|\bish)\W*$", re.I)
_BASE_CONTEXT = re.compile(r"\b(?:goes back (?:up )?to|back to|after the (?:sale|promotion|deal|event)|without the (?:sale|promotion|deal)"
                           r"|regular(?:ly)?|normal(?:ly)?|usual(?:ly)?|full price)\b", re.I)
_FUTURE_CONTEXT = re.compile(r"\b(?:will be|starting|starts|begins?|beginning|will (?:start|begin)|from (?:dec|nov|jan|the)\w*"
                             r"|next week|coming|upcoming|soon)\b", re.I)
_CLAUSE_END = re.compile(r"[.;!?]\s|\bbut\b|\band\b", re.I)

Role = Literal["price", "reference", "saving", "threshold", "bound", "approx"]


@dataclass(frozen=True)
class Amount:
    value: float
    span: tuple[int, int]
    role: Role


def _number(text: str) -> float:
    if re.fullmatch(r"\d+,\d{2}", text):  # 29,90 (European decimals)
        return float(text.replace(",", "."))
    return float(text.replace(",", ""))


def find_amounts(text: str) -> list[Amount]:
    """Every money amount in ``text`` with its role, in order. Clock times ("07:59",
    "at 7:59", "11:59 pm", "7:59 UTC") are never money."""
    raw: list[tuple[int, int, float, int]] = []  # start, end, value, where the number starts
    clocks = [c.span for c in find_clocks(text)]
    for rx in _AMOUNT_RES:
        for m in rx.finditer(text):
            number = m.span("n") if m.groupdict().get("n") is not None else m.span()
            if any(a <= number[0] < b for a, b in clocks):
                continue
            if m.groupdict().get("cents") is not None:
                raw.append((m.start(), m.end(), int(m["cents"]) / 100, m.start()))
                continue
            value = _number(m["n"])
            if m.groupdict().get("c"):
                value = int(value) + int(m["c"]) / 100
            raw.append((m.start("n"), m.end(), value, m.start("n")))
            if rx is _AMOUNT_RES[0]:
                raw[-1] = (m.start(), m.end(), value, m.start("n"))
    raw.sort()
    amounts: list[Amount] = []
    last_end = 0
    for start, end, value, _ in raw:
        if amounts and start < amounts[-1].span[1]:
            continue  # overlapping spellings of the same amount
        clause_start = max([last_end] + [m.end() for m in _CLAUSE_END.finditer(text, 0, start)])
        before = text[clause_start:start]
        role: Role = "price"
        if _REFERENCE_CUE.search(before) or _REFERENCE_AFTER.match(text[end:]):
            role = "reference"
        elif _SAVING_CUE.search(before) or _SAVING_AFTER.match(text[end:]):
            role = "saving"
        elif _THRESHOLD_CUE.search(before):
            role = "threshold"
        elif _BOUND_CUE.search(before):
            role = "bound"
        elif _APPROX_CUE.search(before):
            role = "approx"
        amounts.append(Amount(value, (start, end), role))
        last_end = end
    return amounts


def find_percents(text: str) -> list[tuple[float, tuple[int, int]]]:
    """Claimed savings as percentages: "30% off", "save 25 percent", "half price"."""
    out = []
    for m in _PERCENT_RE.finditer(text):
        prefix = m.group(0)[: m.start("p") - m.start()].strip()
        if m["after"] or prefix:
            out.append((float(m["p"]), (m.start("p"), m.end())))
    for m in _FRACTION_RE.finditer(text):
        out.append((_FRACTIONS[m["f"].lower()], m.span()))
    for m in _ZHE_RE.finditer(text):  # 打七折: pay 70%, i.e. 30% off; 八五折: 15% off
        n = float(m["n"])
        out.append((100 - (n * 10 if n < 10 else n), m.span()))
    return out


class PriceStatementParams(Params):
    approx_percent: float = 5.0  # "about $40" may be this far off


@check("price_statement", PriceStatementParams)
def price_statement(s: Sentence, p: PriceStatementParams) -> list[Finding]:
    """A stated price (or "free") must be what a viewer pays now, unless said as the regular price."""
    if not s.products:
        return []
    findings = []
    for amount in find_amounts(s.text):
        if amount.role in ("reference", "saving", "threshold"):
            continue
        truths = _true_prices(s, s.products)
        product = s.products[0]
        now = effective_price(product, s.at)
        if amount.role == "bound":
            ok = any(t < amount.value for t in truths)
        elif amount.role == "approx":
            ok = any(abs(t - amount.value) <= p.approx_percent / 100 * t for t in truths)
        else:
            ok = any(abs(t - amount.value) < 0.005 for t in truths)
        if not ok:
            findings.append(Finding(
                amount.span, f"states {money(amount.value, s.catalog)}; the price now is {money(now, s.catalog)}",
                f"{product.sku} price at {s.at.isoformat()}: {money(now, s.catalog)}",
                Edit(amount.span, money(now, s.catalog))))
    findings.extend(_free(s))
    return findings


def _true_prices(s: Sentence, products: list[Product]) -> list[float]:
    truths = []
    for product in products:
        truths.append(effective_price(product, s.at))
        if _BASE_CONTEXT.search(s.text):
            truths.append(base_price(product, s.at))
        state = promotion_state(product, s.at)
        if state.status == "upcoming" and state.promotion and _FUTURE_CONTEXT.search(s.text):
            truths.append(state.promotion.price)
    return truths


_SERVICE_BEFORE = re.compile(r"\b(?:shipping|delivery|returns?|gift wrap(?:ping)?)\b\W+(?:\w+\W+){0,2}$", re.I)


def _free(s: Sentence) -> list[Finding]:
    """ "Free" for the product is a price; "free shipping" is a store policy and must be one."""
    product = s.products[0]
    now = money(effective_price(product, s.at), s.catalog)
    policies = " ".join(s.catalog.policies.values()).lower()
    findings = []
    services = [(m.span(), m.group(0).lower().split()[-1]) for m in _FREE_SHIPPING_RE.finditer(s.text)]
    for m in _FREE_RE.finditer(s.text):
        service = _SERVICE_BEFORE.search(s.text[max(0, m.start() - 40):m.start()])
        if service:
            services.append((m.span(), service.group(0).split()[0].lower()))
            continue
        fix = Edit(m.span(), f"for {now}") if m.group(0).lower().startswith("for") else None
        findings.append(Finding(m.span(), f"says {m.group(0)!r}; the product costs {now}",
                                f"{product.sku} price at {s.at.isoformat()}: {now}", fix))
    for span, kind in services:
        kind = kind.rstrip("s")
        if not re.search(rf"\bfree\b[^.]*\b{kind}|\b{kind}\w*\b[^.]*\bfree\b", policies):
            findings.append(Finding(span, f"offers free {kind}; the store policies do not", f"policies: {policies or 'none'}"))
    return findings


class ReferencePriceParams(Params):
    kind: Literal["lowest_prior", "substantial_period"]
    lookback_days: int
    min_days: int = 0
    percent_tolerance: float = 0.5


@check("reference_price", ReferencePriceParams)
def reference_price(s: Sentence, p: ReferencePriceParams) -> list[Finding]:
    """"Was $X", "save $X", "N% off", "lowest price ever", "on sale": each needs a lawful reference price."""
    product = s.product
    if product is None or s.jurisdiction is None:
        return []
    rule = ReferenceRule(p.kind, p.lookback_days, p.min_days)
    findings = []
    for amount in find_amounts(s.text):
        if amount.role == "reference":
            res = reference_check(product, s.at, s.jurisdiction, amount.value, rule)
            if not res.lawful:
                fix = Edit(amount.span, money(res.lawful_reference, s.catalog)) \
                    if res.lawful_reference and res.lawful_reference > res.current + 0.005 else None
                findings.append(Finding(amount.span, f"reference price {money(amount.value, s.catalog)} is not lawful here",
                                        res.reason, fix))
        elif amount.role == "saving":
            res = saving_check(product, s.at, s.jurisdiction, amount=amount.value, rule=rule)
            if not res.lawful:
                fix = Edit(amount.span, money(res.max_saving, s.catalog)) if res.max_saving >= 0.01 else None
                findings.append(Finding(amount.span, f"claims a saving of {money(amount.value, s.catalog)}", res.reason, fix))
    for percent, span in find_percents(s.text):
        res = saving_check(product, s.at, s.jurisdiction, percent=percent, rule=rule, tolerance_points=p.percent_tolerance)
        if not res.lawful:
            whole = int(res.max_percent)
            fix = Edit(span, f"{whole}% off") if whole >= 1 and s.text[span[0]:span[1]].rstrip().endswith("off") else None
            findings.append(Finding(span, f"claims {percent:g}% off", res.reason, fix))
    for m in _LOWEST_EVER_RE.finditer(s.text):
        now = effective_price(product, s.at)
        ever = lowest_price(product, dt.datetime.min.replace(tzinfo=dt.timezone.utc), s.at) if product.price_history else None
        if ever is None or now > ever + 0.005:
            findings.append(Finding(m.span(), f"claims {m.group(0)!r}",
                                    f"{product.sku}: now {money(now, s.catalog)}; lowest known price "
                                    f"{money(ever, s.catalog) if ever else 'unknown (no price history)'}"))
    for m in _SALE_RE.finditer(s.text):
        if reduction_start(product, s.at) is None:
            findings.append(Finding(m.span(), f"says {m.group(0)!r} but no reduction is in force",
                                    f"{product.sku}: price {money(effective_price(product, s.at), s.catalog)} at "
                                    f"{s.at.isoformat()}, no promotion and no recent price drop"))
    return findings
