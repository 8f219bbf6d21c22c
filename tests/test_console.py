"""The operator console in a real headless Chromium (Debian's, through Playwright) against a real
`host-runtime live` show: sign in with the printed token, watch the preview change, pause and
resume (and hear the pause in the recording), say a line (and find it in the audit log), have a
typed line blocked with its rule, hold the host in approve-each mode until a line is approved,
end the show from the console. Requests without the token are refused.

Screenshots go to test-artifacts/console/ (gitignored), printed at the end."""

from __future__ import annotations

import io
import json
import time
import wave
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import httpx
import numpy as np
import pytest

from tests.test_live import AS_OF, ROOT, Live, audit_records, env

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts" / "console"
SAID = "Thanks for hanging out with us today, everyone."
BLOCKED = "This serum cures acne overnight."

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make setup)")


@dataclass
class Session:
    """What the browser saw and did, and what the show left behind."""

    record: Path
    stdout: str
    code: int
    unauthorised: dict[str, int]
    preview_frames: list[float]
    preview_delays: list[float]
    pause_clicked: float = 0.0  # wall time
    say_result: str = ""
    blocked_result: str = ""
    pending_text: str = ""
    approved_at: float = 0.0
    screenshots: list[Path] = field(default_factory=list)
    sound: list[tuple[float, int, int]] = field(default_factory=list)  # (rms, next sample, samples) per fetch
    audit: list[dict[str, Any]] = field(default_factory=list)

    def events(self, name: str) -> list[dict[str, Any]]:
        return [r for r in self.audit if r["kind"] == "event" and r["event"] == name]

    def operator(self, action: str) -> list[dict[str, Any]]:
        return [r for r in self.events("operator") if r["details"]["action"] == action]

    def said(self) -> list[dict[str, Any]]:
        return [r for r in self.audit if r["kind"] == "utterance"]


def listen(address: str, token: str, after: int) -> tuple[float, int, int]:
    """One fetch of the console's sound preview: its loudness, where the next one starts, its length."""
    r = httpx.get(f"{address}preview.wav?after={after}", headers={"X-Console-Token": token}, timeout=5)
    assert r.status_code == 200 and r.headers["content-type"] == "audio/wav"
    with wave.open(io.BytesIO(r.content)) as w:
        pcm = np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float64)
    return float(np.sqrt(np.mean(pcm ** 2))), int(r.headers["X-Next-Sample"]), pcm.size


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Session:
    from playwright.sync_api import sync_playwright

    record = tmp_path_factory.mktemp("console") / "rec"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    live = Live(["--record", str(record), "--duration", "120", "--console-port", "0", "--as-of", AS_OF,
                 "--llm-share", "0", "--supervision", "on_duty"], env())
    url = live.wait_for("console: http://127.0.0.1:").split()[1]
    address = url.split("?", 1)[0]
    token = url.split("token=", 1)[1]
    live.wait_for("Ctrl-C ends the show")
    unauthorised = {path: httpx.get(address.rstrip("/") + path, timeout=5).status_code
                    for path in ("/", "/state", "/events", "/preview.jpg")}
    unauthorised["POST /api/pause"] = httpx.post(address + "api/pause", timeout=5).status_code
    unauthorised["wrong token"] = httpx.get(address + "state", headers={"X-Console-Token": "nope"}, timeout=5).status_code
    s = Session(record, "", 0, unauthorised, [], [])

    def shot(page: Any, name: str) -> None:
        path = ARTIFACTS / f"{len(s.screenshots):02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        s.screenshots.append(path)

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(address)
            page.fill("#token", token)
            page.fill("#operator", "tess")
            page.click("#login")
            page.wait_for_selector("#state.live", timeout=20_000)
            for _ in range(3):  # the preview moves on
                page.wait_for_function("f => document.getElementById('preview').dataset.frameTime != f",
                                       arg=page.get_attribute("#preview", "data-frame-time") or "", timeout=5000)
                s.preview_frames.append(float(page.get_attribute("#preview", "data-frame-time") or 0))
                s.preview_delays.append(float(page.inner_text("#preview-delay")))
            shot(page, "live")

            page.wait_for_selector("#transcript li", timeout=20_000)  # the host is talking
            s.sound = [listen(address, token, -1)]
            time.sleep(1.0)
            s.sound.append(listen(address, token, s.sound[0][1]))  # what came since, back to back
            page.keyboard.press("p")  # pause: the shortcut
            s.pause_clicked = time.time()
            page.wait_for_selector("#state.paused", timeout=5000)
            time.sleep(7)  # the holding line, then quiet
            shot(page, "paused")
            page.keyboard.press("p")
            page.wait_for_selector("#state.live", timeout=5000)

            page.fill("#say-text", SAID)
            page.click("#say")
            page.wait_for_function("document.getElementById('say-result').textContent.includes('queued')", timeout=10_000)
            s.say_result = page.inner_text("#say-result")
            page.fill("#say-text", BLOCKED)
            page.click("#say")
            page.wait_for_function("document.getElementById('say-result').textContent.includes('blocked')",
                                   timeout=10_000)
            s.blocked_result = page.inner_text("#say-result")
            shot(page, "say")

            page.select_option("#mode", "approve")
            page.wait_for_selector("#queue li button.approve", timeout=30_000)
            s.pending_text = page.inner_text("#queue li:has(button.approve) .text").strip()
            # what was voiced before the switch is said; then the host waits on the operator
            page.wait_for_function("[...document.querySelectorAll('#queue li')].every(li => li.querySelector('button.approve'))",
                                   timeout=30_000)
            time.sleep(3)  # held: nothing is said until the operator approves
            shot(page, "approve-pending")
            s.approved_at = time.time()
            page.click("#queue li:has(button.approve) button.approve")
            page.wait_for_function("t => [...document.querySelectorAll('#transcript li')].some(li => li.textContent.includes(t))",
                                   arg=s.pending_text, timeout=20_000)
            page.select_option("#mode", "unattended")
            shot(page, "approved")
            page.click("#end")
            page.wait_for_selector("#state.ending, #state.ended", timeout=5000)
        finally:
            browser.close()
    s.code, s.stdout, _ = live.finish(timeout=60)
    s.audit = audit_records(record / "audit.jsonl")
    print(f"\nconsole screenshots: {ARTIFACTS}")
    return s


