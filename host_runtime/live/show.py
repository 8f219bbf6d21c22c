"""A live show: every stage wired to one media clock.

    comments (HTTP, replay, chat hub: Twitch/YouTube/relay) -> inbox -> answer desk (thread: triage, answer, voice) -> urgent lane --+
                                                                                                      v
    director + guarded writer + voice (producer thread, `lookahead` s ahead, in clause pieces) -> UtteranceQueue
                                                                                                      |
    Playout (main thread, the clock) <----------------------------------------------------------------+
       | frame_at(t, cue): avatar + lip-sync + AI label + captions + product card
       v
    Broadcast: one encode -> segmented local recording + RTMP pushers (reconnecting)

    audit log <- every utterance as it starts on the clock, every system event

Ending is the same however it is asked for (Ctrl-C, SIGTERM, --duration, the end of a
non-looping rundown): lines queued but not started are dropped (answers already voiced are
kept), the sentence being spoken finishes (all its clauses), the host says a guarded closing
line, outputs flush, the audit gets `stop`. A second Ctrl-C ends at once (outputs are still
closed properly).
"""

from __future__ import annotations

import datetime as dt
import logging
import signal
import sys
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from ..audit import AuditLog
from ..avatar import Scene, aigc_metadata
from ..chat import CommentInbox, HttpCommentSource, ReplaySource
from ..chat.hub import ChatHub, SourceStatus
from ..chat.sources import ChatSource
from ..director.host import Director
from ..media.encoder import AVFormat
from ..media.outputs import Broadcast, Ingest, join_segments
from ..media.playout import Playout, PlayoutEvent, UtteranceQueue
from ..models import Catalog, Persona, Rundown
from ..voice import engine_for
from ..writer.breaker import ModelBreaker
from . import heap
from .answers import AnswerDesk
from .frames import LiveFrames
from .pace import PaceMeter
from .resume import ResumePoint
from .speech import Line, SpeechProducer, Voicer

log = logging.getLogger(__name__)

#: idle picture and silence after the closing line, so the last words are not cut by the end of the file
TAIL_S = 0.5
#: if the closing line never comes (a stuck stage), end anyway this long after the stop was asked
CLOSING_LIMIT_S = 30.0
#: at most this long to wait for the first sentence before the clock starts anyway
PREROLL_LIMIT_S = 15.0
#: answer latencies kept for the result (a show running for days keeps the latest)
LATENCIES_KEPT = 10_000
#: frames of program sound kept for a console to listen to (about five seconds at 30 fps)
PREVIEW_SOUND_FRAMES = 150
#: operator alerts kept in memory (the audit log has them all)
ALERTS_KEPT = 100


@dataclass
class ShowSettings:
    fmt: AVFormat = field(default_factory=AVFormat)
    ingests: list[Ingest] = field(default_factory=list)
    record_dir: Path = Path("recordings")
    audit_path: Path | None = None  # default: record_dir / "audit.jsonl"
    duration: float | None = None  # seconds of stream time, then the show closes itself
    chat_port: int | None = None  # None: no HTTP endpoint; 0: any free port
    comments: Path | None = None  # replay file
    chat: list[ChatSource] = field(default_factory=list)  # platform chats the ingest profiles name
    as_of: dt.datetime | None = None  # wall moment of stream time 0 (default: now)
    realtime: bool = True  # False: as fast as the machine allows (benchmarks), same stream timestamps
    lookahead: float = 6.0
    join: bool = True  # join the recorded segments into show.mp4 at the end
    resume: ResumePoint | None = None  # continue a show that stopped (resume.py)


@dataclass
class ShowResult:
    reason: str
    stream_seconds: float
    frames_repeated: int
    record_dir: Path
    recording: Path | None
    audit: Path
    chat_url: str | None
    answer_latencies: list[float]
    utterances: int
    wall_seconds: float  # from the first frame to the last: stream_seconds / wall_seconds is the speed
    error: str | None = None


