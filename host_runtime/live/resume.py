"""Picking a show up after a crash, from what its audit log says was said.

Why the audit log: it is the one record written durably as the show goes (one fsync'd line
per utterance, see audit.log), so after a `kill -9` or a power cut it still says where the
show was (the segment and product of its last lines), when the host last said it is an AI,
and what it said in the last ten minutes. A resumed show continues that segment, keeps the
disclosure clock running from the last disclosure, and does not repeat those lines.

Times are taken from the records' wall times, relative to the last record: the downtime
between the crash and the restart is not counted, so a disclosure comes early, never late.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..audit.log import verify
from ..director.memory import REPEAT_WINDOW_S

#: the segments a rundown position can be read from (answers, disclosures and closings carry
#: the product on screen, not the rundown's place)
RUNDOWN_SEGMENTS = ("opening", "pitch", "qa", "recap", "catchphrase")


@dataclass
class ResumePoint:
    segment: str | None = None  # the rundown segment the show was in: opening, pitch, qa, recap
    sku: str | None = None
    #: (text, seconds before the last record) of every line said within the repeat window
    said: list[tuple[str, float]] = field(default_factory=list)
    disclosed_ago: float | None = None  # seconds before the last record; None: never disclosed
    disclosures: int = 0  # disclosure lines said so far, so their rotation goes on
    runs: int = 0  # starts in the log (the crashed run and any before it)
    stopped_cleanly: bool = False  # the last run ended with its `stop` record
    aired_s: float = 0.0  # stream seconds the runs so far were on air: a show's duration counts them

    def runs_left_of(self, duration: float) -> float:
        """What is left of a show ``duration`` long after the runs so far (a second at least: time for its closing)."""
        return max(1.0, duration - self.aired_s)

    def to_json(self) -> dict[str, object]:
        return {"segment": self.segment, "sku": self.sku, "lines_not_repeated": len(self.said),
                "disclosed_s_ago": None if self.disclosed_ago is None else round(self.disclosed_ago, 1),
                "previous_runs": self.runs, "previous_run_stopped_cleanly": self.stopped_cleanly,
                "aired_s": round(self.aired_s, 1)}


def resume_point(audit_path: Path | str) -> ResumePoint | None:
    """Where the show in ``audit_path`` stopped; None when there is no log (nothing to resume).
    Only records that verify are read: a torn last line from the crash is left out."""
    path = Path(audit_path)
    if not path.is_file() or not path.stat().st_size:
        return None
    count = verify(path).count
    records = [json.loads(line) for line in path.read_bytes().split(b"\n")[:count]]
    if not records:
        return None
    last_wall = records[-1]["wall_time"]
    point = ResumePoint()
    run_aired = 0.0  # each run's stream clock starts at 0: the runs' last stream times add up
    for r in records:
        if r.get("event") == "start":
            point.aired_s += run_aired
            run_aired = 0.0
        run_aired = max(run_aired, float(r.get("stream_time") or 0.0))
        if r["kind"] == "event":
            point.runs += r["event"] == "start"
            point.stopped_cleanly = r["event"] == "stop" or (point.stopped_cleanly and r["event"] != "start")
            continue
        if r["kind"] != "utterance":
            continue
        ago = last_wall - r["wall_time"]
        if ago < REPEAT_WINDOW_S:
            point.said.append((r["text"], ago))
        if r["segment"] == "disclosure":
            point.disclosed_ago, point.disclosures = ago, point.disclosures + 1
        elif r["segment"] in RUNDOWN_SEGMENTS:
            point.segment = "pitch" if r["segment"] == "catchphrase" else r["segment"]
            point.sku = r["sku"] if r["segment"] != "opening" else None
    point.aired_s += run_aired
    return point
