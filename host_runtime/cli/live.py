"""`host-runtime live`: run a show: record it locally and push it to any RTMP ingests."""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..chat.sources import ChatSource, open_source
from . import parse_time
from .director import DEFAULTS, add_show_args
from ..media.encoder import AVFormat
from ..media.outputs import Ingest
from ..media.redact import redact
from ..models import Catalog, load_destination

if TYPE_CHECKING:
    from ..writer.guarded import GuardedWriter
    from ..live.show import Show

ROOT = DEFAULTS["persona"].parents[1]
#: where `host-runtime demo` pushes when a local nginx-rtmp answers (streaming/nginx-rtmp.conf)
LOCAL_RTMP = ("127.0.0.1", 1935)
DEMO_URL = "rtmp://127.0.0.1:1935/live/demo"
DEFAULT_LLM_SHARE = 0.05
#: the approved script book `host-runtime demo` speaks from
DEMO_BOOK = ROOT / "scripts" / "books" / "demo.book.yaml"


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "live", help="run a live show: record locally, push to RTMP ingests",
        description="Run the host live on one media clock: the director writes guarded sentences a few seconds "
        "ahead, the voice speaks them, the avatar lip-syncs with the AI label, captions and product card on every "
        "frame, and one encode goes to a local recording and every --ingest. Every utterance and system event "
        "goes to a hash-chained audit log. Ctrl-C or SIGTERM ends the show with a closing line.")
    add_show_args(p)
    p.add_argument("--ingest", action="append", default=[], metavar="URL_OR_PROFILE",
                   help="an rtmp(s):// URL, or a streaming profile (YAML) whose key comes from its env var; a "
                   "profile's chat: section (Twitch, YouTube, relay) is read and answered too; repeatable "
                   "(default: record locally only)")
    p.add_argument("--record", type=Path, metavar="DIR",
                   help="recording folder: MPEG-TS segments, show.mp4 at the end (default: recordings/<timestamp>/)")
    p.add_argument("--duration", type=float, metavar="SECONDS", help="end the show by itself after this long")
    p.add_argument("--chat-port", type=int, metavar="N",
                   help="take viewer comments as POST /comments on 127.0.0.1:N (0: any free port)")
    p.add_argument("--comments", type=Path, metavar="FILE", help='replay comments, JSONL {"t": seconds, "user", "text"}')
    p.add_argument("--audit", type=Path, metavar="FILE", help="audit log (default: audit.jsonl in the recording folder)")
    p.add_argument("--resume", action="store_true",
                   help="continue the show of --record (or --audit) where its audit log says it stopped: the same "
                   "rundown segment, the disclosure clock running on, no line of its last 10 minutes said again; "
                   "its recording goes on in a part-N subfolder. A show that crashed is resumed this way whenever "
                   "the same command runs again, even without --resume")
    p.add_argument("--jurisdiction", action="append", choices=["us", "eu", "cn"],
                   help="where the show streams; repeatable (default: the persona's)")
    p.add_argument("--as-of", type=parse_time, help="ISO 8601 moment the show starts at, for prices and promotions "
                   "(default: now)")
    from ..writer.llm import BACKENDS

    p.add_argument("--backend", choices=BACKENDS, help="LLM backend (default: the persona's llm.backend)")
    p.add_argument("--llm-share", type=float, default=DEFAULT_LLM_SHARE,
                   help=f"share of pitch sentences drafted by the LLM, 0-1; the rest use reviewed templates and "
                   f"approved claims (default: {DEFAULT_LLM_SHARE:g}; 0 loads no model)")
    p.add_argument("--seed", type=int, default=0, help="seed for phrasing choices (default: 0)")
    p.add_argument("--book", type=Path, metavar="FILE", help="a script book (host-runtime prepare): its approved lines "
                   "are spoken, live values filled and checked at the moment of speech")
    p.set_defaults(func=run_live)


def parse_ingests(values: list[str]) -> tuple[list[Ingest], AVFormat, list[ChatSource]]:
    """Ingests from URLs and profiles; the picture and sound of the first profile, else 720p30;
    the chat sources the profiles name, their tokens read now, so a missing one stops the show
    before it starts. Nothing here may echo a key: errors name the redacted URL or the profile file."""
    from ..models import UserError

    ingests: list[Ingest] = []
    chats: list[ChatSource] = []
    fmt: AVFormat | None = None
    for value in values:
        if value.lower().startswith(("rtmp://", "rtmps://")):
            ingests.append(Ingest(redact(value).split("://", 1)[1].split("/", 1)[0], value))
            continue
        path = Path(value)
        if not path.is_file():
            raise UserError(f"--ingest {redact(value)}: neither an rtmp(s):// URL nor a streaming profile file")
        dest = load_destination(path)
        try:
            ingests.append(Ingest.from_destination(dest))
            if dest.chat is not None:
                chats.append(open_source(dest.chat))
        except LookupError as err:
            raise UserError(f"{path}: {err}") from None
        fmt = fmt or AVFormat.from_destination(dest)
    return ingests, fmt or AVFormat(), chats


