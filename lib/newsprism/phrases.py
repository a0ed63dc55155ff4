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


def _has_top_level_bar(pattern: str) -> bool:
    """True when ``pattern`` has a ``|`` outside any group or class (or unbalanced ``)``)."""
    depth, in_class, i = 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 1
        elif in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 + pattern.startswith("^", i + 1)
            i += pattern.startswith("]", i + 1)  # a "]" first in a class is literal
        elif char in "()":
            depth += 1 if char == "(" else -1
            if depth < 0:
                return True
        elif char == "|" and depth == 0:
            return True
        i += 1
    return False


def leading_char(pattern: str) -> str | None:
    """The ASCII letter or digit every match of ``pattern`` starts with, when plain to see.

    None when the pattern may start otherwise (an optional or escaped first item, a class,
    a group, a top-level ``|``): such patterns are tried at every position.
    """
    body = pattern[5:-1] if pattern.startswith("(?-i:") and pattern.endswith(")") else pattern
    if not body or _has_top_level_bar(body):
        return None
    first = body[0]
    if not (first.isascii() and first.isalnum()) or body[1:2] in ("?", "*", "{"):
        return None
    return first


def _by_letter(branches: Sequence[str], firsts: dict[int, str]) -> str:
    """Branches grouped by first letter (case ignored), each group behind one look-ahead."""
    groups: dict[str, list[int]] = {}
    for i, first in firsts.items():
        groups.setdefault(first.lower(), []).append(i)
    return "|".join(f"(?=[{''.join(sorted({firsts[i] for i in indices}))}])"
                    f"(?:{'|'.join(branches[i] for i in indices)})"
                    for indices in groups.values())


def dispatch(branches: Sequence[str], patterns: Sequence[str]) -> str:
    """``branches`` joined with ``|``, runs of branches with a plain first letter grouped by it,
    so a position tries only the branches that can match there.

    ``branches[i]`` wraps ``patterns[i]``. Branches with different first letters (case
    ignored) never match at the same position, so regrouping a run keeps which branch wins;
    branches without a plain first letter stay where they are.
    """
    parts: list[str] = []
    run: dict[int, str] = {}
    for i, pattern in enumerate(patterns):
        first = leading_char(pattern)
        if first is not None:
            run[i] = first
            continue
        if run:
            parts.append(_by_letter(branches, run))
            run = {}
        parts.append(branches[i])
    if run:
        parts.append(_by_letter(branches, run))
    return "|".join(parts)


def alternation(patterns: Sequence[str]) -> re.Pattern[str]:
    """One case-insensitive regex trying ``patterns`` in order; group ``_i`` is pattern i."""
    if not patterns:
        return re.compile(r"(?!x)x")
    body = dispatch([f"(?P<_{i}>{pattern})" for i, pattern in enumerate(patterns)], patterns)
    return re.compile(f"{_LEFT_EDGE}(?:{body}){_RIGHT_EDGE}", re.IGNORECASE)


def entry_index(match: re.Match[str]) -> int:
    """Which pattern of an :func:`alternation` produced ``match``."""
    return int(str(match.lastgroup)[1:])
