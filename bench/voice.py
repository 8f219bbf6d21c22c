"""TTS speed and lip-sync figures.

* real-time factor (synthesis time / audio time; target <= 0.1) and first-audio latency
  (text in -> first sentence's PCM out; target < 300 ms) for piper and espeak;
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
from host_runtime.voice import Speech, engine_for  # noqa: E402

TEXT = ("Welcome back to the stream. I'm Nova, an AI-generated virtual host. "
        "Today we are looking at the AeroPress Go, a travel coffee press that brews a cup in about one minute. "
        "It packs into its own mug, so it fits in a backpack. "
        "The price right now is thirty four dollars and ninety five cents. "
        "If you have questions, drop them in the chat and I will answer from the store's catalog.")
RATE = 100  # envelope and mouth samples per second for the lag search


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
    print("Lip sync (target |lag| <= 40 ms)")
    for name, speech in speeches.items():
        lip_lag(name, speech)


if __name__ == "__main__":
    main()
