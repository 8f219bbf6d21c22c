"""Answers to viewers, from catalog facts and store policies only.

A question is matched to facts by words (questions.yaml: topics, synonyms of fact-name words);
what matches is stated with a reviewed template; nothing matches -> the host says it does not
know and points to the product page. It never guesses, and no comment is ever an instruction:
comments are only ever matched against facts.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..catalog import find_products, policy_applies
from ..models import Catalog, Persona, Product
from ..writer.beats import templates
from ..writer.facts import Fact, FactSheet
from ..writer.grammar import fact_label, is_adjective
from ..writer.guarded import GuardedWriter, Sentence

if TYPE_CHECKING:
    from ..guardrails import Triage

QUESTIONS_FILE = Path(__file__).with_name("questions.yaml")
DROPPED_INTENTS = ("prompt_injection", "abuse", "spam")


@functools.cache
def vocabulary() -> dict[str, Any]:
    with QUESTIONS_FILE.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for suffix in ("ing", "ed", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix) and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _words(text: str) -> list[str]:
    raw = re.findall(r"[a-z0-9%$']+", text.lower().replace("-", " ").replace("’", "'"))
    return [stem(re.sub(r"'s?$", "", w)) for w in raw if w.strip("'")]


def _spans(words: list[str], phrase: str) -> list[int]:
    """Indices of ``words`` covered by every occurrence of ``phrase``."""
    target = _words(phrase)
    n = len(target)
    return [j for i in range(len(words) - n + 1) if n and words[i:i + n] == target for j in range(i, i + n)]


def _has(words: list[str], phrase: str) -> bool:
    return bool(_spans(words, phrase))


def _name_words(product: Product) -> set[str]:
    names = [product.name, *product.aliases, *([product.brand] if product.brand else [])]
    return {w for n in names for w in _words(n)}


def _without_names(words: list[str], product: Product) -> list[str]:
    """The question without the product's own name: "vitamin C serum" must not match vitamin_c."""
    names = sorted([product.name, *product.aliases, *([product.brand] if product.brand else [])],
                   key=lambda n: -len(_words(n)))
    for name in names:
        target = _words(name)
        n = len(target)
        for i in range(len(words) - n + 1):
            if n and words[i:i + n] == target:
                return words[:i] + ["_"] + words[i + n:]
    return words


@dataclass(frozen=True)
class Match:
    topics: tuple[str, ...]
    facts: tuple[str, ...]  # fact names
    unmatched: tuple[str, ...] = ()  # words of the question no fact or topic accounts for

    @property
    def answerable(self) -> bool:
        """Only when every content word is accounted for: "how long is the power cord?" mentions
        power, but a cord is not in the catalog, so the honest answer is "I don't know"."""
        return bool(self.topics or self.facts) and not self.unmatched


def match_question(question: str, product: Product | None) -> Match:
    vocab = vocabulary()
    words = _without_names(_words(question), product) if product else _words(question)
    stop = {stem(w) for w in vocab["stopwords"]}
    facts: list[tuple[int, str, set[int]]] = []
    for name, value in (product.facts.items() if product else []):
        score, covered = 0, set()
        for w in name.split("_"):
            exact = [i for i, x in enumerate(words) if x == stem(w)]
            synonyms = [i for syn in vocab["synonyms"].get(w, []) for i in _spans(words, syn)]
            covered |= set(exact) | set(synonyms)
            if w in stop:
                continue
            score += 2 if exact else 1 if synonyms else 0
        if isinstance(value, str):
            hits = [i for i, x in enumerate(words) if len(x) > 3 and x not in stop and x in _words(value)]
            score += len(hits)
            covered |= set(hits)
        if score:
            facts.append((score, name, covered))
    best = max((s for s, _, _ in facts), default=0)
    chosen = [(n, c) for s, n, c in facts if s == best][:2]
    covered = set().union(*(c for _, c in chosen)) if chosen else set()
    topics = []
    for topic, cues in vocab["topics"].items():
        hits = [i for c in cues for i in _spans(words, c)]
        if hits:
            topics.append(topic)
            covered |= set(hits)
    if product and product.promotion:  # "is the Singles Day price still on?"
        label = [i for i in _spans(words, product.promotion.label)]
        if label:
            topics, covered = topics if "promotion" in topics else [*topics, "promotion"], covered | set(label)
    for general, specific in (("price", "regular_price"), ("price", "shipping")):
        if general in topics and specific in topics:
            topics.remove(general)
    if not topics and not chosen:
        weak = [i for c in vocab["weak_price"] for i in _spans(words, c)]
        if weak:
            topics, covered = ["price"], covered | set(weak)
    names = _name_words(product) if product else set()
    unmatched = tuple(w for i, w in enumerate(words) if i not in covered and w not in stop and w != "_"
                      and w not in names and not w.isdigit())
    return Match(tuple(topics[:2]), tuple(n for n, _ in chosen), unmatched)


