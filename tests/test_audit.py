"""The audit log: tampering of any kind is caught; a crash mid-write is not mistaken for it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from host_runtime.audit import AuditLog, verify
from host_runtime.cli import main


def write_show(path: Path, n: int = 6) -> None:
    with AuditLog(path) as log:
        log.event("start", stream_time=0.0, ingests=["local"])
        for i in range(n - 2):
            log.utterance(text=f"Line {i}: the AeroPress Go is $39.95.", verdict="allow", stream_time=1.5 * i,
                          segment="intro", sku="AP-GO-01", sources=["catalog:AP-GO-01.price"], comment_ids=[f"c{i}"])
        log.event("stop", stream_time=30.0)


def lines(path: Path) -> list[str]:
    return path.read_text().splitlines(keepends=True)


def test_untouched_log_verifies_and_cli_says_ok(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "audit.jsonl"
    write_show(path)
    assert main(["audit", "verify", str(path)]) == 0
    assert "OK: 6 record(s)" in capsys.readouterr().out
    record = json.loads(lines(path)[1])
    assert record["kind"] == "utterance" and record["sku"] == "AP-GO-01" and record["comment_ids"] == ["c0"]
    assert record["prev"] == json.loads(lines(path)[0])["hash"]


@pytest.mark.parametrize("tamper, bad_line", [
    (lambda ls: [ls[0], ls[1].replace("$39.95", "$9.95"), *ls[2:]], 2),  # edit
    (lambda ls: ls[:2] + ls[3:], 3),                                      # deletion
    (lambda ls: [ls[0], ls[2], ls[1], *ls[3:]], 2),                       # reordering
    (lambda ls: [ls[0], ls[1][:40] + "\n", *ls[2:]], 2),                  # a record cut short
])
def test_tampering_is_found_at_the_first_bad_record(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    tamper, bad_line: int) -> None:
    path = tmp_path / "audit.jsonl"
    write_show(path)
    path.write_text("".join(tamper(lines(path))))
    assert main(["audit", "verify", str(path)]) == 1
    assert f"BAD at line {bad_line}" in capsys.readouterr().out


def test_torn_tail_is_reported_and_the_writer_continues_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    write_show(path)
    with path.open("a") as f:
        f.write('{"seq":6,"kind":"utter')  # what a crash mid-write leaves
    result = verify(path)
    assert result.ok and result.truncated_tail and result.count == 6
    with AuditLog(path) as log:
        log.event("restart", stream_time=0.0)
    result = verify(path)
    assert result.ok and not result.truncated_tail and result.count == 7


WRITER = """
import sys
from host_runtime.audit import AuditLog
log = AuditLog(sys.argv[1])
print("ready", flush=True)
i = 0
while True:
    log.utterance(text="x" * 4000 + str(i), verdict="allow", stream_time=i / 30)
    i += 1
"""


def test_kill_9_mid_write_still_verifies(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, cwd=Path(__file__).parents[1])
    assert proc.stdout is not None and proc.stdout.readline().strip() == b"ready"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    result = verify(path)
    assert result.ok and result.count > 0
    with AuditLog(path) as log:
        log.event("restart")
    assert verify(path).count == result.count + 1


def test_cli_missing_file_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "verify", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_a_listener_that_appends_is_told_and_written_without_a_deadlock(tmp_path: Path) -> None:
    """The console's monitor raises an alert on a record it is told of: that alert is a record too."""
    path = tmp_path / "audit.jsonl"
    log = AuditLog(path)
    seen: list[str] = []

    def on_record(record: dict) -> None:
        seen.append(record["kind"])
        if record["kind"] == "event" and record.get("event") == "fallback":
            log.event("alert", 1.0, source="model", level="warning", message="failing")

    log.listeners.append(on_record)
    log.event("fallback", 1.0, what="draft")
    log.close()
    assert seen == ["event", "event"]
    assert [json.loads(line)["event"] for line in path.read_text().splitlines()] == ["fallback", "alert"]
    assert verify(path).ok
