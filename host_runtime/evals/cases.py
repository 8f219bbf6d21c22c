"""Reading dataset cases, and the result each case gets."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..models import LoadError, Problem

Status = Literal["pass", "fail", "error"]


@dataclass
class CaseResult:
    id: str
    check: str
    dataset: str
    status: Status
    text: str
    expected: Any = None
    got: Any = None
    message: str = ""
    evidence: list[str] = field(default_factory=list)
    jurisdictions: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    #: the criteria a case was judged on and whether each held (answers: answerable, no_forbidden...)
    scores: dict[str, bool] = field(default_factory=dict)
    #: what the case is, for breakdowns (answers: kind, lang)
    labels: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def read_cases(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """All cases of a JSONL dataset (or an evenly spread sample of ``limit``); a malformed
    line is a LoadError naming the file and line, so a broken dataset never passes quietly."""
    cases: list[dict[str, Any]] = []
    problems: list[Problem] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise LoadError(path, [Problem(str(path), None, "", f"cannot read dataset: {exc}")]) from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            case = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(str(path), number, "", f"not valid JSON: {exc.msg}"))
            continue
        if not isinstance(case, dict) or "id" not in case:
            problems.append(Problem(str(path), number, "id", "each line must be an object with an id"))
            continue
        case["_line"] = number
        cases.append(case)
    if problems:
        raise LoadError(path, problems)
    if limit and len(cases) > limit:
        step = len(cases) / limit
        cases = [cases[int(i * step)] for i in range(limit)]
    return cases
