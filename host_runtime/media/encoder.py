"""One ffmpeg process that turns raw frames and PCM into H.264 + AAC, encoded once.

Usage::

    fmt = AVFormat(width=1280, height=720, fps=30, sample_rate=44100)
    with Encoder(fmt, [Output.mp4("show.mp4")], metadata={"AIGC": json.dumps(label)}) as enc:
        for i in range(n):
            enc.write(frame_bgr, pcm)        # pcm: exactly fmt.samples_for_frame(i) int16 samples

Why it is shaped like this:

* Video goes in on stdin as raw BGR (what OpenCV and the avatar renderer produce), audio as
  mono s16le on a second pipe handed to ffmpeg with ``pass_fds``. Every raw input carries
  ``-probesize 32 -analyzeduration 0`` (ffmpeg otherwise waits for seconds of data before it
  starts) and a small ``-thread_queue_size`` so nothing piles up between us and the encoder.
* ffmpeg stamps video from the frame count (``-framerate``) and audio from the sample count,
  never from the wall clock, and `write` takes one frame *together with exactly that frame's
  audio*, so the two cannot drift apart however long a show runs. When nothing is being said
  the caller writes silence: an audio track that stops makes ingests drop the stream.
  Where ``sample_rate / fps`` is not whole (44100 Hz at 24 fps is 1837.5) frames alternate
  between the floor and the ceiling so the running total is always exact
  (`AVFormat.samples_for_frame`).
* PCM must already be at ``fmt.sample_rate`` (44.1 or 48 kHz, the rates FLV can signal for
  AAC); `host_runtime.media.audio.resample` converts TTS output (piper gives 22,050 Hz) once
  per utterance rather than per frame.
* Several outputs share one encode through ffmpeg's ``tee`` muxer: a 720p x264 encode costs a fifth
  of a core (ultrafast) to most of one (medium), so a show never encodes twice for a recording
  and a live push.
"""

from __future__ import annotations

import collections
import os
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO

import cv2
import ffmpeg as ffmpeg_python
import numpy as np

from ..models import Destination
from .redact import redact

FFMPEG_ENV = "HOST_RUNTIME_FFMPEG"
#: raw inputs must start at once: ffmpeg's default probing waits for seconds of input
RAW_INPUT_OPTIONS = {"probesize": 32, "analyzeduration": 0, "thread_queue_size": 16}


class EncoderError(RuntimeError):
    """ffmpeg could not start, or died; the message carries its last (redacted) words."""


def find_ffmpeg(explicit: str | None = None) -> str:
    """The ffmpeg to run: an explicit path, else $HOST_RUNTIME_FFMPEG, else the binary that
    imageio-ffmpeg ships (so a plain pip install works without a system ffmpeg)."""
    if explicit:
        return explicit
    if os.environ.get(FFMPEG_ENV):
        return os.environ[FFMPEG_ENV]
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


@dataclass(frozen=True)
class AVFormat:
    """The picture and sound of a show; the only place frame and sample arithmetic lives."""

    width: int = 1280
    height: int = 720
    fps: int = 30
    sample_rate: int = 44100
    video_kbps: int = 3000
    audio_kbps: int = 128
    preset: str = "ultrafast"  # x264's; see VideoSettings.preset

    def __post_init__(self) -> None:
        if self.sample_rate not in (44100, 48000):
            raise ValueError(f"sample_rate must be 44100 or 48000 (what FLV can carry for AAC), not {self.sample_rate}")
        if self.width % 2 or self.height % 2:
            raise ValueError(f"width and height must be even for 4:2:0 video, not {self.width}x{self.height}")

    @classmethod
    def from_destination(cls, dest: Destination) -> AVFormat:
        return cls(dest.video.width, dest.video.height, dest.video.fps, dest.audio.sample_rate,
                   dest.video.bitrate_kbps, dest.audio.bitrate_kbps, dest.video.preset)

    @property
    def frame_shape(self) -> tuple[int, int, int]:
        return (self.height, self.width, 3)

    def samples_before(self, frame_index: int) -> int:
        """Audio samples that belong to frames 0..frame_index-1: exact, no rounding drift."""
        return frame_index * self.sample_rate // self.fps

    def samples_for_frame(self, frame_index: int) -> int:
        return self.samples_before(frame_index + 1) - self.samples_before(frame_index)

    def time_of_frame(self, frame_index: int) -> float:
        return frame_index / self.fps


def _escape_tee(target: str) -> str:
    """The tee muxer splits on '|' and reads '[...]' as options; escape them in file names."""
    for ch in "\\|[]":
        target = target.replace(ch, "\\" + ch)
    return target


