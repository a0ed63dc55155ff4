"""Word lists as regular expressions: one alternation per list, longest entries first.

The lexicons (actors, loaded terms) are written as plain phrases or ``re:`` regexes. Each
list compiles to ONE regex whose alternatives are numbered groups, so an article is scanned
once and every match says which entry it came from.

Every match begins with one of a few heads: word beginnings or marks read from the regex
source by a small reader of the regex syntax the data files use (anything else it leaves
unknown). A finder runs its regex only where a head begins.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence, Set
from dataclasses import dataclass, field, replace
from heapq import merge
from itertools import pairwise

REGEX_PREFIX = "re:"
_HYPHENS = r"\-‐‑"
# A match starts and ends on a word edge and never runs into a hyphenated compound:
# "Hamas" is not found in "Hamas-run", nor "Israel" in "Israel-Hamas".
_LEFT_EDGE = rf"(?<![\w{_HYPHENS}])"
_RIGHT_EDGE = rf"(?![\w]|[{_HYPHENS}]\w)"
_WORD_CHAR = re.compile(r"\w")
# A letter beyond ASCII: case-insensitive matching may treat it as an ASCII one ("K" as "k"),
# so words holding one are always tried.
_FOREIGN_LETTER = re.compile(r"[^\W\x00-\x7f]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_NEVER = r"(?!x)x"  # a regex that matches nothing
_FOREIGN_RUN = re.compile(r"(?<!\w)\w*?[^\W\x00-\x7f]")
# Letters of a word beginning read per pattern: enough to tell most words apart.
_HEAD_LENGTH = 6


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
        return re.compile(_NEVER)
    body = dispatch([f"(?P<_{i}>{pattern})" for i, pattern in enumerate(patterns)], patterns)
    return re.compile(f"{_LEFT_EDGE}(?:{body}){_RIGHT_EDGE}", re.IGNORECASE)


def phrase_finder(patterns: Sequence[str]) -> PhraseFinder:
    """The :func:`alternation` of ``patterns`` as a :class:`PhraseFinder` that, where a head
    begins, tries only the entries that can begin there."""
    finder = PhraseFinder.of(alternation(patterns))
    if finder.heads is None:
        return finder
    entry_heads = [_heads(_items(p)) for p in patterns]
    by_head = {}
    for head in finder.head_words:
        users = [i for i, heads in enumerate(entry_heads)
                 if any(h.startswith(head) for h in heads)]
        body = dispatch([f"(?P<_{i}>{patterns[i]})" for i in users], [patterns[i] for i in users])
        by_head[head] = re.compile(f"{_LEFT_EDGE}(?:{body}){_RIGHT_EDGE}", re.IGNORECASE)
    return replace(finder, by_head=by_head)


def entry_index(match: re.Match[str]) -> int:
    """Which pattern of an :func:`alternation` produced ``match``."""
    return int(str(match.lastgroup)[1:])



def _word_char(char: str) -> bool:
    """True for a character ``\\w`` matches: what a run of word characters is made of."""
    return _WORD_CHAR.fullmatch(char) is not None


# Reading heads from regex source. A small reader follows the syntax the data files use and
# turns a pattern into items; anything else makes an item (or the whole pattern) unknown, so
# heads stay conservative. Non-capturing groups without flags are spliced into the sequence
# around them, as Python's own parser does: the first item decides ``^`` and word edges.


class _Unreadable(ValueError):
    """Regex syntax the reader does not follow: nothing is known of the pattern's heads."""


@dataclass(frozen=True)
class _Chars:
    """One character: a literal or a class. ``chars`` are its literals; ``exact`` when it
    holds nothing else (no range, no ``\\d``); ``word`` when it holds ``\\w``."""

    chars: str
    exact: bool = True
    word: bool = False


@dataclass(frozen=True)
class _Edge:
    """A zero-width anchor, by its source (``^``, ``$``, ``\\A``, ``\\b``, ``\\B``, ``\\Z``)."""

    token: str


