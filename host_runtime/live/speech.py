"""The producer: director -> guarded sentence -> voice -> queued speech, a few seconds ahead of
the playhead, on its own thread.

Why a thread and a lookahead: the writer and the voice take a variable time per sentence
(template: milliseconds; model draft: seconds), while the picture needs a frame every 33 ms.
Keeping `lookahead` seconds of finished speech queued hides that variance; when the producer
is late anyway the queue runs dry and playout idles (blinks, silence), it never stalls.

Viewer comments do not pass through here: the `AnswerDesk` (answers.py) answers each one
as it arrives, on the queue's urgent lane. What the producer does for them is speak in short
pieces: a long sentence is voiced clause by clause (where a voice pauses anyway), and each
voiced clause is queued as the phrases it was spoken in (voice.phrases: cut from the one pass,
so the intonation is the clause's), so the next boundary an answer can take is about a second
away, never a long clause away. A sentence an answer cuts in
on is still said whole: its remaining clauses follow the answer, so no checked sentence is
ever left half said.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import yaml

from ..audit import AuditLog
from ..avatar import Scene
from ..director.host import PAUSE_S, Director, Utterance as Said, persona_fill
from ..media import priority
from ..media.playout import Utterance, UtteranceQueue
from ..voice import Speech, VoiceEngine, phrases
from . import heap

if TYPE_CHECKING:
    from .answers import AnswerDesk

log = logging.getLogger(__name__)

CLOSING_FILE = Path(__file__).with_name("closing.yaml")
#: behind the wall clock by more than this, the picture is short of CPU: the producer waits
#: rather than writing and voicing its next line (nice alone gives it a share all the same)
YIELD_LAG_S = 0.1
#: ... as long as this much speech is queued, so the host is never silenced by the wait
YIELD_KEEP_S = 2.0


@functools.cache
def closing_lines(lang: str = "en") -> tuple[str, ...]:
    """Sign-off copy (policy as data, reviewed like every template; still guarded when said),
    in the host's language where it is written (``closing.zh``), else in English."""
    data = yaml.safe_load(CLOSING_FILE.read_text(encoding="utf-8"))
    return tuple(data.get(f"closing.{lang}", data["closing"]))


@dataclass
class Line:
    """What travels with each piece of queued speech to the renderer and the audit log."""

    said: Said  # the director's sentence: kind, sku, text, verdict, violations, sources, comment ids
    scene: Scene  # mouth and captions for this piece, on its own timeline from 0
    first: bool = True  # the audit records a director sentence once, when its first piece starts


class Voicer:
    """Voices a director's sentence piece by piece onto the queue, each piece queued as soon
    as it is ready, with the scene (mouth, captions, card) it is drawn with. The producer and
    the answer desk share one: piper serialises its own phonemizer, and its model runs are
    safe side by side."""

    def __init__(self, engine: VoiceEngine, speech: UtteranceQueue, scenes: Callable[[Speech, str | None], Scene],
                 audit: AuditLog, stream_now: Callable[[], float], pause_s: float):
        self.engine, self.speech, self.scenes, self.audit, self.stream_now = engine, speech, scenes, audit, stream_now
        self.pause_s = pause_s  # silence after each sentence: the persona's pace, as a preview leaves it
        #: asked before a sentence is voiced (an operator's approval, hold or cancel: control/):
        #: False drops it unsaid; None lets every sentence through
        self.gate: Callable[[Said, bool], bool] | None = None

    def say(self, said: Said, urgent: bool, stopping: threading.Event,
            first_queued: Callable[[], None] | None = None) -> bool:
        """Queue `said` in clause pieces; False when the voice failed (audited). A normal-lane
        piece waits for room in the queue, unless `stopping` is set (then it is dropped)."""
        if self.gate is not None and not self.gate(said, urgent):
            return True  # cancelled by the operator: not a voice failure
        first = True
        try:
            for voiced in (piece for clause in self.engine.stream(said.text, clauses=True) for piece in phrases(clause)):
                if not voiced.pcm.size:
                    continue
                scene = self.scenes(Speech.sequence([voiced], voiced.sample_rate, lead=0.0, gap=0.0, tail=0.0), said.sku)
                pcm = voiced.pcm
                if voiced.ends_sentence:  # the breath between sentences, as in a preview
                    pcm = np.concatenate([pcm, np.zeros(int(self.pause_s * voiced.sample_rate), np.int16)])
                utterance = Utterance(pcm, voiced.sample_rate, Line(said, scene, first=first),
                                      group=tuple(said.comment_ids) or None if urgent else None, opens=first)
                while not self.speech.put(utterance, timeout=0.25, urgent=urgent):
                    if stopping.is_set():
                        return True
                if first and first_queued is not None:
                    first_queued()
                first = False
        except Exception as err:
            log.exception("voice failed on %r", said.text)
            self.audit.event("fallback", self.stream_now(), what="voice", text=said.text, error=f"{type(err).__name__}: {err}")
            return False
        return True


