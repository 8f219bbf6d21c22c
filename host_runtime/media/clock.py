"""The media clock: the one source of time in a show.

Stream time is *frames emitted / fps*, nothing else. Audio is stamped from the same count
(`AVFormat.samples_before`), captions and the audit log read it from here, and the wall clock
is only used to decide when to sleep, so a slow machine delays a frame but never shifts one
stream against another."""

from __future__ import annotations

import time
from collections.abc import Callable

from .encoder import AVFormat


class MediaClock:
    """Counts frames; in real-time mode, sleeps so frame n leaves no earlier than n / fps
    seconds after the first. `realtime=False` runs as fast as the machine allows (file
    rendering, benchmarks) with identical stream timestamps."""

    def __init__(self, fmt: AVFormat, realtime: bool = True,
                 monotonic: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.fmt = fmt
        self.realtime = realtime
        self.frame_index = 0
        self._monotonic = monotonic
        self._sleep = sleep
        self._origin: float | None = None

    @property
    def now(self) -> float:
        """Stream time of the frame about to be emitted, in seconds."""
        return self.fmt.time_of_frame(self.frame_index)

    @property
    def lag(self) -> float:
        """Seconds the show is behind real time (0 when ahead, or not pacing)."""
        if not self.realtime or self._origin is None:
            return 0.0
        return max(0.0, self._monotonic() - self._origin - self.now)

    def wait_for_frame(self) -> None:
        """Block until the next frame is due (real time only); the first call starts the clock."""
        if self._origin is None:
            self._origin = self._monotonic()
        if self.realtime:
            ahead = self._origin + self.now - self._monotonic()
            if ahead > 0:
                self._sleep(ahead)

    def advance(self) -> None:
        self.frame_index += 1