@dataclass(frozen=True)
class _Look:
    """A look-ahead or look-behind: zero width, its alternatives kept for word edges."""

    behind: bool
    negative: bool
    branches: tuple[tuple[_Item, ...], ...]


@dataclass(frozen=True)
class _Group:
    """A group's alternatives; ``plain`` for ``(?:...)`` without flags, which is spliced into
    its sequence when it has one alternative."""

    branches: tuple[tuple[_Item, ...], ...]
    plain: bool


@dataclass(frozen=True)
class _Repeat:
    """A quantified item: ``lowest`` is its minimum count."""

    lowest: int
    body: tuple[_Item, ...]


@dataclass(frozen=True)
class _Unknown:
    """An item the reader does not follow: ``.``, a negated class, ``(?P=name)``, an atomic
    or conditional group."""


_Item = _Chars | _Edge | _Look | _Group | _Repeat | _Unknown
_UNKNOWN = _Unknown()
# A quantifier: "?", "*", "+" or "{m,n}" (group 1: m; "{}" and "{x}" are literals).
_QUANTIFIER = re.compile(r"[?*+]|\{(?=[\d,])(\d*)(?:,\d*)?\}")
# What follows a group's "(": a name, "?:", a comment, a look-around, "?>", a condition, or
# inline flags (groups 1 and 2: flags on and off; group 3: ":" for a group, ")" for all).
_GROUP_OPENING = re.compile(
    r"\?(?:P<\w+>|P=\w+\)|[:#=!>]|<[=!]|\(\w+\)|([aiLmsux]*)(?:-([imsx]+))?([:)]))")
