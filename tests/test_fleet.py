"""A fleet of shows against real parts: `host-runtime fleet` on the local engine with two short
shows pushing to a real nginx-rtmp (checked with PyAV), a real `kill -9` of one show's process
(restarted, resumed from its audit log, its stream back), a third show the CPU budget cannot
hold (refused, saying why), the fleet console in headless Chromium; then the same on Ray in a
local cluster, where killing a show's actor leaves no ffmpeg behind (checked by session).

One fleet per engine, shared by the module's asserts: the box has two cores."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from host_runtime.fleet.process import session_members
from host_runtime.models import lint_file
from tests.rtmp_fixtures import probe, running_nginx
from tests.test_console import CHROMIUM
from tests.test_live import HOST_RUNTIME, ROOT, audit_records, env

ray_missing = subprocess.run([str(Path(HOST_RUNTIME[0])), "-c", "import ray"], capture_output=True).returncode != 0
RUNDOWN = "name: short\nsegments:\n  - {kind: opening, minutes: 0.05}\n  - {kind: products, products: all, pitch_minutes: 1, qa_minutes: 0.2}\n"


def test_lint_checks_fleet_files_with_file_line_and_field(tmp_path: Path) -> None:
    """The shipped fleet lints clean; a broken one names each problem where it is, never a traceback."""
    assert lint_file(ROOT / "shows" / "demo.fleet.yaml") == ([], [])
    bad = tmp_path / "bad.fleet.yaml"
    bad.write_text("fleet: broken\ncpu_budget: 1\nshows:\n  - name: a\n    persona: nope.yaml\n"
                   "  - {name: b, file: missing.show.yaml}\n")
    errors = [str(p) for p in lint_file(bad)[0]]
    assert f"{bad}:5: shows[0].persona: no such file: {tmp_path}/nope.yaml" in errors
    assert f"{bad}:4: shows[0].catalog: required key is missing (or name a show file in file:)" in errors
    assert f"{bad}:6: shows[1].file: no such file: {tmp_path}/missing.show.yaml" in errors
    bad.write_text("fleet: broken\nshows:\n  - {name: Bad Name, cpu: 0}\n  - {name: b, file: x.yaml, cpus: 1}\n")
    errors = [str(p) for p in lint_file(bad)[0]]
    assert any(e.startswith(f"{bad}:3: shows[0].name: String should match pattern") for e in errors)
    assert f"{bad}:3: shows[0].cpu: Input should be greater than 0" in errors
    assert f"{bad}:4: shows[1].cpus: unknown key (check its spelling and indentation)" in errors
    two = tmp_path / "two.fleet.yaml"
    two.write_text(f"fleet: twice\ncpu_budget: 0.5\nshows:\n  - {{name: a, file: {ROOT}/shows/demo.show.yaml}}\n"
                   f"  - {{name: a, file: {ROOT}/shows/demo.show.yaml}}\n")
    assert [str(p) for p in lint_file(two)[0]] == [f"{two}:1: show names must be unique in a fleet: a given twice"]
    two.write_text(f"fleet: tight\ncpu_budget: 0.5\nshows:\n  - {{name: a, file: {ROOT}/shows/demo.show.yaml}}\n"
                   f"  - {{name: b, file: {ROOT}/shows/demo.show.yaml}}\n")
    errors, warnings = lint_file(two)
    assert not errors and "the shows need 1 cores together, over the budget of 0.5" in str(warnings[0])


def test_a_broken_fleet_file_starts_nothing_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from host_runtime.cli import main

    bad = tmp_path / "bad.fleet.yaml"
    bad.write_text("fleet: broken\nengine: kubernetes\nshows:\n  - {name: a, file: missing.show.yaml}\n")
    assert main(["fleet", str(bad), "--record", str(tmp_path / "rec")]) == 1
    err = capsys.readouterr().err
    assert f"{bad}:2: engine: Input should be 'local' or 'ray'" in err and "Traceback" not in err
    assert not (tmp_path / "rec").exists()


def fleet_file(tmp: Path, app_url: str, engine: str) -> Path:
    """Shows a (inline) and b (a show file, overridden) at 0.9 cores each in a 2-core budget; c, which
    does not fit beside them; on the local engine d, which does, scheduled an hour from now."""
    (tmp / "short.yaml").write_text(RUNDOWN)
    (tmp / "b.show.yaml").write_text(
        f"show: Show B\npersona: {ROOT}/personas/nova.yaml\ncatalog: {ROOT}/product_catalog/demo.yaml\n"
        f"rundown: short.yaml\ndestinations: ['{app_url}/b']\nllm_share: 0\nschedule: {{duration_minutes: 5}}\n")
    path = tmp / "test.fleet.yaml"
    start = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).isoformat()
    later = f"  - name: d\n    file: b.show.yaml\n    cpu: 0.1\n    schedule: {{start: '{start}', duration_minutes: 1}}\n"
    path.write_text(f"""fleet: test-{engine}
