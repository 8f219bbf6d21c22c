"""`host-runtime live`: run a show: record it locally and push it to any RTMP ingests."""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import socket
import sys
import time
from dataclasses import dataclass
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
    from ..control import ShowControl
    from ..control.lifecycle import Check
    from ..models import ShowFile
    from ..writer.guarded import GuardedWriter
    from ..live.show import Show

ROOT = DEFAULTS["persona"].parents[1]
#: where `host-runtime demo` pushes when a local nginx-rtmp answers (streaming/nginx-rtmp.conf)
LOCAL_RTMP = ("127.0.0.1", 1935)
DEMO_URL = "rtmp://127.0.0.1:1935/live/demo"
DEFAULT_LLM_SHARE = 0.05
#: the show `host-runtime demo` runs (its approved script book, five minutes, an operator on duty)
DEMO_SHOW = ROOT / "shows" / "demo.show.yaml"


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
    p.add_argument("--console-port", type=int, metavar="N", help="serve the operator console on 127.0.0.1:N (0: any "
                   "free port); its address and a one-show token are printed at the start")
    from ..control import MODES

    p.add_argument("--supervision", choices=MODES, default="unattended",
                   help="unattended; on_duty (an operator watches, alerts, takeover); approve (nothing is said until "
                   "the operator approves it in the console) (default: unattended)")
    p.add_argument("--hold", type=float, default=0.0, metavar="SECONDS",
                   help="show each line this long in the console before it is spoken (cancellable) (default: 0)")
    p.add_argument("--show", type=Path, metavar="FILE", help="a show file (YAML): persona, catalog, rundown, book, "
                   "destinations, comments, supervision, schedule and duration in one place; it replaces those options "
                   "(--ingest adds to its destinations)")
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
    from ..media.priority import in_background
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
    # beside other shows already on the air, loading must not take their encoders' cycles
    in_background(lambda: warm_up(session.writer, session.catalog, session.jurisdictions,
                                  args.as_of or dt.datetime.now(dt.timezone.utc)))
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
    from ..writer.grammar import inflector

    writer.guard.warm_up()
    inflector()  # English articles and plurals (1.5 s to import)
    if writer.llm is None or writer.llm.backend == "openai":
        return  # a remote model has nothing to load here
    sheet = FactSheet(catalog, catalog.products[0], at, jurisdictions)
    beat = next((b for b in pitch_beats(sheet) if b.brief), None)
    if beat is not None:
        writer.draft(sheet, beat)


@dataclass(frozen=True)
class Timing:
    """Where a scheduled show's parts fall on its stream clock."""

    warmup_s: float = 0.0
    wrap_at: float | None = None
    wrapup_s: float = 0.0


def apply_show_file(args: argparse.Namespace) -> ShowFile:
    """Fill `live`'s options from a show file (paths relative to it); the file must lint clean."""
    from ..models import load_show

    sf = load_show(args.show)
    base = args.show.resolve().parent
    args.persona, args.catalog, args.rundown = (sf.path(base, p) for p in (sf.persona, sf.catalog, sf.rundown))
    args.book = sf.path(base, sf.book) if sf.book else None
    args.comments = sf.path(base, sf.comments) if sf.comments else None
    args.ingest = [*(d if d.lower().startswith(("rtmp://", "rtmps://")) else str(sf.path(base, Path(d)))
                     for d in sf.destinations), *args.ingest]
    args.supervision, args.hold, args.llm_share = sf.supervision, sf.hold_s, sf.llm_share
    args.jurisdiction = list(sf.jurisdictions) or None
    args.duration = sf.schedule.duration_minutes * 60
    return sf


def wait_for_start(sf: ShowFile, args: argparse.Namespace) -> Timing:
    """Sleep until the warm-up is due; the warm-up then runs to the scheduled start, the show for
    its duration, the wrap-up recap in its last `wrapup_s`."""
    sched = sf.schedule
    lead = (sched.start - dt.datetime.now(dt.timezone.utc)).total_seconds() if sched.start else 0.0
    if lead > sched.warmup_s:
        print(f"live: {sf.show} starts at {sched.start.isoformat()}; the warm-up begins {sched.warmup_s:g} s before",
              flush=True)
        time.sleep(lead - sched.warmup_s)
    warmup = max(0.0, min(lead, sched.warmup_s))
    proper = sched.duration_minutes * 60
    args.duration = warmup + proper
    wrap = sched.wrapup_s if 0 < sched.wrapup_s < proper else 0.0
    return Timing(warmup, warmup + proper - wrap if wrap else None, wrap)


