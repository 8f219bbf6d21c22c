"""What the host remembers: what it said recently, so it never repeats a sentence within a
window (10 minutes), nor, in its own pitch, a passage of a sentence (the store's returns policy
read out for every product); and each viewer's last questions, so follow-ups are understood.

A live show's producer and its answer thread both ask and tell it, hence the locks."""

from __future__ import annotations

import re
import threading
from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from typing import Any

REPEAT_WINDOW_S = 600.0
#: a run of this many words said again within the window is heard as a repeat: a policy, an
#: audience line or a long frame ("Ready to order? It's one tap away on the product card")
PASSAGE_WORDS = 7


def normalise(text: str) -> str:
    """Case, punctuation and spacing do not make a sentence new. Chinese is written without
    spaces: each character counts as a word."""
    return " ".join(re.findall(r"[a-z0-9]+|[\u3400-\u9fff]", text.lower()))


def bigrams(text: str) -> list[tuple[str, str]]:
    """The word pairs of ``text`` as a listener hears them (normalised)."""
    words = normalise(text).split()
    return list(zip(words, words[1:]))


def passages(text: str) -> list[tuple[str, ...]]:
    """The runs of PASSAGE_WORDS words in ``text`` (none in a shorter sentence)."""
    words = normalise(text).split()
    return [tuple(words[i:i + PASSAGE_WORDS]) for i in range(len(words) - PASSAGE_WORDS + 1)]


class HeardPairs:
    """The word pairs of the last ``sentences`` sentences, counted. A listener tires of a
    phrase heard over and over even inside new sentences ("it's one tap away", "for everyday
    use"), so among the lines it may say, the writer takes the one that repeats fewest. Bounded
    by sentences, not time, so a show that runs for days holds a few thousand pairs."""

    def __init__(self, sentences: int = 200):
        self._recent: deque[list[tuple[str, str]]] = deque(maxlen=sentences)
        self._counts: Counter[tuple[str, str]] = Counter()

    def heard(self, text: str) -> float:
        """The share of ``text``'s word pairs heard within the last sentences (0 for new words)."""
        pairs = bigrams(text)
        return sum(self._counts[p] > 0 for p in pairs) / len(pairs) if pairs else 0.0

    def add(self, text: str) -> None:
        if len(self._recent) == self._recent.maxlen:
            for pair in self._recent[0]:  # forgotten pairs leave the count (subtract would keep them at 0)
                self._counts[pair] -= 1
                if not self._counts[pair]:
                    del self._counts[pair]
        pairs = bigrams(text)
        self._recent.append(pairs)
        self._counts.update(pairs)


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


@dataclass(frozen=True)
class Turn:
    """What a viewer's question (or the host's answer to them) was about."""

    sku: str | None
    reading: Any  # the question as read (answers.reading.Reading), asked again of another product
    at: float  # wall seconds


class Conversations:
    """A short memory per viewer, so a follow-up ("and the black one?", "how much is it?") is
    about the product and the question that viewer was on.

    Bounded three ways, so a show running for days keeps a few kilobytes: the last ``turns``
    turns per viewer, the ``viewers`` most recent viewers, and nothing older than ``forget_after_s``.
    """

    def __init__(self, viewers: int = 1000, turns: int = 3, forget_after_s: float = 600.0):
        self.viewers, self.turns, self.forget_after_s = viewers, turns, forget_after_s
        self._by_viewer: OrderedDict[str, deque[Turn]] = OrderedDict()
        self._lock = threading.Lock()

    def note(self, viewer: str, turn: Turn) -> None:
        with self._lock:
            turns = self._by_viewer.pop(viewer, None) or deque(maxlen=self.turns)
            turns.append(turn)
            self._by_viewer[viewer] = turns
            while len(self._by_viewer) > self.viewers:
                self._by_viewer.popitem(last=False)

    def last(self, viewer: str, now: float) -> Turn | None:
        """The viewer's latest turn, if recent enough to be what they still mean."""
        with self._lock:
            turns = self._by_viewer.get(viewer)
            turn = turns[-1] if turns else None
        return turn if turn is not None and now - turn.at <= self.forget_after_s else None

    def __len__(self) -> int:
        return len(self._by_viewer)
