"""Live outputs: encode once, record locally, push to any number of RTMP(S) ingests.

Shape::

    Encoder (one ffmpeg: x264 + AAC) --tee--> segmented MPEG-TS recording on disk
                                     \\-----> MPEG-TS on stdout --Python fan-out--> Pusher per ingest
                                                                                   (ffmpeg -c copy -f flv URL)

A pusher is a cheap stream-copy process. When an ingest drops (network, platform restart,
bad key) only its pusher dies; the fan-out drops that pusher's data instead of blocking, the
recording and the other ingests carry on, and the pusher restarts after an exponential backoff
with full jitter (so a fleet of hosts does not reconnect in lock-step). A restarted pusher joins
mid-stream without waiting for the next keyframe: the fan-out keeps the stream since the last
keyframe (`GopCache`, at most one 2 s GOP) and a fresh pusher gets that first, so it can probe
and connect at once; the ingest sees a short burst, then real time.

Events go to ``on_event(kind, details)`` for the audit log: ``broadcast_start``,
``broadcast_stop``, ``ingest_connected`` (``reconnect: True`` after the first time),
``ingest_lost``. Every URL in events, logs and errors is redacted.
"""

from __future__ import annotations

import fcntl
import logging
import os
import random
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..models import Destination
from .encoder import AVFormat, Encoder, Output, find_ffmpeg
from .redact import redact

log = logging.getLogger(__name__)

EventCallback = Callable[[str, dict[str, Any]], None]
TS_PACKET = 188
VIDEO_PID = 0x100  # ffmpeg's mpegts muxer numbers streams from 0x100; the encoder maps video first


class GopCache:
    """MPEG-TS bytes since the most recent video keyframe, starting at the PAT that ffmpeg's
    muxer writes right before every keyframe, so the bytes are a complete, decodable start."""

    def __init__(self, limit: int = 16 << 20):
        self.data = bytearray()
        self.limit = limit
        self._pat: int | None = None

    def add(self, packets: bytes) -> None:
        base = len(self.data)
        self.data += packets
        cut: int | None = None
        for off in range(0, len(packets), TS_PACKET):
            b1, b3 = packets[off + 1], packets[off + 3]
            pid = ((b1 & 0x1F) << 8) | packets[off + 2]
            if pid == 0:
                self._pat = base + off
            elif (pid == VIDEO_PID and b1 & 0x40 and b3 & 0x20 and packets[off + 4] > 0
                  and packets[off + 5] & 0x40):  # payload start + random-access indicator
                cut = self._pat if self._pat is not None else base + off
        if cut:
            del self.data[:cut]
            self._pat = self._pat - cut if self._pat is not None and self._pat >= cut else None
        if len(self.data) > self.limit:  # no keyframes arriving: never grow without bound
            self.data.clear()
            self._pat = None


@dataclass(frozen=True)
class Ingest:
    """One push target. `url` includes the stream key and is a secret; show `safe_url`."""

    name: str
    url: str

    @classmethod
    def from_destination(cls, dest: Destination) -> Ingest:
        return cls(dest.name, dest.ingest_url())

    @property
    def safe_url(self) -> str:
        return redact(self.url)

    def __repr__(self) -> str:  # dataclass repr would print the key
        return f"Ingest(name={self.name!r}, url={self.safe_url!r})"


@dataclass(frozen=True)
class Backoff:
    """Delay before reconnect attempt n (0-based): uniform in [0, min(cap, base * 2**n)]."""

    base: float = 0.5
    cap: float = 4.0  # a push resumes within about 5 s of the ingest coming back
    healthy_after: float = 10.0  # a push that stayed up this long resets the attempt count

    def delay(self, attempt: int, rng: random.Random) -> float:
        return rng.uniform(0, min(self.cap, self.base * 2 ** min(attempt, 30)))


