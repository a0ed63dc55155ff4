"""Label every non-empty line of a scraped page (title … related) and say why.

Scraped news pages mix the article with site chrome. The cleaner works line by line
with general signals — pattern data (``data/line_patterns.yaml``), position relative to
the article's prose (the headline with its byline block above it, the chrome that ends it),
menu and related-block shapes, length, end punctuation, stop-word density and repetition
within the page — and with what the input says of its text (``hints.py``: its own title and
standfirst, its URL's slug, text a tool already extracted), and records a machine-readable
reason for every decision, so the audit can show what was dropped and why.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Set
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.clean.hints import (
    PRE_EXTRACTED,
    RECORD_STANDFIRST,
    RECORD_TITLE,
    SLUG_MATCH_SHARE,
    URL_SLUG_TITLE,
    Hints,
    slug_share,
    slug_words,
)
from newsprism.clean.words import WORD
from newsprism.datafiles import load_yaml
from newsprism.phrases import has_foreign_letter, split_heads

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
_MAX_STANDFIRST_LINES = 3
# Menu items, breadcrumbs and tag rows are split by runs of spaces, pipes or arrows.
_MENU_SEP = re.compile(r"\s{2,}|\s[|»›>/•·]\s|\s[|»›>]$")
_MENU_MARKS = ("  ", " |", " »", " ›", " >", " /", " •", " ·")  # tested first: most lines
# have none, and a substring test is cheaper than a regex search
_MIN_MENU_ITEMS = 3
_MAX_MENU_ITEM_WORDS = 5
# A caption line this short is a bare credit ("Said Nasser/AFP via Getty Images").
_MAX_CREDIT_WORDS = 6
# A headline this long inside the body links to another story; subheads are shorter.
_MIN_LINK_HEADLINE_WORDS = 12
# A headline glued to its teaser by a scraper: "…truce dealIsrael and Hamas have…".
_GLUED = re.compile(r"(?:[a-z]{3}|\d)[A-Z][a-z]+\s[a-z]")
_GLUED_SCREEN = re.compile(r"[a-z\d][A-Z]")
# Headlines capitalise most words; prose sentences do not.
_TITLE_CASE_SHARE = 0.75
# Chrome after which the article does not go on (the end of the article).
# (A related block may stand inside the body: its lines are decided, so it needs no end.)
_END_REASONS = frozenset({"comment_form", "paywall", "copyright", "source_link", "continue_reading",
                          "tag_list", "hashtag_list", "menu_bar", "glued_headline_teaser"})


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
    related: PatternGroup


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
                        group("credit_only"), group("related_header"), group("related"))


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


def _title_case(words: tuple[str, ...]) -> bool:
    """True when most words of five or more start with a capital: a headline, not prose."""
    alpha = [w for w in words if w[0].isalpha()]
    return len(alpha) >= _MIN_PROSE_WORDS and (
        sum(w[0].isupper() for w in alpha) >= _TITLE_CASE_SHARE * len(alpha))


def is_menu(line: Line) -> bool:
    """Three or more short items split by wide spaces, pipes or arrows: a menu, breadcrumb,
    share bar or tag row."""
    text = line.text
    if not any(map(text.__contains__, _MENU_MARKS)):
        return False
    items = [item for item in _MENU_SEP.split(text) if item.strip()]
    return (len(items) >= _MIN_MENU_ITEMS
            and all(len(WORD.findall(item)) <= _MAX_MENU_ITEM_WORDS for item in items))


def is_glued(line: Line) -> bool:
    """A headline run into its teaser sentence with no space ("dealIsrael and…")."""
    return (_GLUED_SCREEN.search(line.text) is not None and _ends_sentence(line.text)
            and _GLUED.search(line.text) is not None)


def is_prose(line: Line) -> bool:
    """A line that reads as running text: a finished sentence or a long stretch of words,
    not a Title Case headline."""
    words = line.words
    if len(words) >= _LONG_LINE_WORDS and _stop_ratio(words) >= 0.1:
        return True
    return (len(words) >= _MIN_PROSE_WORDS and _ends_sentence(line.text)
            and not _title_case(words))


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
    """Labels that patterns, related blocks and repetition decide on their own.

    A related block runs from its header to the next chrome line; a block that opens with a
    bulleted list of links ends with the list.
    """
    decided: list[tuple[str, str] | None] = []
    in_related = False
    bulleted: bool | None = None
    seen: set[str] = set()
    for line in lines:
        n_words = len(line.words)
        keys = _repetition_keys(line)
        label: tuple[str, str] | None = None
        if in_related and bulleted is None:
            bulleted = line.text.startswith(_BULLETS)
        if in_related and bulleted and not line.text.startswith(_BULLETS):
            in_related = False
        if reason := patterns.related_header.first_match(line):
            in_related, bulleted = True, None
            label = ("boilerplate", reason)
        elif reason := patterns.boilerplate.first_match(line):
            in_related = False
            label = ("boilerplate", reason)
        elif is_menu(line) and patterns.meta.first_match(line) is None:
            in_related = False
            label = ("boilerplate", "menu_bar")
        elif in_related:
            label = ("related", "after_related_header")
        elif reason := patterns.related.first_match(line):
            label = ("related", reason)
        elif reason := patterns.meta.first_match(line):
            label = ("meta", reason)
        elif reason := _caption_reason(line, n_words, patterns):
            label = ("caption", reason)
        elif keys[0] and any(k in seen for k in keys):
            label = ("boilerplate", "repeated_line")
        if keys[0]:
            seen.update(keys)
        decided.append(label)
    return decided


def _title_block(lines: list[Line], decided: list, prose: list[bool],
                 title: int) -> list[int] | None:
    """The standfirst lines between a headline and the byline or date below it (captions may
    sit between), or None when no byline or date follows within a few lines."""
    found: list[int] = []
    for i in range(title + 1, len(lines)):
        if decided[i] is None and (prose[i] or is_headline(lines[i])):
            if len(found) == _MAX_STANDFIRST_LINES:
                return None
            found.append(i)
        elif decided[i] is None or decided[i][0] not in ("caption", "meta"):
            return None
        elif decided[i][0] == "meta":
            return found
    return None


def _find_title(lines: list[Line], decided: list, prose: list[bool], first_prose: int,
                repeated: list[bool]) -> tuple[int | None, str, list[int]]:
    """The headline before the prose, its reason and its standfirst lines.

    The first headline followed by a byline or date (past a standfirst) wins; else the first
    one printed again in the page; else the first of the run of headlines closest above the
    prose (a title given apart from the text stands above the text's own headline). Menus,
    taglines and tickers above the title are neither followed by a byline nor repeated.
    """
    candidates = [i for i in range(first_prose) if decided[i] is None and is_headline(lines[i])]
    for i in candidates:
        if (block := _title_block(lines, decided, prose, i)) is not None:
            return i, "headline_above_byline", block
    for i in candidates:
        if repeated[i]:
            return i, "repeated_headline", []
    if not candidates:
        return None, "", []
    run = len(candidates) - 1
    while run and candidates[run - 1] == candidates[run] - 1:
        run -= 1
    return candidates[run], "headline_above_prose", []


def _credit_lines(lines: list[Line], decided: list, prose: list[bool], title: int,
                  first_body: int) -> None:
    """Decide the lines around a credit-only line ("Getty Images", "Reuters"): an agency name
    above a date below the title is a byline; the caption sits below the credit or, when
    the line below is the article's prose, above it."""
    for i in range(title + 1, len(lines)):
        if decided[i] is None or not (decided[i][1] == "credit_only_line" or (
                decided[i][1] == "photo_credit" and len(lines[i].words) <= _MAX_CREDIT_WORDS)):
            continue
        below = decided[i + 1] if i + 1 < len(lines) else ("", "")
        if (i < first_body and decided[i][1] == "credit_only_line" and below is not None
                and below[0] == "meta"):
            decided[i] = ("meta", "agency_byline")
        elif below is None and not prose[i + 1]:
            decided[i + 1] = ("caption", "below_credit_line")
        elif decided[i - 1] is None:
            decided[i - 1] = ("caption", "above_credit_line")
            prose[i - 1] = False


def _article_end(lines: list[Line], decided: list, prose: list[bool], first_body: int) -> int:
    """Index of the first chrome line after which the article does not go on (comment form,
    paywall, copyright, tag row, menu…) and less than half as much prose follows as came
    before (chrome scattered through the text ends nothing); glued headline+teaser lines
    are related."""
    left, seen = sum(prose[first_body:]), 0
    for i in range(first_body, len(lines)):
        if prose[i]:
            left -= 1
            if is_glued(lines[i]):
                decided[i] = ("related", "glued_headline_teaser")
                prose[i] = False
            else:
                seen += 1
        if decided[i] is not None and decided[i][1] in _END_REASONS and 2 * left <= seen:
            return i
    return len(lines)


def _after_end(lines: list[Line], decided: list, prose: list[bool], end: int) -> None:
    """Below the article: a headline over a date or time is another story; other prose,
    dates and times (reader comments and their times) are chrome."""
    for i in range(end, len(lines)):
        prose[i] = False
        below = decided[i + 1] if i + 1 < len(lines) else None
        if (decided[i] is None and is_headline(lines[i]) and below is not None
                and below[0] == "meta"):
            decided[i] = ("related", "headline_over_time")
            decided[i + 1] = ("related", "time_under_headline")
        elif decided[i] is not None and decided[i][0] == "meta":
            decided[i] = ("boilerplate", "meta_after_article")


def _is_short_heading(line: Line) -> bool:
    """Two capitalised words and nothing else ("Rafah fears"): a subhead when it stands
    between two paragraphs."""
    return (len(line.words) == _MIN_SUBHEAD_WORDS - 1 and line.text[0].isupper()
            and line.text.replace(" ", "").isalpha())


def _is_cut_off(line: Line) -> bool:
    """A paragraph cut off mid-sentence at the page end: it stops on a function word or a
    comma ("…in the Oct. 7 attack, more than")."""
    words = line.words
    return (len(words) >= _MIN_PROSE_WORDS and not _ends_sentence(line.text)
            and (line.text.endswith(",") or words[-1].lower() in _STOP_WORDS))


def _given_lines(lines: list[Line], hints: Hints) -> dict[int, tuple[str, str]]:
    """The lines that the input's own title and standfirst make, which open the document in
    that order, with their labels; none when the document does not open with them."""
    given: dict[int, tuple[str, str]] = {}
    at = 0
    for label, text, reason in (("title", hints.title, RECORD_TITLE),
                                ("standfirst", hints.standfirst, RECORD_STANDFIRST)):
        part = [chunk.strip() for chunk in text.split("\n") if chunk.strip()]
        if [line.text for line in lines[at:at + len(part)]] != part:
            return given
        given.update((i, (label, reason)) for i in range(at, at + len(part)))
        at += len(part)
    return given


def _slug_checked(lines: list[Line], decided: list, prose: list[bool], first_prose: int,
                  guess: tuple[int | None, str, list[int]], url: str
                  ) -> tuple[int | None, str, list[int]]:
    """The title guess checked against the URL's slug: kept when it holds most of the slug's
    words (or the URL has no slug), else replaced by the headline before the prose holding
    the most of them, when one holds enough (``url_slug_title``)."""
    slug = slug_words(url)
    if not slug or (guess[0] is not None
                    and slug_share(slug, lines[guess[0]].words) >= SLUG_MATCH_SHARE):
        return guess
    shares = {i: slug_share(slug, lines[i].words) for i in range(first_prose)
              if decided[i] is None and is_headline(lines[i])}
    best = max(shares, key=shares.__getitem__, default=None)
    if best is None or shares[best] < SLUG_MATCH_SHARE:
        return guess
    return best, URL_SLUG_TITLE, _title_block(lines, decided, prose, best) or []


def label_lines(doc: str, patterns: LinePatterns, hints: Hints | None = None
                ) -> list[LabelledLine]:
    """Every non-empty line of ``doc`` with its label and the reason for it.

    ``hints`` are what the input says of its text: its own title and standfirst are taken as
    such (a pattern may still drop the standfirst), a URL's slug checks the title guessed
    from position, shape and repetition, and the kept lines of text a tool already extracted
    carry the reason ``pre-extracted`` (the lines the cleaner drops keep their own).
    """
    hints = hints or Hints()
    lines = split_lines(doc)
    decided = _pattern_pass(lines, patterns)
    given = _given_lines(lines, hints)
    for i, decision in given.items():
        if decision[0] == "title" or decided[i] is None:
            decided[i] = decision
    prose = [decided[i] is None and is_prose(line) for i, line in enumerate(lines)]
    first_prose = next((i for i, p in enumerate(prose) if p), len(lines))
    counts = Counter(" ".join(line.words).lower() for line in lines)
    repeated = [counts[" ".join(line.words).lower()] > 1 for line in lines]
    for i, line in enumerate(lines):  # "1h ago Heading": a key-events link to a post below
        if decided[i] == ("related", "ticker") and counts[" ".join(line.words[2:]).lower()]:
            decided[i] = ("boilerplate", "in_page_link")
    if given.get(0, ("",))[0] == "title":
        title, reason, standfirst = 0, RECORD_TITLE, []
    else:
        title, reason, standfirst = _slug_checked(
            lines, decided, prose, first_prose,
            _find_title(lines, decided, prose, first_prose, repeated), hints.url)
    if title is not None:
        suffix = title_span(lines[title])[2]
        decided[title] = ("title", f"headline_suffix_stripped:{suffix}" if suffix else reason)
        for i in standfirst:
            decided[i] = ("standfirst", "prose_before_byline")
            prose[i] = False
        first_body = next((i for i, p in enumerate(prose) if p), len(lines))
        _credit_lines(lines, decided, prose, title, first_body)
        for i in range(title + 1, first_body):
            if decided[i] is None and is_headline(lines[i]):
                if len(lines[i].words) >= 2 * _MIN_TITLE_WORDS:
                    decided[i] = ("standfirst", "long_headline_below_title")
                elif i + 1 == first_body:
                    decided[i] = ("subhead", "heading_above_first_paragraph")
    body = [i for i, p in enumerate(prose) if p]
    end = len(lines)
    if body:
        end = _article_end(lines, decided, prose, body[0])
        _after_end(lines, decided, prose, end)
        body = [i for i in range(body[0], end) if prose[i]]
    if body and body[-1] + 1 < end and decided[body[-1] + 1] is None and _is_cut_off(
            lines[body[-1] + 1]):
        decided[body[-1] + 1] = ("body", "cut_off_last_line")
    first_body, last_body = (body[0], body[-1]) if body else (len(lines), -1)
    for i in range(first_body + 1, last_body):
        if decided[i] is None and prose[i - 1] and prose[i + 1] and _is_short_heading(lines[i]):
            decided[i] = ("subhead", "short_heading_between_paragraphs")
    for i, line in enumerate(lines):
        label, reason = decided[i] or _by_position(line, prose[i], i, first_body, last_body)
        if (hints.pre_extracted and label in CONTENT_LABELS and label != "title"
                and i not in given):
            reason = PRE_EXTRACTED
        decided[i] = (label, reason)
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
        if len(line.words) >= _MIN_LINK_HEADLINE_WORDS:
            return ("related", "link_headline_in_body")
        return ("subhead", "short_heading_in_body")
    if len(line.words) >= _MIN_PROSE_WORDS:
        return ("body", "text_in_body")
    return ("boilerplate", "short_fragment")
