"""Which products a sentence or a comment is about: by SKU, name, brand or alias."""

from __future__ import annotations

import re

from ..models import Catalog, Product

_CJK = re.compile(r"[\u3400-\u9fff]")
_GENERIC = {"the", "a", "an", "and", "for", "with", "of", "pack", "set", "kids"}


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def _names(product: Product) -> list[str]:
    names = [product.name, *product.aliases, product.sku]
    if product.brand:
        names.append(product.brand)
    return names


def find_products(catalog: Catalog, text: str) -> list[Product]:
    """Products mentioned in ``text``, best match first.

    A product matches when one of its names (SKU, full name, brand, alias) occurs as whole
    words, a Chinese name anywhere; longer matches rank higher so "Pulse Buds" beats a bare "buds".
    """
    words = _words(text)
    joined = f" {' '.join(words)} "
    lowered = text.lower()
    scored: list[tuple[int, int, Product]] = []
    for index, product in enumerate(catalog.products):
        best = 0
        for name in _names(product):
            if _CJK.search(name):  # Chinese is written without spaces: a name matches where it stands
                if name.lower() in lowered:
                    best = max(best, 5 * len(name))
                continue
            name_words = [w for w in _words(name) if w not in _GENERIC] or _words(name)
            phrase = f" {' '.join(_words(name))} "
            if phrase.strip() and phrase in joined:
                best = max(best, 10 * len(_words(name)))
            elif len(name_words) > 1 and all(f" {w} " in joined for w in name_words):
                best = max(best, 5 * len(name_words))
        if best:
            scored.append((-best, index, product))
    return [p for _, _, p in sorted(scored, key=lambda t: (t[0], t[1]))]


def policy_applies(catalog: Catalog, product: Product, policy: str) -> bool:
    """A policy that names product categories ("Electronics carry a 1-year warranty") covers only those."""
    text = catalog.policies[policy].lower()
    named = {p.category for p in catalog.products if re.search(rf"\b{re.escape(p.category)}\b", text)}
    return not named or product.category in named
