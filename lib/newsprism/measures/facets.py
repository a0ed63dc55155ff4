"""What a figure counts, read as facets of its statement: counted, event, condition, scope,
period and place, each with the span of the sentence it was read from.

The cues come from ``data/facets.yaml``. Facets let two figures be compared only when they
count the same thing over the same kind of period: a one-day toll is not the cumulative
toll, a deal's terms are not what happened, one strike's dead are not the war's. The same
file composes quantity keys from facets, so a key a figure cannot hold is taken away.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from newsprism.datafiles import load_yaml
from newsprism.phrases import PhraseFinder, phrase_finder, phrase_pattern

FACETS = ("counted", "event", "condition", "scope", "period", "place")
# The facet that dates a figure: read from the sentence, kept beside the others (its value is
# the date as written; the numbers table resolves it against the publication date).
AS_OF = "as_of"
_CUE_FACETS = ("event", "condition", "scope", "place")
# An apposition after a figure's clause that says which of them: ", all of them women".
_ALL_OF_THEM = re.compile(r"\W{1,3}(?:all|both)(?:\s+of\s+(?:them|whom))?\s+\w+", re.IGNORECASE)
# Words after the number in which its counted noun is looked for: up to four, not past a
# preposition that starts another phrase ("39 deaths in 24 hours").
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
     ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
     ("october", "oct"), ("november", "nov"), ("december", "dec")), start=1)
    for name in names}
# A date as news sentences write it: a weekday, "today", "yesterday", "5 March", "March 5",
# "March 5, 2024", "Dec. 5" (names capitalised, as written).
_MONTH = r"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|" \
    r"Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
_DATE = (r"(?:(?-i:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)(?:\s+(?:morning|afternoon|"
         r"evening|night))?|today|yesterday|tonight|this\s+(?:morning|afternoon|evening)"
         rf"|{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s+\d{{4}})?"
         rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+\d{{4}})?)")
_DATE_WORDS = re.compile(_DATE, re.IGNORECASE)
# Words whose date starts a scope, not the figure's date: "since Israel resumed its offensive
# on 18 March", "the truce, which took effect on January 19".
_STARTS_SCOPE = re.compile(r"\b(?:since|from|between|began|begun|started|took\s+effect|"
                           r"came\s+into\s+effect|resumed|ended|collapsed|erupted|broke\s+out)"
                           r"\b(?:\s+[\w'’-]+){0,10}?\s+(?:on|in)\s+$|\bsince\s+$",
                           re.IGNORECASE)
_DATE_PARTS = re.compile(r"(?P<year>\d{4})|(?P<day>\d{1,2})|(?P<word>[A-Za-z]+)")
_NOUN_WINDOW = re.compile(r"(?:\s+(?!(?:in|on|at|for|since|during|over|across|from|by|after|"
                          r"before|to|with|near|within|as|into|while|when)\b)[\w’'\-]+){1,4}",
                          re.IGNORECASE)


@dataclass(frozen=True)
class Cue:
    """One facet value read from the sentence: value and span (offsets in the sentence)."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class CueSet:
    """Every value of one facet as one regex: group ``_i`` is value ``values[i]``. The cues
    of the last sentence each thread scanned are kept: every figure of a sentence asks for
    them (one entry per thread, so a threaded Dask worker never reads another's)."""

    values: tuple[str, ...]
    finder: PhraseFinder
    last: dict[int, tuple[str, list[Cue]]] = field(default_factory=dict, compare=False,
                                                    repr=False)

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Cue]:
        """Each cue lying within ``text[start:end]``, in order."""
        thread = threading.get_ident()
        seen = self.last.get(thread)
        if seen is None or seen[0] is not text:
            seen = (text, [Cue(self.values[int(str(m.lastgroup)[1:])], m.start(), m.end())
                           for m in self.finder.finditer(text)])
            self.last[thread] = seen
        stop = len(text) if end is None else end
        return [cue for cue in seen[1] if start <= cue.start and cue.end <= stop]


@dataclass(frozen=True)
class Implied:
    """A facet value implied by another facet's, and whether it overrides a cue read."""

    value: str
    override: bool


