"""Guardrails: every sentence checked against the catalog and the law before it is spoken.

``Guard`` loads rule packs (packs/*.yaml: policy as data) and runs their checks (checks/:
small, tested code); ``Triage`` classifies viewer comments so steering attempts never reach
the writer as instructions.
"""

from .guard import Guard, Verdict, Violation
from .rules import CATEGORIES, Rule, RulePack, load_pack
from .triage import Triage, triage

__all__ = ["Guard", "Verdict", "Violation", "Triage", "triage", "CATEGORIES", "Rule", "RulePack", "load_pack"]
