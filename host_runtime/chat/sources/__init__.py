"""One adapter per platform behind one small interface (`ChatSource`), opened from the `chat:`
section of a destination profile."""

from __future__ import annotations

from ...models.chat import ChatSettings, RelayChat, TwitchChat, YouTubeChat, from_env
from .base import ChatSource, Item

#: a relay token anyone on the machine could guess is no token
MIN_RELAY_TOKEN = 16


def open_source(settings: ChatSettings) -> ChatSource:
    """The adapter a profile names, with its secrets read from the environment now, so a show
    with a missing token refuses to start (`LookupError`) instead of going deaf later."""
    if isinstance(settings, TwitchChat):
        from .twitch import TwitchSource

        token = from_env(settings.token_env, "the Twitch chat token") if settings.token_env else None
        return TwitchSource(settings, token)
    if isinstance(settings, YouTubeChat):
        from .youtube import YouTubeSource

        video = from_env(settings.video_id_env, "the YouTube video id") if settings.video_id_env else settings.video_id
        key = from_env(settings.api_key_env, "the YouTube API key") if settings.api_key_env else None
        oauth = from_env(settings.oauth_token_env, "the YouTube OAuth token") if settings.oauth_token_env else None
        return YouTubeSource(settings, video, key, oauth)
    assert isinstance(settings, RelayChat)
    from .relay import RelaySource

    token = from_env(settings.token_env, "the chat relay's token")
    if len(token) < MIN_RELAY_TOKEN:
        raise LookupError(f"environment variable {settings.token_env} (the chat relay's token) holds {len(token)} "
                          f"characters; use at least {MIN_RELAY_TOKEN} (e.g. openssl rand -hex 16)")
    return RelaySource(settings, token)


__all__ = ["ChatSource", "Item", "open_source"]
