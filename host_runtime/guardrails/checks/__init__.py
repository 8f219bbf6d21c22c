"""Checks: small functions that judge one sentence against the catalog and their parameters.

Each check registers under the name rule packs use (``check: price_statement``) with a
pydantic model of its parameters. A check returns findings; the rule that ran it supplies
category, severity and citation.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Callable, Generic, TypeVar

from pydantic import BaseModel, ConfigDict

from ...models import Catalog, Persona, Product
from ..claims.money import Amount, find_amounts
from ..claims.numbers import Normalised


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


P = TypeVar("P", bound=Params)


@dataclass(frozen=True)
class Edit:
    """Replace ``span`` (in the normalised text) by ``text``; a span of the whole sentence
    replaces the sentence."""

    span: tuple[int, int]
    text: str


@dataclass(frozen=True)
class Finding:
    span: tuple[int, int]  # in Sentence.norm.text
    message: str
    evidence: str
    fix: Edit | None = None  # None: no compliant rewrite exists


#: where a clause of a sentence ends: a comma, semicolon or full stop before a space (Chinese ones too)
_CLAUSE_BREAK = re.compile(r"[,;.!?]\s|[，。；！？]")


@dataclass
class Sentence:
    """One utterance and what it is about."""

    norm: Normalised
    at: dt.datetime
    catalog: Catalog
    products: list[Product]  # named in the sentence, else the segment's product
    jurisdiction: str | None  # of the pack whose rule runs; None for baseline
    persona: Persona | None = None
    memo: dict[str, object] = field(default_factory=dict)  # per-sentence cache shared by checks

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def product(self) -> Product | None:
        return self.products[0] if self.products else None

    def quotes_policy(self, span: tuple[int, int] | None = None) -> bool:
        """Whether the sentence reads out a store policy word for word: all of it (after a frame that
        ends in a colon, "Die Regel des Shops …: "), or, given a span, the clause around it ("freight is
        free within Alaska and $79 to the other states"). The store's own words state its fees and where
        it ships; read out as written they claim nothing of their own."""
        policies = [" ".join(p.split()) for p in self.catalog.policies.values()]
        if span is None:
            said = " ".join(self.norm.original.split()).rstrip(".。!！ ")
            quoted = [said, said.split(": ", 1)[-1], said.split("：", 1)[-1]]
        else:
            start = max([0] + [m.end() for m in _CLAUSE_BREAK.finditer(self.text[: span[0]])])
            end = _CLAUSE_BREAK.search(self.text, span[1])
            quoted = [" ".join(self.text[start: end.start() if end else len(self.text)].split()).rstrip(".。!！ ")]
        return any(len(q) >= 12 and q in p for q in quoted for p in policies)

    def amounts(self) -> list[Amount]:
        """The money amounts said, with their roles: read once per sentence for every check that needs them."""
        if "amounts" not in self.memo:
            self.memo["amounts"] = find_amounts(self.text)
        return self.memo["amounts"]  # type: ignore[return-value]


@dataclass(frozen=True)
class CheckSpec(Generic[P]):
    params: type[P]
    run: Callable[[Sentence, P], list[Finding]] | None  # None: the guard reads the params (a schedule)
    backup: bool = False  # runs only when no other rule has found its category in the sentence (costly checks)

    @property
    def judges_sentences(self) -> bool:
        return self.run is not None


CHECKS: dict[str, CheckSpec] = {}


def check(name: str, params: type[P], backup: bool = False) -> Callable[[Callable[[Sentence, P], list[Finding]]], Callable[[Sentence, P], list[Finding]]]:
    def register(fn: Callable[[Sentence, P], list[Finding]]) -> Callable[[Sentence, P], list[Finding]]:
        CHECKS[name] = CheckSpec(params, fn, backup)
        return fn
    return register


class DisclosureCadence(Params):
    """How often the host must say it is an AI; the director schedules it, no sentence is judged."""

    max_interval_minutes: float


CHECKS["disclosure_cadence"] = CheckSpec(DisclosureCadence, None)


def money(amount: float, catalog: Catalog) -> str:
    symbol = {"USD": "$", "EUR": "€", "GBP": "£", "CNY": "¥", "JPY": "¥"}.get(catalog.currency)
    return f"{symbol}{amount:.2f}" if symbol else f"{amount:.2f} {catalog.currency}"


from . import prices as _prices, stock as _stock, urgency as _urgency, attributes as _attributes, language as _language, classified as _classified  # noqa: E402,F401  (register checks)
