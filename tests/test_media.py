"""The encoder, clock and playout, checked on the media they produce (PyAV), not on calls made."""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import av
import numpy as np
import pytest

from host_runtime.media.encoder import AVFormat, Encoder, EncoderError, Output
from host_runtime.media.outputs import Backoff, Broadcast, Ingest
from host_runtime.media.playout import Cue, Playout, PlayoutEvent, Utterance, UtteranceQueue
from host_runtime.media.redact import redact
from tests.rtmp_fixtures import NginxRtmp, running_nginx, audio_rms, probe, synthetic_frame, tone

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


# --- clock and playout -------------------------------------------------------------------

class Bars:
    """A frame source that records the cues it was asked to draw."""

    def __init__(self, fmt: AVFormat):
        self.fmt = fmt
        self.cues: list[Cue | None] = []

    def frame_at(self, t: float, cue: Cue | None) -> np.ndarray:
        self.cues.append(cue)
        return synthetic_frame(self.fmt, round(t * self.fmt.fps))


def test_playout_speaks_queued_lines_then_idles_in_silence() -> None:
    fmt = AVFormat(width=320, height=240)
    sent: list[np.ndarray] = []
    events: list[PlayoutEvent] = []
    frames = Bars(fmt)
    playout = Playout(fmt, frames, lambda frame, pcm: sent.append(pcm), realtime=False, on_event=events.append)
    line = tone(0, 22050, 22050)  # one second of speech at piper's rate
    playout.speech.put(Utterance(line, 22050, payload="first"))
    playout.speech.put(Utterance(line[:11025], 22050, payload="second"))
    playout.run(2.0)
    audio = np.concatenate(sent)
    assert [len(p) for p in sent] == [fmt.samples_for_frame(i) for i in range(60)]
    assert [(e.kind, e.utterance.payload, e.stream_time) for e in events] == [
        ("utterance_start", "first", 0.0), ("utterance_end", "first", 1.0),
        ("utterance_start", "second", 1.0), ("utterance_end", "second", 1.5)]
    assert np.abs(audio[:44100]).max() > 7000  # resampled to 44.1 kHz, still loud
    assert not audio[int(1.5 * 44100) + 1:].any()  # nothing queued: silence, but frames keep coming
    assert frames.cues[40].utterance.payload == "second" and frames.cues[40].offset == pytest.approx(1 / 3)
    assert frames.cues[59] is None


def test_clock_paces_to_real_time_only_when_asked() -> None:
    fmt = AVFormat(width=320, height=240)
    for realtime, least in ((True, 0.45), (False, 0.0)):
        playout = Playout(fmt, Bars(fmt), lambda frame, pcm: None, realtime=realtime)
        started = time.monotonic()
        playout.run(0.5)
        took = time.monotonic() - started
        assert took >= least and (realtime or took < 0.4)
        assert playout.clock.now == pytest.approx(0.5)


def test_utterance_queue_is_bounded() -> None:
    q = UtteranceQueue(44100, max_seconds=1.5)
    second = np.zeros(44100, np.int16)
    assert q.put(Utterance(second, 44100)) and q.put(Utterance(second[:22050], 44100))
    assert not q.put(Utterance(second, 44100), timeout=0.05)  # full: the producer must wait
    assert q.get_nowait() is not None
    assert q.put(Utterance(second, 44100), timeout=0.05)


# --- live outputs against a real nginx-rtmp ------------------------------------------------

KEY = "sk_live_do_not_log_1234"


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[NginxRtmp]:
    with running_nginx(tmp_path / "nginx") as server:
        yield server


def broadcast_tone(broadcast: Broadcast, fmt: AVFormat, seconds: float, during: Callable[[float], None] = lambda t: None) -> None:
    """Play bars + a continuous tone in real time, calling `during(stream_time)` each frame."""
    def sink(frame: np.ndarray, pcm: np.ndarray) -> None:
        i = broadcast.encoder.frames_written
        during(fmt.time_of_frame(i))
        broadcast.write(frame, tone(fmt.samples_before(i), pcm.size, fmt.sample_rate))
    Playout(fmt, Bars(fmt), sink, realtime=True).run(seconds)


