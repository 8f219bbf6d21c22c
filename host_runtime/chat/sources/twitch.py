"""Twitch chat over IRC with IRCv3 tags, through `pydle` (asyncio IRC with CAP and tag parsing).

What Twitch adds to IRC, and what this adapter does with it (dev.twitch.tv/docs/irc):
- `CAP REQ :twitch.tv/tags twitch.tv/commands` (negotiated by pydle after `CAP LS`): messages
  then carry `id`, `user-id`, `display-name`, `tmi-sent-ts`, `bits` tags, and Twitch sends its
  own commands below;
- `PRIVMSG`: a comment (a gift when it carries Bits);
- `USERNOTICE`: subs, gifted subs, raids, announcements (`msg-id`), with `system-msg`;
- `CLEARCHAT` (a viewer timed out or banned, or the chat cleared) and `CLEARMSG` (one message
  deleted): the comments are withdrawn before the host answers them;
- `RECONNECT`: Twitch is about to drop the connection; a new session starts at once;
- `PING`: answered by pydle; when the server goes quiet for `read_timeout`, pydle pings it and
  a silent server counts as a lost connection.

pydle's own reconnect is off: the hub reconnects every source the same way. Its log lines carry
raw IRC lines (the `PASS` token at debug level, message text in warnings): its logger is held
at ERROR, where pydle only reports failures of its own."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import pydle
from pydle.features.ircv3.cap import CapabilityNegotiationSupport
from pydle.features.ircv3.tags import TaggedMessageSupport
from pydle.features.tls import TLSSupport

from ...models.chat import TwitchChat
from ..events import ChatEvent, Connected, Retraction, SourceDown, user_key, utcnow
from ..moderation import SlidingWindow
from .base import ChatSource, Item

#: Twitch: a regular chatter may send 20 messages per 30 s; stay well inside it
REPLIES_PER_30S = 10
MAX_REPLY = 500  # Twitch's limit on a chat message
#: Twitch pings about every 5 minutes; silence for longer means the connection is gone
READ_TIMEOUT_S = 360.0
#: USERNOTICE kinds in which a viewer pays the channel (the rest are raids, announcements, rituals)
PAID_NOTICES = {"sub", "resub", "subgift", "submysterygift", "giftpaidupgrade", "anongiftpaidupgrade",
                "primepaidupgrade", "rewardgift", "bitsbadgetier", "standardpayforward", "communitypayforward"}

_quiet = logging.getLogger(__name__ + ".pydle")
_quiet.setLevel(logging.ERROR)  # a failing handler's traceback, never a raw line


def _tag(tags: dict[str, Any], name: str) -> str | None:
    """A tag's value; pydle gives `True` for a tag with an empty value."""
    value = tags.get(name)
    return value if isinstance(value, str) and value else None


def _sent_at(tags: dict[str, Any]) -> dt.datetime:
    ms = _tag(tags, "tmi-sent-ts")
    return dt.datetime.fromtimestamp(int(ms) / 1000, dt.timezone.utc) if ms and ms.isdigit() else utcnow()


_Base: Any = pydle.featurize(TaggedMessageSupport, CapabilityNegotiationSupport, TLSSupport)


