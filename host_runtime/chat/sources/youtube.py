"""YouTube live chat over the Data API v3, with httpx.

The durable path (the scraping libraries break whenever YouTube's pages change):
1. the chat id: `videos.list?part=liveStreamingDetails&id=VIDEO` gives
   `liveStreamingDetails.activeLiveChatId` (with an API key or OAuth); a private broadcast is
   found with OAuth through `liveBroadcasts.list?part=snippet&id=VIDEO` (`snippet.liveChatId`).
   A broadcast not live yet has no chat id: the source waits and asks again.
2. `liveChatMessages.list?liveChatId=..&part=snippet,authorDetails&pageToken=..`: messages
   oldest first; the next call waits `pollingIntervalMillis` and passes `nextPageToken`. The
   token outlives a lost connection, so a reconnect resumes where the last page ended: nothing
   missed, nothing twice. The first page of a show brings chat history: only the last
   `HISTORY_S` of it is taken (older questions were asked to nobody).
3. Errors are JSON `{"error": {"code", "message", "errors": [{"reason", ...}]}}`; by reason:
   `quotaExceeded` waits for the daily reset (midnight Pacific), `rateLimitExceeded` waits
   longer than the interval asked, `liveChatEnded` ends the source (the show goes on),
   `liveChatNotFound`/`liveChatDisabled`/`forbidden` are retried slowly (the operator may fix
   them mid-show), anything else and network loss get the hub's backoff.

Each list call costs about 5 quota units of the 10,000 a project gets per day by default; the
status reports the units spent, so an operator sees the budget go."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from ...models.chat import YouTubeChat
from ..events import ChatEvent, Connected, Kind, Retraction, SourceDown, SourceEnded, user_key, utcnow
from .base import ChatSource, Item

LIST_UNITS = 5  # quota units per liveChatMessages.list call
LOOKUP_UNITS = 1  # per videos.list / liveBroadcasts.list
INSERT_UNITS = 50
HISTORY_S = 30.0
DEFAULT_INTERVAL_S = 5.0  # when a response names no interval
NOT_LIVE_RETRY_S = 30.0
SLOW_RETRY_S = 300.0
MAX_REPLY = 200  # YouTube's limit on a chat message
PACIFIC = ZoneInfo("America/Los_Angeles")
#: snippet.type -> kind; types not here (tombstone, poll and mode events) carry nothing to answer
KINDS: dict[str, Kind] = {
    "textMessageEvent": "comment", "superChatEvent": "gift", "superStickerEvent": "gift",
    "fanFundingEvent": "gift", "newSponsorEvent": "gift", "memberMilestoneChatEvent": "gift",
    "membershipGiftingEvent": "gift", "giftMembershipReceivedEvent": "gift",
}
#: where each kind's viewer text is, beside the display message
COMMENT_FIELDS = {"superChatEvent": ("superChatDetails", "userComment"),
                  "memberMilestoneChatEvent": ("memberMilestoneChatDetails", "userComment"),
                  "fanFundingEvent": ("fanFundingEventDetails", "userComment")}


def seconds_to_quota_reset(now: dt.datetime) -> float:
    """The Data API's daily quota resets at midnight Pacific Time."""
    local = now.astimezone(PACIFIC)
    midnight = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time(0), PACIFIC)
    return (midnight - local).total_seconds()


def api_error(response: httpx.Response) -> tuple[str, str]:
    """(reason, message) of a Google API error body; the HTTP status when the body is not one."""
    try:
        error = response.json()["error"]
        first = (error.get("errors") or [{}])[0]
        return str(first.get("reason") or error.get("status") or response.status_code), str(error.get("message", ""))
    except (ValueError, KeyError, TypeError, AttributeError):
        return str(response.status_code), response.reason_phrase


def _time(value: str | None) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if value else utcnow()
    except ValueError:
        return utcnow()


