"""What every TTS engine hands the rest of the show: 16-bit PCM plus word and phone timings.

The avatar drives the mouth from phone timings and the captions from word timings, so every
engine must produce both, on the same clock as its samples; engines differ only in how they
get them (piper's alignment output, espeak's synth events, an estimate for coqui).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

#: sentence ends: punctuation followed by a space, unless the word before is a short title
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"')\]]*\s+")
_TITLES = {"dr", "mr", "mrs", "ms", "st", "vs", "no", "approx", "etc", "e.g", "i.e"}


@dataclass(frozen=True)
class Timed:
    """A word or a phone and where it sits on an audio timeline, in seconds."""

    text: str
    start: float
    end: float

    def shifted(self, offset: float) -> Timed:
        return Timed(self.text, self.start + offset, self.end + offset)


@dataclass(frozen=True)
class Utterance:
    """One spoken sentence: mono int16 samples and what was said when (times from its start)."""

    text: str
    pcm: np.ndarray
    sample_rate: int
    words: tuple[Timed, ...]
    phones: tuple[Timed, ...]

    @property
    def duration(self) -> float:
        return len(self.pcm) / self.sample_rate


@dataclass
class Speech:
    """Utterances laid end to end on one timeline, with pauses between sentences.

    A preview renders one of these; the live show builds the same placement from its media
    clock. Times of words and phones are absolute on the timeline.
    """

    sample_rate: int
    placed: list[tuple[float, Utterance]] = field(default_factory=list)
    duration: float = 0.0

    @classmethod
    def sequence(cls, utterances: Sequence[Utterance], sample_rate: int, lead: float = 0.4,
                 gap: float = 0.3, tail: float = 0.6) -> Speech:
        speech = cls(sample_rate)
        t = lead
        for utt in utterances:
            if utt.sample_rate != sample_rate:
                raise ValueError(f"utterance at {utt.sample_rate} Hz on a {sample_rate} Hz timeline")
            speech.placed.append((t, utt))
            t += utt.duration + gap
        speech.duration = (t - gap if utterances else t) + tail
        return speech

    def pcm(self) -> np.ndarray:
        out = np.zeros(int(round(self.duration * self.sample_rate)), np.int16)
        for start, utt in self.placed:
            i = int(round(start * self.sample_rate))
            out[i:i + len(utt.pcm)] = utt.pcm[: len(out) - i]
        return out

    def words(self) -> list[Timed]:
        return [w.shifted(start) for start, utt in self.placed for w in utt.words]

    def phones(self) -> list[Timed]:
        return [p.shifted(start) for start, utt in self.placed for p in utt.phones]

    def sentences(self) -> list[Timed]:
        return [Timed(utt.text, start, start + utt.duration) for start, utt in self.placed]


class VoiceEngine(ABC):
    """Text in, one Utterance per sentence out, as soon as each sentence is ready."""

    sample_rate: int

    @abstractmethod
    def say(self, sentence: str) -> Utterance:
        """Synthesize one sentence."""

    def stream(self, text: str) -> Iterator[Utterance]:
        """Sentence by sentence, so the first one can play while the rest are synthesized."""
        for sentence in split_sentences(text):
            yield self.say(sentence)


def split_sentences(text: str) -> list[str]:
    parts: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if parts and parts[-1].rsplit(" ", 1)[-1].rstrip(".").lower() in _TITLES:
            parts[-1] = f"{parts[-1]} {piece}"
        elif piece.strip():
            parts.append(piece.strip())
    return parts


def spread_words(text: str, groups: Sequence[tuple[float, float]]) -> tuple[Timed, ...]:
    """Give each written word a time span from the spoken word groups an engine reports.

    Engines speak numbers and symbols as several words ("$39.95" is four), so written and
    spoken words rarely pair one to one; when the counts differ, each written word takes a
    share of the spoken span in proportion to its length, which keeps captions in step.
    """
    words = text.split()
    if not words or not groups:
        return ()
    if len(words) == len(groups):
        return tuple(Timed(w, s, e) for w, (s, e) in zip(words, groups))
    start, end = groups[0][0], groups[-1][1]
    weights = np.array([len(w) + 1 for w in words], float)
    edges = start + (end - start) * np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    return tuple(Timed(w, float(a), float(b)) for w, a, b in zip(words, edges[:-1], edges[1:]))


def to_int16(audio: np.ndarray, volume: float = 1.0) -> np.ndarray:
    """Float audio in [-1, 1] to int16, with the persona's volume applied and clipped."""
    return np.clip(np.asarray(audio, np.float32) * volume * 32767.0, -32767, 32767).astype(np.int16)