_CONTROL_ESCAPES = {"a": "\a", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


class _Reader:
    """Reads a regex source into items (see :func:`_read`); raises :class:`_Unreadable` on
    what it does not follow: verbose mode, numbered back-references, octal and named
    escapes."""

    def __init__(self, source: str, flags: int) -> None:
        """Start at the beginning of ``source``; ``flags`` are the regex's compile flags."""
        self.source, self.pos = source, 0
        self.multiline = bool(flags & re.MULTILINE)
        self._flags("x" if flags & re.VERBOSE else "")

    def _flags(self, letters: str, scoped: bool = False) -> None:
        """Take note of inline flag ``letters`` (of one group when ``scoped``): verbose mode
        is not read; multi-line mode counts when it holds for the whole pattern."""
        if "x" in letters:
            raise _Unreadable(self.source)
        self.multiline |= "m" in letters and not scoped

    def _take(self) -> str:
        """The next character, consumed."""
        if self.pos >= len(self.source):
            raise _Unreadable(self.source)
        self.pos += 1
        return self.source[self.pos - 1]

    def branches(self) -> tuple[tuple[_Item, ...], ...]:
        """Alternatives separated by ``|``, up to a ``)`` or the end."""
        found = [self._sequence()]
        while self.source.startswith("|", self.pos):
            self.pos += 1
            found.append(self._sequence())
        return tuple(found)

    def _sequence(self) -> tuple[_Item, ...]:
        """Items up to a ``|``, a ``)`` or the end, plain one-alternative groups spliced."""
        items: list[_Item] = []
        while self.pos < len(self.source) and self.source[self.pos] not in "|)":
            quantifier = _QUANTIFIER.match(self.source, self.pos)
            if quantifier is None:
                if (item := self._item()) is not None:
                    items.append(item)
                continue
            if not items:
                raise _Unreadable(self.source)
            self.pos = quantifier.end()
            self.pos += self.source.startswith(("?", "+"), self.pos)  # lazy or possessive
            text = quantifier[0]
            lowest = int(text == "+") if len(text) == 1 else int(quantifier[1] or 0)
            items[-1] = _Repeat(lowest, (items[-1],))
        spliced: list[_Item] = []
        for item in items:
            if isinstance(item, _Group) and item.plain and len(item.branches) == 1:
                spliced.extend(item.branches[0])
            else:
                spliced.append(item)
        return tuple(spliced)

    def _item(self) -> _Item | None:
        """The next item; None for a comment or global flags, which leave none."""
        char = self._take()
        if char == "\\":
            return self._escape(in_class=False)
        if char == "[":
            return self._class()
        if char == "(":
            return self._group()
        if char == ".":
            return _UNKNOWN
        return _Edge(char) if char in "^$" else _Chars(char)

    def _escape(self, in_class: bool) -> _Chars | _Edge:
        """The item of an escape whose ``\\`` was just read."""
        char = self._take()
        if not (char.isascii() and char.isalnum()):
            return _Chars(char)
        if char in _CONTROL_ESCAPES or char == "b" and in_class:
            return _Chars(_CONTROL_ESCAPES.get(char, "\b"))
        if char in "AbBZ" and not in_class:
            return _Edge("\\" + char)
        if char in "dDsSwW":
            return _Chars("", exact=False, word=char == "w")
        if char in _HEX_DIGITS:
            digits = self.source[self.pos:self.pos + _HEX_DIGITS[char]]
            self.pos += len(digits)
            return _Chars(chr(int(digits, 16)))
        raise _Unreadable(self.source)

    def _class(self) -> _Chars | _Unknown:
        """The item of a character class whose ``[`` was just read."""
        negated = self.source.startswith("^", self.pos)
        self.pos += negated
        members: list[_Chars] = []
        while (char := self._take()) != "]" or not members:
            member = self._escape(in_class=True) if char == "\\" else _Chars(char)
            if isinstance(member, _Edge):
                raise _Unreadable(self.source)  # "\A" in a class: not a regex
            if self.source.startswith("-", self.pos) and not self.source.startswith(
                    "-]", self.pos):  # a range
                self.pos += 1
                if self._take() == "\\":
                    self._escape(in_class=True)
                member = _Chars("", exact=False)
            members.append(member)
        if negated:
            return _UNKNOWN
        return _Chars("".join(m.chars for m in members), all(m.exact for m in members),
                      any(m.word for m in members))

    def _group(self) -> _Item | None:
        """The item of a group whose ``(`` was just read; None for a comment or global
        flags."""
        if not self.source.startswith("?", self.pos):
            return _Group(self._enclosed(), plain=False)
        opening = _GROUP_OPENING.match(self.source, self.pos)
        if opening is None:
            raise _Unreadable(self.source)
        self.pos, kind = opening.end(), opening[0]
        if kind == "?#":
            end = self.source.find(")", self.pos)
            if end < 0:
                raise _Unreadable(self.source)
            self.pos = end + 1
            return None
        letters = (opening[1] or "") + (opening[2] or "")
        if opening[3] == ")":  # "(?m)": flags of the whole pattern
            self._flags(letters)
            return None
        self._flags(letters, scoped=True)
        if kind.startswith("?P="):
            return _UNKNOWN
        branches = self._enclosed()
        if kind in ("?=", "?!", "?<=", "?<!"):
            return _Look(kind.startswith("?<"), kind.endswith("!"), branches)
        if kind == "?>" or kind.startswith("?("):  # atomic, conditional
            return _UNKNOWN
        return _Group(branches, plain=kind == "?:")

    def _enclosed(self) -> tuple[tuple[_Item, ...], ...]:
        """A group's alternatives and its closing ``)``."""
        branches = self.branches()
        if self._take() != ")":
            raise _Unreadable(self.source)
        return branches


def _read(pattern: str, flags: int = 0) -> tuple[tuple[tuple[_Item, ...], ...], bool]:
    """The top-level alternatives of regex ``pattern``, and whether ``^`` begins any line
    (multi-line mode, from ``flags`` or the pattern's inline flags)."""
    reader = _Reader(pattern, flags)
    branches = reader.branches()
    if reader.pos != len(pattern):
        raise _Unreadable(pattern)  # an unbalanced ")"
    return branches, reader.multiline


def _items(pattern: str, flags: int = 0) -> tuple[_Item, ...]:
    """Regex ``pattern`` as one sequence of items (several alternatives as one group); one
    unknown item when the reader does not follow it."""
    try:
        branches, _ = _read(pattern, flags)
    except _Unreadable:
        return (_UNKNOWN,)
    return branches[0] if len(branches) == 1 else (_Group(branches, plain=True),)


def _char_heads(char: str, rest: Sequence[_Item], length: int) -> set[str]:
    """Heads of a sequence that starts with the literal ``char`` (see :func:`_heads`)."""
    if char.isascii() and _word_char(char):
        return {char.lower() + tail for tail in _heads(rest, length + 1)}
    if length or _word_char(char):
        return {""}  # the word run ends here, or an exotic letter: stop reading
    return {char.lower()}  # a mark, as the lower-cased text shows it ("Ⓐ" as "ⓐ")


def _heads(items: Sequence[_Item], length: int = 0) -> set[str]:
    """Beginnings one of which starts every match of the regex sequence ``items``.

    A head is a lower-case ASCII word beginning ("isra" for "Israeli|Israel's"), a single
    mark that starts the match ("[") or "" when a match may start with anything. Heads are
    conservative: reading stops at the first item that is not a plain literal.
    """
    if not items or length >= _HEAD_LENGTH:
        return {""}
    item, rest = items[0], items[1:]
    if isinstance(item, _Edge | _Look):
        return _heads(rest, length)  # zero width: skipping it only loosens the heads
    if isinstance(item, _Chars) and item.exact:
        return set().union(*(_char_heads(char, rest, length) for char in item.chars))
    if isinstance(item, _Group):
        return set().union(*(_heads((*branch, *rest), length) for branch in item.branches))
    if isinstance(item, _Repeat):
        once = _heads(item.body, length)
        return once | _heads(rest, length) if item.lowest == 0 else once
    return {""}


def _after_word_edge(items: Sequence[_Item]) -> bool:
    """True when regex ``items`` open with a look-behind that no word character may precede
    (``(?<!\\w)``, ``(?<![\\w-])``): matches then begin where words begin."""
    first = items[0] if items else None
    if not (isinstance(first, _Look) and first.behind and first.negative):
        return False
    body = first.branches[0] if len(first.branches) == 1 else ()
    return len(body) == 1 and isinstance(body[0], _Chars) and body[0].word


def _trie(words: Sequence[str]) -> str:
    """Regex source matching any of ``words`` (none a prefix of another), as a letter tree."""
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word[1:])
    parts = [re.escape(first) + (_trie(rests) if any(rests) else "")
             for first, rests in groups.items()]
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def substring_regex(words: Set[str]) -> re.Pattern[str]:
    """Case-sensitive regex finding any of ``words`` (empty ones ignored) anywhere, even
    inside a word: a screen scanned as one letter tree."""
    found = _shortest({word for word in words if word})
    return re.compile(_trie(sorted(found)) if found else _NEVER)


