"""`host-runtime fleet`: run a fleet file's shows, each its own process, supervised."""

from __future__ import annotations

import argparse
import datetime as dt
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..models import load_fleet


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "fleet", help="run many shows at once from a fleet file, each its own process, supervised",
        description="Run every show of a fleet file, each as its own `host-runtime live` process in its own process "
        "group: a crashed show is restarted with backoff and resumed from its audit log; a show the CPU or memory "
        "budget cannot hold in real time is refused, with the reason. The local engine runs the shows on this "
        "machine; the ray engine runs one detached actor per show on a Ray cluster. Ctrl-C or SIGTERM drains every "
        "show (closing lines); a second one stops them at once.")
    p.add_argument("file", type=Path, help="a fleet file (YAML; see shows/demo.fleet.yaml)")
    p.add_argument("--engine", choices=["local", "ray"], help="override the file's engine (default: the file's, local)")
    p.add_argument("--record", type=Path, metavar="DIR",
                   help="where every show records (DIR/<show>/); running the same DIR again resumes its shows "
                   "(default: recordings/fleet-<timestamp>/)")
    p.add_argument("--console-port", type=int, metavar="N",
                   help="serve the fleet console on 127.0.0.1:N (0: any free port): every show with its state and a "
                   "link to its own console, start, stop, drain; the fleet then runs until Ctrl-C")
    p.add_argument("--ray-address", metavar="ADDR", help="a running Ray cluster (default: RAY_ADDRESS, else a local one)")
    p.set_defaults(func=run_fleet)


def run_fleet(args: argparse.Namespace) -> int:
    from ..models import UserError

    fleet = load_fleet(args.file)
    if args.console_port is not None and not 0 <= args.console_port <= 65535:
        raise UserError(f"--console-port must be 0-65535, not {args.console_port}")
    record = args.record or Path("recordings") / dt.datetime.now().strftime("fleet-%Y%m%d-%H%M%S")
    base = args.file.resolve().parent
    if (args.engine or fleet.engine) == "ray":
        from ..fleet.ray_engine import RayEngine

        engine: Any = RayEngine(fleet, base, record.resolve(), args.ray_address)
    else:
        from ..fleet.local import LocalEngine

        engine = LocalEngine(fleet, base, record.resolve())
    console = None
    ending = Ending()
    try:
        with ending.on_signals():
            if args.console_port is not None:
                from ..console.fleet import FleetConsole

                console = FleetConsole(engine, args.console_port).start()
                print(f"fleet console: {console.url}  (the token is good for this fleet only)", flush=True)
            cores, memory = engine.budget()
            print(f"fleet: {fleet.fleet}: {len(engine.specs)} shows on the {engine.kind} engine, "
                  f"budget {cores:g} cores and {memory} MB; recording to {record}/", flush=True)
            engine.start_all()  # a refused show is printed with its reason by watch
            watch(engine, ending, keep_running=console is not None)
    finally:
        engine.close()
        if console is not None:
            console.stop()
    failed = [s.name for s in engine.statuses() if s.state == "failed"]
    return 1 if failed else 0


class Ending:
    """Ctrl-C / SIGTERM: the first drains every show, the second stops them at once."""

    def __init__(self) -> None:
        self.asked = 0
        self.event = threading.Event()

    def _handle(self, signum: int, frame: Any) -> None:
        self.asked += 1
        self.event.set()

    @contextmanager
    def on_signals(self) -> Iterator[None]:
        previous = {s: signal.signal(s, self._handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for s, h in previous.items():
                signal.signal(s, h)


def watch(engine: Any, ending: Ending, keep_running: bool) -> None:
    """Print each show's state as it changes, until every show is over (or, with a console, until
    Ctrl-C); a signal drains or stops them."""
    seen: dict[str, tuple[str, str]] = {}
    acted = 0
    while True:
        statuses = engine.statuses()
        for s in statuses:
            now = (s.state, s.detail)
            if seen.get(s.name) != now:
                seen[s.name] = now
                extra = f" ({s.detail})" if s.detail else ""
                where = f"; its console: {s.console.split('?')[0]}" if s.console else ""
                print(f"fleet: {s.name} {s.state}{extra}{where}", flush=True)
        if ending.asked > acted:
            acted = ending.asked
            running = [s.name for s in statuses if s.state in ("scheduled", "warming up", "live", "restarting")]
            print(f"fleet: {'draining' if acted == 1 else 'stopping'} {', '.join(running) or 'nothing'}", flush=True)
            for name in running:
                threading.Thread(target=engine.drain if acted == 1 else engine.stop, args=(name,), daemon=True).start()
        if engine.done() and (not keep_running or acted):
            return
        ending.event.wait(1.0)
        ending.event.clear()