@dataclass(frozen=True)
class Output:
    """Where encoded media goes: a target (path, 'pipe:1' or URL), a muxer and its options."""

    target: str
    format: str
    options: dict[str, str] = field(default_factory=dict)
    #: beside other outputs, one that fails (a full disk) is dropped and the rest go on
    optional: bool = False

    @classmethod
    def mp4(cls, path: Path | str) -> Output:
        """A file to hand around: index up front (faststart) so it plays while downloading, and
        custom tags kept (use_metadata_tags) so GB 45438 implicit labels like `AIGC` survive."""
        return cls(str(path), "mp4", {"movflags": "+faststart+use_metadata_tags"})

    @classmethod
    def segments(cls, directory: Path | str, seconds: int = 6, prefix: str = "rec") -> Output:
        """A recording in MPEG-TS chunks: a crash or kill loses at most the open chunk, old
        chunks can be deleted for retention, and `directory/<prefix>.csv` lists them in order.
        Timestamps run on across chunks, so concatenating them replays the show."""
        d = Path(directory)
        return cls(str(d / f"{prefix}-%06d.ts"), "segment", {
            "segment_format": "mpegts", "segment_time": str(seconds), "reset_timestamps": "0",
            "segment_list": str(d / f"{prefix}.csv"), "segment_list_type": "csv",
        }, optional=True)  # a full recording disk must not stop the push to the ingests

    @classmethod
    def mpegts_pipe(cls) -> Output:
        """MPEG-TS on the encoder's stdout, for `host_runtime.media.outputs` to fan out."""
        return cls("pipe:1", "mpegts", {})

    def tee_slave(self) -> str:
        opts = ":".join([f"f={self.format}", *(["onfail=ignore"] if self.optional else []),
                         *(f"{k}={v}" for k, v in self.options.items())])
        return f"[{opts}]{_escape_tee(self.target)}"


