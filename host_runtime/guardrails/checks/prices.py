"""Money checks: stated prices, "free", reference ("was") prices, savings and "lowest ever".

Amounts and their roles come from claims/money.py. Only the price a viewer pays at that
moment (promotion included) may be stated as the price; the regular price may be stated as
such ("regularly $39.95, now $34.95"); a reference price or saving must be lawful where the
show streams; "free" must be true of the product or of a store policy, with its conditions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from ...catalog import effective_price, base_price, lowest_price, promotion_state, reference_check, saving_check
from ...catalog.prices import ReferenceRule, reduction_start
from ...models import Product
from ..claims.money import PER_HUNDRED, PER_HUNDRED_BEFORE, find_amounts, find_percents, readings
from ..claims.numbers import CN_STOCK_MEASURE, normalise_numbers
from ..text import ENDED_ZH
from . import Edit, Finding, Params, Sentence, check, money
from .urgency import said_times

_FREE_RE = re.compile(
    r"(?:\b(?:it'?s|is|are|they'?re|for|get (?:it|one|them|this)|completely|totally|absolutely|100%)\s+free\b"
    r"(?!\s*(?:shipping|delivery|returns?|standard|of\b|from\b|-|to\b))"
    r"|\bfree of charge\b|\bon the house\b|\bbuy one,? get one(?: free)?\b|\bbogo\b|买一送一|买一赠一|买二送一|\bun acheté,? un offert\b|\bprendi (?:2|due),? paghi (?:1|uno)\b|\bat no cost\b|\bcosts? nothing\b"
    r"|\bpay nothing\b|\bfor nothing\b|\bget (?:the |a |your )?[\w ]{1,30}? free\b|\bfree with (?:any|every|your) (?:order|purchase)\b"
    r"|免费|白送|白给|不要钱|送你|0元|零元|\bgratis\b|\bkostenlos\b|\bgratuit\b"
    #: a gift or a bundle the catalog does not hold: "le pot vous est offert", "de regalo", "two for the price of one"
    r"|\b(?:vous est |est |sont )offert(?:e|s|es)?\b|\bde regalo\b|\b(?:te|os|se) (?:lo|la|los|las) regalamos\b|\bgratis dazu\b|\bgeschenkt\b"
    r"|\bfor the price of (?:one|1)\b|\b(?:au|pour le) prix d'(?:une?|1)\b|\bpor el precio de (?:uno|una|1)\b|\bzum preis von (?:einem|einer|1)\b|\b2 ?(?:x|por) ?1\b"
    r"|\bal prezzo di (?:uno|una|1)\b|\bvoor de prijs van (?:één|een|1)\b|\b2 (?:voor|pour) (?:de prijs van )?(?:1|één)\b"
    #: "买一箱送一箱", "买2送1": a bundle the catalog does not hold
    rf"|买\s*[一二两1-9]\s*[{CN_STOCK_MEASURE}]?\s*[送赠]\s*[一二两1-9]"
    #: "第二件半价": a bundle price the catalog does not hold (its reduction is no saving on the reference)
    rf"|第[二2]\s*[{CN_STOCK_MEASURE}]\s*半价)", re.I)
_FREE_SHIPPING_RE = re.compile(r"\bfree\s+(?:standard\s+)?(?:shipping|delivery|returns?)\b|\b(?:shipping|delivery)(?:'s|’s| is)\s+(?:always\s+)?free\b"
                               r"|包邮|免运费|\bversandkostenfrei"
                               r"|\bkostenlose[rn]?\s+(?:versand|lieferung|rückversand)|\blivraison\s+(?:gratuite|offerte)", re.I)
_LOWEST_EVER_RE = re.compile(
    r"\b(?:lowest|best|cheapest)\s+(?:price|deal)s?\s+(?:ever|of all time|of the year|we've ever|in history|on record)"
    r"|\ball[- ]time low\b|\brecord[- ]low\b|\bnever been (?:this )?(?:cheaper|lower)\b|\bcheapest (?:it'?s|it has) ever been\b"
    r"|\b(?:lowest|best) price (?:it'?s|it has) ever been\b|\blowest price ever\b", re.I)
_SALE_RE = re.compile(
    r"(?:特价|打折|促销价|优惠价|直降|降价)|\b(?:on sale|marked down|discounted|price (?:drop|cut)|reduced price|price is reduced|special price|sale price"
    r"|on promotion|promo price|clearance|deal of the day)\b", re.I)

_BASE_CONTEXT = re.compile(r"\b(?:goes back (?:up )?to|back to|after the (?:sale|promotion|deal|event)|without the (?:sale|promotion|deal)"
                           r"|regular(?:ly)?|normal(?:ly)?|usual(?:ly)?|full price|afterwards|after that|after (?:it|this|that) ends"
                           r"|danach|wieder|anschließend|après|ensuite|retour à)\b|恢复|结束后|之后", re.I)
#: a promotion spoken of as over ("Singles Day's 9.99 ended on November 12", "黑五已经结束了")
_PAST_CONTEXT = re.compile(r"\b(?:ended|is over|was over|has ended|finished|wrapped up|ist vorbei|war vorbei|endete|beendet"
                           r"|est terminée?|s'est terminée?|a pris fin|était)\b|" + ENDED_ZH.pattern, re.I)
_FUTURE_CONTEXT = re.compile(r"\b(?:will be|start(?:ing|s)?|begins?|beginning|will (?:start|begin)|from (?:dec|nov|jan|the)\w*|go(?:es)? on sale|kicks? off"
                             r"|zaczyna się|rusza|od (?:jutra|poniedziałku|wtorku|środy|czwartku|piątku|soboty|niedzieli)|começa|a partir de"
                             r"|(?:takes?|brings?|drops?) (?:it|them)? ?(?:down )?to|in (?:about |around |just )?(?:half an hour|an hour|\d+ (?:minutes?|hours?|days?))"
                             r"|next week|coming|upcoming|soon|dann kostet|kostet (?:es |sie |er )?dann|wird (?:\w+ ){0,3}kosten|ab dem|ab (?:montag|dienstag"
                             r"|mittwoch|donnerstag|freitag|samstag|sonntag)|ce sera|sera (?:à|de)|coûtera|à partir du|dès le"
                             r"|goes (?:down )?to|on (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\w* \d+|at midnight|from midnight"
                             r"|startet|beginnt|dann|um mitternacht|ab mitternacht|à minuit|commence|démarre)\b|到时|届时|开始|\d+月\d+[日号]", re.I)


class PriceStatementParams(Params):
    approx_percent: float = 5.0  # "about $40" may be this far off


@check("price_statement", PriceStatementParams)
def price_statement(s: Sentence, p: PriceStatementParams) -> list[Finding]:
    """A stated price (or "free") must be what a viewer pays now, unless said as the regular price."""
    if not s.products:
        return []
    findings = []
    fees = _policy_amounts(tuple(s.catalog.policies.values()))
    for amount in s.amounts():
        if amount.role in ("reference", "saving", "threshold"):
            continue
        if round(amount.value, 2) in fees and s.quotes_policy(amount.span):
            continue  # "freight is … $79 to the other states", "a $99 return freight charge": the policy's own words
        if amount.role == "fee":
            if round(amount.value, 2) not in fees:
                findings.append(Finding(amount.span, f"states a fee of {money(amount.value, s.catalog)}; the store policies do not",
                                        "policies: " + " ".join(s.catalog.policies.values())))
            continue
        truths = _true_prices(s, s.products)
        product = s.products[0]
        now = effective_price(product, s.at)
        said = readings(amount, s.norm)
        if amount.role == "bound":
            ok = any(t < v for t in truths for v in said)
        elif amount.role == "unit" and (PER_HUNDRED.match(s.text[amount.span[1]:])  # "2,18 € les cent grammes"
                                        or PER_HUNDRED_BEFORE.search(s.text[max(0, amount.span[0] - 12):amount.span[0]])):  # "合一百克五块九毛八"
            hundreds = [q / 100 for q in _contents(product)]
            ok = bool(hundreds) and any(abs(t / n - v) <= max(0.005, 0.01 * v) for t in truths for n in hundreds for v in said)
        elif amount.role == "unit":  # "27 for 3 pairs, so 9 a pair": the price over a count the sentence says
            counts = {int(n) for n in re.findall(r"(?<![\d.,])\d{1,3}(?![\d.,])", s.text) if 1 < int(n) <= 100}
            counts |= _supply_days(product) if _PER_DAY_BEFORE.search(s.text[max(0, amount.span[0] - 12):amount.span[0]]) else set()
            # "about fifty-five cents a serving" of 24.99 for 45 servings: a spoken per-unit price is rounded
            tolerance = (lambda v: max(0.005, p.approx_percent / 100 * v)) if amount.approx else (lambda v: 0.005)
            ok = any(abs(t / n - v) < tolerance(v) for t in truths for n in counts | {1} for v in said)
        elif amount.role == "approx":
            ok = any(abs(t - v) <= p.approx_percent / 100 * t for t in truths for v in said)
        else:  # "拍5瓶……99.50": the total of an order of several said, as the price times their count
            ok = any(abs(k * t - v) < 0.005 for t in truths for v in said for k in {1} | _order_counts(s.text))
        if not ok and amount.role in ("price", "approx"):  # "ab morgen 8 Uhr 15,90": the price at the time said
            later = _prices_at_said_times(s)
            ok = any(abs(t - v) <= (p.approx_percent / 100 * t if amount.role == "approx" else 0.005) for t in later for v in said)
        if not ok:
            findings.append(Finding(
                amount.span, f"states {money(amount.value, s.catalog)}; the price now is {money(now, s.catalog)}",
                f"{product.sku} price at {s.at.isoformat()}: {money(now, s.catalog)}",
                Edit(amount.span, money(now, s.catalog))))
    findings.extend(_free(s))
    return findings


#: "算下来一天两块一毛多": a price per day of use, worked out over the days one pack lasts
_PER_DAY_BEFORE = re.compile(r"(?:每|一|1)\s*(?:天|days|日)(?:下来)?(?:合|才|只要|就)?\s*$")
#: a fact giving how many days a pack lasts ("一瓶可吃60天", "supply: 30 days")
_DAYS = re.compile(r"(?<![\d.])(\d{1,3})\s*(?:天|days?)(?![a-z])", re.I)
#: "拍5瓶", "两盒": a Chinese order of several goods
_CN_ORDER = re.compile(rf"(?<![\d.,])([2-9]|1\d)\s*[{CN_STOCK_MEASURE}]")


def _supply_days(product: Product) -> set[int]:
    return {int(m.group(1)) for value in product.facts.values() for m in _DAYS.finditer(normalise_numbers(str(value)).text)}


def _order_counts(text: str) -> set[int]:
    return {int(m.group(1)) for m in _CN_ORDER.finditer(text)}


#: the facts that give what a pack holds ("net_weight: 500 g", "volume: 400 ml", "20 oz (567 g)")
_CONTENT_KEYS = re.compile(r"net_weight|net_volume|volume|contents|net_content", re.I)
_GRAMS_OR_ML = re.compile(r"(\d+(?:[.,]\d+)?)\s*(?:g|ml|克|毫升)(?![a-z])", re.I)


def _contents(product: Product) -> list[float]:
    """Grams or millilitres in one pack, from the content facts: what a price per 100 g is worked out over."""
    return [float(m.group(1).replace(",", ".")) for key, value in product.facts.items() if _CONTENT_KEYS.fullmatch(key)
            for m in _GRAMS_OR_ML.finditer(str(value))]


@lru_cache(maxsize=16)
def _policy_amounts(policies: tuple[str, ...]) -> frozenset[float]:
    """Every amount the store's policies state (fees, thresholds): read once per catalog, not per sentence."""
    return frozenset(round(a.value, 2) for text in policies for a in find_amounts(text))


