"""The language categories by the trained classifier (guardrails/classifier/): a sentence that
claims to be human, to have used the product, that cites sales or reviews, makes a health
claim or uses absolute terms, in whatever words and language.

The catalog still decides where it can: a sentence that restates an approved claim, a
certification or a fact of the product (a sales figure the merchant gives, "100% cotton") is
no violation, and a category approved to make health claims is exempt.
"""

from __future__ import annotations

import re
from typing import Literal

from ..classifier import Classifier, classifier, sentence_vector, text_vectors
from ..claims.numbers import normalise_numbers
from ..claims.places import CN_REGIONS, COUNTRIES, countries, same_place
from ...models import Product
from ..text import CJK_RUN, negated, others_say, phrase_pattern, phrase_regex, says_chinese_words
from . import Edit, Finding, Params, Sentence, check
from .attributes import per_product, supporting_texts
from .language import nearest_claim

Label = Literal["human_impersonation", "fake_experience", "fake_social_proof", "health_claim", "absolute_term", "origin_claim"]


class ClassifiedParams(Params):
    label: Label
    threshold: float | None = None  # probability from which the claim counts as made; None: the label's trained operating point
    exempt_categories: list[str] = []  # product categories approved to make this claim (medical_device)
    say_claim_instead: bool = False  # a rewrite says the product's nearest approved claim instead (fake experience)
    restatement: float = 0.93  # cosine similarity to a catalog text from which the sentence only restates it
    stated_in_catalog: bool = False  # the claim passes where a catalog text of the product says it (origin, certification)
    puffery: dict[str, str] = {}  # opinion the law allows here ("the best" in the US) -> how it is read before judging
    honest_when_ai: bool = False  # a sentence in which the host says it is an AI, denying any human word, claims nothing (impersonation)
    life_phrases: list[str] = []  # the host's own family, pet, car or home ("my husband", "mia sorella", "我老公"): a human life
    sales_phrases: list[str] = []  # a count of sales or orders ("sold <n>", "卖了<n>"): social proof unless a catalog text gives the count
    unless_denied: bool = False  # a claim the sentence denies ("heilt keine Krankheit", "nicht zertifiziert", "不能治疗") is none: the rest is judged alone
    judge_additions: bool = False  # a sentence restating a catalog text is judged on the clauses it adds ("…, and it lowers blood pressure")
    figures_in_catalog: bool = False  # a rating or review count passes where one catalog text of the product gives every figure said
    chinese_clauses: bool = False  # a Chinese sentence also counts where one of its clauses makes the claim alone ("我今天嗓子哑了，…")


@check("classified", ClassifiedParams)
def classified(s: Sentence, p: ClassifiedParams) -> list[Finding]:
    product = s.product
    if product is not None and product.category in p.exempt_categories:
        return []
    text = _named_plainly(s)
    text = _plain(text, p.puffery) if p.puffery else text
    model = classifier()
    probability = model.scores(text)[p.label]
    threshold = p.threshold if p.threshold is not None else model.operating_point[p.label]
    if p.unless_denied and probability >= threshold:
        probability = _undenied_probability(model, text, p.label)
    if p.sales_phrases and probability >= threshold:
        vouched = _unvouched_probability(model, s, p.label, tuple(p.sales_phrases))
        probability = probability if vouched is None else vouched
    by_clause = False  # a clause of its own makes the claim, whatever the rest restates
    # a sentence in which the host says it is an AI is read whole ("我没穿过这款袜子，我是AI嘛"): its clauses deny what they name
    if p.chinese_clauses and (probability < threshold or _restates_catalog(s, p.restatement)) and not _says_it_is_ai(s.norm.original):
        clause = _chinese_clause_probability(model, s, text, p)
        by_clause = clause >= threshold
        probability = clause if by_clause else probability
    said = _said_plainly(s, p) if probability < threshold else None
    if probability < threshold and said is None or s.quotes_policy():
        return []  # a store policy read out word for word ("We ship to all 50 US states") is no testimonial
    # a clause of its own makes the claim whatever the rest restates; a restatement is judged on what it adds
    if not by_clause and _restates_catalog(s, p.restatement) and not (
            said is None and p.judge_additions and _adds_to_catalog(model, s, p.label, threshold)):
        return []
    if said is None and p.figures_in_catalog and _figures_in_catalog(s):
        return []
    if p.honest_when_ai and _says_it_is_ai(s.norm.original):
        return []
    if p.stated_in_catalog and _stated_in_catalog(s):
        return []
    fix = Edit((0, len(s.text)), nearest_claim(product, s.text)) if p.say_claim_instead and product and product.claims else None
    if said is not None:
        match, what, evidence = said
        return [Finding(match.span(), f"{p.label.replace('_', ' ')}: {what} ({match.group(0)!r})", evidence, fix)]
    return [Finding((0, len(s.text)), f"{p.label.replace('_', ' ')} (classifier probability {probability:.2f})",
                    f"classifier {p.label} p={probability:.2f} >= {threshold:.2f}", fix)]


