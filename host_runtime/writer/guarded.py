"""Guarded generation: draft with the model, fill the slots from the catalog, keep the draft
only if its content is grounded (grounding.py) and the guardrails allow it; otherwise try
again (bounded), then fall back to reviewed templates and the product's approved claims. A
compliant sentence is always ready: the host is never silent because the model failed.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Literal

from ..director.memory import HeardPairs
from ..models import Persona
from . import prompts
from .beats import Beat
from .breaker import ModelBreaker
from .facts import Fact, FactSheet
from .grammar import fact_leads
from .grounding import Grounding, misplaced_slot, not_a_sentence, proper_words
from .llm import LLMSettings, chat_model, count_tokens

if TYPE_CHECKING:
    from ..guardrails import Guard

log = logging.getLogger(__name__)

Source = Literal["llm", "template", "claim", "book", "disclosure", "operator"]
MAX_TRIES = 2
#: slots whose values are names, capitalised wherever they stand
NAME_SLOTS = ("name", "promo_label", "store", "certifications")
_MONEY_OR_NUMBER = re.compile(r"[$€£¥]|\d+(?:[.,]\d+)?")
_WORDS = re.compile(r"[A-Za-z']+")


@dataclass
class Sentence:
    text: str
    source: Source
    tries: int = 0  # model drafts made for this sentence
    verdict: str = "allow"  # the guard's verdict on what was drafted: a rewrite is spoken as the rewrite
    violations: list[dict[str, Any]] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "source": self.source, "tries": self.tries, "verdict": self.verdict,
                "violations": self.violations, "facts": [{"slot": f.slot, "value": f.text, "source": f.source}
                                                          for f in self.facts]}


@dataclass
class WriterStats:
    """What the benchmark and the report need: how often the model's drafts survived."""

    llm_calls: int = 0
    llm_seconds: float = 0.0
    llm_tokens: int = 0
    sentences: int = 0
    rewrites: int = 0
    regenerations: int = 0
    fallbacks: int = 0
    ungrounded: int = 0  # drafts dropped for content no source gives
    not_sentences: int = 0  # drafts dropped as no sentence (a pasted claim, a fragment, keys, doubled words)


def _lead(frame: str) -> str:
    """The words a line opens with, slots and names aside: what a listener hears repeat."""
    return " ".join(re.findall(r"[a-z']+", re.sub(r"\{[^}]*\}", " ", frame.lower()))[:LEAD_WORDS])


def _violations(verdict: Any) -> list[dict[str, Any]]:
    return list(verdict.to_json().get("violations", []))


#: how many opening words make a line's lead
LEAD_WORDS = 3


