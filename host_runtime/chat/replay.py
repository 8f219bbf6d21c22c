"""Comments from a JSONL file, each arriving at its stream time: rehearsals and tests get the
same comment traffic every run. Lines are `{"t": seconds, "user": str, "text": str}`."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from ..models import LoadError, Problem
from .inbox import Comment, CommentInbox, Rejected


class ReplayLine(BaseModel):
    model_config = ConfigDict(extra="forbid")
    t: float
    user: str
    text: str


class ReplaySource:
    """Loads the whole file up front (a bad line is an authoring error: reported with its line
    and field), then hands comments to an inbox as the show's stream time passes them."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        problems: list[Problem] = []
        lines: list[ReplayLine] = []
        for number, raw in enumerate(self.path.read_text(encoding="utf-8").splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                lines.append(ReplayLine.model_validate(json.loads(raw)))
            except json.JSONDecodeError as err:
                problems.append(Problem(str(self.path), number, "", f"not JSON: {err.msg}"))
            except ValidationError as err:
                for e in err.errors():
                    problems.append(Problem(str(self.path), number, ".".join(map(str, e["loc"])), e["msg"]))
        if problems:
            raise LoadError(self.path, problems)
        self._pending = sorted(lines, key=lambda line: line.t)
        self._next = 0
        self.rejected: list[tuple[ReplayLine, str]] = []

    @property
    def remaining(self) -> int:
        return len(self._pending) - self._next

    def deliver_until(self, stream_time: float, inbox: CommentInbox) -> list[Comment]:
        """Offer every comment due by `stream_time`; ones the inbox refuses are kept in
        `rejected` with the reason (a refused comment never stops the show)."""
        delivered = []
        while self._next < len(self._pending) and self._pending[self._next].t <= stream_time:
            line = self._pending[self._next]
            self._next += 1
            try:
                delivered.append(inbox.offer(line.user, line.text, source="replay"))
            except Rejected as err:
                self.rejected.append((line, err.reason))
        return delivered