#: words in quotation marks are someone else's ("'My toddler finally sleeps', Jessica wrote us")
_QUOTED = re.compile(r"[\"“„«‚‘「『][^\"“”„«»‚‘’「」『』]*$")
#: a viewer's words read out: "@anna says her...", "Julia schreibt", "un'utente scrive"
_READ_OUT = re.compile(r"(?:\b(?:says?|said|writes?|wrote|asks?|asked|schreibt|sagt|fragt|écrit|dit|demande|scrive|dice|chiede"
                       r"|escribe|dice|pregunta|escreve|diz|pergunta|pisze|mówi|pyta|napisał\w*)\b|@\w+|说|问|留言)", re.I)


#: "..., asks Tom": the words before were a viewer's
_READ_OUT_AFTER = re.compile(r"[,，]\s*(?:asks?|asked|says?|said|writes?|wrote|fragt|schreibt|sagt|demande|écrit|chiede|scrive|pregunta|escribe)\b", re.I)


def _own_life(text: str, phrases: tuple[str, ...]) -> re.Match[str] | None:
    """Where the host names its own family, pet, car or home ("my husband", "mia sorella",
    "我老公"), said as its own: not denied ("I don't have a dog"), asked ("Does my...?"), quoted or
    read out from a viewer, nor in a sentence that says it is an AI."""
    if _AI_SELF.search(text):
        return None
    for m in phrase_regex(phrases).finditer(text):
        before = text[max(0, m.start() - 40):m.start()]
        clause_end = re.search(r"[.!?。！？]", text[m.end():])
        if (negated(text, m.start()) or _QUOTED.search(text[:m.start()]) or _READ_OUT.search(before)
                or _READ_OUT_AFTER.search(text[m.end():]) or clause_end and clause_end.group(0) in "?？"):
            continue
        return m
    return None


def _said_plainly(s: Sentence, p: ClassifiedParams) -> tuple[re.Match[str], str, str] | None:
    """A claim said in so many words, whatever the classifier reads: the host's own family or home
    (a human life), a human word beside a denied AI one ("a live human host, not a virtual one"),
    or a sales figure the catalog does not give; with what it is and why."""
    life = _own_life(s.text, tuple(p.life_phrases)) if p.life_phrases else None
    if life is not None:
        return life, "a human life", f"names the host's own {life.group(0)!r}"
    human = _human_not_ai(s.norm.original) if p.honest_when_ai else None
    if human is not None:
        return human, "a person, not an AI", f"says {human.group(0)!r} and denies being an AI"
    sales = _sales_figure(s, tuple(p.sales_phrases)) if p.sales_phrases else None
    if sales is not None:
        skus = ", ".join(pr.sku for pr in s.products) or "the store"
        return sales, "a sales figure", f"no catalog text of {skus} gives {sales.group(0)!r}"
    return None


#: a sales figure is a money amount or a stretch of time when one follows it ("卖了十年", "sold for 5 years" is no count)
_NOT_A_COUNT = re.compile(r"\s*(?:年|个月|月|天|周|星期|小时|分钟|years?\b|months?\b|weeks?\b|days?\b|jahre\w*|monate\w*|ans?\b|mois\b|anni\b|mesi\b|años\b|meses\b)", re.I)


