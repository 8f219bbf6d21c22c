"""A rundown: the show's run-of-show, independent of any one catalog.

``products: all`` walks whatever catalog the show is given, so the default rundown works
with any merchant's catalog.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from .base import Authored

Minutes = Annotated[float, Field(gt=0, le=240)]


class Opening(Authored):
    kind: Literal["opening"]
    minutes: Minutes = 0.5


class Products(Authored):
    """A pitch and a Q&A window for each selected product, in catalog order."""

    kind: Literal["products"]
    products: Literal["all", "in_stock"] | Annotated[list[str], Field(min_length=1)] = "all"
    pitch_minutes: Minutes = 1.5
    qa_minutes: Minutes = 0.5


class Recap(Authored):
    kind: Literal["recap"]
    minutes: Minutes = 0.5


Segment = Annotated[Opening | Products | Recap, Field(discriminator="kind")]


class Rundown(Authored):
    name: Annotated[str, Field(min_length=1)]
    loop: bool = True
    segments: Annotated[list[Segment], Field(min_length=1)]