@dataclass(frozen=True)
class FacetLexicon:
    """The compiled ``facets.yaml``: a cue set per facet and the keys composed from facets."""

    counted: CueSet
    condition_nouns: CueSet
    cues: dict[str, CueSet]
    period: CueSet
    clause_only: re.Pattern[str]
    keys: tuple[tuple[str, dict[str, frozenset[str]]], ...]
    inherit: frozenset[str]
    not_inherited: frozenset[str]
    event_condition: dict[str, str]
    person_values: frozenset[str]
    unit_counted: dict[str, str]
    counted_event: dict[str, Implied]
    event_counted: dict[str, str]
    condition_counted: dict[str, frozenset[str]]
    sentence_scopes: frozenset[str]
    leading_scopes: frozenset[str]
    part_before: re.Pattern[str]
    part_after: re.Pattern[str]
    refined_by_later: dict[str, str]
    counted_scopes: dict[str, frozenset[str]]
    as_of: re.Pattern[str]

    def key_facets(self, key: str) -> dict[str, frozenset[str]] | None:
        """The facets ``key`` requires, or None when the file does not compose it."""
        return next((facets for name, facets in self.keys if name == key), None)


def _entry_pattern(entry: str) -> str:
    """Regex of one cue: ``re:`` entries as written, others as whole-word phrases."""
    entry = str(entry).strip()
    return entry[3:].strip() if entry.startswith("re:") else phrase_pattern(entry)


def cue_set(values: dict[str, list[Any]]) -> CueSet:
    """One screened alternation for every cue of every value (values in the file's order,
    longest phrases first within each)."""
    names: list[str] = []
    patterns: list[str] = []
    for value, entries in values.items():
        for entry in sorted((str(e) for e in entries), key=len, reverse=True):
            patterns.append(_entry_pattern(entry))
            names.append(str(value))
    return CueSet(tuple(names), phrase_finder(patterns))


def _words_regex(phrases: Any, suffix: str, prefix: str = "") -> re.Pattern[str]:
    """A regex of any of ``phrases`` as whole words, with ``prefix`` and ``suffix``."""
    body = "|".join(phrase_pattern(str(p)) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"{prefix}(?<![\w-])(?:{body or '(?!x)x'})(?![\w-]){suffix}",
                      re.IGNORECASE)


def load_facets(path: str | Path | None = None) -> FacetLexicon:
    """Read ``facets.yaml`` (or the user's replacement at ``path``)."""
    data = load_yaml("facets.yaml", path)
    keys = tuple((str(key), {facet: frozenset("" if v is None else str(v) for v in allowed)
                             for facet, allowed in (facets or {}).items()})
                 for key, facets in (data.get("keys") or {}).items())
    return FacetLexicon(cue_set(data["counted"]), cue_set(data.get("condition_nouns") or {}),
                        {facet: cue_set(data.get(facet) or {}) for facet in _CUE_FACETS},
                        cue_set(data.get("period") or {}),
                        re.compile("|".join(_entry_pattern(e) for e in data.get("clause_only", []))
                                   or r"(?!x)x", re.IGNORECASE), keys,
                        frozenset(data.get("inherit_counted") or ()),
                        frozenset(data.get("not_inherited") or ()),
                        dict(data.get("event_condition") or {}),
                        frozenset(v for u, v in (data.get("unit_counted") or {}).items()
                                  if u == "person"),
                        dict(data.get("unit_counted") or {}),
                        {counted: Implied(str(spec["event"]), bool(spec.get("override")))
                         for counted, spec in (data.get("counted_event") or {}).items()},
                        dict(data.get("event_counted") or {}),
                        {condition: frozenset(counted) for condition, counted
                         in (data.get("condition_counted") or {}).items()},
                        frozenset(data.get("sentence_scopes") or ()),
                        frozenset(data.get("leading_scopes") or ()),
                        _words_regex(data.get("part_of") or (), r"\s*$"),
                        _words_regex(data.get("part_of") or (), "", prefix=r"\s+"),
                        dict(data.get("refined_by_later") or {}),
                        {counted: frozenset(scopes) for counted, scopes
                         in (data.get("counted_scopes") or {}).items()},
                        _as_of_regex(data.get("as_of") or ()))


