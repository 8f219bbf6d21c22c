"""Report files: JSON for tools, JUnit for CI, and HTML a QA lead can read in a browser."""

from __future__ import annotations

import html
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path

from .runner import Report


def write_reports(report: Report, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / "report.json", out_dir / "report.html", out_dir / "junit.xml"]
    paths[0].write_text(json.dumps(to_json(report), indent=2, ensure_ascii=False), encoding="utf-8")
    paths[1].write_text(to_html(report), encoding="utf-8")
    paths[2].write_text(to_junit(report), encoding="utf-8")
    return paths


def to_json(report: Report) -> dict:
    counts = {s: sum(r.status == s for r in report.cases) for s in ("pass", "fail", "error")}
    return {
        "suite": report.suite, "started": report.started, "seconds": round(report.seconds, 2),
        "passed": report.passed, "counts": counts, "metrics": report.metrics, "tables": report.tables,
        "gates": [asdict(g) for g in report.gates],
        "latency_ms": {k: _percentiles(v) for k, v in report.latencies_ms.items()},
        "cases": [r.to_json() for r in report.cases],
    }


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {}
    s = sorted(values)
    pick = lambda q: s[min(len(s) - 1, int(q * len(s)))]  # noqa: E731
    return {"p50": round(pick(0.5), 2), "p95": round(pick(0.95), 2), "max": round(s[-1], 2)}


def to_junit(report: Report) -> str:
    counts = {s: sum(r.status == s for r in report.cases) for s in ("fail", "error")}
    suites = ET.Element("testsuites", name=report.suite, tests=str(len(report.cases)),
                        failures=str(counts["fail"]), errors=str(counts["error"]), time=f"{report.seconds:.2f}")
    by_check: dict[str, list] = {}
    for r in report.cases:
        by_check.setdefault(r.check, []).append(r)
    for check, results in by_check.items():
        ts = ET.SubElement(suites, "testsuite", name=f"{report.suite}.{check}", tests=str(len(results)),
                           failures=str(sum(r.status == "fail" for r in results)),
                           errors=str(sum(r.status == "error" for r in results)))
        for r in results:
            tc = ET.SubElement(ts, "testcase", classname=f"{check}.{Path(r.dataset).stem}", name=r.id,
                               time=f"{r.latency_ms / 1000:.4f}")
            if r.status != "pass":
                el = ET.SubElement(tc, "failure" if r.status == "fail" else "error", message=r.message)
                el.text = f"text: {r.text}\nexpected: {r.expected}\ngot: {r.got}\n" + "\n".join(r.evidence)
    gates = ET.SubElement(suites, "testsuite", name=f"{report.suite}.gates", tests=str(len(report.gates)),
                          failures=str(len(report.failed_gates)), errors="0")
    for g in report.gates:
        tc = ET.SubElement(gates, "testcase", classname="gates", name=g.metric)
        if not g.passed:
            ET.SubElement(tc, "failure", message=g.message)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True)


def _bar_chart(rows: list[tuple[str, float | None, float | None]], labels: tuple[str, str]) -> str:
    """Paired horizontal bars (e.g. precision and recall) per row, as inline SVG."""
    row_h, left, width = 26, 170, 360
    h = row_h * len(rows) + 30
    parts = [f'<svg role="img" width="{left + width + 60}" height="{h}" xmlns="http://www.w3.org/2000/svg">']
    colors = ("#3b7dd8", "#e08a2c")
    for i, (name, a, b) in enumerate(rows):
        y = 20 + i * row_h
        parts.append(f'<text x="{left - 6}" y="{y + 12}" text-anchor="end" font-size="12">{html.escape(name)}</text>')
        for j, value in enumerate((a, b)):
            if value is None:
                continue
            parts.append(f'<rect x="{left}" y="{y + j * 10}" width="{value * width:.1f}" height="9" fill="{colors[j]}"/>'
                         f'<text x="{left + value * width + 4:.1f}" y="{y + j * 10 + 8}" font-size="9">{value:.2f}</text>')
    parts.append(f'<text x="{left}" y="12" font-size="11" fill="{colors[0]}">■ {labels[0]}</text>'
                 f'<text x="{left + 110}" y="12" font-size="11" fill="{colors[1]}">■ {labels[1]}</text></svg>')
    return "".join(parts)


