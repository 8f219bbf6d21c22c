"""Phones -> mouth shapes over time, shared by every renderer.

Piper and espeak both name phones in espeak's IPA, so one table maps them to visemes.
A mouth shape is a few continuous parameters rather than a sprite index, so co-articulation
is a smoothing of parameters over time (neighbouring phones blend, as real lips do), with
two exceptions that viewers notice when missed: lips must meet on p/b/m, and they close in
every pause.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..voice import Timed

#: parameters of a mouth: jaw/lip opening, width (1 = relaxed), rounding, teeth shown, tongue shown
PARAMS = ("open", "width", "round", "teeth", "tongue")


@dataclass(frozen=True)
class MouthShape:
    open: float = 0.0
    width: float = 1.0
    round: float = 0.0
    teeth: float = 0.0
    tongue: float = 0.0

    def vector(self) -> np.ndarray:
        return np.array([self.open, self.width, self.round, self.teeth, self.tongue], np.float32)

    @classmethod
    def from_vector(cls, v: np.ndarray) -> MouthShape:
        return cls(*(float(x) for x in v))


REST = MouthShape()

#: the visemes: shapes a viewer can tell apart (a superset of the Preston Blair set)
VISEMES: dict[str, MouthShape] = {
    "rest": REST,
    "MBP": MouthShape(0.0, 0.95, 0.05, 0.0, 0.0),
    "FV": MouthShape(0.12, 1.0, 0.0, 1.0, 0.0),
    "TH": MouthShape(0.22, 1.0, 0.0, 0.8, 1.0),
    "DST": MouthShape(0.22, 1.05, 0.0, 1.0, 0.0),
    "KG": MouthShape(0.38, 1.0, 0.0, 0.5, 0.3),
    "SH": MouthShape(0.28, 0.8, 0.6, 1.0, 0.0),
    "L": MouthShape(0.35, 1.0, 0.0, 0.6, 1.0),
    "R": MouthShape(0.28, 0.85, 0.45, 0.4, 0.0),
    "AA": MouthShape(0.85, 1.05, 0.0, 0.6, 0.2),
    "AE": MouthShape(0.62, 1.15, 0.0, 0.8, 0.2),
    "EE": MouthShape(0.32, 1.25, 0.0, 1.0, 0.0),
    "OH": MouthShape(0.62, 0.78, 0.75, 0.2, 0.0),
    "OO": MouthShape(0.25, 0.65, 1.0, 0.0, 0.0),
}

_PHONE_VISEME = {
    **dict.fromkeys(["p", "b", "m"], "MBP"),
    **dict.fromkeys(["f", "v"], "FV"),
    **dict.fromkeys(["θ", "ð"], "TH"),
    **dict.fromkeys(["t", "d", "n", "s", "z", "ɾ", "ʔ", "ts", "dz", "c", "ɲ"], "DST"),
    **dict.fromkeys(["k", "ɡ", "g", "ŋ", "h", "x", "ɣ", "j", "ç", "χ", "q"], "KG"),
    **dict.fromkeys(["ʃ", "ʒ", "tʃ", "dʒ", "ɕ", "ʑ", "ʂ", "ʐ"], "SH"),
    **dict.fromkeys(["l", "ɫ", "ʎ", "ɬ"], "L"),
    **dict.fromkeys(["ɹ", "r", "ɚ", "ɝ", "ʁ", "ɻ", "ɜ"], "R"),
    **dict.fromkeys(["a", "ɑ", "ɐ", "ʌ", "ɒ", "aɪ", "aʊ"], "AA"),
    **dict.fromkeys(["æ", "ɛ", "e", "eɪ", "ə", "ɘ"], "AE"),
    **dict.fromkeys(["i", "ɪ", "y", "ɨ", "iə"], "EE"),
    **dict.fromkeys(["o", "ɔ", "oʊ", "ɔɪ", "ø", "œ", "ɤ"], "OH"),
    **dict.fromkeys(["u", "ʊ", "w", "ʉ", "ɯ", "ʏ", "ɥ"], "OO"),
}


def viseme_of(phone: str) -> str:
    """The viseme for an espeak IPA phone; length marks, tones and unknown symbols degrade
    gracefully to the phone's first recognisable letter, then to a neutral half-open mouth."""
    core = "".join(ch for ch in phone if ch not in "ːˑˈˌ̩̃0123456789")
    if core in _PHONE_VISEME:
        return _PHONE_VISEME[core]
    for ch in core:
        if ch in _PHONE_VISEME:
            return _PHONE_VISEME[ch]
    return "KG"


class MouthTrack:
    """Mouth shapes sampled densely along a speech timeline; `at(t)` for any stream time.

    Targets are held for each phone, the pauses between phones are rest, and the result is
    smoothed with a ~25 ms Gaussian (co-articulation without lag, since the kernel is
    symmetric). Bilabials are then pressed shut at their centre, because a smoothed /m/
    between two open vowels would otherwise never close.
    """

    RATE = 200  # samples per second: 5 ms, finer than any phone
    SIGMA = 0.025

    def __init__(self, phones: Sequence[Timed]):
        self.start = min((p.start for p in phones), default=0.0) - 0.25
        end = max((p.end for p in phones), default=0.0) + 0.25
        n = max(1, int(np.ceil((end - self.start) * self.RATE)) + 1)
        targets = np.tile(REST.vector(), (n, 1))
        closures: list[int] = []
        for p in phones:
            i0, i1 = self._index(p.start), max(self._index(p.end), self._index(p.start) + 1)
            name = viseme_of(p.text)
            targets[i0:i1] = VISEMES[name].vector()
            if name == "MBP":
                closures.append((i0 + i1) // 2)
        self.samples = self._smooth(targets)
        for i in closures:
            self.samples[max(0, i - 2):i + 3, 0] = 0.0

    def _index(self, t: float) -> int:
        return int(round((t - self.start) * self.RATE))

    def _smooth(self, targets: np.ndarray) -> np.ndarray:
        radius = int(3 * self.SIGMA * self.RATE)
        x = np.arange(-radius, radius + 1)
        kernel = np.exp(-0.5 * (x / (self.SIGMA * self.RATE)) ** 2)
        kernel /= kernel.sum()
        padded = np.pad(targets, ((radius, radius), (0, 0)), mode="edge")
        return np.stack([np.convolve(padded[:, k], kernel, mode="valid") for k in range(targets.shape[1])], axis=1)

    def at(self, t: float) -> MouthShape:
        i = self._index(t)
        if i < 0 or i >= len(self.samples):
            return REST
        return MouthShape.from_vector(self.samples[i])

    def openness(self, times: Sequence[float]) -> np.ndarray:
        """Mouth opening at many times at once (for lip-sync measurements)."""
        idx = np.round((np.asarray(times) - self.start) * self.RATE).astype(int)
        inside = (idx >= 0) & (idx < len(self.samples))
        out = np.zeros(len(idx), np.float32)
        out[inside] = self.samples[idx[inside], 0]
        return out