def _as_of_regex(entries: Any) -> re.Pattern[str]:
    """One regex of the ``as_of`` cues, ``{date}`` standing for a date as written (its span
    is the group ``date``)."""
    parts = [_entry_pattern(str(e)).replace("{date}", f"(?:{_DATE})") for e in entries]
    body = "|".join(f"(?:{part})" for part in parts) or r"(?!x)x"
    return re.compile(rf"(?:{body})", re.IGNORECASE)


def read_as_of(text: str, lexicon: FacetLexicon) -> Cue | None:
    """The date that dates the figures of a sentence ("as of Tuesday", "said on Monday", "by
    5 March"): the date as written in the first ``as_of`` cue, with its span."""
    for cue in lexicon.as_of.finditer(text):
        found = _DATE_WORDS.search(cue.group())
        if found is None or _STARTS_SCOPE.search(text, 0, cue.start() + found.start()):
            continue
        return Cue(" ".join(found.group().split()), cue.start() + found.start(),
                   cue.start() + found.end())
    return None


def as_of_date(written: str, published: date | None) -> datetime | None:
    """The day a written date names: a weekday, "today" or "yesterday" counted back from the
    publication day; a day and month without a year the latest such day not after it; with a
    year, that day. None when it cannot be told (no publication date, no such day)."""
    words = written.lower().split()
    if words[0] in _WEEKDAYS or words[0] in ("today", "tonight", "this", "yesterday"):
        if published is None:
            return None
        back = 1 if words[0] == "yesterday" else (
            (published.weekday() - _WEEKDAYS.index(words[0])) % 7 if words[0] in _WEEKDAYS
            else 0)
        return datetime.combine(published - timedelta(days=back), datetime.min.time())
    day = month = year = None
    for part in _DATE_PARTS.finditer(written):
        if part.group("year"):
            year = int(part.group("year"))
        elif part.group("day"):
            day = int(part.group("day"))
        elif part.group("word").lower() in _MONTHS:
            month = _MONTHS[part.group("word").lower()]
    if day is None or month is None or (year is None and published is None):
        return None
    years = [year] if year is not None else [published.year, published.year - 1]
    for candidate in years:
        try:
            found = date(candidate, month, day)
        except ValueError:
            continue
        if year is not None or published is None or found <= published:
            return datetime.combine(found, datetime.min.time())
    return None


@dataclass(frozen=True)
class Facets:
    """The facets of one figure: each facet's cue, or None when the sentence gives none."""

    found: dict[str, Cue | None]

    def value(self, facet: str) -> str:
        """The facet's value, "" when unread."""
        cue = self.found.get(facet)
        return cue.value if cue else ""

    def spans(self, offset: int) -> str:
        """``facet=value@start-end`` for each facet read, offsets shifted by ``offset``."""
        return "; ".join(f"{facet}={cue.value}@{cue.start + offset}-{cue.end + offset}"
                         for facet, cue in self.found.items() if cue is not None)


def _nearest(cues: list[Cue], start: int, end: int) -> Cue | None:
    """The cue closest to the span ``[start, end)`` (the earlier one on ties)."""
    def distance(cue: Cue) -> int:
        return max(start - cue.end, cue.start - end, 0)
    return min(cues, key=distance, default=None)


def _owned(cues: list[Cue], span: tuple[int, int], figures: list[tuple[int, int]]
           ) -> list[Cue]:
    """The cues no other figure of the sentence stands nearer to than ``span``."""
    def gap(cue: Cue, other: tuple[int, int]) -> int:
        return max(other[0] - cue.end, cue.start - other[1], 0)
    return [cue for cue in cues if all(gap(cue, span) <= gap(cue, other) for other in figures)]


def _by_precedence(cues: list[Cue], order: tuple[str, ...]) -> Cue | None:
    """The cue whose value comes first in ``order`` (nearest first among equals is kept by
    the caller's ordering)."""
    return min(cues, key=lambda cue: order.index(cue.value), default=None)


