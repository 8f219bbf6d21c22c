"""Sample-rate conversion for speech on its way to the encoder.

TTS engines speak at their own rate (piper: 22,050 Hz mono); AAC in FLV must be 44.1 or
48 kHz. Converting once per utterance with libswresample (through PyAV) costs microseconds per
second of audio and keeps the filter state across the whole clip, so no clicks at chunk joins."""

from __future__ import annotations

import av
import numpy as np


def resample(pcm: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Mono int16 at `src_rate` -> mono int16 at `dst_rate`, same duration."""
    pcm = np.ascontiguousarray(pcm.reshape(-1), dtype=np.int16)
    if src_rate == dst_rate or pcm.size == 0:
        return pcm.copy()
    frame = av.AudioFrame.from_ndarray(pcm.reshape(1, -1), format="s16", layout="mono")
    frame.sample_rate = src_rate
    resampler = av.AudioResampler(format="s16", layout="mono", rate=dst_rate)
    parts = [f.to_ndarray().reshape(-1) for f in resampler.resample(frame)]
    parts += [f.to_ndarray().reshape(-1) for f in resampler.resample(None)]  # flush the filter tail
    return np.concatenate(parts).astype(np.int16) if parts else np.zeros(0, np.int16)
