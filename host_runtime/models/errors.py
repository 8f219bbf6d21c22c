"""Errors for authored files: each problem names the file, the line and the field to fix."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class LoadError(Exception):
    """Every problem found in one file, so an author can fix them all in one pass."""

    def __init__(self, path: Path | str, problems: list[Problem]):
        self.path = str(path)
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UserError(Exception):
    """A failure the user can fix (a missing voice, a bad option); a front end prints it as one
    line. It lives here, not in a front end, so that every stage can raise it."""
