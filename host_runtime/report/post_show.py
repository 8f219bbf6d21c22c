"""The post-show report (IWA 41 sections 7 and 8), built from the audit log alone.

Why only from the audit log: the log is hash-chained, so a report read from it is as
trustworthy as the log, and a report can be rebuilt for any show (or rehearsal) long after it
ran. Nothing here asks the show; whatever the report says, the log says.

Written beside the log: report.json (for tools), report.html (for people: tables and small SVG
plots), and two JSONL exports ready to append to the eval datasets: blocked.jsonl (lines the
guard stopped, in the guard datasets' format, evals/datasets/guard_*.jsonl) and
unanswered.jsonl (questions the host could not answer from the catalog, in qa.jsonl's format).
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..audit import verify

Record = dict[str, Any]


def read_audit(path: Path) -> list[Record]:
    """The log's whole records (a torn last line, from a crash, is left out as `verify` does)."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    return [json.loads(line) for line in lines[:-1] if line.strip()] if len(lines) > 1 else []


def _events(records: list[Record], name: str) -> list[Record]:
    return [r for r in records if r["kind"] == "event" and r["event"] == name]


def _rules(violations: list[dict[str, Any]]) -> list[str]:
    return sorted({v.get("rule") or v.get("category", "") for v in violations})


def build(audit: Path) -> dict[str, Any]:
    """Every figure of the report, from the records of one audit log."""
    records = read_audit(audit)
    check = verify(audit)
    start = (_events(records, "start") or [{"details": {}}])[0]["details"]
    stop = (_events(records, "stop") or [{"details": {}, "stream_time": None}])[-1]
    files = (_events(records, "files") or [{"details": {}}])[0]["details"]
    said = [r for r in records if r["kind"] == "utterance"]
    as_of = dt.datetime.fromisoformat(start["as_of"]) if start.get("as_of") else None

    timeline: list[dict[str, Any]] = []
    for u in said:
        if timeline and (timeline[-1]["segment"], timeline[-1]["sku"]) == (u["segment"], u["sku"]):
            timeline[-1]["end"], timeline[-1]["lines"] = u["stream_time"], timeline[-1]["lines"] + 1
        else:
            timeline.append({"segment": u["segment"], "sku": u["sku"], "start": u["stream_time"],
                             "end": u["stream_time"], "lines": 1})
    per_product: dict[str, list[str]] = {}
    for u in said:
        if u["sku"]:
            per_product.setdefault(u["sku"], []).append(u["text"])

    blocked = [{"stream_time": r["stream_time"], "text": r["details"]["text"], "verdict": r["details"]["verdict"],
                "rules": _rules(r["details"]["violations"]), "violations": r["details"]["violations"],
                "sku": r["details"].get("sku")}
               for r in _events(records, "draft_blocked")]
    rewritten = [{"stream_time": u["stream_time"], "text": u["text"], "rules": _rules(u["violations"])}
                 for u in said if u["verdict"] == "rewrite"]
    verdicts = Counter(u["verdict"] for u in said)
    verdicts["block"] = len(blocked)

    comments = {r["details"]["comment_id"]: r["details"] for r in _events(records, "comment_taken")}
    answered_ids = sorted({cid for u in said for cid in u["comment_ids"]})
    dropped = [{"comment_id": r["details"]["comment_id"], "user": r["details"]["user"], "text": r["details"]["text"],
                "reason": r["details"]["reason"]} for r in _events(records, "comment_dropped")]
    latencies = [r["details"]["latency_s"] for r in _events(records, "answered")]
    unknown = [u for u in said if u["segment"] == "answer" and u.get("beat") == "unknown"]
    unanswered = [{"comment_id": cid, "question": comments.get(cid, {}).get("text"), "sku": u["sku"],
                   "stream_time": u["stream_time"], "answer": u["text"]}
                  for u in unknown for cid in u["comment_ids"]]

    disclosures = [u["stream_time"] for u in said if u["segment"] in ("disclosure", "warmup")]
    gaps = [b - a for a, b in zip(disclosures, disclosures[1:])]
    ingests: dict[str, dict[str, Any]] = {}
    for r in records:
        if r["kind"] == "event" and r["event"] in ("ingest_connected", "ingest_lost"):
            i = ingests.setdefault(r["details"]["ingest"], {"connects": 0, "losses": 0, "reconnects": 0, "errors": []})
            if r["event"] == "ingest_connected":
                i["connects"] += 1
                i["reconnects"] += bool(r["details"].get("reconnect"))
            else:
                i["losses"] += 1
                i["errors"].append(r["details"].get("error") or f"exit {r['details'].get('exit')}")
    sd = stop["details"]
    return {
        "audit": str(audit), "audit_verified": check.ok, "audit_records": check.count,
        "show": {"persona": start.get("persona"), "catalog": start.get("catalog"), "rundown": start.get("rundown"),
                 "jurisdictions": start.get("jurisdictions", []), "as_of": start.get("as_of"),
                 "rehearsal": bool(start.get("rehearsal")), "produce_id": start.get("produce_id"),
                 "files": files, "reason": sd.get("reason"), "stream_seconds": stop.get("stream_time")},
        "timeline": timeline,
        "per_product": {sku: {"lines": len(texts), "said": texts} for sku, texts in per_product.items()},
        "verdicts": {"allow": verdicts["allow"], "rewrite": verdicts["rewrite"], "block": verdicts["block"]},
        "rewritten": rewritten, "blocked": blocked,
        "comments": {"received": len(comments) + len(dropped), "answered": len(answered_ids),
                     "dropped": len(dropped), "declined": len(_events(records, "comment_declined")),
                     "unanswerable": len(unanswered), "answered_ids": answered_ids, "dropped_list": dropped,
                     "unanswered_list": unanswered},
        "answer_latency_s": _summary(latencies),
        "disclosures": {"times": disclosures, "count": len(disclosures), "max_gap_s": round(max(gaps), 1) if gaps else None},
        "av": {"frames": sd.get("frames"), "frames_repeated": sd.get("frames_repeated"), "utterances": len(said),
               "ingests": ingests, "alerts": [r["details"] | {"stream_time": r["stream_time"]}
                                              for r in _events(records, "alert")],
               "fallbacks": len(_events(records, "fallback")),
               "errors": [r["details"].get("error") for r in _events(records, "error")]},
        "operator_actions": [{"stream_time": r["stream_time"], **r["details"]} for r in _events(records, "operator")],
        "checklist": (_events(records, "checklist") or [{"details": {"checks": []}}])[0]["details"]["checks"],
        "_as_of": as_of,
    }


