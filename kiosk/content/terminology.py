"""The agreed terms of exhibits/terminology.yaml, and where a text uses a variant to avoid.
No Kivy: the validator warns on the content, a test fails on the UI strings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from kiosk.content.problems import Diagnostics


@lru_cache(maxsize=512)
def _pattern(variant: str) -> re.Pattern:
    """The variant as a whole word (or words), as written: case matters ('Klimatvakten' is
    agreed where 'klimatvakt' is not)."""
    return re.compile(r"(?<![\w-])" + re.escape(variant) + r"(?![\w])")


def wrong_variants(text: str, language: str, terms: Iterable) -> list[tuple[str, object]]:
    """Each (variant, term) of `terms` whose wrong variant in `language` appears in `text`."""
    found = []
    for term in terms:
        for variant in term.wrong(language):
            if _pattern(variant).search(text):
                found.append((variant, term))
    return found


def check_terminology(texts: Iterable, terms: Iterable, diagnostics: Diagnostics) -> None:
    """A warning for every wrong variant in `texts`: (language, text, path, mark, where)."""
    terms = tuple(terms)
    for language, text, path, mark, where in texts:
        for variant, term in wrong_variants(text, language, terms):
            agreed = term.agreed(language)
            diagnostics.warning(
                path,
                mark,
                f"'{variant}' is not the agreed term; write '{agreed}' (exhibits/terminology.yaml, "
                f"{term.id})",
                where,
            )
