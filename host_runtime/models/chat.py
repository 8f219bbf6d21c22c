"""Where a show hears its audience: the `chat:` section of a destination profile.

A profile names its chat source next to its ingest, so `--ingest streaming/twitch.yaml` brings
both the push and the chat of that channel. Like stream keys, tokens and API keys never live in
the file: only the names of the environment variables that hold them, so profiles can be
committed and shared."""

from __future__ import annotations

import ipaddress
import os
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import Field, StringConstraints, field_validator, model_validator

from .base import Authored

EnvName = Annotated[str, StringConstraints(pattern=r"^[A-Z_][A-Z0-9_]*$")]
#: Twitch login names: 4-25 letters, digits and underscores (older accounts may be shorter)
TwitchName = Annotated[str, StringConstraints(pattern=r"^#?[A-Za-z0-9_]{2,25}$")]


def from_env(name: str, what: str) -> str:
    """The secret in environment variable `name`; `what` says what it is for in the error."""
    value = os.environ.get(name)
    if not value:
        raise LookupError(f"environment variable {name} ({what}) is not set")
    return value


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Blocklist(Authored):
    """Comments dropped before triage. Words match case-insensitively as whole words (anywhere
    in text without spaces between words, such as Chinese); users match a display name or
    the platform's user id."""

    words: list[Annotated[str, StringConstraints(min_length=1)]] = []
    users: list[Annotated[str, StringConstraints(min_length=1)]] = []


class TwitchChat(Authored):
    """Twitch chat over IRC with IRCv3 tags. Without `token_env` the host reads anonymously
    (Twitch's read-only `justinfan` login); replies need a token with the chat:edit scope."""

    source: Literal["twitch"]
    channel: TwitchName
    nick: TwitchName | None = None  # the account the token belongs to
    token_env: EnvName | None = None  # an OAuth token ("oauth:" is added when missing)
    server: Annotated[str, StringConstraints(pattern=r"^ircs?://[^/:\s]+:\d{1,5}$")] = "ircs://irc.chat.twitch.tv:6697"
    reply: bool = False  # post the first sentence of each answer into chat, as a reply to the comment
    blocklist: Blocklist = Blocklist()

    @field_validator("channel", "nick")
    @classmethod
    def _login(cls, name: str | None) -> str | None:
        return name.lstrip("#").lower() if name else name

    @model_validator(mode="after")
    def _account(self) -> TwitchChat:
        if self.token_env and not self.nick:
            raise ValueError("token_env needs nick: the Twitch login the token belongs to")
        if self.reply and not self.token_env:
            raise ValueError("reply: true needs token_env (anonymous logins cannot send)")
        if self.server.startswith("irc://") and not is_loopback(urlsplit(self.server).hostname or ""):
            raise ValueError("use ircs:// (TLS) for a remote IRC server; plain irc:// only on 127.0.0.1")
        return self


class YouTubeChat(Authored):
    """YouTube live chat over the Data API v3 (`liveChatMessages.list`, polled as the API says).
    The chat is found from the video (= broadcast) id; an API key reads public chats, an OAuth
    token also private ones and is needed for replies (`liveChatMessages.insert`)."""

    source: Literal["youtube"]
    video_id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{11}$")] | None = None
    video_id_env: EnvName | None = None  # the id changes each stream: read it from the environment
    live_chat_id: Annotated[str, StringConstraints(min_length=1)] | None = None
    api_key_env: EnvName | None = None
    oauth_token_env: EnvName | None = None
    api_url: str = "https://www.googleapis.com/youtube/v3"
    reply: bool = False
    blocklist: Blocklist = Blocklist()

    @field_validator("api_url")
    @classmethod
    def _api(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme == "https" or (parts.scheme == "http" and is_loopback(parts.hostname or "")):
            return url.rstrip("/")
        raise ValueError("the API is reached over https:// (plain http:// only on 127.0.0.1)")

    @model_validator(mode="after")
    def _ids(self) -> YouTubeChat:
        given = [k for k in ("video_id", "video_id_env", "live_chat_id") if getattr(self, k)]
        if len(given) != 1:
            raise ValueError("give exactly one of video_id, video_id_env, live_chat_id"
                             + (f" (found {', '.join(given)})" if given else ""))
        if not (self.api_key_env or self.oauth_token_env):
            raise ValueError("give api_key_env or oauth_token_env: the API needs one of them")
        if self.reply and not self.oauth_token_env:
            raise ValueError("reply: true needs oauth_token_env (an API key cannot post)")
        return self


class RelayChat(Authored):
    """A WebSocket on 127.0.0.1 taking JSON chat events from any comment tool (Douyin, Bilibili,
    Kuaishou, TikTok consoles); every connection presents the token."""

    source: Literal["relay"]
    port: Annotated[int, Field(ge=0, le=65535)] = 8765  # 0: any free port (tests)
    token_env: EnvName
    platform: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,32}$")] = "relay"  # when a frame names none
    blocklist: Blocklist = Blocklist()


ChatSettings = Annotated[TwitchChat | YouTubeChat | RelayChat, Field(discriminator="source")]

#: which chat source fits which destination platform (a relay fits any; rehearsal targets take any)
CHAT_FOR_PLATFORM = {"twitch": {"twitch", "relay"}, "youtube": {"youtube", "relay"}}


__all__ = ["Blocklist", "ChatSettings", "RelayChat", "TwitchChat", "YouTubeChat", "from_env",
           "is_loopback", "CHAT_FOR_PLATFORM"]