engine: {engine}
cpu_budget: 2
restart: {{max_restarts: 2, backoff_s: 0.5}}
shows:
  - name: a
    persona: {ROOT}/personas/nova.yaml
    catalog: {ROOT}/product_catalog/demo.yaml
    rundown: short.yaml
    destinations: ['{app_url}/a']
    llm_share: 0
    cpu: 0.9
    memory_mb: 700
    schedule: {{duration_minutes: 3, warmup_s: 0, wrapup_s: 0}}
  - name: b
    file: b.show.yaml
    cpu: 0.9
    memory_mb: 700
    schedule: {{duration_minutes: 3, warmup_s: 0, wrapup_s: 0}}
  - name: c
    file: b.show.yaml
    cpu: 0.9
{later if engine == "local" else ""}""")
    return path


def wait_until(what: str, check: Callable[[], Any], timeout: float = 90) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        time.sleep(0.25)
    raise AssertionError(f"timed out waiting for {what}")


def flvs(nginx: Any, stream: str) -> list[Path]:
    return [p for p in nginx.recordings() if p.name.startswith(f"{stream}-")]


def ffmpegs(sid: int) -> list[int]:
    return [p for p in session_members(sid) if b"ffmpeg" in Path(f"/proc/{p}/cmdline").read_bytes()]


@dataclass
class Observed:
    """What a fleet did, gathered once per engine for the asserts below."""

    record: Path
    first_live: dict[str, dict[str, Any]] = field(default_factory=dict)
    refused: dict[str, Any] = field(default_factory=dict)
    scheduled: dict[str, Any] = field(default_factory=dict)
    killed_sid: int = 0
    ffmpegs_before_kill: list[int] = field(default_factory=list)
    left_in_killed_session: list[int] = field(default_factory=list)
    restart_s: float = 0.0  # the kill to the show live again
    after_restart: dict[str, Any] = field(default_factory=dict)
    streams: dict[str, list[Path]] = field(default_factory=dict)
    page: dict[str, Any] = field(default_factory=dict)
    groups: list[int] = field(default_factory=list)
    left_at_end: list[int] = field(default_factory=list)
    output: str = ""


def exercise(obs: Observed, nginx: Any, statuses: Callable[[], dict[str, dict[str, Any]]],
             kill: Callable[[dict[str, Any]], None]) -> None:
    """Both shows live and pushing, c refused; kill a (as `kill`), see it come back resumed."""
    def both_live() -> dict[str, dict[str, Any]] | None:
        s = statuses()
        return s if all(s[n]["state"] == "live" for n in "ab") else None

    def a_back() -> dict[str, Any] | None:
        a = statuses()["a"]
        return a if a["state"] == "live" and a["restarts"] >= 1 else None

    live = wait_until("a and b live", both_live, timeout=120)
    obs.first_live, obs.refused = {n: live[n] for n in "ab"}, live["c"]
    if "d" in live:
        obs.scheduled = wait_until("d scheduled", lambda: (d := statuses()["d"])["state"] == "scheduled" and d)
    obs.groups = [live[n]["sid"] for n in "abd" if n in live]
    wait_until("both streams at nginx", lambda: flvs(nginx, "a") and flvs(nginx, "b"))
    time.sleep(2)
    obs.killed_sid = live["a"]["sid"]
    obs.ffmpegs_before_kill = ffmpegs(obs.killed_sid)
    killed_at = time.monotonic()
    kill(live["a"])
    again = wait_until("a live again", a_back, timeout=120)
    obs.restart_s = time.monotonic() - killed_at
    obs.after_restart = again
    obs.groups.append(again["sid"])
    obs.left_in_killed_session = session_members(obs.killed_sid)
    wait_until("a's stream back", lambda: len(flvs(nginx, "a")) >= 2 and flvs(nginx, "a")[-1].stat().st_size > 200_000)
    obs.streams = {n: flvs(nginx, n) for n in "ab"}


class FleetCommand:
    """`host-runtime fleet` as a user runs it, its output read as it comes."""

    def __init__(self, args: list[str]):
        self.proc = subprocess.Popen([*HOST_RUNTIME, "fleet", *args], cwd=ROOT, env=env(), text=True,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(self.proc.stdout or []), daemon=True).start()

    def wait_for(self, text: str) -> str:
        return wait_until(f"{text!r} printed", lambda: next((ln for ln in self.lines if text in ln), None)
                          or (self.proc.poll() is not None and pytest.fail("".join(self.lines))), timeout=60)

    def end(self) -> None:
        """Two SIGTERMs: stop every show now (a test waits for no closing line)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            time.sleep(0.5)
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def drive_page(obs: Observed, address: str, token: str) -> None:
    """The fleet console in a real browser: every show listed, a link to a show's console, start on
    the refused show says why, stop ends a show."""
    from playwright.sync_api import sync_playwright

    obs.page["unauthorised"] = httpx.get(address + "state", timeout=5).status_code
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(f"{address}?token={token}")
            page.wait_for_selector('tr[data-show="b"] .console a', timeout=20_000)
            obs.page["rows"] = {r.get_attribute("data-show"): r.query_selector(".state").inner_text()
                                for r in page.query_selector_all("#shows tr")}
            obs.page["link"] = page.get_attribute('tr[data-show="b"] .console a', "href")
            obs.page["own_console"] = httpx.get(obs.page["link"], timeout=5, follow_redirects=True).status_code
            page.click('tr[data-show="c"] button.start')
            page.wait_for_selector("#message.error", timeout=10_000)
            obs.page["start_c"] = page.inner_text("#message")
            page.click('tr[data-show="b"] button.stop')
            page.wait_for_function("document.querySelector('tr[data-show=\"b\"] .state').textContent == 'stopped'",
                                   timeout=40_000)
            obs.page["b_after_stop"] = page.inner_text('tr[data-show="b"] .state')
            obs.page["b_pushers_left"] = ffmpegs(obs.first_live["b"]["sid"])
            page.click('tr[data-show="a"] button.drain')
            page.wait_for_function("document.querySelector('tr[data-show=\"a\"] .state').textContent == 'ended'",
                                   timeout=90_000)
            obs.page["a_after_drain"] = page.inner_text('tr[data-show="a"] .state')
        finally:
            browser.close()


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Observed]:
    tmp = tmp_path_factory.mktemp("fleet")
    obs = Observed(tmp / "rec")
    with running_nginx(tmp / "nginx") as nginx:
        fleet = FleetCommand([str(fleet_file(tmp, nginx.app_url, "local")), "--record", str(obs.record),
                              "--console-port", "0"])
        try:
            url = fleet.wait_for("fleet console: http://127.0.0.1:").split()[2]
            address, token = url.split("?token=")

            def statuses() -> dict[str, dict[str, Any]]:
                reply = httpx.get(address + "state", headers={"X-Console-Token": token}, timeout=10).json()
                return {s["name"]: s for s in reply["shows"]}

            exercise(obs, nginx, statuses, lambda show: os.kill(show["pid"], signal.SIGKILL))
            if CHROMIUM.exists():
                drive_page(obs, address, token)
        finally:
            fleet.end()
            obs.output = "".join(fleet.lines)
            obs.left_at_end = [p for g in obs.groups for p in session_members(g)]
    yield obs


