"""The long run (not CI): one real-time show for --minutes (the target run is 120) with viewer
questions every few seconds, its process sampled every 10 s from outside. Prints the RSS trend
after warm-up (target <= 20 MB/hour), the A/V offset at the end of the recording (target
<= 40 ms), and threads and open files at the start and end of the run (target: no growth).

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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import httpx  # noqa: E402
import numpy as np  # noqa: E402

from live import QUESTIONS, track_edges  # noqa: E402
from tests.test_live import AS_OF, Live  # noqa: E402


def sample(pid: int) -> tuple[float, int, int]:
    """(RSS MB, threads, open files) of a process."""
    status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(status["VmRSS"].split()[0]) / 1024, int(status["Threads"]), len(os.listdir(f"/proc/{pid}/fd"))


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
        samples: list[tuple[float, float, int, int]] = []
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
            if not samples or now - start - samples[-1][0] >= 10:
                samples.append((now - start, *sample(live.proc.pid)))
            time.sleep(0.5)
        code, _, err = live.finish(timeout=120)
        start_gap, end_gap = track_edges(record / "show.mp4")
    warm = [(t, rss) for t, rss, _, _ in samples if t >= args.warm_up * 60] or [(t, r) for t, r, _, _ in samples]
    slope = float(np.polyfit([t for t, _ in warm], [r for _, r in warm], 1)[0]) * 3600 if len(warm) >= 2 else float("nan")
    print(f"soak: {args.minutes:g} min, exit {code}, {n} questions posted")
    print(f"RSS after a {args.warm_up:g}-minute warm-up: {warm[0][1]:.0f} -> {warm[-1][1]:.0f} MB, "
          f"trend {slope:+.1f} MB/hour (target <= 20), peak {max(r for _, r, _, _ in samples):.0f} MB")
    print(f"A/V offset in the recording: start {start_gap * 1000:.1f} ms, end {end_gap * 1000:.1f} ms (target <= 40)")
    print(f"threads: {samples[0][2]} at the start, {samples[-1][2]} at the end, max {max(s[2] for s in samples)}; "
          f"open files: {samples[0][3]} -> {samples[-1][3]}, max {max(s[3] for s in samples)}")
    print("samples (min: MB/threads/files): " + ", ".join(f"{t / 60:.1f}: {r:.0f}/{th}/{fd}"
                                                          for t, r, th, fd in samples[::6]))
    if code:
        print(err[-2000:])


if __name__ == "__main__":
    main()
