"""Overlay text drawn with Pillow and TrueType fonts, so captions and cards can say what the
show says: Chinese captions, "€" and "¥" prices (OpenCV's Hershey fonts draw ASCII only).

Latin text uses DejaVu Sans; runs of Chinese, Japanese or Korean characters use a CJK font
(WenQuanYi Micro Hei or Noto Sans CJK, Debian packages that `make setup` installs). A missing
font never stops a show: one warning, and the Latin font draws what it can. Drawing is slow
next to a frame's budget, so callers draw text once into cached sprites.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

log = logging.getLogger(__name__)

LATIN_FONTS = {False: ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"],
               True: ["/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"]}
CJK_FONTS = ["/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"]
#: Han, kana, Hangul, CJK punctuation and full-width forms: the characters DejaVu lacks
_CJK = re.compile("[\u2e80-\u9fff\ua960-\ua97f\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]+")
BGR = tuple[int, int, int]


def has_cjk(text: str) -> bool:
    return _CJK.search(text) is not None


@functools.cache
def font_file(cjk: bool, bold: bool = False) -> str | None:
    """The first installed font file for a script; None (after one warning) when there is none."""
    for candidate in CJK_FONTS if cjk else LATIN_FONTS[bold]:
        if Path(candidate).is_file():
            return candidate
    if cjk:
        log.warning("no CJK font found (looked for %s): Chinese, Japanese and Korean overlay text will not "
                    "show; install fonts-wqy-microhei (make setup does this)", ", ".join(CJK_FONTS))
    elif not bold or font_file(False, False) is None:
        log.warning("DejaVu Sans not found (%s): overlay text falls back to Pillow's built-in font; install "
                    "fonts-dejavu-core (make setup does this)", LATIN_FONTS[bold][0])
    return None


@functools.lru_cache(maxsize=64)
def _font(size: int, cjk: bool, bold: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = font_file(cjk, bold) or (font_file(False, bold) if cjk else font_file(False, False))
    return ImageFont.truetype(path, size) if path else ImageFont.load_default(size)


@dataclass(frozen=True)
class Face:
    """One size and weight of overlay text, whatever the script."""

    size: int
    bold: bool = False

    @classmethod
    def with_cap_height(cls, pixels: float, bold: bool = False) -> Face:
        """The smallest size whose capital letters are at least `pixels` tall."""
        size = max(4, int(pixels / 0.73))  # DejaVu's cap height is 0.73 em: start just below
        while cls(size, bold).cap_height() < pixels:
            size += 1
        return cls(size, bold)

    def cap_height(self) -> int:
        left, top, right, bottom = _font(self.size, False, self.bold).getbbox("H", anchor="ls")
        return int(bottom - top)

    def metrics(self) -> tuple[int, int]:
        """Ascent and descent in pixels (line spacing is built from these)."""
        ascent, descent = _font(self.size, False, self.bold).getmetrics()
        return int(ascent), int(descent)

    def runs(self, text: str) -> Iterator[tuple[str, ImageFont.FreeTypeFont | ImageFont.ImageFont]]:
        """The text in pieces that one font draws: CJK runs and the rest."""
        at = 0
        for m in _CJK.finditer(text):
            if m.start() > at:
                yield text[at:m.start()], _font(self.size, False, self.bold)
            yield m.group(), _font(self.size, True, self.bold)
            at = m.end()
        if at < len(text):
            yield text[at:], _font(self.size, False, self.bold)

    def width(self, text: str) -> int:
        return int(round(sum(font.getlength(run) for run, font in self.runs(text))))

    def draw(self, pen: ImageDraw.ImageDraw, x: float, baseline: float, text: str, color: BGR | int) -> None:
        """Text from its left end at the baseline, like cv2.putText; colours in BGR (or one
        value on a single-channel canvas)."""
        for run, font in self.runs(text):
            # CJK fonts come in one weight here: a stroke in the text colour stands in for bold
            stroke = max(1, round(self.size / 32)) if self.bold and has_cjk(run) else 0
            pen.text((x, baseline), run, fill=color, font=font, anchor="ls", stroke_width=stroke, stroke_fill=color)
            x += font.getlength(run)


@contextmanager
def canvas(img: np.ndarray) -> Iterator[ImageDraw.ImageDraw]:
    """Draw on a BGR (or single-channel) image with Pillow, in place. Channels are handed
    over as they are, so colours given in BGR land where OpenCV expects them."""
    pil = Image.fromarray(img)
    yield ImageDraw.Draw(pil)
    img[:] = np.asarray(pil)


def wrap(words: Sequence[str], face: Face, max_width: int) -> list[list[tuple[int, str]]]:
    """Lines of (word index, fragment). Words break onto the next line; a word too long for a
    line, or text in a script written without spaces (Chinese), breaks between characters."""
    lines: list[list[tuple[int, str]]] = [[]]
    for i, word in enumerate(words):
        if face.width(line_text(lines[-1] + [(i, word)])) <= max_width:
            lines[-1].append((i, word))
        elif face.width(word) <= max_width and not has_cjk(word):
            lines.append([(i, word)])
        else:  # character by character, filling lines
            for ch in word:
                last = lines[-1]
                grown = last[:-1] + [(i, last[-1][1] + ch)] if last and last[-1][0] == i else last + [(i, ch)]
                if last and face.width(line_text(grown)) > max_width:
                    lines.append([(i, ch)])
                else:
                    lines[-1] = grown
    return lines


def line_text(line: Sequence[tuple[int, str]]) -> str:
    """A wrapped line as drawn: fragments of different words are separated by a space, except
    beside Chinese, which is written without spaces (each character is a word of a caption)."""
    out = ""
    for k, (i, fragment) in enumerate(line):
        spaced = k and line[k - 1][0] != i and not (_UNSPACED.match(out[-1:]) or _UNSPACED.match(fragment[:1]))
        out += (" " if spaced else "") + fragment
    return out


_UNSPACED = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
