"""A whole show as text, faster than real time: the director is pulled sentence by sentence and
the clock advances by how long each sentence would take to say."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, TextIO

from ..models.persona import Voice
from .host import PAUSE_S, Comment, Director

WORDS_PER_SECOND = 2.5  # natural conversational speech at voice rate 1.0
#: Chinese is written without spaces: a character is about a syllable, some 4.5 a second
CHARACTERS_PER_WORD = 1.8
_CJK = re.compile(r"[\u3400-\u9fff]")
_CJK_PUNCTUATION = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
VOICE_TAIL_S = 0.1  # the voice's own fall to silence at the end of a sentence
COMMA_PAUSE_S = 0.15


def speech_seconds(text: str, rate: float = 1.0, pause_s: float = Voice().pause_s) -> float:
    """Estimated time to speak ``text`` at a voice's speed ``rate``, with the pauses punctuation
    adds and the ``pause_s`` of silence the persona's pace leaves after a sentence."""
    cjk = len(_CJK.findall(text))
    words = len(re.findall(r"\S+", _CJK_PUNCTUATION.sub(" ", _CJK.sub(" ", text)))) + cjk / CHARACTERS_PER_WORD
    text = text.replace("，", ",").replace("、", ",")
    return words / (WORDS_PER_SECOND * rate) + VOICE_TAIL_S + pause_s + COMMA_PAUSE_S * text.count(",") / rate


@dataclass(frozen=True)
class TimedComment:
    t: float
    comment: Comment


def read_comments(path: Path, warn: TextIO = sys.stderr) -> list[TimedComment]:
    """Comments {"t", "user", "text"} per line; a bad line is reported and skipped, never fatal."""
    out: list[TimedComment] = []
    with path.open(encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                if not isinstance(obj, dict):
                    raise ValueError("not a JSON object")
                t, text = float(obj["t"]), obj["text"]
                if not isinstance(text, str) or not text.strip():
                    raise ValueError("text: must be a non-empty string")
                out.append(TimedComment(t, Comment(str(obj.get("id", f"c{n}")), str(obj.get("user", "viewer")), text)))
            except (ValueError, KeyError, TypeError) as err:
                reason = f"missing field {err.args[0]!r}" if isinstance(err, KeyError) else str(err)
                print(f"{path}:{n}: comment skipped: {reason}", file=warn)
    return sorted(out, key=lambda c: c.t)


def rehearse(director: Director, minutes: float, start: dt.datetime, comments: list[TimedComment] = (),  # type: ignore[assignment]
             voice: Voice = Voice(), progress: TextIO | None = None) -> Iterator[dict[str, Any]]:
    """Spoken utterances, each stamped with ``t`` seconds since the show started, at the
    speed and pauses of the persona's ``voice``."""
    pending = list(comments)
    t, end, said, next_report = 0.0, minutes * 60, 0, 60.0
    while t < end:
        while pending and pending[0].t <= t:
            director.add_comment(pending.pop(0).comment)
        u = director.next_utterance(t, start + dt.timedelta(seconds=t))
        if u is None:
            break
        if u.kind == "pause":
            t += PAUSE_S
            continue
        yield {"t": round(t, 2), **u.to_json()}
        said += 1
        t += speech_seconds(u.text, voice.speed, voice.pause_s)
        if progress and t >= next_report:
            print(f"rehearse: {t / 60:.1f}/{minutes:g} min, {said} sentences", file=progress, flush=True)
            next_report += 60
