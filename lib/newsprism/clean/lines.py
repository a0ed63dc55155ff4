"""Label every non-empty line of a scraped page (title … related) and say why.

Scraped news pages mix the article with site chrome. The cleaner works line by line
with general signals — pattern data (``data/line_patterns.yaml``), position relative to
the article's prose, length, end punctuation, stop-word density and repetition within the
page — and records a machine-readable reason for every decision, so the audit can show
what was dropped and why.
"""

from __future__ import annotations

import re
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.clean.words import WORD
from newsprism.datafiles import load_yaml
from newsprism.measures.phrases import has_foreign_letter, split_heads

CONTENT_LABELS = ("title", "standfirst", "subhead", "body")

_CLOSERS = "\"'”’)]»"
_TERMINAL = ".!?…"
# " | World News", " - Reuters", " – Al Jazeera": a short section or site suffix on a title.
_TITLE_SUFFIX = re.compile(r"\s+[|–—-]\s+([^|–—]{2,40})$")
_STOP_WORDS = frozenset(
    "a an the and or but of to in on at for from by with as is are was were be been has have "
    "had it its this that these those he she they we his her their our not no will would "
    "said says after over into than which who whom whose while also".split()
)
# A prose line needs this many words when it ends a sentence, or the long-line count without.
_MIN_PROSE_WORDS = 5
_LONG_LINE_WORDS = 20
_MAX_HEADLINE_WORDS = 30
_MIN_SUBHEAD_WORDS = 3
_MIN_TITLE_WORDS = 5
_BULLETS = ("•", "●", "▪", "- ", "* ", "– ")
_MAX_STANDFIRST_LINES = 2


def _may_match(screen: str | None, starts: tuple[str, ...], heads: Set[str]) -> bool:
    """False when the lower-cased line ``screen`` neither starts with one of ``starts`` nor
    holds one of ``heads``: no pattern with those heads can match it. A line without a
    screen (see :class:`Line`) may match anything."""
    return screen is None or screen.startswith(starts) or any(map(screen.__contains__, heads))


@dataclass(frozen=True)
class LinePattern:
    """One compiled line pattern from the pattern file, with the lower-case beginnings one
    of which starts each of its matches: ``starts`` begin the line (alternatives opening with
    ``^``), ``heads`` may stand anywhere in it (none known: the regex is always run)."""

    regex: re.Pattern[str]
    reason: str
    max_words: int | None = None
    heads: frozenset[str] = field(init=False)
    starts: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        """Read the heads from the regex (``object.__setattr__``: the class is frozen)."""
        starts, heads = split_heads(self.regex)
        object.__setattr__(self, "heads", heads)
        object.__setattr__(self, "starts", tuple(sorted(starts)))

    @classmethod
    def of(cls, pattern: str, reason: str, max_words: int | None = None) -> LinePattern:
        """Compile ``pattern`` (case ignored)."""
        return cls(re.compile(pattern, re.IGNORECASE), reason, max_words)

    @property
    def screened(self) -> bool:
        """True when the pattern's heads are known, so lines without them are skipped."""
        return bool(self.starts or self.heads)

    def matches(self, line: Line) -> bool:
        """True when the line matches and is not longer than the pattern allows. A line whose
        lower-cased text neither starts with one of ``starts`` nor holds one of ``heads``
        cannot match: the regex is skipped."""
        if self.max_words is not None and len(line.words) > self.max_words:
            return False
        if self.screened and not _may_match(line.screen, self.starts, self.heads):
            return False
        return self.regex.search(line.text) is not None


@dataclass(frozen=True)
class PatternGroup:
    """The patterns of one group of the pattern file, in file order, with the heads of all
    its screened patterns: a line holding none of them is tried on the ``unscreened`` only."""

    patterns: tuple[LinePattern, ...]
    unscreened: tuple[LinePattern, ...] = field(init=False)
    starts: tuple[str, ...] = field(init=False)
    heads: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        """Gather the patterns' heads once (``object.__setattr__``: the class is frozen)."""
        patterns = tuple(self.patterns)
        object.__setattr__(self, "patterns", patterns)
        object.__setattr__(self, "unscreened", tuple(p for p in patterns if not p.screened))
        object.__setattr__(self, "starts", tuple(sorted({s for p in patterns for s in p.starts})))
        object.__setattr__(self, "heads", frozenset(h for p in patterns for h in p.heads))

    def first_match(self, line: Line) -> str | None:
        """The reason of the first pattern matching ``line``, if any."""
        may_match = _may_match(line.screen, self.starts, self.heads)
        for pattern in self.patterns if may_match else self.unscreened:
            if pattern.matches(line):
                return pattern.reason
        return None


