"""The words' threads yield to the picture: a show's warm-up and the threads it starts run nicer."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

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


def test_the_producer_waits_while_the_picture_is_behind_but_never_silences_the_host() -> None:
    """Nice still gives the words a share of a busy core; a playout falling behind the wall clock
    makes the producer hold its next line while enough speech is queued, and not otherwise."""
    import datetime as dt
    from types import SimpleNamespace

    import numpy as np

    from host_runtime.live.speech import YIELD_KEEP_S, SpeechProducer
    from host_runtime.media.playout import Utterance, UtteranceQueue
    from host_runtime.models import load_catalog, load_persona

    root = Path(__file__).resolve().parents[1]
    persona, catalog = load_persona(root / "personas" / "nova.yaml"), load_catalog(root / "product_catalog" / "demo.yaml")

    def run(lag: float, queued_s: float) -> tuple[int, float]:
        asked: list[float] = []
        speech = UtteranceQueue(44100)
        speech.put(Utterance(np.ones(int(queued_s * 44100), np.int16), 44100, "queued"))
        writer = SimpleNamespace(stats=SimpleNamespace(fallbacks=0), fixed=lambda *a: None)  # no closing line
        director = SimpleNamespace(writer=writer, persona=persona, catalog=catalog, lang="en",
                                   next_utterance=lambda now, at: asked.append(now))  # None: the rundown is over
        producer = SpeechProducer(director, SimpleNamespace(speech=speech), SimpleNamespace(event=lambda *a, **k: None),
                                  lambda: 0.0, lambda t: dt.datetime(2026, 12, 2, tzinfo=dt.timezone.utc),
                                  lag=lambda: lag)
        producer.start()
        time.sleep(0.3)
        producer.stop()
        producer.join(timeout=5)
        return len(asked), producer.yielded_s

    assert run(lag=0.0, queued_s=YIELD_KEEP_S + 1) == (1, 0.0)  # on time: the next line is written
    asked, waited = run(lag=0.5, queued_s=YIELD_KEEP_S + 1)
    assert asked == 0 and waited > 0.1  # behind, with speech queued: the line waits
    assert run(lag=0.5, queued_s=YIELD_KEEP_S - 1)[0] == 1  # behind, but the host would fall silent