class Encoder:
    """A running ffmpeg encode; write one frame plus its audio at a time, then close."""

    def __init__(self, fmt: AVFormat, outputs: list[Output], metadata: dict[str, str] | None = None,
                 ffmpeg: str | None = None, on_output_lost: Callable[[str], None] | None = None):
        """``on_output_lost(message)``: an optional output failed and was dropped (ffmpeg's words)."""
        if not outputs:
            raise ValueError("an encoder needs at least one output")
        self.fmt = fmt
        self.outputs = list(outputs)
        self.metadata = dict(metadata or {})
        self.frames_written = 0
        self.on_output_lost = on_output_lost
        self._stderr_tail: collections.deque[str] = collections.deque(maxlen=40)
        audio_read, audio_write = os.pipe()
        self.command = self._command(find_ffmpeg(ffmpeg), audio_read)
        to_stdout = any(o.target == "pipe:1" for o in self.outputs)
        try:
            self._proc = subprocess.Popen(
                self.command, stdin=subprocess.PIPE, stdout=subprocess.PIPE if to_stdout else subprocess.DEVNULL,
                stderr=subprocess.PIPE, pass_fds=(audio_read,),
                process_group=0)  # its own group: a terminal's Ctrl-C reaches the show, which closes ffmpeg after its closing line
        except OSError as err:
            os.close(audio_write)
            raise EncoderError(f"cannot run ffmpeg ({self.command[0]}): {err}") from err
        finally:
            os.close(audio_read)
        self._audio = os.fdopen(audio_write, "wb")
        self._stderr_thread = threading.Thread(target=self._drain_stderr, name="ffmpeg-encoder-stderr", daemon=True)
        self._stderr_thread.start()

    @property
    def stdout(self) -> IO[bytes] | None:
        """The MPEG-TS stream when an `Output.mpegts_pipe()` was asked for. Read it on
        another thread, promptly and to its end (past `close`), or ffmpeg blocks and the whole
        show, recording included, stalls."""
        return self._proc.stdout

    @property
    def stream_time(self) -> float:
        """Seconds of media written so far: the media clock, counted in frames."""
        return self.fmt.time_of_frame(self.frames_written)

    @property
    def samples_needed(self) -> int:
        """How many samples the next `write` must carry."""
        return self.fmt.samples_for_frame(self.frames_written)

    def _command(self, exe: str, audio_fd: int) -> list[str]:
        fmt = self.fmt
        video = ffmpeg_python.input("pipe:0", format="rawvideo", pix_fmt="yuv420p", s=f"{fmt.width}x{fmt.height}",
                                    framerate=fmt.fps, **RAW_INPUT_OPTIONS)
        audio = ffmpeg_python.input(f"pipe:{audio_fd}", format="s16le", ar=fmt.sample_rate, ac=1, **RAW_INPUT_OPTIONS)
        gop = 2 * fmt.fps  # a keyframe every 2 s: what ingests ask for, and where segments can cut
        codec = {
            "c:v": "libx264", "preset": fmt.preset, "tune": "zerolatency", "pix_fmt": "yuv420p",
            "g": gop, "keyint_min": gop, "sc_threshold": 0,
            "b:v": f"{fmt.video_kbps}k", "maxrate": f"{fmt.video_kbps}k", "bufsize": f"{2 * fmt.video_kbps}k",
            "c:a": "aac", "b:a": f"{fmt.audio_kbps}k", "ar": fmt.sample_rate, "ac": 2,
        }
        if len(self.outputs) == 1:
            out = self.outputs[0]
            target, muxer = out.target, {"format": out.format, **out.options}
        else:
            target = "|".join(o.tee_slave() for o in self.outputs)
            # mp4 and flv slaves want codec headers out of band; mpegts re-inserts them in-band
            muxer = {"format": "tee", "flags": "+global_header"}
        args = ffmpeg_python.output(video, audio, target, **codec, **muxer).get_args()
        tail = args.pop()  # the output target; metadata goes right before it
        for key, value in self.metadata.items():
            args += ["-metadata", f"{key}={value}"]
        return [exe, "-hide_banner", "-nostats", "-loglevel", "warning", "-y", *args, tail]

    def _drain_stderr(self) -> None:
        assert self._proc.stderr is not None
        for raw in self._proc.stderr:
            line = redact(raw.decode("utf-8", "replace").rstrip())
            self._stderr_tail.append(line)
            if self.on_output_lost is not None and "Slave muxer" in line and "failed" in line:
                self.on_output_lost(line)  # tee: "Slave muxer #0 failed: No space left on device, continuing..."

    def _failure(self, what: str) -> EncoderError:
        self._proc.wait(timeout=10)
        self._stderr_thread.join(timeout=2)
        tail = " | ".join(list(self._stderr_tail)[-5:]) or "no message"
        return EncoderError(f"ffmpeg {what} (exit {self._proc.returncode}): {tail}")

    def write(self, frame_bgr: np.ndarray, pcm: np.ndarray) -> None:
        """Queue one video frame and the audio that plays during it (mono int16)."""
        if frame_bgr.shape != self.fmt.frame_shape or frame_bgr.dtype != np.uint8:
            raise ValueError(f"frame must be uint8 {self.fmt.frame_shape}, got {frame_bgr.dtype} {frame_bgr.shape}")
        pcm = pcm.reshape(-1)
        if pcm.dtype != np.int16 or pcm.size != self.samples_needed:
            raise ValueError(f"frame {self.frames_written} needs {self.samples_needed} int16 samples, "
                             f"got {pcm.size} {pcm.dtype}")
        assert self._proc.stdin is not None
        try:
            # audio first: it is small and keeps ffmpeg's interleaver fed while the frame goes in
            self._audio.write(pcm.tobytes())
            self._audio.flush()
            # converted here (OpenCV, BT.601 limited range like ffmpeg's own): half the bytes
            # through the pipe, and ffmpeg's bgr24 scaler was the costliest part of the encode
            self._proc.stdin.write(cv2.cvtColor(frame_bgr, cv2.COLOR_BGR2YUV_I420).data)
        except (BrokenPipeError, ValueError) as err:
            raise self._failure("stopped taking input") from err
        self.frames_written += 1

    def close(self) -> None:
        """Finish the files (MP4 index, last segment) and wait for ffmpeg; raise if it failed."""
        if self._proc.returncode is not None:
            return
        self._close_pipes()
        code = self._proc.wait(timeout=60)
        self._stderr_thread.join(timeout=5)
        if code != 0:
            raise self._failure("failed")

    def kill(self) -> None:
        """Stop at once (the show is being torn down); outputs may be incomplete."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        self._close_pipes()

    def _close_pipes(self) -> None:
        """Closing our ends tells ffmpeg the input is over; a dead ffmpeg makes that a broken pipe."""
        for pipe in (self._audio, self._proc.stdin):
            try:
                if pipe is not None:
                    pipe.close()
            except BrokenPipeError:
                pass

    def __enter__(self) -> Encoder:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is None:
            self.close()
        else:
            self.kill()