@dataclass(frozen=True)
class LinePatterns:
    """The pattern groups of ``line_patterns.yaml``."""

    boilerplate: PatternGroup
    meta: PatternGroup
    caption: PatternGroup
    credit_only: PatternGroup
    related_header: PatternGroup


@dataclass(frozen=True)
class Line:
    """A non-empty line of a document with its offsets (stripped of surrounding space).

    ``screen`` is the text lower-cased for the patterns' head test, None when the line
    holds a letter beyond ASCII (case-insensitive regexes may read one as an ASCII letter).
    """

    number: int
    start: int
    end: int
    text: str
    words: tuple[str, ...] = ()
    screen: str | None = None

    @classmethod
    def of(cls, number: int, start: int, text: str) -> Line:
        """A line with its word tokens counted and its screen made once."""
        screen = None if has_foreign_letter(text) else text.lower()
        return cls(number, start, start + len(text), text, tuple(WORD.findall(text)), screen)


@dataclass(frozen=True)
class LabelledLine:
    """A line with the cleaner's decision and its reason."""

    line: Line
    label: str
    reason: str


def load_patterns(path: str | Path | None = None) -> LinePatterns:
    """Read line patterns from ``path`` or the packaged ``line_patterns.yaml``."""
    data = load_yaml("line_patterns.yaml", path)

    def group(name: str) -> PatternGroup:
        return PatternGroup(tuple(LinePattern.of(e["pattern"], e["reason"], e.get("max_words"))
                                  for e in data.get(name, [])))

    return LinePatterns(group("boilerplate"), group("meta"), group("caption"),
                        group("credit_only"), group("related_header"))


def split_lines(doc: str) -> list[Line]:
    """Non-empty lines of ``doc`` with 1-based numbers and offsets of the stripped text."""
    lines: list[Line] = []
    pos = 0
    for number, chunk in enumerate(doc.split("\n"), start=1):
        stripped = chunk.strip()
        if stripped:
            lines.append(Line.of(number, pos + (len(chunk) - len(chunk.lstrip())), stripped))
        pos += len(chunk) + 1
    return lines


def _ends_sentence(text: str) -> bool:
    """True when the line ends with sentence punctuation, closing quotes allowed."""
    return text.rstrip(_CLOSERS)[-1:] in _TERMINAL if text.rstrip(_CLOSERS) else False


def _stop_ratio(words: tuple[str, ...]) -> float:
    """Share of function words: prose has many, navigation and headlines few."""
    return sum(map(_STOP_WORDS.__contains__, map(str.lower, words))) / len(words) if words else 0.0


def is_prose(line: Line) -> bool:
    """A line that reads as running text: a finished sentence or a long stretch of words."""
    words = line.words
    if len(words) >= _LONG_LINE_WORDS and _stop_ratio(words) >= 0.1:
        return True
    return len(words) >= _MIN_PROSE_WORDS and _ends_sentence(line.text)


def is_headline(line: Line) -> bool:
    """A short line without final full stop: a title or subhead shape."""
    words = line.words
    return (_MIN_SUBHEAD_WORDS <= len(words) <= _MAX_HEADLINE_WORDS
            and not line.text.rstrip(_CLOSERS).endswith((".", ":", ";", ",")))


def _repetition_keys(line: Line) -> tuple[str, ...]:
    """Case- and space-insensitive forms of a line, with and without a title-style suffix
    (lower-cased after joining: the space between words keeps each word's own casing)."""
    key = " ".join(line.words).lower()
    start, end, suffix = title_span(line)
    if suffix is None:
        return (key,)
    short = line.text[start - line.start:end - line.start]
    return key, " ".join(WORD.findall(short)).lower()


def title_span(line: Line) -> tuple[int, int, str | None]:
    """Offsets of a title without its section suffix (" | World News"), and the suffix."""
    match = _TITLE_SUFFIX.search(line.text)
    if match and len(WORD.findall(match.group(1))) <= 4 and len(line.words) >= 6:
        return line.start, line.start + match.start(), match.group(1)
    return line.start, line.end, None


def _caption_reason(line: Line, n_words: int, patterns: LinePatterns) -> str | None:
    """Why a line is a photo caption: a credit at its end, or nothing but a credit."""
    if n_words >= 4 and (reason := patterns.caption.first_match(line)):
        return reason
    return patterns.credit_only.first_match(line)


