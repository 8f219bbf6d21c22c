"""The writer's model behind a circuit breaker, for a live show.

Why: a show is on air whatever the model does. A model server that errors, times out, hangs
or answers garbage must cost the show at most one draft's budget, never the lookahead of
queued speech (silence). So each draft runs on a worker thread and is waited for at most
``budget_s``; a failure opens the breaker, the writer uses reviewed copy while it is open,
and the model is tried again after a backoff that doubles up to a cap. A reply that is no
usable sentence (garbage text, a refusal) is never spoken anyway (the writer's checks drop
it); many in a row count as a failure too. Each change of state is reported through
``on_event`` (the show audits it and raises an operator alert).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, TimeoutError as FutureTimeout
from typing import Any

#: longest a draft may take before reviewed copy is used instead: well inside the producer's lookahead
DRAFT_BUDGET_S = 3.0
#: speech that must stay queued while a draft runs: a slow model eats lookahead, never into silence
QUEUE_MARGIN_S = 2.0
#: a draft needs at least this long; with less slack the model is skipped (less model work)
MIN_BUDGET_S = 0.3
#: waits before trying a failing backend again: doubling from the first to the cap
BACKOFF_FIRST_S, BACKOFF_CAP_S = 1.0, 60.0
#: replies in a row that are no usable sentence before the backend counts as failing
UNUSABLE_LIMIT = 8

Report = Callable[..., None]


class ModelBreaker:
    def __init__(self, on_event: Report | None = None, slack: Callable[[], float] | None = None,
                 budget_s: float = DRAFT_BUDGET_S, clock: Callable[[], float] = time.monotonic):
        """``slack``: seconds of speech queued ahead of the playhead (None: no limit from it)."""
        self.on_event, self.slack, self.budget_s, self.clock = on_event, slack, budget_s, clock
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="model-draft")
        self._pending: Future[str] | None = None  # a draft that outlived its budget (a hang)
        self._lock = threading.Lock()
        self.failures = 0  # in a row; sets the backoff
        self.unusable = 0  # usable-sentence misses in a row
        self.retry_at = 0.0
        self.down_since: float | None = None
        self._down_for_unusable = False  # then only a usable reply means it is back, not any reply
        self.calls = self.skipped = 0

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def call(self, draft: Callable[[], str]) -> str | None:
        """The model's reply, or None when it failed, is backing off or still hangs."""
        budget = self.budget_s if self.slack is None else min(self.budget_s, self.slack() - QUEUE_MARGIN_S)
        with self._lock:
            if (budget < MIN_BUDGET_S or self.clock() < self.retry_at
                    or (self._pending is not None and not self._pending.done())):
                self.skipped += 1
                return None
            self._pending = future = self._pool.submit(draft)
            self.calls += 1
        try:
            reply = future.result(timeout=budget)
        except FutureTimeout:
            self._failed("timeout", f"no reply within {budget:.1f} s")
            return None
        except Exception as err:  # whatever the client raises: HTTP 500, a broken body, a refused connection
            self._failed("error", f"{type(err).__name__}: {err}"[:300])
            return None
        with self._lock:
            self._pending = None
        if not self._down_for_unusable:
            self._recovered()  # it answers again
        return reply

    def judged(self, usable: bool) -> None:
        """Whether the last reply made a sentence the writer could check."""
        if usable:
            self.unusable = 0
            self._recovered()
            return
        self.unusable += 1
        if self.unusable >= UNUSABLE_LIMIT:
            self.unusable = 0
            self._down_for_unusable = True
            self._failed("unusable", f"{UNUSABLE_LIMIT} replies in a row were no usable sentence (garbage or refusals)")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _failed(self, kind: str, detail: str) -> None:
        with self._lock:
            self.failures += 1
            backoff = min(BACKOFF_CAP_S, BACKOFF_FIRST_S * 2 ** (self.failures - 1))
            self.retry_at = self.clock() + backoff
            first = self.down_since is None
            if first:
                self.down_since = self.clock()
        self._report("model_down" if first else "model_still_down", failure=kind, detail=detail,
                     retry_in_s=round(backoff, 1), failures=self.failures)

    def _recovered(self) -> None:
        with self._lock:
            if self.down_since is None:
                self.failures = 0
                return
            down_s = self.clock() - self.down_since
            failures, self.failures, self.down_since, self.retry_at = self.failures, 0, None, 0.0
            self._down_for_unusable = False
        self._report("model_recovered", down_s=round(down_s, 1), failures=failures)

    def _report(self, kind: str, **details: Any) -> None:
        if self.on_event is not None:
            self.on_event(kind, **details)
