"""The one interface every fleet engine offers, and what they share: each show's spec (its show
file written out, its recording folder) and admission by the CPU and memory budget.

Why admission: a 2-core box keeps four demo shows in real time, not five; a fifth started anyway
would slow all five below the wall clock and every ingest would buffer. So a show is refused
when what it needs is over what is left, and the refusal says which show, what it needs and what
is left.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..models import Fleet, UserError
from .process import ENDED, FAILED, HOLDING, REFUSED, STOPPED, Status

#: states a show no longer changes from by itself
FINAL = (ENDED, FAILED, REFUSED, STOPPED)


@dataclass(frozen=True)
class ShowSpec:
    """One show as an engine runs it: `live --show show_file --record record`."""

    name: str
    title: str
    show_file: Path
    record: Path
    cpu: float
    memory_mb: int


class Refused(UserError):
    """A show the budget cannot hold; the message says why."""


def machine_cpus() -> float:
    return float(len(os.sched_getaffinity(0)))


def available_memory_mb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) // 1024
    raise OSError("no MemAvailable in /proc/meminfo")


def prepare(fleet: Fleet, base_dir: Path, record: Path) -> dict[str, ShowSpec]:
    """Each show's resolved show file, written beside its recording folder (`record/<name>.show.yaml`)."""
    record.mkdir(parents=True, exist_ok=True)
    specs = {}
    for entry in fleet.shows:
        show_file = record / f"{entry.name}.show.yaml"
        resolved = entry.resolved(base_dir)
        show_file.write_text(yaml.safe_dump(resolved.model_dump(mode="json", exclude_none=True), sort_keys=False))
        specs[entry.name] = ShowSpec(entry.name, resolved.show, show_file, record / entry.name, entry.cpu,
                                     entry.memory_mb)
    return specs


class Engine(ABC):
    """Start, stop and drain the shows of one fleet and say how each is doing."""

    kind: str  # the engine's name in a fleet file: local, ray

    def __init__(self, fleet: Fleet, base_dir: Path, record: Path):
        self.fleet = fleet
        self.specs = prepare(fleet, base_dir, record)
        self.refusals: dict[str, str] = {}

    # -- what each engine provides ----------------------------------------------------------------
    @abstractmethod
    def capacity(self) -> tuple[float, int]:
        """(cores, memory MB) the fleet may use, before the fleet file's budget caps them."""

    @abstractmethod
    def _launch(self, spec: ShowSpec) -> None:
        """Start (or restart after stop) one admitted show."""

    @abstractmethod
    def stop(self, name: str) -> None:
        """End a show now (no closing line; outputs closed) and never restart it."""

    @abstractmethod
    def drain(self, name: str) -> None:
        """End a show gracefully (what is said finishes, then the closing line) and never restart it."""

    @abstractmethod
    def _status(self, spec: ShowSpec) -> Status | None:
        """The show's status; None when it was never started."""

    @abstractmethod
    def close(self) -> None:
        """End every show now and release what the engine holds."""

    # -- shared ---------------------------------------------------------------------------------
    def statuses(self) -> list[Status]:
        out = []
        for name, spec in self.specs.items():
            status = self._status(spec)
            if status is None:
                status = Status(name, REFUSED if name in self.refusals else STOPPED, spec.cpu, spec.memory_mb,
                                detail=self.refusals.get(name, "not started"))
            out.append(status)
        return out

    def spec(self, name: str) -> ShowSpec:
        if name not in self.specs:
            raise UserError(f"no show {name!r} in fleet {self.fleet.fleet!r} (its shows: {', '.join(self.specs)})")
        return self.specs[name]

    def budget(self) -> tuple[float, int]:
        cores, memory = self.capacity()
        return (min(cores, self.fleet.cpu_budget) if self.fleet.cpu_budget else cores,
                min(memory, self.fleet.memory_budget_mb) if self.fleet.memory_budget_mb else memory)

    def admit(self, name: str) -> ShowSpec:
        """The show's spec if the budget holds it with every running show; else `Refused`, saying why."""
        spec = self.spec(name)
        held = [s for s in self.statuses() if s.state in HOLDING]
        if any(s.name == name for s in held):
            raise UserError(f"show {name!r} is already running")
        cores, memory = self.budget()
        cpu_left = cores - sum(s.cpu for s in held)
        mem_left = memory - sum(s.memory_mb for s in held)
        holders = ", ".join(f"{s.name} {s.cpu:g}" for s in held) or "none"
        if spec.cpu > cpu_left + 1e-9:
            raise Refused(f"show {name!r} refused: it needs {spec.cpu:g} CPU cores to keep real time and only "
                          f"{max(0.0, cpu_left):g} of the fleet's {cores:g} are left (held by: {holders}); "
                          f"stop a show or give the fleet more cores")
        if spec.memory_mb > mem_left:
            raise Refused(f"show {name!r} refused: it needs {spec.memory_mb} MB of memory and only "
                          f"{max(0, mem_left)} MB of the fleet's {memory} MB are left")
        return spec

    def start(self, name: str) -> None:
        """Start one show if the budget holds it (else `Refused`, remembered for its status)."""
        try:
            spec = self.admit(name)
        except Refused as err:
            self.refusals[name] = str(err)
            raise
        self.refusals.pop(name, None)
        self._launch(spec)

    def start_all(self) -> list[str]:
        """Start every show of the fleet in file order; the refusals, one line each."""
        refused = []
        for name in self.specs:
            try:
                self.start(name)
            except Refused as err:
                refused.append(str(err))
        return refused

    def done(self) -> bool:
        return all(s.state in FINAL for s in self.statuses())

