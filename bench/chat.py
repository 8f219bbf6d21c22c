"""Chat adapter figures, against the same local servers the tests use (tests/chat_fixtures.py).

1. reconnect time after a server restart: miniircd killed and started again on its port (the
   Twitch adapter), the local YouTube API going away and coming back, and Twitch's RECONNECT
   on the Twitch-dialect server. Measured from the server listening again (or the RECONNECT
   line) to the source reporting `connected` (joined, or the first poll answered), after an
   outage of a second that follows a healthy connection.
2. comment -> first answer audio through each adapter, in a real-time show (director, guard,
   voice, avatar, encode; recorded locally): the wall time from the viewer's message leaving
   the platform server to the first sample of the answer leaving playout (audit log), questions
   one at a time so that no answer waits behind another.

Run: .venv/bin/python bench/chat.py [--restarts 5] [--questions 4]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from websockets.sync.client import connect  # noqa: E402

from host_runtime.chat.hub import BACKOFF, ChatHub  # noqa: E402
from host_runtime.chat.inbox import CommentInbox  # noqa: E402
from host_runtime.chat.sources.relay import RelaySource  # noqa: E402
from host_runtime.chat.sources.twitch import TwitchSource  # noqa: E402
from host_runtime.chat.sources.youtube import YouTubeSource  # noqa: E402
from host_runtime.cli import build_parser  # noqa: E402
from host_runtime.cli.live import build_show  # noqa: E402
from host_runtime.models.chat import RelayChat, TwitchChat, YouTubeChat  # noqa: E402
from tests.chat_fixtures import (MiniIrcd, Reports, TwitchServer, YouTubeApi, privmsg,  # noqa: E402
                                 wait_until, yt_message)

KEY, RELAY_TOKEN = "AIzaTestKey-0123456789", "relay-token-0123456789abcdef"
QUESTIONS = ["How much is the AeroPress Go?", "Is the Brewline kettle in stock?",
             "How big is the CrispWave air fryer?", "What SPF is the DayShield sunscreen?",
             "Is the Lumiere serum good for dry skin?", "What are the returns like?"]


def summary(values: list[float]) -> str:
    return (f"median {statistics.median(values):.2f} s, min {min(values):.2f} s, max {max(values):.2f} s "
            f"(n={len(values)})")


def connects(hub: ChatHub) -> int:
    status = hub.status()[0]
    return status.connects if status.state == "connected" else 0


def twitch_restarts(n: int) -> list[float]:
    irc = MiniIrcd().start()
    source = TwitchSource(TwitchChat(source="twitch", channel="shop", server=f"irc://127.0.0.1:{irc.port}"), None)
    hub = ChatHub([source], CommentInbox(), Reports()).start()
    out = []
    try:
        wait_until(lambda: connects(hub) == 1)
        for i in range(n):
            irc.stop()
            wait_until(lambda: hub.status()[0].state == "retrying")
            time.sleep(1.0)  # an outage of a second
            irc.start()
            back = time.monotonic()
            wait_until(lambda: connects(hub) == i + 2, timeout=60, step=0.005)
            out.append(time.monotonic() - back)
            time.sleep(BACKOFF.healthy_after)  # up long enough that the next outage starts the backoff afresh
    finally:
        hub.stop()
        irc.stop()
    return out


def twitch_reconnects(n: int) -> list[float]:
    server = TwitchServer()
    source = TwitchSource(TwitchChat(source="twitch", channel="shop", server=server.url), None)
    hub = ChatHub([source], CommentInbox(), Reports()).start()
    out = []
    try:
        wait_until(lambda: connects(hub) == 1 and server.clients())
        for i in range(n):
            asked = time.monotonic()
            server.send(":tmi.twitch.tv RECONNECT")
            server.drop_all()
            wait_until(lambda: connects(hub) == i + 2 and server.clients(), timeout=60, step=0.005)
            out.append(time.monotonic() - asked)
    finally:
        hub.stop()
        server.close()
    return out


def youtube_restarts(n: int) -> list[float]:
    api = YouTubeApi(api_key=KEY, interval_ms=1000)
    config = YouTubeChat(source="youtube", video_id=api.video_id, api_url=api.url, api_key_env="K")
    hub = ChatHub([YouTubeSource(config, api.video_id, KEY, None)], CommentInbox(), Reports()).start()
    out = []
    try:
        wait_until(lambda: connects(hub) == 1)
        for i in range(n):
            port = api.port
            api.close()
            wait_until(lambda: hub.status()[0].state == "retrying", timeout=30)
            time.sleep(1.0)
            api = YouTubeApi(api_key=KEY, interval_ms=1000, port=port)
            back = time.monotonic()
            wait_until(lambda: connects(hub) == i + 2, timeout=60, step=0.005)
            out.append(time.monotonic() - back)
            time.sleep(BACKOFF.healthy_after)
    finally:
        hub.stop()
        api.close()
    return out


def answered(audit: Path, message_id: str, timeout: float = 90) -> tuple[float, float]:
    """(wall time the hub accepted the comment, wall time its first answer sentence started),
    once the host has moved on from the answer."""
    def done() -> tuple[float, float] | None:
        records = [json.loads(line) for line in audit.read_text().splitlines()]
        comment = next((r for r in records if r.get("event") == "comment" and r["details"]["message_id"] == message_id),
                       None)
        if comment is None:
            return None
        cid = comment["details"]["comment_id"]
        said = [u for u in records if u["kind"] == "utterance"]
        first = next((i for i, u in enumerate(said) if cid in u["comment_ids"]), None)
        if first is None or not any(cid not in u["comment_ids"] for u in said[first:]):
            return None
        return comment["wall_time"], said[first]["wall_time"]

    return wait_until(done, timeout=timeout, step=0.05)


def answer_latencies(per_adapter: int) -> dict[str, tuple[list[float], list[float]]]:
    twitch, api = TwitchServer(), YouTubeApi(api_key=KEY, interval_ms=1000)
    sources = [TwitchSource(TwitchChat(source="twitch", channel="shop", server=twitch.url), None),
               YouTubeSource(YouTubeChat(source="youtube", video_id=api.video_id, api_url=api.url, api_key_env="K"),
                             api.video_id, KEY, None),
               RelaySource(RelayChat(source="relay", port=0, token_env="T", platform="douyin"), RELAY_TOKEN)]
    relay = sources[2]
    assert isinstance(relay, RelaySource)
    results: dict[str, tuple[list[float], list[float]]] = {"twitch": ([], []), "youtube": ([], []), "relay": ([], [])}
    with tempfile.TemporaryDirectory() as tmp:
        args = build_parser().parse_args(["live", "--record", f"{tmp}/rec", "--duration", "900", "--llm-share", "0",
                                          "--as-of", "2026-11-28T12:00:00Z"])
        show = build_show(args, chat=sources)
        runner = threading.Thread(target=show.run, daemon=True)
        runner.start()
        show.started.wait(60)
        wait_until(lambda: all(s.state == "connected" for s in show.chat_status()), timeout=30)

        def relay_send(msg_id: str, text: str) -> None:
            with connect(f"ws://127.0.0.1:{relay.port}/", additional_headers={"Authorization": f"Bearer {RELAY_TOKEN}"},
                         open_timeout=5) as ws:
                ws.send(json.dumps({"id": msg_id, "user_id": msg_id, "user": f"viewer {msg_id}", "text": text}))
                ws.recv(timeout=5)

        asks: dict[str, Callable[[str, str], Any]] = {
            "twitch": lambda mid, text: twitch.send(privmsg("shop", f"v{mid}", text, msg_id=mid, user_id=mid)),
            "youtube": lambda mid, text: api.pages.append([yt_message(mid, f"UC{mid}", f"Viewer {mid}", text)]),
            "relay": relay_send,
        }
        try:
            for k in range(per_adapter):
                for name, ask in asks.items():
                    mid = f"{name}-{k}"
                    sent = time.time()
                    ask(mid, QUESTIONS[(k * 3 + len(name)) % len(QUESTIONS)])
                    accepted, spoken = answered(show.audit_path, mid)
                    results[name][0].append(spoken - sent)
                    results[name][1].append(spoken - accepted)
        finally:
            show.request_stop("bench")
            runner.join(60)
            twitch.close()
            api.close()
    return results


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--restarts", type=int, default=5, help="server restarts per adapter (default: 5)")
    p.add_argument("--questions", type=int, default=4, help="questions per adapter in the show (default: 4)")
    args = p.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    print(f"machine load average {os.getloadavg()[0]:.1f}")
    print(f"reconnect, Twitch adapter, miniircd restarted after a 1 s outage: {summary(twitch_restarts(args.restarts))}")
    print(f"reconnect, Twitch adapter, on Twitch's RECONNECT: {summary(twitch_reconnects(args.restarts))}")
    print(f"reconnect, YouTube adapter, API back after a 1 s outage (polling every 1 s): "
          f"{summary(youtube_restarts(args.restarts))}")
    for name, (sent, accepted) in answer_latencies(args.questions).items():
        print(f"comment -> first answer audio, {name}: from the platform server {summary(sent)}; "
              f"from the inbox {summary(accepted)}")


if __name__ == "__main__":
    main()