def _sales_figure(s: Sentence, phrases: tuple[str, ...]) -> re.Match[str] | None:
    """A count of sales or orders said as the store's ("we sold 800 tonight", "今天已经卖了10000罐",
    "ne abbiamo venduti 600") that no catalog text of the product gives: not denied, not asked,
    not a price ("sold $49") nor a time ("卖了10年"). A figure is given where a catalog text holds
    the same number; a vague one ("thousands sold") where a catalog text gives any sales figure."""
    return next((m for m, cleared in _sales_figures(s, phrases) if not cleared), None)


def _sales_figures(s: Sentence, phrases: tuple[str, ...]) -> list[tuple[re.Match[str], bool]]:
    """Each count of sales said, and whether it is cleared: a catalog text gives it, or it is
    another shop's claim reported ("别家直播间动不动就说卖了十万单")."""
    rx = phrase_regex(phrases)
    given: list[str] | None = None  # the catalog texts with numbers as digits, read at the first figure said
    out = []
    for m in rx.finditer(s.text):
        said = m.group(0)
        clause_end = re.search(r"[.!?。！？]", s.text[m.end():])
        if (negated(s.text, m.start()) or re.search(r"[$€¥£%]", said) or _NOT_A_COUNT.match(s.text, m.end())
                or clause_end and clause_end.group(0) in "?？"):
            continue
        if others_say(s.text, m.start()):
            out.append((m, True))
            continue
        if given is None:
            given = [normalise_numbers(t).text for t in supporting_texts(s.products, s.catalog)]
        figures = _figures(said)
        out.append((m, bool(figures and any(figures & _figures(t) for t in given) or not figures and any(rx.search(t) for t in given))))
    return out


def _unvouched_probability(model: Classifier, s: Sentence, label: str, phrases: tuple[str, ...]) -> float | None:
    """Where every sales count said is cleared (a catalog text gives it: "本店累计卖了一万二千台" of "累计售出
    1.2万台"; or another shop claims it), the label's probability for the rest of the sentence: the
    merchant's own figure is no invented social proof, what is said beside it may be. None where
    no such figure is said."""
    figures = _sales_figures(s, phrases)
    if not figures or not all(given for _, given in figures):
        return None
    said = s.norm.original
    spans = [s.norm.span(*m.span()) for m, _ in figures]
    rest, start = [], 0
    for cut in [*_CLAUSE.finditer(said), None]:
        end = cut.start() if cut else len(said)
        if not any(a < end and start < b for a, b in spans):
            rest.append(said[start:end])
        start = cut.end() if cut else end
    text = " ".join(c.strip() for c in rest).strip(" ,;.，。")
    return model.scores(text)[label] if re.search(r"\w", text) else 0.0


def _figures(text: str) -> set[str]:
    """The numbers written in a text, thousands separators dropped ("10,000" is "10000") and a decimal
    comma read as a point ("4,7" is "4.7"), so a figure said one way matches the catalog's the other."""
    return {re.sub(r"[.,](?=\d{3}\b)", "", f).replace(",", ".") for f in re.findall(r"\d+(?:[.,]\d+)*", text)}


def _figures_in_catalog(s: Sentence) -> bool:
    """Whether one catalog text of the sentence's products gives every figure it says, two or more,
    one of them more than a scale or a star count ("4.6 out of 5 from 214 verified buyers" read out as
    "four point six out of five, from two hundred fourteen reviews"): the merchant's rating, not an
    invented one. "Five out of five" says nothing the catalog vouches for, and one figure alone ("好评率
    99%", "SPF 30") may be any number the catalog holds (a price, a shipping minimum)."""
    said = _figures(s.norm.text)
    if len(said) < 2 or all(re.fullmatch(r"(?:10|\d)", f) for f in said):
        return False
    return any(said <= _figures(t) for t in supporting_texts(s.products, s.catalog))