def heads_source(heads: Set[str]) -> str:
    """Regex source, for lower-cased text, of where a match with these heads begins: a mark
    (one character) anywhere, word heads as one letter tree after a word edge (one
    look-behind per position scans twice as fast as one per first letter)."""
    marks = [re.escape(head) for head in sorted(heads) if not _word_char(head[0])]
    words = sorted(head for head in heads if _word_char(head[0]))
    return "|".join([*marks, rf"(?<!\w){_trie(words)}"] if words else marks)


def heads_regex(heads: Set[str]) -> re.Pattern[str]:
    """Case-sensitive regex, for lower-cased text, of where a match with these heads begins
    (see :func:`heads_source`)."""
    return re.compile(heads_source(heads))


def _shortest(heads: set[str]) -> set[str]:
    """``heads`` without those that begin with another head (the shorter one finds both)."""
    return {h for h in heads if not any(h != o and h.startswith(o) for o in heads)}


def _at_text_start(items: Sequence[_Item], multiline: bool) -> bool:
    """True when regex ``items`` open with ``^`` (not multi-line) or ``\\A``: they can only
    match at the start of the text."""
    first = items[0] if items else None
    return first == _Edge("\\A") or first == _Edge("^") and not multiline


def split_heads(regex: re.Pattern[str]) -> tuple[frozenset[str], frozenset[str]]:
    """Heads of ``regex`` (see :func:`_heads`) as ``(at_start, anywhere)``: those of its
    top-level alternatives that open with ``^``, which begin the text itself, and the others;
    both empty when a match may start with anything."""
    try:
        top, multiline = _read(regex.pattern, regex.flags)
    except _Unreadable:
        return frozenset(), frozenset()
    if len(top) == 1 and len(top[0]) == 1 and isinstance(top[0][0], _Group) and top[0][0].plain:
        top = top[0][0].branches  # "(?:a|b)" alone: its alternatives are the pattern's
    at_start: set[str] = set()
    anywhere: set[str] = set()
    for branch in top:
        heads = _heads(branch)
        if "" in heads:
            return frozenset(), frozenset()
        (at_start if _at_text_start(branch, multiline) else anywhere).update(heads)
    return frozenset(_shortest(at_start)), frozenset(_shortest(anywhere))


