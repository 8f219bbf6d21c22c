"""The show's event stream: what a front end watches (utterances queued, started, with their
verdicts; comments triaged; ingest state; alerts; metrics).

Why a bus of its own and not the audit log: a console that connects mid-show needs the recent
past at once (the transcript so far) and then every new event, each subscriber at its own pace;
a slow or vanished browser must never block the show. So each subscriber gets a bounded queue
that drops its oldest events when full, and `recent` keeps the last few hundred for newcomers.
"""

from __future__ import annotations

import itertools
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

#: events kept for a subscriber that joins mid-show
RECENT_KEPT = 500
#: events a subscriber may fall behind by before its oldest are dropped
SUBSCRIBER_BACKLOG = 1000


@dataclass(frozen=True)
class Event:
    seq: int
    kind: str  # utterance | queued | pending | released | draft_blocked | comment | alert | metrics | audit | mode...
    data: dict[str, Any]
    wall_time: float = field(default_factory=time.time)

    def to_json(self) -> dict[str, Any]:
        return {"wall_time": self.wall_time, **self.data, "seq": self.seq, "kind": self.kind}


class Subscription:
    """One reader's queue of events; iterate with `get`, end with `close`."""

    def __init__(self, bus: EventBus):
        self._bus = bus
        self._queue: queue.Queue[Event] = queue.Queue(SUBSCRIBER_BACKLOG)

    def put(self, event: Event) -> None:
        while True:
            try:
                self._queue.put_nowait(event)
                return
            except queue.Full:
                try:
                    self._queue.get_nowait()  # a reader this far behind loses its oldest events, not the show
                except queue.Empty:
                    pass

    def get(self, timeout: float) -> Event | None:
        try:
            return self._queue.get(timeout=timeout)
        except queue.Empty:
            return None

    def close(self) -> None:
        self._bus.unsubscribe(self)


class EventBus:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seq = itertools.count(1)
        self._subscribers: list[Subscription] = []
        self.recent: deque[Event] = deque(maxlen=RECENT_KEPT)

    def publish(self, kind: str, record: dict[str, Any] | None = None, *, keep: bool = True, **data: Any) -> Event:
        """Send an event (`record`'s fields, e.g. an audit record, and `data`) to every subscriber;
        `keep=False` leaves it out of `recent` (a metrics tick each second would push the
        transcript out of a newcomer's replay)."""
        with self._lock:
            event = Event(next(self._seq), kind, {**(record or {}), **data})
            if keep:
                self.recent.append(event)
            subscribers = list(self._subscribers)
        for s in subscribers:
            s.put(event)
        return event

    def subscribe(self, replay: bool = True) -> Subscription:
        """A new reader; with `replay`, the recent events come first (no event is missed or doubled)."""
        sub = Subscription(self)
        with self._lock:
            if replay:
                for event in self.recent:
                    sub.put(event)
            self._subscribers.append(sub)
        return sub

    def unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            if sub in self._subscribers:
                self._subscribers.remove(sub)
