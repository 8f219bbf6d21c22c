"""Optional voice: a Coqui TTS model the user brings (persona voice.model_dir).

Coqui needs torch + torchaudio and the `coqui-tts` package, which the default install does
not carry, so it is imported only when a persona asks for it. Coqui models report no
alignments; timings come from espeak-ng's phone events for the same sentence, stretched onto
the span where the Coqui audio is voiced, which keeps the mouth within a phone or two.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np

from .base import Timed, Utterance, VoiceEngine, spread_words, to_int16
from .timing import voiced_span

INSTALL_HINT = ("the coqui voice needs the optional Coqui TTS stack: "
                "`.venv/bin/pip install -c constraints.txt coqui-tts torchaudio==2.13.0` "
                "(torchaudio must match torch), then set voice.model_dir to a folder holding "
                "the model's .pth checkpoint and config.json")


def _user_error(message: str) -> Exception:
    from ..models import UserError

    return UserError(message)


@functools.cache
def load_model(model_dir: Path):  # -> TTS.api.TTS
    """One loaded model per process: Coqui checkpoints take seconds to load."""
    try:
        from TTS.api import TTS
    except ImportError as err:
        raise _user_error(f"{INSTALL_HINT} ({err})") from None
    config = model_dir / "config.json"
    checkpoints = sorted(model_dir.glob("*.pth"))
    if not config.is_file() or not checkpoints:
        raise _user_error(f"{model_dir}: a Coqui model folder needs config.json and a .pth checkpoint")
    model = next((c for c in checkpoints if c.stem in {"model", "best_model", "model_file"}), checkpoints[0])
    return TTS(model_path=str(model), config_path=str(config), progress_bar=False, gpu=False)


class CoquiEngine(VoiceEngine):
    def __init__(self, model_dir: str | None, voice_id: str | None = None, language: str = "en",
                 rate: float = 1.0, volume: float = 1.0, base_dir: Path | None = None):
        if not model_dir:
            raise _user_error("the coqui voice needs voice.model_dir: a folder with the model's .pth and config.json")
        folder = (base_dir / model_dir if base_dir else Path(model_dir)).resolve()
        self.tts = load_model(folder)
        self.sample_rate = int(self.tts.synthesizer.output_sample_rate)
        self.speaker = voice_id if voice_id in (self.tts.speakers or []) else None
        self.language = language.split("-")[0] if self.tts.is_multi_lingual else None
        self.rate, self.volume = rate, volume
        from .espeak_engine import EspeakEngine

        self.timer = EspeakEngine(self.language or language.split("-")[0], rate=rate)

    def say(self, sentence: str) -> Utterance:
        extra = {"speed": self.rate} if self.rate != 1.0 else {}
        audio = np.asarray(self.tts.tts(sentence, speaker=self.speaker, language=self.language,
                                        split_sentences=False, **extra), np.float32)
        peak = float(np.abs(audio).max()) if len(audio) else 0.0
        audio = audio / peak if peak > 0 else audio
        guide = self.timer.say(sentence)
        start, end = voiced_span(audio, self.sample_rate)
        g_start, g_end = voiced_span(guide.pcm.astype(np.float32) / 32767, guide.sample_rate)
        scale = (end - start) / max(g_end - g_start, 1e-3)

        def move(t: float) -> float:
            return start + (t - g_start) * scale

        phones = tuple(Timed(p.text, move(p.start), move(p.end)) for p in guide.phones)
        words = spread_words(sentence, [(move(w.start), move(w.end)) for w in guide.words])
        return Utterance(sentence, to_int16(audio, self.volume), self.sample_rate, words, phones)
