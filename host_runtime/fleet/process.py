"""One show of a fleet as its own OS process: `host-runtime live --show FILE`, isolated.

Why a process per show, not sessions in one process: a show that leaks, stalls or crashes takes
only itself down (the peers that run many sessions in one process stutter and leak past two or
three). Why its own session: the show's children (an ffmpeg encoder, one pusher per ingest) stay
in it (each ffmpeg in a process group of its own, so a terminal's Ctrl-C reaches only the show),
so killing the session's processes leaves no orphan behind; and the show gets SIGKILL when the
thread that started it dies (PR_SET_PDEATHSIG), so a supervisor or a Ray actor that is killed
takes its show with it (its ffmpeg then sees its input end and exits). The session is recorded
beside the recording (`<name>.run.json`), so whoever starts the show next kills a stale one first.

State, speed and health are read from what the show already publishes: its stdout (the console
address, a scheduled start) and its operator console's `/state` (lifecycle state, stream time,
each destination's health).
"""

from __future__ import annotations

import ctypes
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from ..live.pace import SLOW_PACE
from ..live.resume import resume_point

#: a show's states as the fleet reports them
SCHEDULED, WARMING_UP, LIVE, ENDED, FAILED, RESTARTING, REFUSED, STOPPED = (
    "scheduled", "warming up", "live", "ended", "failed", "restarting", "refused", "stopped")
#: states in which a show holds its CPU and memory (admission counts them)
HOLDING = (SCHEDULED, WARMING_UP, LIVE, RESTARTING)
#: `host-runtime` exits 2 on a UserError (a bad option, a failed pre-show checklist): restarting cannot fix it
USER_ERROR = 2
#: the installed `host-runtime` program beside this interpreter: a show is run as a program, as an
#: operator would run it, so this stage imports no front end
SHOW_PROGRAM = Path(sys.executable).with_name("host-runtime")
CONSOLE_LINE = re.compile(r"^console: (http://\S+/)\?token=(\S+)")
PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL(None, use_errno=True)
#: speed: stream seconds per wall second over this window, said once it spans MIN_SPAN_S
SPEED_WINDOW_S, MIN_SPAN_S = 10.0, 5.0
#: a show's console states in which its stream is on air
LIVE_STATES = ("live", "paused", "takeover", "ending")


def _die_with_parent() -> None:
    """In the child, before exec: SIGKILL when the starting thread goes (a killed supervisor or actor)."""
    _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


