"""The host on screen: renderers (illustrated, portrait), visemes, overlays, and the scene
that puts them on one timeline."""

from .base import IdleMotion, Renderer
from .overlays import CaptionTrack, Overlays, ProductCard, aigc_metadata
from .scene import Scene, renderer_for
from .visemes import REST, VISEMES, MouthShape, MouthTrack, viseme_of

__all__ = ["IdleMotion", "Renderer", "CaptionTrack", "Overlays", "ProductCard", "aigc_metadata", "Scene",
           "renderer_for", "REST", "VISEMES", "MouthShape", "MouthTrack", "viseme_of"]
