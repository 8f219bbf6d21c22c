"""`host-runtime script`, `ask` and `rehearse`: the host's words, each checked before it is said."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import parse_time
from .director import DEFAULTS
from ..models import Catalog, Persona, load_catalog, load_persona
from ..writer.llm import BACKENDS, LLMSettings, LLMUnavailable

DEFAULT_REHEARSE_LLM_SHARE = 0.1


def _common(p: argparse.ArgumentParser, llm_share: float) -> None:
    p.add_argument("--catalog", type=Path, default=DEFAULTS["catalog"], help="catalog file (default: the demo catalog)")
    p.add_argument("--persona", type=Path, default=DEFAULTS["persona"], help="persona file (default: personas/nova.yaml)")
    p.add_argument("--as-of", type=parse_time, help="ISO 8601 moment that counts as now for prices, stock and "
                   "promotions (default: the real clock)")
    p.add_argument("--jurisdiction", action="append", choices=["us", "eu", "cn"],
                   help="where the show streams; repeatable (default: the persona's)")
    p.add_argument("--backend", choices=BACKENDS, help="LLM backend (default: the persona's llm.backend)")
    p.add_argument("--llm-share", type=float, default=llm_share,
                   help=f"share of sentences drafted by the LLM, 0-1; the rest use reviewed templates "
                   f"(default: {llm_share:g}; 0 needs no model)")
    p.add_argument("--seed", type=int, default=0, help="seed for phrasing choices (default: 0)")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("script", help="write a guarded pitch for one product",
                       description="Write a pitch for one product, sentence by sentence: each drafted by the LLM "
                       "with facts as slots filled from the catalog, checked by the guardrails, regenerated or "
                       "replaced by approved copy when blocked. Prints each sentence with its verdict and facts.")
    _common(p, 1.0)
    p.add_argument("--sku", required=True, help="the product to pitch")
    p.add_argument("--json", action="store_true", help="one JSON object per sentence (JSONL)")
    p.set_defaults(func=run_script)

    a = sub.add_parser("ask", help="answer viewer questions from the catalog",
                       description="Answer a question (or, with none, one comment per line on stdin, as JSONL) "
                       "from catalog facts and store policies only; unknown facts are never guessed.")
    _common(a, 0.0)
    a.add_argument("question", nargs="?", metavar="QUESTION", help="the question; omit to read stdin")
    a.add_argument("--sku", help="the product on screen, for questions that do not name one")
    a.set_defaults(func=run_ask)

    r = sub.add_parser("rehearse", help="run a whole show as text, faster than real time",
                       description="Walk the rundown as the live director would and print every spoken sentence "
                       "as JSONL {t, kind, sku, text, verdict, violations, ...}; t advances by estimated speech time.")
    _common(r, DEFAULT_REHEARSE_LLM_SHARE)
    r.add_argument("--rundown", type=Path, default=DEFAULTS["rundown"], help="rundown file (default: scripts/default.yaml)")
    r.add_argument("--minutes", type=float, default=20.0, help="show length in minutes (default: 20)")
    r.add_argument("--comments", type=Path, help='viewer comments, JSONL {"t": seconds, "user", "text"}')
    r.add_argument("--book", type=Path, metavar="FILE", help="a script book (host-runtime prepare): its approved lines "
                   "are spoken, live values filled and checked at the moment of speech")
    r.add_argument("--audit", type=Path, metavar="FILE", help="also write an audit log as a live show does, and the "
                   "post-show report beside it (host-runtime report)")
    r.set_defaults(func=run_rehearse)

    b = sub.add_parser("prepare", help="show prep: draft a script book for a marketer to approve",
                       description="Draft many lines per beat (hook, audience, benefit, proof, offer, window, "
                       "objection, call to action) for every product with the configured model, keep those that are "
                       "grounded, are sentences and pass the guard, de-duplicate them, top each beat up with reviewed "
                       "templates, and write a YAML script book. Re-running it keeps every line already in the book "
                       "(approved or not) and fills only what is missing. Prep may use a bigger model than the show: "
                       "--backend llamacpp --model any.gguf, or --backend openai --model NAME --base-url URL.")
    _common(b, 1.0)
    b.add_argument("--model", help="llamacpp: a GGUF file; openai: the model name; transformers: a model folder "
                   "(default: the persona's llm.model)")
    b.add_argument("--base-url", help="openai backend: the server's URL, e.g. http://127.0.0.1:8080/v1")
    b.add_argument("--out", type=Path, help="the book to write or fill in (default: scripts/books/<catalog>.book.yaml)")
    b.add_argument("--lines-per-beat", type=int, default=4, help="lines wanted per beat per product (default: 4)")
    b.add_argument("--no-progress", action="store_true", help="no progress bars")
    b.set_defaults(func=run_prepare)


@dataclass
class Session:
    persona: Persona
    catalog: Catalog
    jurisdictions: list[str]
    at: dt.datetime
    writer: Any  # GuardedWriter
    book: Any = None  # ApprovedLines of --book, if given


def open_session(args: argparse.Namespace) -> Session:
    """Load the files, the guard and (only if a share of sentences needs it) the model."""
    import random

    from ..models import UserError
    from ..guardrails import Guard
    from ..writer.guarded import GuardedWriter

    persona, catalog = load_persona(args.persona), load_catalog(args.catalog)
    if not 0 <= args.llm_share <= 1:
        raise UserError(f"--llm-share must be between 0 and 1, not {args.llm_share}")
    jurisdictions = args.jurisdiction or list(persona.jurisdictions)
    guard = Guard(catalog, jurisdictions, persona)
    settings = LLMSettings.from_persona(persona, args.backend, base_dir=args.persona.resolve().parent,
                                        model=getattr(args, "model", None), base_url=getattr(args, "base_url", None)) \
        if args.llm_share > 0 else None
    if settings is not None:
        from ..writer.llm import chat_model

        try:
            chat_model(settings)
        except LLMUnavailable as err:
            raise UserError(str(err)) from None
    writer = GuardedWriter(persona, guard, settings, rng=random.Random(args.seed))
    book = open_book(args.book, catalog) if getattr(args, "book", None) else None
    return Session(persona, catalog, jurisdictions, args.as_of or dt.datetime.now(dt.timezone.utc), writer, book)


def open_book(path: Path, catalog: Catalog) -> Any:
    """A script book's approved lines for a show of ``catalog``. A broken line (unknown slot,
    fact or SKU) stops the show before it starts; what review left undone is a warning."""
    from ..models import LoadError, lint_file, load_book
    from ..models.source import read_yaml
    from ..writer.book import ApprovedLines

    book = load_book(path)
    source = read_yaml(path)
    broken = [source.problem(loc, msg) for loc, msg in book.broken_lines(catalog)]
    if broken:
        raise LoadError(path, broken)
    for problem in lint_file(path)[0]:
        print(f"{problem} (said from stock templates)", file=sys.stderr)
    return ApprovedLines(book)


def run_script(args: argparse.Namespace) -> int:
    from ..director.answers.languages import localized
    from ..models import UserError
    from ..writer.beats import pitch_beats, pitch_language
    from ..writer.facts import FactSheet

    s = open_session(args)
    try:
        product = s.catalog.product(args.sku)
    except KeyError as err:
        raise UserError(f"{args.catalog}: {err.args[0]}") from None
    lang = pitch_language(s.persona)
    sheet = localized(FactSheet(s.catalog, product, s.at, s.jurisdictions, lang), lang)
    said: set[str] = set()
    credit = 0.0
    for beat in pitch_beats(sheet):
        credit += args.llm_share if lang == "en" else 0.0  # the model drafts English only
        use_llm = credit >= 1
        credit -= use_llm
        sentence = s.writer.say(sheet, beat, s.at, use_llm=use_llm, fresh=lambda t: t not in said)
        if sentence is None:
            continue
        said.add(sentence.text)
        if args.json:
            print(json.dumps({"sku": product.sku, "beat": beat.kind, **sentence.to_json()}, ensure_ascii=False))
            continue
        tries = f", {sentence.tries} draft{'s' if sentence.tries != 1 else ''}" if sentence.tries else ""
        print(f"[{sentence.verdict}] ({sentence.source}{tries}) {sentence.text}")
        for v in sentence.violations:
            print(f"    fixed: {v.get('category')} ({v.get('rule')}): {v.get('message')}")
        for f in sentence.facts:
            print(f"    fact: {f.slot} = {f.text}  <- {f.source}")
    return 0


def run_ask(args: argparse.Namespace) -> int:
    from ..director.answers import Answerer

    s = open_session(args)
    answerer = Answerer(s.catalog, s.persona, s.writer, s.jurisdictions)
    if args.question:
        reply = answerer.reply(args.question, s.at, current_sku=args.sku)
        print(reply.text if reply.sentences else f"(not answered: {reply.dropped})")
        return 0
    for line in sys.stdin:
        question = line.strip()
        if not question:
            continue
        reply = answerer.reply(question, s.at, current_sku=args.sku)
        print(json.dumps({
            "question": question, "answer": reply.text, "intent": reply.intent, "sku": reply.sku,
            "dropped": reply.dropped, "declined": reply.declined,
            "sources": sorted({f.source for x in reply.sentences for f in x.facts}),
            "verdicts": [{"text": x.text, "verdict": x.verdict, "violations": x.violations} for x in reply.sentences],
        }, ensure_ascii=False), flush=True)
    return 0


def run_rehearse(args: argparse.Namespace) -> int:
    from ..models import UserError
    from ..director.host import Director
    from ..director.plan import load_rundown_for
    from ..director.rehearse import read_comments, rehearse

    s = open_session(args)
    rundown = load_rundown_for(args.rundown, s.catalog)
    if args.minutes <= 0:
        raise UserError(f"--minutes must be above 0, not {args.minutes}")
    if args.comments and not args.comments.is_file():
        raise UserError(f"comments file not found: {args.comments}")
    comments = read_comments(args.comments) if args.comments else []
    director = Director(s.persona, s.catalog, rundown, s.writer, s.jurisdictions, llm_share=args.llm_share, book=s.book)
    audit = RehearsalAudit(args.audit, args, s, rundown.name) if args.audit else None
    for row in rehearse(director, args.minutes, s.at, comments, s.persona.voice, sys.stderr):
        print(json.dumps(row, ensure_ascii=False), flush=True)
        if audit is not None:
            audit.said(row)
    for comment, why in director.dropped:
        print(f"rehearse: dropped comment {comment.id} from {comment.user}: {why}", file=sys.stderr)
    if audit is not None:
        audit.close(comments, director)
        from .report import print_report

        print_report(args.audit)
    return 0


class RehearsalAudit:
    """A rehearsal's audit log, in a live show's records (start, utterances, blocked drafts,
    comments, stop), so one report reads both."""

    def __init__(self, path: Path, args: argparse.Namespace, s: Session, rundown: str):
        from ..audit import AuditLog

        if path.exists():
            path.unlink()  # a rehearsal's log is rewritten each run, never appended to
        self.log, self.t, self.n = AuditLog(path), 0.0, 0
        self.log.event("start", 0.0, persona=s.persona.id, catalog=s.catalog.store, rundown=rundown,
                       jurisdictions=s.jurisdictions, as_of=s.at.isoformat(), rehearsal=True, llm_share=args.llm_share)
        self.log.event("files", 0.0, persona=str(args.persona), catalog=str(args.catalog), rundown=str(args.rundown),
                       **({"book": str(args.book)} if args.book else {}))
        s.writer.on_blocked = lambda text, verdict, violations: self.log.event(
            "draft_blocked", self.t, text=text, verdict=verdict, violations=violations)

    def said(self, row: dict[str, Any]) -> None:
        self.t, self.n = row["t"], self.n + 1
        self.log.utterance(text=row["text"], verdict=row["verdict"], stream_time=row["t"], segment=row["kind"],
                           sku=row["sku"], violations=row["violations"], sources=row["sources"],
                           comment_ids=row["comment_ids"], beat=row["beat"])

    def close(self, comments: list[Any], director: Any) -> None:
        dropped = {c.id: why for c, why in director.dropped}
        for timed in comments:
            c = timed.comment
            if c.id in dropped:
                self.log.event("comment_dropped", timed.t, comment_id=c.id, user=c.user, text=c.text, reason=dropped[c.id])
            else:
                self.log.event("comment_taken", timed.t, comment_id=c.id, user=c.user, text=c.text)
        self.log.event("stop", self.t, reason="rehearsal_end", utterances=self.n)
        self.log.close()


def run_prepare(args: argparse.Namespace) -> int:
    from ..models import UserError
    from ..models import load_book
    from ..writer.book import prepare

    if args.lines_per_beat < 1:
        raise UserError(f"--lines-per-beat must be at least 1, not {args.lines_per_beat}")
    out = args.out or Path("scripts") / "books" / f"{args.catalog.stem}.book.yaml"
    existing = None
    if out.exists():
        existing = load_book(out)  # a broken book is reported with file, line and field, never overwritten
    args.book = None
    s = open_session(args)
    book = prepare(s.writer, s.catalog, s.persona, (args.catalog.resolve(), args.persona.resolve(), out.resolve()),
                   args.lines_per_beat, s.at, s.jurisdictions, existing, progress=not args.no_progress)
    lines = [line for p in book.products for ls in p.beats.values() for line in ls]
    st = s.writer.stats
    print(f"prepare: {out}: {len(lines)} lines for {len(book.products)} products "
          f"({sum(l.source == 'llm' for l in lines)} drafted by the model, {sum(l.approved for l in lines)} approved); "
          f"{st.llm_calls} drafts, {st.ungrounded} ungrounded, {st.not_sentences} not sentences")
    print(f"prepare: review it, set approved: true on the lines to keep, then: host-runtime lint {out}")
    return 0
