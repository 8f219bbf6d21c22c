"""The voices, checked on the audio and timings they really produce (piper's joe voice, the
system espeak-ng); nothing here is mocked."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pytest

from host_runtime.director.host import Utterance as Said
from host_runtime.live.speech import Voicer
from host_runtime.media.playout import UtteranceQueue
from host_runtime.models import UserError, load_persona
from host_runtime.models.persona import Voice
from host_runtime.voice import Speech, Utterance, engine_for, phrases, split_clauses, split_sentences
from host_runtime.voice.base import PHRASE_STARTS
from host_runtime.voice.coqui_engine import CoquiEngine


def rms(pcm: np.ndarray) -> float:
    return float(np.sqrt(np.mean(pcm.astype(np.float64) ** 2))) if len(pcm) else 0.0


def check_timings(utt: Utterance) -> None:
    """Words and phones sit inside the audio, in order, and the audio is loud where they are."""
    assert utt.pcm.dtype == np.int16 and utt.duration > 0.3
    assert [w.text for w in utt.words] == utt.text.split()
    for seq in (utt.words, utt.phones):
        starts = [x.start for x in seq]
        assert starts == sorted(starts)
        assert all(0 <= x.start < x.end <= utt.duration + 1e-6 for x in seq)
    voiced = np.concatenate([utt.pcm[int(p.start * utt.sample_rate):int(p.end * utt.sample_rate)] for p in utt.phones])
    assert rms(voiced) > 1500


@pytest.fixture(scope="module")
def piper():
    return engine_for(Voice())


def test_piper_speaks_22k_pcm_with_word_and_phone_timings(piper) -> None:
    utt = piper.say("Hello there, I am Nova.")
    assert utt.sample_rate == 22050
    check_timings(utt)
    assert {"h", "l", "n", "v"} <= {p.text for p in utt.phones}  # espeak IPA, as the avatar expects
    assert utt.words[-1].text == "Nova." and utt.words[-1].end > 0.6 * utt.duration


def test_piper_streams_one_utterance_per_sentence(piper) -> None:
    utts = list(piper.stream("The price is $39.95 today! Dr. Smith said hi."))
    assert [u.text for u in utts] == ["The price is $39.95 today!", "Dr. Smith said hi."]
    for u in utts:
        check_timings(u)


def test_persona_rate_and_volume_change_the_audio(piper) -> None:
    text = "Here are the facts about this coffee press."
    fast = engine_for(Voice(rate=1.6, volume=0.5)).say(text)
    normal = piper.say(text)
    assert fast.duration < 0.8 * normal.duration
    assert np.abs(fast.pcm).max() < 0.6 * np.abs(normal.pcm).max()


def test_espeak_gives_timings_from_its_events_in_other_languages() -> None:
    en = engine_for(Voice(engine="espeak"), "en")
    utt = en.say("Hello there, I am Nova.")
    check_timings(utt)
    de = engine_for(Voice(engine="espeak"), "de").say("Guten Tag, ich bin Nova.")
    assert [w.text for w in de.words] == ["Guten", "Tag,", "ich", "bin", "Nova."]
    assert "ç" in {p.text for p in de.phones}  # German "ich": espeak spoke German, not English


def test_espeak_unknown_voice_is_a_user_error() -> None:
    with pytest.raises(UserError, match="no voice"):
        engine_for(Voice(engine="espeak", voice_id="xx-nope")).say("Hi.")


def test_coqui_without_its_stack_says_how_to_install_it(tmp_path) -> None:
    try:
        import TTS  # noqa: F401
    except ImportError:
        with pytest.raises(UserError, match="pip install"):
            CoquiEngine(str(tmp_path))
    with pytest.raises(UserError, match="model_dir"):
        engine_for(Voice(engine="coqui"))


def test_sentences_split_on_ends_but_not_titles() -> None:
    assert split_sentences("Hi there!  I'm Nova. Ask Dr. Lee about it? Sure.") == [
        "Hi there!", "I'm Nova.", "Ask Dr. Lee about it?", "Sure."]


def test_speech_timeline_places_sentences_with_silence_between(piper) -> None:
    utts = list(piper.stream("One. Two."))
    speech = Speech.sequence(utts, piper.sample_rate, lead=0.5, gap=0.4, tail=0.5)
    pcm = speech.pcm()
    assert len(pcm) == pytest.approx(speech.duration * 22050, abs=2)
    assert rms(pcm[: int(0.45 * 22050)]) == 0  # lead-in is silent
    first_end = speech.sentences()[0].end
    assert rms(pcm[int((first_end + 0.05) * 22050):int((first_end + 0.35) * 22050)]) < 50
    assert speech.words()[1].start > first_end  # "Two." is placed after the gap


def quiet_runs(pcm: np.ndarray, rate: int, hop: int = 110) -> list[tuple[float, float]]:
    """(start, length) in seconds of the stretches quieter than -40 dBFS."""
    n = len(pcm) // hop
    quiet = np.sqrt((pcm[: n * hop].astype(np.float64).reshape(n, hop) ** 2).mean(axis=1)) < 0.01 * 32767
    edges = np.flatnonzero(np.diff(np.concatenate([[0], quiet.astype(int), [0]])))
    return [(a * hop / rate, (b - a) * hop / rate) for a, b in zip(edges[::2], edges[1::2])]


def test_clauses_split_long_sentences_at_pauses_only() -> None:
    long = "If you have questions, drop them in the chat and I will answer from the store's catalog."
    assert split_clauses(long) == ["If you have questions,", "drop them in the chat and I will answer from the store's catalog."]
    assert split_clauses("Hi, I'm Nova.") == ["Hi, I'm Nova."]  # short: whole
    dash = "It packs into its own mug — so it fits, and it weighs 1,000 grams - no more."
    assert split_clauses(dash) == ["It packs into its own mug —", "so it fits, and it weighs 1,000 grams - no more."]
    assert " ".join(split_clauses(dash, shortest=5)) == dash


def test_long_sentence_in_clause_pieces_matches_the_whole_sentence(piper) -> None:
    text = "If you have questions, drop them in the chat and I will answer from the store's catalog."
    pieces = list(piper.say_clauses(text))
    whole = piper.say(text)
    assert len(pieces) == 2 and [p.ends_sentence for p in pieces] == [False, True]
    for p in pieces:
        check_timings(p)
    joined = Utterance.joined(pieces)
    assert joined.text == text and [w.text for w in joined.words] == [w.text for w in whole.words]
    for seq in (joined.words, joined.phones):
        starts = [x.start for x in seq]
        assert starts == sorted(starts) and all(0 <= x.start < x.end <= joined.duration + 1e-6 for x in seq)
    assert joined.words[4].start >= pieces[0].duration - 0.05  # "drop" comes after the first piece's audio
    assert joined.duration == pytest.approx(whole.duration, rel=0.15)  # piper's durations vary run to run
    join = pieces[0].duration
    pause = max(length for start, length in quiet_runs(joined.pcm, 22050) if start - 0.01 <= join <= start + length + 0.01)
    comma = max(length for start, length in quiet_runs(whole.pcm, 22050)[:-1] if start > 0.05)
    assert 0.05 < pause <= comma + 0.06  # piper's own pause at the comma, and no more
    k = int(round(join * 22050))
    assert np.abs(np.diff(joined.pcm[k - 50:k + 50].astype(int))).max() < 400  # no click at the cut


def test_clause_pieces_play_back_to_back_as_one_sentence_on_the_timeline(piper) -> None:
    utts = list(piper.stream("Short one. If you have questions, drop them in the chat right now.", clauses=True))
    assert [u.text for u in utts] == ["Short one.", "If you have questions,", "drop them in the chat right now."]
    speech = Speech.sequence(utts, piper.sample_rate, gap=0.4)
    (s1, _), (s2, u2), (s3, _) = speech.placed
    assert s3 == pytest.approx(s2 + u2.duration)  # no sentence gap inside a sentence
    assert [s.text for s in speech.sentences()] == ["Short one.", "If you have questions, drop them in the chat right now."]
    assert speech.sentences()[1].end == pytest.approx(speech.placed[-1][0] + utts[-1].duration)


def test_a_long_clause_is_queued_as_the_phrases_it_was_spoken_in(piper) -> None:
    """The next boundary a viewer's answer can take is about a second away: a voiced clause is
    cut between words where a phrase starts, from the one pass (the audio is unchanged)."""
    clause = piper.say("The kettle is $69.00 with free shipping on orders over $35 and a 1-year warranty")
    pieces = phrases(clause)
    assert len(pieces) >= 3 and all(p.duration <= 2.6 for p in pieces), [(p.text, p.duration) for p in pieces]
    assert " ".join(p.text for p in pieces) == clause.text
    assert np.array_equal(np.concatenate([p.pcm for p in pieces]), clause.pcm)
    assert [p.ends_sentence for p in pieces] == [False] * (len(pieces) - 1) + [True]
    assert all(p.text.split()[0].lower() in PHRASE_STARTS for p in pieces[1:])


@pytest.mark.parametrize("persona_file", ["personas/nova.yaml", "personas/kai.yaml"])
def test_the_personas_pace_changes_how_long_a_live_show_takes_to_say_a_line(persona_file: str) -> None:
    """The same two sentences voiced as a live show queues them (clause pieces, the pause
    after each sentence): a slow pace takes clearly longer than a fast one, and the shipped
    personas differ as their files say (Kai slow, Nova normal)."""
    text = "Here's the kettle, in brushed steel. It holds 0.9 L and keeps water warm for an hour."

    def queued(voice: Voice) -> float:
        speech = UtteranceQueue(48000, max_seconds=60)
        voicer = Voicer(engine_for(voice), speech, lambda *_: None, None, lambda: 0.0, voice.pause_s)  # type: ignore[arg-type]
        for sentence in split_sentences(text):
            assert voicer.say(Said("pitch", None, sentence), urgent=False, stopping=threading.Event())
        return speech.seconds_waiting

    slow, normal, fast = (queued(Voice(pace=pace)) for pace in ("slow", "normal", "fast"))
    assert slow > normal > fast and slow > 1.2 * fast, (slow, normal, fast)  # piper varies a line by about 2%
    persona = load_persona(Path(__file__).resolve().parents[1] / persona_file)
    assert queued(persona.voice) == pytest.approx({"slow": slow, "normal": normal}[persona.voice.pace], rel=0.05)