class Pusher:
    """Keeps one ingest fed: owns its ffmpeg stream-copy process and restarts it when it dies."""

    def __init__(self, ingest: Ingest, ffmpeg: str, metadata: dict[str, str], on_event: EventCallback,
                 backoff: Backoff, max_backlog: int = 4 << 20):
        self.ingest = ingest
        self.ffmpeg = ffmpeg
        self.metadata = metadata
        self.on_event = on_event
        self.backoff = backoff
        self.max_backlog = max_backlog
        self.connections = 0
        self.bytes_sent = 0  # handed to the pusher process: a console's bitrate per destination
        self.bytes_dropped = 0
        self._rng = random.Random()
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[bytes] | None = None
        self._backlog = bytearray()
        self._fresh = False
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._supervise, name=f"pusher-{ingest.name}", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _command(self) -> list[str]:
        meta = [a for k, v in self.metadata.items() for a in ("-metadata", f"{k}={v}")]
        return [self.ffmpeg, "-hide_banner", "-nostats", "-loglevel", "info",
                "-f", "mpegts", "-analyzeduration", "1000000", "-i", "pipe:0", "-map", "0", "-c", "copy",
                "-rw_timeout", "5000000",  # a silent ingest must fail, not hang the pusher forever
                "-f", "flv", "-flvflags", "no_duration_filesize", *meta, self.ingest.url]

    def _supervise(self) -> None:
        attempt = 0
        while not self._stopping.is_set():
            started = time.monotonic()
            code, last = self._run_once()
            if self._stopping.is_set():
                return
            if time.monotonic() - started >= self.backoff.healthy_after:
                attempt = 0
            delay = self.backoff.delay(attempt, self._rng)
            attempt += 1
            self.on_event("ingest_lost", {"ingest": self.ingest.name, "url": self.ingest.safe_url, "exit": code,
                                          "error": last, "retry_in_s": round(delay, 2)})
            log.warning("ingest %s (%s) lost: %s; retrying in %.1fs", self.ingest.name, self.ingest.safe_url, last, delay)
            self._stopping.wait(delay)

    def _run_once(self) -> tuple[int | None, str]:
        """Run one pusher process to its end; return its exit code and last (redacted) words."""
        try:
            proc = subprocess.Popen(self._command(), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE, process_group=0)  # Ctrl-C is for the show (see Encoder)
        except OSError as err:
            return None, redact(str(err), [self.ingest.url])
        assert proc.stdin is not None and proc.stderr is not None
        fd = proc.stdin.fileno()
        fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        with self._lock:
            self._proc, self._backlog, self._fresh = proc, bytearray(), True
        last = ""
        for raw in proc.stderr:
            line = redact(raw.decode("utf-8", "replace").strip(), [self.ingest.url])
            if line.startswith("Output #0"):
                self.connections += 1
                self.on_event("ingest_connected", {"ingest": self.ingest.name, "url": self.ingest.safe_url,
                                                   "reconnect": self.connections > 1})
            if line:
                last = line
                log.debug("pusher %s: %s", self.ingest.name, line)
        with self._lock:
            self._proc = None
            self._backlog = bytearray()
        try:
            proc.stdin.close()
        except OSError:
            pass
        return proc.wait(), last

    def feed(self, data: bytes, replay: bytearray) -> None:
        """Hand over stream bytes (`replay`, the `GopCache` that ends with `data`, to a pusher
        that just started) without ever blocking: whatever the pusher cannot take now
        waits in a bounded backlog; past the bound the ingest is too slow to follow the show,
        so the pusher is killed (and restarts) rather than stalling everyone else."""
        with self._lock:
            proc = self._proc
            if proc is None or proc.stdin is None:
                self.bytes_dropped += len(data)
                return
            if self._fresh:
                self._backlog += replay
                self._fresh = False
            else:
                self._backlog += data
            try:
                written = os.write(proc.stdin.fileno(), self._backlog)
            except BlockingIOError:
                written = 0
            except (BrokenPipeError, OSError):
                self.bytes_dropped += len(self._backlog)
                self._backlog = bytearray()
                return
            del self._backlog[:written]
            self.bytes_sent += written
            if len(self._backlog) > self.max_backlog:
                log.warning("ingest %s cannot keep up; restarting its pusher", self.ingest.name)
                self.bytes_dropped += len(self._backlog)
                self._backlog = bytearray()
                proc.kill()

    def stop(self, timeout: float = 5.0) -> None:
        """End the push cleanly: close its input so ffmpeg finishes the FLV, then wait."""
        self._stopping.set()
        with self._lock:
            proc = self._proc
        if proc is not None:
            if proc.stdin is not None:
                try:
                    proc.stdin.close()
                except OSError:
                    pass
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
        self._thread.join(timeout)