def test_rtmp_push_arrives_as_sent(nginx: NginxRtmp, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fmt = AVFormat()
    events: list[tuple[str, dict]] = []
    caplog.set_level(logging.DEBUG, logger="host_runtime")
    with Broadcast(fmt, [Ingest("local", f"{nginx.app_url}/{KEY}")], tmp_path / "rec", metadata=LABEL,
                   on_event=lambda kind, details: events.append((kind, details))) as broadcast:
        broadcast_tone(broadcast, fmt, 20.0)
    [flv] = nginx.recordings()
    info = probe(flv)
    assert (info.video_codec, info.width, info.height, round(info.fps)) == ("h264", 1280, 720, 30)
    assert info.audio_codec == "aac" and info.sample_rate == 44100
    assert info.duration == pytest.approx(20.0, rel=0.05)
    assert abs(info.video_start - info.audio_start) < 0.1
    assert audio_rms(flv) > 1000
    assert [k for k, _ in events] == ["broadcast_start", "ingest_connected", "broadcast_stop"]
    assert KEY not in repr(events) + caplog.text


def test_ingest_outage_reconnects_and_recording_has_no_gap(nginx: NginxRtmp, tmp_path: Path) -> None:
    fmt = AVFormat()
    events: list[tuple[float, str, dict]] = []
    restarted: list[float] = []

    def outage(t: float) -> None:
        if t == 5.0:
            nginx.stop()
        elif t == 9.0:
            nginx.start()
            restarted.append(time.monotonic())

    with Broadcast(fmt, [Ingest("local", f"{nginx.app_url}/{KEY}")], tmp_path / "rec",
                   on_event=lambda kind, details: events.append((time.monotonic(), kind, details)),
                   backoff=Backoff(base=0.5, cap=2.0)) as broadcast:
        broadcast_tone(broadcast, fmt, 16.0, outage)
    kinds = [k for _, k, _ in events]
    assert "ingest_lost" in kinds
    reconnects = [at for at, kind, d in events if kind == "ingest_connected" and d["reconnect"]]
    assert reconnects and reconnects[0] - restarted[0] < 5.0
    assert len(nginx.recordings()) == 2  # one publish before the outage, one after
    assert KEY not in repr(events)
    # the local recording never noticed: one continuous run of frames and sound
    video_pts = []
    for segment in sorted((tmp_path / "rec").glob("rec-*.ts")):
        with av.open(str(segment)) as c:
            video_pts += [float(p.pts * p.time_base) for p in c.demux(video=0) if p.pts is not None]
    video_pts.sort()
    assert len(video_pts) == 16 * fmt.fps
    assert max(np.diff(video_pts)) < 1.5 / fmt.fps


def test_slow_renderer_gets_frames_repeated_instead_of_falling_behind() -> None:
    fmt = AVFormat(width=320, height=240)

    class Slow(Bars):
        def frame_at(self, t: float, cue: Cue | None) -> np.ndarray:
            time.sleep(0.06)  # twice a frame's time
            return super().frame_at(t, cue)

    sent: list[int] = []
    playout = Playout(fmt, Slow(fmt), lambda frame, pcm: sent.append(pcm.size), realtime=True, max_lag=0.1)
    started = time.monotonic()
    playout.run(1.5)
    assert time.monotonic() - started < 1.5 + 0.25  # the stream kept to the wall clock
    assert playout.frames_repeated > 10 and sum(sent) == round(1.5 * fmt.sample_rate)


def test_stream_keys_are_redacted() -> None:
    assert redact("Output #0, flv, to 'rtmp://live.twitch.tv/app/live_123_abc':") == \
        "Output #0, flv, to 'rtmp://live.twitch.tv/app/****':"
    assert redact("rtmps://a.rtmp.youtube.com:443/live2/xxxx-yyyy?backup=1 refused") == \
        "rtmps://a.rtmp.youtube.com:443/live2/**** refused"
    assert redact("server echoed live_123_abc", ["live_123_abc"]) == "server echoed ****"
    assert KEY not in repr(Ingest("t", f"rtmp://h/app/{KEY}"))


def test_backoff_grows_to_its_cap_with_jitter() -> None:
    rng, backoff = random.Random(7), Backoff(base=0.5, cap=4.0)
    delays = [[backoff.delay(n, rng) for _ in range(200)] for n in range(6)]
    assert all(0 <= d <= min(4.0, 0.5 * 2 ** n) for n, ds in enumerate(delays) for d in ds)
    assert max(delays[5]) > 3.0 and len(set(delays[5])) == 200  # capped, and jittered