def pattern_heads(regex: re.Pattern[str]) -> frozenset[str]:
    """Lower-case beginnings one of which starts every match of ``regex`` (see
    :func:`_heads`); empty when a match may start with anything."""
    return frozenset(_shortest(set().union(*split_heads(regex))))


# Letters beyond ASCII that case-insensitive regexes read as an ASCII letter, with that
# letter (every such character: tests try all of Unicode).
ASCII_TWINS = str.maketrans({"ſ": "s", "\u212a": "k", "ı": "i", "İ": "i"})


def fold_case(text: str) -> str:
    """``text`` lower-cased, with the letters case-insensitive regexes read as ASCII ones
    made those letters: a look-up by what such a regex matched then finds its entry."""
    return text.translate(ASCII_TWINS).lower()


def has_foreign_letter(text: str) -> bool:
    """True when ``text`` holds a letter or digit beyond ASCII: case-insensitive regexes may
    read one as an ASCII letter ("K" as "k"), so word screens let such text through."""
    return not text.isascii() and _FOREIGN_LETTER.search(
        "".join(_NON_ASCII.findall(text))) is not None


def _starts(heads: re.Pattern[str], text: str, pos: int, endpos: int
            ) -> Iterator[tuple[int, str]] | None:
    """``(offset, head)`` wherever in ``text[pos:endpos]`` one of ``heads`` begins, merged
    with ``(offset, "")`` for words holding a non-ASCII letter, which any entry may begin;
    None when lower-casing changes the text's length."""
    segment = text[pos:endpos]
    lower = segment.lower()
    if len(lower) != len(segment):
        return None
    found = ((pos + head.start(), head.group()) for head in heads.finditer(lower))
    if not has_foreign_letter(segment):
        return found
    return merge(found, ((pos + run.start(), "") for run in _FOREIGN_RUN.finditer(segment)))


