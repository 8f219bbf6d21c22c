"""What every chat source yields, whatever the platform: one event model, one retraction model.

Why one model: the moderation, the inbox, the audit log and the answer desk then never know
which platform a comment came from, and a new platform is one adapter, nothing else.

Viewer ids are hashed (`user_key`): the audit log and status pages tie comments of one viewer
together and honour a platform's ban of that viewer, without keeping the platform's account
ids. The platform's payload rides along in `raw` for the adapter's own use and is excluded
from every dump, repr and log line: it can carry emote sets, badges, profile URLs and more
personal data than the show needs."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["comment", "gift", "follow", "order", "system"]


def user_key(platform: str, platform_user_id: str) -> str:
    """A stable pseudonym for one viewer on one platform (the same on every show)."""
    return hashlib.sha256(f"{platform}:{platform_user_id}".encode()).hexdigest()[:16]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class ChatEvent(BaseModel):
    """One thing that happened in a chat: a comment, a gift (Bits, Super Chat, a sub), a follow,
    an order placed on a shop console, or a system notice (a raid, a poll)."""

    model_config = ConfigDict(frozen=True)

    platform: str  # twitch, youtube, or what a relay names (douyin, bilibili, ...)
    channel: str
    user_id: str  # `user_key` of the platform's account id
    user: str  # display name, as the platform shows it
    text: str
    kind: Kind = "comment"
    time: dt.datetime = Field(default_factory=utcnow)  # when the platform says it was sent
    message_id: str | None = None  # the platform's id: what a deletion names
    raw: dict[str, Any] = Field(default_factory=dict, exclude=True, repr=False)


class Retraction(BaseModel):
    """The platform took something back: one message deleted, a viewer timed out or banned
    (all their messages go), or the whole chat cleared."""

    model_config = ConfigDict(frozen=True)

    platform: str
    channel: str
    reason: Literal["deleted", "timeout", "ban", "cleared"]
    message_id: str | None = None
    user_id: str | None = None  # `user_key`, as in ChatEvent


class Connected(BaseModel):
    """Yielded by a source once it is really receiving (joined, first poll answered, listening)."""

    model_config = ConfigDict(frozen=True)

    detail: str = ""


class SourceDown(Exception):
    """This session of a source ended; try again after `retry_after` seconds (None: the usual
    backoff). The message is shown to the operator and audited, so it never holds a secret."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class SourceEnded(Exception):
    """The chat is over for good (YouTube's liveChatEnded): stop trying, keep the show going."""
