"""The persona manager: decides what the host says next, and why it is true.

It walks the rundown, keeps the AI-disclosure cadence, answers comments at the next sentence
boundary, and never repeats itself within ten minutes. It is pull-based, so both the
faster-than-real-time rehearsal and a live loop (which asks when the voice queue runs low)
drive it the same way: ``add_comment`` whenever a comment arrives, ``next_utterance`` when the
next sentence is needed.

A live show answers on a second thread the moment a comment arrives (``triage`` then
``reply``), while its producer keeps pulling ``next_utterance``: the two share only the
memory of what was said (locked) and the disclosure clock, so an answer never waits for a
slow model draft of the pitch.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

from ..models import Catalog, Persona, Rundown
from ..writer.beats import Beat, first_hook, kind_beat, pitch_beats, pitch_language, templates
from ..writer.book import ApprovedLines
from ..writer.facts import FactSheet
from ..writer.guarded import GuardedWriter, Sentence
from .answers import DROPPED_INTENTS, Answerer
from .answers.languages import localized
from .memory import RecentSentences
from .plan import PlannedSegment, one_pass, segments

if TYPE_CHECKING:
    from ..guardrails import Triage

log = logging.getLogger(__name__)

#: disclose this long before the interval runs out: the sentence is spoken a little after it is chosen
DISCLOSURE_MARGIN_S = 30.0
#: a catchphrase follows the hook of every this-many pitches
CATCHPHRASE_EVERY = 3
PAUSE_S = 2.0
#: comments dropped by triage kept for a rehearsal's report; a show running for days forgets older ones
DROPPED_KEPT = 1000


@dataclass(frozen=True)
class Comment:
    id: str
    user: str
    text: str


@dataclass
class Utterance:
    kind: str  # disclosure | opening | pitch | qa | recap | answer | catchphrase | pause
    sku: str | None
    text: str
    verdict: str = "allow"
    violations: list[dict[str, Any]] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # catalog facts behind the sentence
    comment_ids: list[str] = field(default_factory=list)
    source: str = "template"  # llm | template | claim | book | disclosure
    tries: int = 0
    beat: str = ""  # the pitch beat it says (hook, offer, cta...), for reports

    @classmethod
    def of(cls, kind: str, sku: str | None, s: Sentence, comment_ids: list[str] | None = None,
           beat: str = "") -> "Utterance":
        return cls(kind, sku, s.text, s.verdict, s.violations, [f.source for f in s.facts], comment_ids or [],
                   s.source, s.tries, beat)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "sku": self.sku, "text": self.text, "verdict": self.verdict,
                "violations": self.violations, "sources": self.sources, "comment_ids": self.comment_ids,
                "source": self.source, "beat": self.beat}


class Director:
    def __init__(self, persona: Persona, catalog: Catalog, rundown: Rundown, writer: GuardedWriter,
                 jurisdictions: list[str], llm_share: float = 0.1, book: ApprovedLines | None = None):
        self.persona, self.catalog, self.writer, self.jurisdictions = persona, catalog, writer, jurisdictions
        #: the language the host pitches in: its reviewed templates; the model drafts English only
        self.lang = pitch_language(persona)
        self.llm_share = llm_share if self.lang == "en" else 0.0
        self.rundown = rundown
        self.book = book or ApprovedLines()  # a script book's approved lines replace stock templates
        self.answerer = Answerer(catalog, persona, writer, jurisdictions)
        self.memory = RecentSentences()
        self.disclosure_interval_s = 60 * min(persona.disclosure.interval_minutes,
                                              writer.guard.disclosure_interval_minutes)
        #: comments never passed on, and why (the latest DROPPED_KEPT; the audit log has them all)
        self.dropped: deque[tuple[Comment, str]] = deque(maxlen=DROPPED_KEPT)
        self.rundown = rundown
        self._plan: Iterator[PlannedSegment] = segments(rundown, catalog)
        self._segment: PlannedSegment | None = None
        self._segment_end = 0.0
        self._queue: deque[Beat] = deque()
        self._leftover: dict[str, list[Beat]] = {}  # pitch beats not said in time, for the Q&A window
        self._pending: deque[tuple[Comment, Triage]] = deque()
        self._outbox: deque[Utterance] = deque()
        self._last_disclosure: float | None = None
        self._disclosure_index = 0
        self._pitches = 0
        self._llm_credit = 0.0
        self._catchphrase_at = 0  # the pitch whose catchphrase was said
        self._hooked_at = 0  # the pitch whose hook was said
        self.finished = False

    def resume(self, segment: str | None, sku: str | None, said: list[tuple[str, float]],
               disclosed_ago: float | None, disclosures: int) -> None:
        """Continue a show that stopped (live/resume.py reads these from its audit log): start
        at the rundown segment it was in (from its beginning: beats already said are not said
        again, they are remembered), remember each line said ``ago`` seconds before, and keep
        the disclosure clock. Call before the first ``next_utterance``."""
        plan = one_pass(self.rundown, self.catalog)
        at = next((i for i, seg in enumerate(plan)
                   if seg.kind == segment and (seg.sku == sku or seg.kind in ("opening", "recap"))), 0)
        self._plan = itertools.islice(segments(self.rundown, self.catalog), at, None)
        self._pitches = sum(seg.kind == "pitch" for seg in plan[:at])
        for text, ago in said:
            self.memory.remember(text, -ago)
        self._last_disclosure = None if disclosed_ago is None else -disclosed_ago
        self._disclosure_index = disclosures

    # -- input ------------------------------------------------------------------------------
    def add_comment(self, comment: Comment) -> None:
        """Queue a comment for the next ``next_utterance``; abuse and spam are dropped here
        (an injected order is declined by the answer, its real question answered)."""
        triage, dropped = self.triage(comment)
        if dropped is not None:
            return
        if triage.intent == "ai_identity_question":
            self._pending.appendleft((comment, triage))  # the truth about being an AI cannot wait
        else:
            self._pending.append((comment, triage))

    def triage(self, comment: Comment) -> tuple[Triage, str | None]:
        """The comment's triage and, when it is dropped, why: abuse and spam are recorded in
        ``dropped`` and get no answer, save the real question an abusive comment also asks, which is
        answered on its own (the abuse named in its reason). A comment that tries to steer the host is not dropped: the
        answer declines the order in one line and answers the question beside it, if any; the
        order itself never reaches the writer as an instruction."""
        triage = self.writer.guard.triage(comment.text)
        if triage.intent == "abuse":  # "stupid bot, how many watts?": the question is answered, the insult never
            triage = self.answerer.carried_question(triage, self._sku) or triage
        if triage.intent not in DROPPED_INTENTS:
            return triage, None
        why = f"{triage.intent}: {triage.reason}"
        self.dropped.append((comment, why))
        log.info("dropped comment %s (%s)", comment.id, triage.intent)
        return triage, why

    def reply(self, comment: Comment, triage: Triage, now: float, at: dt.datetime) -> list[Utterance]:
        """The answer to one triaged comment, now (a live show's answer thread calls this as a
        comment arrives, beside the producer's ``next_utterance``). Every sentence is guarded,
        fresh and remembered as said at ``now``; empty when nothing fresh can be said."""
        out = []
        for u in self._reply(comment, triage, now, at):
            if self.memory.fresh(u.text, now):
                self._said(u, now)
                out.append(u)
        return out

    def _reply(self, comment: Comment, triage: Triage, now: float, at: dt.datetime) -> list[Utterance]:
        reply = self.answerer.reply(comment.text, at, user=comment.user, current_sku=self._sku, triage=triage,
                                    fresh=self._fresh(now))
        last = len(reply.sentences) - 1  # the 'I don't know that' line comes last: its beat says so, for reports
        return [Utterance.of("answer", reply.sku, s, [comment.id], beat="unknown" if reply.unknown and i == last else "")
                for i, s in enumerate(reply.sentences)]

    # -- an operator's steering (a live show calls these on its producer's thread) ----------------
    def skip(self, now: float) -> None:
        """End the current segment now: the next sentence opens the one after it."""
        self._segment_end = now

    def jump(self, sku: str, now: float) -> None:
        """Go to `sku`'s pitch now; the rundown carries on from there (and loops as before).
        A KeyError when the rundown never pitches it."""
        plan = one_pass(self.rundown, self.catalog)
        at = next((i for i, seg in enumerate(plan) if seg.kind == "pitch" and seg.sku == sku), None)
        if at is None:
            raise KeyError(f"the rundown has no pitch for {sku}")
        rest = segments(self.rundown, self.catalog) if self.rundown.loop else iter(())
        self._plan = itertools.chain(plan[at:], rest)
        self._segment_end = now

    def wrap_up(self, now: float, seconds: float) -> None:
        """The planned end is near: a recap of the products for `seconds`, then the rundown is over."""
        self._plan = iter([PlannedSegment("recap", seconds)])
        self._segment_end = now

    # -- output -----------------------------------------------------------------------------
    def next_utterance(self, now: float, at: dt.datetime) -> Utterance | None:
        """The next sentence at stream time ``now`` (seconds) and wall time ``at``; None once a
        non-looping rundown is over."""
        self._advance(now, at)
        if self.finished:
            return None
        utterance = self._disclosure_due(now, at) or self._answer(now, at) or self._segment_line(now, at)
        if utterance is None and self._segment is not None and self._segment.kind != "qa":
            # nothing fresh left in this segment: move on rather than idle out its time (a Q&A
            # window idles on purpose, waiting for comments)
            self._segment_end = now
            self._advance(now, at)
            if self.finished:
                return None
            utterance = self._segment_line(now, at)
        if utterance is None:
            return Utterance("pause", self._sku, "")
        self._said(utterance, now)
        return utterance

    def _said(self, utterance: Utterance, now: float) -> None:
        self.memory.remember(utterance.text, now)
        if utterance.source == "disclosure":
            self._last_disclosure = now

    @property
    def _sku(self) -> str | None:
        return self._segment.sku if self._segment else None

    def _fresh(self, now: float) -> Any:
        return lambda text: self.memory.fresh(text, now)

    def _advance(self, now: float, at: dt.datetime) -> None:
        while self._segment is None or now >= self._segment_end:
            if self._segment and self._segment.kind == "pitch" and self._segment.sku:
                self._leftover[self._segment.sku] = list(self._queue)
            seg = next(self._plan, None)
            if seg is None:
                self.finished = True
                return
            after = self._segment.kind if self._segment else None
            self._segment, self._segment_end = seg, now + seg.seconds
            self._queue = deque(self._beats(seg, at, after))

    def _beats(self, seg: PlannedSegment, at: dt.datetime, after: str | None) -> list[Beat]:
        if seg.kind == "pitch" and seg.sku:
            self._pitches += 1
            sheet = self._sheet(seg.sku, at)
            beats = self.book.beats(pitch_beats(sheet, self._round), sheet)
            # the first product after the welcome or a recap: no "Moving on" from a product before it
            return beats if after in ("pitch", "qa") else [first_hook(b, self.lang) if b.kind == "hook" else b
                                                          for b in beats]
        if seg.kind == "qa" and seg.sku:
            # one hand-off to the chat, then what the pitch had no time for; then the window waits
            # for comments rather than asking again and again
            return [kind_beat("qa_prompt", self.lang), *self._leftover.pop(seg.sku, [])]
        if seg.kind == "opening":  # one welcome (a looping show's later ones greet those who just joined),
            # one line on how the show works, then the first product: nobody waits through a speech
            return [kind_beat("opening_again" if self._pitches else "opening", self.lang),
                    kind_beat("opening_invite", self.lang)]
        return []

    @property
    def _round(self) -> int:
        """How many times round the products the show has been (0 the first time)."""
        return max(0, self._pitches - 1) // max(1, len(self.catalog.products))

    def _sheet(self, sku: str, at: dt.datetime) -> FactSheet:
        return localized(FactSheet(self.catalog, self.catalog.product(sku), at, self.jurisdictions, self.lang), self.lang)

    def _disclosure_due(self, now: float, at: dt.datetime) -> Utterance | None:
        due = self._last_disclosure is None or now - self._last_disclosure >= self.disclosure_interval_s - DISCLOSURE_MARGIN_S
        if not due:
            return None
        lines = self.persona.disclosure.lines
        identity = [persona_fill(t, self.persona, self.catalog) for t in templates(self.lang)["identity"]]
        for i in range(len(lines)):
            text = lines[(self._disclosure_index + i) % len(lines)]
            s = self.writer.fixed(text, "disclosure", at, self._sku, fresh=self._fresh(now))
            if s:
                self._disclosure_index += i + 1
                return Utterance.of("disclosure", self._sku, s)
        for text in identity:
            s = self.writer.fixed(text, "disclosure", at, self._sku, fresh=self._fresh(now))
            if s:
                return Utterance.of("disclosure", self._sku, s)
        return None

    def _answer(self, now: float, at: dt.datetime) -> Utterance | None:
        while not self._outbox and self._pending:
            comment, triage = self._pending.popleft()
            self._outbox.extend(self._reply(comment, triage, now, at))
        if not self._outbox:
            return None
        u = self._outbox.popleft()
        # queued behind another sentence of the same reply: must still be new at this moment
        return u if self.memory.fresh(u.text, now) else self._answer(now, at)

    def _segment_line(self, now: float, at: dt.datetime) -> Utterance | None:
        seg = self._segment
        assert seg is not None
        kind, sku = seg.kind, seg.sku
        if kind == "pitch" and sku and self._catchphrase_due():
            self._catchphrase_at = self._pitches
            s = self._catchphrase(now, at)
            if s:
                return Utterance.of("catchphrase", sku, s)
        while self._queue:
            beat = self._queue.popleft()
            s = self._say(beat, sku, now, at)
            if s:
                if beat.kind == "hook":
                    self._hooked_at = self._pitches
                return Utterance.of(kind, sku, s, beat=beat.kind)
        for filler, about in self._fillers(kind, sku):
            s = self._say(filler, about, now, at)
            if s:
                return Utterance.of(kind, about, s, beat=filler.kind)
        return None

    def _fillers(self, kind: str, sku: str | None) -> list[tuple[Beat, str | None]]:
        """What to say when the segment's own beats are used up, in order of preference."""
        if kind == "recap":
            item = kind_beat("recap_item", self.lang)
            return [(kind_beat("recap", self.lang), None), *[(item, p.sku) for p in self.catalog.products]]
        return []  # an opening or a pitch with nothing fresh left ends early; a Q&A window waits for comments

    def _say(self, beat: Beat, sku: str | None, now: float, at: dt.datetime) -> Sentence | None:
        """A segment's line: neither it nor a passage of it said in the last ten minutes (a
        beat whose every line would repeat one is left out)."""
        unheard = lambda text: self.memory.unheard(text, now)  # noqa: E731
        sheet = self._sheet(sku, at) if sku else None
        if sheet is None:
            lines = tuple(persona_fill(t, self.persona, self.catalog) for t in beat.templates)
            for line in lines:
                if unheard(line) and "{" not in line:
                    s = self.writer.fixed(line, "template", at, None, fresh=unheard)
                    if s:
                        return s
            return None
        return self.writer.say(sheet, beat, at, use_llm=self._use_llm(beat), fresh=unheard)

    def _use_llm(self, beat: Beat) -> bool:
        if not beat.brief or self.writer.llm is None or not self.llm_share:
            return False
        self._llm_credit += self.llm_share
        if self._llm_credit >= 1:
            self._llm_credit -= 1
            return True
        return False

    def _catchphrase_due(self) -> bool:
        """Right after the hook of every third pitch ("Next up: the AeroPress Go. Let's take a
        look!"): said before the hook, it made two introductions in a row."""
        return bool(self.persona.catchphrases) and self._pitches % CATCHPHRASE_EVERY == 1 \
            and self._hooked_at == self._pitches != self._catchphrase_at

    def _catchphrase(self, now: float, at: dt.datetime) -> Sentence | None:
        phrases = self.persona.catchphrases
        for i in range(len(phrases)):
            s = self.writer.fixed(phrases[(self._pitches + i) % len(phrases)], "template", at, self._sku,
                                  fresh=self._fresh(now))
            if s:
                return s
        return None


def persona_fill(line: str, persona: Persona, catalog: Catalog) -> str:
    """Reviewed copy with the persona's and the store's names put in: ``{display_name}``,
    ``{operator}`` and ``{store}`` are the only slots that need no catalog facts, so a line
    filled here can be guarded and said anywhere (identity lines, segment fillers, the live
    show's sign-off)."""
    for key, value in {"display_name": persona.display_name, "operator": persona.operator.organisation,
                       "store": catalog.store or "our store"}.items():
        line = line.replace("{" + key + "}", value)
    return line