def test_a_fleet_of_two_shows_pushes_both_streams_and_refuses_a_third_with_the_reason(local: Observed) -> None:
    assert {n: s["state"] for n, s in local.first_live.items()} == {"a": "live", "b": "live"}
    for name in "ab":
        info = probe(local.streams[name][0])
        assert (info.video_codec, info.audio_codec, info.height) == ("h264", "aac", 720), name
    assert local.refused["state"] == "refused"
    reason = local.refused["detail"]
    assert "show 'c' refused" in reason and "needs 0.9 CPU cores" in reason and "0.2 of the fleet's 2" in reason
    assert "held by: a 0.9, b 0.9" in reason
    assert local.scheduled["cpu"] == 0.1 and local.scheduled["pid"]  # d fits, and waits for its start time
    assert "fleet: c refused (show 'c' refused: it needs 0.9 CPU cores" in local.output


def test_kill_9_of_a_show_restarts_it_resumed_and_its_stream_comes_back(local: Observed) -> None:
    assert local.after_restart["restarts"] == 1 and local.after_restart["pid"] != local.first_live["a"]["pid"]
    assert local.ffmpegs_before_kill and not local.left_in_killed_session  # its ffmpeg went with it
    audit = audit_records(local.record / "a" / "audit.jsonl")
    resumed = [r for r in audit if r["kind"] == "event" and r["event"] == "resume"]
    assert resumed and resumed[0]["details"]["previous_runs"] == 1
    back = probe(local.streams["a"][-1])
    assert back.video_codec == "h264" and back.duration >= 1.0
    assert "token=" in local.output and "***" not in local.output  # the fleet prints its own console's token only
    assert all("token=" not in line or line.startswith("fleet console:") for line in local.output.splitlines())
    assert "token=***" in (local.record / "a.log").read_text()  # a show's console token is masked in its log
    assert not local.left_at_end  # no show process or ffmpeg outlives the fleet


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (make setup)")
def test_the_fleet_console_lists_links_starts_and_stops_shows(local: Observed) -> None:
    assert local.page["unauthorised"] == 401
    assert local.page["rows"] == {"a": "live", "b": "live", "c": "refused", "d": "scheduled"}
    assert local.page["link"].startswith("http://127.0.0.1:") and "token=" in local.page["link"]
    assert local.page["own_console"] == 200
    assert "show 'c' refused: it needs 0.9 CPU cores" in local.page["start_c"]
    assert local.page["b_after_stop"] == "stopped" and not local.page["b_pushers_left"]
    assert local.page["a_after_drain"] == "ended"  # drained: the closing line said, the log closed cleanly
    audit = audit_records(local.record / "a" / "audit.jsonl")
    last_run = audit[max(i for i, r in enumerate(audit) if r["kind"] == "event" and r["event"] == "start"):]
    assert [r for r in last_run if r["kind"] == "event" and r["event"] == "stop"]
    assert [r for r in last_run if r["kind"] == "utterance" and r["segment"] == "closing"]


