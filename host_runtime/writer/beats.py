"""Beats: the units of a pitch. Each beat is one thing worth saying (the price, one spec, one
approved claim), with the verified facts it may use, the brief the model gets, and reviewed
fallback templates, so a compliant sentence is always at hand.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .facts import Fact, FactSheet, fact_label, is_adjective

TEMPLATES_FILE = Path(__file__).with_name("templates.yaml")


@functools.cache
def templates() -> dict[str, tuple[str, ...]]:
    with TEMPLATES_FILE.open(encoding="utf-8") as f:
        data = yaml.safe_load(f)
    return {kind: tuple(lines) for kind, lines in data.items()}


@dataclass(frozen=True)
class Beat:
    kind: str
    templates: tuple[str, ...]  # with slots; also {label}/{value} for facts, pre-substituted
    brief: str = ""  # what the model is asked to say; empty: templates only
    slots: tuple[str, ...] = ()  # slots the model may use
    source: str = "template"  # "claim" for approved copy spoken verbatim
    facts: tuple[Fact, ...] = field(default=())  # facts behind a verbatim claim


def _fact_beat(sheet: FactSheet, name: str, value: object) -> Beat:
    slot = f"fact:{name}"
    label = fact_label(name)
    if isinstance(value, bool):
        adjective = is_adjective(name)
        kind = f"fact_{'yes' if value else 'no'}_{'adjective' if adjective else 'feature'}"
        lines = tuple(t.replace("{label}", label).replace("{Label}", label[:1].upper() + label[1:])
                      for t in templates()[kind])
        brief = f"it is {'' if value else 'not '}{label}" if adjective else f"it {'has' if value else 'has no'} {label}"
        return Beat("fact", lines, brief, facts=(sheet.slots[slot],))
    # "It has 6 presets" reads well; "It has 650 fill power" does not
    kind = "fact_count" if isinstance(value, int) and label.endswith("s") else "fact_value"
    lines = tuple(t.replace("{label}", label).replace("{value}", "{" + slot + "}") for t in templates()[kind])
    return Beat("fact", lines, f"the {label} is {{{slot}}}", (slot,))


def pitch_beats(sheet: FactSheet) -> list[Beat]:
    """A pitch in a sensible order: what it is, why it is good, what it costs, the details."""
    t = templates()
    p = sheet.product
    beats = [Beat("intro", t["intro"], "introduce the {name}, without numbers", ("name",))]
    for i, claim in enumerate(p.claims):
        beats.append(Beat("claim", (claim,), f"rephrase this approved fact: {claim}", ("name",), "claim",
                          (Fact("claim", claim, f"{p.sku}.claims[{i}]", "approved claim"),)))
    if sheet.has("ends"):
        beats.append(Beat("promo", t["promo"], "the {promo_label} price is {price} until {ends}",
                          ("name", "price", "promo_label", "ends")))
    else:
        beats.append(Beat("price", t["price"], "the price right now is {price}", ("name", "price")))
    if sheet.has("reference_price"):
        beats.append(Beat("reference", t["reference"]))
    if sheet.has("starts"):
        beats.append(Beat("upcoming", t["upcoming"]))
    for name, value in p.facts.items():
        beats.append(_fact_beat(sheet, name, value))
    stock = {"in_stock": "stock_in", "low": "stock_low", "out_of_stock": "stock_out"}.get(sheet.stock_status)
    if stock:
        beats.insert(min(len(beats), 4), Beat("stock", t[stock], facts=(sheet.slots["stock_status"],)))
    if sheet.has("certifications"):
        beats.append(Beat("certifications", t["certifications"]))
    for name in ("returns", "shipping", "warranty"):
        key = f"policy:{name}"
        if sheet.has(key) and (name != "warranty" or p.category == "electronics"):
            beats.append(Beat("policy", t[key]))
    beats.append(Beat("cta", t["cta"], "invite viewers to look at the {name} on the product page", ("name",)))
    return beats


def kind_beat(kind: str) -> Beat:
    """A beat of fixed copy (opening, recap, Q&A prompts...)."""
    return Beat(kind, templates()[kind])
