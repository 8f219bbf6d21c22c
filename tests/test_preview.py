"""`host-runtime preview` end to end: real voice, real renderer, real ffmpeg; the MP4 is
checked with PyAV the way a viewer would notice problems (size, rate, codecs, sound, lips,
the AI label on every frame, the implicit AIGC label in the metadata)."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest

from host_runtime.avatar import Overlays
from host_runtime.avatar.illustrated import IllustratedRenderer
from host_runtime.cli import build_parser, main
from host_runtime.models import load_persona
from tests.avatar_fixtures import mouth_openness

ROOT = Path(__file__).resolve().parents[1]
TEXT = "Hi, I'm Nova, an AI host. This press makes coffee anywhere."


@pytest.fixture(scope="module")
def clip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("preview") / "clip.mp4"
    assert main(["preview", "--text", TEXT, "--sku", "AP-GO-01", "--as-of", "2026-11-28T12:00:00Z",
                 "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def decoded(clip: Path) -> tuple[list[np.ndarray], np.ndarray, int]:
    with av.open(str(clip)) as c:
        frames = [f.to_ndarray(format="bgr24") for f in c.decode(video=0)]
    with av.open(str(clip)) as c:
        rate = c.streams.audio[0].rate
        audio = np.concatenate([f.to_ndarray().mean(axis=0) for f in c.decode(audio=0)])
    return frames, audio, rate


def test_preview_is_720p30_h264_aac_with_the_aigc_label_in_metadata(clip: Path) -> None:
    with av.open(str(clip)) as c:
        v, a = c.streams.video[0], c.streams.audio[0]
        assert (v.codec_context.name, v.width, v.height, v.average_rate) == ("h264", 1280, 720, 30)
        assert a.codec_context.name == "aac"
        label = json.loads(c.metadata["AIGC"])
    assert label["Label"] == "1" and label["ContentProducer"] == "Northwind Goods LLC"
    assert label["ProduceID"].startswith("nova-")


def test_speech_is_audible_after_a_silent_lead_in(decoded) -> None:
    _, audio, rate = decoded
    peak = np.abs(audio).max()
    assert peak > 0.3  # float samples in [-1, 1]
    assert np.abs(audio[: int(0.3 * rate)]).max() < 0.02


def test_the_ai_label_is_on_every_frame(decoded) -> None:
    frames, _, _ = decoded
    overlays = Overlays(1280, 720, load_persona(ROOT / "personas" / "nova.yaml").disclosure.label)
    x, y, w, h = overlays.label_box()
    for i, frame in enumerate(frames):
        diff = np.abs(frame[y:y + h, x:x + w].astype(int) - overlays.label).mean()
        assert diff < 12, f"frame {i}: label region differs from the label by {diff:.1f}"


def test_lips_move_with_speech_and_close_in_silence(decoded) -> None:
    frames, audio, rate = decoded
    box = IllustratedRenderer(load_persona(ROOT / "personas" / "nova.yaml").avatar.look).mouth_box()
    openness = np.array([mouth_openness(f, box) for f in frames], float)
    per_frame = rate // 30
    loudness = np.array([np.sqrt(np.mean(audio[i * per_frame:(i + 1) * per_frame] ** 2)) for i in range(len(frames))])
    quiet = loudness < 0.01
    assert quiet[:9].all() and quiet[-9:].all()
    assert openness[:9].max() < 60 and openness[-9:].max() < 60  # closed before and after speaking
    assert (openness[~quiet] > 300).mean() > 0.3  # open on many speaking frames
    assert np.corrcoef(openness, loudness)[0, 1] > 0.4  # and in step with the sound


def test_persona_preview_is_an_alias_and_bad_sku_is_one_clear_line(tmp_path: Path, capsys) -> None:
    args = build_parser().parse_args(["persona", "preview", "--text", "Hi."])
    assert args.func.__name__ == "run_preview"
    assert main(["preview", "--text", "Hi.", "--sku", "NOPE-1", "--out", str(tmp_path / "x.mp4")]) == 2
    err = capsys.readouterr().err.strip()
    assert "NOPE-1" in err and len(err.splitlines()) == 1
