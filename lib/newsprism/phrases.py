"""Word lists as regular expressions: one alternation per list, longest entries first.

The lexicons (actors, loaded terms) are written as plain phrases or ``re:`` regexes. Each
list compiles to ONE regex whose alternatives are numbered groups, so an article is scanned
once and every match says which entry it came from.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

REGEX_PREFIX = "re:"
_HYPHENS = r"\-‐‑"
# A match starts and ends on a word edge and never runs into a hyphenated compound:
# "Hamas" is not found in "Hamas-run", nor "Israel" in "Israel-Hamas".
_LEFT_EDGE = rf"(?<![\w{_HYPHENS}])"
_RIGHT_EDGE = rf"(?![\w]|[{_HYPHENS}]\w)"


def phrase_pattern(phrase: str) -> str:
    """Regex for a plain phrase: any white space between words, ' or ’, any hyphen.

    A phrase that starts with a capital letter is matched case-sensitively ("Trump" is never
    "trump", "WHO" never "who"); others ignore case ("the movement" finds "The movement").
    """
    words = []
    for word in phrase.split():
        escaped = re.escape(word)
        escaped = re.sub(r"\\?['’]", "['’]", escaped)
        escaped = re.sub(r"\\?[-‐‑]", f"[{_HYPHENS}]", escaped)
        words.append(escaped)
    body = r"\s+".join(words)
    return f"(?-i:{body})" if phrase[:1].isupper() else body


def entry_pattern(entry: str) -> str:
    """Regex of a list entry: ``re:`` entries are taken as written, others as phrases."""
    entry = entry.strip()
    if entry.startswith(REGEX_PREFIX):
        return entry[len(REGEX_PREFIX):].strip()
    return phrase_pattern(entry)


def by_length(entries: Sequence[str]) -> list[int]:
    """Indices of plain-phrase ``entries``, longest first (ties keep file order)."""
    return sorted(range(len(entries)), key=lambda i: -len(entries[i]))


def alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive regex trying ``patterns`` in order; group ``_i`` is pattern i."""
    if not patterns:
        return re.compile(r"(?!x)x")
    body = "|".join(f"(?P<_{i}>{pattern})" for i, pattern in enumerate(patterns))
    return re.compile(f"{_LEFT_EDGE}(?:{body}){_RIGHT_EDGE}", re.IGNORECASE)


def entry_index(match: re.Match[str]) -> int:
    """Which pattern of an :func:`alternation` produced ``match``."""
    return int(str(match.lastgroup)[1:])
