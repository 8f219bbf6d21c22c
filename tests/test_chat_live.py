"""End to end: `host-runtime live --ingest PROFILE` with a chat section per profile, pushed to a
real nginx-rtmp, answers questions that arrived through each adapter (Twitch dialect server,
the local YouTube API, the relay), and the audit log ties each answer to the platform comment.
Also: destination profiles with chat sections are linted with file, line and field."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from websockets.sync.client import connect

from host_runtime.models import lint_file
from tests.chat_fixtures import TwitchServer, YouTubeApi, privmsg, wait_until, yt_message
from tests.rtmp_fixtures import NginxRtmp, running_nginx, probe
from tests.test_live import AS_OF, HOST_RUNTIME, ROOT, Live, audit_records, env

SECRETS = {"KEY_TW": "tw-sk-9f3Qz7TopSecret", "KEY_YT": "yt-sk-Wq81TopSecret", "KEY_RELAY": "relay-sk-77TopSecret",
           "TEST_TWITCH_TOKEN": "good-token-123",
           "TEST_YT_KEY": "AIzaTestKey-0123456789", "TEST_RELAY_TOKEN": "relay-token-0123456789abcdef"}


@pytest.fixture(scope="module")
def nginx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NginxRtmp]:
    with running_nginx(tmp_path_factory.mktemp("nginx-chat")) as server:
        yield server


def profile(path: Path, nginx: NginxRtmp, stream: str, chat: str) -> Path:
    path.write_text(f"name: {stream}\nplatform: nginx-rtmp\nurl: {nginx.app_url}\n"
                    f"stream_key_env: KEY_{stream.upper()}\nchat:\n{chat}")
    return path


def stderr_line(live: Live, text: str, timeout: float = 60) -> str:
    return wait_until(lambda: next((line for line in live.err if text in line), None), timeout=timeout)


def answered_and_done(audit: Path, message_id: str, timeout: float = 60) -> None:
    """Wait until the comment with this platform id was answered and the host moved on."""
    def done() -> bool:
        records = audit_records(audit)
        cid = next((r["details"]["comment_id"] for r in records
                    if r.get("event") == "comment" and r["details"]["message_id"] == message_id), None)
        said = [u for u in records if u["kind"] == "utterance"]
        first = next((i for i, u in enumerate(said) if cid in u["comment_ids"]), None)
        return first is not None and any(cid not in u["comment_ids"] for u in said[first:])

    wait_until(done, timeout=timeout, step=0.2)


def test_a_live_show_answers_twitch_youtube_and_relay_chat(nginx: NginxRtmp, tmp_path: Path) -> None:
    twitch, youtube = TwitchServer(), YouTubeApi(api_key=SECRETS["TEST_YT_KEY"])
    youtube.pages = [(503, "backendError")]  # the API has a bad moment as the show starts: the show goes on
    try:
        ingests = [
            profile(tmp_path / "tw.yaml", nginx, "tw", f"  source: twitch\n  channel: shop\n  nick: shopbot\n"
                    f"  token_env: TEST_TWITCH_TOKEN\n  server: {twitch.url}\n  reply: true\n"),
            profile(tmp_path / "yt.yaml", nginx, "yt", f"  source: youtube\n  video_id: {youtube.video_id}\n"
                    f"  api_key_env: TEST_YT_KEY\n  api_url: {youtube.url}\n"),
            profile(tmp_path / "relay.yaml", nginx, "relay", "  source: relay\n  port: 0\n"
                    "  token_env: TEST_RELAY_TOKEN\n  platform: douyin\n"),
        ]
        for path in ingests:
            assert lint_file(path) == ([], []), path.read_text()
        record = tmp_path / "rec"
        args = [a for p in ingests for a in ("--ingest", str(p))]
        live = Live([*args, "--record", str(record), "--duration", "150", "--as-of", AS_OF, "--llm-share", "0"],
                    {**env(), **SECRETS})
        live.wait_for("Ctrl-C ends the show")
        stderr_line(live, "live: chat twitch #shop connected (joined #shop)")
        relay_line = stderr_line(live, "live: chat relay 127.0.0.1:")
        relay_port = int(relay_line.split("127.0.0.1:")[1].split()[0])
        stderr_line(live, "live: chat youtube dQw4w9WgXcQ retrying")
        stderr_line(live, "live: chat youtube dQw4w9WgXcQ connected")

        def relay_send(frame: dict[str, str]) -> None:
            with connect(f"ws://127.0.0.1:{relay_port}/", open_timeout=5,
                         additional_headers={"Authorization": f"Bearer {SECRETS['TEST_RELAY_TOKEN']}"}) as ws:
                ws.send(json.dumps(frame))
                assert json.loads(ws.recv(timeout=5)) == {"ok": True}

        questions = [  # one at a time, each after the answer before it was said: latency of this adapter alone
            ("twitch", "tw-msg-1", lambda: twitch.send(privmsg("shop", "ana", "How much is the AeroPress Go?",
                                                               msg_id="tw-msg-1", user_id="41021"))),
            ("youtube", "yt-msg-1", lambda: youtube.pages.append(
                [yt_message("yt-msg-1", "UCbo", "Bo", "Is the Brewline kettle in stock?")])),
            ("douyin", "dy-msg-1", lambda: relay_send({"platform": "douyin", "channel": "northwind", "id": "dy-msg-1",
                                                       "user_id": "8844", "user": "小王",
                                                       "text": "How big is the CrispWave air fryer?"})),
        ]
        asked: dict[str, float] = {}
        for platform, message_id, ask in questions:
            asked[platform] = time.time()
            ask()
            answered_and_done(record / "audit.jsonl", message_id)
        live.proc.send_signal(signal.SIGTERM)  # the closing line, then the end
        code, out, err = live.finish()
        twitch_lines = list(twitch.received)
    finally:
        twitch.close()
        youtube.close()
    assert code == 0, err[-3000:]
    audit = audit_records(record / "audit.jsonl")
    verified = subprocess.run([*HOST_RUNTIME, "audit", "verify", str(record / "audit.jsonl")], cwd=ROOT,
                              capture_output=True, text=True)
    assert verified.returncode == 0, verified.stdout

    comments = {r["details"]["message_id"]: r for r in audit if r.get("event") == "comment"}
    answers = {cid: u for u in audit if u["kind"] == "utterance" for cid in u["comment_ids"]}
    expected = {"tw-msg-1": ("twitch", "#shop", "AP-GO-01"), "yt-msg-1": ("youtube", "dQw4w9WgXcQ", "KT-KET-02"),
                "dy-msg-1": ("douyin", "northwind", "KT-AF-03")}
    latencies: dict[str, float] = {}
    for message_id, (platform, channel, sku) in expected.items():
        comment = comments[message_id]["details"]
        assert (comment["platform"], comment["channel"]) == (platform, channel)
        answer = answers[comment["comment_id"]]  # the audit ties the answer to the platform's comment
        assert answer["segment"] == "answer" and answer["sku"] == sku and answer["sources"]
        latencies[platform] = answer["wall_time"] - asked[platform]
    print("comment sent -> first answer audio:", {k: round(v, 2) for k, v in latencies.items()})
    assert all(0 < v < 10 for v in latencies.values()), latencies

    # Twitch replies were on: the first answer sentence went back as a threaded reply
    twitch_answer = answers[comments["tw-msg-1"]["details"]["comment_id"]]["text"]
    assert f"@reply-parent-msg-id=tw-msg-1 PRIVMSG #shop :{twitch_answer}" in twitch_lines

    states = [(r["details"]["source"].split()[0], r["details"]["state"]) for r in audit if r.get("event") == "chat_source"]
    assert ("youtube", "retrying") in states and states.count(("twitch", "connected")) == 1
    assert {s for s, st in states if st == "stopped"} == {"twitch", "youtube", "relay"}

    flvs = nginx.recordings()
    assert {f.name.split("-")[0] for f in flvs} == {"tw", "yt", "relay"}  # one push per profile
    info = probe(flvs[0])
    assert (info.video_codec, info.audio_codec) == ("h264", "aac")

    everything = out + err + (record / "audit.jsonl").read_text()
    for name, secret in SECRETS.items():
        assert secret not in everything, f"{name} leaked"


def test_a_profile_with_a_missing_chat_token_refuses_to_start(tmp_path: Path) -> None:
    path = tmp_path / "tw.yaml"
    path.write_text("name: t\nplatform: twitch\nurl: rtmp://127.0.0.1:1/app\nchat:\n  source: twitch\n"
                    "  channel: shop\n  nick: shopbot\n  token_env: NOT_SET_ANYWHERE\n")
    done = subprocess.run([*HOST_RUNTIME, "live", "--ingest", str(path), "--duration", "1", "--llm-share", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, env=env())
    assert done.returncode == 2
    assert f"{path}: environment variable NOT_SET_ANYWHERE (the Twitch chat token) is not set" in done.stderr


def lint(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(text)
    errors, _ = lint_file(path)
    return [str(e).replace(str(path), "p.yaml") for e in errors]


HEAD = "name: x\nplatform: {platform}\nurl: rtmp://example.org/app\nchat:\n"


@pytest.mark.parametrize("platform, chat, error", [
    ("twitch", "  source: twitch\n  channel: shop\n  tokn_env: X\n",
     "p.yaml:7: chat.tokn_env: unknown key (check its spelling and indentation)"),
    ("twitch", "  source: twitch\n  channel: '#not a channel'\n", "p.yaml:6: chat.channel: String should match"),
    ("twitch", "  source: twitch\n  channel: shop\n  token_env: TOK\n", "p.yaml:4: chat: token_env needs nick"),
    ("twitch", "  source: twitch\n  channel: shop\n  reply: true\n", "p.yaml:4: chat: reply: true needs token_env"),
    ("twitch", "  source: twitch\n  channel: shop\n  server: irc://irc.example.org:6667\n",
     "p.yaml:4: chat: use ircs:// (TLS) for a remote IRC server"),
    ("youtube", "  source: twitch\n  channel: shop\n",
     "p.yaml:5: chat.source: a youtube destination reads chat from relay or youtube, not twitch"),
    ("youtube", "  source: youtube\n  api_key_env: K\n", "p.yaml:4: chat: give exactly one of video_id"),
    ("youtube", "  source: youtube\n  video_id: dQw4w9WgXcQ\n", "p.yaml:4: chat: give api_key_env or oauth_token_env"),
    ("youtube", "  source: youtube\n  video_id: dQw4w9WgXcQ\n  api_key_env: K\n  reply: true\n",
     "p.yaml:4: chat: reply: true needs oauth_token_env"),
    ("youtube", "  source: youtube\n  video_id: dQw4w9WgXcQ\n  api_key_env: K\n  api_url: http://example.org/v3\n",
     "p.yaml:8: chat.api_url: the API is reached over https://"),
    ("douyin", "  source: relay\n  port: 8765\n", "p.yaml:4: chat.token_env: required key is missing"),
    ("douyin", "  source: relay\n  port: 99999\n  token_env: T\n", "p.yaml:6: chat.port: Input should be less"),
    ("douyin", "  source: telegram\n", "p.yaml:4: chat: Input tag 'telegram' found using 'source' does not match"),
])
def test_lint_names_file_line_and_field_of_a_bad_chat_section(tmp_path: Path, platform: str, chat: str,
                                                             error: str) -> None:
    errors = lint(tmp_path, HEAD.format(platform=platform) + chat)
    assert any(e.startswith(error) for e in errors), errors


def test_the_shipped_profiles_name_their_chat() -> None:
    from host_runtime.models import load_destination

    kinds: dict[str, Any] = {p.stem: load_destination(p).chat for p in (ROOT / "streaming").glob("*.yaml")}
    assert kinds["twitch"].source == "twitch" and kinds["twitch"].token_env == "TWITCH_CHAT_TOKEN"
    assert kinds["youtube"].source == "youtube" and kinds["youtube"].video_id_env == "YOUTUBE_VIDEO_ID"
    assert kinds["douyin"].source == "relay" and kinds["douyin"].platform == "douyin"
    assert kinds["local"] is None