def _adds_to_catalog(model: Classifier, s: Sentence, label: str, threshold: float) -> bool:
    """Whether a sentence that restates a catalog text adds the claim beside it: some of its clauses
    say a catalog text in its words ("Biotin trägt zur Erhaltung normaler Haare bei") and what is left
    ("und gegen Schuppenflechte hilft es auch", "and it brings your blood pressure down too") reads
    as the claim on its own. Closeness in meaning to the approved claim excused the whole sentence. A
    translation shares no words with the catalog text and is judged whole, as before."""
    support = [_tokens(t) for t in supporting_texts(s.products, s.catalog)]
    clauses = [c.strip() for c in _CLAUSE.split(_named_plainly(s)) if c and re.search(r"\w", c)]

    def restated(clause: str) -> bool:
        words = _tokens(clause)
        return bool(words) and any(len(words & text) >= 0.8 * len(words) for text in support)

    kept = [c for c in clauses if not restated(c)]
    if not kept or len(kept) == len(clauses):
        return False
    return model.scores(" ".join(kept))[label] >= threshold


def _undenied_probability(model: Classifier, text: str, label: str) -> float:
    """The label's probability for what the sentence says once the clauses that deny the claim are
    left out ("Supplements are no substitute for a varied diet, and the drops cure no disease"
    judges only its first clause; "not certified natural and not dermatologically tested" nothing):
    a mandated or honest disclaimer claims nothing, while a claim after it ("it's no medicine, but
    it cures arthritis") still counts."""
    clauses = [c for c in _CLAUSE.split(text) if c and c.strip()]
    kept = [c for c in clauses if not _DENIALS[label].search(c)]
    if len(kept) == len(clauses):
        return model.scores(text)[label]
    rest = " ".join(c.strip() for c in kept).strip(" ,;.")
    return model.scores(rest)[label] if re.search(r"\w", rest) else 0.0


#: where a clause of spoken Chinese ends ("、" lists, it does not end one)
_CN_CLAUSE = re.compile(r"[，。；！？：,;!?:]")


def _chinese_clause_probability(model: Classifier, s: Sentence, text: str, p: ClassifiedParams) -> float:
    """The label's highest probability over the Chinese clauses of a sentence of two or more. A
    直播 host runs a personal aside into product talk ("我今天嗓子哑了，说慢一点：功率一千三百五十瓦"), or a
    claim after an approved one ("有助于缓解视觉疲劳，吃了…都能恢复"); read whole, the facts drown the aside
    and the approved words pass the rest as a restatement (measured on DEV9 CN: 12 of 25 human claims
    read whole, 22 by clause). A clause that restates a catalog text, or denies the claim where the
    rule reads denials, claims nothing; clauses of under four Chinese characters carry no claim alone
    ("哈哈", "冲！"), and Latin-script sentences are read whole as before."""
    clauses = [c for c in _CN_CLAUSE.split(text) if sum(map(len, CJK_RUN.findall(c))) >= 4]
    if len(clauses) < 2:
        return 0.0
    support = supporting_texts(s.products, s.catalog)
    vectors = text_vectors(support) if support else None
    # a Chinese fact value or claim said in so many words ("适宜人群是免疫力低下者" of suitable_for: 免疫力低下者)
    quoted = [v for pr in s.products for v in (*map(str, pr.facts.values()), *pr.claims) if sum(map(len, CJK_RUN.findall(v))) >= 4]

    def restates(clause: str) -> bool:
        if any(v.rstrip("。.") in clause for v in quoted):
            return True
        if vectors is None:
            return False
        said = normalise_numbers(clause).text
        sims = vectors @ sentence_vector(clause)
        return any(float(sim) >= p.restatement and says_chinese_words(said, t) and _keeps_figures(said, t) for t, sim in zip(support, sims))

    denial = _DENIALS.get(p.label) if p.unless_denied else None
    return max((model.scores(c)[p.label] for c in clauses if not (denial and denial.search(c)) and not restates(c)), default=0.0)


#: where one claim ends and the next may begin: punctuation, "and"/"but" and their kin ("or" joins what one denial denies:
#: "does not treat or cure")
_CLAUSE = re.compile(r"[;；。！？!?]|[,，](?:\s*(?:and|but|und|aber|et|mais|e|ma|y|pero|i|a|ale|mas)\b)?|\s(?:and|und|et|e|y|i)\s"
                     r"|\s(?=(?:but|aber|mais|ma|pero|ale|mas)\b)"
                     r"|但是|但|不过|可是|而且|并且|还能|还可以", re.I)
