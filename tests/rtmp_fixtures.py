"""Synthetic media and a real nginx-rtmp server for the media tests.

The content is deliberately simple (a moving bar, a sine tone) so a failure points at the
media path, not at the avatar or the voice, which have their own tests."""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Loudness of the decoded sound in int16 units: about 4,000 for the test tone (mono upmixed at -3 dB), 0 for silence."""
    total, count = 0.0, 0
    with av.open(str(path)) as c:
        for frame in c.decode(audio=0):
            raw = frame.to_ndarray()
            samples = raw.astype(np.float64) * (32768 if raw.dtype.kind == "f" else 1)
            total += float((samples ** 2).sum())
            count += samples.size
    return math.sqrt(total / count) if count else 0.0


NGINX_MODULE = Path("/usr/lib/nginx/modules/ngx_rtmp_module.so")
NGINX_CONF = """load_module {module};
daemon off;
master_process off;
pid {dir}/nginx.pid;
error_log {dir}/error.log info;
events {{ worker_connections 64; }}
rtmp {{
    server {{
        listen 127.0.0.1:{port};
        chunk_size 4096;
        application live {{
            live on;
            record all;
            record_path {dir}/record;
            record_unique on;
        }}
    }}
}}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_nginx(workdir: Path) -> Iterator["NginxRtmp"]:
    """A started server in ``workdir``, stopped when the block ends: the body of every nginx fixture."""
    server = NginxRtmp(workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class NginxRtmp:
    """A real nginx + libnginx-mod-rtmp on 127.0.0.1 that records every publish to FLV;
    `stop()` and `start()` simulate an ingest outage on the same port."""

    def __init__(self, workdir: Path):
        if not NGINX_MODULE.exists() or not shutil.which("nginx"):
            raise RuntimeError("nginx with libnginx-mod-rtmp is not installed; run `make setup`")
        self.dir = workdir
        (workdir / "record").mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.conf = workdir / "nginx.conf"
        self.conf.write_text(NGINX_CONF.format(module=NGINX_MODULE, dir=workdir, port=self.port))
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def app_url(self) -> str:
        return f"rtmp://127.0.0.1:{self.port}/live"

    def start(self) -> None:
        self._proc = subprocess.Popen(["nginx", "-p", str(self.dir), "-c", str(self.conf), "-e", str(self.dir / "error.log")],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise RuntimeError(f"nginx exited: {(self.dir / 'error.log').read_text()[-500:]}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("nginx did not start listening within 10 s")

    def stop(self) -> None:
        """Kill it hard, the way an ingest outage looks from the pushing side."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None

    def recordings(self) -> list[Path]:
        """FLV files nginx wrote, oldest first (one per publish)."""
        return sorted((self.dir / "record").glob("*.flv"), key=lambda p: p.stat().st_mtime)


def video_times(paths: list[Path]) -> list[float]:
    """Presentation times (s) of every video packet in these files, sorted."""
    times: list[float] = []
    for path in paths:
        with av.open(str(path)) as c:
            times += [float(p.pts * p.time_base) for p in c.demux(video=0) if p.pts is not None]
    return sorted(times)


@dataclass
class FlapRun:
    """What a broadcast to three ingests saw: one that flapped, one down for good, one steady."""

    seconds: float
    returns: list[float]  # monotonic times the flapping server came back
    reconnects: list[float]  # monotonic times its pusher reported a reconnect
    events: list[tuple[float, str, dict]]
    record: Path
    flappy: NginxRtmp
    steady: NginxRtmp

    def reconnect_delays(self) -> list[float]:
        """For each return of the server, seconds until the push was back (inf: never)."""
        return [min((r - back for r in self.reconnects if r >= back), default=math.inf) for back in self.returns]


def run_flaps(workdir: Path, outages: list[tuple[float, float]], seconds: float) -> FlapRun:
    """Broadcast bars and a tone for `seconds` in real time to three real nginx-rtmp servers:
    `flappy` is killed and restarted at each (down, up) stream time of `outages`, `dead` is
    killed at 1 s and never comes back, `steady` is never touched; the production backoff."""
    from host_runtime.media.outputs import Broadcast, Ingest
    from host_runtime.media.playout import Playout

    fmt = AVFormat()
    servers = {name: NginxRtmp(workdir / name) for name in ("flappy", "dead", "steady")}
    for s in servers.values():
        s.start()
    downs = {round(a * fmt.fps): b for a, b in outages}
    ups = {round(b * fmt.fps) for _, b in outages}
    events: list[tuple[float, str, dict]] = []
    returns: list[float] = []

    class Frames:
        def frame_at(self, t: float, cue: object) -> np.ndarray:
            return synthetic_frame(fmt, round(t * fmt.fps))

    try:
        ingests = [Ingest(name, f"{s.app_url}/key-{name}") for name, s in servers.items()]
        with Broadcast(fmt, ingests, workdir / "rec",
                       on_event=lambda kind, d: events.append((time.monotonic(), kind, d))) as broadcast:
            def sink(frame: np.ndarray, pcm: np.ndarray) -> None:
                i = broadcast.encoder.frames_written
                if i == fmt.fps:
                    servers["dead"].stop()
                if i in downs:
                    servers["flappy"].stop()
                elif i in ups:
                    servers["flappy"].start()
                    returns.append(time.monotonic())
                broadcast.write(frame, tone(fmt.samples_before(i), pcm.size, fmt.sample_rate))
            Playout(fmt, Frames(), sink, realtime=True).run(seconds)
    finally:
        for s in servers.values():
            s.stop()
    reconnects = [at for at, kind, d in events if kind == "ingest_connected" and d["ingest"] == "flappy" and d["reconnect"]]
    return FlapRun(seconds, returns, reconnects, events, workdir / "rec", servers["flappy"], servers["steady"])