def _histogram(values: list[float], bins: int = 20) -> str:
    if not values:
        return "<p>no timings</p>"
    top = max(values) or 1.0
    edges = [top * i / bins for i in range(bins + 1)]
    counts = [0] * bins
    for v in values:
        counts[min(bins - 1, int(v / top * bins))] += 1
    peak, w, h = max(counts), 24, 120
    parts = [f'<svg role="img" width="{bins * w + 60}" height="{h + 40}" xmlns="http://www.w3.org/2000/svg">']
    for i, c in enumerate(counts):
        bh = h * c / peak if peak else 0
        parts.append(f'<rect x="{40 + i * w}" y="{h - bh + 10:.1f}" width="{w - 2}" height="{bh:.1f}" fill="#5a9e6f">'
                     f'<title>{edges[i]:.1f}-{edges[i + 1]:.1f} ms: {c}</title></rect>')
    parts.append(f'<text x="40" y="{h + 28}" font-size="11">0 ms</text><text x="{40 + bins * w}" y="{h + 28}" '
                 f'font-size="11" text-anchor="end">{top:.1f} ms</text>'
                 f'<text x="4" y="20" font-size="11">{peak}</text></svg>')
    return "".join(parts)


def _fmt(value: float | int | None) -> str:
    if value is None:
        return "–"
    return f"{value:.3f}" if isinstance(value, float) and not math.isnan(value) else str(value)


def _guard_table(table: dict) -> list[str]:
    """Recall and precision per category, as a table and as bars."""
    e = html.escape
    out = ["<table><tr><th>category</th><th>support</th><th>recall</th><th>precision</th><th>missed</th>"
           "<th>false alarms</th></tr>"]
    for cat, row in table.items():
        out.append(f"<tr><td>{e(cat)}</td><td>{row['support']}</td><td>{_fmt(row['recall'])}</td>"
                   f"<td>{_fmt(row['precision'])}</td><td>{row['fn']}</td><td>{row['fp']}</td></tr>")
    out.append("</table>")
    out.append(_bar_chart([(c, r["precision"], r["recall"]) for c, r in table.items()], ("precision", "recall")))
    return out


def to_html(report: Report) -> str:
    e = html.escape
    status = "PASSED" if report.passed else "FAILED"
    counts = {s: sum(r.status == s for r in report.cases) for s in ("pass", "fail", "error")}
    out = [f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{e(report.suite)}: {status}</title>
<style>body{{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}}
table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #ccc;padding:4px 8px;text-align:left;font-size:14px}}
.pass{{color:#1c7c3c}}.fail{{color:#b3261e}}.error{{color:#8a5a00}}.banner{{font-size:1.4em;font-weight:bold}}
code{{background:#f4f4f4;padding:1px 3px}}</style></head><body>
<h1>Eval suite <code>{e(report.suite)}</code></h1>
<p class="banner {'pass' if report.passed else 'fail'}">{status}</p>
<p>Started {e(report.started)}, took {report.seconds:.1f} s. Cases: {counts['pass']} passed,
{counts['fail']} failed, <span class="error">{counts['error']} errors</span>.</p>
<h2>Gates</h2><table><tr><th>metric</th><th>value</th><th>min</th><th>max</th><th>result</th></tr>"""]
    for g in report.gates:
        out.append(f"<tr><td>{e(g.metric)}</td><td>{_fmt(g.value)}</td><td>{_fmt(g.min)}</td><td>{_fmt(g.max)}</td>"
                   f"<td class=\"{'pass' if g.passed else 'fail'}\">{'pass' if g.passed else 'FAIL: ' + e(g.message)}</td></tr>")
    out.append("</table>")
    table = report.tables.get("guard")
    if table:
        out.append("<h2>Guardrails per category</h2>")
        out += _guard_table(table)
    for name, set_table in report.tables.get("guard_by_set", {}).items():
        out.append(f"<h3>{e(name)}</h3>")
        out += _guard_table(set_table)
    out.append("<h2>Metrics</h2><table><tr><th>metric</th><th>value</th></tr>")
    out += [f"<tr><td>{e(k)}</td><td>{_fmt(v)}</td></tr>" for k, v in sorted(report.metrics.items())]
    out.append("</table><h2>Latency per case</h2>")
    for check, values in report.latencies_ms.items():
        p = _percentiles(values)
        out.append(f"<h3>{e(check)} (p50 {p.get('p50')} ms, p95 {p.get('p95')} ms)</h3>{_histogram(values)}")
    bad = [r for r in report.cases if r.status != "pass"]
    out.append(f"<h2>Failing examples ({len(bad)})</h2>")
    if bad:
        out.append("<table><tr><th>case</th><th>status</th><th>text</th><th>expected</th><th>got</th><th>why / evidence</th></tr>")
        for r in bad:
            why = "<br>".join(e(x) for x in [r.message, *r.evidence] if x)
            out.append(f"<tr><td>{e(r.id)}<br><small>{e(r.dataset)}</small></td><td class=\"{r.status}\">{r.status}</td>"
                       f"<td>{e(r.text)}</td><td>{e(str(r.expected))}</td><td>{e(str(r.got))}</td><td>{why}</td></tr>")
        out.append("</table>")
    else:
        out.append("<p>None.</p>")
    out.append("</body></html>")
    return "\n".join(out)
