"""Moderation of platform chat before anything is triaged: the blocklist and flood collapse.

Why before triage: triage costs a guard pass per comment, and a raid pasting one line a
thousand times, or a word the merchant never wants read out, should cost nothing. Per-user rate
limits and the platforms' own deletions live in the inbox (`CommentInbox.offer`, `.withdraw`),
since they hold for every source.

Flood collapse: the same comment (letters and digits, case folded) seen again within
`window_s` of the last copy, from anyone, is the same question: the first copy is answered, the
rest dropped."""

from __future__ import annotations

import collections
import re
import time
from collections.abc import Callable

from ..models.chat import Blocklist
from .events import ChatEvent, user_key

#: scripts written without spaces between words: a blocked word matches anywhere in them
_UNSPACED = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3040-\u30ff]")


class SlidingWindow:
    """At most `limit` events per `window_s` seconds (a deque of their times)."""

    def __init__(self, limit: int, window_s: float):
        self.limit, self.window_s = limit, window_s
        self._times: collections.deque[float] = collections.deque()

    def allow(self, now: float) -> bool:
        """Count one event at `now` if the window has room; False (not counted) when full."""
        while self._times and self._times[0] <= now - self.window_s:
            self._times.popleft()
        if len(self._times) >= self.limit:
            return False
        self._times.append(now)
        return True

    @property
    def last(self) -> float | None:
        return self._times[-1] if self._times else None


def flood_key(text: str) -> str:
    """What makes two comments the same: their letters and digits, case folded."""
    return "".join(ch for ch in text.casefold() if ch.isalnum()) or text.strip()


class Moderator:
    """One per chat source: its blocklist, and flood collapse over recent comments."""

    def __init__(self, blocklist: Blocklist, window_s: float = 30.0, clock: Callable[[], float] = time.monotonic):
        self.window_s, self._clock = window_s, clock
        words = [re.escape(w) if _UNSPACED.search(w) else rf"(?<!\w){re.escape(w)}(?!\w)" for w in blocklist.words]
        self._words = re.compile("|".join(words), re.IGNORECASE) if words else None
        self._names = {u.casefold() for u in blocklist.users}
        self._users = list(blocklist.users)
        self._ids: dict[str, set[str]] = {}  # platform -> user_key of each blocked id
        self._seen: dict[str, float] = {}  # flood_key -> when first seen

    def verdict(self, event: ChatEvent) -> str | None:
        """Why `event` is dropped, or None when it may go on to the inbox."""
        ids = self._ids.setdefault(event.platform, {user_key(event.platform, u) for u in self._users})
        if event.user.casefold() in self._names or event.user_id in ids:
            return "blocklist: user"
        if self._words is not None and (m := self._words.search(event.text)):
            return f"blocklist: word {m.group(0)!r}"
        now = self._clock()
        if len(self._seen) > 5_000:  # forget old lines so a long show does not grow
            self._seen = {k: t for k, t in self._seen.items() if t > now - self.window_s}
        key = flood_key(event.text)
        first = self._seen.get(key)
        self._seen[key] = now  # a flood that goes on stays collapsed
        if first is not None and first > now - self.window_s:
            return f"duplicate: the same comment arrived less than {self.window_s:g} s before"
        return None