def _said_moments(s: Sentence, product: Product) -> list[dt.datetime]:
    """The moments to come the sentence names ("ab morgen 8 Uhr", "on the 25th, 10 AM to 10 PM",
    "今晚八点开始"), each time sampled where it begins and where the product's promotion starts or
    ends within it: what a price or a saving said with that time is judged at."""
    key = f"said_moments:{product.sku}"
    if key not in s.memo:
        promo = product.promotion
        moments = []
        for earliest, latest in said_times(s, promo.starts if promo else None):
            moments += [earliest] + ([m for m in (promo.starts, promo.ends) if earliest <= m <= latest] if promo else [])
        s.memo[key] = moments
    return s.memo[key]  # type: ignore[return-value]


def _prices_at_said_times(s: Sentence) -> list[float]:
    """The prices of the sentence's products at the times to come it names: a coming promotion's
    price said with its start is true then."""
    return [effective_price(product, m) for product in s.products for m in _said_moments(s, product)]


def _true_prices(s: Sentence, products: list[Product]) -> list[float]:
    truths = []
    for product in products:
        truths.append(effective_price(product, s.at))
        if _BASE_CONTEXT.search(s.text):
            truths.append(base_price(product, s.at))
        state = promotion_state(product, s.at)
        if state.status == "upcoming" and state.promotion and _FUTURE_CONTEXT.search(s.text):
            truths.append(state.promotion.price)
        if state.status == "ended" and state.promotion and _PAST_CONTEXT.search(s.text):
            truths.append(state.promotion.price)
    return truths


