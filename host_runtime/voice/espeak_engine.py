"""The fallback voice: espeak-ng (Debian's libespeak-ng), over a hundred languages, no model files.

Timings come from the library's own synth events (word and phoneme events with audio
positions), through ctypes: the library speaks into our callback synchronously, so samples
and events arrive together and cannot drift apart. Phoneme names are requested as IPA, the
same alphabet piper uses, so the avatar maps both with one table.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import threading

import numpy as np

from .base import Timed, Utterance, VoiceEngine, spread_words

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INIT_PHONEME_EVENTS, _INIT_PHONEME_IPA, _INIT_DONT_EXIT = 0x0001, 0x0002, 0x8000
_POS_CHARACTER, _CHARS_UTF8 = 1, 1
_EVENT_END_LIST, _EVENT_WORD, _EVENT_PHONEME = 0, 1, 7
_PARAM_RATE, _PARAM_VOLUME = 1, 2
_DEFAULT_WPM = 175  # espeak-ng's own default speaking rate


class _EventId(ctypes.Union):
    _fields_ = [("number", ctypes.c_int), ("name", ctypes.c_char_p), ("string", ctypes.c_char * 8)]


class _Event(ctypes.Structure):
    _fields_ = [("type", ctypes.c_int), ("unique_identifier", ctypes.c_uint), ("text_position", ctypes.c_int),
                ("length", ctypes.c_int), ("audio_position", ctypes.c_int), ("sample", ctypes.c_int),
                ("user_data", ctypes.c_void_p), ("id", _EventId)]


_CALLBACK = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.POINTER(_Event))


class _Library:
    """libespeak-ng is one global synthesizer per process; this owns it and serialises use."""

    def __init__(self) -> None:
        name = ctypes.util.find_library("espeak-ng") or "libespeak-ng.so.1"
        try:
            self.lib = ctypes.CDLL(name)
        except OSError:
            from ..models import UserError

            raise UserError("the espeak voice needs libespeak-ng: install it with "
                            "`apt-get install espeak-ng` (make setup does this)") from None
        self.lib.espeak_Initialize.restype = ctypes.c_int
        self.lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        self.lib.espeak_Synth.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int,
                                          ctypes.c_uint, ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p]
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, None, _INIT_PHONEME_EVENTS | _INIT_PHONEME_IPA | _INIT_DONT_EXIT)
        if self.sample_rate <= 0:
            raise RuntimeError("espeak-ng failed to initialise (is espeak-ng-data installed?)")
        self.lock = threading.Lock()
        self._samples: list[np.ndarray] = []
        self._events: list[tuple[int, int, int, bytes]] = []
        self._callback = _CALLBACK(self._on_audio)  # kept referenced: the library calls it later
        self.lib.espeak_SetSynthCallback(self._callback)

    def _on_audio(self, wav, count, events) -> int:
        if count > 0:
            self._samples.append(np.ctypeslib.as_array(wav, (count,)).copy())
        i = 0
        while events[i].type != _EVENT_END_LIST:
            e = events[i]
            self._events.append((e.type, e.audio_position, e.text_position, e.id.string))
            i += 1
        return 0

    def synth(self, text: str, voice: str, wpm: int, volume: int) -> tuple[np.ndarray, list]:
        with self.lock:
            if self.lib.espeak_SetVoiceByName(voice.encode()) != 0:
                from ..models import UserError

                raise UserError(f"espeak-ng has no voice {voice!r} (see `espeak-ng --voices`)")
            self.lib.espeak_SetParameter(_PARAM_RATE, wpm, 0)
            self.lib.espeak_SetParameter(_PARAM_VOLUME, volume, 0)
            self._samples, self._events = [], []
            data = text.encode("utf-8") + b"\0"
            self.lib.espeak_Synth(data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None)
            self.lib.espeak_Synchronize()
            pcm = np.concatenate(self._samples) if self._samples else np.zeros(0, np.int16)
            return pcm.astype(np.int16), self._events


@functools.cache
def library() -> _Library:
    return _Library()


class EspeakEngine(VoiceEngine):
    def __init__(self, voice_id: str = "en-us", rate: float = 1.0, volume: float = 1.0):
        self.lib = library()
        self.sample_rate = self.lib.sample_rate
        self.voice_id = voice_id
        self.wpm = max(80, min(450, int(round(_DEFAULT_WPM * rate))))
        self.volume = int(round(100 * volume))

    def say(self, sentence: str) -> Utterance:
        pcm, events = self.lib.synth(sentence, self.voice_id, self.wpm, self.volume)
        end = len(pcm) / self.sample_rate
        phones: list[Timed] = []
        words: list[float] = []
        marks = sorted((pos / 1000.0, kind, name) for kind, pos, _, name in events
                       if kind in (_EVENT_WORD, _EVENT_PHONEME))
        for i, (t, kind, name) in enumerate(marks):
            if kind == _EVENT_WORD:
                words.append(t)
                continue
            symbol = name.decode("utf-8", "replace").strip("ˈˌ")
            nxt = next((m[0] for m in marks[i + 1:] if m[1] == _EVENT_PHONEME), end)
            if symbol and symbol not in {"_", "|"} and nxt > t:
                phones.append(Timed(symbol, t, min(nxt, end)))
        groups = self._word_spans(words, phones, end)
        return Utterance(sentence, pcm, self.sample_rate, spread_words(sentence, groups), tuple(phones))

    @staticmethod
    def _word_spans(starts: list[float], phones: list[Timed], end: float) -> list[tuple[float, float]]:
        """A word runs from its event to the end of its last phone before the next word."""
        spans = []
        for i, s in enumerate(starts):
            nxt = starts[i + 1] if i + 1 < len(starts) else end
            inside = [p.end for p in phones if s <= p.start < nxt]
            spans.append((s, max(inside) if inside else nxt))
        return spans