def _counted(text: str, span: tuple[int, int, int], clause: tuple[int, int], unit: str,
             previous: Facets | None, lexicon: FacetLexicon) -> Cue | None:
    """What the figure counts, from the first of: its own noun ("46 Palestinians"); its unit
    when that is no person ("60-day"); a counted noun before it in its clause ("the number
    of Palestinians killed ... has reached 1,613"); what the figure before it counts
    ("killed 46 Palestinians and wounded 107", "21 of them"); a counted noun earlier in the
    sentence ("Of the hostages still held, 36 ..."); its unit."""
    start, number_start, end = span
    noun = _NOUN_WINDOW.match(text, end) if end < len(text) else None
    own = [cue for cue in lexicon.counted.find(text, number_start, noun.end() if noun else end)
           if cue.value not in lexicon.inherit]
    implied = lexicon.unit_counted.get(unit)
    earlier = [cue for cue in lexicon.counted.find(text, 0, start)
               if cue.value not in lexicon.inherit]
    from_previous = previous.found["counted"] if previous is not None else None
    if from_previous is not None and from_previous.value in lexicon.not_inherited:
        from_previous = None
    candidates = (
        own[0] if own else None,
        Cue(implied, number_start, end) if implied and implied not in lexicon.person_values
        else None,
        next((cue for cue in reversed(earlier) if cue.start >= clause[0]), None),
        from_previous,
        earlier[-1] if earlier else None,
        Cue(implied, number_start, end) if implied else None,
    )
    return next((cue for cue in candidates if cue is not None), None)


def read_facets(text: str, span: tuple[int, int, int], clauses: tuple[tuple[int, int], ...],
                figures: list[tuple[int, int]], unit: str, previous: Facets | None,
                lexicon: FacetLexicon) -> Facets:
    """The facets of a figure. ``span`` is its ``start`` (qualifier included), the start of
    its number and its ``end``; ``clauses`` the ``start, end`` of its clause cut at a
    neighbouring figure, then of its whole clause; ``figures`` the spans of every figure of
    the sentence; ``unit`` the figure's unit; ``previous`` the facets of the figure before
    it in the sentence.

    Event, condition and place take the cue nearest the figure, looking in its clause, then
    the whole clause, then the sentence (condition only in its clause). Scope takes the
    first value, in the file's order, among the cues of its clause (else its whole clause)
    and the last "leading" cue before it in the sentence (the subject of "An airstrike on a
    camp, near X, killed 17 and wounded 41 early Tuesday"); a figure whose clauses have
    none takes the nearest cue of a sentence-wide scope, a leading cue before it, or a cue
    nearer to it than to any other figure.
    """
    start, _, end = span
    found: dict[str, Cue | None] = {
        "counted": _counted(text, span, clauses[0], unit, previous, lexicon)}
    for facet in ("event", "place"):
        cues = lexicon.cues[facet]
        found[facet] = (_nearest(cues.find(text, *clauses[0]), start, end)
                        or _nearest(cues.find(text, *clauses[1]), start, end)
                        or _nearest(cues.find(text), start, end))
    rivals = [f for f in figures if not is_part(text, (f[0], f[0], f[1]), lexicon)]
    found["scope"] = _scope(text, span, clauses, rivals, lexicon)
    if previous is not None and is_part(text, span, lexicon):
        for facet in ("scope", "place"):
            found[facet] = found[facet] or previous.found[facet]
    found["condition"] = _condition(text, span, clauses[0], found["counted"], lexicon)
    event = found["event"]
    if found["condition"] is None and event is not None and event.value in lexicon.event_condition:
        found["condition"] = Cue(lexicon.event_condition[event.value], event.start, event.end)
    allowed = lexicon.counted_scopes.get(found["counted"].value) if found["counted"] else None
    if allowed is not None and found["scope"] is not None and found["scope"].value not in allowed:
        found["scope"] = None
    counted = found["counted"]
    implied = lexicon.counted_event.get(counted.value) if counted is not None else None
    if implied is not None and (implied.override or found["event"] is None):
        found["event"] = Cue(implied.value, counted.start, counted.end)
    if found["counted"] is None and found["event"] is not None:
        value = lexicon.event_counted.get(found["event"].value)
        found["counted"] = Cue(value, span[1], end) if value else None
    scope = found["scope"]
    found["period"] = None if scope is None or scope.value != "period" else next(
        iter(lexicon.period.find(text, scope.start, scope.end)), None)
    return Facets({facet: found[facet] for facet in FACETS})