@dataclass
class Status:
    """What the fleet says of one show (the console's row, `host-runtime fleet`'s lines)."""

    name: str
    state: str
    cpu: float
    memory_mb: int
    speed: float | None = None  # stream seconds per wall second over the last 10 s (1.0: real time)
    health: str = ""  # "ok", or what is wrong (an ingest reconnecting, behind real time)
    detail: str = ""  # why it failed or was refused; the show's own state (paused, takeover...)
    console: str | None = None  # its own console's address with its token
    pid: int | None = None
    sid: int | None = None  # its session: the show and every process it started
    restarts: int = 0
    stream_time: float | None = None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def session_members(sid: int) -> list[int]:
    """Processes (not zombies) in session `sid`, from /proc."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def kill_session(sid: int, timeout: float = 10.0) -> None:
    """SIGKILL every process of the session and wait until none is left."""
    deadline = time.monotonic() + timeout
    while (members := session_members(sid)) and time.monotonic() < deadline:
        for pid in members:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        time.sleep(0.05)


class ShowProcess:
    """Start, watch and end one show's process; `status()` from its console. The thread that calls
    `start` must outlive the process (PR_SET_PDEATHSIG is tied to it)."""

    def __init__(self, name: str, show_file: Path, record: Path, cpu: float, memory_mb: int):
        self.name, self.show_file, self.record, self.cpu, self.memory_mb = name, show_file, record, cpu, memory_mb
        self.run_file = record.with_name(f"{record.name}.run.json")
        self.log_file = record.with_name(f"{record.name}.log")
        self.proc: subprocess.Popen[str] | None = None
        self.ended_by: str | None = None  # "stop" or "drain" when asked: its end is no crash
        self.scheduled = False
        self.console: tuple[str, str] | None = None  # (address, token)
        self.snapshot: dict[str, Any] | None = None
        self._samples: deque[tuple[float, float]] = deque()
        self._lock = threading.Lock()

    @property
    def starts(self) -> int:
        """How many times this show's process was started, by any engine, for this recording."""
        try:
            return int(json.loads(self.run_file.read_text())["starts"])
        except (OSError, ValueError, KeyError):
            return 0

    def kill_stale(self) -> None:
        """Kill the session a previous start left (its supervisor or actor was killed): its ffmpeg would
        otherwise go on pushing into the ingest the new start connects to."""
        try:
            sid = int(json.loads(self.run_file.read_text())["sid"])
        except (OSError, ValueError, KeyError):
            return
        if any(_ours(pid) for pid in session_members(sid)):
            kill_session(sid)

    def start(self) -> None:
        """Start the show; one with an audit log already (a crash, a restart after stop) is resumed from
        it (`--resume`: the same rundown segment, no line of its last 10 minutes again, part-N recordings)."""
        self.kill_stale()
        command = [str(SHOW_PROGRAM), "live", "--show", str(self.show_file),
                   "--record", str(self.record), "--console-port", "0"]
        if resume_point(self.record / "audit.jsonl") is not None:
            command.append("--resume")
        self.record.parent.mkdir(parents=True, exist_ok=True)
        starts = self.starts + 1
        with self._lock:
            self.ended_by, self.scheduled, self.console, self.snapshot = None, False, None, None
            self._samples.clear()
            self.proc = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                         stderr=subprocess.STDOUT, text=True, start_new_session=True,
                                         preexec_fn=_die_with_parent, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.run_file.write_text(json.dumps({"pid": self.proc.pid, "sid": self.proc.pid, "starts": starts}))
        assert self.proc.stdout is not None
        threading.Thread(target=self._read, args=(self.proc.stdout,), name=f"show-{self.name}-out", daemon=True).start()
        threading.Thread(target=self._poll, args=(self.proc,), name=f"show-{self.name}-poll", daemon=True).start()

    def _read(self, out: IO[str]) -> None:
        """The show's output into its log file, the console token masked; what it says of itself noted."""
        with self.log_file.open("a") as log:
            for line in out:
                found = CONSOLE_LINE.match(line)
                if found:
                    self.console = (found[1], found[2])
                    line = line.replace(found[2], "***")
                elif line.startswith("live: ") and " starts at " in line:
                    self.scheduled = True
                log.write(line)
                log.flush()

    def _poll(self, proc: subprocess.Popen[str]) -> None:
        """Its console's state once a second while it runs: lifecycle, stream time, health."""
        while proc.poll() is None:
            if self.console is not None:
                address, token = self.console
                request = urllib.request.Request(address + "state", headers={"X-Console-Token": token})
                try:
                    with urllib.request.urlopen(request, timeout=2) as reply:
                        snapshot = json.loads(reply.read())
                except (OSError, ValueError):  # starting, ending, or too busy to answer this time
                    snapshot = None
                if snapshot is not None:
                    now = time.monotonic()
                    with self._lock:
                        self.snapshot = snapshot
                        if snapshot["state"] in LIVE_STATES:
                            self._samples.append((now, float(snapshot["stream_time"])))
                        else:  # warming up: its stream clock does not run at the show's pace yet
                            self._samples.clear()
                        while self._samples and now - self._samples[0][0] > SPEED_WINDOW_S:
                            self._samples.popleft()
            time.sleep(1.0)

    def wait(self) -> int:
        assert self.proc is not None
        return self.proc.wait()

    def end(self, now: bool) -> None:
        """End the show: gracefully (the closing line, outputs closed) or `now` (a second SIGTERM:
        no closing line, outputs still closed); its group is killed if it has not gone in time."""
        proc = self.proc
        self.ended_by = "stop" if now else "drain"
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        if now:
            time.sleep(0.3)
            proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15 if now else 90)
        except subprocess.TimeoutExpired:
            pass
        kill_session(proc.pid)

    def crash_cleanup(self) -> None:
        """After the show's process died: its children may not have (an ffmpeg reading a pipe)."""
        if self.proc is not None:
            kill_session(self.proc.pid)

    def status(self, state: str | None = None, detail: str = "", restarts: int = 0) -> Status:
        """The show's status as its process and console say, unless the caller knows better (`state`)."""
        proc = self.proc
        with self._lock:
            snapshot, samples = self.snapshot, list(self._samples)
        shown = snapshot["state"] if snapshot else None
        if state is None:
            if proc is None:
                state = WARMING_UP  # its supervisor is starting it
            elif proc.poll() is not None:
                state = (STOPPED if self.ended_by == "stop" else
                         ENDED if proc.returncode == 0 or self.ended_by == "drain" else FAILED)
            elif shown in LIVE_STATES:
                state = LIVE
            else:
                state = SCHEDULED if self.scheduled and snapshot is None else WARMING_UP
        speed = None
        if state == LIVE and len(samples) >= 2 and samples[-1][0] - samples[0][0] >= MIN_SPAN_S:
            speed = round((samples[-1][1] - samples[0][1]) / (samples[-1][0] - samples[0][0]), 3)
        return Status(self.name, state, self.cpu, self.memory_mb, speed=speed,
                      health=_health(snapshot, speed) if state == LIVE else "",
                      detail=detail or (shown if shown not in (None, "live") and state == LIVE else ""),
                      console=f"{self.console[0]}?token={self.console[1]}" if self.console and state == LIVE else None,
                      pid=proc.pid if proc else None, sid=proc.pid if proc else None, restarts=restarts,
                      stream_time=snapshot["stream_time"] if snapshot else None)


def _health(snapshot: dict[str, Any] | None, speed: float | None) -> str:
    problems = [f"{h['name']} {h['state']}" for h in (snapshot or {}).get("health", []) if h["state"] != "connected"]
    if speed is not None and speed < SLOW_PACE:
        problems.append(f"behind real time ({speed:.2f}x)")
    return "; ".join(problems) or "ok"


def _ours(pid: int) -> bool:
    """Whether `pid` is a show or one of its ffmpeg children (a recorded group id may have been reused)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"host_runtime" in cmdline or b"ffmpeg" in cmdline