class _Irc(_Base):  # type: ignore[misc,valid-type]
    """pydle client speaking Twitch's dialect; everything it hears goes on `items`."""

    RECONNECT_ON_ERROR = False

    def __init__(self, nick: str, channel: str, items: asyncio.Queue[Item | SourceDown], read_timeout: float):
        self._items, self._channel = items, channel
        super().__init__(nick)
        self.READ_TIMEOUT = read_timeout

    @property  # type: ignore[override]
    def logger(self) -> logging.Logger:
        return _quiet

    @logger.setter
    def logger(self, _value: logging.Logger) -> None:
        """pydle renames its logger on connect; keep ours."""

    async def _sync_user(self, nick: str, metadata: dict[str, Any]) -> None:
        """No user table: Twitch sends who said what with every message (and pydle's would
        fail here without its WHOIS feature, which Twitch does not serve)."""

    async def _rename_user(self, user: str, new: str) -> None:
        """No user table (see `_sync_user`)."""

    def _put(self, item: Item | SourceDown) -> None:
        self._items.put_nowait(item)

    # -- capabilities pydle requests after CAP LS ---------------------------------------------
    async def on_capability_twitch_tv_tags_available(self, _value: str | None) -> bool:
        return True

    async def on_capability_twitch_tv_commands_available(self, _value: str | None) -> bool:
        return True

    # -- registration and channel ---------------------------------------------------------------
    async def on_connect(self) -> None:
        await super().on_connect()
        await self.rawmsg("JOIN", f"#{self._channel}")

    async def on_raw_join(self, message: Any) -> None:
        nick = (message.source or "").split("!", 1)[0]
        if self.is_same_nick(nick, self.nickname) and message.params[0].lower() == f"#{self._channel}":
            self._put(Connected(detail=f"joined #{self._channel}"))

    async def on_raw_004(self, _message: Any) -> None:
        """Twitch's 004 is `:-` (no modes); pydle's own handler expects five fields and fails."""

    async def on_disconnect(self, expected: bool) -> None:
        if not expected:
            self._put(SourceDown("the IRC connection was lost"))

    async def on_unknown(self, message: Any) -> None:
        """ROOMSTATE, USERSTATE, HOSTTARGET, numerics: nothing the host acts on."""

    # -- what the audience does -----------------------------------------------------------------
    def _event(self, message: Any, text: str, kind: str) -> ChatEvent:
        tags = message.tags or {}
        login = (message.source or "").split("!", 1)[0] or _tag(tags, "login") or "?"
        return ChatEvent(platform="twitch", channel=f"#{self._channel}",
                         user_id=user_key("twitch", _tag(tags, "user-id") or login.lower()),
                         user=_tag(tags, "display-name") or login, text=text, kind=kind,  # type: ignore[arg-type]
                         time=_sent_at(tags), message_id=_tag(tags, "id"), raw={"tags": dict(tags)})

    async def on_raw_privmsg(self, message: Any) -> None:
        target, text = message.params[0], message.params[-1]
        if target.lower() != f"#{self._channel}":
            return
        if text.startswith("\x01ACTION ") and text.endswith("\x01"):  # /me
            text = text[8:-1]
        self._put(self._event(message, text, "gift" if _tag(message.tags or {}, "bits") else "comment"))

    async def on_raw_usernotice(self, message: Any) -> None:
        tags = message.tags or {}
        kind = "gift" if _tag(tags, "msg-id") in PAID_NOTICES else "system"
        text = message.params[1] if len(message.params) > 1 else (_tag(tags, "system-msg") or "")
        event = self._event(message, text, kind)
        self._put(event.model_copy(update={"user": _tag(tags, "display-name") or _tag(tags, "login") or event.user,
                                           "user_id": user_key("twitch", _tag(tags, "user-id") or
                                                               (_tag(tags, "login") or "").lower())}))

    async def on_raw_clearchat(self, message: Any) -> None:
        tags = message.tags or {}
        channel = f"#{self._channel}"
        if len(message.params) < 2:
            self._put(Retraction(platform="twitch", channel=channel, reason="cleared"))
            return
        target = _tag(tags, "target-user-id") or message.params[1].lower()
        self._put(Retraction(platform="twitch", channel=channel, user_id=user_key("twitch", target),
                             reason="timeout" if _tag(tags, "ban-duration") else "ban"))

    async def on_raw_clearmsg(self, message: Any) -> None:
        if (msg_id := _tag(message.tags or {}, "target-msg-id")) is not None:
            self._put(Retraction(platform="twitch", channel=f"#{self._channel}", message_id=msg_id, reason="deleted"))

    async def on_raw_reconnect(self, _message: Any) -> None:
        self._put(SourceDown("Twitch asked for a reconnect (server maintenance)", retry_after=0.0))

    async def on_raw_notice(self, message: Any) -> None:
        text = message.params[-1] if message.params else ""
        if "authentication failed" in text.lower() or "improperly formatted auth" in text.lower():
            self._put(SourceDown(f"Twitch refused the login: {text} (check the token and nick)", retry_after=60.0))


class TwitchSource(ChatSource):
    platform = "twitch"

    def __init__(self, settings: TwitchChat, token: str | None, read_timeout: float = READ_TIMEOUT_S):
        self.blocklist = settings.blocklist
        url = urlsplit(settings.server)
        self.host, self.port, self.tls = url.hostname or "", url.port or 6697, url.scheme == "ircs"
        self.channel = settings.channel
        self.label = f"twitch #{self.channel}"
        self.token = token if token is None or token.startswith("oauth:") else f"oauth:{token}"
        self.secrets = (token.removeprefix("oauth:"),) if token else ()
        # no token: Twitch's anonymous read-only login
        self.nick = settings.nick if token and settings.nick else f"justinfan{random.randint(10_000, 99_999)}"
        self.can_reply = settings.reply and token is not None
        self.read_timeout = read_timeout
        self._replies = SlidingWindow(REPLIES_PER_30S, 30.0)
        self._client: _Irc | None = None

    async def session(self) -> AsyncIterator[Item]:
        items: asyncio.Queue[Item | SourceDown] = asyncio.Queue()
        client = _Irc(self.nick, self.channel, items, self.read_timeout)
        try:
            await client.connect(self.host, self.port, tls=self.tls, tls_verify=self.tls, password=self.token)
            self._client = client
            while True:
                item = await items.get()
                if isinstance(item, SourceDown):
                    raise item
                yield item
        finally:
            self._client = None
            if client.connected:
                await client.disconnect(expected=True)

    async def reply(self, to: ChatEvent, text: str) -> None:
        client = self._client
        if client is None or not client.connected:
            raise SourceDown("not connected")
        if not self._replies.allow(asyncio.get_running_loop().time()):
            raise SourceDown(f"over {REPLIES_PER_30S} replies per 30 s (Twitch's chat limit)")
        tags = {"reply-parent-msg-id": to.message_id} if to.message_id else None
        await client.rawmsg("PRIVMSG", f"#{self.channel}", text[:MAX_REPLY], tags=tags)
