"""The live show's figures, with everything on (director + guard + voice + avatar + overlays +
x264/AAC encode + segmented recording), at 720p30 on this machine's cores.

1. speed: 60 s of show rendered to a file as fast as possible. Target >= 1.5x real time.
2. a real-time show of --minutes (default 10) with viewer questions posted over HTTP every few
   seconds:
   - comment -> first answer audio latency p50/p95 (accepted by the inbox -> the answer's first
     sample leaves playout). Target p95 <= 1.5 s.
   - A/V offset: start and end of the audio and video tracks in the recording, and the drift
     of speech onsets (recorded audio) against the stream times the picture switched to each
     sentence (audit log), first minute against last. Target <= 40 ms.
   - RSS growth after a two-minute warm-up (medians of the first and the last minute), and
     its trend. Target <= 5%.

Run: .venv/bin/python bench/live.py [--minutes 2.5] [--skip-speed]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import av  # noqa: E402
import httpx  # noqa: E402
import numpy as np  # noqa: E402

from host_runtime.cli import build_parser  # noqa: E402
from host_runtime.cli.live import build_show  # noqa: E402

#: model warm-up, caches filling to their bounds, allocator arenas reaching their working size
WARM_UP_S = 120.0
QUESTIONS = ["How much is the {name}?", "Is the {name} in stock?", "What is the price of the {name} today?",
             "Does the {name} ship free?", "What are the returns on the {name}?", "Any deal on the {name}?"]


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def show_args(record: Path, seconds: float, chat: bool) -> argparse.Namespace:
    argv = ["live", "--record", str(record), "--duration", f"{seconds:g}"]
    return build_parser().parse_args(argv + (["--chat-port", "0"] if chat else []))


def speed(seconds: float = 60.0) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        show = build_show(show_args(Path(tmp) / "rec", seconds, chat=False), realtime=False)
        result = show.run()
    print(f"speed: {result.stream_seconds:.1f} s of show in {result.wall_seconds:.1f} s "
          f"= {result.stream_seconds / result.wall_seconds:.2f}x real time (target >= 1.5x); "
          f"{result.utterances} sentences")


def poster(show, stop: threading.Event, every: float) -> None:  # type: ignore[no-untyped-def]
    """Viewers asking about random products every `every` s on average (one question each, so
    the per-user rate limit never applies)."""
    rng = random.Random(1)
    show.started.wait()
    n = 0
    while not stop.wait(rng.uniform(0.5, 1.5) * every):
        product = rng.choice(show.catalog.products)
        n += 1
        try:
            httpx.post(show.chat_url, json={"user": f"viewer{n}", "text": rng.choice(QUESTIONS).format(name=product.name)},
                       timeout=5)
        except httpx.HTTPError:
            pass


def onsets(path: Path, times: list[float], window: float = 0.6) -> list[float]:
    """Seconds from each stamped stream time to the first audible 5 ms of speech after it."""
    with av.open(str(path)) as c:
        rate = c.streams.audio[0].rate
        audio = np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)])
    audio = audio * (32768 if np.abs(audio).max() <= 1.5 else 1)
    hop = rate // 200
    out = []
    for t in times:
        a = audio[int(t * rate):int((t + window) * rate)]
        frames = a[: len(a) // hop * hop].reshape(-1, hop)
        loud = np.nonzero(np.sqrt((frames ** 2).mean(axis=1)) > 500)[0]
        if loud.size:
            out.append(loud[0] * hop / rate)
    return out


def track_edges(path: Path) -> tuple[float, float]:
    """|video start - audio start| and |video end - audio end| in the recording, seconds."""
    edges = {}
    with av.open(str(path)) as c:
        for kind in ("video", "audio"):
            stream = c.streams.video[0] if kind == "video" else c.streams.audio[0]
            first = last = None
            for packet in c.demux(stream):
                if packet.pts is None:
                    continue
                t0 = float(packet.pts * stream.time_base)
                t1 = t0 + float((packet.duration or 0) * stream.time_base)
                first = t0 if first is None else min(first, t0)
                last = t1 if last is None else max(last, t1)
            edges[kind] = (first or 0.0, last or 0.0)
            c.seek(0)
    return abs(edges["video"][0] - edges["audio"][0]), abs(edges["video"][1] - edges["audio"][1])


def long_run(minutes: float, comment_every: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        record = Path(tmp) / "rec"
        show = build_show(show_args(record, minutes * 60, chat=True))
        load_before = os.getloadavg()[0]
        samples: list[tuple[float, float]] = []
        stop = threading.Event()

        def sample() -> None:
            show.started.wait()
            while not stop.wait(5):
                samples.append((show.stream_time, rss_mb()))

        threads = [threading.Thread(target=sample, daemon=True),
                   threading.Thread(target=poster, args=(show, stop, comment_every), daemon=True)]
        for t in threads:
            t.start()
        result = show.run()
        stop.set()
        said = [json.loads(line) for line in show.audit_path.read_text().splitlines()]
        times = [r["stream_time"] for r in said if r["kind"] == "utterance"]
        stale = sum(1 for r in said if r.get("event") == "comment_dropped" and "stale" in r["details"]["reason"])
        start_gap, end_gap = track_edges(result.recording) if result.recording else (float("nan"),) * 2
        found = onsets(result.recording, times) if result.recording else []
    lat = sorted(result.answer_latencies)
    print(f"long run: {result.stream_seconds:.0f} s of show, {result.utterances} sentences, "
          f"{len(lat)} answers, {stale} questions dropped as stale, "
          f"{result.frames_repeated} frames repeated (render behind real time); "
          f"machine load average {load_before:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    if lat:
        p95 = lat[min(len(lat) - 1, int(round(0.95 * (len(lat) - 1))))]
        print(f"comment -> first answer audio: p50 {statistics.median(lat):.2f} s, p95 {p95:.2f} s, "
              f"max {lat[-1]:.2f} s (target p95 <= 1.5 s)")
        ready = sorted(show.answer_ready)
        if ready:
            print(f"  of which triage + answer + first voice piece: p50 {statistics.median(ready):.2f} s, "
                  f"p95 {ready[min(len(ready) - 1, int(round(0.95 * (len(ready) - 1))))]:.2f} s; the rest is "
                  f"the clause being spoken finishing (answers take the next clause boundary)")
    print(f"A/V offset in the recording: start {start_gap * 1000:.1f} ms, end {end_gap * 1000:.1f} ms (target <= 40 ms)")
    if len(found) >= 4:
        k = max(1, len(found) // 4)
        drift = statistics.median(found[-k:]) - statistics.median(found[:k])
        print(f"speech onset after its picture cue: median {statistics.median(found) * 1000:.0f} ms "
              f"(the voice's own lead-in), drift first->last quarter {drift * 1000:+.1f} ms")
    # caches fill in the first minutes (caption sprites, mouth patches, the 10-minute memory
    # of what was said): growth is measured after WARM_UP_S (or a third of a shorter run).
    # RSS saw-tooths by ~100 MB within a minute (a sentence being voiced or drafted holds its
    # buffers until they are freed and trimmed), so a minute is summed up by its median: growth
    # is the last minute's median against the first minute's after warm-up, and the slope of
    # the per-minute medians says whether it would stay flat for days
    start = min(WARM_UP_S, result.stream_seconds / 3)
    by_minute: dict[int, list[float]] = {}
    for t, rss in samples:
        if t >= start:
            by_minute.setdefault(int((t - start) // 60), []).append(rss)
    medians = [(start + 60 * k + 30, statistics.median(v)) for k, v in sorted(by_minute.items()) if len(v) >= 6]
    if len(medians) >= 2:
        (t0, first), (t1, last) = medians[0], medians[-1]
        growth = (last - first) / first * 100
        slope = float(np.polyfit([t for t, _ in medians], [m for _, m in medians], 1)[0]) * 3600
        timeline = ", ".join(f"{t / 60:.1f} min {m:.0f}" for t, m in medians)
        print(f"RSS (median of each minute after a {start / 60:.1f}-minute warm-up): {first:.0f} MB -> {last:.0f} MB "
              f"({growth:+.1f}%; target <= 5%), trend {slope:+.0f} MB/hour, peak {max(r for _, r in samples):.0f} MB; "
              f"per minute (MB): {timeline}")
    print("RSS samples (MB): " + ", ".join(f"{t / 60:.1f} min {rss:.0f}" for t, rss in samples[::6]))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=10.0, help="length of the real-time run (default: 10)")
    p.add_argument("--comment-every", type=float, default=15.0, help="mean seconds between viewer questions (default: 15)")
    p.add_argument("--skip-speed", action="store_true", help="only the real-time run")
    args = p.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if not args.skip_speed:
        speed()
    long_run(args.minutes, args.comment_every)


if __name__ == "__main__":
    main()
