"""The default host: a 2D character drawn procedurally with OpenCV, no asset files.

Everything that does not change from frame to frame is drawn once at start-up: the
background, the body, the head (face without eyes and mouth). Eyes and mouths are small
opaque patches cut from the head layer and drawn over, cached by their quantised parameters
(the viseme atlas), so a frame is one copy, two sprite blends and three patch pastes:
about a millisecond at 720p on one core.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import cv2
import numpy as np

from ..models.persona import Look
from .base import IdleMotion, Renderer, Sprite, hex_bgr, shade
from .visemes import VISEMES, MouthShape

AA = cv2.LINE_AA
Draw = Callable[[np.ndarray], None]


def matte(width: int, height: int, draw: Draw) -> Sprite:
    """Draw once on black and once on white; the difference is the exact anti-aliased alpha,
    and the drawing on black is the colour already multiplied by it."""
    black = np.zeros((height, width, 3), np.uint8)
    white = np.full((height, width, 3), 255, np.uint8)
    draw(black)
    draw(white)
    spread = cv2.subtract(white, black)
    b, g, r = cv2.split(spread)
    alpha = cv2.subtract(np.full((height, width), 255, np.uint8), cv2.max(cv2.max(b, g), r))
    return Sprite.premultiplied(cv2.min(black, cv2.merge([alpha, alpha, alpha])), alpha)


def curve(cx: float, cy: float, rx: float, ry: float, a0: float, a1: float, n: int = 24) -> np.ndarray:
    """Points on an elliptical arc (angles in degrees), for lips and lids."""
    th = np.radians(np.linspace(a0, a1, n))
    return np.stack([cx + rx * np.cos(th), cy + ry * np.sin(th)], axis=1)


def poly(points: np.ndarray, shift: int = 4) -> np.ndarray:
    """Sub-pixel polygon coordinates for OpenCV's fixed-point drawing."""
    return np.round(points * (1 << shift)).astype(np.int32).reshape(-1, 1, 2)