def _summary(values: list[float]) -> dict[str, Any]:
    if not values:
        return {"count": 0, "mean": None, "p50": None, "max": None, "values": []}
    ordered = sorted(values)
    return {"count": len(values), "mean": round(sum(values) / len(values), 3), "p50": ordered[len(ordered) // 2],
            "max": ordered[-1], "values": values}


def exports(report: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(blocked lines as guard cases, unanswered questions as QA cases), ready for evals/datasets/."""
    show, as_of = report["show"], report["_as_of"]
    catalog = _relative(show["files"].get("catalog", ""))
    # "nova-1f3a..." -> "1f3a...": one show's ids
    tag = "rehearsal" if show["rehearsal"] else str(show["produce_id"] or "show").split("-", 1)[-1][:8]

    def when(t: float) -> str | None:
        return (as_of + dt.timedelta(seconds=t)).isoformat() if as_of else None

    guard = [{"id": f"live-{tag}-{i:03d}", "text": b["text"], "jurisdictions": show["jurisdictions"],
              "catalog": catalog, "as_of": when(b["stream_time"]), "sku": b["sku"],
              "expected": sorted({v["category"] for v in b["violations"]}),
              "note": f"blocked {'in a rehearsal' if show['rehearsal'] else 'live'} at {b['stream_time']:g} s by "
                      f"{', '.join(b['rules'])}; review the expected categories before adding",
              "source": f"audit {report['audit']}"}
             for i, b in enumerate(report["blocked"], 1)]
    qa = [{"id": f"live-{tag}-q{i:03d}", "question": q["question"], "catalog": catalog, "as_of": when(q["stream_time"]),
           "sku": q["sku"], "expect_any": [], "unknown": True,
           "note": f"the host said it did not know ({q['answer']}); add the fact to the catalog, or keep as an unknown"}
          for i, q in enumerate(report["comments"]["unanswered_list"], 1) if q["question"]]
    return guard, qa


def _relative(path: str) -> str:
    """A catalog path as the datasets write it (from the repository root, where the show ran)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def write(audit: Path, out_dir: Path | None = None) -> list[Path]:
    """report.json, report.html, blocked.jsonl and unanswered.jsonl beside the audit log (or in `out_dir`)."""
    out_dir = out_dir or Path(audit).parent
    out_dir.mkdir(parents=True, exist_ok=True)
    report = build(Path(audit))
    guard, qa = exports(report)
    public = {k: v for k, v in report.items() if not k.startswith("_")}
    paths = [out_dir / n for n in ("report.json", "report.html", "blocked.jsonl", "unanswered.jsonl")]
    paths[0].write_text(json.dumps(public, indent=2, ensure_ascii=False), encoding="utf-8")
    paths[1].write_text(to_html(public), encoding="utf-8")
    for path, rows in ((paths[2], guard), (paths[3], qa)):
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return paths


# -- HTML ---------------------------------------------------------------------------------------
def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _table(headers: list[str], rows: list[list[Any]]) -> str:
    if not rows:
        return "<p class='none'>none</p>"
    head = "".join(f"<th>{_e(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


COLOURS = {"disclosure": "#7a5", "opening": "#59c", "pitch": "#c73", "qa": "#a6c", "recap": "#999", "answer": "#d4a",
           "closing": "#555", "operator": "#e90", "holding": "#bbb", "warmup": "#7a5", "catchphrase": "#c73"}


def _timeline_svg(timeline: list[dict[str, Any]], total: float) -> str:
    """One bar per run of lines in the same segment and product, along the show's clock."""
    if not timeline or not total:
        return ""
    bars = []
    for seg in timeline:
        x, w = 1000 * seg["start"] / total, max(2.0, 1000 * (seg["end"] - seg["start"] + 2) / total)
        label = f"{seg['segment']} {seg['sku'] or ''} {seg['start']:g}-{seg['end']:g} s ({seg['lines']} lines)"
        bars.append(f"<rect x='{x:.1f}' y='4' width='{w:.1f}' height='24' fill='{COLOURS.get(seg['segment'], '#888')}'>"
                    f"<title>{_e(label)}</title></rect>")
    return f"<svg viewBox='0 0 1000 32' width='100%' height='40'>{''.join(bars)}</svg>"


def _bars_svg(counts: dict[str, int]) -> str:
    top = max(counts.values(), default=0) or 1
    bars = [f"<rect x='{i * 70 + 10}' y='{90 - 80 * v / top:.1f}' width='50' height='{80 * v / top:.1f}' "
            f"fill='{c}'/><text x='{i * 70 + 35}' y='105' text-anchor='middle'>{_e(k)} {v}</text>"
            for i, ((k, v), c) in enumerate(zip(counts.items(), ("#2a7", "#d90", "#c33")))]
    return f"<svg viewBox='0 0 230 110' width='260' height='120' font-size='11'>{''.join(bars)}</svg>"


def _dots_svg(values: list[float]) -> str:
    if not values:
        return ""
    top = max(values) or 1
    dots = "".join(f"<circle cx='{10 + i * 380 / max(1, len(values) - 1):.1f}' cy='{90 - 80 * v / top:.1f}' r='3' "
                   f"fill='#27a'><title>{v:.2f} s</title></circle>" for i, v in enumerate(values))
    return (f"<svg viewBox='0 0 400 100' width='400' height='100' font-size='10'>{dots}"
            f"<text x='2' y='10'>{top:.1f} s</text><text x='2' y='98'>0</text></svg>")


def to_html(r: dict[str, Any]) -> str:
    show, c, lat = r["show"], r["comments"], r["answer_latency_s"]
    kind = "Rehearsal" if show["rehearsal"] else "Live show"
    sections = [
        f"<h1>{kind} report: {_e(show['persona'])} for {_e(show['catalog'])}</h1>",
        f"<p>{_e(show['rundown'])}, {', '.join(show['jurisdictions'])}, started {_e(show['as_of'])}; "
        f"{_e(show['stream_seconds'])} s, ended: {_e(show['reason'])}. Audit log {_e(r['audit'])}: "
        f"{'verified' if r['audit_verified'] else 'DOES NOT VERIFY'}, {r['audit_records']} records.</p>",
        "<h2>Pre-show checklist</h2>" + _table(["item", "ok", "detail"],
                                               [[x["item"], "ok" if x["ok"] else "FAIL", x["detail"]] for x in r["checklist"]]),
        "<h2>Timeline</h2>" + _timeline_svg(r["timeline"], show["stream_seconds"] or 0)
        + _table(["from s", "to s", "segment", "product", "lines"],
                 [[t["start"], t["end"], t["segment"], t["sku"] or "", t["lines"]] for t in r["timeline"]]),
        "<h2>What was said per product</h2>" + "".join(
            f"<details><summary>{_e(sku)}: {p['lines']} lines</summary><ul>"
            + "".join(f"<li>{_e(t)}</li>" for t in p["said"]) + "</ul></details>" for sku, p in r["per_product"].items()),
        "<h2>Verdicts</h2>" + _bars_svg(r["verdicts"]),
        "<h3>Blocked lines</h3>" + _table(["s", "line", "rules"], [[b["stream_time"], b["text"], ", ".join(b["rules"])]
                                                                  for b in r["blocked"]]),
        "<h3>Rewritten lines (as spoken)</h3>" + _table(["s", "line", "rules"],
                                                        [[w["stream_time"], w["text"], ", ".join(w["rules"])]
                                                         for w in r["rewritten"]]),
        f"<h2>Comments</h2><p>{c['received']} received, {c['answered']} answered, {c['dropped']} dropped, "
        f"{c['declined']} with an order declined, {c['unanswerable']} the catalog could not answer.</p>"
        + _table(["comment", "user", "text", "why dropped"],
                 [[d["comment_id"], d["user"], d["text"], d["reason"]] for d in c["dropped_list"]])
        + "<h3>Not in the catalog</h3>" + _table(["comment", "question", "answer"],
                                                 [[q["comment_id"], q["question"], q["answer"]] for q in c["unanswered_list"]]),
        f"<h2>Answer latency</h2><p>{lat['count']} answers; mean {_e(lat['mean'])} s, median {_e(lat['p50'])} s, "
        f"max {_e(lat['max'])} s (comment accepted to the answer's first sound).</p>" + _dots_svg(lat["values"]),
        f"<h2>AI disclosure</h2><p>said {r['disclosures']['count']} times, at "
        f"{', '.join(f'{t:g}' for t in r['disclosures']['times'])} s; longest gap {_e(r['disclosures']['max_gap_s'])} s.</p>",
        f"<h2>Ingest and A/V health</h2><p>{_e(r['av']['frames'])} frames, {_e(r['av']['frames_repeated'])} repeated; "
        f"{r['av']['fallbacks']} fallbacks.</p>" + "".join(f"<p class='error'>error: {_e(e)}</p>" for e in r["av"]["errors"])
        + _table(["ingest", "connects", "reconnects", "losses", "last error"],
                 [[n, i["connects"], i["reconnects"], i["losses"], (i["errors"] or [""])[-1]]
                  for n, i in r["av"]["ingests"].items()])
        + "<h3>Alerts</h3>" + _table(["s", "source", "level", "message"], [[a["stream_time"], a.get("source"), a.get("level"), a.get("message")]
                                                               for a in r["av"]["alerts"]]),
        "<h2>Operator actions</h2>" + _table(["s", "who", "action", "detail"],
                                             [[a["stream_time"], a["who"], a["action"],
                                               a.get("text") or a.get("sku") or a.get("mode") or a.get("user") or ""]
                                              for a in r["operator_actions"]]),
    ]
    style = ("body{font:14px system-ui,sans-serif;max-width:1100px;margin:2em auto;color:#222}"
             "table{border-collapse:collapse;margin:.5em 0}td,th{border-bottom:1px solid #ddd;padding:.2em .6em;"
             "text-align:left;vertical-align:top}.none{color:#888}.error{color:#a33}")
    return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{kind} report</title>"
            f"<style>{style}</style></head><body>{''.join(sections)}</body></html>")