def declined_topic(text: str, persona: Persona | None) -> str | None:
    """The persona's decline topic a comment raises, if any."""
    if persona is None:
        return None
    words = _words(text)
    cues = vocabulary()["decline"]
    for topic in persona.decline_topics:
        signals = cues.get(topic.lower(), [w for w in re.findall(r"[a-z]+", topic.lower()) if len(w) > 3])
        if any(_has(words, s) for s in signals):
            return topic
    return None


@dataclass
class Reply:
    intent: str
    sku: str | None
    sentences: list[Sentence] = field(default_factory=list)
    dropped: str | None = None  # why nothing is said (injection, abuse, spam), for the log

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.sentences)


class Answerer:
    """Replies to one comment at a time, each sentence checked by the guard."""

    def __init__(self, catalog: Catalog, persona: Persona | None, writer: GuardedWriter, jurisdictions: list[str]):
        self.catalog, self.persona, self.writer, self.jurisdictions = catalog, persona, writer, jurisdictions

    def reply(self, text: str, at: dt.datetime, *, user: str = "", current_sku: str | None = None,
              triage: "Triage | None" = None, fresh: Any = lambda _: True) -> Reply:
        triage = triage or self.writer.guard.triage(text)
        product = self._product(triage.sku, triage.text or text, current_sku)
        sku = product.sku if product else None
        out = Reply(triage.intent, sku)
        if triage.intent in DROPPED_INTENTS:
            out.dropped = f"{triage.intent}: {triage.reason}"
            return out
        sheet = FactSheet(self.catalog, product, at, self.jurisdictions) if product else None
        slots = self._persona_slots(user)
        if triage.intent == "ai_identity_question":
            self._first(out, "identity", slots, sheet, at, "disclosure", fresh)
            return out
        topic = declined_topic(text, self.persona)
        if topic:
            self._first(out, "decline", {**slots, "topic": topic}, sheet, at, "template", fresh)
            return out
        if triage.intent == "greeting":
            self._first(out, "greeting", slots, sheet, at, "template", fresh)
        elif triage.intent == "smalltalk" and not text.rstrip().endswith("?"):
            self._first(out, "smalltalk", slots, sheet, at, "template", fresh)
        elif triage.intent == "purchase_intent":
            if sheet is None:
                self._first(out, "which_product", slots, None, at, "template", fresh)
            else:
                self._first(out, "purchase", slots, sheet, at, "template", fresh)
                self._first(out, "answer_price", slots, sheet, at, "template", fresh)
        else:
            self._answer(out, triage.text or text, product, sheet, at, slots, fresh)
        return out

    def _product(self, sku: str | None, text: str, current: str | None) -> Product | None:
        if sku:
            try:
                return self.catalog.product(sku)
            except KeyError:
                pass
        found = find_products(self.catalog, text)
        if found:
            return found[0]
        return self._loose_product(text) or (self.catalog.product(current) if current else None)

    def _loose_product(self, text: str) -> Product | None:
        """A product one of whose distinctive name words the question uses ("the lamp", "each gummy"),
        when exactly one product has the best such match."""
        words = set(_words(text))
        generic = {stem(w) for w in vocabulary()["stopwords"]}
        scores = []
        for product in self.catalog.products:
            distinctive = {w for w in _name_words(product) if len(w) > 2 and w not in generic}
            scores.append((len(distinctive & words), product))
        best = max(score for score, _ in scores)
        top = [p for score, p in scores if score == best]
        return top[0] if best and len(top) == 1 else None

    def _persona_slots(self, user: str) -> dict[str, str]:
        p = self.persona
        return {"user": user or "there", "display_name": p.display_name if p else "your host",
                "operator": p.operator.organisation if p else "the store", "store": self.catalog.store or "the store"}

    def _answer(self, out: Reply, question: str, product: Product | None, sheet: FactSheet | None,
                at: dt.datetime, slots: dict[str, str], fresh: Any) -> None:
        match = match_question(question, product)
        if not match.answerable:
            match = Match((), ())
        if sheet is None:
            # no product in view: store policies can still be answered
            for topic in match.topics:
                if topic in self.catalog.policies:
                    text = self.catalog.policies[topic].rstrip(".")
                    line = templates()["answer_policy"][0].replace("{policy}", text)
                    self._say(out, line, None, at, "template", fresh, [Fact(f"policy:{topic}", text, f"policies.{topic}")])
            if not out.sentences:
                about_product = set(match.topics) & {"price", "promotion", "regular_price", "stock", "certifications"}
                self._first(out, "which_product" if about_product else "unknown_no_page", slots, None, at,
                            "template", fresh)
            return
        for topic in match.topics:
            for kind in self._topic_kinds(topic, sheet):
                if kind == "answer_policy":
                    self._say(out, templates()[kind][0].replace("{policy}", "{policy:" + topic + "}"), sheet, at,
                              "template", fresh)
                else:
                    self._first(out, kind, slots, sheet, at, "template", fresh)
        for name in match.facts:
            self._fact(out, name, sheet, at, fresh)
        if not out.sentences:
            self._first(out, "unknown" if sheet.has("url") else "unknown_no_page", slots, sheet, at, "template", fresh)

    @staticmethod
    def _topic_kinds(topic: str, sheet: FactSheet) -> list[str]:
        if topic == "price":
            return ["answer_promo" if sheet.has("ends") else "answer_price"] + (["answer_upcoming"] if sheet.has("starts") else [])
        if topic == "promotion":
            if sheet.has("ends"):
                return ["answer_promo"]
            return ["answer_upcoming"] if sheet.has("starts") else ["answer_no_promo"]
        if topic == "stock":
            return [{"in_stock": "answer_stock_in", "low": "answer_stock_low", "out_of_stock": "answer_stock_out"}
                    .get(sheet.stock_status, "unknown")]
        if topic == "regular_price":
            if sheet.has("regular_price"):  # a promotion is on: what it costs after, and when that is
                return ["answer_regular", "answer_promo"]
            return ["answer_reference"] if sheet.has("reference_price") else ["answer_price"]
        if topic == "certifications":
            return ["answer_certifications"] if sheet.has("certifications") else []
        return ["answer_policy"] if sheet.has(f"policy:{topic}") and policy_applies(sheet.catalog, sheet.product, topic) else []

    def _fact(self, out: Reply, name: str, sheet: FactSheet, at: dt.datetime, fresh: Any) -> None:
        value = sheet.product.facts[name]
        label = fact_label(name)
        if isinstance(value, bool):
            kind = f"answer_{'yes' if value else 'no'}_{'adjective' if is_adjective(name) else 'feature'}"
        else:
            kind = "answer_value"
        for line in templates()[kind]:
            if self._say(out, line.replace("{label}", label).replace("{value}", "{fact:" + name + "}"), sheet, at,
                         "template", fresh):
                return

    def _first(self, out: Reply, kind: str, slots: dict[str, str], sheet: FactSheet | None, at: dt.datetime,
               source: str, fresh: Any) -> None:
        """The first variant of ``kind`` that fills, passes the guard and was not said just now;
        addressed to the viewer by name when every variant was said recently."""
        lines = [_fill_plain(line, slots) for line in templates()[kind]]
        addressed = [f"{slots['user']}, {line[0].lower()}{line[1:]}" for line in lines if slots.get("user")]
        for line in lines + addressed:
            if self._say(out, line, sheet, at, source, fresh):
                return

    def _say(self, out: Reply, line: str, sheet: FactSheet | None, at: dt.datetime, source: str, fresh: Any,
             facts: list[Fact] | None = None) -> bool:
        if sheet is not None:
            filled = sheet.fill(line)
        else:
            filled = (line, facts or []) if "{" not in line else None
        if filled is None:
            return False
        sentence = self.writer.fixed(filled[0], source, at, out.sku, filled[1], fresh)  # type: ignore[arg-type]
        if sentence and all(sentence.text != s.text for s in out.sentences):
            out.sentences.append(sentence)
        return sentence is not None


def _fill_plain(line: str, slots: dict[str, str]) -> str:
    for key, value in slots.items():
        line = line.replace("{" + key + "}", value)
    return line
