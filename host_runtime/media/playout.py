"""Playout: the loop that emits one frame and that frame's audio, every frame, forever.

Upstream stages (writer, voice, avatar) run ahead of the playhead and hand finished speech to
an `UtteranceQueue`; playout pulls from it at frame boundaries. When nothing is ready it keeps
going with the renderer's idle picture and silence: the picture never freezes and the sound
never stops, because ingests drop a stream whose audio stops and viewers leave one whose
picture does. Playout knows nothing about avatars or voices, only these small contracts:

* `FrameSource.frame_at(t, cue)` -> a BGR frame for stream time `t`; `cue` says which
  utterance is playing and how far into it (None while idle), so a renderer can lip-sync.
* `Utterance(pcm, sample_rate, payload)`: mono int16 speech at any rate (resampled once on
  entry); `payload` is opaque to playout and travels to the renderer and to the callbacks
  (word timings, text, audit ids...).
* `sink(frame, pcm)`: where frames go, normally `Encoder.write` or `Broadcast.write`.
"""

from __future__ import annotations

import collections
import itertools
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from .audio import resample
from .clock import MediaClock
from .encoder import AVFormat

_ids = itertools.count(1)


@dataclass
class Utterance:
    """One spoken line; `payload` is whatever the producer wants back in cues and events."""

    pcm: np.ndarray
    sample_rate: int
    payload: Any = None
    id: int = field(default_factory=lambda: next(_ids))
    #: on the urgent lane: which answer it belongs to, and whether it starts a sentence (where
    #: another viewer's answer may come in: answers to two viewers take turns by sentence)
    group: Any = None
    opens: bool = True

    @property
    def duration(self) -> float:
        return self.pcm.size / self.sample_rate


@dataclass(frozen=True)
class Cue:
    """What is being said at a frame: the utterance and the seconds since it started."""

    utterance: Utterance
    offset: float


class FrameSource(Protocol):
    def frame_at(self, t: float, cue: Cue | None) -> np.ndarray: ...


@dataclass(frozen=True)
class PlayoutEvent:
    """An utterance started or ended, stamped with stream time and wall time (for the audit log)."""

    kind: str  # "utterance_start" | "utterance_end" (stamped when the frame with its last sample ends)
    utterance: Utterance
    stream_time: float
    wall_time: float


class UtteranceQueue:
    """Bounded hand-off from the voice stage: `put` blocks when `max_seconds` of speech wait
    already, so a fast producer cannot run the show's memory up over a long run.

    Two lanes: `urgent=True` (answers to viewers) is never refused and plays before anything
    in the normal lane, at the next boundary between queued pieces, so a viewer is not kept
    waiting behind the seconds of pitch queued ahead of the playhead; answers to two viewers take
    turns by sentence (`Utterance.group`, `opens`). While an answer is being
    written and voiced, `holding` keeps the normal lane from starting its next piece (the
    host pauses a moment instead), so the answer is next and its pieces play back to back."""

    def __init__(self, sample_rate: int, max_seconds: float = 30.0):
        self.sample_rate = sample_rate
        self.max_seconds = max_seconds
        self._urgent: collections.deque[Utterance] = collections.deque()
        self._normal: collections.deque[Utterance] = collections.deque()
        self._seconds = 0.0
        self._urgent_seconds = 0.0
        self._held_until = 0.0  # time.monotonic() before which the normal lane waits
        self.paused = False  # the normal lane waits until an operator resumes (the urgent lane still plays)
        self._room = threading.Condition()

    @property
    def seconds_waiting(self) -> float:
        with self._room:
            return self._seconds

    @property
    def urgent_seconds(self) -> float:
        """Seconds of urgent speech not yet started (answers queued behind each other)."""
        with self._room:
            return self._urgent_seconds

    @contextmanager
    def holding(self, limit: float) -> Iterator[None]:
        """Serve only the urgent lane inside the block, for at most `limit` seconds (a stuck
        answer must not silence the host for longer)."""
        with self._room:
            self._held_until = time.monotonic() + limit
        try:
            yield
        finally:
            with self._room:
                self._held_until = 0.0

    def put(self, utterance: Utterance, timeout: float | None = None, urgent: bool = False) -> bool:
        """Queue speech (converted to the show's rate); False if no room came within `timeout`."""
        if utterance.sample_rate != self.sample_rate:
            utterance = Utterance(resample(utterance.pcm, utterance.sample_rate, self.sample_rate),
                                  self.sample_rate, utterance.payload, utterance.id, utterance.group, utterance.opens)
        with self._room:
            # an utterance longer than the whole limit still goes in once the queue is empty
            if not urgent and not self._room.wait_for(
                    lambda: self._seconds == 0 or self._seconds + utterance.duration <= self.max_seconds, timeout):
                return False
            self._seconds += utterance.duration
            if urgent:
                self._urgent_seconds += utterance.duration
                self._urgent.insert(self._urgent_slot(utterance), utterance)
            else:
                self._normal.append(utterance)
        return True

    def _urgent_slot(self, utterance: Utterance) -> int:
        """Where an answer piece goes: after its own answer's pieces; a new answer after the
        sentence now being said, before another answer's next sentence (so a second viewer waits
        one sentence, not a whole answer)."""
        lane = self._urgent
        if utterance.group is None:
            return len(lane)
        own = [i for i, u in enumerate(lane) if u.group == utterance.group]
        if own:
            return own[-1] + 1
        return next((i for i, u in enumerate(lane) if u.opens and u.group is not None), len(lane))

    def get_nowait(self) -> Utterance | None:
        with self._room:
            held = self.paused or time.monotonic() < self._held_until
            lane = self._urgent or (None if held else self._normal)
            if not lane:
                return None
            utterance = lane.popleft()
            # exactly 0 when empty: float sums never cancel exactly, and callers test for empty
            self._seconds = max(0.0, self._seconds - utterance.duration) if self._urgent or self._normal else 0.0
            if lane is self._urgent:
                self._urgent_seconds = max(0.0, self._urgent_seconds - utterance.duration) if lane else 0.0
            self._room.notify_all()
        return utterance

    def waiting(self) -> list[Utterance]:
        """What is queued and not yet started, in play order (urgent lane first), for a console."""
        with self._room:
            return [*self._urgent, *self._normal]

    def drop(self, which: Callable[[Utterance], bool]) -> list[Utterance]:
        """Take back the queued utterances `which` accepts (an operator cancelled their line)."""
        with self._room:
            dropped = [u for u in (*self._urgent, *self._normal) if which(u)]
            if dropped:
                self._urgent = collections.deque(u for u in self._urgent if not which(u))
                self._normal = collections.deque(u for u in self._normal if not which(u))
                self._urgent_seconds = sum(u.duration for u in self._urgent)
                self._seconds = self._urgent_seconds + sum(u.duration for u in self._normal)
                self._room.notify_all()
        return dropped

    def clear(self, keep_urgent: bool = False,
              keep_head: Callable[[Utterance], bool] | None = None) -> list[Utterance]:
        """Take back what is not yet started (in play order), e.g. when the show is ending and
        only a closing line should follow what is being said now (and, with `keep_urgent`,
        the answers viewers are already owed). `keep_head` keeps the run of normal-lane
        utterances at its head that it accepts: the rest of a sentence already begun, which
        must not be left half said."""
        with self._room:
            head: list[Utterance] = []
            while keep_head is not None and self._normal and keep_head(self._normal[0]):
                head.append(self._normal.popleft())
            dropped = [*self._normal] if keep_urgent else [*self._urgent, *self._normal]
            if not keep_urgent:
                self._urgent.clear()
            self._normal = collections.deque(head)
            self._urgent_seconds = sum(u.duration for u in self._urgent)
            self._seconds = self._urgent_seconds + sum(u.duration for u in head)
            self._room.notify_all()
        return dropped


