"""The long run (not CI): one real-time show for --minutes (the target run is 120) with viewer
questions every few seconds, its process sampled every 10 s from outside. Prints the RSS trend
after warm-up (target <= 20 MB/hour), the A/V offset at the end of the recording (target
<= 40 ms), and threads and open files at the start and end of the run (target: no growth).

RSS is split as the kernel counts it: anonymous memory (the heap, what a leak grows) and pages
of mapped files (the model files llama.cpp maps, paged in while it answers and dropped again
when other processes need the page cache). The second swings by hundreds of MB on a busy box
and is no leak, so the target is judged on the first; both trends are printed.

Run: .venv/bin/python bench/soak.py [--minutes 120] [--warm-up 10]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
import numpy as np  # noqa: E402

from live import QUESTIONS, track_edges  # noqa: E402
from tests.test_live import AS_OF, Live  # noqa: E402


class Sample(NamedTuple):
    t: float
    rss: float  # MB, all resident pages
    anon: float  # MB, anonymous (heap) pages
    threads: int
    files: int


def sample(pid: int, t: float) -> Sample:
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    mb = lambda key: int(status[key].split()[0]) / 1024  # noqa: E731
    return Sample(t, mb("VmRSS"), mb("RssAnon"), int(status["Threads"]), len(os.listdir(f"/proc/{pid}/fd")))


def trend(points: list[tuple[float, float]]) -> float:
    """Least-squares slope in MB/hour."""
    return float(np.polyfit([t for t, _ in points], [v for _, v in points], 1)[0]) * 3600 if len(points) >= 2 else float("nan")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--minutes", type=float, default=120.0)
    p.add_argument("--warm-up", type=float, default=10.0, help="minutes left out of the RSS trend (default: 10)")
    p.add_argument("--comment-every", type=float, default=10.0)
    args = p.parse_args()
    rng = random.Random(0)
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        record = Path(tmp) / "rec"
        live = Live(["--record", str(record), "--duration", f"{args.minutes * 60:g}", "--chat-port", "0",
                     "--as-of", AS_OF], {**os.environ, "PYTHONUNBUFFERED": "1", "HF_HUB_OFFLINE": "1"})
        url = live.wait_for("comments: POST").rsplit(" ", 1)[-1].strip()
        live.wait_for("Ctrl-C ends the show")
        start = time.monotonic()
        samples: list[Sample] = []
        next_comment, n = start, 0
        while live.proc.poll() is None and time.monotonic() - start < args.minutes * 60:
            now = time.monotonic()
            if now >= next_comment:
                n += 1
                try:
                    httpx.post(url, json={"user": f"viewer{n}", "text": rng.choice(QUESTIONS).format(name="AeroPress Go")},
                               timeout=5)
                except httpx.HTTPError:
                    pass
                next_comment = now + rng.uniform(0.5, 1.5) * args.comment_every
            if not samples or now - start - samples[-1].t >= 10:
                samples.append(sample(live.proc.pid, now - start))
            time.sleep(0.5)
        code, _, err = live.finish(timeout=120)
        start_gap, end_gap = track_edges(record / "show.mp4")
    warm = [x for x in samples if x.t >= args.warm_up * 60] or samples
    print(f"soak: {args.minutes:g} min, exit {code}, {n} questions posted")
    print(f"heap (anonymous RSS) after a {args.warm_up:g}-minute warm-up: {warm[0].anon:.0f} -> {warm[-1].anon:.0f} MB, "
          f"trend {trend([(x.t, x.anon) for x in warm]):+.1f} MB/hour (target <= 20), peak {max(x.anon for x in samples):.0f} MB")
    print(f"RSS with mapped model files: {warm[0].rss:.0f} -> {warm[-1].rss:.0f} MB, "
          f"trend {trend([(x.t, x.rss) for x in warm]):+.1f} MB/hour, peak {max(x.rss for x in samples):.0f} MB")
    print(f"A/V offset in the recording: start {start_gap * 1000:.1f} ms, end {end_gap * 1000:.1f} ms (target <= 40)")
    print(f"threads: {samples[0].threads} at the start, {samples[-1].threads} at the end, max {max(x.threads for x in samples)}; "
          f"open files: {samples[0].files} -> {samples[-1].files}, max {max(x.files for x in samples)}")
    print("samples (min: heap/RSS MB/threads/files): " + ", ".join(
        f"{x.t / 60:.1f}: {x.anon:.0f}/{x.rss:.0f}/{x.threads}/{x.files}" for x in samples[::6]))
    if code:
        print(err[-2000:])


if __name__ == "__main__":
    main()
