"""The show's pace: stream time over wall time, measured as it goes.

Why: a show that falls behind the wall clock feeds its ingests slower than they play, and
viewers buffer; the frames playout repeats only cover a slow renderer, not a slow encoder or
a starved machine. So the pace of each window (and the frames repeated in it) goes to the
audit log and the console, and a window under ``SLOW_PACE`` raises an operator alert.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from ..media.playout import Playout

#: seconds of wall time per measured window
PACE_EVERY_S = 30.0
#: below this pace (stream s per wall s) the operator is told: ingests will start to buffer
SLOW_PACE = 0.99


class PaceMeter:
    def __init__(self, report: Callable[..., None], alert: Callable[[str, str], None],
                 every_s: float = PACE_EVERY_S, clock: Callable[[], float] = time.monotonic):
        self.report, self.alert, self.every_s, self.clock = report, alert, every_s, clock
        self._start: tuple[float, float, int] | None = None  # wall, stream time, frames repeated
        self.last: float | None = None  # the latest window's pace

    def tick(self, playout: Playout) -> None:
        """Once per frame: close a window when it is due."""
        now = self.clock()
        if self._start is None:
            self._start = (now, playout.clock.now, playout.frames_repeated)
            return
        wall0, stream0, repeated0 = self._start
        if now - wall0 < self.every_s:
            return
        self.last = (playout.clock.now - stream0) / (now - wall0)
        repeated = playout.frames_repeated - repeated0
        details: dict[str, Any] = {"pace": round(self.last, 4), "window_s": round(now - wall0, 1),
                                   "frames_repeated": repeated, "lag_s": round(playout.clock.lag, 3)}
        self.report(**details)
        if self.last < SLOW_PACE:
            self.alert("pace", f"the show runs at {self.last:.3f} of real time over the last {now - wall0:.0f} s "
                       f"({repeated} frames repeated): the machine cannot keep up")
        self._start = (now, playout.clock.now, playout.frames_repeated)
