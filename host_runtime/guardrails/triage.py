"""Comment triage: what a viewer comment wants, which product it is about, and why.

A comment is evidence, never an instruction. Anything that tries to steer the host (orders
to say something, fake system lines, role-play, encoded or obfuscated text) is
``prompt_injection``, so the director can drop it and the writer never sees it as a command.
Detection runs on several readings of the comment (sanitised, de-spaced, de-leeted,
decoded) so hiding the words does not hide the intent.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import urllib.parse
from dataclasses import dataclass
from typing import Literal

from ..catalog import find_products
from ..models import Catalog
from .text import sanitise, words

Intent = Literal["product_question", "ai_identity_question", "purchase_intent", "greeting", "smalltalk", "spam",
                 "abuse", "prompt_injection"]


@dataclass(frozen=True)
class Triage:
    intent: Intent
    sku: str | None
    reason: str
    text: str  # sanitised: zero-width and control characters stripped, homoglyphs folded

    def to_json(self, original: str) -> dict[str, object]:
        return {"text": original, "sanitised": self.text, "intent": self.intent, "sku": self.sku, "reason": self.reason}


def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{a})" for a in alternatives), re.I)


_INJECTION = _rx(
    r"\b(?:ignore|ignoring|disregard|forget|override|bypass|skip|drop|ignores)\b.{0,40}\b(?:rules?|instructions?|prompt|guardrails?"
    r"|catalog|polic(?:y|ies)|above|filter|restrictions?|compliance|guidelines|checks?|limits?)",
    r"(?:^|[\[\(<{\"'#\-]\s*|\n)(?:system|sys|admin|operator|moderator|assistant|developer|stream bot|mod)\b[^a-z]{0,3}(?:message|prompt|update|override)?\s*[:\]>}]",
    r"<<\s*sys|<\s*/?\s*system|\"role\"\s*:|###|---\s*end|</comment>|\bofficial\]|^\s*\[[^\]]{2,40}\]\s*:?",
    r"\byou are now\b|\byou'?re now\b|\bfrom now on\b|\bnew (?:instructions?|rules?|price list)\b|\binstructions? (?:for|are)\b",
    r"\bact (?:as|like)\b|\bpretend\b|\brole-?\s?play\b|\bplay a (?:character|game|role)\b|\blet'?s (?:play|pretend|do improv)\b",
    r"\bimagine you'?re\b|\bbe my \w+ and\b|\bimprov\b|\bfictional\b|\bhypothetically\b|\byou'?re an? [\w ]{2,30} now\b|\byou are an? [\w ]{2,30} now\b",
    r"(?-i:\bDAN\b)|\bdo anything now\b|\bdeveloper mode\b|\bjailbreak|\bno (?:content )?(?:restrictions|rules|limits)\b|\bunfiltered\b|\buncensored\b|\bevil twin\b",
    r"\bswitched off\b|\b(?:system|hidden|secret) (?:prompt|instructions|codes?|discount codes?)\b|\byour (?:prompt|instructions|configuration|filter|next line)\b",
    r"\breveal your\b|\bprint (?:it|your)\b|\bgrandma used to\b|\bpermission to\b",
    # an order to say something, not a question about what others say ("what do customers say about it?")
    r"(?:^|[\s,.:;!])(?<!\bdo )(?<!\bdoes )(?<!\bdid )(?<!\bthey )(?<!\bpeople )(?<!\bcustomers )(?<!\breviews )(?<!\bbuyers )"
    r"(?<!\bothers )(?<!\busers )(?:say|says|announce|repeat|narrate|type|admit|obey|append|promise(?: us)?|make up"
    r"|read (?:this|the next|it) (?:out|verbatim|aloud)?)\b(?!\s+about\b)(?!-)",  # "type-c" is a connector, no order
    r"\btell (?:everyone|everybody|the viewers|viewers|the chat|people|my \w+|us (?:you|that|it|your)|the audience)\b",
    r"\b(?:must|should) (?:now )?(?:read|say|announce|state)\b|\bwrite a\b.{0,20}\breview\b",
    r"\b(?:decode|rot13|rot-13|base64|hex:|morse|a1z26|backwards|cipher|encoded)\b",
    # other languages: ignore/forget the rules, pretend, say that
    r"\bignora\b|\bignoriere\b|\boublie\b|\bvergiss\b|忽略|指令|假装|\bdi que\b|\bdiga que\b|\bdis que\b|\bsag,? dass\b|\bsagen sie\b|^说|告诉大家|сделай вид|скажи|игнорируй",
    # Chinese orders as viewers give them: a command (命令你, 你就说, 你必须按…), a line for the room (跟大家说, 跟直播间
    #说, 宣布), a claimed rank (我是老板, 我认识你们老板), a system line (系统提示：), a threat (不然差评)
    r"命令你|我命令|你就说|你就讲|你必须|你得给我|跟(?:直播间|大家|观众|粉丝|家人们)(?:的人)?(?:说|讲|宣布)|宣布"
    r"|我是(?:你们)?(?:的)?(?:老板|店长|店主|管理员|运营|主管|经理|客服主管)|认识你们老板"
    r"|系统(?:提示|消息|通知|指令|公告)\s*[:：]|(?:不然|否则|要不然|要不)\s*(?:我\s*)?(?:就\s*)?(?:给\s*)?(?:你\s*)?差评"
    r"|不.{0,8}就(?:给)?(?:你)?差评",
)
_ABUSE = _rx(
    r"\b(?:stupid|idiots?|moron(?:s|ic)?|dumb|useless|worthless|garbage|trash|junk|loser|pathetic|ugly|clown)\b",
    r"\bkill yourself\b|^\W*die\b|\bshut up\b|\bget lost\b|\bnobody (?:wants|likes|cares)\b|\bgo back to where\b|\bburn down\b",
    r"\bmake you pay\b|\bscam bot\b|\bdeserves? to get scammed\b|\bworst stream\b|\bhate (?:you|this host)\b|\bf+u+c+k|\bshit\b",
    r"\bbasura\b|\bdumm\b|\bhalt die klappe\b|\bnervst\b|垃圾|傻|\bidiota\b|\bconnard\b",
)
_SPAM = _rx(
    r"https?://|\bwww\s*\.|\bbit\.ly\b|\bt\.me/|\b[a-z0-9-]+\s*\.\s*(?:com|net|org|io|example|xyz|shop)\b|\bdot (?:com|net)\b",
    r"\b(?P<word>\w+)(?:\W+(?P=word)\b){3,}", r"\bdm me\b|\bsub ?4 ?sub\b|\bsub to my\b|\bsub back\b|\bcheck (?:out )?my (?:channel|shop|page|profile)\b|\bfollow me\b|\bfollowers\b",
    r"\bgiveaway\b|\bearn \$|\bmake money\b|\bcrypto\b|\bbitcoin\b|\btelegram\b|\bviagra\b|\bclick here\b|\bhot singles\b|\bwholesale\b",
    r"微信|v信|\bwx\s*:|加我|红包|\bgift cards?\b|(?P<char>\w)(?P=char){9,}",
)
_IDENTITY = _rx(
    r"\b(?:are|r) (?:you|u) (?:a |an |even |actually |really )*(?:real|human|person|bot|ai|robot|chatgpt|gpt|vtuber|alive|live|fake)\b",
    r"\bis (?:the host|this|she|he|it|there) (?:an? )?(?:ai|human|real|bot|person|robot|vtuber)\b|\bai[- ]generated\b|\bai host\b",
    r"\bis there a (?:real |human )?(?:human|person|woman|man|someone)\b|\breal (?:woman|man|person|human) behind\b",
    r"\bwho (?:is controlling|controls|made|built|created|programmed) you\b|\bwhich model\b|\bwhat model\b",
    r"\bdo you (?:have feelings|feel|eat|sleep|personally)\b|\bhave you (?:ever |actually |personally |really )*(?:tried|used|eaten|tasted|worn|drunk)\b",
    r"\bhow old are you\b|\bnot a bot\b|\bblink twice\b|\bare you human\b|\bhuman\b\W*$|真人|你是|ですか|\bai\b.{0,6}[?？]",
)
_PURCHASE = _rx(
    r"\badd (?:it |them |\w+ )?to (?:my )?cart\b|\bcheck ?out\b|\bhow (?:do|can) i (?:order|buy|pay|purchase|get one)\b|\blink\b",
    r"\bordered\b|\bjust bought\b|\bbuying (?:the|it|one|two|\d)\b|\btaking (?:the|it|one|two)\b|\bi(?:'ll| will)? take (?:it|one|two|\d|the)\b",
    r"\bi want (?:the|to buy|one|two|it|\d)\b|\bi need (?:that|this|it|one)\b|^\W*sold\b|\bin my (?:basket|cart)\b|\bgetting the\b",
    r"\bquiero comprar\b|\bich kaufe\b|\bje prends\b|我要买|下单",
)
_GREETING = _rx(
    r"^\W*(?:hi|hello|hey|hiya|howdy|hola|hallo|bonjour|ciao|yo|sup|greetings|good (?:morning|afternoon|evening))\b",
    r"\bwhat'?s up\b|\bevening all\b|\bjust joined\b|\bfirst time here\b|大家好|你好|\bhi from\b",
)
_QUESTION = _rx(
    r"[?？¿]", r"\b(?:how|what|whats|does|do|is|are|can|will|when|where|which|any|r|should|could|would)\b",
    r"\b(?:wie|was|cuánto|cuanto|qué|est-elle|est-il|combien)\b",
)
_COMMERCE = _rx(
    r"\$|\bhow (?:many|much|long|big|heavy)\b|\b(?:price|prices|cost|costs|much|cheaper|discount|code|deal|sale|off|free|shipping|ship|deliver\w*|return\w*|refund"
    r"|stock|left|sold|restock\w*|size|sizes|colou?r|paypal|pay|warranty|battery|charge|recharge|waterproof|safe|material"
    r"|made|ingredients|help|cure|prevent|good for|work|compatible|tested|wattage|oz|quarts?|capacity|sugar|protein|free)\b",
    r"\b(?:cuesta|akku|kopfhörer|lave-vaisselle|preis|prix)\b",
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_HEX = re.compile(r"\b(?:[0-9a-f]{2}){8,}\b", re.I)


def _despace(text: str) -> str:
    """Join letters split by spaces, dots or hyphens: "f r e e", "I.G.N.O.R.E", "c-u-r-e-s"."""
    text = re.sub(r"\b\w(?:[.\-]\w){2,}\b", lambda m: re.sub(r"[.\-]", "", m.group(0)), text)
    if re.search(r"\s{2,}", text) and re.search(r"\b\w \w \w\b", text):
        return " ".join(w.replace(" ", "") for w in re.split(r"\s{2,}", text))  # "s a y   i t   f r e e"
    return re.sub(r"\b\w(?: \w){3,}\b", lambda m: m.group(0).replace(" ", ""), text)


def _decoded(text: str) -> list[str]:
    out = []
    for token in _BASE64.findall(text):
        try:
            raw = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError, ValueError):
            continue
        if raw.isprintable():
            out.append(raw)
    for token in _HEX.findall(text):
        try:
            out.append(bytes.fromhex(token).decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
    if "%" in text:
        out.append(urllib.parse.unquote(text))
    out.append(codecs.encode(text, "rot13"))
    out.append(text[::-1])
    return out


def readings(text: str) -> list[str]:
    """The ways a comment can be read: as written (sanitised), de-spaced, de-leeted, decoded."""
    despaced = _despace(text)
    views = [text, despaced, despaced.lower().translate(_LEET)]
    return views + _decoded(text)


def _product(catalog: Catalog, text: str) -> str | None:
    """The product a comment names; plurals ("power banks") count as the name."""
    found = find_products(catalog, text) or find_products(catalog, re.sub(r"(?<=[a-z]{3})s\b", "", text))
    return found[0].sku if found else None


_VOCABULARY: dict[int, tuple[Catalog, frozenset[str]]] = {}


def _vocabulary(catalog: Catalog) -> frozenset[str]:
    """Words that name product attributes in this catalog ("noise", "cancelling", "battery")."""
    hit = _VOCABULARY.get(id(catalog))
    if hit is None or hit[0] is not catalog:
        vocab = frozenset(w for p in catalog.products for key in p.facts for w in words(key.replace("_", " ")) if len(w) > 2)
        hit = _VOCABULARY[id(catalog)] = (catalog, vocab)
    return hit[1]


#: where a Chinese comment's parts divide: punctuation, or a space between Chinese words ("垃圾主播 龙井哪产的")
_ZH_PARTS = re.compile(r"[，,。！？!?；;：:\n]+|(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])")


def _question_beside_abuse(catalog: Catalog, text: str) -> Triage | None:
    """A Chinese comment whose insult stands in a part of its own beside a real product question
    ("垃圾主播 龙井到底哪产的"): that question, without the insult, which is never repeated. A comment
    that is all insult, or whose other parts ask nothing, stays abuse and gets no answer."""
    if not re.search(r"[\u3400-\u9fff]", text):
        return None
    kept = [p.strip() for p in _ZH_PARTS.split(text) if p.strip() and not any(_ABUSE.search(v) for v in readings(p))]
    if not kept or len(kept) == len(_ZH_PARTS.split(text)):
        return None
    asked = triage(catalog, "，".join(kept))
    # a Chinese question needs no question mark ("龙井到底哪产的"): one that names a product asks about it
    return asked if asked.intent == "product_question" or asked.intent == "smalltalk" and asked.sku else None


def triage(catalog: Catalog, comment: str) -> Triage:
    text = sanitise(comment).strip()
    views = readings(text)
    plain = views[:3]
    sku = _product(catalog, views[1])

    def hit(rx: re.Pattern[str], among: list[str]) -> str | None:
        for view in among:
            m = rx.search(view)
            if m:
                return m.group(0).strip()
        return None

    if (why := hit(_INJECTION, views)) is not None:
        return Triage("prompt_injection", sku, f"tries to steer the host: {why!r}", text)
    if _BASE64.search(text) and any(_INJECTION.search(v) or len(v.split()) > 2 for v in _decoded(text)[:1]):
        return Triage("prompt_injection", sku, "carries encoded text", text)
    for intent, rx, what in (("abuse", _ABUSE, "abusive wording"), ("spam", _SPAM, "links or promotion"),
                             ("ai_identity_question", _IDENTITY, "asks what the host is")):
        if (why := hit(rx, plain)) is not None:
            if intent == "abuse" and (asked := _question_beside_abuse(catalog, text)) is not None:
                return Triage(asked.intent, asked.sku, f"{asked.reason}; abusive wording set aside: {why!r}", asked.text)
            return Triage(intent, sku, f"{what}: {why!r}", text)  # type: ignore[arg-type]
    if (why := hit(_PURCHASE, plain)) is not None:
        return Triage("purchase_intent", sku, f"wants to buy: {why!r}", text)
    question = hit(_QUESTION, plain[:2])
    if question is not None and (sku or hit(_COMMERCE, plain[:2]) or _vocabulary(catalog) & set(words(plain[1]))):
        return Triage("product_question", sku, f"asks about {'product ' + sku if sku else 'the store'}", text)
    if hit(_GREETING, plain[:2]) is not None:
        return Triage("greeting", sku, "greets the host or the chat", text)
    if sku and question is not None:
        return Triage("product_question", sku, f"asks about product {sku}", text)
    return Triage("smalltalk", sku, "no request the host must act on", text)
