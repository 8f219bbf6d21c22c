"""One frame of the show at any stream time: the host, its mouth on the speech timeline, and
the overlays. The preview and the live show both draw through this, so what a merchant
previews is what viewers get."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..models import Persona
from ..models.persona import PortraitAvatar
from ..voice import Speech
from .base import Renderer, hex_bgr
from .overlays import CaptionTrack, Overlays, ProductCard
from .visemes import REST, MouthTrack


def renderer_for(persona: Persona, base_dir: Path, width: int = 1280, height: int = 720) -> Renderer:
    """The renderer a persona's avatar block asks for; the idle motion is seeded by the
    persona id, so each host has its own rhythm of blinks and glances."""
    seed = sum(persona.id.encode())
    if isinstance(persona.avatar, PortraitAvatar):
        from .portrait import PortraitRenderer

        return PortraitRenderer(persona.image_path(base_dir), persona.avatar.likeness_consent, width, height, seed)
    from .illustrated import IllustratedRenderer

    return IllustratedRenderer(persona.avatar.look, width, height, seed)


class Scene:
    def __init__(self, renderer: Renderer, overlays: Overlays, speech: Speech | None = None,
                 card: ProductCard | None = None):
        self.renderer, self.overlays, self.card = renderer, overlays, card
        self.mouth = MouthTrack(speech.phones()) if speech else None
        self.captions = CaptionTrack(speech.sentences(), speech.words()) if speech else None

    @classmethod
    def for_persona(cls, persona: Persona, base_dir: Path, speech: Speech | None = None,
                    card: ProductCard | None = None, width: int = 1280, height: int = 720) -> Scene:
        accent = hex_bgr(persona.avatar.look.accent) if not isinstance(persona.avatar, PortraitAvatar) else (52, 177, 242)
        return cls(renderer_for(persona, base_dir, width, height),
                   Overlays(width, height, persona.disclosure.label, accent), speech, card)

    def frame(self, t: float, speech_t: float | None = None) -> np.ndarray:
        """The frame at stream time `t`; `speech_t` is where that moment falls on this scene's
        speech timeline when it does not start at stream time 0 (a live show builds one scene
        per sentence as it comes up, while idle motion and the card run on stream time)."""
        at = t if speech_t is None else speech_t
        mouth = self.mouth.at(at) if self.mouth else REST
        frame = self.renderer.render(t, mouth)
        caption = self.captions.at(at) if self.captions else None
        return self.overlays.draw(frame, caption, self.card.lines(t) if self.card else None)
