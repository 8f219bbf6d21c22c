"""Where a show goes: an ingest profile. The stream key never lives in the file, only the name
of the environment variable that holds it, so profiles can be committed and shared."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from .base import Authored, Loc
from .chat import CHAT_FOR_PLATFORM, ChatSettings, from_env


class VideoSettings(Authored):
    width: Annotated[int, Field(ge=160, le=3840)] = 1280
    height: Annotated[int, Field(ge=120, le=2160)] = 720
    fps: Annotated[int, Field(ge=10, le=60)] = 30
    bitrate_kbps: Annotated[int, Field(ge=200, le=50000)] = 3000
    #: x264's speed preset. ultrafast by default: on a host drawn over a still background it
    #: costs 0.19 of a core per 720p30 show against veryfast's 0.31, at the same picture
    #: (PSNR 61 against 60 dB at 3000 kbps), and that is what lets four shows share 2 cores;
    #: a slower preset buys quality for busy pictures (a photo portrait) where cores allow
    preset: Literal["ultrafast", "superfast", "veryfast", "faster", "fast", "medium"] = "ultrafast"


class AudioSettings(Authored):
    sample_rate: Literal[44100, 48000] = 44100  # FLV cannot signal other AAC rates
    bitrate_kbps: Annotated[int, Field(ge=32, le=512)] = 128


class Destination(Authored):
    name: Annotated[str, StringConstraints(min_length=1)]
    platform: Literal["nginx-rtmp", "youtube", "twitch", "tiktok", "douyin", "taobao", "custom"] = "custom"
    url: Annotated[str, StringConstraints(pattern=r"^rtmps?://")]
    stream_key_env: Annotated[str, StringConstraints(pattern=r"^[A-Z_][A-Z0-9_]*$")] | None = None
    video: VideoSettings = VideoSettings()
    audio: AudioSettings = AudioSettings()
    chat: ChatSettings | None = None  # where this destination's audience comments (see models/chat.py)

    @field_validator("url")
    @classmethod
    def _no_key_in_url(cls, url: str) -> str:
        if "?" in url or "key=" in url:
            raise ValueError("put the stream key in the environment variable named by stream_key_env, not in the URL")
        return url

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        fits = CHAT_FOR_PLATFORM.get(self.platform)
        if self.chat is not None and fits is not None and self.chat.source not in fits:
            return [(("chat", "source"), f"a {self.platform} destination reads chat from "
                     f"{' or '.join(sorted(fits))}, not {self.chat.source}")]
        return []

    def ingest_url(self) -> str:
        """The full URL with the key from the environment; a secret, never to be logged."""
        if not self.stream_key_env:
            return self.url
        key = from_env(self.stream_key_env, f"the stream key for {self.name}")
        return f"{self.url.rstrip('/')}/{key}"
