"""A fleet on one box, per engine (local, ray): how many real-time shows it holds, how long a show
takes to come back after a crash, and what Ray costs per show.

For each engine: one show started alone (seconds from start to live), then crashed (`kill -9` of
the show's process on the local engine, `ray.kill` of its actor on Ray: seconds to live again,
resumed); on Ray, the RSS of the actor process that holds each show and of Ray's own daemons.
Then N shows at once through the engine, each pushing to a real nginx-rtmp, their pace read from
their audit logs as bench/shows.py does: a show keeps real time when its stream time over its time
on air is >= 0.995 and it repeats <= 1% of its frames (issue 15's targets); the largest N where
every show keeps it is what the box holds.

Last, memory: a show with its embedded model against a show whose model is one shared
OpenAI-compatible server (the same SmolLM2, served by tests/model_fixtures.py), and that server.

The figures depend on what else the machine runs: the load average is printed with them.

Run: .venv/bin/python bench/fleet.py [--engines local,ray] [--shows 2,3,4] [--seconds 60] [--skip-model]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.shows import figures  # noqa: E402
from host_runtime.fleet.engine import Engine  # noqa: E402
from host_runtime.models import load_fleet  # noqa: E402
from tests.rtmp_fixtures import running_nginx  # noqa: E402
from tests.test_faults import rss_mb  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RAY_DAEMONS = ("gcs_server", "raylet", "dashboard", "log_monitor", "monitor.py", "runtime_env", "ray::IDLE")


def write_fleet(work: Path, n: int, seconds: float, ingest: str) -> Path:
    """N demo shows (persona, catalog, default rundown, the model at its default share), each to its own stream;
    a budget none of them is refused by: this measures what the box holds, not what the fleet admits."""
    shows = "".join(f"""  - name: s{k}
    persona: {ROOT}/personas/nova.yaml
    catalog: {ROOT}/product_catalog/demo.yaml
    rundown: {ROOT}/scripts/default.yaml
    destinations: ['{ingest}/n{n}-s{k}']
    cpu: 0.1
    memory_mb: 100
    schedule: {{duration_minutes: {seconds / 60:g}, warmup_s: 0, wrapup_s: 0}}
