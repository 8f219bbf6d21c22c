"""What the host said recently, so it never repeats a sentence within a window (10 minutes).

A live show's producer and its answer thread both ask and tell it, hence the lock."""

from __future__ import annotations

import re
import threading

REPEAT_WINDOW_S = 600.0


def normalise(text: str) -> str:
    """Case, punctuation and spacing do not make a sentence new."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class RecentSentences:
    def __init__(self, window_s: float = REPEAT_WINDOW_S):
        self.window_s = window_s
        self._said: dict[str, float] = {}
        self._lock = threading.Lock()

    def fresh(self, text: str, now: float) -> bool:
        with self._lock:
            said = self._said.get(normalise(text))
        return said is None or now - said >= self.window_s

    def remember(self, text: str, now: float) -> None:
        with self._lock:
            self._said[normalise(text)] = now
            if len(self._said) > 4096:  # a 24/7 show: forget what is long out of the window
                self._said = {k: t for k, t in self._said.items() if now - t < self.window_s}