class GuardedWriter:
    """Turns beats into spoken sentences that passed the guard, for one show."""

    def __init__(self, persona: Persona | None, guard: "Guard", llm: LLMSettings | None,
                 tries: int = MAX_TRIES, rng: random.Random | None = None):
        self.persona, self.guard, self.llm, self.tries = persona, guard, llm, tries
        self.rng = rng or random.Random(0)
        self.stats = WriterStats()
        self.frames_used: Counter[str] = Counter()  # templates said, by frame: the least used goes first
        #: and by their first words, across beats and products: "To sum up the specs, ..." once, not in
        #: every proof, though every product's book line is a frame of its own
        self.leads_used: Counter[str] = Counter()
        #: and, among those, the one whose word pairs were heard least of late
        self.heard = HeardPairs()
        #: told of every sentence the guard stopped: (text, verdict, violations), for a console and the report
        self.on_blocked: Callable[[str, str, list[dict[str, Any]]], None] | None = None
        #: a live show puts the model behind a breaker (breaker.py): a failing or hanging backend
        #: then costs a draft's budget, not the show's voice; offline tools wait for the model
        self.breaker: ModelBreaker | None = None

    # -- the model --------------------------------------------------------------------------
    def draft(self, sheet: FactSheet, beat: Beat) -> str:
        assert self.llm is not None
        model = chat_model(self.llm)
        start = time.perf_counter()
        reply = model.invoke(prompts.messages(self.persona, sheet, beat))
        content = reply.content if isinstance(reply.content, str) else str(reply.content)
        self.stats.llm_calls += 1
        self.stats.llm_seconds += time.perf_counter() - start
        self.stats.llm_tokens += count_tokens(self.llm, reply)
        return content

    def clean(self, sheet: FactSheet, beat: Beat, draft: str,
              keep: tuple[str, ...] = ()) -> tuple[str, list[Fact]] | None:
        """The draft as a filled sentence, or None when it cannot be spoken as is: numbers
        the model typed itself, slots this beat does not have, or not a sentence at all.
        Slots in ``keep`` stay slots in the result (checked filled, kept for a script book)."""
        text = prompts.first_sentence(draft)
        if prompts.ECHO.search(text):  # the model repeating its instructions, not a sentence to say
            return None
        allowed = set(beat.slots) | {s for s in prompts.slots_in(beat.brief)}
        said = prompts.slots_in(text)
        if any(slot not in allowed for slot in said):
            return None
        misplaced = misplaced_slot(text, {f"fact:{n}": fact_leads(n, v) for n, v in sheet.product.facts.items()})
        if misplaced:
            self.stats.not_sentences += 1
            log.info("draft %r: %s", text, misplaced)
            return None
        facts = [slot for slot in beat.slots if slot != "name"]
        if facts and not set(facts) & set(said):  # "The capacity is great." says nothing the beat is for
            return None
        if re.search(r"[$€£¥]\{", text):  # "${price}": the slot brings its own currency
            return None
        bare = re.sub(r"\{[^}]*\}", " ", text)
        if re.search(r"[{}\[\]<>]", bare):  # a broken slot or a placeholder of the model's own ("[ends]")
            return None
        permitted = sheet.allowed_numbers(beat.brief) if beat.source == "claim" else set()
        if any(tok not in permitted and tok not in "$€£¥" for tok in _MONEY_OR_NUMBER.findall(bare)):
            return None
        if not 4 <= len(_WORDS.findall(bare)) + len(said) <= 28 or text[-1:] not in ".!?":
            return None
        filled = sheet.fill(text.replace("{name}", sheet.product.name))
        if filled is None:
            return None
        spoken, used = filled
        spoken = _dedupe_units(spoken, used)
        extra = self.grounding(sheet, beat, used).ungrounded(spoken)
        if extra:
            self.stats.ungrounded += 1
            log.info("ungrounded draft %r: %s", spoken, extra)
            return None
        broken = not_a_sentence(spoken, self.proper_words(sheet, beat, used))
        if broken:
            self.stats.not_sentences += 1
            log.info("draft is no sentence %r: %s", spoken, broken)
            return None
        if keep:
            kept = sheet.fill(text.replace("{name}", sheet.product.name), keep)
            return (_dedupe_units(kept[0], used), used) if kept else None
        return spoken, used

    def proper_words(self, sheet: FactSheet, beat: Beat, used: list[Fact]) -> set[str]:
        """Capitalised words a draft for ``beat`` may use mid-sentence (grounding.proper_words)."""
        p = sheet.product
        names = [p.name, *p.aliases, p.brand or "", *(sheet.slots[s].text for s in NAME_SLOTS if s in sheet.slots)]
        if self.persona is not None:
            names.append(self.persona.display_name)
        return proper_words(names, [beat.brief, *(f.text for f in [*used, *beat.facts])])

    def grounding(self, sheet: FactSheet, beat: Beat, used: list[Fact]) -> Grounding:
        """What a draft for ``beat`` may draw on: the brief, the facts and approved claims it
        uses, the product's own names and category, the persona's catchphrases and tone."""
        p = sheet.product
        brief = beat.brief.replace("{name}", p.name)
        if "promo_label" in sheet.slots:
            brief = brief.replace("{promo_label}", sheet.slots["promo_label"].text)
        facts = [*used, *beat.facts]
        sources = [brief, *(f.text for f in facts), *(f.label for f in facts), p.name, *p.aliases, p.brand or "",
                   p.category.replace("_", " ")]
        if self.persona is not None:
            sources += [*self.persona.catchphrases, self.persona.style.tone, self.persona.display_name]
        return Grounding(sources)

    # -- the guard --------------------------------------------------------------------------
    def vet(self, text: str, at: dt.datetime, sku: str | None,
            fresh: Callable[[str], bool]) -> tuple[str, str, list[dict[str, Any]]] | None:
        """(text to speak, verdict, violations) if the sentence may be spoken; None if blocked,
        or if the rewrite would itself not pass, or if it was said too recently."""
        verdict = self.guard.check(text, at=at, sku=sku)
        if verdict.verdict == "allow":
            return (text, "allow", []) if fresh(text) else None
        if verdict.verdict == "rewrite" and verdict.rewrite:
            again = self.guard.check(verdict.rewrite, at=at, sku=sku)
            if again.verdict == "allow" and fresh(verdict.rewrite):
                return verdict.rewrite, "rewrite", _violations(verdict)
        log.info("guard %s: %r %s", verdict.verdict, text, [v["category"] for v in _violations(verdict)])
        if self.on_blocked is not None and verdict.verdict != "allow":
            self.on_blocked(text, verdict.verdict, _violations(verdict))
        return None

    def say(self, sheet: FactSheet, beat: Beat, at: dt.datetime, *, use_llm: bool,
            fresh: Callable[[str], bool] = lambda _: True) -> Sentence | None:
        """One compliant sentence for ``beat``; None only if every template was blocked or
        repeated. The least used frame goes first (ties in a random order), so a long show
        rotates through all of them instead of drawing the same ones again."""
        sku = sheet.product.sku
        tries = 0
        if use_llm and self.llm is not None and beat.brief:
            for _ in range(self.tries):
                tries += 1
                if self.breaker is None:
                    draft: str | None = self.draft(sheet, beat)
                else:
                    draft = self.breaker.call(lambda: self.draft(sheet, beat))
                if draft is None:
                    break  # the model failed or is backing off: reviewed copy now
                cleaned = self.clean(sheet, beat, draft)
                if self.breaker is not None:
                    self.breaker.judged(cleaned is not None)
                if cleaned is None:
                    continue
                vetted = self.vet(cleaned[0], at, sku, fresh)
                if vetted:
                    facts = cleaned[1] + [f for f in beat.facts if f not in cleaned[1]]  # what it was grounded on
                    return self._record(Sentence(vetted[0], "llm", tries, vetted[1], vetted[2], facts))
        lines = [(line, frame, filled) for line, frame in zip(beat.templates, beat.frames or beat.templates)
                 if (filled := sheet.fill(line)) is not None]
        self.rng.shuffle(lines)
        lines.sort(key=lambda lf: (self.frames_used[lf[1]], self.leads_used[_lead(lf[1])], self.heard.heard(lf[2][0])))
        for line, frame, filled in lines:
            vetted = self.vet(filled[0], at, sku, fresh)
            if vetted:
                self.frames_used[frame] += 1
                self.leads_used[_lead(frame)] += 1
                stated = [sheet.slots[s] for s in beat.line_facts.get(line, ()) if s in sheet.slots]
                facts = filled[1] + [f for f in stated if f not in filled[1]] + list(beat.facts)
                return self._record(Sentence(vetted[0], beat.source if beat.source in ("claim", "book") else "template",
                                             tries, vetted[1], vetted[2], facts))
        return None

    def fixed(self, text: str, source: Source, at: dt.datetime, sku: str | None = None,
              facts: list[Fact] | None = None, fresh: Callable[[str], bool] = lambda _: True) -> Sentence | None:
        """Copy that needs no model (disclosures, answers): still checked before it is spoken."""
        vetted = self.vet(text, at, sku, fresh)
        return self._record(Sentence(vetted[0], source, 0, vetted[1], vetted[2], facts or [])) if vetted else None

    def _record(self, s: Sentence) -> Sentence:
        self.heard.add(s.text)
        self.stats.sentences += 1
        self.stats.rewrites += s.verdict == "rewrite"
        self.stats.regenerations += s.tries > 1
        self.stats.fallbacks += s.tries > 0 and s.source != "llm"
        return s


def _dedupe_units(text: str, used: list[Fact]) -> str:
    """"{fact:battery_life} hours" fills to "8 hours hours"; keep one unit."""
    for fact in used:
        unit = fact.text.split()[-1] if " " in fact.text else ""
        if unit and re.search(rf"\b{re.escape(fact.text)}\s+{re.escape(unit)}\b", text):
            text = re.sub(rf"\b{re.escape(fact.text)}\s+{re.escape(unit)}\b", fact.text, text, count=1)
    return text
