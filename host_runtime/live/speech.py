"""The producer: director -> guarded sentence -> voice -> queued speech, a few seconds ahead of
the playhead, on its own thread.

Why a thread and a lookahead: the writer and the voice take a variable time per sentence
(template: milliseconds; model draft: seconds), while the picture needs a frame every 33 ms.
Keeping `lookahead` seconds of finished speech queued hides that variance; when the producer
is late anyway the queue runs dry and playout idles (blinks, silence), it never stalls.

Viewer comments are read here, between sentences: the director triages them (steering and
abuse are dropped and audited), and an answer goes into the queue's urgent lane so it plays
at the next sentence boundary rather than after the seconds of pitch already queued.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from ..audit import AuditLog
from ..avatar import Scene
from ..chat import CommentInbox, ReplaySource
from ..director.host import PAUSE_S, Comment as DirectorComment, Director, Utterance as Said, _persona_fill
from ..media.playout import Utterance, UtteranceQueue
from ..voice import Speech, VoiceEngine

log = logging.getLogger(__name__)

CLOSING_FILE = Path(__file__).with_name("closing.yaml")
#: silence after each sentence, as `Speech.sequence` leaves in a preview
SENTENCE_GAP_S = 0.3


@functools.cache
def closing_lines() -> tuple[str, ...]:
    """Sign-off copy (policy as data, reviewed like every template; still guarded when said)."""
    return tuple(yaml.safe_load(CLOSING_FILE.read_text(encoding="utf-8"))["closing"])


@dataclass
class Line:
    """What travels with each piece of queued speech to the renderer and the audit log."""

    said: Said  # the director's sentence: kind, sku, text, verdict, violations, sources, comment ids
    scene: Scene  # mouth and captions for this piece, on its own timeline from 0
    first: bool = True  # the audit records a director sentence once, when its first piece starts


@dataclass
class ProducerStats:
    comments: int = 0
    answered: dict[str, float] = field(default_factory=dict)  # comment id -> wall time it was accepted
    #: comment id -> wall time its answer's first audio was queued (the rest of the wait is
    #: the sentence being spoken finishing: answers take the next sentence boundary)
    ready: dict[str, float] = field(default_factory=dict)


class SpeechProducer:
    """Keeps the utterance queue `lookahead` seconds ahead; see the module docstring."""

    def __init__(self, director: Director, engine: VoiceEngine, speech: UtteranceQueue, scenes: Callable[[Speech, str | None], Scene],
                 audit: AuditLog, stream_now: Callable[[], float], wall_at: Callable[[float], dt.datetime],
                 inbox: CommentInbox, replay: ReplaySource | None = None, lookahead: float = 6.0,
                 max_wait: float = 20.0):
        self.director, self.engine, self.speech, self.scenes = director, engine, speech, scenes
        self.audit, self.stream_now, self.wall_at = audit, stream_now, wall_at
        self.inbox, self.replay, self.lookahead = inbox, replay, lookahead
        self.stats = ProducerStats()
        self.finished = threading.Event()  # the rundown is over (non-looping) and was said
        self.closed = threading.Event()  # the closing line is queued (or could not be), nothing more comes
        self._stopping = threading.Event()
        self._owed: set[str] = set()  # the accepted comment whose answer is not queued yet
        self.max_wait = max_wait
        self._quiet_until = 0.0  # stream time before which the director said it has nothing to add
        self._fallbacks = director.writer.stats.fallbacks
        self._replay_rejected = 0
        self._thread = threading.Thread(target=self._run, name="speech-producer", daemon=True)

    @property
    def quiet(self) -> bool:
        """The director has nothing to say until a later moment: the host idles on purpose."""
        return self.stream_now() + self.speech.seconds_waiting < self._quiet_until

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop writing; drop queued lines not yet started (answers excepted); queue one guarded
        closing line."""
        self._stopping.set()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    # -- the loop ---------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._take_comments()
                if self._owed:
                    self._answer()
                elif not self.finished.is_set() and self.speech.seconds_waiting < self.lookahead:
                    self._next_line()
                else:
                    time.sleep(0.02)
            except Exception as err:  # one bad sentence or comment must never end the show
                log.exception("producer step failed")
                self.audit.event("fallback", self.stream_now(), what="producer", error=f"{type(err).__name__}: {err}")
                time.sleep(0.2)
        self.speech.clear(keep_urgent=True)  # answers already voiced are still said, then the sign-off
        try:
            self._closing()
        finally:
            self.closed.set()

    def _take_comments(self) -> None:
        if self.replay is not None:
            self.replay.deliver_until(self.stream_now(), self.inbox)
            for line, reason in self.replay.rejected[self._replay_rejected:]:
                self.audit.event("comment_rejected", self.stream_now(), user=line.user, text=line.text, reason=reason)
            self._replay_rejected = len(self.replay.rejected)
        # one comment at a time goes to the director, and only once the last one's answer is
        # queued (the bounded inbox holds the rest): a comment still waiting after `max_wait` is
        # stale, the chat has moved on, and answering a backlog in order would only make every
        # answer later than the one before
        while not self._owed and (c := self.inbox.get()) is not None:
            self.stats.comments += 1
            if time.time() - c.received_at > self.max_wait:
                self.audit.event("comment_dropped", self.stream_now(), comment_id=c.id, user=c.user, text=c.text,
                                 reason=f"stale: waited over {self.max_wait:g} s behind other answers")
                continue
            before = len(self.director.dropped)
            try:
                self.director.add_comment(DirectorComment(c.id, c.user, c.text))
            except Exception as err:  # a comment that breaks triage is dropped, never the show
                log.exception("comment %s could not be triaged", c.id)
                self.audit.event("comment_dropped", self.stream_now(), comment_id=c.id, user=c.user, text=c.text,
                                 reason=f"error: {type(err).__name__}")
                continue
            if len(self.director.dropped) > before:
                for dropped, why in self.director.dropped[before:]:
                    self.audit.event("comment_dropped", self.stream_now(), comment_id=dropped.id, user=dropped.user,
                                     text=dropped.text, reason=why)
            else:
                self._owed.add(c.id)
                self.stats.answered[c.id] = c.received_at

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
        self._say(said, urgent=False)

    def _answer(self) -> None:
        """Answers (and a disclosure the director puts first) go to the urgent lane; the first
        other sentence the director gives back ends the burst and joins the normal lane."""
        for _ in range(12):
            said = self._ask(self.stream_now())
            if said is None:
                break
            if said.kind in ("answer", "disclosure"):
                self._say(said, urgent=True)
                self._owed.difference_update(said.comment_ids)
                continue
            if said.kind != "pause" and said.text:
                self._say(said, urgent=False)
            break
        for c in self._owed:  # got no reply (declined, or nothing fresh to say)
            self.stats.answered.pop(c, None)
        self._owed.clear()

    def _say(self, said: Said, urgent: bool) -> None:
        """Voice a sentence piece by piece, each queued as soon as it is ready; answers come
        in clause pieces so their first words play sooner."""
        first = True
        try:
            for voiced in self.engine.stream(said.text, clauses=urgent):
                if not voiced.pcm.size:
                    continue
                scene = self.scenes(Speech.sequence([voiced], voiced.sample_rate, lead=0.0, gap=0.0, tail=0.0), said.sku)
                pcm = voiced.pcm
                if voiced.ends_sentence:  # the breath between sentences, as in a preview
                    pcm = np.concatenate([pcm, np.zeros(int(SENTENCE_GAP_S * voiced.sample_rate), np.int16)])
                self._put(Utterance(pcm, voiced.sample_rate, Line(said, scene, first=first)), urgent)
                if first:
                    for c in said.comment_ids:
                        self.stats.ready.setdefault(c, time.time())
                first = False
        except Exception as err:
            log.exception("voice failed on %r", said.text)
            self.audit.event("fallback", self.stream_now(), what="voice", text=said.text, error=f"{type(err).__name__}: {err}")
            return

    def _put(self, utterance: Utterance, urgent: bool = False) -> None:
        while not self.speech.put(utterance, timeout=0.25, urgent=urgent):
            if self._stopping.is_set():
                return

    def _closing(self) -> None:
        now = self.stream_now()
        at = self.wall_at(now)
        writer, persona, catalog = self.director.writer, self.director.persona, self.director.catalog
        for text in [_persona_fill(t, persona, catalog) for t in closing_lines()] + list(persona.disclosure.lines):
            sentence = writer.fixed(text, "template", at, None)
            if sentence is not None:
                self._say(Said.of("closing", None, sentence), urgent=True)
                return
        self.audit.event("fallback", now, what="closing", detail="no closing line passed the guard; ending without one")