class Broadcast:
    """A live show's outputs: call `write(frame, pcm)` once per frame (same contract as
    `Encoder.write`), `close()` at the end. Ingest failures never raise out of `write`; only
    the encoder itself failing does, because then there is nothing left to show."""

    def __init__(self, fmt: AVFormat, ingests: list[Ingest], recording_dir: Path | str | None,
                 metadata: dict[str, str] | None = None, on_event: EventCallback | None = None,
                 ffmpeg: str | None = None, backoff: Backoff = Backoff(), segment_seconds: int = 6):
        if not ingests and recording_dir is None:
            raise ValueError("a broadcast needs at least one ingest or a recording directory")
        self.fmt = fmt
        self.on_event: EventCallback = on_event or (lambda kind, details: None)
        outputs = [Output.mpegts_pipe()]
        if recording_dir is not None:
            Path(recording_dir).mkdir(parents=True, exist_ok=True)
            outputs.insert(0, Output.segments(recording_dir, segment_seconds))
        exe = find_ffmpeg(ffmpeg)
        self.encoder = Encoder(fmt, outputs, metadata, exe, on_output_lost=self._output_lost)
        self.pushers = [Pusher(i, exe, dict(metadata or {}), self.on_event, backoff) for i in ingests]
        for p in self.pushers:
            p.start()
        self._fanout = threading.Thread(target=self._fan_out, name="broadcast-fanout", daemon=True)
        self._fanout.start()
        self.on_event("broadcast_start", {"ingests": [i.name for i in ingests],
                                          "recording": str(recording_dir) if recording_dir else None})

    def _output_lost(self, message: str) -> None:
        """The recording failed (a full or broken disk): ffmpeg dropped it, the push goes on."""
        self.on_event("recording_failed", {"error": message, "stream_time": round(self.stream_time, 3)})

    def _fan_out(self) -> None:
        """Read the encoder's MPEG-TS and give every pusher whole 188-byte packets, so a pusher
        that (re)starts mid-stream begins on a packet boundary."""
        stdout = self.encoder.stdout
        assert stdout is not None
        pending = b""
        gop = GopCache()
        while chunk := stdout.read1(TS_PACKET * 348):
            pending += chunk
            cut = len(pending) - len(pending) % TS_PACKET
            whole, pending = pending[:cut], pending[cut:]
            gop.add(whole)
            for p in self.pushers:
                p.feed(whole, gop.data)

    @property
    def stream_time(self) -> float:
        return self.encoder.stream_time

    def write(self, frame_bgr: np.ndarray, pcm: np.ndarray) -> None:
        self.encoder.write(frame_bgr, pcm)

    def close(self) -> None:
        """Finish the recording, let pushers drain, stop them; report `broadcast_stop`."""
        try:
            self.encoder.close()
        finally:
            self._fanout.join(timeout=10)
            for p in self.pushers:
                p.stop()
            self.on_event("broadcast_stop", {"stream_time": round(self.stream_time, 3),
                                             "dropped_bytes": {p.ingest.name: p.bytes_dropped for p in self.pushers}})

    def __enter__(self) -> Broadcast:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def join_segments(directory: Path | str, out: Path | str, metadata: dict[str, str] | None = None,
                  prefix: str = "rec", ffmpeg: str | None = None) -> Path:
    """One playable MP4 of a segmented recording (`Output.segments`), by stream copy: seconds
    even for hours of show, no second encode. The segments stay where they are, for retention
    rules that delete old chunks. MPEG-TS cannot carry the AIGC tags, so they go in again here."""
    d = Path(directory)
    listing = d / f"{prefix}.csv"
    names = [line.split(",", 1)[0] for line in listing.read_text().splitlines() if line.strip()] if listing.is_file() else []
    parts = [d / n for n in names if (d / n).is_file()]
    if not parts:
        raise FileNotFoundError(f"no recorded segments in {d}")
    meta = [a for k, v in (metadata or {}).items() for a in ("-metadata", f"{k}={v}")]
    command = [find_ffmpeg(ffmpeg), "-hide_banner", "-nostats", "-loglevel", "error", "-y",
               "-i", "concat:" + "|".join(str(p) for p in parts), "-map", "0", "-c", "copy",
               "-movflags", "+faststart+use_metadata_tags", *meta, str(out)]
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=600)
    if done.returncode != 0:
        raise RuntimeError(f"joining {len(parts)} segment(s) into {out} failed: "
                           f"{redact(done.stderr.decode('utf-8', 'replace').strip()[-300:])}")
    return Path(out)
