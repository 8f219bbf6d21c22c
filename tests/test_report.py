"""The show's lifecycle and its post-show report, as an operator and a reviewer see them: a show
file linted and run (`live --show`) with a scheduled start (warm-up first), the pre-show
checklist, a wrap-up before the planned end; a rehearsal; and for both, the report's figures
checked against the audit log they came from, and the exports checked against the eval
datasets' formats."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from host_runtime.cli import main
from host_runtime.models import lint_file
from tests.test_live import ROOT, Live, audit_records, env

COMMENTS = [
    {"t": 1.0, "user": "red", "text": "does the kettle come in red?"},
    {"t": 2.0, "user": "troll9", "text": "you are an idiot bot"},
    {"t": 3.0, "user": "dev_k", "text": "how much is the AeroPress right now?"},
]
BLOCKED = "This serum cures acne overnight."


def dataset_keys(name: str) -> set[str]:
    return set(json.loads((ROOT / "evals" / "datasets" / name).read_text().splitlines()[0]))


def events(audit: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [r for r in audit if r["kind"] == "event" and r["event"] == name]


def check_report_against_audit(folder: Path) -> dict[str, Any]:
    """Every count the report gives, recounted from the audit log; the exports' formats."""
    audit = audit_records(folder / "audit.jsonl")
    report = json.loads((folder / "report.json").read_text())
    said = [r for r in audit if r["kind"] == "utterance"]
    verdicts = Counter(u["verdict"] for u in said)
    assert report["audit_verified"] and report["audit_records"] == len(audit)
    assert report["verdicts"] == {"allow": verdicts["allow"], "rewrite": verdicts["rewrite"],
                                  "block": len(events(audit, "draft_blocked"))}
    assert report["av"]["utterances"] == len(said)
    assert sum(t["lines"] for t in report["timeline"]) == len(said)
    assert report["comments"]["dropped"] == len(events(audit, "comment_dropped"))
    assert report["comments"]["answered_ids"] == sorted({c for u in said for c in u["comment_ids"]})
    assert report["disclosures"]["times"] == [u["stream_time"] for u in said if u["segment"] in ("disclosure", "warmup")]
    assert report["answer_latency_s"]["values"] == [e["details"]["latency_s"] for e in events(audit, "answered")]
    assert len(report["operator_actions"]) == len(events(audit, "operator"))
    html = (folder / "report.html").read_text()
    assert "<svg" in html and "Blocked lines" in html
    unanswered = [json.loads(line) for line in (folder / "unanswered.jsonl").read_text().splitlines()]
    assert [q["question"] for q in unanswered] == ["does the kettle come in red?"]
    assert set(unanswered[0]) <= dataset_keys("qa.jsonl") and unanswered[0]["unknown"] is True
    assert unanswered[0]["catalog"] == "product_catalog/demo.yaml"
    blocked = [json.loads(line) for line in (folder / "blocked.jsonl").read_text().splitlines()]
    assert len(blocked) == report["verdicts"]["block"]
    for case in blocked:
        assert set(case) == dataset_keys("guard_us.jsonl") | {"source"} and case["expected"]
    return report


