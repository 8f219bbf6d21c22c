"""Synthetic media and a real nginx-rtmp server for the media tests.

The content is deliberately simple (a moving bar, a sine tone) so a failure points at the
media path, not at the avatar or the voice, which have their own tests."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import av
import numpy as np

from host_runtime.media.encoder import AVFormat


def synthetic_frame(fmt: AVFormat, index: int) -> np.ndarray:
    """A grey frame with a bar that moves one step a frame, so every frame differs."""
    frame = np.full(fmt.frame_shape, 64, np.uint8)
    x = (index * 8) % fmt.width
    frame[:, x:x + 16] = (0, 200, 255)
    return frame


def tone(start_sample: int, count: int, rate: int, hz: float = 440.0, amplitude: int = 8000) -> np.ndarray:
    """`count` samples of a continuous sine, starting at `start_sample` so chunks join without clicks."""
    t = (np.arange(start_sample, start_sample + count) / rate) * 2 * math.pi * hz
    return (np.sin(t) * amplitude).astype(np.int16)


@dataclass
class MediaInfo:
    video_codec: str | None = None
    audio_codec: str | None = None
    width: int = 0
    height: int = 0
    fps: float = 0.0
    sample_rate: int = 0
    duration: float = 0.0
    video_start: float = 0.0
    audio_start: float = 0.0
    metadata: dict[str, str] = field(default_factory=dict)


def probe(path: Path | str) -> MediaInfo:
    with av.open(str(path)) as c:
        info = MediaInfo(metadata=dict(c.metadata))
        info.duration = (c.duration or 0) / av.time_base
        if c.streams.video:
            v = c.streams.video[0]
            info.video_codec, info.width, info.height = v.codec_context.name, v.codec_context.width, v.codec_context.height
            info.fps = float(v.average_rate or v.guessed_rate or 0)
            info.video_start = float((v.start_time or 0) * v.time_base)
        if c.streams.audio:
            a = c.streams.audio[0]
            info.audio_codec, info.sample_rate = a.codec_context.name, a.codec_context.sample_rate
            info.audio_start = float((a.start_time or 0) * a.time_base)
    return info


def audio_rms(path: Path | str) -> float:
    """Loudness of the decoded sound in int16 units: about 5,600 for the test tone, 0 for silence."""
    total, count = 0.0, 0
    with av.open(str(path)) as c:
        for frame in c.decode(audio=0):
            raw = frame.to_ndarray()
            samples = raw.astype(np.float64) * (32768 if raw.dtype.kind == "f" else 1)
            total += float((samples ** 2).sum())
            count += samples.size
    return math.sqrt(total / count) if count else 0.0
