"""Viewer comments answered the moment they arrive, beside the producer, on the urgent lane.

Why a thread of its own: the producer spends seconds at a time on one sentence (a model
draft, voicing a long pitch), and an answer that waited for it to next look at the inbox was
late by that much. Here a comment is triaged as it lands; while the host is still speaking,
the answer is written (guarded), its first clause voiced and queued on the urgent lane, and
the normal lane is held meanwhile (`UtteranceQueue.holding`), so the answer plays at the very
next clause boundary, its pieces back to back.

One comment at a time, in arrival order: a comment still waiting after `max_wait` is stale
(the chat has moved on, and answering a backlog in order would only make every answer later
than the one before), and no new comment is taken while `max_queued` seconds of answers
already wait, so a flood of questions cannot fill memory with voiced answers.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..audit import AuditLog
from ..chat import CommentInbox, ReplaySource
from ..chat.inbox import Comment
from ..director.host import Comment as DirectorComment, Director
from ..media import priority
from .speech import Voicer

log = logging.getLogger(__name__)

#: the longest the host pauses (normal lane held) for an answer still being written and voiced
HOLD_LIMIT_S = 4.0
#: how often the comments refused at the inbox (rate limit, full) are audited, as counts
REJECTED_EVERY_S = 5.0
#: an answer's latency is measured when it plays; one not played this long after its comment
#: was accepted never will be (cleared at the end of a show): forget it
FORGET_AFTER_S = 120.0


@dataclass
class AnswerStats:
    """Per-comment wall times, kept only until the answer plays (the show pops them)."""

    comments: int = 0
    answered: dict[str, float] = field(default_factory=dict)  # comment id -> wall time it was accepted
    #: comment id -> wall time its answer's first audio was queued (the rest of the wait is the
    #: clause being spoken finishing)
    ready: dict[str, float] = field(default_factory=dict)

    def forget_older(self, than: float) -> None:
        # list() copies in one step: the playout thread pops answered comments meanwhile
        for cid in [c for c, t in list(self.answered.items()) if t < than]:
            self.answered.pop(cid, None)
            self.ready.pop(cid, None)


class AnswerDesk:
    def __init__(self, director: Director, voicer: Voicer, audit: AuditLog, stream_now: Callable[[], float],
                 wall_at: Callable[[float], dt.datetime], inbox: CommentInbox, replay: ReplaySource | None = None,
                 max_wait: float = 20.0, max_queued: float = 8.0):
        self.director, self.voicer, self.speech = director, voicer, voicer.speech
        self.audit, self.stream_now, self.wall_at = audit, stream_now, wall_at
        self.inbox, self.replay, self.max_wait, self.max_queued = inbox, replay, max_wait, max_queued
        self.stats = AnswerStats()
        self.blocked_users: set[str] = set()  # an operator's blocks: their comments are dropped unanswered
        #: told of every comment taken: (comment, intent or None, why it was dropped or None)
        self.on_triage: Callable[[Comment, str | None, str | None], None] | None = None
        self._replay_rejected = 0
        self._rejected_audited: Counter[str] = Counter()
        self._rejected_at = time.monotonic()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="answer-desk", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Take no more comments; an answer being voiced is finished (join to wait for it)."""
        self._stopping.set()

    def join(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        priority.background()
        while not self._stopping.is_set():
            try:
                self._deliver_replay()
                if time.monotonic() - self._rejected_at >= REJECTED_EVERY_S:
                    self._audit_rejected()
                if self.speech.urgent_seconds > self.max_queued:
                    time.sleep(0.05)
                    continue
                comment = self.inbox.get(timeout=0.05)
                if comment is not None:
                    self._take(comment)
            except Exception as err:  # one bad comment must never end the show
                log.exception("answering failed")
                self.audit.event("fallback", self.stream_now(), what="answer", error=f"{type(err).__name__}: {err}")
                time.sleep(0.2)
        self._audit_rejected(final=True)

    def _audit_rejected(self, final: bool = False) -> None:
        """The comments refused since the last count (and, at the end, those never taken), so
        every comment a viewer sent is on record: answered, dropped with its reason, or counted here."""
        self._rejected_at = time.monotonic()
        total = Counter(self.inbox.rejected)
        new = total - self._rejected_audited
        if new or final:
            extra = {"left_waiting": len(self.inbox)} if final else {}
            self.audit.event("comments_rejected", self.stream_now(), counts=dict(new), total=dict(total), **extra)
            self._rejected_audited = total

    def _deliver_replay(self) -> None:
        if self.replay is None:
            return
        self.replay.deliver_until(self.stream_now(), self.inbox)
        for line, reason in self.replay.rejected[self._replay_rejected:]:
            self.audit.event("comment_rejected", self.stream_now(), user=line.user, text=line.text, reason=reason)
        self._replay_rejected = len(self.replay.rejected)

    def _dropped(self, c: Comment, reason: str) -> None:
        if self.on_triage is not None:
            self.on_triage(c, None, reason)
        self.audit.event("comment_dropped", self.stream_now(), comment_id=c.id, user=c.user, text=c.text, reason=reason)

    def _take(self, c: Comment) -> None:
        self.stats.comments += 1
        if time.time() - c.received_at > self.max_wait:
            self._dropped(c, f"stale: waited over {self.max_wait:g} s behind other answers")
            return
        if c.user in self.blocked_users:
            self._dropped(c, "blocked: the operator blocked this user")
            return
        comment = DirectorComment(c.id, c.user, c.text)
        try:
            triage, dropped = self.director.triage(comment)
        except Exception as err:  # a comment that breaks triage is dropped, never the show
            log.exception("comment %s could not be triaged", c.id)
            self._dropped(c, f"error: {type(err).__name__}")
            return
        if dropped is not None:
            self._dropped(c, dropped)
            return
        self.audit.event("comment_taken", self.stream_now(), comment_id=c.id, user=c.user, text=c.text, intent=triage.intent)
        if self.on_triage is not None:
            self.on_triage(c, triage.intent, None)
        if triage.intent == "prompt_injection":  # answered, but the order in it is declined: on record
            self.audit.event("comment_declined", self.stream_now(), comment_id=c.id, user=c.user, text=c.text,
                             reason=triage.reason)
        self.stats.forget_older(time.time() - FORGET_AFTER_S)
        self.stats.answered[c.id] = c.received_at
        voiced = withdrawn = False
        with self.speech.holding(HOLD_LIMIT_S):
            now = self.stream_now()
            for said in self.director.reply(comment, triage, now, self.wall_at(now)):
                if self.inbox.is_withdrawn(c.id):  # the platform deleted it while the answer was written
                    self._dropped(c, "withdrawn: deleted on the platform")
                    withdrawn = True
                    break
                voiced = self.voicer.say(said, urgent=True, stopping=self._stopping,
                                         first_queued=lambda: self.stats.ready.setdefault(c.id, time.time())) or voiced
        if not voiced:  # declined, nothing fresh to say, or the voice failed: no latency to measure
            if not withdrawn and triage.intent != "prompt_injection":  # a declined order is on record already
                self._dropped(c, "no answer: nothing fresh to say (or the voice failed)")
            self.stats.answered.pop(c.id, None)
            self.stats.ready.pop(c.id, None)
