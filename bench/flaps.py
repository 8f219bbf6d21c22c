"""Ingest flaps, the long version of tests/test_ingest_flaps.py: 10 outages of 3 to 10 s in
10 minutes of a real-time broadcast to three real nginx-rtmp servers (one flapping, one down
for good, one steady). Prints each reconnect delay after the server's return (target < 5 s),
the local recording's largest gap between frames (target < 1.5 frames) and whether the steady
ingest got one unbroken publish.

Run: .venv/bin/python bench/flaps.py [--minutes 10] [--outages 10] [--seed 0]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.rtmp_fixtures import probe, run_flaps, video_times  # noqa: E402


def schedule(seconds: float, count: int, rng: random.Random) -> list[tuple[float, float]]:
    """`count` outages of 3-10 s, evenly spread with jitter, each followed by at least 5 s up."""
    slot = seconds / count
    out = []
    for i in range(count):
        length = rng.uniform(3, 10)
        start = i * slot + rng.uniform(2, max(2.0, slot - length - 5))
        out.append((round(start, 2), round(start + length, 2)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--outages", type=int, default=10)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    seconds = args.minutes * 60
    outages = schedule(seconds, args.outages, random.Random(args.seed))
    with tempfile.TemporaryDirectory(prefix="flaps-") as work:
        run = run_flaps(Path(work), outages, seconds)
        delays = run.reconnect_delays()
        frames = video_times(sorted(run.record.glob("rec-*.ts")))
        gap = max(b - a for a, b in zip(frames, frames[1:]))
        steady = [probe(flv).duration for flv in run.steady.recordings()]
    print(f"outages (s): {', '.join(f'{a:.0f}-{b:.0f}' for a, b in outages)}")
    print(f"reconnect after the server came back (s): {', '.join(f'{d:.2f}' for d in delays)}; "
          f"max {max(delays):.2f} (target < 5)")
    print(f"local recording: {len(frames)} frames of {round(seconds * 30)}; largest gap {gap * 1000:.0f} ms "
          f"(target < {1.5 / 30 * 1000:.0f})")
    print(f"steady ingest: {len(steady)} publish(es), {sum(steady):.1f} s of {seconds:.0f} (target: 1, all of it)")


if __name__ == "__main__":
    main()