#: a clause denying that the product is a medicine or treats, cures or prevents disease, in the host's
#: languages ("does not treat or cure any disease", "heilt keine Krankheit", "ne guérit aucune maladie",
#: "non cura", "no previene", "不能治疗", "不是医疗器械"); "not only cures" and "nicht nur" deny nothing
_CURE_WORDS = (r"(?:diagnos\w*|treat\w*|cur(?:e|es|ing)\b|heal\w*|prevent\w*|medicine|medication|drug|remedy|therapy"
               r"|heil\w*|behandel\w*|behandl\w*|verhinder\w*|vorbeug\w*|linder\w*|arzneimittel|medikament\w*|medizinprodukt|therapie"
               r"|guéri\w*|soign\w*|trait\w*|préven\w*|prévien\w*|médicament|thérap\w*"
               r"|cur(?:a|ano|are)\b|guarisc\w*|guarir\w*|preven\w*|previen\w*|tratt\w*|farmaco|medicinale|dispositivo medico|terapi\w*"
               r"|tratamiento|medicamento)")
_DENIES_CURE = re.compile(
    rf"(?:\b(?:not|never|no|nor|nicht|kein\w*|nie|ne|n'|pas|non|né|nessun\w*|ni)|n't)\b(?!\s+(?:only|just|nur|seulement|solo|sólo|solamente)\b)"
    rf"[\s'’-]*(?:\w+[\s'’-]+){{0,3}}{_CURE_WORDS}"
    rf"|\b{_CURE_WORDS}\w*\s+(?:\w+\s+)?(?:kein\w*|nicht|pas|aucun\w*|rien|nessun\w*|ninguna?|nada)\b(?!\s+(?:nur|seulement|solo)\b)"
    r"|(?:不能|不可以|不会|无法|不可|没法|不|并不)(?:用来|用于|帮你)?(?:治|诊断|预防|防治|根治|代替药|替代药|代替医|替代医)"
    r"|(?:不是|并非|不属于)(?:药|医疗|治疗)|(?:没有|无)(?:治疗|药用|医疗)|(?:代替|替代)不了(?:药|医|治疗)", re.I)
#: a clause denying an origin, certification, test or award ("nicht als Naturkosmetik zertifiziert", "not made in
#: the USA", "n'est pas certifié bio", "non è certificato", "没有有机认证", "不是进口的")
_ORIGIN_WORDS = (r"(?:certif\w*|zertifi\w*|certificat\w*|made in|hergestellt|fabriqu\w*|produit en|prodott\w*|fabbricat\w*"
                 r"|fabricad\w*|tested|getestet|geprüft|testé\w*|testat\w*|probad\w*|award\w*|prämiert|primé\w*|premiat\w*"
                 r"|organic|bio|biologi\w*|imported|importiert|importé\w*|importat\w*)")
_DENIES_ORIGIN = re.compile(
    rf"(?:\b(?:not|never|no|nor|nicht|kein\w*|nie|ne|n'|pas|non|né|nessun\w*|ni)|n't)\b(?!\s+(?:only|just|nur|seulement|solo|sólo|solamente)\b)"
    rf"[\s'’-]*(?:\w+[\s'’-]+){{0,3}}{_ORIGIN_WORDS}"
    r"|(?:不是|并非|没有|没|无|不属于)[\u4e00-\u9fffA-Za-z0-9]{0,6}?(?:认证|进口|原装|产的|生产|有机|检测|获奖)", re.I)
_DENIALS = {"health_claim": _DENIES_CURE, "origin_claim": _DENIES_ORIGIN}


#: the host saying what it is: "I'm an AI host", "je suis un avatar IA", "ich bin eine KI-Moderatorin", "sou uma apresentadora de IA",
#: "jestem wirtualną prowadzącą", "soy una presentadora generada por inteligencia artificial", "我是AI虚拟主播", "我就是个程序"
_AI_SELF = re.compile(r"\b(?:i'?m|i am|je suis|ich bin|soy|sono|sou|jestem)\s+"
                      r"(?:un'|(?:an?|une?|una?|uma|eine?|el|la|o|a|just|only|simply|nur|juste|solo|soltanto|apenas|só|tylko)\s+){0,2}"
                      r"(?:(?!(?:not|no|não|kein\w*|pas|nicht|never|nie)\b)[\w-]+\s+(?:(?:de|di|da|do|z)\s+)?)?"
                      r"(?:ai|a\.i\.|ia|ki|ki-\w+|bot|virtual|virtuel\w*|virtuell\w*|virtuale|wirtualn\w*|avatar|digital|numérique|synthetic"
                      r"|generated|generad[ao]|generat[ao]|gerad[ao]|wygenerowan\w*|intelig[eê]ncia artificial|intelligenza artificiale"
                      r"|sztuczn\w* inteligencj\w*)\b"
                      r"|我(?:就|只|只不过)?是(?:[^，。！？,.!?不]{0,8}?的)?(?:一?[个名位])?(?:AI|ai|人工智能|虚拟|数字人|程序|机器人)", re.I)
