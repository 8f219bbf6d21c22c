"""The writer: real LLM backends, facts as slots, guarded generation with fallback."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from langchain_core.messages import HumanMessage

from host_runtime.cli import main
from host_runtime.director.memory import HeardPairs
from host_runtime.guardrails import Guard
from host_runtime.models import load_catalog, load_persona
from host_runtime.writer.beats import Beat, pitch_beats
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
    assert text == "Now $34.95, until tomorrow, 6:59 pm EST; it holds 8 oz."  # the store is in New York
    assert {f.source for f in used} >= {"AP-GO-01.facts.capacity", "AP-GO-01.promotion.ends"}
    assert during.fill("It weighs {fact:colour}.") is None  # a slot the catalog lacks is never guessed


def test_regular_price_is_offered_only_where_it_is_a_lawful_reference() -> None:
    assert sheet("AP-GO-01").slots["regular_price"].text == "$39.95"  # its price for the 30 days before Black Friday
    # the Pulse Buds cost $79.99 until 11-10: "regularly $99.99, now $69.99" would be a false discount in the EU
    assert not sheet("EL-BUD-10").has("regular_price") and sheet("EL-BUD-10").has("ends")


def test_model_typed_numbers_and_unknown_slots_are_rejected() -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    s = sheet("EL-BUD-10")
    beat = next(b for b in pitch_beats(s) if "fact:battery_life" in b.slots)  # the proof beat that says it
    assert writer.clean(s, beat, "The Pulse Buds give you {fact:battery_life} hours of battery life!") == (
        "The Pulse Buds give you 8 hours of battery life!", [s.slots["fact:battery_life"]])
    assert writer.clean(s, beat, "They last 20 hours on a charge!") is None
    assert writer.clean(s, beat, "The Pulse Buds have a long battery life.") is None  # the fact itself left out
    assert writer.clean(s, beat, "Only $5 with {fact:battery_life} of play.") is None
    assert writer.clean(s, beat, "It costs {price} and lasts {fact:battery_life}.") is None


@pytest.mark.parametrize("draft", ["The {name} is a perfect fit for a business.", "It's a great product to try.",
                                   "The {name} is perfect for everyone.", "You'll love the {name}.",
                                   "The Pulse Buds give you {fact:battery_life} of crisp sound.",
                                   "The {name} is powerful, with {fact:power} behind it."])
def test_drafts_with_content_no_source_gives_are_dropped(draft: str) -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    fact = next(iter(re.findall(r"\{(fact:\w+)\}", draft)), None)
    s = sheet("KT-AF-03" if fact == "fact:power" else "EL-BUD-10")  # the fryer's power: "powerful" is a verdict on it
    beats = pitch_beats(s)
    beat = next(b for b in beats if fact in b.slots) if fact else beats[0]  # or the hook
    assert writer.clean(s, beat, draft) is None
    assert writer.stats.ungrounded == 1


def test_lines_that_open_the_same_way_are_not_said_back_to_back_across_products() -> None:
    """A script book's lines are frames of their own per product, yet "To sum up the specs, ..."
    in every product's proof is what a viewer hears repeat: the writer takes a line that opens
    differently first."""
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    said = []
    for product in CATALOG.products[:6]:
        sku, name = product.sku, product.name
        lines = (f"To sum up the specs, the {name} is ready to go.", f"Quick facts: the {name} is ready to go.",
                 f"In short, the {name} is ready to go.")
        beat = Beat("proof", lines, source="book", frames=lines)  # the product's own facts: a frame per product
        sentence = writer.say(sheet(sku), beat, AS_OF, use_llm=False)
        assert sentence is not None
        said.append(sentence.text.split(",")[0].split(":")[0])
    assert sorted(Counter(said).values()) == [2, 2, 2], said  # each opening in turn


def test_a_phrase_heard_of_late_is_passed_over_for_one_not_heard() -> None:
    """Among lines equally fresh, the writer takes the one whose word pairs the viewer has
    not just heard, whatever the shuffle: "one tap away on the product card" said a moment ago
    makes the other call to action next."""
    for seed in range(8):
        writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None, rng=random.Random(seed))
        assert writer.fixed("Want one? It's one tap away on the product card.", "template", AS_OF) is not None
        lines = ("Ready? It's one tap away on the product card.", "Ready? Order it from the card on screen.")
        sentence = writer.say(sheet("AP-GO-01"), Beat("cta", lines), AS_OF, use_llm=False)
        assert sentence is not None and sentence.text == lines[1], seed


def test_the_phrases_heard_are_bounded_by_the_last_sentences() -> None:
    """A show that runs for days with the model writing keeps only the pairs of its last
    sentences: older ones are forgotten, so they count as unheard and take no memory."""
    heard = HeardPairs(sentences=10)
    for n in range(500):
        heard.add(f"sentence number {n} says word{n} and word{n + 1}")
    assert heard.heard("sentence number 3 says word3 and word4") < 0.5 and heard.heard("sentence number 495 says") == 1.0
    assert len(heard._counts) < 100


def test_grounded_drafts_may_use_the_brief_names_claims_and_persona() -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), None)
    s = sheet("AP-GO-01")
    intro, claim = [b for b in pitch_beats(s) if b.kind in ("hook", "benefit")][:2]
    assert writer.clean(s, intro, "Let's take a look at the {name}!") is not None  # persona catchphrase words
    assert writer.clean(s, intro, "Meet the AeroPress, a travel coffee press.") is not None  # aliases
    assert writer.clean(s, claim, "The AeroPress brews a cup in about one minute.") is not None  # the claim it rephrases
    assert writer.clean(s, claim, "The AeroPress brews a delicious cup in about one minute.") is None
    assert writer.stats.ungrounded == 1


def test_transformers_backend_generates_with_the_embedded_model(transformers_llm: LLMSettings) -> None:
    model = chat_model(transformers_llm)
    reply = model.invoke([HumanMessage("Say hello to the viewers in one short sentence.")])
    assert isinstance(reply.content, str) and len(reply.content.split()) >= 2


def test_guarded_pitch_with_the_real_model_is_compliant_and_sourced(llamacpp_llm: LLMSettings) -> None:
    guard = Guard(CATALOG, ["us", "eu"], PERSONA)
    writer = GuardedWriter(PERSONA, guard, llamacpp_llm)
    s = sheet("KT-AF-03")
    beats = [b for b in pitch_beats(s) if b.kind in ("hook", "offer")]
    sentences = [writer.say(s, b, AS_OF, use_llm=True) for b in beats]
    fresh = Guard(CATALOG, ["us", "eu"], PERSONA)
    for sentence in sentences:
        assert sentence is not None and sentence.tries >= 1
        assert fresh.check(sentence.text, at=AS_OF, sku="KT-AF-03").verdict == "allow", sentence.text
    promo = sentences[1]
    assert promo is not None and "$79.99" in promo.text  # the price comes from the catalog, whoever wrote the words
    assert any(f.slot == "price" for f in promo.facts)
    assert writer.stats.llm_calls >= 2 and writer.stats.llm_tokens > 0


def test_real_model_drafts_are_spoken_only_when_grounded(llamacpp_llm: LLMSettings) -> None:
    writer = GuardedWriter(PERSONA, Guard(CATALOG, ["us", "eu"], PERSONA), llamacpp_llm, tries=4)
    s = sheet("AP-GO-01")
    beats = [b for b in pitch_beats(s) if b.kind in ("benefit", "proof")][:3]
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


def test_llamacpp_backend_runs_the_bundled_gguf_in_process(llamacpp_llm: LLMSettings) -> None:
    reply = chat_model(llamacpp_llm).invoke([HumanMessage("Say hello to the viewers in one short sentence.")])
    assert isinstance(reply.content, str) and len(reply.content.split()) >= 2
    assert reply.usage_metadata and reply.usage_metadata["output_tokens"] > 0  # llama.cpp's own count, for tokens/s


def test_a_persona_naming_a_missing_gguf_is_refused_with_file_line_and_field(tmp_path: Path) -> None:
    text = (ROOT / "personas" / "nova.yaml").read_text().replace(
        "llm: {backend: llamacpp, temperature: 0.7}", "llm: {backend: llamacpp, model: models/big.gguf}")
    (tmp_path / "p.yaml").write_text(text)
    code = main(["lint", str(tmp_path / "p.yaml")])
    assert code == 1
    with pytest.raises(LLMUnavailable, match="GGUF file not found"):
        chat_model(LLMSettings("llamacpp", str(tmp_path / "models" / "big.gguf")))


def test_a_relative_gguf_path_is_read_from_the_persona_folder(tmp_path: Path) -> None:
    persona = PERSONA.model_copy(update={"llm": PERSONA.llm.model_copy(update={"model": "models/x.gguf"})})
    settings = LLMSettings.from_persona(persona, base_dir=tmp_path)
    assert settings.backend == "llamacpp" and settings.model == str(tmp_path / "models" / "x.gguf")


def test_script_prints_each_sentence_with_verdict_and_facts(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["script", "--sku", "KD-BTL-09", "--as-of", "2026-11-29T12:00:00Z", "--llm-share", "0", "--json"])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and len(rows) >= 6
    assert all(r["verdict"] in ("allow", "rewrite") and r["source"] in ("template", "claim") for r in rows)
    texts = " ".join(r["text"] for r in rows)
    assert "$16.00" in texts and re.search(r"\b4 (?:left|in stock)\b", texts)  # price and low stock from the catalog
    assert any(f["source"] == "KD-BTL-09.inventory" for r in rows for f in r["facts"])
