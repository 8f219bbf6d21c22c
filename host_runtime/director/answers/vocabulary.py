"""The answer vocabulary (vocabulary.yaml) as a checked file, and its words stemmed once.

Why stems: viewers write "lasts", "lasting", "batteries"; fact names say "battery_life". Both
sides are compared after Snowball's English stemmer, so the data lists a word once.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import snowballstemmer

from ...models.base import Authored
from ...models.loader import load, register_kind

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yaml")
_STEMMER = snowballstemmer.stemmer("english")

Stems = tuple[str, ...]


class Language(Authored):
    """Another language's filler, and its words for what is asked said in English."""

    stopwords: list[str] = []
    words: dict[str, str] = {}
    counters: list[str] = []  # Chinese measure words that count things: "10片", "30袋"
    traditional: str = ""  # pairs of characters: a traditional one, then its simplified form
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
    categories: dict[str, list[str]]  # a catalog category, and how store policies name it in each language  # one spelling of a unit, and how questions and values write it
    decline: dict[str, list[str]]
    #: groups a Chinese value's own words give its fact: "frame: 铝合金车架" names a material, so
    #: "什么材质" asks for it although the fact's name ("frame") is no material word
    value_groups: list[str] = []


register_kind("answer_vocabulary", Vocabulary, "common_attributes")


def stem(word: str) -> str:
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
        #: any spelling of a unit (stemmed, or as written for Chinese) to its one spelling
        self.unit_spellings = {form: unit for unit, forms in vocab.units.items()
                               for written in [unit, *forms] for form in {written.lower(), stem(written)}}

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
    return load(VOCABULARY_FILE, Vocabulary)


@functools.cache
def lexicon() -> Lexicon:
    return Lexicon(vocabulary())


def find(seq: Stems, phrase: Stems) -> list[int]:
    """Indices of ``seq`` covered by every occurrence of ``phrase``."""
    n = len(phrase)
    return [j for i in range(len(seq) - n + 1) if n and seq[i:i + n] == phrase for j in range(i, i + n)]