class YouTubeSource(ChatSource):
    platform = "youtube"

    def __init__(self, settings: YouTubeChat, video_id: str | None, api_key: str | None, oauth_token: str | None):
        self.blocklist = settings.blocklist
        self.api = settings.api_url
        self.video_id, self.live_chat_id = video_id, settings.live_chat_id
        self.label = f"youtube {video_id or settings.live_chat_id}"
        self.secrets = tuple(s for s in (api_key, oauth_token) if s)
        self._params = {"key": api_key} if api_key else {}
        self._headers = {"Authorization": f"Bearer {oauth_token}"} if oauth_token else {}
        self.can_reply = settings.reply and oauth_token is not None
        self.page_token: str | None = None  # where the next list call resumes, across sessions
        self.quota_used = 0
        self.own_channel: str | None = None  # the host's own channel, learned from its replies
        self._client: httpx.AsyncClient | None = None

    async def _get(self, client: httpx.AsyncClient, path: str, params: dict[str, str], units: int) -> dict[str, Any]:
        self.quota_used += units
        try:
            response = await client.get(f"{self.api}/{path}", params={**params, **self._params})
        except httpx.TransportError as err:  # its text can hold the URL, and with it the key: name the kind only
            raise SourceDown(f"network error reaching the API ({type(err).__name__})") from None
        if response.status_code == 200:
            return response.json()
        reason, message = api_error(response)
        if reason == "quotaExceeded":
            raise SourceDown("quotaExceeded: the API's daily quota is spent; reading again after it resets "
                             "at midnight Pacific", retry_after=seconds_to_quota_reset(utcnow()))
        if reason == "liveChatEnded":
            raise SourceEnded("liveChatEnded: the live chat is over")
        if reason == "rateLimitExceeded":
            raise SourceDown("rateLimitExceeded: polled faster than YouTube allows; slowing down",
                             retry_after=2 * DEFAULT_INTERVAL_S)
        if reason in ("liveChatNotFound", "liveChatDisabled", "forbidden", "insufficientPermissions",
                      "keyInvalid", "authError", "videoNotFound"):
            raise SourceDown(f"{reason}: {message}".rstrip(": "), retry_after=SLOW_RETRY_S)
        raise SourceDown(f"HTTP {response.status_code} {reason}: {message}".rstrip(": "))

    async def _find_chat(self, client: httpx.AsyncClient) -> str:
        assert self.video_id is not None
        found = await self._get(client, "videos", {"part": "liveStreamingDetails", "id": self.video_id}, LOOKUP_UNITS)
        items = found.get("items") or []
        chat = items[0].get("liveStreamingDetails", {}).get("activeLiveChatId") if items else None
        if not chat and self._headers:  # a private or unlisted broadcast the key cannot see
            found = await self._get(client, "liveBroadcasts", {"part": "snippet", "id": self.video_id}, LOOKUP_UNITS)
            items = found.get("items") or []
            chat = items[0].get("snippet", {}).get("liveChatId") if items else None
        if not chat:
            raise SourceDown(f"video {self.video_id} has no active live chat yet (not live, or chat is off)",
                             retry_after=NOT_LIVE_RETRY_S)
        return str(chat)

    def _item(self, message: dict[str, Any], chat_id: str) -> ChatEvent | Retraction | None:
        snippet, author = message.get("snippet") or {}, message.get("authorDetails") or {}
        kind_name = snippet.get("type", "")
        channel = self.video_id or chat_id
        if kind_name == "chatEndedEvent":
            raise SourceEnded("the live chat ended")
        if kind_name == "messageDeletedEvent":
            deleted = (snippet.get("messageDeletedDetails") or {}).get("deletedMessageId")
            return Retraction(platform="youtube", channel=channel, message_id=deleted, reason="deleted") if deleted else None
        if kind_name == "messageRetractedEvent":
            gone = (snippet.get("messageRetractedDetails") or {}).get("retractedMessageId")
            return Retraction(platform="youtube", channel=channel, message_id=gone, reason="deleted") if gone else None
        if kind_name == "userBannedEvent":
            details = snippet.get("userBannedDetails") or {}
            banned = (details.get("bannedUserDetails") or {}).get("channelId")
            reason = "timeout" if details.get("banType") == "temporary" else "ban"
            return Retraction(platform="youtube", channel=channel, user_id=user_key("youtube", banned),
                              reason=reason) if banned else None
        kind = KINDS.get(kind_name)
        author_id = author.get("channelId") or snippet.get("authorChannelId")
        if kind is None or not author_id or author_id == self.own_channel:
            return None
        field = COMMENT_FIELDS.get(kind_name)
        text = ((snippet.get(field[0]) or {}).get(field[1]) if field else None) \
            or (snippet.get("textMessageDetails") or {}).get("messageText") or snippet.get("displayMessage") or ""
        return ChatEvent(platform="youtube", channel=channel, user_id=user_key("youtube", author_id),
                         user=author.get("displayName") or author_id, text=text, kind=kind,
                         time=_time(snippet.get("publishedAt")), message_id=message.get("id"), raw=message)

    async def session(self) -> AsyncIterator[Item]:
        async with httpx.AsyncClient(headers=self._headers, timeout=httpx.Timeout(15.0, connect=5.0)) as client:
            if self.live_chat_id is None:
                self.live_chat_id = await self._find_chat(client)
            chat_id = self.live_chat_id
            self._client = client
            try:
                connected = False
                while True:
                    params = {"liveChatId": chat_id, "part": "snippet,authorDetails", "maxResults": "2000"}
                    if self.page_token:
                        params["pageToken"] = self.page_token
                    first_page = self.page_token is None
                    page = await self._get(client, "liveChat/messages", params, LIST_UNITS)
                    cutoff = utcnow() - dt.timedelta(seconds=HISTORY_S)
                    if not connected:
                        connected = True
                        yield Connected(detail=f"polling live chat {chat_id}")
                    for message in page.get("items") or []:
                        item = self._item(message, chat_id)
                        if item is None or (first_page and isinstance(item, ChatEvent) and item.time < cutoff):
                            continue
                        yield item
                    self.page_token = page.get("nextPageToken") or self.page_token
                    interval = page.get("pollingIntervalMillis")
                    await asyncio.sleep(interval / 1000 if isinstance(interval, (int, float)) else DEFAULT_INTERVAL_S)
            finally:
                self._client = None

    async def reply(self, to: ChatEvent, text: str) -> None:
        client = self._client
        if client is None or self.live_chat_id is None:
            raise SourceDown("not connected")
        body = {"snippet": {"liveChatId": self.live_chat_id, "type": "textMessageEvent",
                            "textMessageDetails": {"messageText": text[:MAX_REPLY]}}}
        self.quota_used += INSERT_UNITS
        response = await client.post(f"{self.api}/liveChat/messages", params={"part": "snippet"}, json=body)
        if response.status_code != 200:
            reason, message = api_error(response)
            raise SourceDown(f"liveChatMessages.insert: {reason}: {message}".rstrip(": "))
        self.own_channel = (response.json().get("snippet") or {}).get("authorChannelId") or self.own_channel
