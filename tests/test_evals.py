"""`host-runtime eval`: the reports a QA team reads, and gates that really fail."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from host_runtime.cli import main

ROOT = Path(__file__).resolve().parents[1]
PACKS = ROOT / "host_runtime" / "guardrails" / "packs"


def suite_file(tmp_path: Path, **overrides: object) -> Path:
    suite = yaml.safe_load((ROOT / "evals" / "smoke.yaml").read_text())
    suite.update(overrides)
    path = tmp_path / "suite.yaml"
    path.write_text(yaml.safe_dump(suite))
    return path


def test_smoke_suite_passes_and_writes_three_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["eval", str(ROOT / "evals" / "smoke.yaml"), "--report", str(out), "--no-progress"]) == 0
    assert "smoke: PASSED" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert report["passed"] and report["counts"]["error"] == 0
    assert all(g["passed"] for g in report["gates"])
    assert {f"guard.recall.{c}" for c in report["tables"]["guard"]} <= set(report["metrics"])
    sets = report["tables"]["guard_by_set"]  # each dataset on its own, so no set hides behind another
    assert [name.rsplit("/", 1)[-1] for name in sets] == ["guard_us.jsonl", "guard_eu.jsonl", "guard_cn.jsonl"]
    assert {f"guard.set.guard_cn.recall.{c}" for c in sets["evals/datasets/guard_cn.jsonl"]} <= set(report["metrics"])
    assert (out / "report.html").read_text().count("<h3>evals/datasets/guard_") == 3
    junit = ET.parse(out / "junit.xml").getroot()
    cases = junit.findall(".//testcase")
    assert len([c for c in cases if c.get("classname") != "gates"]) == sum(report["counts"].values())
    assert "<svg" in (out / "report.html").read_text()


def test_weakened_rule_pack_fails_the_gate_and_names_the_category(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """A reviewer's candidate pack that drops the stock rules must not pass QA."""
    weak = tmp_path / "packs"
    shutil.copytree(PACKS, weak)
    for pack in weak.glob("*.yaml"):
        data = yaml.safe_load(pack.read_text())
        data["rules"] = [r for r in data["rules"] if r.get("category") != "false_scarcity"]
        pack.write_text(yaml.safe_dump(data, allow_unicode=True))
    out = tmp_path / "out"
    suite = suite_file(tmp_path, packs_dir=str(weak), checks={"guard": {"datasets": ["evals/datasets/guard_us.jsonl"]}},
                       jurisdictions=["us"])
    assert main(["eval", str(suite), "--report", str(out), "--no-progress"]) == 1
    printed = capsys.readouterr().out
    assert "FAILED" in printed and "guard.recall.false_scarcity" in printed
    html = (out / "report.html").read_text()
    assert "FAIL" in html and "missed false_scarcity" in html  # the failing examples are shown


def test_errored_cases_are_errors_not_passes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    dataset = tmp_path / "broken.jsonl"
    case = {"id": "x-1", "text": "Only 3 left!", "jurisdictions": ["us"], "catalog": "product_catalog/missing.yaml",
            "sku": None, "expected": []}
    dataset.write_text(json.dumps(case) + "\n")
    suite = suite_file(tmp_path, checks={"guard": {"datasets": [str(dataset)]}}, jurisdictions=["us"],
                       gates=[{"metric": "guard.clean_pass_rate", "min": 0.0}, {"metric": "cases.errors", "max": 0}])
    out = tmp_path / "out"
    assert main(["eval", str(suite), "--report", str(out), "--no-progress"]) == 1
    assert "1 errors" in capsys.readouterr().out
    report = json.loads((out / "report.json").read_text())
    assert report["counts"] == {"pass": 0, "fail": 0, "error": 1}
    assert ET.parse(out / "junit.xml").getroot().get("errors") == "1"


def test_a_broken_suite_is_a_lint_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "suite.yaml"
    bad.write_text("suite: x\nchecks: {}\ngates:\n  - {metric: guard.recall.*}\n")
    assert main(["eval", str(bad), "--report", str(tmp_path / "out"), "--no-progress"]) == 1
    assert f"{bad}:4: gates[0]: a gate needs min or max" in capsys.readouterr().err
