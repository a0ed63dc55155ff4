"""Word tokens and stop words shared by the vocabulary measures (distinctive terms, overlaps).

Tokens are lower-cased, curly apostrophes made straight and possessive "'s" dropped, so
"Hamas’s" and "Hamas" count as one word; tokens without a letter (bare numbers) are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newsprism.datafiles import load_yaml

# A word: letters and digits, joined by apostrophes or hyphens ("Hamas’s", "Hamas-run").
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_LETTER = re.compile(r"[^\W\d_]")
_POSSESSIVE = re.compile(r"'s?$")
# Distinct tokens whose normal form is remembered.
TOKENS_REMEMBERED = 2**17
# Punctuation that ends a phrase (regex source): n-grams never straddle it.
PHRASE_BREAK = r"[,;:!?()\[\]\"“”«»—–]|\.(?=\s|$)|\s-\s|\s[‘’']|[‘’']\s"
_WORD_OR_BREAK = re.compile(f"{PHRASE_BREAK}|{WORD.pattern}")


@dataclass(frozen=True)
class StopWords:
    """The stop-word list of ``stop_words.yaml``."""

    words: frozenset[str]

    def __contains__(self, word: object) -> bool:
        return word in self.words


def load_stop_words(path: str | Path | None = None) -> StopWords:
    """Read stop words from ``path`` or the packaged ``stop_words.yaml``."""
    data = load_yaml("stop_words.yaml", path)
    return StopWords(frozenset(str(word).lower() for word in data["words"]))


def normalise(token: str) -> str:
    """Lower-case, straight apostrophes, no possessive ending."""
    return _POSSESSIVE.sub("", token.lower().replace("’", "'"))


@lru_cache(maxsize=TOKENS_REMEMBERED)
def _word(token: str) -> str:
    """The normal form of a token when it has a letter, else ``""`` (remembered: words recur)."""
    word = normalise(token)
    return word if word and _LETTER.search(word) else ""


def content_tokens(text: str, stop: StopWords) -> list[str]:
    """The words of ``text`` in order, ``""`` for each phrase break, number and stop word:
    n-grams stay inside runs of words. One scan finds words and breaks (no break holds a
    word character, so the words are those ``WORD`` finds)."""
    stops = stop.words
    return [word if word not in stops else "" for word in map(_word, _WORD_OR_BREAK.findall(text))]


def content_words(text: str, stop: StopWords) -> list[str]:
    """Tokens of ``text`` that are not stop words."""
    stops = stop.words
    return [word for word in map(_word, WORD.findall(text)) if word and word not in stops]
