"""What is burned into every frame on top of the host: the AI-generated label, captions of the
sentence being spoken, and a card for the product on show.

The label is the explicit AIGC mark GB 45438-2025 asks of synthetic video: visible on every
frame, text at least 5% of the frame's shorter side, on a high-contrast box. Prices and
promotion state on the card come only from `host_runtime.catalog`, the same queries the
guardrails check speech against, so the card can never disagree with what the host may say.
Rendered text is cached as sprites keyed by its content: a frame pays for text only when the
text changes (a new word, a new second on the countdown).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from ..catalog import effective_price, promotion_state
from ..models import Product
from ..voice import Timed
from .base import Sprite
from .illustrated import matte

FONT = cv2.FONT_HERSHEY_DUPLEX
AA = cv2.LINE_AA
LABEL_MIN_FRACTION = 0.05  # GB 45438-2025: text height >= 5% of the shorter side
_SYMBOLS = {"USD": "$", "CAD": "C$", "AUD": "A$"}


def text_scale(cap_height: float, thickness: int) -> float:
    """The Hershey font scale whose capital letters are `cap_height` pixels tall."""
    (_, h), _ = cv2.getTextSize("H", FONT, 1.0, thickness)
    return cap_height / h


def wrap(words: Sequence[str], scale: float, thickness: int, max_width: int) -> list[list[str]]:
    lines: list[list[str]] = [[]]
    for word in words:
        trial = " ".join(lines[-1] + [word])
        if lines[-1] and cv2.getTextSize(trial, FONT, scale, thickness)[0][0] > max_width:
            lines.append([word])
        else:
            lines[-1].append(word)
    return lines


def money(amount: float, currency: str) -> str:
    symbol = _SYMBOLS.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"


def countdown(left: dt.timedelta) -> str:
    secs = max(0, int(left.total_seconds()))
    days, rest = divmod(secs, 86400)
    clock = f"{rest // 3600:02d}:{rest % 3600 // 60:02d}:{rest % 60:02d}"
    return f"{days}d {clock}" if days else clock


class CaptionTrack:
    """Which sentence is on screen at a time, and how many of its words have been spoken."""

    HOLD = 0.6  # seconds a caption stays after its sentence ends

    def __init__(self, sentences: Sequence[Timed], words: Sequence[Timed]):
        self.sentences = list(sentences)
        self.words = list(words)

    def at(self, t: float) -> tuple[str, int] | None:
        for s in self.sentences:
            if s.start <= t < s.end + self.HOLD:
                spoken = sum(1 for w in self.words if s.start <= w.start <= t and w.start < s.end)
                return s.text, spoken
        return None


@dataclass(frozen=True)
class ProductCard:
    """A product on show; `as_of` is the wall-clock moment of stream time 0."""

    product: Product
    currency: str
    as_of: dt.datetime

    def lines(self, t: float) -> tuple[str, str, str | None]:
        at = self.as_of + dt.timedelta(seconds=t)
        price = money(effective_price(self.product, at), self.currency)
        state = promotion_state(self.product, at)
        promo = None
        if state.status == "active" and state.promotion is not None and state.time_left is not None:
            promo = f"{state.promotion.label}: ends in {countdown(state.time_left)}"
        return self.product.name, price, promo


class Overlays:
    def __init__(self, width: int, height: int, label: str, accent: tuple[int, int, int] = (52, 177, 242)):
        self.width, self.height, self.accent = width, height, accent
        self.short = min(width, height)
        self.label_text = label
        self.label, self.label_pos = self._label(label)

    def _label(self, text: str) -> tuple[np.ndarray, tuple[int, int]]:
        """White on near-black; wraps onto more lines rather than shrink below the minimum."""
        thick = max(2, int(round(self.short / 360)))
        cap = max(LABEL_MIN_FRACTION * self.short, 1.0) * 1.08  # a margin over the legal minimum
        scale = text_scale(cap, thick)
        margin = int(0.025 * self.short)
        (_, th), base = cv2.getTextSize("Hg", FONT, scale, thick)
        pad, step = int(0.4 * th), th + base + int(0.3 * th)
        lines = [" ".join(line) for line in wrap(text.split(), scale, thick, self.width - 2 * margin - 2 * pad)]
        tw = max(cv2.getTextSize(line, FONT, scale, thick)[0][0] for line in lines)
        box = np.full((step * len(lines) - int(0.3 * th) + 2 * pad, tw + 2 * pad, 3), (16, 16, 16), np.uint8)
        for i, line in enumerate(lines):
            cv2.putText(box, line, (pad, pad + th + i * step), FONT, scale, (255, 255, 255), thick, AA)
        cv2.rectangle(box, (0, 0), (box.shape[1] - 1, box.shape[0] - 1), self.accent, max(2, thick // 2))
        return box, (margin, margin)

    def label_box(self) -> tuple[int, int, int, int]:
        """x, y, w, h of the AI label on every frame."""
        return (*self.label_pos, self.label.shape[1], self.label.shape[0])

    @functools.lru_cache(maxsize=64)
    def _caption(self, text: str, spoken: int) -> Sprite:
        thick = max(1, int(round(self.short / 400)))
        scale = text_scale(0.034 * self.short, thick)
        lines = wrap(text.split(), scale, thick, int(0.62 * self.width))
        (_, th), base = cv2.getTextSize("Hg", FONT, scale, thick)
        step, pad = int(th * 1.7), int(th * 0.6)
        widths = [cv2.getTextSize(" ".join(line), FONT, scale, thick)[0][0] for line in lines]
        w, h = max(widths) + 2 * pad, step * len(lines) + pad + base

        def draw(img: np.ndarray) -> None:
            overlay = img.copy()
            cv2.rectangle(overlay, (0, 0), (w - 1, h - 1), (10, 10, 10), -1)
            cv2.addWeighted(overlay, 0.72, img, 0.28, 0, dst=img)
            n = 0
            for line, lw in zip(lines, widths):
                x = (w - lw) // 2
                y = pad + th + step * lines.index(line)
                for word in line:
                    color = (255, 255, 255) if n < spoken else (170, 170, 170)
                    cv2.putText(img, word, (x, y), FONT, scale, color, thick, AA)
                    x += cv2.getTextSize(word + " ", FONT, scale, thick)[0][0]
                    n += 1

        return matte(w, h, draw)

    @functools.lru_cache(maxsize=8)
    def _card(self, name: str, price: str, promo: str | None) -> Sprite:
        thick = max(1, int(round(self.short / 400)))
        small, big = text_scale(0.028 * self.short, thick), text_scale(0.06 * self.short, thick + 1)
        w = int(0.3 * self.width)
        pad = int(0.025 * self.short)
        names = wrap(name.split(), small, thick, w - 2 * pad)[:3]
        (_, sh), _ = cv2.getTextSize("H", FONT, small, thick)
        (_, bh), _ = cv2.getTextSize("H", FONT, big, thick + 1)
        rows = [(" ".join(n), small, (235, 235, 235), thick, int(sh * 1.8)) for n in names]
        rows.append((price, big, self.accent, thick + 1, int(bh * 1.7)))
        if promo:
            ps = text_scale(0.026 * self.short, thick)
            rows += [(" ".join(p), ps, (120, 230, 255), thick, int(sh * 1.7)) for p in wrap(promo.split(), ps, thick, w - 3 * pad)]
        h = pad + sum(r[4] for r in rows) + pad // 2

        def draw(img: np.ndarray) -> None:
            cv2.rectangle(img, (0, 0), (w - 1, h - 1), (28, 24, 22), -1)
            cv2.rectangle(img, (0, 0), (int(0.012 * self.short), h - 1), self.accent, -1)
            y = pad
            for text, scale, color, t, step in rows:
                y += step
                cv2.putText(img, text, (pad + int(0.01 * self.short), y - step // 4), FONT, scale, color, t, AA)

        return matte(w, h, draw)

    def draw(self, frame: np.ndarray, caption: tuple[str, int] | None = None,
             card: tuple[str, str, str | None] | None = None) -> np.ndarray:
        if card is not None:
            sprite = self._card(*card)
            sprite.paste(frame, self.width - sprite.w - int(0.04 * self.short), int(0.2 * self.height))
        if caption is not None:
            sprite = self._caption(*caption)
            sprite.paste(frame, (self.width - sprite.w) // 2, int(0.96 * self.height) - sprite.h)
        x, y = self.label_pos
        frame[y:y + self.label.shape[0], x:x + self.label.shape[1]] = self.label
        return frame


def aigc_metadata(producer: str, produce_id: str) -> dict[str, str]:
    """The implicit label GB 45438-2025 asks for in file metadata: an `AIGC` tag holding JSON
    (Label 1 = AI-generated content, who produced it, and an id unique to this piece), plus the
    same fields as plain tags so tools that do not parse JSON still see them."""
    import json

    fields = {"Label": "1", "ContentProducer": producer, "ProduceID": produce_id}
    return {"AIGC": json.dumps(fields, ensure_ascii=False), **fields}
