"""CPU priority inside a show: the picture and its encoder first, the words after.

Why: on a box running several shows, every show's playout must emit a frame each 33 ms or
the stream stutters (a repeated frame) or falls behind the wall clock, while the work that
makes words (writer, guard, voice, model, answers) runs ahead of the playhead with seconds of
speech queued, so it can lose a moment when the machine is busy. Measured with four shows on
2 cores, the playout spent its time blocked on an encoder starved by the other shows' speech
work and warm-ups (frames repeated 7-23%). So threads that make words, and those that take
comments and operator requests in (a flood of 100 comments a second must not cost frames),
lower their own priority (Linux: nice is per thread, and threads they start inherit it); lowering needs no
privilege, and a show alone on a box loses nothing, since nice only matters when threads
compete for a core.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TypeVar

log = logging.getLogger(__name__)

#: how much nicer than the playout the words' threads run: at +5 a busy one gets about a third
#: of a core's share against the playout and the encoder, yet all of an idle core
BACKGROUND_NICE = 5
T = TypeVar("T")


def background() -> None:
    """Lower the calling thread's CPU priority by `BACKGROUND_NICE` (once per thread)."""
    if not hasattr(os, "setpriority"):
        return
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + BACKGROUND_NICE))
    except OSError as err:  # a sandbox may refuse it: the show runs, at equal priority
        log.warning("could not lower the priority of thread %s: %s", threading.current_thread().name, err)


def in_background(fn: Callable[[], T]) -> T:
    """Run `fn` on a thread of lowered priority and wait for it: work the calling thread does
    at full priority but must not do so (a show's warm-up beside other shows on the air)."""
    out: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        background()
        try:
            out.append(fn())
        except BaseException as err:  # handed back to the caller
            errors.append(err)

    worker = threading.Thread(target=run, name="background", daemon=True)
    worker.start()
    worker.join()
    if errors:
        raise errors[0]
    return out[0]