@pytest.fixture(scope="module")
def on_ray(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Observed]:
    import ray

    from host_runtime.fleet.ray_engine import RayEngine
    from host_runtime.models import load_fleet

    tmp = tmp_path_factory.mktemp("ray")
    obs = Observed(tmp / "rec")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        with running_nginx(tmp / "nginx") as nginx:
            path = fleet_file(tmp, nginx.app_url, "ray")
            engine = RayEngine(load_fleet(path), tmp, obs.record)
            try:
                obs.output = "\n".join(engine.start_all())
                exercise(obs, nginx, lambda: {s.name: s.to_json() for s in engine.statuses()},
                         lambda show: ray.kill(engine.actors["a"], no_restart=False))
            finally:
                engine.close()
                obs.left_at_end = [p for g in obs.groups for p in session_members(g)]
    finally:
        ray.shutdown()
    yield obs


@pytest.mark.skipif(ray_missing, reason="Ray is not installed (the optional `ray` extra)")
def test_on_ray_killing_a_shows_actor_restarts_it_resumed_and_leaves_no_ffmpeg(on_ray: Observed) -> None:
    assert {n: s["state"] for n, s in on_ray.first_live.items()} == {"a": "live", "b": "live"}
    assert on_ray.refused["state"] == "refused" and "needs 0.9 CPU cores" in on_ray.refused["detail"]
    assert "show 'c' refused" in on_ray.output
    for name in "ab":
        assert probe(on_ray.streams[name][0]).video_codec == "h264"
    assert on_ray.ffmpegs_before_kill  # the session held the show's ffmpeg when its actor was killed...
    assert not on_ray.left_in_killed_session  # ...and nothing of it is left
    assert on_ray.after_restart["restarts"] == 1 and on_ray.after_restart["sid"] != on_ray.killed_sid
    audit = audit_records(on_ray.record / "a" / "audit.jsonl")
    assert any(r["kind"] == "event" and r["event"] == "resume" for r in audit)
    assert probe(on_ray.streams["a"][-1]).duration >= 1.0
    assert not on_ray.left_at_end
    run = json.loads((on_ray.record / "a.run.json").read_text())
    assert run["starts"] == 2 and run["sid"] == on_ray.after_restart["sid"]


def test_the_ray_engine_without_ray_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    from host_runtime.cli import main

    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets where the extra is not installed
    assert main(["fleet", str(ROOT / "shows" / "demo.fleet.yaml"), "--engine", "ray", "--record",
                 str(tmp_path / "rec")]) == 2
    err = capsys.readouterr().err
    assert "the ray engine needs Ray, an optional extra" in err and "ray==2.60.0" in err and "Traceback" not in err
    assert not (tmp_path / "rec").exists()
