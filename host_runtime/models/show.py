"""A show file: one YAML that binds everything a show needs (IWA 41 section 5: a show is
prepared, not improvised): persona, catalog, rundown, optional script book, destinations (whose
profiles name their chat sources), replayed comments, supervision mode, schedule and duration.

Paths are relative to the show file. `lint` checks each file it names as well, so a show whose
persona or catalog is broken fails lint, not at the moment it should go on air.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from .base import Authored, Loc, UtcDatetime

Supervision = Literal["unattended", "on_duty", "approve"]


class Schedule(Authored):
    #: when the show proper begins; before it, a warm-up scene ("starting soon", a countdown, the AI disclosure)
    start: UtcDatetime | None = None
    warmup_s: Annotated[float, Field(ge=0, le=3600)] = 30.0  # how long the warm-up streams before `start`
    duration_minutes: Annotated[float, Field(gt=0, le=24 * 60)]
    wrapup_s: Annotated[float, Field(ge=0, le=600)] = 30.0  # the recap before the closing line, at the planned end


class ShowFile(Authored):
    show: Annotated[str, Field(min_length=1)]  # the show's name
    persona: Path
    catalog: Path
    rundown: Path
    book: Path | None = None
    destinations: list[str] = []  # rtmp(s):// URLs or destination profiles (their chat: sections are read)
    comments: Path | None = None  # a replay file (rehearsals, demos)
    supervision: Supervision = "unattended"
    hold_s: Annotated[float, Field(ge=0, le=60)] = 0.0
    jurisdictions: list[Literal["us", "eu", "cn"]] = []  # default: the persona's
    llm_share: Annotated[float, Field(ge=0, le=1)] = 0.05
    schedule: Schedule

    def path(self, base_dir: Path, value: Path) -> Path:
        return value if value.is_absolute() else base_dir / value

    def linked(self, base_dir: Path) -> list[tuple[Loc, Path]]:
        named: list[tuple[Loc, Path | None]] = [(("persona",), self.persona), (("catalog",), self.catalog),
                                                 (("rundown",), self.rundown), (("book",), self.book)]
        named += [(("destinations", i), Path(d)) for i, d in enumerate(self.destinations)
                  if not d.lower().startswith(("rtmp://", "rtmps://"))]
        return [(loc, self.path(base_dir, p)) for loc, p in named if p is not None]

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        named = self.linked(base_dir)
        if self.comments is not None:
            named.append((("comments",), self.path(base_dir, self.comments)))
        return [(loc, f"no such file: {path}") for loc, path in named if not path.is_file()]
