"""What the host said recently, so it never repeats a sentence within a window (10 minutes),
nor, in its own pitch, a passage of a sentence (the store's returns policy read out for every
product).

A live show's producer and its answer thread both ask and tell it, hence the lock."""

from __future__ import annotations

import re
import threading

REPEAT_WINDOW_S = 600.0
#: a run of this many words said again within the window is heard as a repeat: a policy, an
#: audience line or a long frame ("Ready to order? It's one tap away on the product card")
PASSAGE_WORDS = 7


def normalise(text: str) -> str:
    """Case, punctuation and spacing do not make a sentence new."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def bigrams(text: str) -> list[tuple[str, str]]:
    """The word pairs of ``text`` as a listener hears them (normalised)."""
    words = normalise(text).split()
    return list(zip(words, words[1:]))


def passages(text: str) -> list[tuple[str, ...]]:
    """The runs of PASSAGE_WORDS words in ``text`` (none in a shorter sentence)."""
    words = normalise(text).split()
    return [tuple(words[i:i + PASSAGE_WORDS]) for i in range(len(words) - PASSAGE_WORDS + 1)]


class RecentSentences:
    def __init__(self, window_s: float = REPEAT_WINDOW_S):
        self.window_s = window_s
        self._said: dict[str, float] = {}
        self._passages: dict[tuple[str, ...], float] = {}
        self._lock = threading.Lock()

    def fresh(self, text: str, now: float) -> bool:
        with self._lock:
            said = self._said.get(normalise(text))
        return said is None or now - said >= self.window_s

    def unheard(self, text: str, now: float) -> bool:
        """Fresh, and no passage of it said within the window either. Pitch lines are held to
        this; an answer is not (a viewer who asks about returns is told the policy again)."""
        with self._lock:
            recent = [self._passages.get(p) for p in passages(text)]
        return self.fresh(text, now) and all(t is None or now - t >= self.window_s for t in recent)

    def remember(self, text: str, now: float) -> None:
        with self._lock:
            self._said[normalise(text)] = now
            self._passages.update(dict.fromkeys(passages(text), now))
            if len(self._said) > 4096:  # a 24/7 show: forget what is long out of the window
                self._said = {k: t for k, t in self._said.items() if now - t < self.window_s}
                self._passages = {k: t for k, t in self._passages.items() if now - t < self.window_s}