def checklist(show: Show, control: ShowControl, warm_s: float) -> list[Check]:
    """The pre-show checklist (IWA 41 section 5); a failed item stops the show before it starts."""
    from ..control.lifecycle import Check, disclosure_on, ingest_answers, wait_for_operator

    checks = [Check("files lint clean", True, "persona, catalog, rundown" + (", script book" if show.book else "")),
              *[ingest_answers(i) for i in show.settings.ingests],
              Check("models warm", True, f"guard classifier{' and the local model' if show.writer.llm else ''} "
                    f"loaded, {warm_s:.1f} s"),
              disclosure_on(show.persona)]
    if control.mode == "approve":
        print("live: approve-each mode: waiting for an operator to open the console", flush=True)
    checks.append(wait_for_operator(lambda: control.operator_connected, control.mode == "approve"))
    for c in checks:
        print(f"checklist: {c}", flush=True)
    return checks


def show_files(args: argparse.Namespace) -> dict[str, str]:
    """The files a show was made of, for its audit log (the report's exports name the catalog)."""
    named = {"persona": args.persona, "catalog": args.catalog, "rundown": args.rundown, "book": args.book,
             "show": getattr(args, "show", None)}
    return {k: str(v) for k, v in named.items() if v is not None}


def run_live(args: argparse.Namespace) -> int:
    from ..control import ShowControl
    from ..models import UserError

    sf = apply_show_file(args) if args.show else None
    if args.console_port is not None and not 0 <= args.console_port <= 65535:
        raise UserError(f"--console-port must be 0-65535, not {args.console_port}")
    if not 0 <= args.hold <= 60:
        raise UserError(f"--hold must be 0-60 seconds, not {args.hold:g}")
    if args.supervision != "unattended" and args.console_port is None:
        raise UserError(f"--supervision {args.supervision} needs an operator: give --console-port")
    started = time.monotonic()
    show = build_show(args)
    # one show per process, and what it loaded to start (models, packs, catalog) lives as long as
    # the show: out of the collector's sight, since each full pass over it held the GIL, and so
    # the picture, for 200-500 ms (measured during start-up); collected first, so no garbage stays
    gc.collect()
    gc.freeze()
    warm_s = time.monotonic() - started
    timing = wait_for_start(sf, args) if sf else Timing()
    resume = show.settings.resume
    if resume is not None and args.duration is not None:  # a crashed show ends when it would have, not a whole duration later
        args.duration = resume.runs_left_of(args.duration)
        if timing.wrap_at is not None:
            timing = Timing(timing.warmup_s, max(0.0, timing.wrap_at - resume.aired_s), timing.wrapup_s)
    show.settings.duration = args.duration
    control = ShowControl(show, mode=args.supervision, hold_s=args.hold, warmup_s=timing.warmup_s,
                          wrap_at=timing.wrap_at, wrapup_s=timing.wrapup_s, files=show_files(args))
    console = None
    try:
        if args.console_port is not None:
            from ..console import Console

            console = Console(control, args.console_port).start()
            print(f"console: {console.url}  (operator console; the token is good for this show only)", flush=True)
        control.checklist = checklist(show, control, warm_s)
        failed = [c for c in control.checklist if not c.ok]
        if failed:
            raise UserError("pre-show checklist failed: " + "; ".join(str(c) for c in failed))
        result = control.run()
    except OSError as err:  # e.g. the chat port is taken, the recording folder cannot be made
        raise UserError(redact(str(err))) from None
    finally:
        if console is not None:
            console.stop()
    print(f"live: show ended ({result.reason}) after {result.stream_seconds:.1f} s, {result.utterances} utterances")
    if result.recording:
        print(f"recording: {result.recording} (segments in {result.record_dir}/)")
    else:
        print(f"recording: segments in {result.record_dir}/")
    print(f"audit log: {result.audit}  (check it: host-runtime audit verify {result.audit})")
    from .report import print_report

    try:
        print_report(result.audit)
    except OSError as err:  # a full or gone disk: the show is over and its audit log stands; say so
        print(f"live: could not write the post-show report beside {result.audit} ({err.strerror or err}); "
              f"write it elsewhere with: host-runtime report {result.audit} --out DIR", file=sys.stderr)
    if result.error:
        print(f"live: the show stopped on an error: {redact(result.error)}", file=sys.stderr)
        return 1
    return 0


def run_demo_show() -> int:
    """`host-runtime demo`: the demo show file with the operator console (its address and token
    printed), recorded locally, and pushed to a local nginx-rtmp as well when one is listening on
    127.0.0.1:1935."""
    argv = ["live", "--show", str(DEMO_SHOW), "--chat-port", "0", "--console-port", "0"]
    print("demo: open the console address printed below in a browser to watch and steer the show "
          "(p pauses, t takes over, c cancels the next line)")
    if local_rtmp_running():
        print(f"demo: a local RTMP server answers on {LOCAL_RTMP[0]}:{LOCAL_RTMP[1]}; pushing to {DEMO_URL} too")
        argv += ["--ingest", DEMO_URL]
    else:
        print("demo: no local RTMP server on 127.0.0.1:1935; recording locally only "
              "(start one: mkdir -p /tmp/nginx-rtmp && nginx -c $PWD/streaming/nginx-rtmp.conf -p /tmp/nginx-rtmp)")
    from . import build_parser

    return run_live(build_parser().parse_args(argv))
