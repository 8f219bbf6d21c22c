"""Beats: the units of a pitch. A pitch is built the way a live-commerce host sells: a hook,
who the product is for, its benefits (approved claims first), proof in grouped facts, the
offer (price now, a lawful saving, the promotion window), objections met with the store's
policies, and a call to action. Each beat carries the verified facts it may use, the brief
the model gets, and reviewed templates, so a compliant sentence is always at hand.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..catalog import policy_applies
from ..models import Persona
from .facts import Fact, FactSheet
from .grammar import fact_phrase, join_phrases

TEMPLATES_FILE = Path(__file__).with_name("templates.yaml")
#: facts said together in one proof sentence: "It holds 8 oz, weighs 327 g and is BPA-free."
FACTS_PER_PROOF = 3
#: the objections a pitch meets, in order, each with the store policy that answers it
OBJECTIONS = ("returns", "shipping", "warranty")
#: the beats of a pitch, in the order they are said; a script book keys its lines by these
PITCH_KINDS = ("hook", "audience", "benefit", "proof", "offer", "window", "upcoming", "stock", "objection", "cta")


@functools.cache
def templates(lang: str = "en") -> dict[str, tuple[str, ...]]:
    """The reviewed lines by kind, as written (``kind`` in English, ``kind.zh`` in Chinese...);
    for another ``lang``, each kind's lines in that language where it has them."""
    with TEMPLATES_FILE.open(encoding="utf-8") as f:
        data = {kind: tuple(lines) for kind, lines in yaml.safe_load(f).items()}
    if lang == "en":
        return data
    return {**data, **{kind[:-len(lang) - 1]: lines for kind, lines in data.items() if kind.endswith(f".{lang}")}}


def pitch_language(persona: Persona | None) -> str:
    """The language a persona pitches in: its own where the pitch templates are written in it
    (``hook.zh``...), else English."""
    lang = persona.language.split("-")[0] if persona is not None else "en"
    return lang if f"hook.{lang}" in templates() else "en"


@dataclass(frozen=True)
class Beat:
    kind: str
    templates: tuple[str, ...]  # with slots, filled at the moment of speaking
    brief: str = ""  # what the model is asked to say; empty: templates only
    slots: tuple[str, ...] = ()  # slots the model may use
    source: str = "template"  # "claim": approved copy verbatim; "book": lines a marketer approved
    facts: tuple[Fact, ...] = ()  # facts the beat states that are not slots of its lines
    line_facts: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)  # book: slots each line uses
    #: the reviewed template each line was made from ("So, the specs: it {facts}."), so the
    #: writer rotates through frames across products; empty: the lines are the templates
    frames: tuple[str, ...] = ()


def proof_groups(sheet: FactSheet, round_no: int = 0) -> list[list[str]]:
    """The product's facts in groups of two or three, a different grouping each time round.
    Facts a claim already says ("brew time 1 minute" beside "Brews a cup in about one minute")
    and features it lacks are left out."""
    p = sheet.product
    claims = " ".join(p.claims).lower()
    names = [n for n, v in p.facts.items() if fact_phrase(n, v, lang=sheet.lang) is not None
             and not (isinstance(v, str) and sheet.slots[f"fact:{n}"].text.lower() in claims)]
    if not names:
        return []
    shift = (round_no * 2) % len(names)
    names = names[shift:] + names[:shift]
    groups = [names[i:i + FACTS_PER_PROOF] for i in range(0, len(names), FACTS_PER_PROOF)]
    if len(groups) > 1 and len(groups[-1]) == 1:  # one fact alone reads as the data sheet: pair it
        groups[-1].insert(0, groups[-2].pop())
    return groups


def proof_beat(sheet: FactSheet, names: list[str], round_no: int) -> Beat:
    facts = sheet.product.facts
    t = templates(sheet.lang)
    said = join_phrases([fact_phrase(n, facts[n], round_no, sheet.lang) or "" for n in names], sheet.lang)
    slots = tuple(f"fact:{n}" for n in names if "{fact:" + n + "}" in said)
    numbers = any(not isinstance(facts[n], bool) and re.search(r"\d", str(facts[n])) for n in names)
    frames = t["proof"] + (t["proof_numbers"] if numbers else ())  # "In numbers" needs one
    lines = tuple(t.replace("{facts}", said) for t in frames)
    stated = tuple(sheet.slots[f"fact:{n}"] for n in names if f"fact:{n}" not in slots)  # yes/no features
    return Beat("proof", lines, f"that it {said}", ("name", *slots), facts=stated, frames=frames)