#: "asked if I'm AI", "谁说我是AI": someone else's words, not the host's
_REPORTED = re.compile(r"(?:\b(?:if|whether|ob|si|se|czy|think|thinks|thought|says?|said|asked?|asks|wonder\w*|denk\w*|glaub\w*|pensez?|croi\w*)|谁说|以为|觉得|说)\W*$", re.I)
#: words a human claim needs; in an honest disclosure each is denied ("kein Mensch", "pas humaine", "não sou uma pessoa", "不是真人")
_HUMAN_WORD = re.compile(r"\b(?:human|humaine?|humain|humana?|humano|umana?|umano|person|persona|pessoa|osob[aąy]|człowiek\w*|mensch|real"
                         r"|réel\w*|echt\w*|wirklich\w*|vrai\w*|verdadeir\w*|verdader\w*|prawdziw\w*|people|nurse|doctor|médecin|arzt|ärztin"
                         r"|carne e osso|carne y hueso|carne e ossa|krwi i kości)\b"
                         r"|真人|本人|医生|护士", re.I)


#: what the host is, said as a thing it is not ("not a virtual one", "kein Bot", "não sou uma IA", "nie jestem botem", "不是机器人")
_AI_WORD = re.compile(r"\b(?:ai|a\.i\.|ia|ki|bot|botem|robot|robô|virtual|virtuel\w*|virtuell\w*|virtuale|wirtualn\w*|avatar|synthetic"
                      r"|algorithm\w*|recording|intelig[eê]ncia artificial|intelligenza artificiale|sztuczn\w* inteligencj\w*)\b"
                      r"|机器人|虚拟|数字人|AI", re.I)


def _human_not_ai(text: str) -> re.Match[str] | None:
    """A human word the host affirms in a sentence whose every AI word is denied ("this is a live
    human host, not a virtual one", "kein Bot, ein echter Mensch", "不是机器人，是真人"): the mirror of
    an honest disclosure. Asked, reported or quoted words claim nothing."""
    ai = list(_AI_WORD.finditer(text))
    if not ai or not all(negated(text, m.start()) for m in ai) or _QUOTED.search(text):
        return None
    return next((m for m in _HUMAN_WORD.finditer(text) if not negated(text, m.start()) and not _asked(text, m.end())
                 and not _REPORTED.search(text[max(0, m.start() - 20):m.start()])), None)


def _says_it_is_ai(text: str) -> bool:
    """The host affirms being an AI and every human word in the sentence is denied."""
    ai = [m for m in _AI_SELF.finditer(text) if not negated(text, m.start())
          and not _REPORTED.search(text[max(0, m.start() - 20):m.start()]) and not re.match(r"\s*[?？]", text[m.end():])]
    return bool(ai) and all(negated(text, m.start()) or _asked(text, m.end()) for m in _HUMAN_WORD.finditer(text))


def _asked(text: str, at: int) -> bool:
    """Whether the words before ``at`` are a question ("Bin ich echt? Nein, ich bin eine KI"): a
    viewer's question read out, which the disclosure after it answers."""
    end = re.search(r"[.!?。！？]", text[at:])
    return bool(end) and end.group(0) in "?？"


