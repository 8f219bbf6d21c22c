"""What every TTS engine hands the rest of the show: 16-bit PCM plus word and phone timings.

The avatar drives the mouth from phone timings and the captions from word timings, so every
engine must produce both, on the same clock as its samples; engines differ only in how they
get them (piper's alignment output, espeak's synth events, an estimate for coqui).
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

#: sentence ends: punctuation followed by a space, unless the word before is a short title
_SENTENCE_END = re.compile(r"(?<=[.!?…。！？])[\"')\]]*\s+")
_TITLES = {"dr", "mr", "mrs", "ms", "st", "vs", "no", "approx", "etc", "e.g", "i.e"}
#: clause ends where a voice pauses anyway: , ; : and spaced em/en dashes (piper reads a
#: spaced hyphen without a pause, so splitting there would add one)
_CLAUSE_END = re.compile(r"(?<=[,;:])\s+|(?<=\s[—–])\s+")
#: a sentence longer than this many characters is spoken in clause pieces by slow engines;
#: at piper's ~15 characters per second of speech and RTF ~0.1 that keeps a piece's synthesis
#: near 200 ms, and no piece is shorter than CLAUSE_SHORTEST (tiny pieces sound choppy)
CLAUSE_LONGER_THAN = 48
CLAUSE_SHORTEST = 16


@dataclass(frozen=True)
class Timed:
    """A word or a phone and where it sits on an audio timeline, in seconds."""

    text: str
    start: float
    end: float

    def shifted(self, offset: float) -> Timed:
        return Timed(self.text, self.start + offset, self.end + offset)


@dataclass(frozen=True)
class Utterance:
    """One spoken sentence: mono int16 samples and what was said when (times from its start)."""

    text: str
    pcm: np.ndarray
    sample_rate: int
    words: tuple[Timed, ...]
    phones: tuple[Timed, ...]
    #: False for a clause piece of a longer sentence that the next piece continues: it is
    #: placed with no pause after it, and its text is not a whole sentence
    ends_sentence: bool = True

    @property
    def duration(self) -> float:
        return len(self.pcm) / self.sample_rate

    @classmethod
    def joined(cls, pieces: Sequence[Utterance]) -> Utterance:
        """Clause pieces laid end to end as the one sentence they make (timings shifted on)."""
        if not pieces:
            raise ValueError("no pieces to join")
        rate = pieces[0].sample_rate
        words: list[Timed] = []
        phones: list[Timed] = []
        t = 0.0
        for piece in pieces:
            if piece.sample_rate != rate:
                raise ValueError(f"pieces at {piece.sample_rate} and {rate} Hz")
            words += [w.shifted(t) for w in piece.words]
            phones += [p.shifted(t) for p in piece.phones]
            t += piece.duration
        return cls(" ".join(p.text for p in pieces), np.concatenate([p.pcm for p in pieces]), rate,
                   tuple(words), tuple(phones), pieces[-1].ends_sentence)


@dataclass
class Speech:
    """Utterances laid end to end on one timeline, with pauses between sentences.

    A preview renders one of these; the live show builds the same placement from its media
    clock. Times of words and phones are absolute on the timeline. Clause pieces of one
    sentence (`ends_sentence` False) are placed back to back, as the sentence they make.
    """

    sample_rate: int
    placed: list[tuple[float, Utterance]] = field(default_factory=list)
    duration: float = 0.0

    @classmethod
    def sequence(cls, utterances: Sequence[Utterance], sample_rate: int, lead: float = 0.4,
                 gap: float = 0.3, tail: float = 0.6) -> Speech:
        speech = cls(sample_rate)
        t = lead
        for utt in utterances:
            if utt.sample_rate != sample_rate:
                raise ValueError(f"utterance at {utt.sample_rate} Hz on a {sample_rate} Hz timeline")
            speech.placed.append((t, utt))
            t += utt.duration + (gap if utt.ends_sentence else 0.0)
        ended = not utterances or utterances[-1].ends_sentence
        speech.duration = (t - gap if utterances and ended else t) + tail
        return speech

    def pcm(self) -> np.ndarray:
        out = np.zeros(int(round(self.duration * self.sample_rate)), np.int16)
        for start, utt in self.placed:
            i = int(round(start * self.sample_rate))
            out[i:i + len(utt.pcm)] = utt.pcm[: len(out) - i]
        return out

    def words(self) -> list[Timed]:
        return [w.shifted(start) for start, utt in self.placed for w in utt.words]

    def phones(self) -> list[Timed]:
        return [p.shifted(start) for start, utt in self.placed for p in utt.phones]

    def sentences(self) -> list[Timed]:
        """Whole sentences, with clause pieces merged back into the sentence they belong to."""
        out: list[Timed] = []
        continues = False
        for start, utt in self.placed:
            if continues:
                out[-1] = Timed(f"{out[-1].text} {utt.text}", out[-1].start, start + utt.duration)
            else:
                out.append(Timed(utt.text, start, start + utt.duration))
            continues = not utt.ends_sentence
        return out


class VoiceEngine(ABC):
    """Text in, one Utterance per sentence out, as soon as each sentence is ready."""

    sample_rate: int

    @abstractmethod
    def say(self, sentence: str) -> Utterance:
        """Synthesize one sentence."""

    def say_clauses(self, sentence: str) -> Iterator[Utterance]:
        """One sentence in pieces that play back to back, each as soon as it is ready.

        Engines that synthesize a sentence in one slow pass (piper) split a long sentence at
        its clause pauses so its first audio is ready sooner; fast engines yield it whole.
        """
        yield self.say(sentence)

    def stream(self, text: str, clauses: bool = False) -> Iterator[Utterance]:
        """Sentence by sentence, so the first one can play while the rest are synthesized;
        with `clauses`, long sentences come in clause pieces (see `say_clauses`)."""
        for sentence in split_sentences(text):
            if clauses:
                yield from self.say_clauses(sentence)
            else:
                yield self.say(sentence)


def split_sentences(text: str) -> list[str]:
    parts: list[str] = []
    for piece in _SENTENCE_END.split(" ".join(text.split())):
        if parts and parts[-1].rsplit(" ", 1)[-1].rstrip(".").lower() in _TITLES:
            parts[-1] = f"{parts[-1]} {piece}"
        elif piece.strip():
            parts.append(piece.strip())
    return parts


def split_clauses(sentence: str, longer_than: int = CLAUSE_LONGER_THAN,
                  shortest: int = CLAUSE_SHORTEST) -> list[str]:
    """A long sentence cut after its clause punctuation into pieces of at least `shortest`
    characters; joined with single spaces they give the sentence back."""
    sentence = " ".join(sentence.split())
    if len(sentence) <= longer_than:
        return [sentence]
    pieces: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        if pieces and len(pieces[-1]) < shortest:
            pieces[-1] = f"{pieces[-1]} {clause}"
        else:
            pieces.append(clause)
    if len(pieces) > 1 and len(pieces[-1]) < shortest:
        pieces[-2:] = [f"{pieces[-2]} {pieces[-1]}"]
    return pieces


#: words a phrase starts with: where a speaker may stop for a breath, so where a viewer's answer
#: may come in ("It holds 8 oz, | weighs 327 g | and is BPA-free.")
PHRASE_STARTS = frozenset(
    "and but or so with without for to from until till at on in by about which that who while because when "
    "if than then plus after before since into over under across through during like as per each every "
    "right just only the a an its this these your our is are it's".split())
#: a phrase piece aims at this many seconds; a phrase boundary after PHRASE_SHORTEST is taken
PHRASE_SECONDS = 1.0
PHRASE_SHORTEST = 0.45


def phrases(utt: Utterance, seconds: float = PHRASE_SECONDS, shortest: float = PHRASE_SHORTEST) -> list[Utterance]:
    """One synthesized clause cut into the phrases it is spoken in, so the next boundary a
    viewer's answer can take is about ``seconds`` away, never a long clause away.

    Why audio, not text: each phrase synthesized alone would get its own falling intonation and
    the pitch would sound like a list; cut from one pass, the phrases play back to back exactly
    as the clause was voiced. Cuts fall between two words, half way through the silence or
    transition between them, before a word that starts a phrase (or after a comma); a clause
    with no such boundary stays whole."""
    words = utt.words
    if utt.duration <= seconds + shortest or len(words) < 2:
        return [utt]
    bounds = [(b.end + a.start) / 2 for b, a in zip(words, words[1:])
              if a.text.lower().strip("\"'(") in PHRASE_STARTS or a.text.startswith("(") or b.text.endswith((",", ";", ":"))]
    bounds = [t for t in bounds if shortest <= t <= utt.duration - shortest]
    cuts: list[float] = []
    start = 0.0
    while True:  # the farthest boundary within ``seconds``, else the nearest one after it
        ahead = [t for t in bounds if t - start >= shortest]
        if not ahead or utt.duration - start <= seconds:
            break
        within = [t for t in ahead if t - start <= seconds]
        start = max(within) if within else min(ahead)
        cuts.append(start)
    if not cuts:
        return [utt]
    out = []
    edges = [0.0, *cuts, utt.duration]
    for i, (a, b) in enumerate(zip(edges, edges[1:])):
        lo, hi = int(round(a * utt.sample_rate)), int(round(b * utt.sample_rate))
        inside = [w for w in words if a <= (w.start + w.end) / 2 < b]
        out.append(Utterance(" ".join(w.text for w in inside), utt.pcm[lo:hi], utt.sample_rate,
                             tuple(w.shifted(-a) for w in inside),
                             tuple(p.shifted(-a) for p in utt.phones if a <= (p.start + p.end) / 2 < b),
                             ends_sentence=utt.ends_sentence and i == len(edges) - 2))
    return out


#: a written word: a Chinese character (with the punctuation after it), else a run between spaces
_WRITTEN_WORD = re.compile(r"[\u3400-\u9fff][\u3000-\u303f\uff00-\uffef]*|[^\s\u3400-\u9fff]+")


def written_words(text: str) -> list[str]:
    """The words captions light up one by one: words between spaces, and in Chinese (written
    without spaces) each character, so a Chinese caption follows the voice as an English one does."""
    return _WRITTEN_WORD.findall(text)


def spread_words(text: str, groups: Sequence[tuple[float, float]]) -> tuple[Timed, ...]:
    """Give each written word a time span from the spoken word groups an engine reports.

    Engines speak numbers and symbols as several words ("$39.95" is four), so written and
    spoken words rarely pair one to one; when the counts differ, each written word takes a
    share of the spoken span in proportion to its length, which keeps captions in step.
    """
    words = written_words(text)
    if not words or not groups:
        return ()
    if len(words) == len(groups):
        return tuple(Timed(w, s, e) for w, (s, e) in zip(words, groups))
    start, end = groups[0][0], groups[-1][1]
    weights = np.array([len(w) + 1 for w in words], float)
    edges = start + (end - start) * np.concatenate([[0.0], np.cumsum(weights) / weights.sum()])
    return tuple(Timed(w, float(a), float(b)) for w, a, b in zip(words, edges[:-1], edges[1:]))


def to_int16(audio: np.ndarray, volume: float = 1.0) -> np.ndarray:
    """Float audio in [-1, 1] to int16, with the persona's volume applied and clipped."""
    return np.clip(np.asarray(audio, np.float32) * volume * 32767.0, -32767, 32767).astype(np.int16)
