"""The picture of a live show: the playout's `FrameSource`, drawing through the same `Scene`
as the preview, one scene per queued sentence.

Each sentence's scene is built by the producer (mouth track and captions on the sentence's own
timeline, product card for its sku) and travels with the speech, so the render loop only
draws. After a sentence ends its scene stays on: the caption holds a moment, the mouth rests,
the card stays up while the host idles.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from ..avatar import ProductCard, Scene
from ..media.playout import Cue
from ..models import Catalog
from ..voice import Speech
from .speech import Line


class LiveFrames:
    def __init__(self, idle: Scene, catalog: Catalog, as_of: dt.datetime, lang: str = "en"):
        """`idle` is the persona's scene without speech (renderer + overlays); `as_of` is the
        wall-clock moment of stream time 0, for the prices and countdowns on product cards."""
        self.idle, self.catalog, self.as_of, self.lang = idle, catalog, as_of, lang
        self._cards: dict[str, ProductCard] = {}
        self._last: tuple[Scene, float] | None = None  # the latest sentence's scene, stream time it began

    def scene_for(self, speech: Speech, sku: str | None) -> Scene:
        """A sentence's scene (called on the producer's thread: builds tracks, draws nothing)."""
        return Scene(self.idle.renderer, self.idle.overlays, speech, self._card(sku))

    def _card(self, sku: str | None) -> ProductCard | None:
        if sku is None:
            return None
        if sku not in self._cards:
            try:
                product = self.catalog.product(sku)
            except KeyError:
                return None
            self._cards[sku] = ProductCard(product, self.catalog.currency, self.as_of, self.lang)
        return self._cards[sku]

    def frame_at(self, t: float, cue: Cue | None) -> np.ndarray:
        if cue is not None and isinstance(cue.utterance.payload, Line):
            self._last = (cue.utterance.payload.scene, t - cue.offset)
        if self._last is None:
            return self.idle.frame(t)
        scene, start = self._last
        return scene.frame(t, t - start)