class IllustratedRenderer(Renderer):
    #: quantisation of the mouth and eye atlases: fine enough that steps are not visible
    MOUTH_STEPS = 16
    LID_STEPS = 6
    GAZE_STEPS = 4

    def __init__(self, look: Look = Look(), width: int = 1280, height: int = 720, seed: int = 0):
        self.width, self.height = width, height
        self.look = look
        self.s = s = height / 720.0
        self.idle = IdleMotion(seed)
        self.skin, self.hair, self.iris = hex_bgr(look.skin), hex_bgr(look.hair), hex_bgr(look.eyes)
        self.outfit, self.accent, self.bg_color = hex_bgr(look.outfit), hex_bgr(look.accent), hex_bgr(look.background)
        self.lip = tuple(int(0.55 * c + 0.45 * r) for c, r in zip(self.skin, (95, 80, 190)))
        self.cx = int(round(0.34 * width))
        self.head_w, self.head_h = int(380 * s), int(480 * s)
        self.head_c = (self.head_w // 2, int(236 * s))  # face centre inside the head sprite
        self.head_pos = (self.cx - self.head_c[0], int(292 * s) - self.head_c[1])
        self.background = self._background()
        self.body = matte(int(620 * s), int(360 * s), self._draw_body)
        self.body_pos = (self.cx - int(310 * s), int(398 * s))
        head_black = np.zeros((self.head_h, self.head_w, 3), np.uint8)
        self._draw_head(head_black)
        self.head = matte(self.head_w, self.head_h, self._draw_head)
        self.face = head_black  # opaque inside the face: patches are cut from here
        mw, mh = int(116 * s) // 2 * 2, int(80 * s) // 2 * 2  # stays inside the face outline
        self.mouth_rect = (self.head_c[0] - mw // 2, self.head_c[1] + int(70 * s) - mh // 2, mw, mh)
        ew, eh = int(84 * s) // 2 * 2, int(56 * s) // 2 * 2
        self.eye_rects = [(self.head_c[0] + side * int(46 * s) - ew // 2, self.head_c[1] - int(24 * s) - eh // 2, ew, eh)
                          for side in (-1, 1)]
        for shape in VISEMES.values():  # the atlas: every viseme ready before the first frame
            self._mouth(*self._quantise(shape))

    # ---- static layers -------------------------------------------------------------------
    def _background(self) -> np.ndarray:
        h, w, s = self.height, self.width, self.s
        top, bottom = np.array(shade(self.bg_color, 1.25), np.float32), np.array(shade(self.bg_color, 0.7), np.float32)
        ramp = np.linspace(0, 1, h, dtype=np.float32)[:, None, None]
        img = np.broadcast_to(top * (1 - ramp) + bottom * ramp, (h, w, 3)).copy()
        glow = np.zeros((h, w), np.float32)
        cv2.circle(glow, (self.cx, int(300 * s)), int(300 * s), 1.0, -1, AA)
        rng = np.random.default_rng(7)
        for _ in range(9):  # out-of-focus studio lights
            x, y = int(rng.uniform(0.55, 0.98) * w), int(rng.uniform(0.05, 0.6) * h)
            cv2.circle(glow, (x, y), int(rng.uniform(18, 46) * s), float(rng.uniform(0.3, 0.7)), -1, AA)
        glow = cv2.GaussianBlur(glow, (0, 0), 40 * s)[..., None]
        img += glow * (np.array(shade(self.accent, 1.3), np.float32) - img) * 0.22
        cv2.rectangle(img, (0, int(0.93 * h)), (w, h), shade(self.bg_color, 0.5), -1)
        return np.clip(img, 0, 255).astype(np.uint8)

    def _draw_body(self, img: np.ndarray) -> None:
        s, c = self.s, img.shape[1] // 2
        neck = np.array([[c - 36 * s, 0], [c + 36 * s, 0], [c + 40 * s, 120 * s], [c - 40 * s, 120 * s]])
        cv2.fillPoly(img, [poly(neck)], shade(self.skin, 0.92), AA, 4)
        cv2.ellipse(img, (c, int(18 * s)), (int(38 * s), int(20 * s)), 0, 0, 180, shade(self.skin, 0.78), -1, AA)
        cv2.ellipse(img, (c, int(250 * s)), (int(290 * s), int(170 * s)), 0, 180, 360, self.outfit, -1, AA)
        cv2.rectangle(img, (c - int(290 * s), int(249 * s)), (c + int(290 * s), img.shape[0]), self.outfit, -1)
        vneck = np.array([[c - 52 * s, 86 * s], [c + 52 * s, 86 * s], [c, 170 * s]])
        cv2.fillPoly(img, [poly(vneck)], shade(self.skin, 0.92), AA, 4)
        for side in (-1, 1):  # lapels in the accent colour
            lapel = np.array([[c + side * 52 * s, 84 * s], [c + side * 96 * s, 100 * s], [c + side * 8 * s, 232 * s], [c, 176 * s]])
            cv2.fillPoly(img, [poly(lapel)], shade(self.outfit, 0.8), AA, 4)
            cv2.polylines(img, [poly(lapel)], True, self.accent, max(1, int(3 * s)), AA, 4)
        cv2.circle(img, (c - int(120 * s), int(200 * s)), int(11 * s), self.accent, -1, AA)  # a pin

    def _draw_hair_back(self, img: np.ndarray, c: tuple[int, int]) -> None:
        s, style = self.s, self.look.hair_style
        x, y = c
        if style == "bob":
            cv2.ellipse(img, (x, y - int(10 * s)), (int(138 * s), int(150 * s)), 0, 180, 360, self.hair, -1, AA)
            cv2.rectangle(img, (x - int(138 * s), y - int(12 * s)), (x + int(138 * s), y + int(96 * s)), self.hair, -1, AA)
            cv2.ellipse(img, (x, y + int(96 * s)), (int(138 * s), int(26 * s)), 0, 0, 180, self.hair, -1, AA)
        elif style == "long":
            cv2.ellipse(img, (x, y - int(8 * s)), (int(140 * s), int(154 * s)), 0, 180, 360, self.hair, -1, AA)
            for side in (-1, 1):  # locks falling past the shoulders, leaving the neck clear
                inner, outer = x + side * int(86 * s), x + side * int(140 * s)
                cv2.rectangle(img, (min(inner, outer), y - int(10 * s)), (max(inner, outer), y + int(190 * s)), self.hair, -1, AA)
                cv2.ellipse(img, ((inner + outer) // 2, y + int(190 * s)), (int(27 * s), int(22 * s)), 0, 0, 180, self.hair, -1, AA)
        elif style == "bun":
            cv2.circle(img, (x, y - int(150 * s)), int(52 * s), self.hair, -1, AA)

    def _draw_hair_front(self, img: np.ndarray, c: tuple[int, int]) -> None:
        s, style = self.s, self.look.hair_style
        x, y = c
        if style in ("bob", "long"):
            fringe = np.concatenate([curve(x, y - 12 * s, 118 * s, 130 * s, 190, 350),
                                     [[x + 96 * s, y - 70 * s], [x + 20 * s, y - 86 * s], [x - 60 * s, y - 64 * s], [x - 104 * s, y - 30 * s]]])
            cv2.fillPoly(img, [poly(fringe)], self.hair, AA, 4)
        else:  # short and bun: hair close to the skull with a side parting
            cap = np.concatenate([curve(x, y - 4 * s, 118 * s, 142 * s, 185, 355),
                                  [[x + 100 * s, y - 78 * s], [x - 30 * s, y - 96 * s], [x - 108 * s, y - 40 * s]]])
            cv2.fillPoly(img, [poly(cap)], self.hair, AA, 4)
        shine = curve(x - 20 * s, y - 100 * s, 60 * s, 30 * s, 200, 290, 12)
        cv2.polylines(img, [poly(shine)], False, shade(self.hair, 1.35), max(1, int(4 * s)), AA, 4)

    def _draw_head(self, img: np.ndarray) -> None:
        s, (x, y) = self.s, self.head_c
        self._draw_hair_back(img, (x, y))
        for side in (-1, 1):
            cv2.ellipse(img, (x + side * int(110 * s), y + int(6 * s)), (int(18 * s), int(28 * s)), 0, 0, 360, shade(self.skin, 0.9), -1, AA)
        cv2.ellipse(img, (x, y), (int(112 * s), int(138 * s)), 0, 0, 360, self.skin, -1, AA)
        blush = np.zeros(img.shape[:2], np.float32)
        for side in (-1, 1):
            cv2.circle(blush, (x + side * int(72 * s), y + int(36 * s)), int(18 * s), 1.0, -1, AA)
        blush = cv2.GaussianBlur(blush, (0, 0), 9 * s)[..., None] * 0.35
        face = np.zeros(img.shape[:2], np.uint8)
        cv2.ellipse(face, (x, y), (int(112 * s), int(138 * s)), 0, 0, 360, 255, -1)
        pink = np.array(shade((120, 110, 235), 1.0), np.float32)
        mixed = img.astype(np.float32) * (1 - blush) + pink * blush
        img[face > 0] = mixed[face > 0].astype(np.uint8)
        nose = curve(x, y + int(18 * s), 10 * s, 8 * s, 20, 160, 10)
        cv2.polylines(img, [poly(nose)], False, shade(self.skin, 0.72), max(1, int(3 * s)), AA, 4)
        for side in (-1, 1):
            brow = curve(x + side * 46 * s, y - 54 * s, 30 * s, 12 * s, 200, 340, 12)
            cv2.polylines(img, [poly(brow)], False, shade(self.hair, 0.9), max(1, int(6 * s)), AA, 4)
        self._draw_hair_front(img, (x, y))

    # ---- cached patches (the atlas) ------------------------------------------------------
    def _quantise(self, m: MouthShape) -> tuple[int, ...]:
        q = self.MOUTH_STEPS
        return (int(round(min(max(m.open, 0), 1) * q)), int(round((min(max(m.width, 0.5), 1.5) - 0.5) * q)),
                int(round(min(max(m.round, 0), 1) * q / 2)), int(round(min(max(m.teeth, 0), 1) * 2)),
                int(round(min(max(m.tongue, 0), 1))))

    # ~28 KB a patch at 720p: 512 hold the shapes a show keeps using (about 300 after five
    # minutes); 2048 kept filling for an hour and read as 40 MB of growth
    @functools.lru_cache(maxsize=512)
    def _mouth(self, qo: int, qw: int, qr: int, qt: int, qg: int) -> np.ndarray:
        q = self.MOUTH_STEPS
        openness, width, rnd, teeth, tongue = qo / q, 0.5 + qw / q, qr * 2 / q, qt / 2, qg
        x0, y0, w, h = self.mouth_rect
        patch = self.face[y0:y0 + h, x0:x0 + w].copy()
        s, cx, cy = self.s, w / 2, h * 0.4
        hw = 27 * s * width * (1 - 0.3 * rnd)
        gap_top, gap_bot = 9 * s * openness, 27 * s * openness * (1 - 0.2 * rnd) + 1
        lip_up, lip_lo = (5 + 3 * rnd) * s, (7 + 3 * rnd) * s
        smile = 3 * s * (1 - rnd)
        outer = np.concatenate([curve(cx, cy, hw + 3 * s, gap_top + lip_up, 180, 360),
                                curve(cx, cy, hw + 3 * s, gap_bot + lip_lo, 0, 180)])
        outer[:, 1] -= smile * (np.abs(outer[:, 0] - cx) / (hw + 3 * s)) ** 4
        cv2.fillPoly(patch, [poly(outer)], self.lip, AA, 4)
        if openness < 0.04:
            seam = curve(cx, cy, hw, 2 * s, 180, 360, 16)
            seam[:, 1] -= smile * (np.abs(seam[:, 0] - cx) / hw) ** 4 - 1 * s
            cv2.polylines(patch, [poly(seam)], False, shade(self.lip, 0.62), max(1, int(2.5 * s)), AA, 4)
            return patch
        inner = np.concatenate([curve(cx, cy, hw, gap_top, 180, 360), curve(cx, cy, hw, gap_bot, 0, 180)])
        inner[:, 1] -= smile * (np.abs(inner[:, 0] - cx) / hw) ** 4
        mask = np.zeros(patch.shape[:2], np.uint8)
        cv2.fillPoly(mask, [poly(inner)], 255, AA, 4)
        inside = np.full_like(patch, (40, 30, 70))
        if tongue:
            cv2.ellipse(inside, (int(cx), int(cy + gap_bot)), (int(hw * 0.6), int(max(gap_bot * 0.55, 2))), 0, 180, 360, (120, 110, 215), -1, AA)
        if teeth > 0:
            cv2.rectangle(inside, (int(cx - hw), int(cy - gap_top - 2)), (int(cx + hw), int(cy - gap_top + 6 * s * teeth)), (245, 248, 250), -1)
        a = mask.astype(np.float32)[..., None] / 255.0
        patch[:] = (patch * (1 - a) + inside * a).astype(np.uint8)
        return patch

    @functools.lru_cache(maxsize=512)
    def _eye(self, side: int, ql: int, gx: int, gy: int) -> np.ndarray:
        lid, s = ql / self.LID_STEPS, self.s
        x0, y0, w, h = self.eye_rects[side]
        patch = self.face[y0:y0 + h, x0:x0 + w].copy()
        cx, cy, rx, ry = w / 2, h / 2, 27 * s, 15 * s
        lash = shade(self.hair, 0.5)
        if lid < 0.95:
            white = np.zeros(patch.shape[:2], np.uint8)
            cv2.ellipse(white, (int(cx), int(cy)), (int(rx), int(ry)), 0, 0, 360, 255, -1, AA)
            eye = np.full_like(patch, (245, 245, 248))
            ix, iy = int(cx + gx / self.GAZE_STEPS * 9 * s), int(cy + gy / self.GAZE_STEPS * 4 * s)
            cv2.circle(eye, (ix, iy), int(12 * s), self.iris, -1, AA)
            cv2.circle(eye, (ix, iy), int(12 * s), shade(self.iris, 0.6), max(1, int(2 * s)), AA)
            cv2.circle(eye, (ix, iy), int(5.5 * s), (20, 18, 18), -1, AA)
            cv2.circle(eye, (ix - int(4 * s), iy - int(4 * s)), max(1, int(3 * s)), (255, 255, 255), -1, AA)
            lid_y = cy - ry + lid * 2 * ry
            white[: max(0, int(lid_y))] = 0
            a = white.astype(np.float32)[..., None] / 255.0
            patch[:] = (patch * (1 - a) + eye * a).astype(np.uint8)
            edge = curve(cx, cy, rx, ry, 190, 350, 20)
            edge[:, 1] = np.maximum(edge[:, 1], lid_y)
            cv2.polylines(patch, [poly(edge)], False, lash, max(1, int(3.5 * s)), AA, 4)
        else:
            shut = curve(cx, cy, rx, 6 * s, 10, 170, 20)
            cv2.polylines(patch, [poly(shut)], False, lash, max(1, int(3.5 * s)), AA, 4)
        return patch

    # ---- per frame -----------------------------------------------------------------------
    def mouth_box(self) -> tuple[int, int, int, int]:
        x, y, w, h = self.mouth_rect
        m = int(10 * self.s)
        return self.head_pos[0] + x - m, self.head_pos[1] + y - m, w + 2 * m, h + 2 * m

    def render(self, t: float, mouth: MouthShape) -> np.ndarray:
        s, pose = self.s, self.idle.at(t)
        frame = self.background.copy()
        lift = int(round(pose.breath * 3 * s))
        self.body.paste(frame, self.body_pos[0], self.body_pos[1] - lift)
        hx = self.head_pos[0] + int(round(pose.head_dx * 6 * s))
        hy = self.head_pos[1] + int(round(pose.head_dy * 2 * s)) - lift
        self.head.paste(frame, hx, hy)
        ql = int(round(pose.lid * self.LID_STEPS))
        gx, gy = int(round(pose.gaze_x * self.GAZE_STEPS)), int(round(pose.gaze_y * self.GAZE_STEPS))
        for side, (x, y, w, h) in enumerate(self.eye_rects):
            frame[hy + y:hy + y + h, hx + x:hx + x + w] = self._eye(side, ql, gx, gy)
        x, y, w, h = self.mouth_rect
        frame[hy + y:hy + y + h, hx + x:hx + x + w] = self._mouth(*self._quantise(mouth))
        return frame
