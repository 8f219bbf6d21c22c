"""Where every comment source delivers, and where the director picks comments up.

Viewers are untrusted and can be many: the inbox is bounded (a flood cannot grow memory over
a long show), each user is rate-limited (one person cannot monopolise the host), and text is
cleaned before anyone reads it (control and invisible format characters can hide
instructions from a moderator or break captions). Intent triage is the guardrails' job; the
inbox only delivers."""

from __future__ import annotations

import collections
from collections.abc import Callable
import itertools
import queue
import threading
import time
import unicodedata
from dataclasses import dataclass

MAX_TEXT = 500
MAX_USER = 64


@dataclass(frozen=True)
class Comment:
    id: str
    user: str
    text: str
    received_at: float  # wall clock (epoch seconds) when the inbox accepted it


class Rejected(Exception):
    """A comment the inbox will not take; `status` is the HTTP status that fits."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def clean_text(text: str, limit: int) -> str:
    """Drop control and format characters (incl. bidi overrides, zero-width), turn any
    whitespace run into one space, cap the length."""
    kept = "".join(" " if ch.isspace() else ch for ch in text
                   if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"))
    return " ".join(kept.split())[:limit].strip()


class CommentInbox:
    """Bounded FIFO with a per-user sliding-window rate limit; safe across threads."""

    def __init__(self, max_pending: int = 200, per_user: int = 3, window_s: float = 10.0,
                 clock: Callable[[], float] = time.time):
        self.per_user = per_user
        self.window_s = window_s
        self._clock = clock
        self._queue: queue.Queue[Comment] = queue.Queue(max_pending)
        self._recent: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def _admit(self, user: str, now: float) -> None:
        with self._lock:
            if len(self._recent) > 10_000:  # forget users who went quiet, so a long show does not grow
                self._recent = {u: d for u, d in self._recent.items() if d and d[-1] > now - self.window_s}
            seen = self._recent.setdefault(user, collections.deque())
            while seen and seen[0] <= now - self.window_s:
                seen.popleft()
            if len(seen) >= self.per_user:
                raise Rejected(429, f"user {user!r} is over {self.per_user} comments per {self.window_s:g} s")
            seen.append(now)

    def offer(self, user: str, text: str, source: str = "c") -> Comment:
        """Clean, rate-limit and queue one comment; raise `Rejected` if it cannot be taken."""
        user, text = clean_text(user, MAX_USER), clean_text(text, MAX_TEXT)
        if not user or not text:
            raise Rejected(422, "user and text must have visible characters")
        now = self._clock()
        self._admit(user, now)
        comment = Comment(f"{source}-{next(self._ids)}", user, text, now)
        try:
            self._queue.put_nowait(comment)
        except queue.Full:
            raise Rejected(503, "the comment inbox is full; try again shortly") from None
        return comment

    def get(self, timeout: float | None = None) -> Comment | None:
        """The oldest waiting comment, or None if none arrives within `timeout` (0: don't wait)."""
        try:
            return self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
        except queue.Empty:
            return None

    def drain(self) -> list[Comment]:
        """Everything waiting now, oldest first."""
        out = []
        while (c := self.get()) is not None:
            out.append(c)
        return out

    def __len__(self) -> int:
        return self._queue.qsize()
