"""Runs every chat source of a show, keeps them alive, and hands their comments to the inbox.

Why a hub: a show must hear its audience for hours while platforms drop connections, restart
servers, run out of quota and end chats. Each adapter only speaks its platform's protocol
(`sources/`); the hub gives them all the same life on one asyncio loop in one thread beside
the show: a session that fails is retried with backoff (or when the platform says), a chat
that ended stays ended, and nothing a source does, not even a bug in it, reaches the show's
threads. Its state (`status()`) is what the console shows, and every change of it is reported
(`report`, which the show writes to its audit log).

On the way in, in this order: moderation (blocklist, flood collapse: `moderation.Moderator`),
then the inbox (text cleaned, per-user rate limit, bounded). A platform's deletions withdraw
comments that are still waiting or being answered. Events other than comments (gifts, follows,
orders, raids) are recorded (`chat_gift`, `chat_follow`, `chat_order`, `chat_system`), not answered."""

from __future__ import annotations

import asyncio
import collections
import dataclasses
import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Literal

from ..media import priority
from ..media.outputs import Backoff
from ..media.redact import redact
from .events import ChatEvent, Connected, Retraction, SourceDown, SourceEnded
from .inbox import CommentInbox, Rejected
from .moderation import Moderator
from .sources import ChatSource

log = logging.getLogger(__name__)

State = Literal["connecting", "connected", "retrying", "ended", "stopped"]
#: comment id -> (source, event), kept for replies and for the audit to name the platform message
ORIGINS_KEPT = 1000
#: retries 0.5, 1, 2, 4, then every 8 s at most (each a uniform draw below that, so a thousand
#: hosts do not all reconnect at once): a chat is back within 8 s of its server, 4 s on average
BACKOFF = Backoff(base=0.5, cap=8.0, healthy_after=10.0)

Report = Callable[..., None]  # report(kind, **details): an audit record


@dataclasses.dataclass
class SourceStatus:
    """One source as the operator sees it."""

    source: str  # the label: `twitch #shop`
    platform: str
    state: State = "connecting"
    since: float = dataclasses.field(default_factory=time.time)  # wall time of the last change
    detail: str = ""  # what it is doing, or why it is down (never a secret)
    retry_in_s: float | None = None
    connects: int = 0
    events: int = 0  # everything received
    comments: int = 0  # handed to the inbox
    dropped: int = 0  # refused by moderation or the inbox
    withdrawn: int = 0  # comments the platform deleted before they were answered
    quota_used: int | None = None  # YouTube API units spent