class SpeechProducer:
    """Keeps the utterance queue `lookahead` seconds ahead; see the module docstring."""

    def __init__(self, director: Director, voicer: Voicer, audit: AuditLog, stream_now: Callable[[], float],
                 wall_at: Callable[[float], dt.datetime], desk: AnswerDesk | None = None, lookahead: float = 6.0,
                 lag: Callable[[], float] = lambda: 0.0):
        """`lag`: how far the playout is behind the wall clock (seconds), read before each line."""
        self.director, self.voicer, self.speech = director, voicer, voicer.speech
        self.lag = lag
        self.yielded_s = 0.0  # time the producer waited for the picture to catch up
        self.audit, self.stream_now, self.wall_at = audit, stream_now, wall_at
        self.desk, self.lookahead = desk, lookahead
        self.finished = threading.Event()  # the rundown is over (non-looping) and was said
        self.closed = threading.Event()  # the closing line is queued (or could not be), nothing more comes
        self._stopping = threading.Event()
        self._quiet_until = 0.0  # stream time before which the director said it has nothing to add
        self._fallbacks = director.writer.stats.fallbacks
        self._calls: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="speech-producer", daemon=True)

    @property
    def quiet(self) -> bool:
        """The director has nothing to say until a later moment: the host idles on purpose."""
        return self.stream_now() + self.speech.seconds_waiting < self._quiet_until

    def start(self) -> None:
        if self.desk is not None:
            self.desk.start()
        self._thread.start()

    def stop(self) -> None:
        """Stop writing and answering; drop queued lines not yet started (answers excepted);
        queue one guarded closing line."""
        if self.desk is not None:
            self.desk.stop()
        self._stopping.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def call_soon(self, fn: Callable[[], None]) -> None:
        """Run `fn` on the producer's thread before its next line: the director is not
        thread-safe, and an operator's skip or jump must not land mid-sentence."""
        self._calls.put(fn)

    def _run_calls(self) -> None:
        while True:
            try:
                fn = self._calls.get_nowait()
            except queue.Empty:
                return
            fn()

    # -- the loop ---------------------------------------------------------------------------
    def _run(self) -> None:
        priority.background()
        trimmed = time.monotonic()
        while not self._stopping.is_set():
            try:
                self._run_calls()
                if self._picture_short_of_cpu():
                    time.sleep(0.02)
                    self.yielded_s += 0.02
                elif not self.finished.is_set() and self.speech.seconds_waiting < self.lookahead:
                    self._next_line()
                elif time.monotonic() - trimmed >= heap.TRIM_EVERY_S:  # idle: a good moment
                    heap.trim()
                    trimmed = time.monotonic()
                else:
                    time.sleep(0.02)
            except Exception as err:  # one bad sentence must never end the show
                log.exception("producer step failed")
                self.audit.event("fallback", self.stream_now(), what="producer", error=f"{type(err).__name__}: {err}")
                time.sleep(0.2)
        if self.desk is not None:
            self.desk.join(timeout=10)  # an answer being voiced is finished first: it is owed
        # answers already voiced are still said, and the rest of a sentence already begun (an
        # answer may have cut in at a clause), then the sign-off after them
        self.speech.clear(keep_urgent=True, keep_head=lambda u: isinstance(u.payload, Line) and not u.payload.first)
        try:
            self._closing()
        finally:
            self.closed.set()

    def _picture_short_of_cpu(self) -> bool:
        """The playout is falling behind and enough speech is queued to wait: the next line
        can be written later, a late frame cannot be made up (a degrade nobody hears)."""
        return self.lag() > YIELD_LAG_S and self.speech.seconds_waiting > YIELD_KEEP_S

    def _ask(self, now: float) -> Said | None:
        said = self.director.next_utterance(now, self.wall_at(now))
        fallbacks = self.director.writer.stats.fallbacks
        if fallbacks > self._fallbacks:
            self.audit.event("fallback", self.stream_now(), what="writer",
                             detail="model drafts failed the guard or the slots; reviewed copy was used instead",
                             count=fallbacks - self._fallbacks)
            self._fallbacks = fallbacks
        if said is None:
            self.finished.set()
        return said

    def _next_line(self) -> None:
        ahead = self.stream_now() + self.speech.seconds_waiting  # when the next line would be heard
        if ahead < self._quiet_until:
            time.sleep(0.02)
            return
        said = self._ask(ahead)
        if said is None:
            return
        if said.kind == "pause" or not said.text:
            # nothing to say at that moment: ask again once the show reaches it plus a pause;
            # meanwhile the queue runs dry and the host idles. Queuing silence instead would
            # push the next segment's first words back by up to the whole lookahead.
            self._quiet_until = ahead + PAUSE_S
            return
        self.voicer.say(said, urgent=False, stopping=self._stopping)

    def _closing(self) -> None:
        now = self.stream_now()
        at = self.wall_at(now)
        writer, persona, catalog = self.director.writer, self.director.persona, self.director.catalog
        lines = closing_lines(self.director.lang)
        for text in [persona_fill(t, persona, catalog) for t in lines] + list(persona.disclosure.lines):
            sentence = writer.fixed(text, "template", at, None)
            if sentence is not None:
                self.voicer.say(Said.of("closing", None, sentence), urgent=False, stopping=threading.Event())
                return
        self.audit.event("fallback", now, what="closing", detail="no closing line passed the guard; ending without one")