def benefit_beat(sheet: FactSheet, i: int) -> Beat:
    """An approved claim, verbatim or after a short lead-in ("Plus: brews a cup in about one
    minute."), so the second time round it is not heard word for word as the first; the
    claim's own words stay the marketer's."""
    claim = sheet.slots[f"claim:{i}"]
    first, _, rest = claim.text.partition(" ")
    names = {w for n in (sheet.product.name, sheet.product.brand or "", *sheet.product.aliases) for w in n.split()}
    if re.fullmatch(r"[A-Z][a-z'-]*", first) and first not in names:  # "Brews", not "IPX7" or "AeroPress"
        first = first.lower()
    lead = f"{first} {rest}".strip()
    stop = "。" if sheet.lang == "zh" else "."
    frames = ("{claim}" + stop, *templates(sheet.lang)["benefit"])
    lines = ("{claim:" + str(i) + "}" + stop, *(t.replace("{claim}", lead) for t in frames[1:]))
    return Beat("benefit", lines, f"rephrase this approved fact: {sheet.product.claims[i]}", ("name",), "claim", (claim,),
                frames=frames)


def offer_beats(sheet: FactSheet) -> list[Beat]:
    """The price now (with the saving where it is lawful), then the window or the upcoming offer."""
    t = templates(sheet.lang)
    if sheet.has("saving"):
        offer = Beat("offer", t["offer_saving"], "the price right now is {price}, down from {reference_price}",
                     ("price", "reference_price", "saving"))
    elif sheet.has("ends"):
        offer = Beat("offer", t["offer_promo"], "the {promo_label} price is {price}", ("price", "promo_label"))
    else:
        offer = Beat("offer", t["offer_price"], "the price right now is {price}", ("price",))
    out = [offer]
    if sheet.has("ends"):
        out.append(Beat("window", t["window"], "the {promo_label} price lasts until {ends}",
                        ("promo_label", "ends", "time_left")))
    elif sheet.has("starts"):
        out.append(Beat("upcoming", t["upcoming"]))
    if sheet.stock_status in ("low", "out_of_stock"):
        key = "stock_low" if sheet.stock_status == "low" else "stock_out"
        out.append(Beat("stock", t[key], facts=(sheet.slots["stock_status"],)))
    return out


def objection_beats(sheet: FactSheet) -> list[Beat]:
    return [Beat("objection", templates(sheet.lang)[f"objection_{name}"]) for name in OBJECTIONS
            if sheet.has(f"policy:{name}") and policy_applies(sheet.catalog, sheet.product, name)]


def hook_beat(sheet: FactSheet, round_no: int) -> Beat:
    """The product's opening line; from the second time round, lines that say it is back too."""
    t = templates(sheet.lang)
    lines = (t["hook_again"] if round_no else ()) + t["hook"] + t["hook_next"] \
        + (t["hook_promo"] if sheet.has("ends") else ()) + (t["hook_audience"] if sheet.has("audience") else ())
    return Beat("hook", lines, "introduce the {name} in a friendly way", ("name",))


def first_hook(hook: Beat, lang: str = "en") -> Beat:
    """``hook`` without the lines that move on from a product before it ("Shifting gears: the
    ..."), for the first product after the welcome or a recap; a script book's lines are told
    apart by their frame."""
    moving_on = set(templates(lang)["hook_next"])
    kept = [(line, frame) for line, frame in zip(hook.templates, hook.frames or hook.templates) if frame not in moving_on]
    if not kept:
        return hook
    return dataclasses.replace(hook, templates=tuple(line for line, _ in kept), frames=tuple(frame for _, frame in kept))


def pitch_beats(sheet: FactSheet, round_no: int = 0) -> list[Beat]:
    """A pitch in selling order. What must be said every time round (hook, offer, call to
    action) comes early enough to fit the pitch; further proof, claims and objections follow
    and carry over into the Q&A window when time runs out."""
    t = templates(sheet.lang)
    p = sheet.product
    claims = [benefit_beat(sheet, i) for i in range(len(p.claims))]
    if claims:
        shift = round_no % len(claims)
        claims = claims[shift:] + claims[:shift]
    proofs = [proof_beat(sheet, group, round_no) for group in proof_groups(sheet, round_no)]
    objections = objection_beats(sheet)
    if round_no % 2:
        objections = objections[1:] + objections[:1]
    # who it is for: every other time round (the hooks name it too), so hours of show stay varied
    audience = [Beat("audience", t["audience"], "say who the {name} is for: {audience}", ("name", "audience"))] \
        if sheet.has("audience") and round_no % 2 == 0 else []
    cta = Beat("cta", t["cta"], "ask viewers to buy the {name} from the product card for {price}", ("name", "price"))
    beats = [hook_beat(sheet, round_no), *audience, *claims[:1], *proofs[:1], *offer_beats(sheet), *claims[1:2],
             *objections[:1], cta, *proofs[1:], *claims[2:], *objections[1:]]
    if sheet.has("certifications"):
        beats.append(Beat("proof", t["certifications"]))
    return beats


def kind_beat(kind: str, lang: str = "en") -> Beat:
    """A beat of fixed copy (opening, recap, Q&A prompts...)."""
    return Beat(kind, templates(lang)[kind])
