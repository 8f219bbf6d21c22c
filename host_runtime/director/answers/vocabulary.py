"""The answer vocabulary (vocabulary.yaml) as a checked file, and its words stemmed once.

Why stems: viewers write "lasts", "lasting", "batteries"; fact names say "battery_life". Both
sides are compared after Snowball's English stemmer, so the data lists a word once.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import snowballstemmer
from babel.dates import get_month_names

from ...models.base import Authored
from ...models.loader import load, register_kind

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
#: more of the same vocabulary, one file per subject (what products are called in each language, the
#: words of a kind of product): each adds to vocabulary.yaml's lists and tables, never replaces them,
#: so words are added where they belong and files edited side by side merge without conflict
VOCABULARY_PARTS = Path(__file__).with_name("vocabulary.d")
_STEMMER = snowballstemmer.stemmer("english")

Stems = tuple[str, ...]


class Language(Authored):
    """Another language's filler, and its words for what is asked said in English."""

    stopwords: list[str] = []
    words: dict[str, str] = {}
    counters: list[str] = []  # Chinese measure words that count things: "10片", "30袋"
    traditional: str = ""  # pairs of characters: a traditional one, then its simplified form
    #: words viewers mistype by sound or shape ("取暧器", "冲峰衣", "机戒键盘"), and the word meant: read as meant
    typos: dict[str, str] = {}
    labels: dict[str, str] = {}  # a fact's English label, and what an answer in this language calls it


class Vocabulary(Authored):
    topics: dict[str, list[str]]
    groups: dict[str, list[str]]
    dimensions: dict[str, list[str]]
    name_units: dict[str, str]
    common_attributes: list[str]
    stopwords: list[str]
    languages: dict[str, Language]
    experience: list[str]
    identity: list[str]
    units: dict[str, list[str]]
    #: kinds of product and the nouns any of them goes by ("footwear": shoes, boots): a product whose name
    #: ends in one ("Hiking Boot") is named by the others too ("are the shoes waterproof?")
    kinds: dict[str, list[str]] = {}
    categories: dict[str, list[str]]  # a catalog category, and how store policies name it in each language  # one spelling of a unit, and how questions and values write it
    decline: dict[str, list[str]]
    #: groups a Chinese value's own words give its fact: "frame: 铝合金车架" names a material, so
    #: "什么材质" asks for it although the fact's name ("frame") is no material word
    value_groups: list[str] = []


register_kind("answer_vocabulary", Vocabulary, "common_attributes")


class VocabularyPart(Authored):
    """A file of vocabulary.d: any of the vocabulary's tables, each added to the main file's."""

    topics: dict[str, list[str]] = {}
    groups: dict[str, list[str]] = {}
    dimensions: dict[str, list[str]] = {}
    name_units: dict[str, str] = {}
    common_attributes: list[str] = []
    stopwords: list[str] = []
    languages: dict[str, Language] = {}
    experience: list[str] = []
    identity: list[str] = []
    units: dict[str, list[str]] = {}
    kinds: dict[str, list[str]] = {}
    categories: dict[str, list[str]] = {}
    decline: dict[str, list[str]] = {}


def merged(base: Vocabulary, parts: list[tuple[Path, VocabularyPart]]) -> Vocabulary:
    """``base`` with each part's words added: lists extended (each word once), tables joined. A
    word a part says in English otherwise than the main file (or another part) does is an error
    naming both, never a silent override."""
    data = base.model_dump()
    said: dict[tuple[str, str], str] = {(lang, w): str(VOCABULARY_FILE.name) for lang, spec in base.languages.items()
                                         for w in spec.words}
    for path, part in parts:
        for key, value in part.model_dump(exclude_unset=True).items():
            if key == "languages":
                for lang, spec in value.items():
                    mine = data["languages"].setdefault(lang, Language().model_dump())
                    for field, more in spec.items():
                        if field == "words":
                            for word, english in more.items():
                                if mine["words"].get(word, english) != english:
                                    raise ValueError(f"{path.name}: {lang} {word!r} is {english!r} here but "
                                                     f"{mine['words'][word]!r} in {said[(lang, word)]}")
                                mine["words"][word] = english
                                said[(lang, word)] = path.name
                        elif isinstance(more, list):
                            mine[field] += [w for w in more if w not in mine[field]]
                        elif isinstance(more, dict):
                            mine[field].update(more)
                        else:
                            mine[field] += more
            elif isinstance(value, list):
                data[key] += [w for w in value if w not in data[key]]
            elif key == "name_units":  # one unit per name ending
                data[key].update(value)
            else:
                for name, members in value.items():
                    have = data[key].setdefault(name, [])
                    have += [w for w in members if w not in have]
    return Vocabulary.model_validate(data)