#: services a store may give for free, in the words a host uses, and the policy word that covers each
_SERVICES = {"shipping": "shipping|deliver|versand|liefer|livraison|frais de port|env[ií]o|entrega|包邮|运费", "return": "return|rückgabe|retour|退",
             "repair": "warranty|garantie|gewährleistung|保修|维修",
             # "马桶盖城区免费上门安装": installing it is a service the policy offers, not the product given free
             "installation": "install|安装",
             "gift wrap": "gift wrap"}
_SERVICE_WORDS = (r"shipping|delivery|returns?|exchanges?|repairs?|replacements?|warranty|gift wrap(?:ping)?"
                  r"|versand|lieferung|livraison|retours?|env[ií]os?|entrega|devoluci[oó]n|维修|保修|包邮|配送|送货|退换|退货|运费"
                  r"|installation|上门安装|安装")
_SERVICE_BEFORE = re.compile(rf"(?:\b|^)(?P<w>{_SERVICE_WORDS})\b\W+(?:\w+\W+){{0,2}}$", re.I)
_SERVICE_AFTER = re.compile(rf"^\W*(?:(?:standard|of|on)\W+)?(?P<w>{_SERVICE_WORDS})", re.I)
#: "on every order", "no minimum": a free service claimed without the condition its policy sets
_UNCONDITIONAL = re.compile(r"\b(?:every|any|all|each) orders?\b|\bno minimum\b|\bno matter (?:what|how much)\b|\bregardless\b"
                            r"|\bwhatever you spend\b|\bjede[rn]? bestellung|\bohne mindest\w*|\btoute(?:s les)? commandes?\b"
                            r"|\bsans minimum\b|不限金额|无门槛|任何订单|所有订单", re.I)


