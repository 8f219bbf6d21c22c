"""TTS speed and lip-sync figures.

* real-time factor (synthesis time / audio time; target <= 0.1) and first-audio latency
  (text in -> first sentence's PCM out; target < 300 ms) for piper and espeak;
* first-audio latency of long sentences (4-6 s of speech) spoken whole and in clause pieces
  (`say_clauses`, target < 300 ms), median of a few runs, with the pause at each join
  against the longest pause piper leaves inside the same sentence spoken whole;
* lip-sync lag: the lag of the best cross-correlation between the mouth opening the avatar
  draws and the speech envelope (target |lag| <= 40 ms; positive = mouth late).
Run: .venv/bin/python bench/voice.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

from host_runtime.avatar import MouthTrack  # noqa: E402
from host_runtime.models.persona import Voice  # noqa: E402
from host_runtime.voice import Speech, Utterance, engine_for  # noqa: E402

TEXT = ("Welcome back to the stream. I'm Nova, an AI-generated virtual host. "
        "Today we are looking at the AeroPress Go, a travel coffee press that brews a cup in about one minute. "
        "It packs into its own mug, so it fits in a backpack. "
        "The price right now is thirty four dollars and ninety five cents. "
        "If you have questions, drop them in the chat and I will answer from the store's catalog.")
RATE = 100  # envelope and mouth samples per second for the lag search
LONG = ["Today we are looking at the AeroPress Go, a travel coffee press that brews a cup in about one minute.",
        "If you have questions, drop them in the chat and I will answer from the store's catalog.",
        "Here is the deal: thirty four dollars and ninety five cents; that is the lowest price this month.",
        "It packs into its own mug — so it fits in a backpack, and it weighs almost nothing at all."]
RUNS = 3


def pauses(pcm: np.ndarray, rate: int, hop: int = 110) -> list[tuple[float, float]]:
    """(start, length) of the stretches quieter than -40 dBFS, in seconds."""
    n = len(pcm) // hop
    quiet = np.sqrt((pcm[: n * hop].astype(np.float64).reshape(n, hop) ** 2).mean(axis=1)) < 0.01 * 32767
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(int), [0]])))
    return [(a * hop / rate, (b - a) * hop / rate) for a, b in zip(edges[::2], edges[1::2])]


def long_sentences(engine) -> None:
    print("  long sentences, piper: first audio whole -> in clause pieces (median of "
          f"{RUNS}); longest pause at a join vs longest inside the whole sentence")
    for text in LONG:
        whole_ms, piece_ms = [], []
        for _ in range(RUNS):
            t0 = time.perf_counter()
            whole = engine.say(text)
            whole_ms.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            clauses = engine.say_clauses(text)
            first = next(clauses)
            piece_ms.append((time.perf_counter() - t0) * 1000)
        pieces = [first, *clauses]
        joined = Utterance.joined(pieces)
        joins = np.cumsum([p.duration for p in pieces[:-1]])
        gaps = [max((length for start, length in pauses(joined.pcm, joined.sample_rate)
                     if start - 0.01 <= j <= start + length + 0.01), default=0.0) for j in joins]
        inner = max((length for start, length in pauses(whole.pcm, whole.sample_rate)[:-1] if start > 0.05), default=0.0)
        print(f"    {whole.duration:.1f} s, {len(pieces)} pieces: {np.median(whole_ms):4.0f} -> "
              f"{np.median(piece_ms):4.0f} ms   join pause {max(gaps) * 1000:.0f} ms "
              f"(whole: {inner * 1000:.0f} ms)   {text[:38]}...")


def speed(name: str, engine) -> Speech:
    engine.say("Warm up.")
    start = time.perf_counter()
    stream = engine.stream(TEXT)
    first = next(stream)
    latency = time.perf_counter() - start
    utts = [first, *stream]
    total = time.perf_counter() - start
    audio = sum(u.duration for u in utts)
    firsts = []
    for u in utts[1:4]:  # latency of a single sentence handed over on its own
        t0 = time.perf_counter()
        next(engine.stream(u.text))
        firsts.append(time.perf_counter() - t0)
    print(f"  {name:<7} RTF {total / audio:.3f}   first audio {latency * 1000:4.0f} ms "
          f"(per sentence: {', '.join(f'{f * 1000:.0f}' for f in firsts)} ms)   {audio:.1f} s of speech")
    return Speech.sequence(utts, engine.sample_rate)


def lip_lag(name: str, speech: Speech) -> None:
    pcm = speech.pcm().astype(np.float64) / 32768
    hop = speech.sample_rate // RATE
    n = len(pcm) // hop
    envelope = np.sqrt((pcm[: n * hop].reshape(n, hop) ** 2).mean(axis=1))
    mouth = MouthTrack(speech.phones()).openness(np.arange(n) / RATE)
    e, m = envelope - envelope.mean(), mouth - mouth.mean()
    lags = np.arange(-20, 21)  # +-200 ms
    scores = [np.dot(e[max(0, -k):n - max(0, k)], m[max(0, k):n - max(0, -k)]) for k in lags]
    best = lags[int(np.argmax(scores))] * 1000 / RATE
    r = np.corrcoef(e, m)[0, 1]
    print(f"  {name:<7} lip-sync lag {best:+.0f} ms (correlation at zero lag {r:.2f})")


def main() -> None:
    print("TTS (targets: RTF <= 0.1, first audio < 300 ms)")
    t0 = time.perf_counter()
    piper = engine_for(Voice())
    print(f"  piper voice load (once per process): {time.perf_counter() - t0:.2f} s")
    speeches = {"piper": speed("piper", piper), "espeak": speed("espeak", engine_for(Voice(engine="espeak")))}
    long_sentences(piper)
    print("Lip sync (target |lag| <= 40 ms)")
    for name, speech in speeches.items():
        lip_lag(name, speech)


if __name__ == "__main__":
    main()