def _named_plainly(s: Sentence) -> str:
    """The sentence with names others chose said plainly: the persona's name as "the host", its
    operator as "the store" ("I'm Kai" is a name, not a claim to be a person), a product's name by its
    last word ("Peak Whey Protein Powder" claims no peak), and a fact's
    name by its last word ("max output" is the merchant's label for the output, not a superlative).
    The classifier reads the sentence as said, numbers as words: it learnt from written sentences,
    and "not a virtual one" is not "not a virtual 1"."""
    if "named_plainly" not in s.memo:
        said = s.norm.original
        spans = [(m.start(), m.end(), m.group(0).split()[-1]) for pr in s.products for rx in _fact_names(pr)
                 for m in rx.finditer(said)]
        spans += [(m.start(), m.end(), re.findall(r"\w+", m.group(0))[-1]) for pr in s.products for rx in _product_names(pr)
                  for m in rx.finditer(said)]
        if s.persona is not None:
            for name, plain in ((s.persona.display_name, "the host"), (s.persona.operator.organisation, "the store")):
                rx = phrase_pattern(name)
                spans += [(m.start(), m.end(), plain) for m in rx.finditer(said)] if rx else []
        out, end = [], 0
        for a, b, plain in sorted(spans, key=lambda x: (x[0], -x[1])):
            if a >= end:
                out += [said[end:a], plain]
                end = b
        s.memo["named_plainly"] = "".join(out) + said[end:]
    return str(s.memo["named_plainly"])


@per_product
def _product_names(product: Product) -> tuple[re.Pattern[str], ...]:
    """The merchant's names for the product, said as they are written."""
    return tuple(rx for rx in map(phrase_pattern, [product.name, *product.aliases]) if rx)


_PREPOSITIONS = {"in", "of", "by", "for", "on", "at", "with", "to", "from"}


@per_product
def _fact_names(product: Product) -> tuple[re.Pattern[str], ...]:
    """Fact names of two words or more, as they may be said ("max output", "battery life"). A name
    that ends in a preposition ("made in", "roasted in") is the claim itself, not a label for it:
    "made in the USA" said plainly as "in the USA" would claim no origin."""
    names = [key.replace("_", " ") for key in product.facts if "_" in key and key.rsplit("_", 1)[1] not in _PREPOSITIONS]
    return tuple(rx for rx in map(phrase_pattern, names) if rx)


def _plain(text: str, puffery: dict[str, str]) -> str:
    """The sentence with its allowed puffery said plainly: "the best kettle" reads "a great kettle",
    so only what is left ("in the world", "the only") can make it an absolute claim."""
    said = {k.lower(): v for k, v in puffery.items()}
    return phrase_regex(tuple(puffery)).sub(lambda m: said.get(m.group(0).lower(), "great"), text)


def _tokens(text: str) -> set[str]:
    """What carries a claim: Latin words of four letters or more (or with a digit), CJK character pairs."""
    lower = text.lower()
    latin = {w for w in re.findall(r"[a-z0-9][a-z0-9-]*", lower) if len(w) >= 4 or any(c.isdigit() for c in w)}
    cjk = {a + b for run in re.findall(r"[\u4e00-\u9fff]+", text) for a, b in zip(run, run[1:])}
    return latin | cjk


def _stated_in_catalog(s: Sentence) -> bool:
    """Whether what a fact, certification or approved claim of the product says is said here:
    "made in Italy" where the catalog says so, "FDA food-contact compliant" as certified.

    A certification is said by its codes where it has them ("EN 71 geprüft" says "EN 71 tested",
    "CE-gekennzeichnet" says "CE marked"; "foam" does not say "CertiPUR-US foam"); other texts by
    most of their words, all of them for one or two. Countries count in any language ("prodotta in
    Cina" states made_in: China; "de toda Francia" states "Provence (France)" unless it claims more:
    "the only ... in Italy"), other places by their spelling ("Vérone" for Verona), and a short value
    counts ("USA")."""
    said = _tokens(s.text)
    places = countries(s.text)
    spoken = [w for w in re.findall(r"[^\W\d_]{5,}", s.text) if not CJK_RUN.fullmatch(w)]
    codes_said = {c.lower() for c in re.findall(r"[\w]+", s.text)}

    def is_said(token: str) -> bool:
        key = _COUNTRY_TOKEN.get(token)
        return token in said or (key in places if key else any(same_place(token, w) for w in spoken))

    def most(tokens: set[str]) -> bool:
        return bool(tokens) and sum(map(is_said, tokens)) >= (len(tokens) if len(tokens) <= 2 else round(0.6 * len(tokens)))

    for product in s.products:
        for text in product.certifications:
            codes = _codes(text)
            if codes and all(c in codes_said for c in codes) or not codes and most(_tokens(text)):
                return True
        if any(most(_tokens(text)) for text in product.claims):
            return True
        # the merchant's own names for it ("宁夏枸杞", "Provence honey"): an origin they carry is theirs
        if any(most(_tokens(name)) for name in (product.name, *product.aliases) if _says_place(name)):
            return True
        # a fact by its whole value: its key's words ("made_in: China") say nothing of "made in the
        # USA", and "stainless steel" is not "hand-forged stainless"
        for value in (v for v in product.facts.values() if isinstance(v, str)):
            named = countries(value)
            if named and named <= places and not _EXCLUSIVE.search(s.text):
                return True  # "de toda Francia" for "Provence (France)"; "the only coffee in Italy ..." claims more
            if most({t for t in _tokens(value) if t not in _COUNTRY_TOKEN} | {_COUNTRY_KEY[c] for c in named}):
                return True
    return False


