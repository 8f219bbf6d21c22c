"""The local engine (the default): one OS process per show on this machine, each watched by its
own supervisor thread that restarts a crashed show with backoff, resumed from its audit log.

Why a thread per show: it starts the process and waits on it, so it outlives it, which is what
PR_SET_PDEATHSIG needs (the show dies with the thread that started it, i.e. with the fleet).
A show that exits 0 ended; one that exits 2 refused to start (a broken file, a failed pre-show
checklist) and is not restarted, since starting it again cannot fix that.
"""

from __future__ import annotations

import threading
from pathlib import Path

from ..models import Fleet, UserError
from .engine import Engine, ShowSpec, available_memory_mb, machine_cpus
from .process import FAILED, RESTARTING, STOPPED, USER_ERROR, ShowProcess, Status


class Supervised:
    """One show, its process and the thread that keeps it running."""

    def __init__(self, spec: ShowSpec, fleet: Fleet):
        self.spec, self.restart = spec, fleet.restart
        self.process = ShowProcess(spec.name, spec.show_file, spec.record, spec.cpu, spec.memory_mb)
        self.state: str | None = None  # set when the supervisor knows better than the process
        self.detail = ""
        self.restarts = 0
        self._wake = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"supervise-{spec.name}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            self.state = None
            try:
                self.process.start()
            except OSError as err:  # no Python to run, no room for its recording folder
                self.state, self.detail = FAILED, f"could not start: {err}"
                return
            code = self.process.wait()
            self.process.crash_cleanup()
            if code == 0 or self.process.ended_by:
                return  # ended, or stopped: the process's status says which
            if code == USER_ERROR or self.restarts >= self.restart.max_restarts:
                self.state = FAILED
                self.detail = (f"exited {code}: see {self.process.log_file}" if code == USER_ERROR else
                               f"crashed {self.restarts + 1} times (exit {code}); restarts are used up "
                               f"(max_restarts {self.restart.max_restarts})")
                return
            self.restarts += 1
            delay = self.restart.delay(self.restarts)
            self.state, self.detail = RESTARTING, f"exit {code}; restart {self.restarts} in {delay:g} s, resuming"
            if self._wake.wait(delay):  # stopped while waiting
                self.state, self.detail = STOPPED, ""
                return
            self.detail = ""

    def status(self) -> Status:
        return self.process.status(self.state, self.detail, self.restarts)

    def end(self, now: bool) -> None:
        self._wake.set()
        self.process.end(now)


class LocalEngine(Engine):
    kind = "local"

    def __init__(self, fleet: Fleet, base_dir: Path, record: Path):
        super().__init__(fleet, base_dir, record)
        self.running: dict[str, Supervised] = {}
        self._capacity = (machine_cpus(), available_memory_mb())  # memory: before any show takes its share

    def capacity(self) -> tuple[float, int]:
        return self._capacity

    def _launch(self, spec: ShowSpec) -> None:
        self.running[spec.name] = Supervised(spec, self.fleet)

    def _status(self, spec: ShowSpec) -> Status | None:
        show = self.running.get(spec.name)
        return show.status() if show is not None else None

    def stop(self, name: str) -> None:
        self._end(name, now=True)

    def drain(self, name: str) -> None:
        self._end(name, now=False)

    def _end(self, name: str, now: bool) -> None:
        show = self.running.get(self.spec(name).name)
        if show is None:
            raise UserError(f"show {name!r} is not running")
        show.end(now)
        show.thread.join(30)

    def close(self) -> None:
        threads = []
        for show in self.running.values():
            t = threading.Thread(target=show.end, args=(True,), daemon=True)
            t.start()
            threads.append(t)
        for t in threads:
            t.join(30)