def _service(word: str) -> str:
    return next((name for name, rx in _SERVICES.items() if re.search(rx, word, re.I)), "shipping")


def _free(s: Sentence) -> list[Finding]:
    """ "Free" for the product is a price; "free shipping" or "免费维修" is a store policy and must
    be one, with its conditions: "free shipping on every order" where the policy sets a minimum is false."""
    product = s.products[0]
    now = money(effective_price(product, s.at), s.catalog)
    policies = " ".join(s.catalog.policies.values())
    findings = []
    services = [(m.span(), _service(m.group(0)), m.group(0)) for m in _FREE_SHIPPING_RE.finditer(s.text)]
    for m in _FREE_RE.finditer(s.text):
        service = _SERVICE_BEFORE.search(s.text[max(0, m.start() - 40):m.start()]) or _SERVICE_AFTER.match(s.text[m.end():])
        if service:
            services.append((m.span(), _service(service["w"]), service["w"]))
            continue
        if s.quotes_policy(m.span()):  # "freight is free within Alaska": the policy's own words, of its service
            continue
        fix = Edit(m.span(), f"for {now}") if m.group(0).lower().startswith("for") else None
        findings.append(Finding(m.span(), f"says {m.group(0)!r}; the product costs {now}",
                                f"{product.sku} price at {s.at.isoformat()}: {now}", fix))
    for span, kind, word in dict.fromkeys(services):
        covering = [text for text in s.catalog.policies.values() if re.search(_SERVICES[kind], text, re.I)]
        if kind in ("shipping", "return", "installation") and not any(re.search(r"\bfree\b|frei|gratuit|gratis|offert|免费|包邮", text, re.I)
                                                      for text in covering):
            covering = []
        if not covering:
            findings.append(Finding(span, f"offers free {kind}; the store policies do not", f"policies: {policies or 'none'}"))
            continue
        thresholds = [a for text in covering for a in find_amounts(text) if a.role == "threshold"]
        if thresholds and _UNCONDITIONAL.search(s.text):
            findings.append(Finding(span, f"offers free {kind} without the condition the policy sets", f"policy: {' '.join(covering)}"))
        elif thresholds and re.search(_SERVICES["shipping"], word, re.I) and _below_threshold(s, min(t.value for t in thresholds)):
            findings.append(Finding(span, f"offers free {kind} on the product alone; the policy needs an order of "
                                    f"{money(min(t.value for t in thresholds), s.catalog)} and it costs {now}", f"policy: {' '.join(covering)}"))
    return findings


