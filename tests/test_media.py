"""The encoder, clock and playout, checked on the media they produce (PyAV), not on calls made."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from host_runtime.media.encoder import AVFormat, Encoder, EncoderError, Output
from tests.rtmp_fixtures import audio_rms, probe, synthetic_frame, tone

LABEL = {"Label": "AI-generated", "ContentProducer": "host-runtime-test", "ProduceID": "show-0001"}


def encode(fmt: AVFormat, outputs: list[Output], seconds: float, metadata: dict[str, str] | None = None) -> None:
    with Encoder(fmt, outputs, metadata=metadata) as enc:
        for i in range(round(seconds * fmt.fps)):
            start = fmt.samples_before(i)
            enc.write(synthetic_frame(fmt, i), tone(start, fmt.samples_for_frame(i), fmt.sample_rate))


def test_mp4_has_h264_aac_720p30_metadata_and_sound(tmp_path: Path) -> None:
    fmt = AVFormat()
    out = tmp_path / "clip.mp4"
    encode(fmt, [Output.mp4(out)], 2.0, {"AIGC": json.dumps(LABEL), **LABEL})
    info = probe(out)
    assert (info.video_codec, info.width, info.height, info.fps) == ("h264", 1280, 720, 30)
    assert info.audio_codec == "aac" and info.sample_rate == 44100
    assert info.duration == pytest.approx(2.0, abs=0.1)
    assert json.loads(info.metadata["AIGC"]) == LABEL
    assert info.metadata["ProduceID"] == "show-0001"
    assert audio_rms(out) > 1000  # the tone is there, not silence


def test_samples_per_frame_carry_the_remainder() -> None:
    fmt = AVFormat(fps=24, sample_rate=44100)  # 1837.5 samples a frame
    counts = [fmt.samples_for_frame(i) for i in range(48)]
    assert set(counts) == {1837, 1838}
    assert sum(counts) == 2 * 44100  # two seconds of frames carry exactly two seconds of audio
    assert AVFormat().samples_for_frame(0) == 1470


def test_write_refuses_audio_of_the_wrong_length(tmp_path: Path) -> None:
    fmt = AVFormat(width=320, height=240)
    enc = Encoder(fmt, [Output.mp4(tmp_path / "x.mp4")])
    try:
        with pytest.raises(ValueError, match="needs 1470 int16 samples"):
            enc.write(synthetic_frame(fmt, 0), np.zeros(1000, np.int16))
    finally:
        enc.kill()


def test_unwritable_output_is_one_clear_error(tmp_path: Path) -> None:
    fmt = AVFormat(width=320, height=240)
    with pytest.raises(EncoderError, match="ffmpeg"):
        encode(fmt, [Output.mp4(tmp_path / "missing-dir" / "x.mp4")], 1.0)
