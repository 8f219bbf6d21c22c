"""Renderers, visemes and overlays, checked on the pixels they draw."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import cv2
import numpy as np
import pytest

from host_runtime.avatar import REST, VISEMES, MouthTrack, Overlays, ProductCard, viseme_of
from host_runtime.avatar import text
from host_runtime.avatar.base import Pose
from host_runtime.avatar.illustrated import IllustratedRenderer
from host_runtime.avatar.overlays import money
from host_runtime.avatar.portrait import FACE_OVAL, PortraitRenderer
from host_runtime.models import UserError
from host_runtime.models import load_catalog, load_persona
from host_runtime.models.persona import LikenessConsent
from host_runtime.voice import Timed, engine_for
from host_runtime.models.persona import Voice
from tests.avatar_fixtures import first_glyph_height, mouth_openness

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def nova() -> IllustratedRenderer:
    return IllustratedRenderer(load_persona(ROOT / "personas" / "nova.yaml").avatar.look)


def test_there_are_at_least_eight_distinct_visemes_and_piper_phones_all_map() -> None:
    shapes = {tuple(np.round(v.vector(), 2)) for v in VISEMES.values()}
    assert len(shapes) >= 8
    utt = engine_for(Voice()).say("The quick brown fox jumps over the lazy dog, then sleeps.")
    used = {viseme_of(p.text) for p in utt.phones}
    assert {"MBP", "FV", "OO", "AA", "EE", "DST"} <= used


def test_mouth_track_closes_in_silence_and_on_m_and_opens_on_vowels() -> None:
    phones = [Timed("m", 1.0, 1.08), Timed("ɑː", 1.08, 1.3), Timed("m", 1.3, 1.38), Timed("ɑː", 1.38, 1.6)]
    track = MouthTrack(phones)
    assert track.at(0.2).open == 0 and track.at(2.5).open == 0  # outside speech: rest
    assert track.at(1.8).open < 0.05  # the pause after the last vowel
    assert track.at(1.2).open > 0.6 and track.at(1.5).open > 0.6
    assert track.at(1.34).open < 0.05  # lips meet on the /m/ between two open vowels


def test_illustrated_frames_have_the_show_size_and_the_mouth_follows_the_viseme(nova) -> None:
    rest, open_ = nova.render(1.0, REST), nova.render(1.0, VISEMES["AA"])
    assert rest.shape == (720, 1280, 3) and rest.dtype == np.uint8
    box = nova.mouth_box()
    assert mouth_openness(rest, box) < 50
    assert mouth_openness(open_, box) > 600
    assert mouth_openness(nova.render(1.0, VISEMES["OO"]), box) < mouth_openness(open_, box)
    np.testing.assert_array_equal(nova.render(3.3, REST), nova.render(3.3, REST))  # a pure function of time


def test_idle_host_blinks_every_few_seconds_and_sways(nova) -> None:
    x, y, w, h = nova.eye_rects[0]
    eye_whites = []
    for i in range(7 * 30):
        frame = nova.render(i / 30, REST)
        region = frame[nova.head_pos[1] + y - 8:nova.head_pos[1] + y + h + 8, nova.head_pos[0] + x - 8:nova.head_pos[0] + x + w + 8]
        eye_whites.append(int(np.count_nonzero(region.min(axis=2) > 235)))
    eye_whites = np.array(eye_whites)
    closed = eye_whites < 0.2 * eye_whites.max()
    blinks = np.count_nonzero(np.diff(closed.astype(int)) == 1)
    assert 1 <= blinks <= 4  # 7 s at 2-6 s intervals
    assert closed.mean() < 0.15  # blinks are brief
    assert np.abs(nova.render(0.0, REST).astype(int) - nova.render(4.0, REST)).sum() > 0  # breathing, sway


def test_personas_look_different(nova) -> None:
    kai = IllustratedRenderer(load_persona(ROOT / "personas" / "kai.yaml").avatar.look)
    a, b = nova.render(1.0, REST), kai.render(1.0, REST)
    assert (np.abs(a.astype(int) - b).max(axis=2) > 30).mean() > 0.2


def test_label_is_at_least_five_percent_of_the_short_side_on_a_dark_box() -> None:
    for w, h in ((1280, 720), (1920, 1080), (720, 1280)):
        overlays = Overlays(w, h, "AI-generated virtual host")
        assert first_glyph_height(overlays.label) >= 0.05 * min(w, h)
        frame = overlays.draw(np.full((h, w, 3), 255, np.uint8))
        x, y, bw, bh = overlays.label_box()
        assert x + bw <= w
        inner = frame[y + 4:y + bh - 4, x + 4:x + bw - 4]
        assert (inner.max(axis=2) < 40).mean() > 0.6 and (inner.min(axis=2) > 215).mean() > 0.05


def test_chinese_label_keeps_the_five_percent_height() -> None:
    overlays = Overlays(1280, 720, "人工智能生成 AI-generated")
    assert first_glyph_height(overlays.label) >= 0.05 * 720  # the drawn height of 人


def caption_pixels(overlays: Overlays, caption: str, card: tuple[str, str, str | None] | None = None) -> np.ndarray:
    return overlays.draw(np.full((720, 1280, 3), 90, np.uint8), (caption, 99) if caption else None, card)


def test_chinese_captions_and_euro_and_yuan_prices_are_drawn_as_glyphs() -> None:
    overlays = Overlays(1280, 720, "AI-generated")
    blank = caption_pixels(overlays, "")
    a, b = caption_pixels(overlays, "这款咖啡壶今天特价"), caption_pixels(overlays, "今天下单明天就到了")
    for frame in (a, b):
        changed = np.abs(frame.astype(int) - blank).max(axis=2) > 60
        assert changed[600:700].sum() > 1500 and not changed[300:560].any()  # bright text, at the bottom only
    assert (np.abs(a.astype(int) - b).max(axis=2) > 60).sum() > 500  # different characters, not placeholder boxes
    euro = caption_pixels(overlays, "", ("Moka", "34,90 €", None))
    yuan = caption_pixels(overlays, "", ("Moka", "¥34.90", None))
    unknown = caption_pixels(overlays, "", ("Moka", "34,90 ?", None))
    assert (np.abs(euro.astype(int) - unknown).max(axis=2) > 60).sum() > 100  # "€" is not drawn as "?"
    assert (np.abs(yuan.astype(int) - caption_pixels(overlays, "", ("Moka", "?34.90", None))).max(axis=2) > 60).sum() > 100


def test_money_is_written_the_way_each_currency_is_read() -> None:
    assert money(1234.5, "USD") == "$1,234.50" and money(34.9, "GBP") == "£34.90"
    assert money(1234.5, "EUR") == "1.234,50 €" and money(34.9, "EUR") == "34,90 €"
    assert money(248, "CNY") == "¥248.00" and money(3.5, "XYZ") == "3.50 XYZ"
    catalog = load_catalog(ROOT / "product_catalog" / "eu_demo.yaml")
    card = ProductCard(catalog.products[0], catalog.currency, dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc))
    assert card.lines(0.0)[1].endswith(" €") and "," in card.lines(0.0)[1]


def test_a_missing_cjk_font_is_one_warning_and_latin_text_still_draws(monkeypatch, caplog) -> None:
    monkeypatch.setattr(text, "CJK_FONTS", ["/nonexistent/font.ttc"])
    text.font_file.cache_clear()
    text._font.cache_clear()
    try:
        overlays = Overlays(1280, 720, "AI-generated")
        blank = caption_pixels(overlays, "")
        frames = [caption_pixels(overlays, "价格 Price 34,90 €"), caption_pixels(overlays, "更多 Price 34,90 €")]
        assert all((np.abs(f.astype(int) - blank).max(axis=2) > 60).sum() > 500 for f in frames)
        warnings = [r for r in caplog.records if "CJK font" in r.getMessage()]
        assert len(warnings) == 1 and "fonts-wqy-microhei" in warnings[0].getMessage()
    finally:
        text.font_file.cache_clear()
        text._font.cache_clear()


def test_product_card_shows_the_catalog_price_and_a_countdown_only_during_the_promotion() -> None:
    catalog = load_catalog(ROOT / "product_catalog" / "demo.yaml")
    product = next(p for p in catalog.products if p.promotion)
    during = ProductCard(product, catalog.currency, product.promotion.starts + dt.timedelta(hours=1))
    before = ProductCard(product, catalog.currency, product.promotion.starts - dt.timedelta(days=1))
    name, price, promo = during.lines(0.0)
    assert price.endswith(f"{product.promotion.price:.2f}") and promo and product.promotion.label in promo
    left = product.promotion.ends - product.promotion.starts - dt.timedelta(hours=1)
    assert f"{int(left.total_seconds()) % 60:02d}" in promo
    assert during.lines(1.0)[2] != promo  # the countdown ticks
    assert before.lines(0.0)[2] is None and not before.lines(0.0)[1].endswith(f"{product.promotion.price:.2f}")


def consent() -> LikenessConsent:
    return LikenessConsent(by="Test Subject", date=dt.date(2026, 1, 1), scope="automated tests")


@pytest.fixture(scope="module")
def face_photo(tmp_path_factory, nova) -> Path:
    """A face image made here (no photo ships with the repo): the illustrated host, large."""
    path = tmp_path_factory.mktemp("portrait") / "face.png"
    cv2.imwrite(str(path), nova.render(0.5, REST)[60:560, 180:700])
    return path


def test_portrait_refuses_without_likeness_consent(face_photo) -> None:
    with pytest.raises(UserError, match="likeness_consent"):
        PortraitRenderer(face_photo, None)


def test_portrait_opens_the_mouth_and_blinks_from_face_mesh_landmarks(face_photo) -> None:
    portrait = PortraitRenderer(face_photo, consent())
    rest, open_ = portrait.render(0.5, REST), portrait.render(0.5, VISEMES["AA"])
    assert rest.shape == (720, 1280, 3)
    box = portrait.mouth_box()
    assert mouth_openness(open_, box) > mouth_openness(rest, box) + 300
    blink_at = next(t for t in portrait.idle.blinks if t > 0) + 0.4 * portrait.idle.BLINK
    pose = portrait.idle.at(blink_at)
    assert pose.lid > 0.9  # the idle motion is mid-blink here, and the frame shows it
    blinking, open_eyes = portrait.render(blink_at, REST), portrait.draw(dataclasses.replace(pose, lid=0.0), REST)
    changed = np.abs(blinking.astype(int) - open_eyes).max(axis=2) > 30
    ys, _ = np.nonzero(changed)
    eyes_y = portrait.points[[159, 145, 386, 374], 1]
    assert changed.sum() > 200 and eyes_y.min() - 0.25 * portrait.face_h < ys.min() and ys.max() < eyes_y.max() + 5


def iris_x(frame: np.ndarray, portrait: PortraitRenderer, centre: int) -> float:
    """x of the dark pixels (iris and pupil) around an iris landmark."""
    cx, cy = portrait.points[centre]
    r = portrait.iris_r  # rows through the iris, below the lashes
    gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)[int(cy - 0.5 * r):int(cy + 0.7 * r), int(cx - 2 * r):int(cx + 2 * r)]
    ys, xs = np.nonzero(gray < 90)
    return float(xs.mean())


def test_portrait_sways_breathes_and_glances_within_the_face(face_photo) -> None:
    portrait = PortraitRenderer(face_photo, consent())
    x0, y0, x1, y1 = portrait.roi
    frames = [portrait.render(t, REST) for t in np.arange(0.0, 8.0, 0.5)]
    for f in frames[1:]:  # the photo around the head stays still ...
        assert np.array_equal(f[:, :x0], frames[0][:, :x0]) and np.array_equal(f[y1:], frames[0][y1:])
    assert max(np.abs(f.astype(int) - frames[0]).max(axis=2).sum() for f in frames) > 0  # ... the head moves
    np.testing.assert_array_equal(portrait.render(3.3, REST), portrait.render(3.3, REST))  # a pure function of time
    still = Pose(lid=0.0, gaze_x=0.0, gaze_y=0.0, head_dx=0.0, head_dy=0.0, breath=0.5)
    (fx0, fy0), (fx1, fy1) = portrait.points[FACE_OVAL].min(axis=0) + 20, portrait.points[FACE_OVAL].max(axis=0) - 20

    def shift(a: Pose, b: Pose) -> tuple[float, float]:
        """How far the inside of the face moved from pose a to pose b, in pixels."""
        crops = [cv2.cvtColor(portrait.draw(p, REST)[int(fy0):int(fy1), int(fx0):int(fx1)], cv2.COLOR_BGR2GRAY)
                 for p in (a, b)]
        return cv2.phaseCorrelate(np.float32(crops[0]), np.float32(crops[1]))[0]

    sway_x, sway_y = shift(dataclasses.replace(still, head_dx=-1.0), dataclasses.replace(still, head_dx=1.0))
    assert 0.015 * portrait.face_h < sway_x < 0.08 * portrait.face_h and abs(sway_y) < 3  # a sway, not a jump
    _, lift = shift(dataclasses.replace(still, breath=0.0), dataclasses.replace(still, breath=1.0))
    assert -0.03 * portrait.face_h < lift < -0.003 * portrait.face_h  # breathing in lifts the head
    assert portrait.iris_r > 0  # the face mesh found the irises
    left, right = (portrait.draw(dataclasses.replace(still, gaze_x=g), REST) for g in (-0.8, 0.8))
    for centre in (468, 473):
        assert iris_x(right, portrait, centre) - iris_x(left, portrait, centre) > 0.4 * portrait.iris_r
    moved = np.abs(left.astype(int) - right).max(axis=2) > 30
    ys, _ = np.nonzero(moved)
    eyes_y = portrait.points[[159, 145, 386, 374], 1]
    assert eyes_y.min() - 0.05 * portrait.face_h < ys.min() and ys.max() < eyes_y.max() + 0.05 * portrait.face_h  # eyes only


def test_portrait_without_a_face_is_a_clear_error(tmp_path) -> None:
    blank = tmp_path / "wall.png"
    cv2.imwrite(str(blank), np.full((400, 400, 3), 128, np.uint8))
    with pytest.raises(UserError, match="no face"):
        PortraitRenderer(blank, consent())
