"""A show's lifecycle around its live part (IWA 41 section 5): the pre-show checklist, the
warm-up scene from a scheduled start, and the wrap-up before the planned end.

Why the checklist refuses to start rather than warn: a show that goes on air with a dead ingest
or, in approve-each mode, with nobody at the console to approve, fails in front of viewers; the
same failure found before the start costs nothing.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import cv2
import numpy as np

from ..media.outputs import Ingest
from ..models import Persona

#: approve-each mode waits this long for an operator to open the console before refusing to start
OPERATOR_WAIT_S = 120.0


@dataclass(frozen=True)
class Check:
    item: str
    ok: bool
    detail: str = ""

    def __str__(self) -> str:
        return f"[{'ok' if self.ok else 'FAIL'}] {self.item}" + (f": {self.detail}" if self.detail else "")


def ingest_answers(ingest: Ingest, timeout: float = 3.0) -> Check:
    """Whether the ingest's server takes a TCP connection (the push itself starts with the show)."""
    parts = urlsplit(ingest.url)
    port = parts.port or (443 if parts.scheme == "rtmps" else 1935)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return Check(f"ingest {ingest.name} answers", True, ingest.safe_url)
    except OSError as err:
        return Check(f"ingest {ingest.name} answers", False, f"{ingest.safe_url}: {err.strerror or err}")


def disclosure_on(persona: Persona) -> Check:
    d = persona.disclosure
    ok = bool(d.label.strip()) and bool(d.lines)
    return Check("AI label and disclosure on", ok, f"label {d.label!r}, {len(d.lines)} disclosure line(s), "
                 f"every {d.interval_minutes:g} min")


def wait_for_operator(connected: object, needed: bool, wait_s: float = OPERATOR_WAIT_S) -> Check:
    """`connected` is a zero-argument callable; approve-each mode needs someone at the console."""
    if not needed:
        return Check("operator connected", True, "not needed in this supervision mode")
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if connected():  # type: ignore[operator]
            return Check("operator connected", True)
        time.sleep(0.2)
    return Check("operator connected", False, f"nobody opened the console within {wait_s:g} s")


class WarmUp:
    """The 'starting soon' scene drawn over the program picture until the scheduled start:
    a countdown and the AI label, so a viewer who arrives early knows what they are watching."""

    def __init__(self, persona: Persona, until: float):
        self.label, self.until = persona.disclosure.label, until

    def __call__(self, frame: np.ndarray, stream_time: float) -> np.ndarray:
        if stream_time >= self.until:
            return frame
        out = frame.copy()
        h, w = out.shape[:2]
        band = out[h // 2 - 90:h // 2 + 90]
        band[:] = (band * 0.35).astype(np.uint8)
        left = max(0, int(self.until - stream_time + 0.999))
        font = cv2.FONT_HERSHEY_DUPLEX
        for text, y, scale in (("Starting soon", h // 2 - 30, 1.6), (f"{left // 60}:{left % 60:02d}", h // 2 + 30, 1.4),
                               (self.label, h // 2 + 75, 0.8)):
            (tw, _), _ = cv2.getTextSize(text, font, scale, 2)
            cv2.putText(out, text, ((w - tw) // 2, y), font, scale, (255, 255, 255), 2, cv2.LINE_AA)
        return out
