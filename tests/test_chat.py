"""Comment intake over real HTTP and from replay files: bounded, rate-limited, never crashing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from host_runtime.chat import CommentInbox, HttpCommentSource, ReplaySource, clean_text
from host_runtime.models import LoadError


@pytest.fixture
def endpoint() -> Iterator[HttpCommentSource]:
    source = HttpCommentSource(CommentInbox(max_pending=5, per_user=2, window_s=60)).start()
    yield source
    source.stop()


def test_posted_comment_reaches_the_inbox_cleaned(endpoint: HttpCommentSource) -> None:
    r = httpx.post(endpoint.url, json={"user": "ana\u202e", "text": "Is it\x07 BPA\u200b-free?\n\n  thanks"})
    assert r.status_code == 202
    [comment] = endpoint.inbox.drain()
    assert (comment.id, comment.user, comment.text) == (r.json()["id"], "ana", "Is it BPA-free? thanks")
    assert comment.received_at > 0
    assert endpoint.host == "127.0.0.1" and endpoint.port > 0


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),
    (json.dumps({"user": "bo"}).encode(), 400),
    (json.dumps({"user": "bo", "text": "hi", "admin": True}).encode(), 400),
    (json.dumps({"user": "bo", "text": "x" * 10_000}).encode(), 413),
    (b"\xff\xfe\x00garbage", 400),
    (json.dumps({"user": "\x00\x01", "text": "hi"}).encode(), 422),
])
def test_bad_bodies_get_4xx_and_the_endpoint_keeps_serving(endpoint: HttpCommentSource, body: bytes, status: int) -> None:
    assert httpx.post(endpoint.url, content=body, headers={"content-type": "application/json"}).status_code == status
    assert httpx.post(endpoint.url, json={"user": "ok", "text": "still here?"}).status_code == 202
    assert len(endpoint.inbox) == 1


def test_rate_limit_per_user_and_queue_bound(endpoint: HttpCommentSource) -> None:
    codes = [httpx.post(endpoint.url, json={"user": "spammer", "text": f"buy {i}"}).status_code for i in range(4)]
    assert codes == [202, 202, 429, 429]
    codes = [httpx.post(endpoint.url, json={"user": f"u{i}", "text": "hello"}).status_code for i in range(5)]
    assert codes == [202, 202, 202, 503, 503]  # 5 pending at most
    assert [c.user for c in endpoint.inbox.drain()] == ["spammer", "spammer", "u0", "u1", "u2"]


def test_clean_text_caps_length() -> None:
    assert clean_text("a" * 900, 500) == "a" * 500
    assert clean_text("\u200b\u202e\x1b[31m", 50) == "[31m"


def test_replay_delivers_by_stream_time(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_text('{"t": 2.5, "user": "cy", "text": "price?"}\n\n{"t": 0.5, "user": "ana", "text": "hi"}\n')
    source, inbox = ReplaySource(path), CommentInbox()
    assert source.deliver_until(0.0, inbox) == []
    assert [c.text for c in source.deliver_until(1.0, inbox)] == ["hi"]
    assert [c.user for c in source.deliver_until(3.0, inbox)] == ["cy"]
    assert source.remaining == 0 and [c.text for c in inbox.drain()] == ["hi", "price?"]


def test_replay_file_errors_name_line_and_field(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_text('{"t": 1, "user": "ana", "text": "hi"}\n{"t": "soon", "user": "bo", "text": "x"}\nnope\n')
    with pytest.raises(LoadError) as err:
        ReplaySource(path)
    assert f"{path}:2: t:" in str(err.value) and f"{path}:3:" in str(err.value)
