"""Helpers shared by the avatar and preview tests: measuring mouths and the AI label in pixels."""

from __future__ import annotations

import numpy as np


def mouth_openness(frame: np.ndarray, box: tuple[int, int, int, int]) -> int:
    """Pixels of open-mouth interior (dark, reddish-purple) inside the mouth box."""
    x, y, w, h = box
    roi = frame[y:y + h, x:x + w].astype(np.int16)
    b, g, r = roi[..., 0], roi[..., 1], roi[..., 2]
    return int(np.count_nonzero((r < 110) & (g < 70) & (b < 110) & (r - g > 25) & (r - b > 15)))


def first_glyph_height(label: np.ndarray) -> int:
    """Height in pixels of the first letter on the label (a capital 'A')."""
    white = label.min(axis=2) > 200
    cols = np.nonzero(white.any(axis=0))[0]
    start = cols[0]
    end = start
    while end + 1 < white.shape[1] and white[:, end + 1].any():
        end += 1
    rows = np.nonzero(white[:, start:end + 1].any(axis=1))[0]
    return int(rows[-1] - rows[0] + 1)
