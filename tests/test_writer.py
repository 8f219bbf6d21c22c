"""The writer: real LLM backends, facts as slots, guarded generation with fallback."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from host_runtime.cli import main
from host_runtime.guardrails import Guard
from host_runtime.models import load_catalog, load_persona
from host_runtime.writer.beats import pitch_beats
from host_runtime.writer.facts import FactSheet
from host_runtime.writer.guarded import GuardedWriter
from host_runtime.writer.llm import LLMSettings, LLMUnavailable, chat_model

ROOT = Path(__file__).resolve().parents[1]
CATALOG = load_catalog(ROOT / "product_catalog" / "demo.yaml")
PERSONA = load_persona(ROOT / "personas" / "nova.yaml")
AS_OF = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)


def sheet(sku: str, at: dt.datetime = AS_OF) -> FactSheet:
    return FactSheet(CATALOG, CATALOG.product(sku), at, ["us", "eu"])


def test_fact_slots_follow_the_clock() -> None:
    during = sheet("AP-GO-01")
    assert during.slots["price"].text == "$34.95" and during.has("ends", "promo_label")
    after = sheet("AP-GO-01", dt.datetime(2026, 12, 5, tzinfo=dt.timezone.utc))
    assert after.slots["price"].text == "$39.95" and not after.has("ends")
    text, used = during.fill("Now {price}, until {ends}; it holds {fact:capacity}.")  # type: ignore[misc]
    assert text == "Now $34.95, until November 30 at 23:59 UTC; it holds 8 oz."
    assert {f.source for f in used} >= {"AP-GO-01.facts.capacity", "AP-GO-01.promotion.ends"}
    assert during.fill("It weighs {fact:colour}.") is None  # a slot the catalog lacks is never guessed


def test_regular_price_is_offered_only_where_it_is_a_lawful_reference() -> None:
    assert sheet("AP-GO-01").slots["regular_price"].text == "$39.95"  # its price for the 30 days before Black Friday
    # the Pulse Buds cost $79.99 until 11-10: "regularly $99.99, now $69.99" would be a false discount in the EU
    assert not sheet("EL-BUD-10").has("regular_price") and sheet("EL-BUD-10").has("ends")


def test_model_typed_numbers_and_unknown_slots_are_rejected() -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    s = sheet("EL-BUD-10")
    beat = next(b for b in pitch_beats(s) if b.slots == ("fact:battery_life",))
    assert writer.clean(s, beat, "The Pulse Buds give you {fact:battery_life} hours of battery life!") == (
        "The Pulse Buds give you 8 hours of battery life!", [s.slots["fact:battery_life"]])
    assert writer.clean(s, beat, "They last 20 hours on a charge!") is None
    assert writer.clean(s, beat, "The Pulse Buds have a long battery life.") is None  # the fact itself left out
    assert writer.clean(s, beat, "Only $5 with {fact:battery_life} of play.") is None
    assert writer.clean(s, beat, "It costs {price} and lasts {fact:battery_life}.") is None


@pytest.mark.parametrize("draft", ["The {name} is a perfect fit for a business.", "It's a great product to try.",
                                   "The {name} is perfect for everyone.", "You'll love the {name}.",
                                   "The Pulse Buds last {fact:battery_life} on a charge."])
def test_drafts_with_content_no_source_gives_are_dropped(draft: str) -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    s = sheet("EL-BUD-10")
    beats = pitch_beats(s)
    beat = next(b for b in beats if b.slots == ("fact:battery_life",)) if "fact:" in draft else beats[0]  # or the intro
    assert writer.clean(s, beat, draft) is None
    assert writer.stats.ungrounded == 1


def test_grounded_drafts_may_use_the_brief_names_claims_and_persona() -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    s = sheet("AP-GO-01")
    intro, claim = [b for b in pitch_beats(s) if b.kind in ("intro", "claim")][:2]
    assert writer.clean(s, intro, "Let's take a look at the {name}!") is not None  # persona catchphrase words
    assert writer.clean(s, intro, "Meet the AeroPress, a travel coffee press.") is not None  # aliases
    assert writer.clean(s, claim, "The AeroPress brews a cup in about one minute.") is not None  # the claim it rephrases
    assert writer.clean(s, claim, "The AeroPress brews a delicious cup in about one minute.") is None
    assert writer.stats.ungrounded == 1


def test_transformers_backend_generates_with_the_embedded_model() -> None:
    model = chat_model(LLMSettings(temperature=0))
    reply = model.invoke([HumanMessage("Say hello to the viewers in one short sentence.")])
    assert isinstance(reply.content, str) and len(reply.content.split()) >= 2


def test_guarded_pitch_with_the_real_model_is_compliant_and_sourced() -> None:
    guard = Guard(CATALOG, ["us", "eu"], PERSONA)
    writer = GuardedWriter(PERSONA, guard, LLMSettings())
    s = sheet("KT-AF-03")
    beats = [b for b in pitch_beats(s) if b.kind in ("intro", "promo")]
    sentences = [writer.say(s, b, AS_OF, use_llm=True) for b in beats]
    fresh = Guard(CATALOG, ["us", "eu"], PERSONA)
    for sentence in sentences:
        assert sentence is not None and sentence.tries >= 1
        assert fresh.check(sentence.text, at=AS_OF, sku="KT-AF-03").verdict == "allow", sentence.text
    promo = sentences[1]
    assert promo is not None and "$79.99" in promo.text  # the price comes from the catalog, whoever wrote the words
    assert any(f.slot == "price" for f in promo.facts)
    assert writer.stats.llm_calls >= 2 and writer.stats.llm_tokens > 0


def test_real_model_drafts_are_spoken_only_when_grounded() -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), LLMSettings(temperature=0))
    s = sheet("AP-GO-01")
    beats = [b for b in pitch_beats(s) if b.kind == "fact"][:2]
    spoken = [(b, writer.say(s, b, AS_OF, use_llm=True)) for b in beats]
    for beat, sentence in spoken:
        assert sentence is not None
        if sentence.source == "llm":
            assert writer.grounding(s, beat, sentence.facts).ungrounded(sentence.text) == [], sentence.text
            assert sentence.facts, sentence.text  # the catalog fact it states, for the audit log
        else:
            assert sentence.tries == writer.tries  # every draft was dropped before reviewed copy took over
    assert any(sentence and sentence.source == "llm" for _, sentence in spoken)  # plain drafts do get through
    assert writer.stats.llm_calls == sum(sentence.tries for _, sentence in spoken if sentence)


class _OpenAIStub(BaseHTTPRequestHandler):
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _OpenAIStub.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), **body})
        reply = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"],
                 "choices": [{"index": 0, "finish_reason": "stop",
                              "message": {"role": "assistant", "content": "Here's the {name}, a travel coffee press."}}],
                 "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12}}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        return


def test_openai_backend_round_trip_to_a_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    server = HTTPServer(("127.0.0.1", 0), _OpenAIStub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("TEST_LLM_KEY", "sk-test")
        settings = LLMSettings("openai", "tiny-model", f"http://127.0.0.1:{server.server_port}/v1", "TEST_LLM_KEY")
        guard = Guard(CATALOG, ["us", "eu"], PERSONA)
        writer = GuardedWriter(PERSONA, guard, settings)
        s = sheet("AP-GO-01")
        sentence = writer.say(s, pitch_beats(s)[0], AS_OF, use_llm=True)
    finally:
        server.shutdown()
    assert sentence is not None and sentence.source == "llm"
    assert sentence.text == "Here's the AeroPress Go Travel Coffee Press, a travel coffee press."
    sent = _OpenAIStub.requests[-1]
    assert sent["path"] == "/v1/chat/completions" and sent["model"] == "tiny-model" and sent["auth"] == "Bearer sk-test"
    assert "AeroPress" in sent["messages"][-1]["content"]


def test_openai_backend_without_a_model_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HOST_RUNTIME_LLM_MODEL", raising=False)
    with pytest.raises(LLMUnavailable, match="HOST_RUNTIME_LLM_MODEL"):
        chat_model(LLMSettings("openai", None, "http://127.0.0.1:9/v1"))


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is not None, reason="llama-cpp-python is installed")
def test_llamacpp_without_the_package_names_the_install_command(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["script", "--sku", "AP-GO-01", "--backend", "llamacpp", "--as-of", "2026-11-29T12:00:00Z"])
    err = capsys.readouterr().err
    assert code == 2 and "pip install llama-cpp-python" in err and "Traceback" not in err


def test_script_prints_each_sentence_with_verdict_and_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["script", "--sku", "KD-BTL-09", "--as-of", "2026-11-29T12:00:00Z", "--llm-share", "0", "--json"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and len(rows) >= 6
    assert all(r["verdict"] in ("allow", "rewrite") and r["source"] in ("template", "claim") for r in rows)
    texts = " ".join(r["text"] for r in rows)
    assert "$16.00" in texts and "4 left" in texts  # price and low stock straight from the catalog
    assert any(f["source"] == "KD-BTL-09.inventory" for r in rows for f in r["facts"])