def test_requests_without_the_token_are_refused(session: Session) -> None:
    assert session.unauthorised == {"/": 401, "/state": 401, "/events": 401, "/preview.jpg": 401,
                                    "POST /api/pause": 401, "wrong token": 401}
    assert session.screenshots and all(p.stat().st_size > 10_000 for p in session.screenshots)


def test_preview_frames_change_within_a_second(session: Session) -> None:
    frames = session.preview_frames
    assert frames == sorted(frames) and len(set(frames)) == len(frames)
    assert max(session.preview_delays) < 1.0, session.preview_delays
    print(f"preview delay: {max(session.preview_delays):.2f} s at most")


def test_the_console_plays_the_program_sound_back_to_back(session: Session) -> None:
    (first_rms, first_next, first_n), (_, second_next, second_n) = session.sound
    assert abs(first_n - 44100) < 2000  # the last second
    assert first_rms > 100  # the host is talking
    assert second_next == first_next + second_n and 0.7 * 44100 < second_n < 2.5 * 44100  # no gap, no overlap


def speech_rms(path: Path, start: float, end: float) -> float:
    """Loudness of the program sound between two stream times (int16 units)."""
    chunks = []
    with av.open(str(path)) as c:
        for frame in c.decode(audio=0):
            t = float(frame.pts * frame.time_base)
            if start <= t < end:
                raw = frame.to_ndarray().astype(np.float64)
                chunks.append(raw * (32768 if frame.format.name.startswith("flt") else 1))
    return float(np.sqrt(np.mean(np.concatenate(chunks, axis=None) ** 2))) if chunks else 0.0


def test_pause_holds_the_host_and_is_heard_in_the_recording(session: Session) -> None:
    assert session.code == 0
    pause, resume = session.operator("pause")[0], session.operator("resume")[0]
    assert pause["details"]["who"] == "tess"
    holding = [u for u in session.said() if u["segment"] == "holding"]
    assert holding and pause["stream_time"] <= holding[0]["stream_time"] < pause["stream_time"] + 3.0
    print(f"control latency (pause pressed -> holding line starts): "
          f"{holding[0]['stream_time'] - pause['stream_time']:.2f} s")
    # nothing but the holding line between pause and resume
    between = [u for u in session.said() if pause["stream_time"] < u["stream_time"] < resume["stream_time"]]
    assert [u["segment"] for u in between] == ["holding"]
    recording = session.record / "show.mp4"
    quiet = speech_rms(recording, resume["stream_time"] - 2.0, resume["stream_time"])
    talking = speech_rms(recording, 0.5, pause["stream_time"])
    assert talking > 300 and quiet < talking / 20, (talking, quiet)


def test_a_typed_line_is_guarded_said_and_audited(session: Session) -> None:
    assert SAID in session.say_result
    say = [r for r in session.operator("say") if r["details"]["text"] == SAID]
    assert say and say[0]["details"]["who"] == "tess" and say[0]["details"]["verdict"] == "allow"
    spoken = [u for u in session.said() if u["segment"] == "operator" and u["text"] == SAID]
    assert spoken and spoken[0]["stream_time"] >= say[0]["stream_time"]
    assert "health" in session.blocked_result  # the blocked line says which rule stopped it
    blocked = [r for r in session.operator("say") if r["details"]["text"] == BLOCKED][0]
    assert blocked["details"]["verdict"] == "block" and blocked["details"]["violations"]
    assert not any(u["text"] == BLOCKED for u in session.said())


def test_approve_each_mode_holds_a_line_until_approved(session: Session) -> None:
    mode = session.operator("mode")
    assert [m["details"]["mode"] for m in mode] == ["approve", "unattended"]
    approve = session.operator("approve")[0]
    assert approve["details"]["text"] == session.pending_text
    spoken = [u for u in session.said() if u["text"] == session.pending_text]
    assert spoken and spoken[-1]["stream_time"] > approve["stream_time"]
    # once what was voiced before the switch was said, the host began nothing until the approval
    waited = [u for u in session.said() if approve["stream_time"] - 2.5 < u["stream_time"] < approve["stream_time"]]
    assert not waited, ([(u["stream_time"], u["segment"], u["text"]) for u in waited], "approved at", approve["stream_time"])


def test_the_show_ends_from_the_console_with_its_closing_line(session: Session) -> None:
    assert session.operator("end")[0]["details"]["who"] == "tess"
    assert session.said()[-1]["segment"] == "closing"
    assert session.audit[-1]["details"]["reason"] == "operator"
    assert json.loads((session.record / "audit.jsonl").read_text().splitlines()[0])["event"] == "start"