@functools.lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A word's stem; cached, as a viewer's words and the catalog's are stemmed again for every
    product and clause a question is matched against (half an answer's time before)."""
    return _STEMMER.stemWord(re.sub(r"'s?$", "", word.lower().replace("’", "'")))


def words(text: str) -> list[str]:
    """Latin words and numbers, lower case; hyphens and slashes split ("heel-to-toe")."""
    return [w for w in re.findall(r"[a-z0-9à-öø-ÿ%']+", text.lower().replace("’", "'")) if w.strip("'")]


def stems(text: str) -> Stems:
    return tuple(stem(w) for w in words(text))


class Lexicon:
    """The vocabulary with every word and phrase stemmed, built once per process."""

    def __init__(self, vocab: Vocabulary):
        self.vocab = vocab
        self.topics = {t: [stems(c) for c in cues] for t, cues in vocab.topics.items()}
        self.groups = {g: [stems(w) for w in [g.replace("_", " "), *members]] for g, members in vocab.groups.items()}
        self.dimensions = {d: {s for c in cues for s in stems(c)} for d, cues in vocab.dimensions.items()}
        self.stop = {stem(w) for w in vocab.stopwords}
        self.units = {k.lower(): v for k, v in vocab.name_units.items()}
        self.attributes = [stems(a) for a in vocab.common_attributes]
        self.decline = {t: [stems(c) for c in cues] for t, cues in vocab.decline.items()}
        self.experience = [stems(c) for c in vocab.experience]
        self.identity = [stems(c) for c in vocab.identity]
        self.kinds = [{stem(w) for w in nouns} for nouns in vocab.kinds.values()]
        #: any spelling of a unit (stemmed, or as written for Chinese) to its one spelling
        self.unit_spellings = {form: unit for unit, forms in vocab.units.items()
                               for written in [unit, *forms]
                               for form in {written.lower(), stem(written), re.sub(r"[ /-]", "", written.lower())}}

    def groups_of(self, token: str) -> set[str]:
        """Groups a fact-name word belongs to: as a member, or holding a member ("rainfly" holds "rain")."""
        out = set()
        for group, members in self.groups.items():
            for member in members:
                if len(member) != 1:
                    continue
                m = member[0]
                if m == token or (len(m) >= 4 and len(token) > len(m) and m in token):
                    out.add(group)
                    break
        return out


@functools.cache
def vocabulary() -> Vocabulary:
    parts = [(path, load(path, VocabularyPart)) for path in sorted(VOCABULARY_PARTS.glob("*.yaml"))]
    return with_month_names(merged(load(VOCABULARY_FILE, Vocabulary), parts))


def with_month_names(vocab: Vocabulary) -> Vocabulary:
    """``vocab`` with each Latin-script language's month names said in English, from Babel's locale
    data ("gennaio", "janeiro", "März" are "january", "march"), so "quanto costava a gennaio?" asks a
    past price as "what did it cost in January?" does; a word the vocabulary lists itself is kept."""
    data = vocab.model_dump()
    english = get_month_names("wide", locale="en")
    for lang, spec in data["languages"].items():
        if lang == "zh":  # read apart: 1月, 一月 are numbers and units, not words
            continue
        for context in ("format", "stand-alone"):
            for number, name in get_month_names("wide", context=context, locale=lang).items():
                spec["words"].setdefault(name.lower(), english[number].lower())
    return Vocabulary.model_validate(data)


@functools.cache
def lexicon() -> Lexicon:
    return Lexicon(vocabulary())


def find(seq: Stems, phrase: Stems) -> list[int]:
    """Indices of ``seq`` covered by every occurrence of ``phrase``."""
    n = len(phrase)
    return [j for i in range(len(seq) - n + 1) if n and seq[i:i + n] == phrase for j in range(i, i + n)]
