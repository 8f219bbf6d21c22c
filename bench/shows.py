"""N shows on one box: for N = 1..4 real-time shows of the demo started together, each pushing
to a real nginx-rtmp (tests/rtmp_fixtures.py) and recording locally, print per show its stream
time over its time on air (target >= 0.995), repeated frames (target <= 1%, 0.1% for the
10-minute acceptance run) and RSS (median and peak; target <= 1 GB), then the speed factor of
one show rendered as fast as possible (target >= 4x).

The pace is read from the audit log's utterance records (stream time and wall time of each
sentence as it started playing, first to last), so the same script measures older builds too.
The figures depend on what else the machine runs: the load average is printed with them.

Run: .venv/bin/python bench/shows.py [--shows 1,2,3,4] [--seconds 120] [--skip-speed]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.rtmp_fixtures import running_nginx  # noqa: E402
from tests.test_faults import rss_mb  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-11-28T12:00:00Z"


def figures(audit: Path) -> dict[str, float]:
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    said = [r for r in records if r["kind"] == "utterance"]
    stop = next(r for r in records if r.get("event") == "stop")["details"]
    first, last = said[0], said[-1]
    pace = (last["stream_time"] - first["stream_time"]) / max(1e-9, last["wall_time"] - first["wall_time"])
    return {"pace": pace, "repeated": 100 * stop["frames_repeated"] / max(1, stop["frames"]),
            "sentences": len(said), "stream_s": last["stream_time"]}


def run_shows(n: int, seconds: float, work: Path, ingest: str) -> None:
    procs, rss = [], {}
    for k in range(n):
        record = work / f"n{n}-show{k}"
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "host_runtime.cli", "live", "--record", str(record), "--duration", f"{seconds:g}",
             "--as-of", AS_OF, "--ingest", f"{ingest}/show{n}-{k}"], cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "HF_HUB_OFFLINE": "1"}))
        rss[k] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(2.0):
            for k, p in enumerate(procs):
                try:
                    rss[k].append(rss_mb(p.pid))
                except OSError:  # it has just ended
                    pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    load = os.getloadavg()[0]
    codes = [p.wait() for p in procs]
    done.set()
    for k in range(n):
        f = figures(work / f"n{n}-show{k}" / "audit.jsonl")
        print(f"N={n} show {k}: exit {codes[k]}; stream/air {f['pace']:.4f}; repeated frames {f['repeated']:.2f}%; "
              f"RSS median {statistics.median(rss[k]):.0f} MB, peak {max(rss[k]):.0f} MB; "
              f"{f['sentences']} sentences in {f['stream_s']:.0f} s", flush=True)
    print(f"N={n}: load average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end", flush=True)


def speed(work: Path, seconds: float = 60.0) -> None:
    record = work / "speed"
    code = ("import sys; from host_runtime.cli import build_parser; from host_runtime.cli.live import build_show; "
            f"a = build_parser().parse_args(['live', '--record', {str(record)!r}, '--duration', '{seconds:g}']); "
            "r = build_show(a, realtime=False).run(); print(r.stream_seconds, r.wall_seconds)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "HF_HUB_OFFLINE": "1"})
    stream, wall = map(float, out.stdout.split()[-2:])
    print(f"one show as fast as possible: {stream:.1f} s of show in {wall:.1f} s = {stream / wall:.2f}x real time "
          f"(target >= 4x)", flush=True)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shows", default="1,2,3,4", help="how many shows at once, comma-separated (default: 1,2,3,4)")
    p.add_argument("--seconds", type=float, default=120.0, help="stream seconds of each show (default: 120)")
    p.add_argument("--skip-speed", action="store_true")
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="shows-") as tmp:
        work = Path(tmp)
        with running_nginx(work / "nginx") as nginx:
            for n in (int(x) for x in args.shows.split(",")):
                run_shows(n, args.seconds, work, nginx.app_url)
                time.sleep(2)
        if not args.skip_speed:
            speed(work)


if __name__ == "__main__":
    main()
