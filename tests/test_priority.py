"""The words' threads yield to the picture: a show's warm-up and the threads it starts run nicer."""

from __future__ import annotations

import os
import threading

from host_runtime.media.priority import BACKGROUND_NICE, in_background


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def test_background_work_runs_nicer_and_so_do_the_threads_it_starts() -> None:
    caller = _nice()
    seen: list[int] = []

    def work() -> int:
        child = threading.Thread(target=lambda: seen.append(_nice()))  # e.g. the model's server threads
        child.start()
        child.join()
        return _nice()

    assert in_background(work) == min(19, caller + BACKGROUND_NICE)
    assert seen == [min(19, caller + BACKGROUND_NICE)]
    assert _nice() == caller  # the playout's thread keeps its priority


def test_an_error_in_background_work_reaches_the_caller() -> None:
    def broken() -> None:
        raise ValueError("catalog unreadable")

    try:
        in_background(broken)
    except ValueError as err:
        assert "catalog unreadable" in str(err)
    else:
        raise AssertionError("the error was swallowed")


def test_the_comment_endpoint_serves_a_flood_at_lower_priority_than_the_picture() -> None:
    """100 comments a second are parsed on the endpoint's thread: it must yield to the playout."""
    import httpx

    from host_runtime.chat import CommentInbox
    from host_runtime.chat.http import HttpCommentSource

    with HttpCommentSource(CommentInbox()) as source:
        assert httpx.post(source.url, json={"user": "ana", "text": "hi"}).status_code == 202
        [server] = [t for t in threading.enumerate() if t.name == "comments-http"]
        assert server.native_id is not None
        assert os.getpriority(os.PRIO_PROCESS, server.native_id) == min(19, _nice() + BACKGROUND_NICE)