def local_rtmp_running(timeout: float = 0.3) -> bool:
    """Whether something answers on the local nginx-rtmp port (a quick TCP connect)."""
    try:
        with socket.create_connection(LOCAL_RTMP, timeout=timeout):
            return True
    except OSError:
        return False


def build_show(args: argparse.Namespace, **settings: Any) -> Show:
    """A ready-to-run show from `live`'s arguments (the benchmark builds shows the same way);
    `settings` override `ShowSettings` fields."""
    from ..models import UserError
    from ..director.plan import load_rundown_for
    from .writer import open_session
    from ..live.resume import resume_point
    from ..live.show import Show, ShowSettings

    if args.duration is not None and args.duration <= 0:
        raise UserError(f"--duration must be above 0 seconds, not {args.duration:g}")
    if args.chat_port is not None and not 0 <= args.chat_port <= 65535:
        raise UserError(f"--chat-port must be 0-65535, not {args.chat_port}")
    if args.comments and not args.comments.is_file():
        raise UserError(f"comments file not found: {args.comments}")
    ingests, fmt, chats = parse_ingests(args.ingest)
    session = open_session(args)
    rundown = load_rundown_for(args.rundown, session.catalog)
    if "torch" in sys.modules:  # only a transformers model brings torch: importing it costs ~200 MB a show
        sys.modules["torch"].set_num_threads(1)  # the encoder and the renderer need the other cycles
    warm_up(session.writer, session.catalog, session.jurisdictions, args.as_of or dt.datetime.now(dt.timezone.utc))
    record = args.record or Path("recordings") / dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    audit = args.audit or record / "audit.jsonl"
    point = resume_point(audit)
    if args.resume and point is None:
        raise UserError(f"--resume: no audit log to resume from at {audit}")
    resume = point if point is not None and (args.resume or not point.stopped_cleanly) else None
    config = ShowSettings(fmt=fmt, ingests=ingests, record_dir=record / f"part-{point.runs + 1}" if resume else record,
                          audit_path=audit, duration=args.duration, chat_port=args.chat_port,
                          comments=args.comments, as_of=args.as_of, chat=chats, resume=resume)
    for name, value in settings.items():
        setattr(config, name, value)
    return Show(session.persona, args.persona.resolve().parent, session.catalog, rundown, session.writer,
                session.jurisdictions, config, llm_share=args.llm_share, book=session.book)


def warm_up(writer: GuardedWriter, catalog: Catalog, jurisdictions: list[str], at: dt.datetime) -> None:
    """Load now what a show would otherwise load on its first claim or model draft: the
    guard's classifier, its encoder and the catalog texts' vectors, and the local model's whole generation path
    (one real draft: its imports, tokenizer, weights paged in, activation buffers). Loaded
    mid-show they stalled the producer for seconds and jumped the RSS by 100-150 MB minutes
    in, which read as growth."""
    from ..writer.beats import pitch_beats
    from ..writer.facts import FactSheet

    writer.guard.warm_up()
    if writer.llm is None or writer.llm.backend == "openai":
        return  # a remote model has nothing to load here
    sheet = FactSheet(catalog, catalog.products[0], at, jurisdictions)
    beat = next((b for b in pitch_beats(sheet) if b.brief), None)
    if beat is not None:
        writer.draft(sheet, beat)


def run_live(args: argparse.Namespace) -> int:
    from ..models import UserError

    show = build_show(args)
    try:
        result = show.run()
    except OSError as err:  # e.g. the chat port is taken, the recording folder cannot be made
        raise UserError(redact(str(err))) from None
    print(f"live: show ended ({result.reason}) after {result.stream_seconds:.1f} s, {result.utterances} utterances")
    if result.recording:
        print(f"recording: {result.recording} (segments in {result.record_dir}/)")
    else:
        print(f"recording: segments in {result.record_dir}/")
    print(f"audit log: {result.audit}  (check it: host-runtime audit verify {result.audit})")
    if result.error:
        print(f"live: the show stopped on an error: {redact(result.error)}", file=sys.stderr)
        return 1
    return 0


def run_demo_show(duration: float = 60.0) -> int:
    """`host-runtime demo`: a one-minute show on the shipped defaults, recorded locally, and
    pushed to a local nginx-rtmp as well when one is listening on 127.0.0.1:1935."""
    argv = ["live", "--duration", f"{duration:g}", "--chat-port", "0", "--book", str(DEMO_BOOK)]
    if local_rtmp_running():
        print(f"demo: a local RTMP server answers on {LOCAL_RTMP[0]}:{LOCAL_RTMP[1]}; pushing to {DEMO_URL} too")
        argv += ["--ingest", DEMO_URL]
    else:
        print("demo: no local RTMP server on 127.0.0.1:1935; recording locally only "
              "(start one: mkdir -p /tmp/nginx-rtmp && nginx -c $PWD/streaming/nginx-rtmp.conf -p /tmp/nginx-rtmp)")
    from . import build_parser

    return run_live(build_parser().parse_args(argv))
