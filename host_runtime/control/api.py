"""One control API for a running show, under every front end (the CLI, the console).

Why here and not in live/: the show runs the media clock and its stages; what a person may do to
it (pause, take over, approve each line, say a line, skip, end) is policy over those stages, and
two front ends must not each grow their own copy of it. The show offers a few hooks (`on_ready`,
the voicer's `gate`, the audit log's listeners, the producer's `call_soon`); `ShowControl`
attaches to them and nothing in live/ knows a person is watching.

How the pieces act on the show:

* pause and takeover hold the queue's normal lane (`UtteranceQueue.paused`) at the next piece
  boundary, so the host stops within about a second; a pause says a guarded holding line first,
  on the urgent lane, which still plays. Automatic answers wait at the gate meanwhile; only the
  operator's typed lines go out. Resume and hand back release the lane where it stopped.
* the gate sees every sentence before it is voiced: in `approve` mode nothing passes until the
  operator approves it; with a hold of N s each line waits N s, visible, cancellable.
* every operator action goes to the audit log as an `operator` event naming who did what.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..director.host import Utterance as Said, persona_fill
from ..live.speech import Line
from ..media import priority
from ..models import UserError
from .events import EventBus
from .lifecycle import Check, WarmUp

if TYPE_CHECKING:
    from ..chat.inbox import Comment
    from ..live.show import Show, ShowResult

log = logging.getLogger(__name__)

MODES = ("unattended", "on_duty", "approve")
#: lines that never wait for approval: the operator typed them, or the show must say them to stop
OWN_KINDS = ("operator", "holding", "closing", "warmup")
LINES_FILE = Path(__file__).with_name("lines.yaml")
#: alert when the host has said nothing this long while live (not paused, not taken over)
SILENCE_ALERT_S = 20.0
#: alert when this many fallbacks (a model or voice failing) come within FAILURE_WINDOW_S
FAILURES_ALERT = 3
FAILURE_WINDOW_S = 60.0
COMMENTS_KEPT = 500


@functools.cache
def holding_lines() -> tuple[str, ...]:
    """What the host says when paused (policy as data, still guarded when said)."""
    return tuple(yaml.safe_load(LINES_FILE.read_text(encoding="utf-8"))["holding"])


@dataclass
class QueuedLine:
    """A sentence the operator can see before it is heard: pending at the gate, or voiced and queued."""

    id: int
    said: Said
    urgent: bool
    since: float  # wall time it reached the gate
    release_at: float | None = None  # a hold's end (None: released at once, or in approve mode by hand)
    decision: bool | None = None  # True approved, False cancelled, None undecided
    passed: bool = False  # through the gate: voiced onto the queue (or being voiced)

    def to_json(self) -> dict[str, Any]:
        s = self.said
        return {"id": self.id, "kind": s.kind, "sku": s.sku, "text": s.text, "verdict": s.verdict,
                "violations": s.violations, "sources": s.sources, "comment_ids": s.comment_ids,
                "urgent": self.urgent, "pending": not self.passed,
                "release_in_s": round(max(0.0, self.release_at - time.time()), 1) if self.release_at else None}


@dataclass
class Health:
    """What the console shows per destination (and what the report keeps)."""

    state: str = "connecting"  # connecting | connected | reconnecting
    since: float = field(default_factory=time.time)
    reconnects: int = 0
    detail: str = ""


class ShowControl:
    """Steer one `Show`: construct before `run`, then call the actions from any thread."""

    def __init__(self, show: Show, mode: str = "unattended", hold_s: float = 0.0,
                 silence_alert_s: float = SILENCE_ALERT_S, warmup_s: float = 0.0, wrap_at: float | None = None,
                 wrapup_s: float = 0.0, files: dict[str, str] | None = None):
        """`warmup_s`: stream seconds of the warm-up scene before the show proper (a scheduled
        start); `wrap_at`: the stream time the wrap-up recap of `wrapup_s` begins (None: none)."""
        if mode not in MODES:
            raise UserError(f"supervision mode must be one of {', '.join(MODES)}, not {mode!r}")
        self.show, self.mode, self.hold_s, self.silence_alert_s = show, mode, hold_s, silence_alert_s
        self.events = EventBus()
        self.state = "starting"  # starting | live | paused | takeover | ending | ended
        self.operators: dict[str, int] = {}  # who is connected (a console's event stream), how many times
        self.comments: deque[dict[str, Any]] = deque(maxlen=COMMENTS_KEPT)
        self.health: dict[str, Health] = {}
        self.metrics: deque[dict[str, Any]] = deque(maxlen=600)  # one a second: the last ten minutes
        self.counts = {"allow": 0, "rewrite": 0, "block": 0, "comments": 0, "answered": 0, "dropped": 0}
        self._lines: dict[int, QueuedLine] = {}
        self._next_id = 1
        self._gate_lock = threading.Condition()
        self._failures: deque[float] = deque()
        self._comment_times: deque[float] = deque()
        self._last_speech = time.monotonic()
        self._alerted: set[str] = set()
        self._done = threading.Event()
        self.warmup_s, self.wrap_at, self.wrapup_s = warmup_s, wrap_at, wrapup_s
        self.files = files or {}  # the show's files by role (persona, catalog...), audited at the start
        self.checklist: list[Check] = []  # the pre-show checklist's results, audited when the show starts
        self._monitor = threading.Thread(target=self._watch, name="control-monitor", daemon=True)
        show.on_ready.append(self._attach)

    # -- wiring -----------------------------------------------------------------------------
    def _attach(self, show: Show) -> None:
        assert show.audit is not None and show.voicer is not None and show.desk is not None
        show.audit.listeners.append(self._on_record)
        show.voicer.gate = self._gate
        show.desk.on_triage = self._on_triage
        show.writer.on_blocked = self._on_blocked
        self.health = {"recording": Health("connected")} | {i.name: Health() for i in show.settings.ingests}
        if self.files:
            show.audit.event("files", 0.0, **self.files)
        if self.checklist:
            show.audit.event("checklist", 0.0, checks=[{"item": c.item, "ok": c.ok, "detail": c.detail}
                                                       for c in self.checklist])
        if self.warmup_s > 0:
            assert show.speech is not None
            show.speech.paused = True  # the show proper waits for its start; the warm-up scene runs
            show.overlay = WarmUp(show.persona, self.warmup_s)
            self.state = "warmup"
            show.audit.event("warmup", 0.0, until=self.warmup_s)
            self._speak_fixed(list(show.persona.disclosure.lines), "warmup")
        else:
            self.state = "live"
        self._monitor.start()

    def run(self) -> ShowResult:
        """Run the show to its end (on this thread: the media clock's)."""
        try:
            return self.show.run()
        finally:
            self.state = "ended"
            self._done.set()
            with self._gate_lock:
                self._gate_lock.notify_all()
            self.events.publish("state", state="ended", mode=self.mode)

    @property
    def operator_connected(self) -> bool:
        return any(self.operators.values())

    def connect(self, who: str) -> None:
        """An operator's console is watching (its event stream is open)."""
        self.operators[who] = self.operators.get(who, 0) + 1

    def disconnect(self, who: str) -> None:
        self.operators[who] = max(0, self.operators.get(who, 0) - 1)

    # -- the actions (each audited: who, what) -----------------------------------------------
    def _act(self, who: str, action: str, **details: Any) -> None:
        audit = self.show.audit
        if audit is None or self.state in ("starting", "ended"):
            raise UserError(f"{action}: the show is not running")
        audit.event("operator", round(self.show.stream_time, 3), who=who, action=action, **details)

    def pause(self, who: str) -> None:
        """The host stops at the next piece boundary, says a holding line, and idles."""
        self._hold_lane(who, "pause", "paused")
        self._speak_fixed([persona_fill(t, self.show.persona, self.show.catalog) for t in holding_lines()], "holding")

    def resume(self, who: str) -> None:
        self._release_lane(who, "resume", "paused")

    def takeover(self, who: str) -> None:
        """Only the operator's typed lines are spoken until `hand_back`."""
        self._hold_lane(who, "takeover", "takeover")

    def hand_back(self, who: str) -> None:
        self._release_lane(who, "hand_back", "takeover")

    def _hold_lane(self, who: str, action: str, state: str) -> None:
        self._act(who, action)
        assert self.show.speech is not None
        self.show.speech.paused = True
        self._set_state(state)

    def _release_lane(self, who: str, action: str, state: str) -> None:
        if self.state != state:
            raise UserError(f"{action}: the show is not {'taken over' if state == 'takeover' else state}")
        self._act(who, action)
        assert self.show.speech is not None
        self.show.speech.paused = False
        self._last_speech = time.monotonic()
        self._set_state("live")

    def _set_state(self, state: str) -> None:
        self.state = state
        with self._gate_lock:
            self._gate_lock.notify_all()
        self.events.publish("state", state=state, mode=self.mode)

    def mute(self, who: str, muted: bool = True) -> None:
        self._act(who, "mute" if muted else "unmute")
        self.show.muted = muted
        self.events.publish("state", state=self.state, mode=self.mode, muted=muted)

    def set_mode(self, who: str, mode: str, hold_s: float | None = None) -> None:
        if mode not in MODES:
            raise UserError(f"supervision mode must be one of {', '.join(MODES)}, not {mode!r}")
        if hold_s is not None and not 0 <= hold_s <= 60:
            raise UserError(f"hold must be 0-60 s, not {hold_s:g}")
        self._act(who, "mode", mode=mode, hold_s=hold_s)
        self.mode = mode
        if hold_s is not None:
            self.hold_s = hold_s
        self._set_state(self.state)

    def say(self, who: str, text: str, sku: str | None = None) -> dict[str, Any]:
        """Speak a typed line next, guarded like any other. Returns the verdict; a blocked line
        is not spoken and the answer says which rules stopped it."""
        text = " ".join(text.split())
        if not text:
            raise UserError("say: the line is empty")
        show = self.show
        at = self._wall_now()
        sentence = show.writer.fixed(text, "operator", at, sku)
        if sentence is None:
            verdict = show.writer.guard.check(text, at=at, sku=sku)
            violations = list(verdict.to_json().get("violations", []))
            self._act(who, "say", text=text, verdict="block", violations=violations)
            return {"spoken": False, "verdict": "block", "violations": violations,
                    "reason": "; ".join(f"{v.get('rule')}: {v.get('message', '')}".strip() for v in violations)
                    or "said a moment ago: the host does not repeat itself"}
        self._act(who, "say", text=text, verdict=sentence.verdict, spoken=sentence.text)
        said = Said.of("operator", sku, sentence)
        threading.Thread(target=self._voice, args=(said,), name="operator-line", daemon=True).start()
        return {"spoken": True, "verdict": sentence.verdict, "text": sentence.text,
                "violations": sentence.violations}

    def approve(self, who: str, line_id: int) -> None:
        line = self._line(line_id)
        if line.passed:
            raise UserError(f"approve: line {line_id} is already queued")
        self._act(who, "approve", line=line_id, text=line.said.text)
        self._decide(line, True)

    def hold(self, who: str, line_id: int, seconds: float) -> None:
        """Keep a pending line from being voiced for `seconds` more."""
        line = self._line(line_id)
        if line.passed:
            raise UserError(f"hold: line {line_id} is already voiced; cancel it instead")
        self._act(who, "hold", line=line_id, seconds=seconds, text=line.said.text)
        with self._gate_lock:
            line.release_at = time.time() + seconds
            self._gate_lock.notify_all()

    def cancel(self, who: str, line_id: int | None = None) -> int:
        """Drop a line not yet spoken (`None`: the next one). Returns its id."""
        line = self._line(line_id) if line_id is not None else self._next_line()
        if not line.passed:
            self._act(who, "cancel", line=line.id, text=line.said.text)
            self._decide(line, False)
            return line.id
        assert self.show.speech is not None
        waiting = self.show.speech.waiting()
        mine = [u for u in waiting if isinstance(u.payload, Line) and u.payload.said is line.said]
        if not mine or not mine[0].payload.first:
            raise UserError(f"cancel: line {line.id} is already being spoken")
        self._act(who, "cancel", line=line.id, text=line.said.text)
        self.show.speech.drop(lambda u: isinstance(u.payload, Line) and u.payload.said is line.said)
        self._lines.pop(line.id, None)
        self.events.publish("cancelled", id=line.id)
        return line.id

    def skip(self, who: str) -> None:
        """Leave the current segment: the lines queued for it are dropped, the next segment begins."""
        self._act(who, "skip")
        self._steer(lambda director: director.skip(self.show.stream_time))

    def jump(self, who: str, sku: str) -> None:
        """Go to a product's pitch now."""
        if sku not in {p.sku for p in self.show.catalog.products}:
            raise UserError(f"jump: no product {sku!r} in the catalog")
        self._act(who, "jump", sku=sku)
        self._steer(lambda director: director.jump(sku, self.show.stream_time))

    def answer_now(self, who: str, comment_id: str) -> None:
        """Put a viewer's comment (dropped or waiting) to the host again, ahead of what it was saying."""
        found = next((c for c in list(self.comments) if c["id"] == comment_id), None)
        if found is None:
            raise UserError(f"answer: no recent comment {comment_id!r}")
        assert self.show.inbox is not None
        self._act(who, "answer_now", comment_id=comment_id, user=found["user"], text=found["text"])
        self.show.inbox.offer(found["user"], found["text"], "op")

    def block_user(self, who: str, user: str) -> None:
        assert self.show.desk is not None
        self._act(who, "block_user", user=user)
        self.show.desk.blocked_users.add(user)

    def end(self, who: str) -> None:
        """End gracefully: what is being said finishes, then the closing line."""
        self._act(who, "end")
        self._set_state("ending")
        assert self.show.speech is not None
        self.show.speech.paused = False  # the closing line must be heard
        self.show.request_stop("operator")

    def kill(self, who: str) -> None:
        """End now, without the closing line (outputs still closed properly)."""
        self._act(who, "kill")
        self._set_state("ending")
        self.show.abort()

    # -- what the front ends read -------------------------------------------------------------
    def queue(self) -> list[dict[str, Any]]:
        """The next lines, pending at the gate first, then voiced and waiting, in play order."""
        speech = self.show.speech
        waiting = speech.waiting() if speech is not None else []
        order: list[int] = []
        lines = list(self._lines.values())  # one copy: the gate adds lines from other threads meanwhile
        by_said = {id(line.said): line for line in lines}
        for u in waiting:
            if isinstance(u.payload, Line) and u.payload.first and id(u.payload.said) in by_said:
                order.append(by_said[id(u.payload.said)].id)
        pending = [line.id for line in lines if not line.passed]
        return [self._lines[i].to_json() for i in pending + order if i in self._lines]

    def snapshot(self) -> dict[str, Any]:
        """Everything a console page shows when it loads."""
        return {"state": self.state, "mode": self.mode, "hold_s": self.hold_s, "muted": self.show.muted,
                "persona": self.show.persona.display_name, "stream_time": round(self.show.stream_time, 2),
                "products": [{"sku": p.sku, "name": p.name} for p in self.show.catalog.products],
                "queue": self.queue(), "health": self._health_json(), "counts": dict(self.counts),
                "comments": list(self.comments)[-100:], "metrics": list(self.metrics)[-120:]}

    # -- the gate (producer and answer threads) --------------------------------------------------
    def _gate(self, said: Said, urgent: bool) -> bool:
        own = said.kind in OWN_KINDS
        line = QueuedLine(0, said, urgent, time.time())
        with self._gate_lock:
            line.id, self._next_id = self._next_id, self._next_id + 1
            if not own and self.hold_s > 0 and self.mode != "approve":
                line.release_at = line.since + self.hold_s
            self._lines[line.id] = line
            announced = False
            while not own and line.decision is None and not self._done.is_set() and not self.show.stopping:
                held = urgent and self.state in ("paused", "takeover", "warmup")  # an answer waits out a pause
                if self.mode != "approve" and not held and (line.release_at is None or time.time() >= line.release_at):
                    line.decision = True
                    break
                if not announced:  # it waits: the operator sees it now
                    self.events.publish("pending", line=line.to_json())
                    announced = True
                self._gate_lock.wait(0.1)
            go = own or line.decision is True
            line.passed = go
            if not go:
                self._lines.pop(line.id, None)
        self.events.publish("queued" if go else "cancelled", id=line.id, line=line.to_json())
        return go

    def _decide(self, line: QueuedLine, go: bool) -> None:
        with self._gate_lock:
            line.decision = go
            self._gate_lock.notify_all()

    def _line(self, line_id: int) -> QueuedLine:
        line = self._lines.get(line_id)
        if line is None:
            raise UserError(f"no line {line_id} in the queue (already spoken or cancelled)")
        return line

    def _next_line(self) -> QueuedLine:
        queued = self.queue()
        if not queued:
            raise UserError("cancel: nothing is queued")
        return self._lines[queued[0]["id"]]

    def _steer(self, change: Callable[[Any], None]) -> None:
        """Change the director's plan on the producer's thread; drop the normal lane's lines not
        yet begun (they belong to the plan being left)."""
        show = self.show
        assert show.producer is not None and show.director is not None and show.speech is not None
        director = show.director

        def apply() -> None:
            try:
                change(director)
            except KeyError as err:
                self._alert("control", str(err.args[0]))
                return
            waiting = [u.payload for u in show.speech.waiting() if isinstance(u.payload, Line)]
            # a sentence whose first piece already played: its rest must still be said
            begun = {id(p.said) for p in waiting if not p.first} - {id(p.said) for p in waiting if p.first}
            show.speech.drop(lambda u: isinstance(u.payload, Line) and u.payload.said.kind not in ("answer", *OWN_KINDS)
                             and id(u.payload.said) not in begun)

        show.producer.call_soon(apply)

    def _speak_fixed(self, texts: list[str], kind: str) -> None:
        at = self._wall_now()
        for text in texts:
            sentence = self.show.writer.fixed(text, "template", at, None)
            if sentence is not None:
                threading.Thread(target=self._voice, args=(Said.of(kind, None, sentence),), daemon=True).start()
                return

    def _voice(self, said: Said) -> None:
        assert self.show.voicer is not None
        priority.background()
        self.show.voicer.say(said, urgent=True, stopping=threading.Event())

    def _wall_now(self) -> dt.datetime:
        """The show's wall clock (its --as-of plus stream time): prices are checked for that moment."""
        start = self.show.start_wall or dt.datetime.now(dt.timezone.utc)
        return start + dt.timedelta(seconds=self.show.stream_time)

    # -- listening ---------------------------------------------------------------------------
    def _on_record(self, record: dict[str, Any]) -> None:
        """Every audit record, as it is written: counted, and passed on as an event."""
        if record["kind"] == "utterance":
            self._last_speech = time.monotonic()
            self._alerted.discard("silence")
            self.counts[record["verdict"]] = self.counts.get(record["verdict"], 0) + 1
            for cid in record["comment_ids"]:
                self.counts["answered"] += 1
                self._comment_outcome(cid, "answered", record["text"])
            self.events.publish("utterance", record)
            return
        name, details = record["event"], record["details"]
        if name in ("ingest_connected", "ingest_lost"):
            h = self.health.setdefault(details["ingest"], Health())
            h.state = "connected" if name == "ingest_connected" else "reconnecting"
            h.since = time.time()
            h.reconnects += bool(details.get("reconnect"))
            h.detail = details.get("error") or ""
            if name == "ingest_lost":
                self._alert("ingest", f"ingest {details['ingest']} is down: {h.detail}; retrying")
            else:
                self._alerted.discard("ingest")
        elif name == "fallback":
            now = time.monotonic()
            self._failures.append(now)
            while self._failures and self._failures[0] < now - FAILURE_WINDOW_S:
                self._failures.popleft()
            if len(self._failures) >= FAILURES_ALERT:
                self._alert("model", f"{len(self._failures)} failures in {FAILURE_WINDOW_S:g} s "
                            f"(latest: {details.get('what')}: {details.get('error') or details.get('detail', '')})")
        elif name == "comment_dropped":
            self.counts["dropped"] += 1
            self._comment_outcome(details["comment_id"], "dropped", details["reason"])
        self.events.publish(name, record)

    def _on_triage(self, comment: Comment, intent: str | None, dropped: str | None) -> None:
        now = time.time()
        self._comment_times.append(now)
        self.counts["comments"] += 1
        if dropped is None:
            self.comments.append({"id": comment.id, "user": comment.user, "text": comment.text, "intent": intent,
                                  "outcome": "queued", "detail": "", "wall_time": now})
            self.events.publish("comment", self.comments[-1])
        elif not any(c["id"] == comment.id for c in list(self.comments)):
            self.comments.append({"id": comment.id, "user": comment.user, "text": comment.text, "intent": intent,
                                  "outcome": "dropped", "detail": dropped, "wall_time": now})
            self.events.publish("comment", self.comments[-1])

    def _comment_outcome(self, cid: str, outcome: str, detail: str) -> None:
        for c in list(self.comments):  # a copy: the answer desk appends meanwhile
            if c["id"] == cid:
                c["outcome"], c["detail"] = outcome, detail
                self.events.publish("comment", c)
                return

    def _on_blocked(self, text: str, verdict: str, violations: list[dict[str, Any]]) -> None:
        self.counts["block"] += 1
        if self.show.audit is not None:
            self.show.audit.event("draft_blocked", round(self.show.stream_time, 3), text=text, verdict=verdict,
                                  violations=violations)

    def _alert(self, what: str, message: str) -> None:
        """Once per cause until it clears (an ingest down stays one alert, not one a second)."""
        if what in self._alerted:
            return
        self._alerted.add(what)
        if self.show.audit is not None:
            self.show.alert(what, message)  # one alert record for every stage: source, level, message

    # -- the monitor: metrics and the silence alert, once a second ---------------------------------
    def _watch(self) -> None:
        priority.background()
        last_frames, last_wall = 0, time.monotonic()
        while not self._done.wait(1.0):
            try:
                last_frames, last_wall = self._tick(last_frames, last_wall)
            except Exception:  # the monitor must never take the show down
                log.exception("control monitor failed")

    def _tick(self, last_frames: int, last_wall: float) -> tuple[int, float]:
        show, now = self.show, time.monotonic()
        self._lifecycle()
        playout = show.playout
        frames = playout.clock.frame_index if playout else 0
        if show.speaking:
            self._last_speech = now
        if self.state == "live" and now - self._last_speech > self.silence_alert_s:
            self._alert("silence", f"no speech for {now - self._last_speech:.0f} s")
        while self._comment_times and self._comment_times[0] < time.time() - 60:
            self._comment_times.popleft()
        latencies = list(show.answer_latencies)[-20:]
        point = {"stream_time": round(show.stream_time, 2), "render_fps": round((frames - last_frames) / (now - last_wall), 1),
                 "frames_repeated": playout.frames_repeated if playout else 0,
                 "answer_latency_s": round(sum(latencies) / len(latencies), 2) if latencies else None,
                 "blocked": self.counts["block"], "rewritten": self.counts["rewrite"],
                 "comments_per_min": len(self._comment_times), "rss_mb": _rss_mb(),
                 "reconnects": sum(h.reconnects for h in self.health.values()),
                 "queued_s": round(show.speech.seconds_waiting, 1) if show.speech else 0.0}
        self.metrics.append(point)
        self.events.publish("metrics", keep=False, **point, health=self._health_json(), queue=self.queue())
        self._forget_spoken()
        return frames, now

    def _lifecycle(self) -> None:
        """The scheduled start (warm-up over) and the wrap-up before the planned end."""
        show, t = self.show, self.show.stream_time
        audit = show.audit
        assert audit is not None and show.speech is not None
        if self.state == "warmup" and t >= self.warmup_s:
            show.speech.paused = False
            show.overlay = None
            audit.event("show_start", round(t, 3))
            self._last_speech = time.monotonic()
            self._set_state("live")
        if self.wrap_at is not None and t >= self.wrap_at and self.state in ("live", "paused", "takeover"):
            self.wrap_at = None
            audit.event("wrap_up", round(t, 3), seconds=self.wrapup_s)
            self._steer(lambda director: director.wrap_up(self.show.stream_time, self.wrapup_s))

    def _forget_spoken(self) -> None:
        """Lines through the gate and no longer waiting have started: they leave the queue view."""
        speech = self.show.speech
        waiting = {id(u.payload.said) for u in (speech.waiting() if speech else []) if isinstance(u.payload, Line)}
        cutoff = time.time() - 2.0  # a line just through the gate may still be voicing its first piece
        for line in list(self._lines.values()):
            if line.passed and id(line.said) not in waiting and line.since < cutoff:
                self._lines.pop(line.id, None)

    def _health_json(self) -> list[dict[str, Any]]:
        show, out = self.show, []
        playout = show.playout
        pushers = {p.ingest.name: p for p in show.broadcast.pushers} if show.broadcast else {}
        for name, h in self.health.items():
            pusher = pushers.get(name)
            kbps = None
            if pusher is not None and show.stream_time > 0:
                kbps = round(pusher.bytes_sent * 8 / 1000 / show.stream_time)
            out.append({"name": name, "state": h.state, "uptime_s": round(time.time() - h.since),
                        "reconnects": h.reconnects, "kbps": kbps, "detail": h.detail,
                        "fps": show.settings.fmt.fps, "frames_repeated": playout.frames_repeated if playout else 0})
        return out


def _rss_mb() -> float:
    """Resident memory of this process (Linux), for the console's memory chart."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, ValueError, IndexError):
        return 0.0
    return round(pages * os.sysconf("SC_PAGE_SIZE") / 2**20, 1)