@dataclass(frozen=True)
class PhraseFinder:
    """A compiled alternation that is tried only where its entries can start.

    ``by_head`` (from :func:`phrase_finder`) holds, per head, the alternation of only the
    entries that can begin there (same order, same group names), tried in place of ``regex``.

    ``finditer`` and ``search`` return exactly what ``regex``'s would. Every match of an
    entry begins with one of a few word beginnings or marks (its heads, read from the regex);
    ``heads`` finds those in the lower-cased text quickly and ``regex`` is tried there only,
    and at every word holding a non-ASCII letter (whose case rules differ).
    """

    regex: re.Pattern[str]
    heads: re.Pattern[str] | None
    head_words: frozenset[str] = frozenset()
    by_head: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, regex: re.Pattern[str]) -> PhraseFinder:
        """Wrap ``regex``, reading its heads once; a regex that may match inside a word (no
        leading ``(?<!\\w…)``) or start with anything is simply run as it is."""
        heads = pattern_heads(regex)
        if not heads or not _after_word_edge(_items(regex.pattern, regex.flags)):
            return cls(regex, None)
        return cls(regex, heads_regex(heads), heads)

    def _at(self, head: str) -> re.Pattern[str]:
        """The regex to try where ``head`` begins ("" for any head)."""
        return self.by_head.get(head, self.regex)

    def starts(self, text: str, pos: int, endpos: int) -> Iterator[tuple[int, str]] | None:
        """Where in ``text[pos:endpos]`` a match may begin, in order (see :func:`_starts`);
        None when no heads are known or the text defeats lower-casing."""
        return None if self.heads is None else _starts(self.heads, text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[re.Match[str]]:
        """Every non-overlapping match in ``text[pos:endpos]``, as ``regex.finditer``."""
        endpos = len(text) if endpos is None else min(endpos, len(text))
        starts = self.starts(text, pos, endpos)
        if starts is None:
            yield from self.regex.finditer(text, pos, endpos)
            return
        after = pos
        for start, head in starts:
            if start >= after and (match := self._at(head).match(text, start, endpos)):
                after = match.end()
                yield match

    def finditer_spans(self, text: str, spans: Sequence[tuple[int, int]]
                       ) -> list[list[re.Match[str]]]:
        """For each ``(pos, endpos)`` of ``spans``, the matches ``finditer(text, pos, endpos)``
        gives; spans in order and apart (an article's sentences) share one scan for heads."""
        ordered = all(a[1] <= b[0] for a, b in pairwise(spans)) and all(
            pos <= endpos for pos, endpos in spans)
        starts = self.starts(text, spans[0][0], spans[-1][1]) if spans and ordered else None
        if starts is None:
            return [list(self.finditer(text, pos, endpos)) for pos, endpos in spans]
        found: list[list[re.Match[str]]] = [[] for _ in spans]
        index, after = 0, spans[0][0]
        for start, head in starts:
            while index < len(spans) and start >= spans[index][1]:
                index += 1
                after = spans[index][0] if index < len(spans) else after
            if index == len(spans):
                break
            if start >= after and (match := self._at(head).match(text, start, spans[index][1])):
                after = match.end()
                found[index].append(match)
        return found

    def search(self, text: str, pos: int = 0, endpos: int | None = None
               ) -> re.Match[str] | None:
        """The first match in ``text[pos:endpos]``, as ``regex.search``."""
        return next(self.finditer(text, pos, endpos), None)


@dataclass(frozen=True)
class PhraseSet:
    """Several :class:`PhraseFinder` run over one text with one scan for all their heads."""

    finders: tuple[PhraseFinder, ...]
    heads: re.Pattern[str] | None
    users: dict[str, tuple[int, ...]]

    @classmethod
    def of(cls, finders: Sequence[PhraseFinder]) -> PhraseSet:
        """Join ``finders``; without heads for all of them, each runs on its own."""
        if not finders or any(f.heads is None for f in finders):
            return cls(tuple(finders), None, {})
        heads = _shortest(set().union(*(f.head_words for f in finders)))
        users = {head: tuple(i for i, f in enumerate(finders)
                             if any(h.startswith(head) for h in f.head_words))
                 for head in heads}
        return cls(tuple(finders), heads_regex(heads), users)

    def finditer_each(self, text: str) -> list[list[re.Match[str]]]:
        """For each finder, the matches its ``finditer(text)`` would give."""
        starts = None if self.heads is None else _starts(self.heads, text, 0, len(text))
        if starts is None:
            return [list(finder.finditer(text)) for finder in self.finders]
        found: list[list[re.Match[str]]] = [[] for _ in self.finders]
        after = [0] * len(self.finders)
        every = range(len(self.finders))
        for start, head in starts:
            for i in self.users[head] if head else every:
                if start >= after[i] and (match := self.finders[i].regex.match(text, start)):
                    after[i] = match.end()
                    found[i].append(match)
        return found
