"""The renderer interface, the idle motion every host shares, and fast sprite compositing.

A renderer draws the host at any stream time with a given mouth shape; the live show calls it
every frame whether or not anyone is talking (the mouth is then `REST` and the idle motion
alone moves the host). Frames are BGR uint8 numpy arrays of the show's size.
"""

from __future__ import annotations

import copy
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass

import cv2
import numpy as np

from .visemes import MouthShape


class Renderer(ABC):
    width: int
    height: int

    @abstractmethod
    def render(self, t: float, mouth: MouthShape) -> np.ndarray:
        """A new frame showing the host at stream time `t` (seconds) with this mouth."""

    @abstractmethod
    def mouth_box(self) -> tuple[int, int, int, int]:
        """x, y, w, h of the frame region the mouth can occupy (for lip-sync checks)."""


@dataclass(frozen=True)
class Pose:
    """Idle state at one moment: lid closure (0 open, 1 shut), gaze, head and body offsets."""

    lid: float
    gaze_x: float
    gaze_y: float
    head_dx: float
    head_dy: float
    breath: float


class IdleMotion:
    """Blinks every 2-6 s at random, slow breathing, a little head sway, glances.

    Everything is a pure function of stream time and a seed, so a frame can be rendered for
    any time in any order (a preview and a live show give the same host at the same moment).
    """

    BLINK = 0.16  # seconds for a whole blink: closing is quicker than opening

    def __init__(self, seed: int = 0, horizon: float = 24 * 3600.0):
        rng = np.random.default_rng(seed)
        n = int(horizon / 2.0) + 2
        self.blinks = np.cumsum(rng.uniform(2.0, 6.0, n)) - 1.0
        self.glances = np.cumsum(rng.uniform(1.0, 4.0, n))
        self.targets = np.clip(rng.normal(0.0, 0.35, (n, 2)), -0.8, 0.8) * (1.0, 0.5)
        self.targets[::3] = 0.0  # come back to the viewer often
        self.phase = rng.uniform(0, 2 * np.pi, 4)

    def lid(self, t: float) -> float:
        i = int(np.searchsorted(self.blinks, t, side="right")) - 1
        if i < 0:
            return 0.0
        u = (t - self.blinks[i]) / self.BLINK
        if u >= 1.0:
            return 0.0
        return float(u / 0.4 if u < 0.4 else (1.0 - u) / 0.6)

    def at(self, t: float) -> Pose:
        i = int(np.searchsorted(self.glances, t, side="right")) - 1
        gx, gy = self.targets[i] if i >= 0 else (0.0, 0.0)
        p = self.phase
        sway = np.sin(2 * np.pi * 0.13 * t + p[0]) + 0.5 * np.sin(2 * np.pi * 0.31 * t + p[1])
        nod = np.sin(2 * np.pi * 0.19 * t + p[2])
        breath = 0.5 + 0.5 * np.sin(2 * np.pi * 0.23 * t + p[3])
        return Pose(self.lid(t), float(gx), float(gy), float(sway / 1.5), float(nod), float(breath))


class Sprite:
    """A premultiplied BGRA image that pastes onto a frame with two vectorised OpenCV calls,
    clipped to the frame, so anti-aliased layers cost well under a millisecond."""

    def __init__(self, bgr: np.ndarray, alpha: np.ndarray):
        a = alpha.astype(np.float32)[..., None] / 255.0
        self.premul = np.clip(bgr.astype(np.float32) * a + 0.5, 0, 255).astype(np.uint8)
        self.inv = np.repeat(255 - alpha[..., None], 3, axis=2).astype(np.uint8)
        self.h, self.w = alpha.shape

    @classmethod
    def from_bgra(cls, bgra: np.ndarray) -> Sprite:
        return cls(bgra[..., :3], bgra[..., 3])

    @classmethod
    def premultiplied(cls, premul: np.ndarray, alpha: np.ndarray) -> Sprite:
        """From colour already multiplied by alpha (what drawing over black gives), with no
        float work: text sprites are made while a show runs, so this stays cheap."""
        sprite = cls.__new__(cls)
        sprite.premul = premul
        inv = cv2.subtract(np.full_like(alpha, 255), alpha)
        sprite.inv = cv2.merge([inv, inv, inv])
        sprite.h, sprite.w = alpha.shape
        return sprite

    def spliced(self, other: Sprite, boxes: Iterable[tuple[int, int, int, int]]) -> Sprite:
        """A copy with `other`'s pixels inside each box (x0, y0, x1, y1): two renderings of one
        layout (a caption with and without its words lit) combine without drawing again."""
        out = copy.copy(self)
        out.premul, out.inv = self.premul.copy(), self.inv.copy()
        for x0, y0, x1, y1 in boxes:
            out.premul[y0:y1, x0:x1] = other.premul[y0:y1, x0:x1]
            out.inv[y0:y1, x0:x1] = other.inv[y0:y1, x0:x1]
        return out

    def paste(self, frame: np.ndarray, x: int, y: int) -> None:
        fh, fw = frame.shape[:2]
        x0, y0, x1, y1 = max(x, 0), max(y, 0), min(x + self.w, fw), min(y + self.h, fh)
        if x0 >= x1 or y0 >= y1:
            return
        sx, sy = x0 - x, y0 - y
        roi = frame[y0:y1, x0:x1]
        cv2.multiply(roi, self.inv[sy:sy + y1 - y0, sx:sx + x1 - x0], dst=roi, scale=1 / 255.0)
        cv2.add(roi, self.premul[sy:sy + y1 - y0, sx:sx + x1 - x0], dst=roi)


def hex_bgr(color: str) -> tuple[int, int, int]:
    """'#rrggbb' (as personas write colours) -> OpenCV's BGR tuple."""
    v = color.lstrip("#")
    return int(v[4:6], 16), int(v[2:4], 16), int(v[0:2], 16)


def shade(bgr: tuple[int, int, int], factor: float) -> tuple[int, int, int]:
    """Darker (< 1) or lighter (> 1) version of a colour, for shadows and highlights."""
    if factor <= 1:
        return tuple(int(c * factor) for c in bgr)  # type: ignore[return-value]
    return tuple(int(c + (255 - c) * (factor - 1)) for c in bgr)  # type: ignore[return-value]