class Playout:
    """Drives the clock: each frame, take the next slice of speech (or silence), ask the
    frame source for the picture, hand both to the sink. In real-time mode a frame source that
    cannot keep up gets its previous frame repeated rather than letting the stream fall
    behind the wall clock (`frames_repeated` counts them)."""

    def __init__(self, fmt: AVFormat, frames: FrameSource, sink: Callable[[np.ndarray, np.ndarray], None],
                 speech: UtteranceQueue | None = None, realtime: bool = True,
                 on_event: Callable[[PlayoutEvent], None] | None = None, max_lag: float = 0.25):
        self.fmt = fmt
        self.clock = MediaClock(fmt, realtime)
        self.frames = frames
        self.sink = sink
        self.speech = speech or UtteranceQueue(fmt.sample_rate)
        self.on_event = on_event
        self.max_lag = max_lag
        self.frames_repeated = 0
        self._current: Utterance | None = None
        self._start_frame = 0
        self._pos = 0
        self._last_frame: np.ndarray | None = None
        self._stop = threading.Event()

    def _emit(self, kind: str, utterance: Utterance, stream_time: float) -> None:
        if self.on_event:
            self.on_event(PlayoutEvent(kind, utterance, stream_time, time.time()))

    def _next_audio(self) -> tuple[np.ndarray, Cue | None]:
        """Exactly one frame's samples: speech where there is some, silence after it."""
        need = self.fmt.samples_for_frame(self.clock.frame_index)
        if self._current is None:
            self._current = self.speech.get_nowait()
            if self._current is not None:
                self._start_frame, self._pos = self.clock.frame_index, 0
                self._emit("utterance_start", self._current, self.clock.now)
        if self._current is None:
            return np.zeros(need, np.int16), None
        utt = self._current
        cue = Cue(utt, (self.clock.frame_index - self._start_frame) / self.fmt.fps)
        chunk = utt.pcm[self._pos:self._pos + need]
        self._pos += need
        if self._pos >= utt.pcm.size:
            self._current = None
            # stamped at the end of the frame that carries its last samples
            self._emit("utterance_end", utt, self.fmt.time_of_frame(self.clock.frame_index + 1))
        if chunk.size < need:
            chunk = np.concatenate([chunk, np.zeros(need - chunk.size, np.int16)])
        return chunk, cue

    def step(self) -> None:
        """Emit one frame (sleeping first if real time says it is not due yet)."""
        self.clock.wait_for_frame()
        pcm, cue = self._next_audio()
        if self._last_frame is not None and self.clock.lag > self.max_lag:
            frame = self._last_frame
            self.frames_repeated += 1
        else:
            frame = self.frames.frame_at(self.clock.now, cue)
        self.sink(frame, pcm)
        self._last_frame = frame
        self.clock.advance()

    def run(self, seconds: float | None = None) -> None:
        """Emit frames until `stop()` is called, or for `seconds` of stream time."""
        end = None if seconds is None else self.clock.frame_index + round(seconds * self.fmt.fps)
        while not self._stop.is_set() and (end is None or self.clock.frame_index < end):
            self.step()

    def stop(self) -> None:
        self._stop.set()