#: an exclusivity claim, which no origin the catalog states vouches for ("l'unico caffè in Italia ...")
_EXCLUSIVE = re.compile(r"\b(?:the only|only one|exclusive\w*|der einzige|die einzige|das einzige|einzig\w*|exklusiv\w*|le seul|la seule"
                        r"|exclusi\w*|l'unic[oa]|unic[oa]|esclusiv\w*|el único|la única|únic[oa])\b|唯一|独家|只有我们", re.I)


def _says_place(name: str) -> bool:
    """Whether a product name carries a place: a country in any language, or a Chinese region
    before the product word ("宁夏枸杞", "云南普洱")."""
    return bool(countries(name)) or name.startswith(CN_REGIONS)


def _codes(text: str) -> set[str]:
    """The codes a certification is known by: numbers and capitalised marks ("EN 71", "CE", "3C",
    "OEKO-TEX", "CertiPUR-US"), lower-cased, each part of a hyphenated one on its own."""
    return {part.lower() for word in re.findall(r"[\w-]+", text) if re.search(r"\d|[A-Z]{2}", word)
            for part in re.findall(r"\w+", word)}


#: a country as a token: its key stands for all its names ("usa" for "USA", "U.S.", "美国")
_COUNTRY_KEY = {key: f"country:{key}" for key in COUNTRIES}
_COUNTRY_TOKEN = {f"country:{key}": key for key in COUNTRIES} | {
    name: key for key, names in COUNTRIES.items() for name in names if re.fullmatch(r"[a-z0-9][a-z0-9-]*", name) and len(name) >= 4}


def _keeps_figures(said: str, text: str) -> bool:
    """Whether a Chinese sentence keeps the numbers of a catalog text that has some: "本店累计售出两万台"
    lies as close to "本店累计售出1.2万台" as a true restatement does, and the figure is the claim."""
    held = _figures(normalise_numbers(text).text)
    return not CJK_RUN.search(said) or not held or _figures(said) <= held


def _restates_catalog(s: Sentence, threshold: float) -> bool:
    """Whether the sentence says what a catalog text of its products says (memoised per sentence).

    Close in meaning is enough across languages and in Latin script; a Chinese sentence must also
    say most of a Chinese catalog text's words. Short Chinese sentences lie close together for the
    encoder whatever they say (measured: "每天用二十分钟，颈椎病就好了" at 0.95 to "热敷加脉冲，工作累了放松一下肩颈",
    "天天喝，便秘很快就好了" at 0.94 to "每条2克，温水冲调即可饮用"), so the cosine alone let cure claims and
    first-person use pass as restatements of unrelated copy."""
    if "restates" not in s.memo:
        support = supporting_texts(s.products, s.catalog)
        restated = False
        if support:
            sims = text_vectors(support) @ sentence_vector(s.text)
            restated = any(float(sim) >= threshold and says_chinese_words(s.text, text) and _keeps_figures(s.text, text)
                           for text, sim in zip(support, sims))
        s.memo["restates"] = restated
    return bool(s.memo["restates"])