#: a count of more than one said ("add two", "3 boxes", "两箱"): the order may reach the threshold
_SEVERAL = re.compile(rf"(?<![\d.,])(?:[2-9]|1\d)(?![\d.,%])\s*(?:[{CN_STOCK_MEASURE}]|\w+s\b)|[两二三四五六七八九十][{CN_STOCK_MEASURE}]", re.I)


def _below_threshold(s: Sentence, threshold: float) -> bool:
    """ "Shipping's free on the fish oil" of a 29.99 bottle where free shipping starts at 75: free
    shipping claimed for the product alone, which costs less than the policy's minimum order. A
    sentence that states the threshold, or an order of several, claims no more than the policy."""
    if any(a.role == "threshold" for a in s.amounts()) or _SEVERAL.search(s.text) \
            or re.search(rf"(?<![\d.,]){threshold:g}(?![\d])", s.text):
        return False  # "under the 50-dollar free shipping line": the threshold, said
    return all(effective_price(product, s.at) < threshold for product in s.products)


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
    for amount in s.amounts():
        if amount.role == "reference":
            now = effective_price(product, s.at)
            said = readings(amount, s.norm)  # "normally one twenty-nine" for $69.99 buds: $129, not $1.29
            said = [v for v in said if v > now] or list(said)
            checked = [reference_check(product, s.at, s.jurisdiction, v, rule) for v in said]
            res = next((r for r in checked if r.lawful), checked[0])
            if not res.lawful and any(reference_check(product, m, s.jurisdiction, v, rule).lawful
                                      for m in _said_moments(s, product) for v in said):
                continue  # "今晚八点开始，原价299，到手239": the reference of the reduction at the time said
            if not res.lawful:
                fix = Edit(amount.span, money(res.lawful_reference, s.catalog)) \
                    if res.lawful_reference and res.lawful_reference > res.current + 0.005 else None
                findings.append(Finding(amount.span, f"reference price {money(amount.value, s.catalog)} is not lawful here",
                                        res.reason, fix))
        elif amount.role == "saving":
            res = saving_check(product, s.at, s.jurisdiction, amount=amount.value, rule=rule)
            if not res.lawful and any(saving_check(product, m, s.jurisdiction, amount=amount.value, rule=rule).lawful
                                      for m in _said_moments(s, product)):
                continue  # "今晚八点三八女王节开始，到手239，立省60": the saving when the promotion runs
            if not res.lawful:
                fix = Edit(amount.span, money(res.max_saving, s.catalog)) if res.max_saving >= 0.01 else None
                findings.append(Finding(amount.span, f"claims a saving of {money(amount.value, s.catalog)}", res.reason, fix))
    for percent, span in find_percents(s.text):
        res = saving_check(product, s.at, s.jurisdiction, percent=percent, rule=rule, tolerance_points=p.percent_tolerance)
        if not res.lawful and any(saving_check(product, m, s.jurisdiction, percent=percent, rule=rule,
                                               tolerance_points=p.percent_tolerance).lawful for m in _said_moments(s, product)):
            continue
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
    state = promotion_state(product, s.at)
    labels = [m.span() for m in re.finditer(re.escape(state.promotion.label), s.text, re.I)] if state.promotion else []
    coming = state.status == "upcoming" and _FUTURE_CONTEXT.search(s.text)
    for m in _SALE_RE.finditer(s.text):
        if any(a <= m.start() < b for a, b in labels) or coming:
            continue  # "the Midday Flash Sale starts at noon": the promotion's name, said as coming
        if reduction_start(product, s.at) is None:
            findings.append(Finding(m.span(), f"says {m.group(0)!r} but no reduction is in force",
                                    f"{product.sku}: price {money(effective_price(product, s.at), s.catalog)} at "
                                    f"{s.at.isoformat()}, no promotion and no recent price drop"))
    return findings
