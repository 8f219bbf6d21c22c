"""Milliseconds per frame for each renderer, at 720p and 1080p, on one core.

Target: the illustrated host at <= 4 ms per 720p frame on one core, overlays included, so a
30 fps show leaves most of the core to the encoder. Figures are CPU time of this process
(what a frame costs the core, whatever else runs on the machine), with wall time beside them.
Run: .venv/bin/python bench/render.py
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import cv2  # noqa: E402

cv2.setNumThreads(1)

from host_runtime.avatar import REST, Overlays, ProductCard  # noqa: E402
from host_runtime.avatar.illustrated import IllustratedRenderer  # noqa: E402
from host_runtime.avatar.portrait import PortraitRenderer  # noqa: E402
from host_runtime.avatar.visemes import VISEMES  # noqa: E402
from host_runtime.models import load_catalog, load_persona  # noqa: E402
from host_runtime.models.persona import LikenessConsent  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FRAMES = 300


def time_frames(render, overlays: Overlays | None, card: ProductCard | None) -> tuple[float, float]:
    """CPU and wall milliseconds per frame."""
    shapes = list(VISEMES.values())
    for i in range(30):  # warm the atlas the way the first second of a show would
        render(i / 30, shapes[i % len(shapes)])
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(FRAMES):
        t = 1 + i / 30
        frame = render(t, shapes[(i // 3) % len(shapes)])
        if overlays is not None:
            overlays.draw(frame, ("Hi, I'm Nova, an AI host. This press makes coffee anywhere.", i // 10 % 12),
                          card.lines(t) if card else None)
    return (time.process_time() - cpu) / FRAMES * 1000, (time.perf_counter() - start) / FRAMES * 1000


def main() -> None:
    persona = load_persona(ROOT / "personas" / "nova.yaml")
    catalog = load_catalog(ROOT / "product_catalog" / "demo.yaml")
    card = ProductCard(catalog.products[0], catalog.currency, dt.datetime(2026, 11, 28, 12, tzinfo=dt.timezone.utc))
    face = Path(tempfile.mkdtemp()) / "face.png"
    cv2.imwrite(str(face), IllustratedRenderer(persona.avatar.look).render(0.5, REST)[60:560, 180:700])
    consent = LikenessConsent(by="bench", date=dt.date(2026, 1, 1), scope="benchmark")
    print(f"CPU ms per frame (wall ms), one core, {FRAMES} frames (target: illustrated <= 4 ms at 720p)")
    for w, h in ((1280, 720), (1920, 1080)):
        overlays = Overlays(w, h, persona.disclosure.label)
        for name, renderer in (("illustrated", IllustratedRenderer(persona.avatar.look, w, h)),
                               ("portrait", PortraitRenderer(face, consent, w, h))):
            (bare, bare_wall), (full, full_wall) = time_frames(renderer.render, None, None), time_frames(renderer.render, overlays, card)
            print(f"  {name:<12} {h}p  host only {bare:5.2f} ({bare_wall:5.2f}) ms   "
                  f"with label+captions+card {full:5.2f} ({full_wall:5.2f}) ms")


if __name__ == "__main__":
    main()
