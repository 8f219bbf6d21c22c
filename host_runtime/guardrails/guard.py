"""The guard: every sentence the host may say, judged by the loaded rule packs.

Verdicts: ``allow`` (no violation), ``rewrite`` (every violation has a compliant fix and the
fixed sentence passes again), ``block`` (anything else). Severity comes from the rule.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from ..catalog import find_products
from ..models import Catalog, Persona, Product
from .checks import CHECKS, DisclosureCadence, Edit, Finding, Sentence
from .rules import Rule, RulePack, load_pack
from .claims.numbers import normalise_numbers
from .text import phrase_pattern

VerdictKind = Literal["allow", "rewrite", "block"]


@dataclass(frozen=True)
class Violation:
    category: str
    rule: str
    span: tuple[int, int]
    message: str
    evidence: str
    severity: str

    def to_json(self) -> dict[str, Any]:
        return {"category": self.category, "rule": self.rule, "span": list(self.span),
                "message": self.message, "evidence": self.evidence}


@dataclass(frozen=True)
class Verdict:
    text: str
    verdict: VerdictKind
    violations: list[Violation] = field(default_factory=list)
    rewrite: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The `host-runtime guard` output contract (shared/ARCHITECTURE.md)."""
        return {"text": self.text, "verdict": self.verdict,
                "violations": [v.to_json() for v in self.violations], "rewrite": self.rewrite}


@dataclass(frozen=True)
class _Loaded:
    pack: RulePack
    rule: Rule
    params: BaseModel


class Guard:
    """Loads the baseline pack and one pack per jurisdiction once; checks sentences."""

    def __init__(self, catalog: Catalog, jurisdictions: list[str], persona: Persona | None = None,
                 packs_dir: Path | None = None):
        self.catalog = catalog
        self.persona = persona
        self.jurisdictions = list(dict.fromkeys(jurisdictions))
        self.packs = [load_pack("baseline", packs_dir), *(load_pack(j, packs_dir) for j in self.jurisdictions)]
        loaded = [_Loaded(pack, rule, rule.parsed_params()) for pack in self.packs for rule in pack.rules]
        self._rules = sorted(loaded, key=lambda r: CHECKS[r.rule.check].backup)  # backups last: they need the others' findings
        approved = [c for p in catalog.products for c in p.claims]
        if persona is not None:
            approved.extend(persona.disclosure.lines)
        self._approved = [rx for rx in map(phrase_pattern, approved) if rx]
        labels = sorted({p.promotion.label for p in catalog.products if p.promotion}, key=len, reverse=True)
        self._labels = re.compile("|".join(re.escape(label) for label in labels), re.I) if labels else None

    @property
    def disclosure_interval_minutes(self) -> float:
        """The strictest cadence of spoken AI disclosures any loaded pack requires."""
        intervals = [r.params.max_interval_minutes for r in self._rules if isinstance(r.params, DisclosureCadence)]
        return min(intervals) if intervals else float("inf")

    def warm_up(self) -> None:
        """Load the classifier and its encoder and embed every product's catalog texts now, so
        the first claim of a live show does not wait for them."""
        from .checks.attributes import supporting_texts
        from .classifier import classifier, text_vectors

        classifier().scores("Welcome to the show.")
        for product in self.catalog.products:
            text_vectors(supporting_texts([product], self.catalog))

    def products_for(self, text: str, sku: str | None) -> list[Product]:
        """Products named in the sentence, the segment's product first when it is among them;
        otherwise the segment's product. Promotion labels ("Holiday Glow") are not names."""
        named = find_products(self.catalog, self._labels.sub(" ", text)) if self._labels else find_products(self.catalog, text)
        segment = next((p for p in self.catalog.products if p.sku == sku), None)
        if segment is None:
            return named
        if not named or segment in named:
            return [segment, *(p for p in named if p is not segment)]
        return named

    def check(self, text: str, at: dt.datetime, sku: str | None = None) -> Verdict:
        return self._check(text, at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc), sku, recheck=True)

    def _check(self, text: str, at: dt.datetime, sku: str | None, recheck: bool) -> Verdict:
        norm = normalise_numbers(text)
        products = self.products_for(norm.text, sku)
        exempt = [m.span() for rx in self._approved for m in rx.finditer(norm.text)]
        found: list[tuple[_Loaded, Finding]] = []
        memo: dict[str, object] = {}
        for loaded in self._rules:
            spec = CHECKS[loaded.rule.check]
            if spec.run is None or spec.backup and any(f[0].rule.category == loaded.rule.category for f in found):
                continue
            sentence = Sentence(norm, at, self.catalog, products, loaded.pack.jurisdiction, self.persona, memo)
            for finding in spec.run(sentence, loaded.params):
                if not any(a <= finding.span[0] and finding.span[1] <= b for a, b in exempt):
                    found.append((loaded, finding))
        if not found:
            return Verdict(text, "allow")
        violations = []
        seen: set[tuple[str, tuple[int, int]]] = set()
        for loaded, f in found:
            if (loaded.rule.id, f.span) in seen:
                continue
            seen.add((loaded.rule.id, f.span))
            violations.append(Violation(loaded.rule.category or "", loaded.rule.id, norm.span(*f.span), f.message,
                                        f.evidence or loaded.rule.citation, loaded.rule.severity))
        fixable = all(loaded.rule.severity == "rewrite" and f.fix is not None for loaded, f in found)
        if fixable and recheck:
            # edits land on what was said, so the rest keeps its words ("48小时", not "48 hours")
            whole = (0, len(norm.text))
            edits = [Edit((0, len(text)) if f.fix.span == whole else norm.span(*f.fix.span), f.fix.text) for _, f in found if f.fix]
            rewritten = apply_edits(text, edits)
            if rewritten and self._check(rewritten, at, sku, recheck=False).verdict == "allow":
                return Verdict(text, "rewrite", violations, rewritten)
        return Verdict(text, "block", violations)

    def triage(self, text: str) -> "Triage":
        return triage(self.catalog, text)


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; an edit of the whole sentence replaces it outright."""
    whole = [e for e in edits if e.span == (0, len(text))]
    if whole:
        return whole[0].text
    out = text
    taken: list[tuple[int, int]] = []
    for edit in sorted(set(edits), key=lambda e: e.span, reverse=True):
        a, b = edit.span
        if any(a < y and x < b for x, y in taken):
            continue
        taken.append((a, b))
        out = out[:a] + edit.text + out[b:]
    out = re.sub(r"\s{2,}", " ", out)
    out = re.sub(r"\s+([,.!?;:])", r"\1", out)
    out = re.sub(r"\b(a|an|the)\s+(a|an|the)\b", r"\2", out, flags=re.I).strip()
    return out[:1].upper() + out[1:]


from .triage import Triage, triage  # noqa: E402  (triage uses the same text tools)