def _pattern_pass(lines: list[Line], patterns: LinePatterns) -> list[tuple[str, str] | None]:
    """Labels that patterns, related blocks and repetition decide on their own."""
    decided: list[tuple[str, str] | None] = []
    in_related = False
    seen: set[str] = set()
    for line in lines:
        n_words = len(line.words)
        keys = _repetition_keys(line)
        label: tuple[str, str] | None = None
        if reason := patterns.related_header.first_match(line):
            in_related = True
            label = ("boilerplate", reason)
        elif reason := patterns.boilerplate.first_match(line):
            label = ("boilerplate", reason)
        elif in_related:
            label = ("related", "after_related_header")
        elif keys[0] and any(k in seen for k in keys):
            label = ("boilerplate", "repeated_line")
        elif reason := patterns.meta.first_match(line):
            label = ("meta", reason)
        elif reason := _caption_reason(line, n_words, patterns):
            label = ("caption", reason)
        if keys[0]:
            seen.update(keys)
        decided.append(label)
    return decided


def _find_title(lines: list[Line], decided: list, first_prose: int) -> int | None:
    """The first full-length headline before the prose; a short one only if none is longer.

    A kicker or section label above the headline ("Israel-Gaza war") is shorter than it.
    """
    candidates = [i for i in range(first_prose) if decided[i] is None and is_headline(lines[i])]
    full = [i for i in candidates if len(lines[i].words) >= _MIN_TITLE_WORDS]
    return (full or candidates or [None])[0]


def _captions_after_credits(lines: list[Line], decided: list, prose: list[bool],
                            after: int) -> None:
    """Label the unpunctuated line below a credit-only line ("Getty Images") a caption."""
    for i in range(after + 1, len(lines) - 1):
        if (decided[i] is not None and decided[i][1] == "credit_only_line"
                and decided[i + 1] is None and not prose[i + 1]):
            decided[i + 1] = ("caption", "below_credit_line")


def _standfirst(lines: list[Line], decided: list, prose: list[bool], after: int) -> list[int]:
    """Prose lines right after the title that are followed by a byline/dateline block."""
    found: list[int] = []
    i = after + 1
    while i < len(lines) and decided[i] is None and prose[i] and len(found) < _MAX_STANDFIRST_LINES:
        found.append(i)
        i += 1
    while i < len(lines) and decided[i] is not None and decided[i][0] == "boilerplate":
        i += 1
    if found and i < len(lines) and decided[i] is not None and decided[i][0] == "meta":
        return found
    return []


def label_lines(doc: str, patterns: LinePatterns) -> list[LabelledLine]:
    """Every non-empty line of ``doc`` with its label and the reason for it."""
    lines = split_lines(doc)
    decided = _pattern_pass(lines, patterns)
    prose = [decided[i] is None and is_prose(line) for i, line in enumerate(lines)]
    first_prose = next((i for i, p in enumerate(prose) if p), len(lines))
    title = _find_title(lines, decided, first_prose)
    if title is not None:
        suffix = title_span(lines[title])[2]
        decided[title] = ("title", f"headline_suffix_stripped:{suffix}" if suffix
                          else "first_headline")
        for i in _standfirst(lines, decided, prose, title):
            decided[i] = ("standfirst", "prose_before_byline")
            prose[i] = False
        _captions_after_credits(lines, decided, prose, title)
    body = [i for i, p in enumerate(prose) if p]
    first_body, last_body = (body[0], body[-1]) if body else (len(lines), -1)
    for i, line in enumerate(lines):
        if decided[i] is None:
            decided[i] = _by_position(line, prose[i], i, first_body, last_body)
    return [LabelledLine(line, *decision) for line, decision in zip(lines, decided, strict=True)]


def _by_position(line: Line, prose: bool, index: int, first_body: int,
                 last_body: int) -> tuple[str, str]:
    """Label of a line no pattern decided, from its shape and place around the prose."""
    if prose:
        return ("body", "prose")
    if index < first_body:
        return ("boilerplate", "before_article")
    if index > last_body:
        return ("boilerplate", "after_article")
    if line.text.startswith(_BULLETS) and len(line.words) >= _MIN_SUBHEAD_WORDS:
        return ("body", "list_item_in_body")
    if is_headline(line):
        return ("subhead", "short_heading_in_body")
    if len(line.words) >= _MIN_PROSE_WORDS:
        return ("body", "text_in_body")
    return ("boilerplate", "short_fragment")