def _scope(text: str, span: tuple[int, int, int], clauses: tuple[tuple[int, int], ...],
           figures: list[tuple[int, int]], lexicon: FacetLexicon) -> Cue | None:
    """The figure's scope (see :func:`read_facets`)."""
    start, _, end = span
    cues = lexicon.cues["scope"]
    everywhere = [cue for cue in cues.find(text) if not text[:cue.start].strip()
                  or not lexicon.clause_only.fullmatch(text, cue.start, cue.end)]
    leading = [cue for cue in everywhere
               if cue.end <= start and cue.value in lexicon.leading_scopes]
    owned = set(_owned(everywhere, (start, end), figures))
    for step, clause in enumerate(clauses):
        own = sorted((cue for cue in cues.find(text, *clause)
                      if step == 0 or cue.value in lexicon.sentence_scopes or cue in owned),
                     key=lambda c: max(start - c.end, c.start - end, 0))
        strong = [cue for cue in own if not lexicon.clause_only.fullmatch(text, cue.start, cue.end)]
        own = strong or own  # a weekday is more often the report's day than the toll's
        if own:
            return _refined(_by_precedence([*own, *leading[-1:]], cues.values), everywhere, end,
                            lexicon)
    return _refined(_nearest([cue for cue in everywhere if cue.value in lexicon.sentence_scopes
                     or cue in owned or cue in leading], start, end), everywhere, end, lexicon)


def is_part(text: str, span: tuple[int, int, int], lexicon: FacetLexicon) -> bool:
    """True when the figure counts part of the figure before it: "including 41 children",
    "21 of them"."""
    before = text[max(0, span[0] - 16):span[0]]
    return bool(lexicon.part_before.search(before) or lexicon.part_after.match(text, span[2]))


def _refined(scope: Cue | None, cues: list[Cue], end: int, lexicon: FacetLexicon
             ) -> Cue | None:
    """``scope``, or the more precise scope a later cue of the sentence gives it."""
    finer = lexicon.refined_by_later.get(scope.value) if scope is not None else None
    later = [cue for cue in cues if cue.value == finer and cue.start >= end]
    return later[0] if later else scope


def _condition(text: str, span: tuple[int, int, int], clause: tuple[int, int],
               counted: Cue | None, lexicon: FacetLexicon) -> Cue | None:
    """Which of the counted: the nearest condition cue in the clause (or an apposition after
    it: ", all of them women") that may qualify what is counted (a hostage "dead", not a
    toll's dead), else the counted noun's own ("children")."""
    what = counted.value if counted is not None else ""
    apposed = _ALL_OF_THEM.match(text, clause[1])
    reach = (clause[0], apposed.end() if apposed else clause[1])
    allowed = [cue for cue in lexicon.cues["condition"].find(text, *reach)
               if what in lexicon.condition_counted.get(cue.value, (what,))]
    near = _nearest(allowed, span[0], span[2])
    if near is not None or counted is None:
        return near
    return next(iter(lexicon.condition_nouns.find(text, counted.start, counted.end)), None)


def fits(facets: Facets, required: dict[str, frozenset[str]], strict: bool) -> bool:
    """True when the figure's facets hold a key's requirements: strictly, every listed facet
    has an allowed value ("" allowed only where listed); loosely, no read facet contradicts
    them (an unread facet never does)."""
    for facet, allowed in required.items():
        value = facets.value(facet)
        if (strict or value) and value not in allowed:
            return False
    return True


def facet_key(rule_key: str, facets: Facets, lexicon: FacetLexicon) -> str:
    """The figure's key: the rules' key unless its facets contradict it, else the first key
    composed from facets that they settle, else ""."""
    required = lexicon.key_facets(rule_key) if rule_key else None
    if rule_key and (required is None or fits(facets, required, strict=False)):
        return rule_key
    return next((key for key, needs in lexicon.keys if fits(facets, needs, strict=True)), "")
