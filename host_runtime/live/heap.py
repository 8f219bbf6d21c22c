"""The C heap of a show that runs for days: few malloc arenas, freed memory handed back.

Why: a show's threads (playout, producer, answer desk, chat server, output fan-out) each
allocate frames, audio and model activations of shifting sizes. glibc gives every thread
that contends for the heap an arena of its own (up to 8 per core) and keeps what is freed in
each for reuse, so the resident size creeps up by the peak of every arena added together,
though the Python objects stay flat (measured: 50-95 MB freed but held after five minutes
of show, all of it returned by `malloc_trim`; two threads voicing ever longer sentences
grew 205 -> 519 MB with glibc's defaults and stayed at 220-240 MB with two arenas and a
trim). Two arenas and a trim every `TRIM_EVERY_S` keep the resident size at what is in use.
Elsewhere than glibc both are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import logging

log = logging.getLogger(__name__)

M_ARENA_MAX = -8  # mallopt parameter number, from glibc's malloc.h
ARENAS = 2
TRIM_EVERY_S = 10.0


@functools.cache
def _libc() -> ctypes.CDLL | None:
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None
    return libc if hasattr(libc, "mallopt") and hasattr(libc, "malloc_trim") else None  # glibc only


def limit_arenas(arenas: int = ARENAS) -> None:
    """Cap the number of malloc arenas; call before the show's threads start (threads keep
    the arena they were given). The same as MALLOC_ARENA_MAX, which glibc reads only when a
    process starts, too early for an environment variable set from Python."""
    libc = _libc()
    if libc is not None and not libc.mallopt(M_ARENA_MAX, arenas):
        log.warning("mallopt(M_ARENA_MAX, %d) refused", arenas)


def trim() -> None:
    """Hand freed heap pages back to the system (ctypes releases the GIL meanwhile)."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)
