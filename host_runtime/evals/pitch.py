"""How a rehearsal sounds to a merchant, as numbers: how much of it is the data sheet read
aloud, whether every product gets its hook, offer and call to action each time round, how
varied the words are, and whether anything repeats within ten minutes.

Why here: the same figures gate the tests and print in bench/pitch.py, so a change that makes
the host sound like a form again shows up in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..director.memory import REPEAT_WINDOW_S, bigrams, normalise
from ..models.book import SLOT_RE

#: one fact read out alone: "Its capacity is 8 oz.", "The AeroPress has a weight of 327 g.",
#: "Good to know: it's BPA-free.", "Dehydrate function? No, this one doesn't have that."
SPEC_RECITAL = [
    re.compile(r"^(?:for the record, )?(?:its|the) [\w\s-]+ (?:is|are) [^,;]+[.!]$", re.I),
    re.compile(r"^[\w\s,'-]+ has an? [\w\s-]+ of [^,;]+[.!]$", re.I),
    re.compile(r"^good to know: it'?s [\w\s-]+[.!]$", re.I),
    re.compile(r"^[\w\s-]+\? (?:yes|no)\b", re.I),
    re.compile(r"^(?:one more feature|just so you know): ", re.I),
    re.compile(r"^it (?:has|is|holds|weighs) [^,]+[.!]$", re.I),
]
#: model drafts that are no sentence: a claim pasted after "has a", keys, doubled words or
#: phrases, a slot left unfilled, a fragment ending on an article or a colon, stacked
#: punctuation; and sentences with a value bound to the wrong words (a brew time after "comes
#: with", box contents as a capacity, a yes/no feature as a material, one price said twice, a
#: deadline after "for"), the instructions echoed, pressure words. Written from what SmolLM2
#: drafted for the demo catalog (prep, 2026-12-01), apart from the writer's own checks.
BROKEN_DRAFT = [
    re.compile(r"\b(?:has|have|is|with) an? [A-Z][a-z]+ (?:a|an|the|in|up)\b"),
    re.compile(r"\b(\w+) \1\b", re.I),
    re.compile(r"((?:\b\w+\W+){3}\b\w+\b).*\b\1\b", re.I),
    re.compile(r"\b[a-z]+_[a-z_]+\b"),
    re.compile(r"[{}\[\]]"),
    re.compile(r"\b(?:a|an|the|and|of|to|for|with|up)[.!?]$", re.I),
    re.compile(r"[:;,][.!?]?$"),
    re.compile(r"[.!?]{2,}|…"),
    re.compile(r"^[a-z]"),
    re.compile(r"\bcomes with \d+(?:\.\d+)? (?:minutes?|hours?|seconds?|g|lb|oz|ml|l|w)\b", re.I),
    re.compile(r"\b(?:capacity|weight|volume) of (?!(?:about |up to )?[\d$€£¥])", re.I),
    re.compile(r"\bmade (?:of|from|with) (?:[\w-]+-free|\d)", re.I),
    re.compile(r"([$€£¥]\d+(?:[.,]\d+)?)\b.*\1"),
    re.compile(r"\b(?:lasts|runs|is) for (?:tonight|tomorrow|early|\w+day)\b|\bends until\b", re.I),
    re.compile(r"\bhas an? price\b.*\bis\b|\bavailable for (?![$€£¥]|9\b)", re.I),  # 9: a live slot
    re.compile(r"\b(?:approved|audience of|rephras\w*|friendly way|not a fact)\b|\bmust[- ](?:buy|have)\b", re.I),
    re.compile(r"\ba [aeio]\w", re.I),
    re.compile(r"\buntil\b.*\buntil\b", re.I),
]
#: what each product must get every time round
MUST_SAY = ("hook", "offer", "cta")


def is_spec_recital(row: dict[str, Any]) -> bool:
    """A sentence that reads out one catalog fact alone, in a data-sheet form."""
    facts = [s for s in row.get("sources", []) if ".facts." in s or s.endswith(".certifications")]
    others = [s for s in row.get("sources", []) if s not in facts and not s.endswith((".name", ".aliases[0]"))]
    return len(facts) == 1 and not others and any(p.search(row["text"].strip()) for p in SPEC_RECITAL)


def broken_draft(text: str) -> str | None:
    """The first broken-draft pattern ``text`` matches, or None. A script book's live slots
    ({price}) count as the values they will be."""
    text = SLOT_RE.sub("9", text.strip())
    return next((p.pattern for p in BROKEN_DRAFT if p.search(text)), None)


@dataclass
class PitchReport:
    sentences: int = 0
    spec_recitals: list[str] = field(default_factory=list)
    distinct_bigram_ratio: float = 0.0
    repeats: list[str] = field(default_factory=list)  # sentences said twice within ten minutes
    rounds: int = 0  # complete passes over the products
    missing: list[str] = field(default_factory=list)  # "SKU round N: no cta"
    llm_share: float = 0.0
    book_share: float = 0.0

    @property
    def spec_recital_share(self) -> float:
        return len(self.spec_recitals) / max(1, self.sentences)

    def lines(self) -> list[str]:
        return [
            f"sentences spoken: {self.sentences}",
            f"spec-recital sentences: {len(self.spec_recitals)} ({self.spec_recital_share:.1%})",
            f"distinct-bigram ratio: {self.distinct_bigram_ratio:.2f}",
            f"repeated within 10 minutes: {len(self.repeats)}",
            f"product rounds: {self.rounds}; missing hook/offer/cta: {len(self.missing)}"
            + (f" ({', '.join(self.missing[:5])})" if self.missing else ""),
            f"model-written share: {self.llm_share:.1%}; script-book share: {self.book_share:.1%}",
        ]


def pitch_report(rows: Iterable[dict[str, Any]]) -> PitchReport:
    """Figures over a rehearsal's rows ({t, kind, sku, text, source, beat})."""
    rows = [r for r in rows if r.get("text")]
    report = PitchReport(sentences=len(rows))
    report.spec_recitals = [r["text"] for r in rows if r["kind"] in ("pitch", "qa") and is_spec_recital(r)]
    grams = [g for r in rows for g in bigrams(r["text"])]
    report.distinct_bigram_ratio = len(set(grams)) / max(1, len(grams))
    last: dict[str, float] = {}
    for r in rows:
        key = normalise(r["text"])
        if key in last and r["t"] - last[key] < REPEAT_WINDOW_S:
            report.repeats.append(r["text"])
        last[key] = r["t"]
    report.llm_share = sum(r.get("source") == "llm" for r in rows) / max(1, len(rows))
    report.book_share = sum(r.get("source") == "book" for r in rows) / max(1, len(rows))
    # a round of a product: from its pitch segment up to the next product's pitch
    said: list[tuple[str, set[str]]] = []
    current: str | None = None
    for r in rows:
        if r["kind"] == "pitch" and r["sku"] != current:
            current = r["sku"]
            said.append((current, set()))
        if said and r["sku"] == current and r["kind"] in ("pitch", "qa"):
            said[-1][1].add(r.get("beat") or "")
    complete = said[:-1]  # the last may have been cut off by the end of the rehearsal
    skus = {sku for sku, _ in complete}
    report.rounds = len(complete) // max(1, len(skus))
    for n, (sku, beats) in enumerate(complete):
        report.missing += [f"{sku} #{n}: no {b}" for b in MUST_SAY if b not in beats]
    return report
