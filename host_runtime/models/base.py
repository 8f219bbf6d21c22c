"""Shared pydantic base for authored files: unknown keys are errors, never silently ignored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict


Loc = tuple[str | int, ...]


class Authored(BaseModel):
    #: no inf or nan anywhere: ``1e999`` in YAML reads as inf, which no price, rate or interval can be
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, allow_inf_nan=False)

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        """Checks that span several fields or reach outside the file (assets), as (location, message)."""
        return []

    def linked(self, base_dir: Path) -> list[tuple[Loc, Path]]:
        """Other authored files this one names, which `lint` checks as well (a show file's persona,
        catalog...): a file is only clean when what it names is."""
        return []

    def review(self, base_dir: Path) -> list[tuple[Loc, str, bool]]:
        """What `lint` reports about a file that loads: (location, message, is_error). A script
        book's unapproved lines are reported here, since a book in review is still a valid file."""
        return []


def _utc(value: dt.datetime) -> dt.datetime:
    """Times without a zone are read as UTC, so a show never depends on the server's locale."""
    return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)


UtcDatetime = Annotated[dt.datetime, AfterValidator(_utc)]
