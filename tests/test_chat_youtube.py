"""The YouTube adapter against a local HTTP server with the Data API's documented shapes:
finding the chat from a video id, paging with nextPageToken at pollingIntervalMillis, message
kinds, deletions and bans, the error bodies (quotaExceeded, rateLimitExceeded, liveChatEnded),
network loss, and replies through liveChatMessages.insert."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest

from host_runtime.chat.events import user_key
from host_runtime.chat.hub import ChatHub
from host_runtime.chat.inbox import CommentInbox
from host_runtime.chat.sources.youtube import YouTubeSource, seconds_to_quota_reset
from host_runtime.models.chat import YouTubeChat
from tests.chat_fixtures import Reports, YouTubeApi, wait_until, yt_message

KEY = "AIzaTestKey-0123456789"
OAUTH = "ya29.test-oauth"


@pytest.fixture
def api() -> Iterator[YouTubeApi]:
    server = YouTubeApi(api_key=KEY)
    yield server
    server.close()


def youtube_hub(api: YouTubeApi, inbox: CommentInbox, reports: Reports, key: str | None = KEY,
                oauth: str | None = None, **settings: object) -> tuple[ChatHub, YouTubeSource]:
    config = YouTubeChat(source="youtube", video_id=api.video_id, api_url=api.url,
                         api_key_env="YOUTUBE_API_KEY", **({"oauth_token_env": "YT_OAUTH"} if oauth else {}), **settings)
    source = YouTubeSource(config, api.video_id, key, oauth)
    return ChatHub([source], inbox, reports, seed=1).start(), source


def test_finds_the_chat_pages_through_it_at_the_asked_interval(api: YouTubeApi) -> None:
    api.pages = [
        [yt_message("old-1", "UCold", "Early Bird", "anyone here?", offset_s=-600),  # history from before the show
         yt_message("m-1", "UCana", "Ana", "How much is the AeroPress Go?")],
        [],
        [yt_message("m-2", "UCbo", "Bo", "Is the kettle in stock?"),
         yt_message("sc-1", "UCcy", "Cy", "$5.00", kind="superChatEvent",
                    superChatDetails={"amountMicros": "5000000", "currency": "USD", "amountDisplayString": "$5.00",
                                      "userComment": "love the show", "tier": 2})],
    ]
    inbox, reports = CommentInbox(), Reports()
    hub, source = youtube_hub(api, inbox, reports)
    try:
        first, second = inbox.get(timeout=5), inbox.get(timeout=5)
        assert first is not None and second is not None
        assert (first.user, first.text, first.message_id, first.platform) == \
            ("Ana", "How much is the AeroPress Go?", "m-1", "youtube")
        assert first.user_id == user_key("youtube", "UCana") and second.text == "Is the kettle in stock?"
        [gift] = wait_until(lambda: reports.of("chat_gift"))
        assert (gift["user"], gift["text"]) == ("Cy", "love the show")
        wait_until(lambda: len(api.lists()) >= 4)
        assert api.served_tokens[:4] == [None, "page-1", "page-2", "page-3"]
        _, _, query, _, _ = api.lists()[0]
        assert query["liveChatId"] == api.chat_id and query["part"] == "snippet,authorDetails" and query["key"] == KEY
        status = hub.status()[0]
        assert status.state == "connected" and status.comments == 2
        assert status.quota_used is not None and status.quota_used >= 1 + 5 * 4
    finally:
        hub.stop()
    # polls are paced by pollingIntervalMillis (100 ms here), not as fast as the loop can go
    times = [r for r in api.requests if r[1].endswith("/messages")]
    assert len(times) < 40
    assert source.page_token is not None


def test_deletions_and_bans_withdraw_waiting_comments(api: YouTubeApi) -> None:
    api.pages = [[yt_message("m-1", "UCspam", "Spammer", "cheap followers here"),
                  yt_message("m-2", "UCspam", "Spammer", "visit my channel"),
                  yt_message("m-3", "UCana", "Ana", "Does it fit a mug?"),
                  yt_message("m-4", "UCbo", "Bo", "what colours?")]]
    inbox, reports = CommentInbox(), Reports()
    hub, _ = youtube_hub(api, inbox, reports)
    try:
        wait_until(lambda: len(inbox) == 4)
        api.pages = [[yt_message("d-1", "UCmod", "Mod", "", kind="userBannedEvent",
                                 userBannedDetails={"bannedUserDetails": {"channelId": "UCspam", "displayName": "Spammer"},
                                                    "banType": "temporary", "banDurationSeconds": 300}),
                      yt_message("d-2", "UCmod", "Mod", "", kind="messageDeletedEvent",
                                 messageDeletedDetails={"deletedMessageId": "m-4"})]]
        wait_until(lambda: len(reports.of("comment_withdrawn")) == 2)
        assert [c.text for c in inbox.drain()] == ["Does it fit a mug?"]
        ban, deleted = reports.of("comment_withdrawn")
        assert ban["reason"] == "timeout" and len(ban["comment_ids"]) == 2 and deleted["message_id"] == "m-4"
    finally:
        hub.stop()


def test_a_broadcast_not_live_yet_is_waited_for(api: YouTubeApi) -> None:
    api.live = False
    inbox, reports = CommentInbox(), Reports()
    hub, _ = youtube_hub(api, inbox, reports)
    try:
        wait_until(lambda: hub.status()[0].state == "retrying")
        status = hub.status()[0]
        assert "no active live chat yet" in status.detail and status.retry_in_s == 30
        assert not api.lists()  # no quota spent polling a chat that does not exist
    finally:
        hub.stop()


@pytest.mark.parametrize("reason, status, retry", [
    ("quotaExceeded", 403, "quota"), ("rateLimitExceeded", 403, 10.0), ("backendError", 503, "backoff"),
    ("liveChatDisabled", 403, 300.0),
])
def test_api_errors_back_off_as_the_reason_says_then_resume(api: YouTubeApi, reason: str, status: int,
                                                           retry: object) -> None:
    api.pages = [(status, reason), [yt_message("m-1", "UCana", "Ana", "still there?")]]
    inbox, reports = CommentInbox(), Reports()
    hub, _ = youtube_hub(api, inbox, reports)
    try:
        [down] = wait_until(lambda: [d for d in reports.of("chat_source") if d["state"] == "retrying"])
        assert down["detail"].startswith(reason if status != 503 else "HTTP 503 backendError")
        if retry == "quota":  # the daily quota resets at midnight Pacific: no point asking before
            assert down["retry_in_s"] == pytest.approx(seconds_to_quota_reset(dt.datetime.now(dt.timezone.utc)), abs=5)
        elif retry == "backoff":
            assert down["retry_in_s"] <= 0.5  # the first retry of the usual backoff
            assert (c := inbox.get(timeout=5)) is not None and c.text == "still there?"
        else:
            assert down["retry_in_s"] == retry
    finally:
        hub.stop()
    assert hub.status()[0].state == "stopped"  # never crashed, stopped with the show


def test_quota_reset_is_midnight_pacific() -> None:
    # 07:59:00 UTC on 2026-12-01 is 23:59 PST on 30 November: one minute to the reset
    assert seconds_to_quota_reset(dt.datetime(2026, 12, 1, 7, 59, tzinfo=dt.timezone.utc)) == 60
    # in summer (PDT, UTC-7) midnight is 07:00 UTC
    assert seconds_to_quota_reset(dt.datetime(2026, 7, 1, 6, 0, tzinfo=dt.timezone.utc)) == 3600


def test_live_chat_ended_stops_the_source_and_nothing_else(api: YouTubeApi) -> None:
    api.pages = [[yt_message("m-1", "UCana", "Ana", "bye!")], (403, "liveChatEnded")]
    inbox, reports = CommentInbox(), Reports()
    hub, _ = youtube_hub(api, inbox, reports)
    try:
        assert (c := inbox.get(timeout=5)) is not None and c.text == "bye!"
        wait_until(lambda: hub.status()[0].state == "ended")
        calls = len(api.lists())
        assert "liveChatEnded" in hub.status()[0].detail
        wait_until(lambda: True, timeout=0.5)
        assert len(api.lists()) == calls  # no more polling of an ended chat
    finally:
        hub.stop()
    assert hub.status()[0].state == "ended"


def test_network_loss_resumes_from_the_last_page_token(api: YouTubeApi) -> None:
    api.pages = [[yt_message("m-1", "UCana", "Ana", "first")]]
    inbox, reports = CommentInbox(), Reports()
    hub, source = youtube_hub(api, inbox, reports)
    try:
        assert inbox.get(timeout=5) is not None
        wait_until(lambda: len(api.lists()) >= 2)
        port = api.port
        api.close()  # the network goes away
        wait_until(lambda: hub.status()[0].state == "retrying")
        assert "network error" in hub.status()[0].detail and KEY not in hub.status()[0].detail
        token = source.page_token
        back = YouTubeApi(api_key=KEY, port=port)  # and comes back
        back.pages = [[yt_message("m-2", "UCbo", "Bo", "second")]]
        assert (c := inbox.get(timeout=20)) is not None and c.text == "second"
        assert back.served_tokens[0] == token  # resumed: no history again, nothing missed
        back.close()
    finally:
        hub.stop()
    assert KEY not in reports.text()


def test_replies_through_insert_and_the_hosts_own_messages_are_not_answered(api: YouTubeApi) -> None:
    api.pages = [[yt_message("m-1", "UCana", "Ana", "How heavy is it?")]]
    inbox, reports = CommentInbox(), Reports()
    hub, _ = youtube_hub(api, inbox, reports, key=None, oauth=OAUTH, reply=True)
    try:
        c = inbox.get(timeout=5)
        assert c is not None
        hub.reply(c.id, "It weighs 327 g.")
        [posted] = wait_until(lambda: reports.of("chat_reply"))
        assert posted["text"] == "It weighs 327 g."
        [insert] = [r for r in api.requests if r[0] == "POST"]
        assert insert[2] == {"part": "snippet"} and insert[3]["Authorization"] == f"Bearer {OAUTH}"
        assert insert[4]["snippet"] == {"liveChatId": api.chat_id, "type": "textMessageEvent",
                                        "textMessageDetails": {"messageText": "It weighs 327 g."}}
        # the reply shows up in the chat like any message: the host must not answer itself
        api.pages = [[yt_message("LCC.host-reply-1", "UChost", "Shop", "It weighs 327 g."),
                      yt_message("m-2", "UCbo", "Bo", "and the price?")]]
        assert (nxt := inbox.get(timeout=5)) is not None and nxt.text == "and the price?"
    finally:
        hub.stop()
    assert OAUTH not in reports.text()
