"""Rule packs: which checks run, with which parameters, under which legal citation.

A pack is data a compliance person reviews (packs/*.yaml); the checks are code. Each rule's
``params`` are validated against the parameter model of the check it names, so a typo in a
pack is a LoadError with file, line and field, never a silently disabled rule.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, ValidationInfo, field_validator

from ..models import load, register_kind
from ..models.base import Authored
from .checks import CHECKS

Category = Literal[
    "human_impersonation", "fake_experience", "fake_social_proof", "unsupported_claim", "price_misstatement",
    "false_discount", "false_scarcity", "false_urgency", "absolute_term", "health_claim",
]
CATEGORIES: tuple[str, ...] = Category.__args__  # type: ignore[attr-defined]

#: rewrite: a corrected sentence may be spoken instead; block: the sentence must never be spoken
Severity = Literal["rewrite", "block"]

PACKS_DIR = Path(__file__).resolve().parent / "packs"
Text = Annotated[str, StringConstraints(min_length=1)]


class Rule(Authored):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_.-]*$")]
    category: Category | None = None  # None only for rules that schedule rather than judge a sentence
    severity: Severity = "rewrite"
    citation: Text
    says: Text
    check: Text
    params: dict[str, Any] = {}

    @field_validator("check")
    @classmethod
    def _known_check(cls, name: str) -> str:
        if name not in CHECKS:
            raise ValueError(f"unknown check {name!r}; known: {', '.join(sorted(CHECKS))}")
        return name

    @field_validator("params")
    @classmethod
    def _params_fit_check(cls, params: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        spec = CHECKS.get(info.data.get("check", ""))
        if spec is not None:
            spec.params.model_validate(params)
        return params

    def parsed_params(self) -> BaseModel:
        return CHECKS[self.check].params.model_validate(self.params)


class RulePack(Authored):
    pack: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$")]
    description: str | None = None
    jurisdiction: str | None = None  # None: applies everywhere (baseline)
    rules: Annotated[list[Rule], Field(min_length=1)]

    def cross_checks(self, base_dir: Path) -> list[tuple[tuple[str | int, ...], str]]:
        problems = []
        seen: set[str] = set()
        for i, rule in enumerate(self.rules):
            if rule.id in seen:
                problems.append((("rules", i, "id"), f"duplicate rule id {rule.id!r}"))
            seen.add(rule.id)
            if rule.category is None and CHECKS[rule.check].judges_sentences:
                problems.append((("rules", i, "category"), f"check {rule.check!r} judges sentences; give a category"))
        return problems


register_kind("rule_pack", RulePack, "rules")


def load_pack(name_or_path: str | Path, packs_dir: Path | None = None) -> RulePack:
    """A pack by name ("eu", from ``packs_dir``) or by path."""
    path = Path(name_or_path)
    if path.suffix not in (".yaml", ".yml"):
        path = (packs_dir or PACKS_DIR) / f"{name_or_path}.yaml"
    return load(path, RulePack)
