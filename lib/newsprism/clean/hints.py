"""What an input says about its own text, for the cleaner to use or check its guesses against.

A record, an export or a page's metadata may name the article's title and standfirst (which
then open the document, in that order), its URL (whose slug names the story) and whether a
tool already extracted the text from its page. Plain scraped text says none of this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

# The reasons of lines the input itself names, and of the lines a tool already extracted.
RECORD_TITLE = "record_title"
RECORD_STANDFIRST = "record_standfirst"
PRE_EXTRACTED = "pre-extracted"
URL_SLUG_TITLE = "url_slug_title"
# A slug names the story with at least this many words ("gaza-truce-talks").
MIN_SLUG_WORDS = 3
# A headline shares at least this share of the slug's words when the slug was made from it.
SLUG_MATCH_SHARE = 0.6
_SLUG_SPLIT = re.compile(r"[-_+.,~\s]+")
_WORD_PARTS = re.compile(r"['’-]")
# Path words that name a page's file type or form, not its story.
_NOT_STORY = frozenset({"html", "htm", "php", "asp", "aspx", "shtml", "amp", "index", "www"})


@dataclass(frozen=True)
class Hints:
    """The title and standfirst the input gives (each opening ``doc`` when given), its URL,
    and whether the text was ``pre_extracted`` by a tool (news-please, trafilatura, Nexis)."""

    title: str = ""
    standfirst: str = ""
    url: str = ""
    pre_extracted: bool = False


def slug_words(url: str) -> frozenset[str]:
    """Lower-case words of the URL path segment that names the story, the one with the most
    words ("/world/2025/06/01/gaza-truce-talks-resume.html" gives gaza, truce, talks,
    resume); empty when no segment has ``MIN_SLUG_WORDS`` words. Numbers and file types are
    left out."""
    best: list[str] = []
    for segment in unquote(urlsplit(url.strip()).path).split("/"):
        words = [word.lower() for word in _SLUG_SPLIT.split(segment)
                 if word.isalpha() and word.lower() not in _NOT_STORY]
        if len(words) > len(best):
            best = words
    return frozenset(best) if len(best) >= MIN_SLUG_WORDS else frozenset()


def slug_share(slug: frozenset[str], words: tuple[str, ...]) -> float:
    """Share of the slug's words that a line's words hold (case ignored; "US-backed" holds
    "us" and "backed", as a slug writes them)."""
    held = {part for word in words for part in _WORD_PARTS.split(word.lower())}
    return len(slug & held) / len(slug) if slug else 0.0
