"""An append-only, hash-chained record of everything the host said and every system event.

Why a chain: a merchant or regulator must be able to trust that the log of what an AI host
told viewers was not edited afterwards. Each record carries the SHA-256 of the record before
it (`prev`) and its own (`hash`, over its canonical JSON without the `hash` field), plus a
sequence number; editing, dropping or reordering any record breaks the chain at that record.

Why fsync per record: a show is killed however it is killed (kill -9, power cut). Each record
is one `write` of one whole line on an O_APPEND descriptor followed by `fsync`, so a crash
loses at most the record being written, and can leave at most a partial last line without
its newline. `verify` reports such a tail as truncated (the records before it still verify);
`AuditLog` cuts it off when it reopens the file and continues the chain from the last whole
record. A disk that refuses writes (full) never tears the chain either: the records wait in
memory, in order, the console is told, and they are written as soon as the disk takes them.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

GENESIS = "0" * 64  # `prev` of the first record
#: records held in memory while the disk refuses them (about 30 MB); past this the log fails
HELD_LIMIT = 50_000

log = logging.getLogger(__name__)


def _digest(record: dict[str, Any]) -> str:
    body = {k: v for k, v in record.items() if k != "hash"}
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Verification:
    ok: bool
    count: int  # whole records that verified
    last_hash: str
    bad_line: int | None = None  # 1-based line of the first bad record
    reason: str = ""
    truncated_tail: bool = False  # a partial last line (a crash mid-write), not counted

    def __str__(self) -> str:
        if not self.ok:
            return f"BAD at line {self.bad_line}: {self.reason} ({self.count} record(s) before it verify)"
        tail = "; a partial last line (interrupted write) was ignored" if self.truncated_tail else ""
        return f"OK: {self.count} record(s), last hash {self.last_hash}{tail}"


def verify(path: Path | str) -> Verification:
    """Walk the chain from the first record; stop at the first record that does not fit."""
    data = Path(path).read_bytes()
    lines = data.split(b"\n")
    tail = lines.pop()  # b"" when the file ends with a newline, else a torn last record
    prev, count = GENESIS, 0
    for number, raw in enumerate(lines, start=1):
        def bad(reason: str) -> Verification:
            return Verification(False, count, prev, number, reason)
        try:
            record = json.loads(raw)
        except ValueError:
            return bad("not a JSON record (edited or cut)")
        if not isinstance(record, dict):
            return bad("not a JSON object")
        if record.get("seq") != count:
            return bad(f"sequence {record.get('seq')!r} where {count} was expected (a record was dropped or moved)")
        if record.get("prev") != prev:
            return bad("does not follow the record before it (a record was dropped, moved or edited)")
        if record.get("hash") != _digest(record):
            return bad("content does not match its hash (the record was edited)")
        prev, count = record["hash"], count + 1
    return Verification(True, count, prev, truncated_tail=bool(tail))


class AuditLog:
    """Appends records to one JSONL file; safe to share between the show's threads."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()  # a listener may append (an alert on a record it was told of)
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        self._seq, self._prev = 0, GENESIS
        #: told of every record as it is written, in order (a console's event stream)
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        self._held: deque[bytes] = deque()  # records the disk has not taken yet (_write_held)
        self.failing: str | None = None  # why the disk refuses records, while it does
        self._resume()
        self._size = os.fstat(self._fd).st_size  # the end of the last whole record on disk

    def _resume(self) -> None:
        """Pick the chain up where the file ends, cutting off a torn last line first."""
        data = self.path.read_bytes()
        whole = data.rfind(b"\n") + 1
        if whole < len(data):
            os.ftruncate(self._fd, whole)
            os.fsync(self._fd)
        state = verify(self.path)
        if not state.ok:
            raise ValueError(f"{self.path}: refusing to append to a broken audit log: {state}")
        self._seq, self._prev = state.count, state.last_hash

    def append(self, kind: str, **fields: Any) -> dict[str, Any]:
        """Write one record durably and return it (with its seq, prev and hash)."""
        with self._lock:
            record = {"seq": self._seq, "kind": kind, "wall_time": fields.pop("wall_time", None) or time.time(),
                      **fields, "prev": self._prev}
            record["hash"] = _digest(record)
            line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
            self._held.append(line.encode("utf-8"))
            self._seq, self._prev = self._seq + 1, record["hash"]
            self._write_held()
            for listener in self.listeners:
                try:
                    listener(record)
                except Exception:  # a console that fails must never stop the record, or the show
                    log.exception("audit listener failed")
            return record

    def _write_held(self) -> None:
        """Write the records not yet on disk, oldest first. When the disk refuses (full, gone),
        a half-written line is cut off again, so the file stays a chain that verifies; the
        records wait here, in order, for the next append, and the console is told at once."""
        while self._held:
            try:
                written = os.write(self._fd, self._held[0])
                if written < len(self._held[0]):
                    raise OSError(errno.ENOSPC, "short write")
                os.fsync(self._fd)
            except OSError as err:
                self._failed(err)
                return
            self._size += len(self._held.popleft())
        if self.failing is not None:
            print(f"audit: {self.path} writes again; every held record is on disk", file=sys.stderr, flush=True)
            self.failing = None

    def _failed(self, err: OSError) -> None:
        try:
            os.ftruncate(self._fd, self._size)
        except OSError:
            pass
        if len(self._held) > HELD_LIMIT:
            raise OSError(err.errno, f"audit log {self.path} cannot be written ({err.strerror}) and "
                          f"{len(self._held)} records wait: giving up") from err
        if self.failing is None:
            self.failing = f"{err.strerror or err}"
            print(f"audit: CANNOT WRITE {self.path}: {self.failing}; records are held in memory (up to "
                  f"{HELD_LIMIT}) until it can", file=sys.stderr, flush=True)

    def utterance(self, *, text: str, verdict: str, stream_time: float | None, segment: str | None = None,
                  sku: str | None = None, violations: Iterable[dict[str, Any]] = (),
                  sources: Iterable[str] = (), comment_ids: Iterable[str] = (),
                  wall_time: float | None = None, beat: str = "") -> dict[str, Any]:
        """What the host said (or was stopped from saying), when, why, and on what evidence;
        `beat` is the pitch beat (hook, offer...) or, for an answer, "unknown" where it says the
        catalog does not hold what was asked."""
        return self.append("utterance", wall_time=wall_time, stream_time=stream_time, segment=segment, sku=sku,
                           text=text, verdict=verdict, violations=list(violations), sources=list(sources),
                           comment_ids=list(comment_ids), beat=beat)

    def event(self, kind: str, stream_time: float | None = None, **details: Any) -> dict[str, Any]:
        """An operator or system event: start, stop, reconnect, fallback..."""
        return self.append("event", event=kind, stream_time=stream_time, details=details)

    def close(self) -> None:
        with self._lock:
            if self._held:
                self._write_held()
            if self._held:
                print(f"audit: {len(self._held)} record(s) could not be written to {self.path} ({self.failing})",
                      file=sys.stderr, flush=True)
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
