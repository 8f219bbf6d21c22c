"""The Ray engine (the `ray` extra): one detached, named actor per show, placed by Ray's scheduler
on any node of the cluster with the show's CPU and memory free, restarted by Ray (`max_restarts`).

The actor runs the show in a session of its own (fleet/process.py), so the known sharp edge of
actors that start processes, children orphaned when the actor dies, is handled twice: the show
gets SIGKILL when its actor goes (PR_SET_PDEATHSIG), and a restarted actor kills the session the
dead one recorded before it starts the show again, resumed from its audit log. A show whose
process crashes ends its actor on purpose, so Ray's restart is the one restart mechanism.

Ray is imported only here, and only when this engine is chosen.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from ..models import Fleet, UserError
from ..models.fleet import Restart
from .engine import Engine, Refused, ShowSpec
from .process import ENDED, FAILED, RESTARTING, STOPPED, USER_ERROR, WARMING_UP, ShowProcess, Status

NAMESPACE = "host_runtime"


def import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise UserError("the ray engine needs Ray, an optional extra: .venv/bin/pip install -c constraints.txt "
                        "ray==2.60.0 (or pip install 'host-runtime[ray]')") from None
    return ray


class ShowActor:
    """One show in a Ray actor. Its constructor is also what a restart runs: wait out the backoff,
    kill what the dead actor left, start the show (resumed)."""

    def __init__(self, spec: ShowSpec, restart: Restart):
        ray = import_ray()
        self.process = ShowProcess(spec.name, spec.show_file, spec.record, spec.cpu, spec.memory_mb)
        self.restarts = self.process.starts  # starts before this one: a fresh show has none
        if ray.get_runtime_context().was_current_actor_reconstructed:
            time.sleep(restart.delay(self.restarts))
        self.process.start()  # on this (the actor's main) thread, which lives as long as the actor
        threading.Thread(target=self._watch, name="show-watch", daemon=True).start()

    def _watch(self) -> None:
        code = self.process.wait()
        self.process.crash_cleanup()
        if code not in (0, USER_ERROR) and not self.process.ended_by:
            os._exit(1)  # a crashed show: the actor dies with it and Ray restarts the pair

    def status(self) -> dict[str, Any]:
        return self.process.status(restarts=self.restarts).to_json()

    def end(self, now: bool) -> dict[str, Any]:
        self.process.end(now)
        return self.status()


class RayEngine(Engine):
    kind = "ray"

    def __init__(self, fleet: Fleet, base_dir: Path, record: Path, address: str | None = None):
        self.ray = import_ray()
        if not self.ray.is_initialized():
            self.ray.init(address=address, namespace=NAMESPACE, include_dashboard=False, log_to_driver=False)
        super().__init__(fleet, base_dir, record)
        self.actors: dict[str, Any] = {}
        self.final: dict[str, Status] = {}  # shows whose actors are gone: their last word
        self.answered: set[str] = set()  # shows whose actor has answered once (placed and constructed)

    def capacity(self) -> tuple[float, int]:
        total = self.ray.cluster_resources()
        return float(total.get("CPU", 0.0)), int(total.get("memory", 0.0) / 2**20)

    def admit(self, name: str) -> ShowSpec:
        """The fleet's budget, then what the cluster has free now (other jobs share it)."""
        spec = super().admit(name)
        free = self.ray.available_resources()
        if spec.cpu > free.get("CPU", 0.0) + 1e-9 or spec.memory_mb * 2**20 > free.get("memory", 0.0):
            raise Refused(f"show {name!r} refused: it needs {spec.cpu:g} CPU cores and {spec.memory_mb} MB; the Ray "
                          f"cluster has {free.get('CPU', 0.0):g} cores and {free.get('memory', 0.0) / 2**20:.0f} MB "
                          f"free")
        return spec

    def actor_name(self, name: str) -> str:
        return f"{self.fleet.fleet}/{name}"

    def _launch(self, spec: ShowSpec) -> None:
        self.final.pop(spec.name, None)
        self.answered.discard(spec.name)
        options = dict(name=self.actor_name(spec.name), namespace=NAMESPACE, lifetime="detached", get_if_exists=True,
                       max_restarts=self.fleet.restart.max_restarts, num_cpus=spec.cpu, memory=spec.memory_mb * 2**20)
        self.actors[spec.name] = self.ray.remote(ShowActor).options(**options).remote(spec, self.fleet.restart)

    def _status(self, spec: ShowSpec) -> Status | None:
        if spec.name in self.final:
            return self.final[spec.name]
        actor = self.actors.get(spec.name)
        if actor is None:
            return None
        exceptions = self.ray.exceptions
        try:
            status = Status(**self.ray.get(actor.status.remote(), timeout=5))
        except exceptions.ActorDiedError:
            status = Status(spec.name, FAILED, spec.cpu, spec.memory_mb,
                            detail=f"its actor died and its restarts are used up "
                            f"(max_restarts {self.fleet.restart.max_restarts})")
        except (exceptions.RayActorError, exceptions.GetTimeoutError):
            if spec.name not in self.answered:
                return Status(spec.name, WARMING_UP, spec.cpu, spec.memory_mb, detail="Ray is placing its actor")
            return Status(spec.name, RESTARTING, spec.cpu, spec.memory_mb, detail="its actor is being restarted")
        self.answered.add(spec.name)
        if status.state in (ENDED, FAILED, STOPPED):
            self._release(spec.name, status)
        return status

    def _release(self, name: str, last: Status) -> None:
        """A show that is over gives its cores back: its actor goes, its last status stays."""
        self.final[name] = last
        actor = self.actors.pop(name, None)
        if actor is not None:
            self.ray.kill(actor, no_restart=True)

    def _end(self, name: str, now: bool) -> None:
        actor = self.actors.get(self.spec(name).name)
        if actor is None:
            raise UserError(f"show {name!r} is not running")
        try:
            last = Status(**self.ray.get(actor.end.remote(now), timeout=120))
        except self.ray.exceptions.RayError as err:
            last = Status(name, STOPPED, self.specs[name].cpu, self.specs[name].memory_mb, detail=str(err)[:200])
        self._release(name, last)

    def stop(self, name: str) -> None:
        self._end(name, now=True)

    def drain(self, name: str) -> None:
        self._end(name, now=False)

    def close(self) -> None:
        for name in list(self.actors):
            self._end(name, now=True)
