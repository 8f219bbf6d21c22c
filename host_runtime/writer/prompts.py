"""Prompts sized for a 135M-parameter model: one short sentence per call, a two-example
few-shot, and slot names in braces where facts go. The model only supplies the phrasing;
the facts are filled in afterwards from the catalog.
"""

from __future__ import annotations

import re

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage

from ..models import Persona
from .beats import Beat
from .facts import SLOT_RE, FactSheet

#: plain examples: the writer keeps only drafts whose words come from the request (grounding.py),
#: so the examples add nothing the request does not say
_FEW_SHOT: list[BaseMessage] = [
    HumanMessage("Product: Trail Mug. Say: that it holds {fact:capacity} and weighs {fact:weight}. "
                 "Use {fact:capacity} and {fact:weight}."),
    AIMessage("The Trail Mug holds {fact:capacity} and weighs just {fact:weight}."),
    HumanMessage("Product: Sun Hat. Say: the price right now is {price}. Use {price}."),
    AIMessage("Right now you can get the Sun Hat for {price}."),
]


def system_prompt(persona: Persona | None) -> str:
    name = persona.display_name if persona else "the host"
    tone = persona.style.tone if persona else "warm, upbeat, honest"
    notes = " ".join(persona.style.notes) if persona else ""
    return (f"You are {name}, an AI host on a live shopping stream. Tone: {tone}. {notes} "
            "Write one short spoken sentence that says only what you are asked, in plain words: no praise, "
            "no opinions, nothing more. Never write digits or prices yourself: copy slot names "
            "like {price} exactly. Never say you tried or used a product.").strip()


def messages(persona: Persona | None, sheet: FactSheet, beat: Beat) -> list[BaseMessage]:
    brief = beat.brief.replace("{name}", sheet.product.name)
    slots = [s for s in beat.slots if s != "name" and "{" + s + "}" in beat.brief]
    use = f" Use {' and '.join('{' + s + '}' for s in slots)}." if slots else ""
    # the label of a promotion is safe text; spelling it out helps the small model
    if "promo_label" in sheet.slots:
        brief = brief.replace("{promo_label}", sheet.slots["promo_label"].text)
    ask = f"Product: {sheet.product.name}. Say: {brief}.{use}"
    return [SystemMessage(system_prompt(persona)), *_FEW_SHOT, HumanMessage(ask)]


#: words of the instructions themselves; a draft that repeats them is not a sentence to say
ECHO = re.compile(r"\b(numbers?|digits?|slots?|sentences?|product:|say:|enthusiasm|rephras\w*|approved|audience|"
                  r"invite viewers|introduce|friendly way|(?:not )?a fact)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_PREAMBLE = re.compile(r"^(sure|okay|ok|here(?:'s| is)[^:]*:|certainly)[,!.:]?\s*", re.IGNORECASE)


def first_sentence(draft: str) -> str:
    """The model's first sentence, without quotes, preambles or a trailing fragment."""
    text = draft.strip().split("\n")[0].strip().strip('"“”')
    text = _PREAMBLE.sub("", text)
    return _SENTENCE_END.split(text, maxsplit=1)[0].strip()


def slots_in(text: str) -> list[str]:
    return SLOT_RE.findall(text)
