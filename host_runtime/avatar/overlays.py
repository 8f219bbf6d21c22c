"""What is burned into every frame on top of the host: the AI-generated label, captions of the
sentence being spoken, and a card for the product on show.

The label is the explicit AIGC mark GB 45438-2025 asks of synthetic video: visible on every
frame, text at least 5% of the frame's shorter side, on a high-contrast box. Prices and
promotion state on the card come only from `host_runtime.catalog`, the same queries the
guardrails check speech against, so the card can never disagree with what the host may say.
Text is drawn with TrueType fonts (see `text`), so Chinese captions and "€"/"¥" prices show,
and cached as sprites keyed by its content: a caption is drawn once per sentence (the words
already spoken are cut in from a bright copy), the card once per price or countdown second,
and a frame only composites.
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
from ..voice import Timed, written_words
from .base import Sprite
from .text import Face, canvas, line_text, wrap

LABEL_MIN_FRACTION = 0.05  # GB 45438-2025: text height >= 5% of the shorter side
SPOKEN, UNSPOKEN = (255, 255, 255), (170, 170, 170)


@dataclass(frozen=True)
class MoneyStyle:
    """How a currency's amounts are written where it is used: symbol, which side it goes,
    decimal and thousands separators, and how many decimals."""

    symbol: str
    before: bool = True
    decimal: str = "."
    thousands: str = ","
    decimals: int = 2


#: the usual written form per currency; EUR follows the continental convention
#: ("1.234,50 €") shared by most euro-area languages
MONEY = {
    "USD": MoneyStyle("$"), "GBP": MoneyStyle("£"), "CNY": MoneyStyle("¥"), "JPY": MoneyStyle("¥", decimals=0),
    "EUR": MoneyStyle(" €", before=False, decimal=",", thousands="."), "CAD": MoneyStyle("C$"),
    "AUD": MoneyStyle("A$"), "CHF": MoneyStyle("CHF ", thousands="'"), "INR": MoneyStyle("₹"),
}


def money(amount: float, currency: str) -> str:
    """An amount as viewers of that currency expect to read it ("$1,234.50", "1.234,50 €")."""
    style = MONEY.get(currency)
    if style is None:
        return f"{amount:,.2f} {currency}"
    whole, _, cents = f"{abs(amount):.{style.decimals}f}".partition(".")
    digits = f"{int(whole):,}".replace(",", style.thousands) + (style.decimal + cents if cents else "")
    sign = "-" if amount < 0 else ""
    return f"{sign}{style.symbol}{digits}" if style.before else f"{sign}{digits}{style.symbol}"


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


#: a product card's promotion line, in the host's language: the label, then the countdown
PROMO_LINE = {"en": "{label}: ends in {left}", "zh": "{label}：还剩{left}"}


@dataclass(frozen=True)
class ProductCard:
    """A product on show; `as_of` is the wall-clock moment of stream time 0; `lang` the
    host's language, which the card's own words are in."""

    product: Product
    currency: str
    as_of: dt.datetime
    lang: str = "en"

    def lines(self, t: float) -> tuple[str, str, str | None]:
        at = self.as_of + dt.timedelta(seconds=t)
        price = money(effective_price(self.product, at), self.currency)
        state = promotion_state(self.product, at)
        promo = None
        if state.status == "active" and state.promotion is not None and state.time_left is not None:
            left = countdown(state.time_left)
            promo = PROMO_LINE.get(self.lang, PROMO_LINE["en"]).format(
                label=state.promotion.label, left=left.replace("d ", "天 ") if self.lang == "zh" else left)
        return self.product.name, price, promo


class Overlays:
    def __init__(self, width: int, height: int, label: str, accent: tuple[int, int, int] = (52, 177, 242)):
        self.width, self.height, self.accent = width, height, accent
        self.short = min(width, height)
        self.label_text = label
        self.label, self.label_pos = self._label(label)

    def _label(self, text: str) -> tuple[np.ndarray, tuple[int, int]]:
        """White on near-black; wraps onto more lines rather than shrink below the minimum."""
        face = Face.with_cap_height(max(LABEL_MIN_FRACTION * self.short, 1.0) * 1.08, bold=True)
        cap, descent = face.cap_height(), face.metrics()[1]
        margin, pad, step = int(0.025 * self.short), int(0.4 * cap), int(1.6 * cap)
        lines = [line_text(line) for line in wrap(text.split(), face, self.width - 2 * margin - 2 * pad)]
        tw = max(face.width(line) for line in lines)
        box = np.full((2 * pad + cap + descent + step * (len(lines) - 1), tw + 2 * pad, 3), (16, 16, 16), np.uint8)
        with canvas(box) as pen:
            for i, line in enumerate(lines):
                face.draw(pen, pad, pad + cap + i * step, line, (255, 255, 255))
        thick = max(2, int(round(self.short / 720)))
        cv2.rectangle(box, (0, 0), (box.shape[1] - 1, box.shape[0] - 1), self.accent, thick)
        return box, (margin, margin)

    def label_box(self) -> tuple[int, int, int, int]:
        """x, y, w, h of the AI label on every frame."""
        return (*self.label_pos, self.label.shape[1], self.label.shape[0])

    @functools.lru_cache(maxsize=64)
    def _caption(self, text: str, spoken: int) -> Sprite:
        """The caption with its first `spoken` words bright: cut from two renderings of the
        sentence, so text is drawn once per sentence, not once per word."""
        unspoken, bright, boxes = self._caption_layers(text)
        return unspoken.spliced(bright, [box for i, box in boxes if i < spoken])

    @functools.lru_cache(maxsize=8)
    def _caption_layers(self, text: str) -> tuple[Sprite, Sprite, list[tuple[int, tuple[int, int, int, int]]]]:
        face = Face.with_cap_height(0.034 * self.short)
        cap, descent = face.cap_height(), face.metrics()[1]
        lines = wrap(written_words(text), face, int(0.62 * self.width))
        step, pad = int(cap * 2.0), int(cap * 0.6)
        widths = [face.width(line_text(line)) for line in lines]
        w, h = max(widths) + 2 * pad, 2 * pad + cap + descent + step * (len(lines) - 1)
        coverage = np.zeros((h, w), np.uint8)
        boxes: list[tuple[int, tuple[int, int, int, int]]] = []
        with canvas(coverage) as pen:
            for row, (line, lw) in enumerate(zip(lines, widths)):
                x0, base = (w - lw) // 2, pad + cap + row * step
                face.draw(pen, x0, base, line_text(line), 255)
                for k, (word, fragment) in enumerate(line):
                    end = x0 + face.width(line_text(line[:k + 1]))
                    start = end - face.width(fragment)
                    boxes.append((word, (max(start - 2, 0), base - cap - pad // 2, min(end + 2, w), min(base + descent + pad // 2, h))))
        return (text_sprite(coverage, UNSPOKEN, (10, 10, 10), 0.72), text_sprite(coverage, SPOKEN, (10, 10, 10), 0.72),
                boxes)

    @functools.lru_cache(maxsize=8)
    def _card(self, name: str, price: str, promo_lines: int) -> tuple[Sprite, tuple[int, int, Face]]:
        """The card without its countdown: box, name and price, with room for the promotion's
        lines; returns where (x, first baseline) and in which face they go."""
        small, big = Face.with_cap_height(0.028 * self.short), Face.with_cap_height(0.06 * self.short, bold=True)
        w, pad, x = int(0.3 * self.width), int(0.025 * self.short), int(0.035 * self.short)
        sh, bh = small.cap_height(), big.cap_height()
        names = [line_text(n) for n in wrap(name.split(), small, w - 2 * pad)[:3]]
        rows = [(n, small, (235, 235, 235), int(sh * 1.8)) for n in names]
        rows.append((price, big, self.accent, int(bh * 1.7)))
        step = int(sh * 1.7)
        h = pad + sum(r[3] for r in rows) + step * promo_lines + pad // 2
        img = np.full((h, w, 3), (28, 24, 22), np.uint8)
        cv2.rectangle(img, (0, 0), (int(0.012 * self.short), h - 1), self.accent, -1)
        y = pad
        with canvas(img) as pen:
            for text, face, color, row_step in rows:
                y += row_step
                face.draw(pen, x, y - row_step // 4, text, color)
        return Sprite.premultiplied(img, np.full((h, w), 255, np.uint8)), (x, y + step - step // 4,
                                                                            Face.with_cap_height(0.026 * self.short))

    @functools.lru_cache(maxsize=4)
    def _promo_lines(self, promo: str) -> list[str]:
        face = Face.with_cap_height(0.026 * self.short)
        return [line_text(p) for p in wrap(promo.split(), face, int(0.3 * self.width) - 3 * int(0.025 * self.short))]

    @functools.lru_cache(maxsize=4)
    def _promo(self, lines: tuple[str, ...], face: Face) -> Sprite:
        """The promotion and its countdown: redrawn each second, so only these few lines are."""
        sh = Face.with_cap_height(0.028 * self.short).cap_height()
        step = int(sh * 1.7)
        cap = face.cap_height()
        w, h = max(face.width(line) for line in lines) + 2, step * (len(lines) - 1) + cap + face.metrics()[1] + 2
        img = np.full((h, w, 3), (28, 24, 22), np.uint8)
        with canvas(img) as pen:
            for i, line in enumerate(lines):
                face.draw(pen, 0, cap + 1 + i * step, line, (120, 230, 255))
        return Sprite.premultiplied(img, np.full((h, w), 255, np.uint8))

    def draw(self, frame: np.ndarray, caption: tuple[str, int] | None = None,
             card: tuple[str, str, str | None] | None = None) -> np.ndarray:
        if card is not None:
            name, price, promo = card
            lines = tuple(self._promo_lines(promo)) if promo else ()
            sprite, (px, baseline, face) = self._card(name, price, len(lines))
            x, y = self.width - sprite.w - int(0.04 * self.short), int(0.2 * self.height)
            sprite.paste(frame, x, y)
            if lines:
                self._promo(lines, face).paste(frame, x + px, y + baseline - face.cap_height() - 1)
        if caption is not None:
            sprite = self._caption(*caption)
            sprite.paste(frame, (self.width - sprite.w) // 2, int(0.96 * self.height) - sprite.h)
        x, y = self.label_pos
        frame[y:y + self.label.shape[0], x:x + self.label.shape[1]] = self.label
        return frame


def text_sprite(coverage: np.ndarray, color: tuple[int, int, int], box: tuple[int, int, int],
                opacity: float) -> Sprite:
    """Text of one colour (its coverage, 0-255) over a box of another colour and opacity."""
    m = coverage.astype(np.float32)[..., None] / 255.0
    under = (1.0 - m) * opacity
    premul = m * np.array(color, np.float32) + under * np.array(box, np.float32)
    return Sprite.premultiplied(np.clip(premul + 0.5, 0, 255).astype(np.uint8),
                                np.clip((m + under)[..., 0] * 255.0 + 0.5, 0, 255).astype(np.uint8))


def aigc_metadata(producer: str, produce_id: str) -> dict[str, str]:
    """The implicit label GB 45438-2025 asks for in file metadata: an `AIGC` tag holding JSON
    (Label 1 = AI-generated content, who produced it, and an id unique to this piece), plus the
    same fields as plain tags so tools that do not parse JSON still see them."""
    import json

    fields = {"Label": "1", "ContentProducer": producer, "ProduceID": produce_id}
    return {"AIGC": json.dumps(fields, ensure_ascii=False), **fields}
