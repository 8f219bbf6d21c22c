"""Where every comment source delivers, and where the director picks comments up.

Viewers are untrusted and can be many: the inbox is bounded (a flood cannot grow memory over
a long show), each user is rate-limited (one person cannot monopolise the host), and text is
cleaned before anyone reads it (control and invisible format characters can hide
instructions from a moderator or break captions). A platform's own moderation wins: a comment
the platform deleted, or of a viewer it timed out or banned, is withdrawn before it is answered
(`withdraw`). Intent triage is the guardrails' job; the inbox only delivers."""

from __future__ import annotations

import collections
from collections.abc import Callable
import itertools
import queue
import threading
import time
import unicodedata
from dataclasses import dataclass

from .moderation import SlidingWindow

MAX_TEXT = 500
MAX_USER = 64
#: comments taken for answering that a platform deletion can still withdraw (the answer being written)
RECENTLY_TAKEN = 64


@dataclass(frozen=True)
class Comment:
    id: str
    user: str
    text: str
    received_at: float  # wall clock (epoch seconds) when the inbox accepted it
    platform: str = "local"  # "local" for POST /comments and replay files
    user_id: str | None = None  # the platform viewer's `user_key`
    message_id: str | None = None  # the platform's id of the message


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
        self._recent: dict[str, SlidingWindow] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._taken: collections.deque[Comment] = collections.deque(maxlen=RECENTLY_TAKEN)
        self._withdrawn: collections.deque[str] = collections.deque(maxlen=RECENTLY_TAKEN)
        #: comments refused at the door, by why (empty, rate_limited, inbox_full): a flood is
        #: counted, not written down one by one (the answer desk audits the counts)
        self.rejected: collections.Counter[str] = collections.Counter()

    def _admit(self, user: str, now: float) -> None:
        with self._lock:
            if len(self._recent) > 10_000:  # forget users who went quiet, so a long show does not grow
                self._recent = {u: w for u, w in self._recent.items() if (w.last or 0) > now - self.window_s}
            if not self._recent.setdefault(user, SlidingWindow(self.per_user, self.window_s)).allow(now):
                self.rejected["rate_limited"] += 1
                raise Rejected(429, f"user {user!r} is over {self.per_user} comments per {self.window_s:g} s")

    def offer(self, user: str, text: str, source: str = "c", *, platform: str = "local", user_id: str | None = None,
              message_id: str | None = None) -> Comment:
        """Clean, rate-limit and queue one comment; raise `Rejected` if it cannot be taken.
        A platform viewer is rate-limited by their id, so two viewers sharing a display name
        do not share a limit."""
        user, text = clean_text(user, MAX_USER), clean_text(text, MAX_TEXT)
        if not user or not text:
            with self._lock:
                self.rejected["empty"] += 1
            raise Rejected(422, "user and text must have visible characters")
        now = self._clock()
        self._admit(f"{platform}:{user_id}" if user_id else user, now)
        comment = Comment(f"{source}-{next(self._ids)}", user, text, now, platform, user_id, message_id)
        try:
            self._queue.put_nowait(comment)
        except queue.Full:
            with self._lock:
                self.rejected["inbox_full"] += 1
            raise Rejected(503, "the comment inbox is full; try again shortly") from None
        return comment

    def get(self, timeout: float | None = None) -> Comment | None:
        """The oldest waiting comment, or None if none arrives within `timeout` (0: don't wait)."""
        try:
            comment = self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
        except queue.Empty:
            return None
        with self._lock:
            self._taken.append(comment)
        return comment

    def withdraw(self, platform: str, *, message_id: str | None = None, user_id: str | None = None,
                 everything: bool = False) -> list[Comment]:
        """Take back what a platform deleted: one message, every message of one viewer, or
        (`everything`) all of that platform's. Waiting comments leave the queue; ones already
        taken are marked, so the answer desk can stop before voicing them (`is_withdrawn`)."""
        def hit(c: Comment) -> bool:
            return c.platform == platform and (everything or (message_id is not None and c.message_id == message_id)
                                               or (user_id is not None and c.user_id == user_id))

        with self._queue.mutex:  # Queue's own lock: no put or get runs while the deque is filtered
            waiting = self._queue.queue
            gone = [c for c in waiting if hit(c)]
            for c in gone:
                waiting.remove(c)
                self._queue.unfinished_tasks -= 1
            self._queue.not_full.notify(len(gone))
        with self._lock:
            taken = [c for c in self._taken if hit(c) and c.id not in self._withdrawn]
            self._withdrawn.extend(c.id for c in taken)
        return gone + taken

    def is_withdrawn(self, comment_id: str) -> bool:
        """Whether the platform deleted this comment after it was taken for answering."""
        with self._lock:
            return comment_id in self._withdrawn

    def drain(self) -> list[Comment]:
        """Everything waiting now, oldest first."""
        out = []
        while (c := self.get()) is not None:
            out.append(c)
        return out

    def __len__(self) -> int:
        return self._queue.qsize()