""" for k in range(n))
    path = work / f"n{n}.fleet.yaml"
    path.write_text(f"fleet: bench-{n}\ncpu_budget: 100\nrestart: {{max_restarts: 3, backoff_s: 0}}\nshows:\n{shows}")
    return path


def open_engine(kind: str, path: Path, record: Path) -> Engine:
    if kind == "ray":
        from host_runtime.fleet.ray_engine import RayEngine

        return RayEngine(load_fleet(path), path.parent, record)
    from host_runtime.fleet.local import LocalEngine

    return LocalEngine(load_fleet(path), path.parent, record)


def status(engine: Engine, name: str) -> Any:
    return next(s for s in engine.statuses() if s.name == name)


def wait_state(engine: Engine, name: str, test: Any, timeout: float = 300) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        s = status(engine, name)
        if test(s):
            return s
        time.sleep(0.2)
    raise RuntimeError(f"{name}: timed out, last state {s.state} {s.detail}")


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def ray_daemons_mb() -> float:
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes()
                if any(d.encode() in cmd for d in RAY_DAEMONS):
                    total += rss_mb(int(entry.name))
            except OSError:
                pass
    return total


def crash_and_restart(kind: str, work: Path, ingest: str) -> None:
    path = write_fleet(work, 1, 120, ingest)
    engine = open_engine(kind, path, work / f"{kind}-one")
    try:
        started = time.monotonic()
        engine.start("s0")
        live = wait_state(engine, "s0", lambda s: s.state == "live")
        print(f"{kind}: one show, start to live {time.monotonic() - started:.1f} s; show RSS {rss_mb(live.pid):.0f} MB",
              flush=True)
        time.sleep(5)
        if kind == "ray":
            actor = parent_of(live.pid)
            print(f"ray: the actor process holding the show: RSS {rss_mb(actor):.0f} MB; Ray's own processes "
                  f"(gcs, raylet, ...) {ray_daemons_mb():.0f} MB for the whole cluster", flush=True)
            killed = time.monotonic()
            engine.ray.kill(engine.actors["s0"], no_restart=False)  # type: ignore[attr-defined]
        else:
            killed = time.monotonic()
            os.kill(live.pid, signal.SIGKILL)
        back = wait_state(engine, "s0", lambda s: s.state == "live" and s.restarts >= 1)
        print(f"{kind}: after {'ray.kill of its actor' if kind == 'ray' else 'kill -9 of the show'}: live again, "
              f"resumed, in {time.monotonic() - killed:.1f} s (restart {back.restarts})", flush=True)
    finally:
        engine.close()


def capacity(kind: str, n: int, seconds: float, work: Path, ingest: str) -> bool:
    path = write_fleet(work, n, seconds, ingest)
    record = work / f"{kind}-n{n}"
    engine = open_engine(kind, path, record)
    load = os.getloadavg()[0]
    try:
        engine.start_all()
        while not engine.done():
            time.sleep(1)
    finally:
        engine.close()
    paces, repeated = [], []
    for k in range(n):
        f = figures(record / f"s{k}" / "audit.jsonl")
        paces.append(f["pace"])
        repeated.append(f["repeated"])
        print(f"{kind} N={n} s{k}: stream/air {f['pace']:.4f}; repeated frames {f['repeated']:.2f}%; "
              f"{f['sentences']} sentences", flush=True)
    holds = min(paces) >= 0.995 and max(repeated) <= 1.0
    print(f"{kind} N={n}: {'holds' if holds else 'does NOT hold'} real time (worst pace {min(paces):.4f}, worst repeated "
          f"frames {max(repeated):.2f}%); load average "
          f"{load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end", flush=True)
    return holds


def sampled_rss(command: list[str], env: dict[str, str], seconds: float) -> float:
    """Median RSS (MB) of a `live` process over its show, sampled every 2 s after a 10 s warm-up."""
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    samples = []
    started = time.monotonic()
    while proc.poll() is None:
        if time.monotonic() - started > 10:
            try:
                samples.append(rss_mb(proc.pid))
            except OSError:
                break
        time.sleep(2)
    proc.wait()
    return statistics.median(samples)


def model_memory(work: Path, seconds: float = 40) -> None:
    """One embedded model per show (llama.cpp in each show's process) against one OpenAI-compatible
    server that many shows share (the same model, tests/model_fixtures.py, serving it for real)."""
    from tests.model_fixtures import faulty_model_server
    from tests.rtmp_fixtures import free_port

    base = [sys.executable, "-m", "host_runtime.cli", "live", "--duration", f"{seconds:g}", "--llm-share", "0.3"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    embedded = sampled_rss([*base, "--record", str(work / "embedded")], env, seconds)
    port = free_port()
    with faulty_model_server(port, ["ok"]) as server:
        server_pid = next(int(e.name) for e in Path("/proc").iterdir() if e.name.isdigit() and
                          f"model_fixtures.py {port}".encode() in (e / "cmdline").read_bytes().replace(b"\0", b" "))
        remote = sampled_rss([*base, "--record", str(work / "remote"), "--backend", "openai"],
                             {**env, "OPENAI_BASE_URL": f"{server.url}/v1", "HOST_RUNTIME_LLM_MODEL": "smollm2"}, seconds)
        served = rss_mb(server_pid)
    print(f"model: a show with its embedded model {embedded:.0f} MB; with a shared OpenAI-compatible server "
          f"{remote:.0f} MB, the server {served:.0f} MB once", flush=True)
    for n in (2, 4, 8):
        print(f"model: {n} shows: embedded {n * embedded:.0f} MB, shared server {n * remote + served:.0f} MB",
              flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--engines", default="local,ray", help="comma-separated (default: local,ray)")
    p.add_argument("--shows", default="2,3,4", help="how many shows at once, comma-separated (default: 2,3,4)")
    p.add_argument("--seconds", type=float, default=60.0, help="stream seconds of each show (default: 60)")
    p.add_argument("--skip-model", action="store_true", help="skip the embedded model vs shared server memory figures")
    args = p.parse_args()
    print(f"machine: {len(os.sched_getaffinity(0))} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="fleet-") as tmp:
        work = Path(tmp)
        with running_nginx(work / "nginx") as nginx:
            for kind in args.engines.split(","):
                if kind == "ray":
                    import ray

                    started = time.monotonic()
                    ray.init(include_dashboard=False, log_to_driver=False)
                    print(f"ray: a local cluster up in {time.monotonic() - started:.1f} s", flush=True)
                try:
                    crash_and_restart(kind, work, nginx.app_url)
                    held = 1
                    for n in (int(x) for x in args.shows.split(",")):
                        if capacity(kind, n, args.seconds, work, nginx.app_url):
                            held = n
                    print(f"{kind}: this machine holds {held} real-time shows", flush=True)
                finally:
                    if kind == "ray":
                        ray.shutdown()
        if not args.skip_model:
            model_memory(work)


if __name__ == "__main__":
    main()
