"""A fleet file: many shows run side by side, each its own OS process (or Ray actor), with the
CPU and memory it needs, so the fleet can refuse a show the machine cannot keep in real time
instead of letting every show fall behind the wall clock.

Each show is a show file (`file:`) or a show file's fields written inline; fields given next to
`file:` override the file's (a store's own schedule, say). Paths are relative to the fleet file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, model_validator

from .base import Authored, Loc
from .show import Schedule, ShowFile
from .source import read_yaml

#: what one show of the demo costs (bench/shows.py: four real-time shows on two cores)
DEFAULT_SHOW_CPU = 0.5
DEFAULT_SHOW_MEMORY_MB = 1024
#: the fields a show file has, which a fleet entry may give inline
SHOW_FIELDS = tuple(ShowFile.model_fields)
#: the ones a show cannot run without, from its file or inline
REQUIRED = ("persona", "catalog", "rundown", "schedule")


class FleetShow(ShowFile):
    """One show of the fleet. The show file's fields are all optional here: a show names its
    `file:`, or gives persona, catalog, rundown and schedule itself."""

    #: the show's handle in the fleet: its recording folder, its Ray actor's name, the console's row
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
    file: Path | None = None
    cpu: Annotated[float, Field(gt=0, le=256)] = DEFAULT_SHOW_CPU  # cores it needs to keep real time
    memory_mb: Annotated[int, Field(gt=0, le=1024 * 1024)] = DEFAULT_SHOW_MEMORY_MB
    show: Annotated[str, Field(min_length=1)] | None = None  # its title (default: the file's, else the name)
    persona: Path | None = None
    catalog: Path | None = None
    rundown: Path | None = None
    schedule: Schedule | None = None

    def resolved(self, base_dir: Path) -> ShowFile:
        """The show file this entry stands for: its file's fields, overridden by the entry's, every
        path absolute (the fleet writes it out for the show's process). Call on a linted fleet."""
        fields: dict[str, object] = {}
        if self.file is not None:
            path = self.path(base_dir, self.file)
            inner = ShowFile.model_validate(read_yaml(path).data)
            fields = absolute(inner, path.parent)
        fields.update(absolute(self, base_dir, only=self.model_fields_set & set(SHOW_FIELDS)))
        fields.setdefault("show", self.name)
        return ShowFile.model_validate(fields)

    def linked(self, base_dir: Path) -> list[tuple[Loc, Path]]:
        own = super().linked(base_dir)
        return [(("file",), self.path(base_dir, self.file)), *own] if self.file is not None else own

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        problems = super().cross_checks(base_dir)
        if self.file is None:
            problems += [((key,), "required key is missing (or name a show file in file:)")
                         for key in REQUIRED if getattr(self, key) is None]
        return problems


def absolute(show: ShowFile, base_dir: Path, only: set[str] | None = None) -> dict[str, object]:
    """A show's fields as plain data, with its paths made absolute against `base_dir`."""
    data = show.model_dump(mode="json", include=only if only is not None else set(SHOW_FIELDS), exclude_none=True)
    for key in ("persona", "catalog", "rundown", "book", "comments"):
        if key in data:
            data[key] = str(show.path(base_dir, Path(data[key])))
    if "destinations" in data:
        data["destinations"] = [d if d.lower().startswith(("rtmp://", "rtmps://")) else str(show.path(base_dir, Path(d)))
                                for d in data["destinations"]]
    return data


class Restart(Authored):
    """How a crashed show is brought back: resumed from its audit log, after a backoff that
    doubles per restart, up to `max_restarts` (then it is `failed`)."""

    max_restarts: Annotated[int, Field(ge=0, le=1000)] = 3
    backoff_s: Annotated[float, Field(ge=0, le=600)] = 1.0
    backoff_max_s: Annotated[float, Field(ge=0, le=3600)] = 30.0

    def delay(self, restart: int) -> float:
        """Seconds before restart number `restart` (1, 2, ...)."""
        return min(self.backoff_max_s, self.backoff_s * 2 ** max(0, restart - 1))


class Fleet(Authored):
    fleet: Annotated[str, Field(min_length=1)]  # the fleet's name
    engine: Literal["local", "ray"] = "local"
    #: cores the fleet may use (default: this machine's, or the Ray cluster's); a show that would
    #: take the sum over it is refused
    cpu_budget: Annotated[float, Field(gt=0, le=100000)] | None = None
    memory_budget_mb: Annotated[int, Field(gt=0)] | None = None  # default: this machine's available memory
    restart: Restart = Restart()
    shows: Annotated[list[FleetShow], Field(min_length=1)]

    @model_validator(mode="after")
    def _unique_names(self) -> Fleet:
        names = [s.name for s in self.shows]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise ValueError(f"show names must be unique in a fleet: {', '.join(twice)} given twice")
        return self

    def linked(self, base_dir: Path) -> list[tuple[Loc, Path]]:
        return [(("shows", i, *loc), path) for i, s in enumerate(self.shows) for loc, path in s.linked(base_dir)]

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        return [(("shows", i, *loc), msg) for i, s in enumerate(self.shows) for loc, msg in s.cross_checks(base_dir)]

    def review(self, base_dir: Path) -> list[tuple[Loc, str, bool]]:
        need = sum(s.cpu for s in self.shows)
        if self.cpu_budget is not None and need > self.cpu_budget:
            return [(("cpu_budget",), f"the shows need {need:g} cores together, over the budget of "
                     f"{self.cpu_budget:g}: the fleet will refuse the ones that do not fit", False)]
        return []