class ChatHub:
    def __init__(self, sources: list[ChatSource], inbox: CommentInbox, report: Report, backoff: Backoff = BACKOFF,
                 seed: int | None = None):
        self.sources, self.inbox, self._report, self.backoff = sources, inbox, report, backoff
        self._moderators = [Moderator(s.blocklist) for s in sources]
        self._status = [SourceStatus(s.label, s.platform) for s in sources]
        self._reported: list[tuple[State, str] | None] = [None] * len(sources)
        self._origins: collections.OrderedDict[str, tuple[ChatSource, ChatEvent]] = collections.OrderedDict()
        self._replied: set[str] = set()
        self._rng = random.Random(seed)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="chat-hub", daemon=True)

    # -- from the show's threads ----------------------------------------------------------------
    def start(self, timeout: float = 10.0) -> ChatHub:
        self._thread.start()
        if not self._ready.wait(timeout):
            raise RuntimeError("the chat hub did not start")
        return self

    def stop(self, timeout: float = 5.0) -> None:
        if not self._thread.is_alive():
            return
        if self._loop is not None and self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(timeout)

    def status(self) -> list[SourceStatus]:
        """A snapshot of every source, for the console and the control API."""
        out = []
        for source, st in zip(self.sources, self._status):
            quota = getattr(source, "quota_used", None)
            out.append(dataclasses.replace(st, quota_used=quota if isinstance(quota, int) else None))
        return out

    def reply(self, comment_id: str, text: str) -> None:
        """Post the host's answer into the chat the comment came from, once per comment, where
        the profile turned replies on; failures are audited, never raised."""
        if self._loop is not None:
            asyncio.run_coroutine_threadsafe(self._post(comment_id, text), self._loop)

    # -- the loop -------------------------------------------------------------------------------
    def _run(self) -> None:
        priority.background()  # comments can wait a moment; the picture cannot
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop, self._stop = asyncio.get_running_loop(), asyncio.Event()
        tasks = [asyncio.create_task(self._supervise(i)) for i in range(len(self.sources))]
        self._ready.set()
        await self._stop.wait()
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for i in range(len(self.sources)):
            if self._status[i].state != "ended":
                self._set(i, "stopped", "the show ended")

    def _set(self, i: int, state: State, detail: str, retry_in: float | None = None) -> None:
        """Change a source's state; report it unless it only repeats the last report (a server
        down for hours is one `retrying` record per reason, not one per attempt)."""
        st = self._status[i]
        st.state, st.detail, st.since = state, detail, time.time()
        st.retry_in_s = None if retry_in is None else round(retry_in, 2)
        if state == "connecting" or self._reported[i] == (state, detail):
            return
        self._reported[i] = (state, detail)
        self._report("chat_source", source=st.source, platform=st.platform, state=state, detail=detail,
                     retry_in_s=st.retry_in_s)

    async def _supervise(self, i: int) -> None:
        source, loop = self.sources[i], asyncio.get_running_loop()
        attempt = 0
        while True:
            self._set(i, "connecting", "")
            connected_at: float | None = None
            try:
                async for item in source.session():
                    if isinstance(item, Connected):
                        connected_at = loop.time()
                        self._status[i].connects += 1
                        self._status[i].source = source.label  # a relay on port 0 knows its port now
                        self._set(i, "connected", item.detail)
                    else:
                        self._take(i, item)
                raise SourceDown("the session ended")
            except SourceEnded as err:
                self._set(i, "ended", self._safe(source, err))
                return
            except asyncio.CancelledError:
                raise
            except Exception as err:  # SourceDown, the network, or a bug in an adapter: never the show
                if not isinstance(err, (SourceDown, OSError)):
                    log.warning("chat source %s failed: %s", source.label, self._safe(source, err))
                if connected_at is not None and loop.time() - connected_at >= self.backoff.healthy_after:
                    attempt = 0
                asked = err.retry_after if isinstance(err, SourceDown) else None
                delay = asked if asked is not None else self.backoff.delay(attempt, self._rng)
                attempt += 1
                self._set(i, "retrying", self._safe(source, err), retry_in=delay)
                await asyncio.sleep(delay)

    @staticmethod
    def _safe(source: ChatSource, err: BaseException) -> str:
        text = str(err) if isinstance(err, (SourceDown, SourceEnded)) else f"{type(err).__name__}: {err}"
        return redact(text, source.secrets)

    # -- what arrives ---------------------------------------------------------------------------
    def _take(self, i: int, item: ChatEvent | Retraction) -> None:
        st, source = self._status[i], self.sources[i]
        if isinstance(item, Retraction):
            gone = self.inbox.withdraw(item.platform, message_id=item.message_id, user_id=item.user_id,
                                       everything=item.reason == "cleared")
            st.withdrawn += len(gone)
            self._report("comment_withdrawn", source=st.source, platform=item.platform, reason=item.reason,
                         message_id=item.message_id, user_id=item.user_id, comment_ids=[c.id for c in gone])
            return
        st.events += 1
        seen = {"source": st.source, "platform": item.platform, "channel": item.channel,
                "message_id": item.message_id, "user_id": item.user_id, "user": item.user, "text": item.text}
        if item.kind != "comment":
            self._report(f"chat_{item.kind}", sent_at=item.time.isoformat(), **seen)  # chat_gift, chat_follow, ...
            return
        reason = self._moderators[i].verdict(item)
        try:
            if reason is not None:
                raise Rejected(403, reason)
            comment = self.inbox.offer(item.user, item.text, source=source.platform, platform=item.platform,
                                       user_id=item.user_id, message_id=item.message_id)
        except Rejected as err:
            st.dropped += 1
            self._report("comment_rejected", reason=err.reason, **seen)
            return
        st.comments += 1
        self._origins[comment.id] = (source, item)
        while len(self._origins) > ORIGINS_KEPT:
            old, _ = self._origins.popitem(last=False)
            self._replied.discard(old)
        self._report("comment", comment_id=comment.id, sent_at=item.time.isoformat(), **seen)

    async def _post(self, comment_id: str, text: str) -> None:
        origin = self._origins.get(comment_id)
        if origin is None or not origin[0].can_reply or comment_id in self._replied:
            return
        self._replied.add(comment_id)
        source, event = origin
        try:
            await source.reply(event, text)
        except Exception as err:  # a reply that fails is a line in the audit, nothing more
            self._report("chat_reply_failed", source=source.label, comment_id=comment_id, error=self._safe(source, err))
            return
        self._report("chat_reply", source=source.label, comment_id=comment_id, text=text)

