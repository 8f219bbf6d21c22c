"""The relay: a WebSocket on 127.0.0.1 that any comment tool can feed, token required; and the
moderation every platform's comments pass before triage (blocklist, flood collapse)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from host_runtime.chat.events import ChatEvent, user_key
from host_runtime.chat.hub import ChatHub
from host_runtime.chat.inbox import CommentInbox
from host_runtime.chat.moderation import Moderator
from host_runtime.chat.sources import open_source
from host_runtime.chat.sources.relay import RelaySource
from host_runtime.models.chat import Blocklist, RelayChat
from tests.chat_fixtures import Reports, wait_until

TOKEN = "relay-token-0123456789abcdef"


class Relay:
    def __init__(self, blocklist: Blocklist | None = None):
        self.inbox, self.reports = CommentInbox(), Reports()
        settings = RelayChat(source="relay", port=0, token_env="RELAY_TOKEN", platform="douyin",
                             blocklist=blocklist or Blocklist())
        self.source = RelaySource(settings, TOKEN)
        self.hub = ChatHub([self.source], self.inbox, self.reports).start()
        wait_until(lambda: self.hub.status()[0].state == "connected")

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.source.port}/"

    def client(self, token: str | None = TOKEN) -> ClientConnection:
        return connect(self.url, additional_headers={"Authorization": f"Bearer {token}"} if token else None,
                       open_timeout=5)

    def send(self, ws: ClientConnection, frame: object) -> dict[str, object]:
        ws.send(frame if isinstance(frame, (str, bytes)) else json.dumps(frame))
        return json.loads(ws.recv(timeout=5))


@pytest.fixture
def relay() -> Iterator[Relay]:
    r = Relay()
    yield r
    r.hub.stop()


def test_a_comment_tool_feeds_the_host_with_a_bearer_token(relay: Relay) -> None:
    assert relay.hub.status()[0].detail == f"listening on ws://127.0.0.1:{relay.source.port}/"
    with relay.client() as ws:
        answer = relay.send(ws, {"platform": "douyin", "channel": "northwind-shop", "id": "7312001",
                                 "user_id": "88442211", "user": "小王", "text": "这个多少钱？",
                                 "time": "2026-11-28T12:00:05+08:00"})
        assert answer == {"ok": True}
    comment = relay.inbox.get(timeout=5)
    assert comment is not None
    assert (comment.user, comment.text, comment.platform, comment.message_id) == ("小王", "这个多少钱？", "douyin", "7312001")
    assert comment.id.startswith("douyin-") and comment.user_id == user_key("douyin", "88442211")
    [seen] = relay.reports.of("comment")
    assert (seen["channel"], seen["sent_at"]) == ("northwind-shop", "2026-11-28T12:00:05+08:00")


def test_a_browser_tool_sends_the_token_as_its_first_frame(relay: Relay) -> None:
    with connect(relay.url, open_timeout=5) as ws:
        assert relay.send(ws, {"token": TOKEN}) == {"ok": True}
        assert relay.send(ws, {"user": "Lin", "text": "有蓝色的吗"}) == {"ok": True}
    comment = relay.inbox.get(timeout=5)
    assert comment is not None and comment.platform == "douyin"  # the relay's platform when a frame names none


def test_no_way_in_without_the_token(relay: Relay) -> None:
    with pytest.raises(InvalidStatus) as refused:
        relay.client("not-the-token").recv(timeout=5)
    assert refused.value.response.status_code == 401
    with connect(relay.url, open_timeout=5) as ws:
        ws.send(json.dumps({"token": "guess"}))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
    with connect(relay.url, open_timeout=5) as ws:  # a comment instead of the token is no token
        ws.send(json.dumps({"user": "x", "text": "hi"}))
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=5)
    assert len(relay.inbox) == 0


@pytest.mark.parametrize("frame, error", [
    ("{not json", "not a JSON object"),
    ({"user": "a", "text": "hi", "admin": True}, "admin: Extra inputs are not permitted"),
    ({"user": "a"}, "a comment needs"),
    ({"kind": "delete"}, '"delete" needs'),
    ({"user": "a", "text": "hi", "kind": "shout"}, "kind:"),
    ({"user": "a", "text": "x" * 2001}, "text:"),
])
def test_bad_frames_are_answered_and_the_connection_keeps_serving(relay: Relay, frame: object, error: str) -> None:
    with relay.client() as ws:
        answer = relay.send(ws, frame)
        assert answer["ok"] is False and error in str(answer["error"])
        assert relay.send(ws, {"user": "ok", "text": "still here?"}) == {"ok": True}
    assert (c := relay.inbox.get(timeout=5)) is not None and c.text == "still here?"


def test_an_oversize_frame_closes_only_that_connection(relay: Relay) -> None:
    with relay.client() as ws:
        ws.send(json.dumps({"user": "big", "text": "x" * 40_000}))
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009  # message too big
    with relay.client() as ws:
        assert relay.send(ws, {"user": "next", "text": "fine"}) == {"ok": True}


def test_deletes_from_the_platform_withdraw_waiting_comments(relay: Relay) -> None:
    with relay.client() as ws:
        for i, (uid, text) in enumerate([("9", "spam link"), ("9", "more spam"), ("1", "is it in stock?"),
                                         ("2", "what about shipping?")]):
            assert relay.send(ws, {"id": f"m{i}", "user_id": uid, "user": f"u{uid}", "text": text}) == {"ok": True}
        wait_until(lambda: len(relay.inbox) == 4)
        assert relay.send(ws, {"kind": "delete", "user_id": "9"}) == {"ok": True}  # a ban: all of theirs
        assert relay.send(ws, {"kind": "delete", "id": "m3"}) == {"ok": True}  # one message
    wait_until(lambda: len(relay.reports.of("comment_withdrawn")) == 2)
    assert [c.text for c in relay.inbox.drain()] == ["is it in stock?"]


def test_gifts_follows_and_orders_are_recorded_not_answered(relay: Relay) -> None:
    with relay.client() as ws:
        assert relay.send(ws, {"kind": "order", "user": "小李", "text": "下单了 AeroPress Go x1"}) == {"ok": True}
        assert relay.send(ws, {"kind": "follow", "user": "小周"}) == {"ok": True}
        assert relay.send(ws, {"kind": "gift", "user": "小赵", "text": "小心心 x10"}) == {"ok": True}
    wait_until(lambda: relay.reports.of("chat_gift"))
    assert [d["user"] for d in relay.reports.of("chat_order")] == ["小李"]
    assert [d["user"] for d in relay.reports.of("chat_follow")] == ["小周"]
    assert len(relay.inbox) == 0


def test_blocklist_and_flood_collapse_drop_comments_before_triage() -> None:
    relay = Relay(Blocklist(words=["scam", "傻瓜"], users=["Spammy", "666"]))
    try:
        with relay.client() as ws:
            frames = [
                {"user": "Ana", "user_id": "1", "text": "Is this a SCAM?"},  # blocked word, any case
                {"user": "Bo", "user_id": "2", "text": "scampi recipe?"},  # not the word itself
                {"user": "Cy", "user_id": "3", "text": "你是傻瓜吗"},  # Chinese: no spaces between words
                {"user": "spammy", "user_id": "4", "text": "hello"},  # blocked display name
                {"user": "Dee", "user_id": "666", "text": "hi there"},  # blocked platform id
                {"user": "Eve", "user_id": "5", "text": "How much is it??"},
                {"user": "Fay", "user_id": "6", "text": "how much is it"},  # the same question: collapsed
                {"user": "Gus", "user_id": "7", "text": "HOW MUCH IS IT!!!"},
            ]
            for f in frames:
                assert relay.send(ws, f) == {"ok": True}  # moderation is silent to the sender
        wait_until(lambda: len(relay.reports.of("comment_rejected")) == 6)
        assert [c.text for c in relay.inbox.drain()] == ["scampi recipe?", "How much is it??"]
        reasons = [d["reason"] for d in relay.reports.of("comment_rejected")]
        assert reasons[:4] == ["blocklist: word 'SCAM'", "blocklist: word '傻瓜'", "blocklist: user", "blocklist: user"]
        assert all(r.startswith("duplicate") for r in reasons[4:])
        assert relay.hub.status()[0].dropped == 6
    finally:
        relay.hub.stop()


def test_the_flood_window_forgets() -> None:
    clock = [0.0]
    moderator = Moderator(Blocklist(), window_s=30, clock=lambda: clock[0])

    def event(text: str) -> ChatEvent:
        return ChatEvent(platform="twitch", channel="#shop", user_id="u", user="u", text=text)

    assert moderator.verdict(event("price?")) is None
    clock[0] = 20
    assert moderator.verdict(event("Price!")) is not None  # a flood that goes on stays collapsed
    clock[0] = 45
    assert moderator.verdict(event("price")) is not None
    clock[0] = 80
    assert moderator.verdict(event("price?")) is None  # quiet for over 30 s: a new question


def test_a_short_or_missing_relay_token_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = RelayChat(source="relay", token_env="RELAY_TOKEN")
    monkeypatch.delenv("RELAY_TOKEN", raising=False)
    with pytest.raises(LookupError, match="RELAY_TOKEN"):
        open_source(settings)
    monkeypatch.setenv("RELAY_TOKEN", "short")
    with pytest.raises(LookupError, match="at least 16"):
        open_source(settings)
    monkeypatch.setenv("RELAY_TOKEN", TOKEN)
    assert isinstance(open_source(settings), RelaySource)