def test_a_rehearsal_gets_a_report_whose_numbers_match_its_audit_log(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the exports name the catalog as the datasets do, from the repository root
    comments = tmp_path / "comments.jsonl"
    comments.write_text("".join(json.dumps(c) + "\n" for c in COMMENTS))
    audit = tmp_path / "rehearsal" / "audit.jsonl"
    assert main(["rehearse", "--minutes", "1", "--llm-share", "0", "--comments", str(comments), "--audit", str(audit),
                 "--as-of", "2026-11-28T12:00:00Z"]) == 0
    report = check_report_against_audit(audit.parent)
    assert report["show"]["rehearsal"] and report["comments"]["dropped_list"][0]["user"] == "troll9"
    assert main(["report", str(audit), "--out", str(tmp_path / "again")]) == 0
    assert json.loads((tmp_path / "again" / "report.json").read_text())["verdicts"] == \
        report["verdicts"]


def test_a_broken_show_file_fails_lint_with_file_line_and_field(tmp_path: Path,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.show.yaml"
    bad.write_text(f"show: x\npersona: {ROOT}/personas/nope.yaml\ncatalog: {ROOT}/product_catalog/demo.yaml\n"
                   f"rundown: {ROOT}/scripts/default.yaml\nsupervision: sometimes\nschedule: {{duration_minutes: 1}}\n")
    errors, _ = lint_file(bad)
    assert [str(e) for e in errors] == [f"{bad}:5: supervision: Input should be 'unattended', 'on_duty' or 'approve'"]
    bad.write_text(bad.read_text().replace("sometimes", "approve"))
    assert main(["live", "--show", str(bad)]) == 1  # a broken show file never starts a show
    assert f"{bad}:2: persona: no such file" in capsys.readouterr().err
    assert lint_file(ROOT / "shows" / "demo.show.yaml") == ([], [])


@pytest.fixture(scope="module")
def scheduled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A show file with a start a little ahead (so a warm-up runs first), 21 s long with a 7 s
    wrap-up; a replayed unanswerable question and an abusive comment; one blocked typed line."""
    work = tmp_path_factory.mktemp("scheduled")
    comments = work / "comments.jsonl"
    # the two that need no price: the answers must leave the wrap-up its time
    comments.write_text("".join(json.dumps({**c, "t": c["t"] + 4}) + "\n" for c in COMMENTS[:2]))
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=18)).isoformat()
    show = work / "test.show.yaml"
    show.write_text(textwrap.dedent(f"""\
        show: test show
        persona: {ROOT}/personas/nova.yaml
        catalog: {ROOT}/product_catalog/demo.yaml
        rundown: {ROOT}/scripts/default.yaml
        comments: comments.jsonl
        supervision: on_duty
        llm_share: 0
        schedule:
          start: {start}
          warmup_s: 4
          duration_minutes: 0.35
          wrapup_s: 7
        """))
    record = work / "rec"
    live = Live(["--show", str(show), "--record", str(record), "--console-port", "0"], env())
    url = live.wait_for("console: http://127.0.0.1:").split()[1]
    live.wait_for("Ctrl-C ends the show")
    said = httpx.post(url.split("?")[0] + "api/say", json={"text": BLOCKED}, timeout=10,
                      headers={"X-Console-Token": url.split("token=")[1], "X-Operator": "rita"})
    assert said.status_code == 200 and said.json()["result"]["verdict"] == "block"
    code, out, err = live.finish(timeout=90)
    assert code == 0, err[-2000:]
    assert "checklist: [ok] models warm" in out and f"report: {record / 'report.html'}" in out
    return record


def test_a_scheduled_show_warms_up_runs_wraps_up_and_closes(scheduled: Path) -> None:
    audit = audit_records(scheduled / "audit.jsonl")
    checks = events(audit, "checklist")[0]["details"]["checks"]
    assert [c["item"] for c in checks] == ["files lint clean", "models warm", "AI label and disclosure on",
                                           "operator connected"] and all(c["ok"] for c in checks)
    warmup, begun = events(audit, "warmup")[0], events(audit, "show_start")[0]
    said = [r for r in audit if r["kind"] == "utterance"]
    assert said[0]["segment"] == "warmup" and said[0]["stream_time"] < 1.0  # the disclosure, during the countdown
    assert 0 < warmup["details"]["until"] <= 4.0 and begun["stream_time"] == pytest.approx(warmup["details"]["until"], abs=1.2)
    # nothing but the warm-up is said before the start; answers wait for it
    assert all(u["segment"] == "warmup" for u in said if u["stream_time"] < begun["stream_time"])
    wrap = events(audit, "wrap_up")[0]
    stop = events(audit, "stop")[0]
    assert wrap["stream_time"] == pytest.approx(warmup["details"]["until"] + 21 - 7, abs=1.5)  # 7 s before the end
    assert stop["stream_time"] >= warmup["details"]["until"] + 21
    assert "recap" in {u["segment"] for u in said if u["stream_time"] > wrap["stream_time"]}
    assert said[-1]["segment"] == "closing"


def test_the_live_report_matches_its_audit_log_and_exports_the_blocked_line(scheduled: Path) -> None:
    report = check_report_against_audit(scheduled)
    assert report["comments"]["dropped_list"][0]["user"] == "troll9"
    assert [a["action"] for a in report["operator_actions"]] == ["say"]
    blocked = [json.loads(line) for line in (scheduled / "blocked.jsonl").read_text().splitlines()]
    typed = [b for b in blocked if b["text"] == BLOCKED][0]
    assert "health_claim" in typed["expected"] and typed["catalog"] == "product_catalog/demo.yaml"
    assert report["answer_latency_s"]["count"] == 1
