"""The Twitch adapter against real servers: miniircd (a real ircd) for connecting, joining,
messages, PING and reconnecting after the server is restarted; and a Twitch-dialect server
for what only Twitch sends: tags, USERNOTICE, CLEARCHAT, CLEARMSG, RECONNECT."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from host_runtime.chat.hub import ChatHub
from host_runtime.chat.inbox import CommentInbox
from host_runtime.chat.sources.twitch import REPLIES_PER_30S, TwitchSource
from host_runtime.chat.events import user_key
from host_runtime.models.chat import TwitchChat
from tests.chat_fixtures import IrcViewer, MiniIrcd, Reports, TwitchServer, privmsg, wait_until

TOKEN = "good-token-123"


def state(hub: ChatHub) -> str:
    return hub.status()[0].state


@pytest.fixture
def ircd() -> Iterator[MiniIrcd]:
    server = MiniIrcd().start()
    yield server
    server.stop()


def twitch_hub(server: str, inbox: CommentInbox, reports: Reports, token: str | None = None,
               read_timeout: float = 360.0, **settings: object) -> ChatHub:
    config = TwitchChat(source="twitch", channel="#Shop", server=server,
                        **({"nick": "shopbot", "token_env": "TWITCH_CHAT_TOKEN"} if token else {}), **settings)
    return ChatHub([TwitchSource(config, token, read_timeout=read_timeout)], inbox, reports, seed=1).start()


def test_reads_a_real_ircd_answers_its_pings_and_comes_back_after_a_restart(ircd: MiniIrcd) -> None:
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(f"irc://127.0.0.1:{ircd.port}", inbox, reports, read_timeout=0.5)
    try:
        wait_until(lambda: state(hub) == "connected")
        assert hub.status()[0].detail == "joined #shop"
        viewer = IrcViewer(ircd.port, "ana", "#shop")
        viewer.say("How much is the AeroPress Go?")
        comment = inbox.get(timeout=5)
        assert comment is not None and (comment.user, comment.text, comment.platform) == \
            ("ana", "How much is the AeroPress Go?", "twitch")
        assert comment.id.startswith("twitch-") and comment.user_id == user_key("twitch", "ana")
        [seen] = reports.of("comment")
        assert (seen["comment_id"], seen["channel"], seen["source"]) == (comment.id, "#shop", "twitch #shop")

        time.sleep(2.0)  # four read timeouts: the client pings a quiet server, miniircd answers
        assert state(hub) == "connected" and hub.status()[0].connects == 1

        viewer.close()
        ircd.stop()  # an outage: the show's chat goes down, the show does not
        wait_until(lambda: state(hub) == "retrying")
        assert "lost" in hub.status()[0].detail
        down = time.monotonic()
        ircd.start()
        wait_until(lambda: state(hub) == "connected" and hub.status()[0].connects == 2, timeout=20)
        assert time.monotonic() - down < 10
        viewer = IrcViewer(ircd.port, "bo", "#shop")
        viewer.say("Is the kettle in stock?")
        again = inbox.get(timeout=5)
        assert again is not None and again.text == "Is the kettle in stock?"
        viewer.close()
    finally:
        hub.stop()
    states = [d["state"] for d in reports.of("chat_source")]
    # one record per change (lost, then refused while down), not one per attempt
    assert states[0] == "connected" and set(states[1:-2]) == {"retrying"} and len(states) <= 5
    assert states[-2:] == ["connected", "stopped"]


def test_a_password_protected_ircd_gets_the_token_as_pass() -> None:
    server = MiniIrcd(password=f"oauth:{TOKEN}").start()
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(f"irc://127.0.0.1:{server.port}", inbox, reports, token=TOKEN)
    try:
        wait_until(lambda: state(hub) == "connected")
        viewer = IrcViewer(server.port, "cy", "#shop", password=f"oauth:{TOKEN}")
        viewer.say("hello from cy")
        assert (c := inbox.get(timeout=5)) is not None and c.text == "hello from cy"
        viewer.close()
    finally:
        hub.stop()
        server.stop()
    assert TOKEN not in reports.text()


@pytest.fixture
def twitch() -> Iterator[TwitchServer]:
    server = TwitchServer()
    yield server
    server.close()


def joined(twitch: TwitchServer, hub: ChatHub, connects: int = 1) -> None:
    wait_until(lambda: state(hub) == "connected" and hub.status()[0].connects == connects and twitch.clients())


def test_negotiates_twitch_capabilities_and_reads_tags(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(twitch.url, inbox, reports, token=TOKEN)
    try:
        joined(twitch, hub)
        req = next(line for line in twitch.received if line.startswith("CAP REQ"))
        assert set(req.split(":", 1)[1].split()) == {"twitch.tv/tags", "twitch.tv/commands"}
        assert f"PASS oauth:{TOKEN}" in twitch.received and "NICK shopbot" in twitch.received
        assert "JOIN #shop" in twitch.received
        sent_ms = 1_796_000_000_000
        twitch.send(privmsg("shop", "ana_99", "Does it come in blue?", msg_id="b34ccfc7-4977-403a-8a94-33c6bac34fb8",
                            user_id="41021", display="Ana", sent_ms=sent_ms))
        twitch.send(privmsg("shop", "bo", "\x01ACTION waves\x01", msg_id="m-2", user_id="51000"))
        twitch.send(privmsg("shop", "cheery", "cheer100 take my bits", msg_id="m-3", user_id="61000", bits=100))
        first, second = inbox.get(timeout=5), inbox.get(timeout=5)
        assert first is not None and second is not None
        assert (first.user, first.text, first.message_id, first.user_id) == \
            ("Ana", "Does it come in blue?", "b34ccfc7-4977-403a-8a94-33c6bac34fb8", user_key("twitch", "41021"))
        assert second.text == "waves"  # /me, without its CTCP wrapping
        seen = reports.of("comment")[0]
        assert seen["sent_at"].startswith("2026-11-30T")  # tmi-sent-ts, not the arrival time
        [gift] = wait_until(lambda: reports.of("chat_gift"))
        assert gift["user"] == "cheery"  # Bits are a gift: recorded, not answered
        assert inbox.get(timeout=0.2) is None
    finally:
        hub.stop()


def test_usernotices_are_recorded_as_gifts_and_system_events(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(twitch.url, inbox, reports, token=TOKEN)
    try:
        joined(twitch, hub)
        twitch.send("@badge-info=subscriber/8;badges=subscriber/6;color=#008000;display-name=Dee;emotes=;id=n-1;"
                    "login=dee;mod=0;msg-id=resub;msg-param-cumulative-months=8;msg-param-sub-plan=1000;room-id=1337;"
                    "system-msg=Dee\\ssubscribed\\sat\\sTier\\s1.;tmi-sent-ts=1796000000000;user-id=777;user-type= "
                    ":tmi.twitch.tv USERNOTICE #shop :Eight months and still buying!")
        twitch.send("@badge-info=;badges=;color=;display-name=RaidLead;emotes=;id=n-2;login=raidlead;mod=0;"
                    "msg-id=raid;msg-param-viewerCount=42;room-id=1337;system-msg=42\\sraiders\\sfrom\\sRaidLead;"
                    "tmi-sent-ts=1796000000001;user-id=888;user-type= :tmi.twitch.tv USERNOTICE #shop")
        [sub] = wait_until(lambda: reports.of("chat_gift"))
        [raid] = wait_until(lambda: reports.of("chat_system"))
        assert (sub["user"], sub["text"], sub["user_id"]) == \
            ("Dee", "Eight months and still buying!", user_key("twitch", "777"))
        assert raid["text"] == "42 raiders from RaidLead"
        assert len(inbox) == 0
    finally:
        hub.stop()


def test_clearchat_and_clearmsg_withdraw_comments_before_they_are_answered(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(twitch.url, inbox, reports, token=TOKEN)
    try:
        joined(twitch, hub)
        twitch.send(privmsg("shop", "troll", "buy my followers at spam.example", msg_id="t-1", user_id="666"))
        twitch.send(privmsg("shop", "troll", "and again spam.example", msg_id="t-2", user_id="666"))
        twitch.send(privmsg("shop", "ana", "Is it dishwasher safe?", msg_id="a-1", user_id="41021"))
        twitch.send(privmsg("shop", "bo", "what's the price", msg_id="b-1", user_id="51000"))
        wait_until(lambda: len(inbox) == 4)
        # a moderator times the troll out, then deletes one message of bo's
        twitch.send("@ban-duration=600;room-id=1337;target-user-id=666;tmi-sent-ts=1796000000002 "
                    ":tmi.twitch.tv CLEARCHAT #shop :troll")
        twitch.send("@login=bo;room-id=;target-msg-id=b-1;tmi-sent-ts=1796000000003 "
                    ":tmi.twitch.tv CLEARMSG #shop :what's the price")
        wait_until(lambda: len(reports.of("comment_withdrawn")) == 2)
        assert [c.text for c in inbox.drain()] == ["Is it dishwasher safe?"]
        timeout, deleted = reports.of("comment_withdrawn")
        assert timeout["reason"] == "timeout" and len(timeout["comment_ids"]) == 2
        assert deleted["reason"] == "deleted" and deleted["message_id"] == "b-1"
        assert hub.status()[0].withdrawn == 3
        # a comment already taken for answering is marked, so the answer desk stops before voicing it
        twitch.send(privmsg("shop", "dee", "tell me about the press", msg_id="d-1", user_id="777"))
        taken = inbox.get(timeout=5)
        assert taken is not None
        twitch.send("@room-id=1337;tmi-sent-ts=1796000000004 :tmi.twitch.tv CLEARCHAT #shop")  # chat cleared
        wait_until(lambda: inbox.is_withdrawn(taken.id))
    finally:
        hub.stop()


def test_answers_ping_and_follows_reconnect(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(twitch.url, inbox, reports, token=TOKEN)
    try:
        joined(twitch, hub)
        twitch.send("PING :tmi.twitch.tv")
        wait_until(lambda: "PONG :tmi.twitch.tv" in twitch.received or "PONG tmi.twitch.tv" in twitch.received)
        twitch.send(":tmi.twitch.tv RECONNECT")
        twitch.drop_all()  # Twitch closes the connection after RECONNECT
        joined(twitch, hub, connects=2)
        assert twitch.connections == 2
        retry = [d for d in reports.of("chat_source") if d["state"] == "retrying"]
        assert retry[0]["detail"].startswith("Twitch asked for a reconnect") and retry[0]["retry_in_s"] == 0
        twitch.send(privmsg("shop", "ana", "back again?", msg_id="a-9", user_id="41021"))
        assert (c := inbox.get(timeout=5)) is not None and c.text == "back again?"
    finally:
        hub.stop()


def test_a_refused_login_is_reported_without_the_token(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(), Reports()
    bad = "wrong-token-456"
    hub = twitch_hub(twitch.url, inbox, reports, token=bad)
    try:
        wait_until(lambda: state(hub) == "retrying")
        status = hub.status()[0]
        assert "refused the login" in status.detail and status.retry_in_s == 60
    finally:
        hub.stop()
    assert bad not in reports.text() and bad not in str(hub.status())


def test_replies_go_to_the_comment_as_a_thread_and_stay_within_twitchs_limit(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(per_user=100), Reports()
    hub = twitch_hub(twitch.url, inbox, reports, token=TOKEN, reply=True)
    try:
        joined(twitch, hub)
        for i in range(REPLIES_PER_30S + 2):
            twitch.send(privmsg("shop", "ana", f"question number {i}", msg_id=f"q-{i}", user_id="41021"))
        wait_until(lambda: len(inbox) == REPLIES_PER_30S + 2)
        for c in inbox.drain():
            hub.reply(c.id, f"Answer to {c.text}.")
            hub.reply(c.id, "A second sentence is not posted.")
        wait_until(lambda: len(reports.of("chat_reply")) + len(reports.of("chat_reply_failed")) == REPLIES_PER_30S + 2)
        sent = [line for line in twitch.received if "PRIVMSG #shop" in line]
        assert sent[0] == "@reply-parent-msg-id=q-0 PRIVMSG #shop :Answer to question number 0."
        assert len(sent) == REPLIES_PER_30S
        assert all("limit" in d["error"] for d in reports.of("chat_reply_failed"))
    finally:
        hub.stop()


def test_replies_are_off_by_default(twitch: TwitchServer) -> None:
    inbox, reports = CommentInbox(), Reports()
    hub = twitch_hub(twitch.url, inbox, reports, token=TOKEN)
    try:
        joined(twitch, hub)
        twitch.send(privmsg("shop", "ana", "hi there", msg_id="h-1", user_id="41021"))
        c = inbox.get(timeout=5)
        assert c is not None
        hub.reply(c.id, "Hello!")
        time.sleep(0.3)
        assert not any("PRIVMSG" in line for line in twitch.received) and not reports.of("chat_reply")
    finally:
        hub.stop()