class Show:
    def __init__(self, persona: Persona, base_dir: Path, catalog: Catalog, rundown: Rundown, writer: Any,
                 jurisdictions: list[str], settings: ShowSettings, llm_share: float = 0.05, out: TextIO = sys.stdout,
                 book: Any = None):
        self.persona, self.base_dir, self.catalog, self.rundown = persona, base_dir, catalog, rundown
        self.book = book  # ApprovedLines of a script book, or None for stock templates
        self.writer, self.jurisdictions, self.settings, self.llm_share, self.out = writer, jurisdictions, settings, llm_share, out
        self.audit_path = settings.audit_path or settings.record_dir / "audit.jsonl"
        self.reason = ""
        self.answer_latencies: deque[float] = deque(maxlen=LATENCIES_KEPT)  # comment accepted -> first answer audio played
        self.answer_ready: deque[float] = deque(maxlen=LATENCIES_KEPT)  # comment accepted -> first answer audio queued
        self.utterances = 0
        self._stopping = threading.Event()
        self._abort = threading.Event()
        self._speaking: int | None = None
        self._playout: Playout | None = None
        self._audit: AuditLog | None = None
        self._producer: SpeechProducer | None = None
        self._desk: AnswerDesk | None = None
        self._hub: ChatHub | None = None
        self._wall = 0.0
        self.chat_url: str | None = None
        self.started = threading.Event()  # the clock runs: frames are going out
        #: called with the show once its stages are built, before it starts (control/ attaches here)
        self.on_ready: list[Callable[[Show], None]] = []
        self.director: Director | None = None
        self.speech: UtteranceQueue | None = None
        self.inbox: CommentInbox | None = None
        self.voicer: Voicer | None = None
        self.broadcast: Broadcast | None = None
        self.start_wall: dt.datetime | None = None  # the wall moment of stream time 0, once running
        #: drawn over each program frame (a warm-up countdown: control/lifecycle.py), or None
        self.overlay: Callable[[np.ndarray, float], np.ndarray] | None = None
        self.muted = False  # the program's sound is silenced (the picture and the speech queue go on)
        self.last_frame: tuple[float, np.ndarray] | None = None  # stream time, picture: for a preview
        #: the program's latest sound as (index of its first sample, samples), for a preview to listen to
        self.sound: deque[tuple[int, np.ndarray]] = deque(maxlen=PREVIEW_SOUND_FRAMES)
        self._samples_out = 0
        self.alerts: deque[dict[str, Any]] = deque(maxlen=ALERTS_KEPT)  # for the operator's console

    # -- control ----------------------------------------------------------------------------
    def request_stop(self, reason: str) -> None:
        """End gracefully (closing line, flush); safe from any thread or a signal handler."""
        if self._stopping.is_set():
            return
        self.reason = reason
        self._stopping.set()
        if self._producer is not None:
            self._producer.stop()

    def abort(self) -> None:
        """End now, without the closing line; outputs are still closed properly."""
        self.reason = self.reason or "aborted"
        self._abort.set()
        self.request_stop(self.reason)

    def chat_status(self) -> list[SourceStatus]:
        """Each platform chat's state (connected, retrying and why, ended), for the console."""
        return self._hub.status() if self._hub is not None else []

    @property
    def stream_time(self) -> float:
        return self._playout.clock.now if self._playout else 0.0

    @property
    def playout(self) -> Playout | None:
        return self._playout

    @property
    def producer(self) -> SpeechProducer | None:
        return self._producer

    @property
    def desk(self) -> AnswerDesk | None:
        return self._desk

    @property
    def audit(self) -> AuditLog | None:
        return self._audit

    @property
    def stopping(self) -> bool:
        """The show is closing (or was asked to): nothing new should wait on an operator."""
        return self._stopping.is_set()

    @property
    def speaking(self) -> bool:
        return self._speaking is not None

    @contextmanager
    def signals(self) -> Iterator[None]:
        """Ctrl-C and SIGTERM end the show gracefully; a second one ends it at once."""
        if threading.current_thread() is not threading.main_thread():
            yield
            return

        def handle(signum: int, _frame: object) -> None:
            name = signal.Signals(signum).name
            if self._stopping.is_set():
                self.abort()
            else:
                print(f"live: {name}: closing the show (again to stop at once)", file=sys.stderr, flush=True)
                self.request_stop(name)

        previous = {s: signal.signal(s, handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for s, h in previous.items():
                signal.signal(s, h)

    # -- events -----------------------------------------------------------------------------
    def _say(self, line: str) -> None:
        print(f"live: {line}", file=self.out, flush=True)

    def _on_broadcast(self, kind: str, details: dict[str, Any]) -> None:
        assert self._audit is not None
        details = dict(details)
        stream_time = details.pop("stream_time", round(self.stream_time, 3))
        self._audit.event(kind, stream_time, **details)
        if kind in ("ingest_connected", "ingest_lost"):
            what = "reconnected" if details.get("reconnect") else "connected" if kind == "ingest_connected" \
                else f"lost ({details.get('error') or 'exit ' + str(details.get('exit'))}); retrying in {details.get('retry_in_s')} s"
            print(f"live: ingest {details.get('ingest')} ({details.get('url')}) {what}", file=sys.stderr, flush=True)
        elif kind == "recording_failed":
            self.alert("recording", f"the local recording stopped ({details['error']}); the push to the ingests goes on",
                       level="error")

    def _on_chat(self, kind: str, **details: Any) -> None:
        assert self._audit is not None
        self._audit.event(kind, round(self.stream_time, 3), **details)
        if kind == "chat_source" and details["state"] != "connecting":
            why = f" ({details['detail']})" if details["detail"] else ""
            retry = f"; retrying in {details['retry_in_s']:g} s" if details["retry_in_s"] is not None else ""
            print(f"live: chat {details['source']} {details['state']}{why}{retry}", file=sys.stderr, flush=True)

    def alert(self, source: str, message: str, level: str = "warning") -> None:
        """Tell the operator: an `alert` audit event, a line on stderr, and `alerts` for the console."""
        assert self._audit is not None
        record = {"source": source, "level": level, "message": message, "stream_time": round(self.stream_time, 3)}
        self.alerts.append(record)
        self._audit.event("alert", record["stream_time"], source=source, level=level, message=message)
        print(f"live: ALERT ({level}) {source}: {message}", file=sys.stderr, flush=True)

    def _on_model(self, kind: str, **details: Any) -> None:
        """The writer's model went down, is still down, or came back (writer/breaker.py)."""
        assert self._audit is not None
        self._audit.event(kind, round(self.stream_time, 3), **details)
        if kind == "model_down":
            self.alert("model", f"the writer's model is failing ({details['failure']}: {details['detail']}); "
                       f"reviewed copy fills; retrying in {details['retry_in_s']:g} s")
        elif kind == "model_recovered":
            self.alert("model", f"the writer's model is back after {details['down_s']:g} s", level="info")

    def _on_playout(self, ev: PlayoutEvent) -> None:
        if ev.kind == "utterance_end":
            self._speaking = None
            return
        self._speaking = ev.utterance.id
        line = ev.utterance.payload
        if not isinstance(line, Line) or not line.first:
            return
        said = line.said
        assert self._audit is not None and self._desk is not None
        self._audit.utterance(text=said.text, verdict=said.verdict, stream_time=round(ev.stream_time, 3),
                              segment=said.kind, sku=said.sku, violations=said.violations, sources=said.sources,
                              comment_ids=said.comment_ids, wall_time=ev.wall_time, beat=said.beat)
        self.utterances += 1
        for cid in said.comment_ids:
            if self._hub is not None:
                self._hub.reply(cid, said.text)  # where the profile allows; once per comment
            received = self._desk.stats.answered.pop(cid, None)
            ready = self._desk.stats.ready.pop(cid, None)
            if received is not None:
                self.answer_latencies.append(ev.wall_time - received)
                self._audit.event("answered", round(ev.stream_time, 3), comment_id=cid,
                                  latency_s=round(ev.wall_time - received, 3))
                if ready is not None:
                    self.answer_ready.append(ready - received)

    def _write(self, frame: np.ndarray, pcm: np.ndarray) -> None:
        """The playout's sink: the broadcast, muted on request; the frame kept for a preview."""
        assert self.broadcast is not None
        if self.overlay is not None:
            frame = self.overlay(frame, self.stream_time)
        self.last_frame = (self.stream_time, frame)
        pcm = np.zeros_like(pcm) if self.muted else pcm
        self.sound.append((self._samples_out, pcm))
        self._samples_out += pcm.size
        self.broadcast.write(frame, pcm)

    # -- the show ---------------------------------------------------------------------------
    def run(self) -> ShowResult:
        s = self.settings
        fmt = s.fmt
        heap.limit_arenas()  # before the show's threads start; see heap
        start_wall = self.start_wall = s.as_of or dt.datetime.now(dt.timezone.utc)
        s.record_dir.mkdir(parents=True, exist_ok=True)
        audit = self._audit = AuditLog(self.audit_path)
        idle = Scene.for_persona(self.persona, self.base_dir, None, None, fmt.width, fmt.height)
        frames = LiveFrames(idle, self.catalog, start_wall, self.persona.language.split("-")[0])
        engine = engine_for(self.persona.voice, self.persona.language, self.base_dir)
        director = Director(self.persona, self.catalog, self.rundown, self.writer, self.jurisdictions, self.llm_share,
                            self.book)
        if s.resume is not None:
            p = s.resume
            director.resume(p.segment, p.sku, p.said, p.disclosed_ago, p.disclosures)
        speech = UtteranceQueue(fmt.sample_rate, max_seconds=s.lookahead + 15)
        if self.writer.llm is not None and self.llm_share:
            self.writer.breaker = ModelBreaker(on_event=self._on_model, slack=lambda: speech.seconds_waiting)
        inbox = CommentInbox()
        replay = ReplaySource(s.comments) if s.comments else None
        http = HttpCommentSource(inbox, s.chat_port).start() if s.chat_port is not None else None
        self.chat_url = http.url if http else None
        hub = self._hub = ChatHub(s.chat, inbox, self._on_chat) if s.chat else None
        voicer = Voicer(engine, speech, frames.scene_for, audit, lambda: self.stream_time, self.persona.voice.pause_s)

        def wall_at(t: float) -> dt.datetime:
            return start_wall + dt.timedelta(seconds=t)

        desk = self._desk = AnswerDesk(director, voicer, audit, lambda: self.stream_time, wall_at, inbox, replay)
        producer = self._producer = SpeechProducer(director, voicer, audit, lambda: self.stream_time, wall_at, desk,
                                                   s.lookahead, lag=lambda: self._playout.clock.lag if self._playout else 0.0)
        self.director, self.speech, self.inbox, self.voicer = director, speech, inbox, voicer
        metadata = aigc_metadata(self.persona.operator.organisation, f"{self.persona.id}-{uuid.uuid4()}")
        audit.event("start", 0.0, persona=self.persona.id, catalog=self.catalog.store, rundown=self.rundown.name,
                    jurisdictions=self.jurisdictions, as_of=start_wall.isoformat(),
                    ingests=[{"name": i.name, "url": i.safe_url} for i in s.ingests], recording=str(s.record_dir),
                    video=f"{fmt.width}x{fmt.height}@{fmt.fps}", chat=http.url if http else None,
                    chat_sources=[c.label for c in s.chat],
                    comments=str(s.comments) if s.comments else None, llm_share=self.llm_share,
                    produce_id=metadata["ProduceID"])
        for hook in self.on_ready:
            hook(self)
        if s.resume is not None:
            audit.event("resume", 0.0, **s.resume.to_json())
            self._say(f"resuming at {s.resume.segment or 'the start'} {s.resume.sku or ''}".rstrip()
                      + f"; {len(s.resume.said)} recent line(s) will not be repeated; {s.resume.aired_s:.0f} s already on air"
                      + (f", {s.duration:.0f} s to go" if s.duration else ""))
        self._say(f"recording to {s.record_dir}/ ; audit log {self.audit_path}")
        for i in s.ingests:
            self._say(f"pushing to {i.name}: {i.safe_url}")
        if http:
            self._say(f"comments: POST {{\"user\": ..., \"text\": ...}} to {http.url}")
        self._say("Ctrl-C ends the show" + (f"; it ends by itself after {s.duration:g} s" if s.duration else ""))
        error: str | None = None
        broadcast: Broadcast | None = None
        try:
            with self.signals():
                if hub is not None:
                    hub.start()
                producer.start()
                # the first sentence (and the guard's first model load) before the clock starts,
                # so a show opens on its disclosure rather than on seconds of silence
                deadline = time.monotonic() + PREROLL_LIMIT_S
                while not speech.seconds_waiting and not self._stopping.is_set() and time.monotonic() < deadline:
                    time.sleep(0.01)
                broadcast = self.broadcast = Broadcast(fmt, s.ingests, s.record_dir, metadata,
                                                       on_event=self._on_broadcast)
                self._playout = Playout(fmt, frames, self._write, speech, s.realtime, on_event=self._on_playout)
                started = time.monotonic()
                self.started.set()
                try:
                    self._loop(self._playout, producer, speech)
                finally:
                    self._wall = time.monotonic() - started
        except Exception as err:
            error = f"{type(err).__name__}: {err}"
            self.reason = self.reason or "error"
            log.exception("the show failed")
            audit.event("error", round(self.stream_time, 3), error=error)
        finally:
            producer.stop()
            producer.join(timeout=10)
            if self.writer.breaker is not None:
                self.writer.breaker.close()
            if hub is not None:
                hub.stop()
            if http:
                http.stop()
            if broadcast is not None:
                try:
                    broadcast.close()
                except Exception as err:
                    error = error or f"{type(err).__name__}: {err}"
                    audit.event("error", round(self.stream_time, 3), error=error)
            playout = self._playout
            audit.event("stop", round(self.stream_time, 3), reason=self.reason or "error",
                        frames=playout.clock.frame_index if playout else 0,
                        frames_repeated=playout.frames_repeated if playout else 0,
                        pace=round(self.stream_time / self._wall, 4) if self._wall else None,
                        utterances=self.utterances, comments=desk.stats.comments,
                        words_yielded_s=round(producer.yielded_s, 1))
            audit.close()
        recording = self._join(metadata) if s.join and broadcast is not None else None
        return ShowResult(self.reason or "error", self.stream_time, self._playout.frames_repeated if self._playout else 0,
                          s.record_dir, recording, self.audit_path, http.url if http else None,
                          list(self.answer_latencies), self.utterances, self._wall, error)

    def _loop(self, playout: Playout, producer: SpeechProducer, speech: UtteranceQueue) -> None:
        fmt, s = self.settings.fmt, self.settings
        pace = PaceMeter(lambda **d: self._audit.event("pace", round(self.stream_time, 3), **d),  # type: ignore[union-attr]
                         self.alert)
        end_frame = round(s.duration * fmt.fps) if s.duration else None
        tail = round(TAIL_S * fmt.fps)
        stop_frame: int | None = None
        while not self._abort.is_set():
            frame = playout.clock.frame_index
            if end_frame is not None and frame >= end_frame:
                self.request_stop("duration")
            if producer.finished.is_set() and not speech.seconds_waiting and self._speaking is None:
                self.request_stop("rundown_end")
            if self._stopping.is_set():
                stop_frame = frame if stop_frame is None else stop_frame
                quiet = producer.closed.is_set() and not speech.seconds_waiting and self._speaking is None
                tail = tail - 1 if quiet else round(TAIL_S * fmt.fps)
                if tail <= 0 or frame - stop_frame > CLOSING_LIMIT_S * fmt.fps:
                    return
            if not s.realtime:
                self._wait_for_producer(producer, speech)
            else:
                pace.tick(playout)
            playout.step()

    def _wait_for_producer(self, producer: SpeechProducer, speech: UtteranceQueue, limit: float = 5.0) -> None:
        """Faster than real time there is no wall clock to hide a late producer behind: wait
        for its next line (bounded) so an offline render says what a live show would."""
        deadline = time.monotonic() + limit
        while (self._speaking is None and not speech.seconds_waiting and not producer.quiet
               and not producer.finished.is_set() and not producer.closed.is_set() and time.monotonic() < deadline):
            time.sleep(0.002)

    def _join(self, metadata: dict[str, str]) -> Path | None:
        out = self.settings.record_dir / "show.mp4"
        try:
            return join_segments(self.settings.record_dir, out, metadata)
        except (OSError, RuntimeError) as err:
            print(f"live: could not join the recording into {out}: {err}", file=sys.stderr, flush=True)
            return None
