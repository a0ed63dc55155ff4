"""What a figure counts, read as facets of its statement: counted, event, condition, scope,
period and place, each with the span of the sentence it was read from.

The cues come from ``data/facets.yaml``. Facets let two figures be compared only when they
count the same thing over the same kind of period: a one-day toll is not the cumulative
toll, a deal's terms are not what happened, one strike's dead are not the war's. The same
file composes quantity keys from facets, so a key a figure cannot hold is taken away.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprism.datafiles import load_yaml
from newsprism.measures.phrases import phrase_pattern

FACETS = ("counted", "event", "condition", "scope", "period", "place")
# Scopes that never stand for a running total: their figures are not compared with a series.
NOT_TOTALS = ("period", "since_date", "incident", "planned", "hypothetical")
_CUE_FACETS = ("event", "condition", "scope", "place")
# Words after the number in which its counted noun is looked for.
_NOUN_WINDOW = re.compile(r"(?:\s+[\w’'\-]+){1,4}")


@dataclass(frozen=True)
class Cue:
    """One facet value read from the sentence: value and span (offsets in the sentence)."""

    value: str
    start: int
    end: int


@dataclass(frozen=True)
class CueSet:
    """Every value of one facet as one regex: group ``_i`` is value ``values[i]``."""

    values: tuple[str, ...]
    regex: re.Pattern[str]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Cue]:
        """Each cue in ``text[start:end]``, in order."""
        stop = len(text) if end is None else end
        return [Cue(self.values[int(str(m.lastgroup)[1:])], m.start(), m.end())
                for m in self.regex.finditer(text, start, stop)]


@dataclass(frozen=True)
class FacetLexicon:
    """The compiled ``facets.yaml``: a cue set per facet and the keys composed from facets."""

    counted: CueSet
    condition_nouns: CueSet
    cues: dict[str, CueSet]
    period: CueSet
    clause_only: re.Pattern[str]
    keys: tuple[tuple[str, dict[str, frozenset[str]]], ...]

    def key_facets(self, key: str) -> dict[str, frozenset[str]] | None:
        """The facets ``key`` requires, or None when the file does not compose it."""
        return next((facets for name, facets in self.keys if name == key), None)


def _entry_pattern(entry: str) -> str:
    """Regex of one cue: ``re:`` entries as written, others as whole-word phrases."""
    entry = str(entry).strip()
    return entry[3:].strip() if entry.startswith("re:") else phrase_pattern(entry)


def cue_set(values: dict[str, list[Any]]) -> CueSet:
    """One regex for every cue of every value, longest phrases first within each value."""
    names: list[str] = []
    branches: list[str] = []
    for value, entries in values.items():
        for entry in sorted((str(e) for e in entries), key=len, reverse=True):
            branches.append(f"(?P<_{len(names)}>{_entry_pattern(entry)})")
            names.append(str(value))
    body = "|".join(branches) or r"(?!x)x"
    return CueSet(tuple(names), re.compile(rf"(?<![\w\-])(?:{body})(?![\w])", re.IGNORECASE))


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
                                   or r"(?!x)x", re.IGNORECASE), keys)


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


def _first_by_order(cues: list[Cue], order: tuple[str, ...]) -> Cue | None:
    """The cue whose value comes first in ``order`` (the file's order of values)."""
    return min(cues, key=lambda cue: order.index(cue.value), default=None)


def _owned(cues: list[Cue], span: tuple[int, int], figures: list[tuple[int, int]]
           ) -> list[Cue]:
    """The cues no other figure of the sentence stands nearer to than ``span``."""
    def gap(cue: Cue, other: tuple[int, int]) -> int:
        return max(other[0] - cue.end, cue.start - other[1], 0)
    return [cue for cue in cues if all(gap(cue, span) <= gap(cue, other) for other in figures)]


def read_facets(text: str, span: tuple[int, int, int], clauses: tuple[tuple[int, int], ...],
                figures: list[tuple[int, int]], lexicon: FacetLexicon) -> Facets:
    """The facets of a figure: ``span`` is its ``start`` (qualifier included), the start of
    its number and its ``end``; ``clauses`` the ``start, end`` of its clause cut at a
    neighbouring figure, then of the whole clause; ``figures`` the spans of every figure in
    the sentence. The event falls back on the nearest in the sentence (a clause that goes on
    "bringing the total to ..." keeps the sentence's event); scope and place on cues of the
    sentence nearer to this figure than to any other."""
    start, number_start, end = span
    noun = _NOUN_WINDOW.match(text, end) if end < len(text) else None
    after_number = (number_start, noun.end() if noun else end)
    counted = next(iter(lexicon.counted.find(text, *after_number)), None)
    found: dict[str, Cue | None] = {"counted": counted}
    for facet in _CUE_FACETS:
        cues = lexicon.cues[facet]
        near = _nearest(cues.find(text, *clauses[0]), start, end)
        if near is None and facet == "event":  # "..., bringing the total to 44,000"
            near = _nearest(cues.find(text), start, end)
        if near is None and facet in ("scope", "place"):
            near = _nearest(cues.find(text, *clauses[1]), start, end) or _first_by_order(
                [cue for cue in _owned(cues.find(text), (start, end), figures)
                 if not lexicon.clause_only.fullmatch(text, cue.start, cue.end)], cues.values)
        found[facet] = near
    if found["condition"] is None and counted is not None:
        found["condition"] = next(iter(lexicon.condition_nouns.find(text, counted.start,
                                                                    counted.end)), None)
    scope = found["scope"]
    found["period"] = None if scope is None or scope.value != "period" else next(
        iter(lexicon.period.find(text, scope.start, scope.end)), None)
    return Facets({facet: found[facet] for facet in FACETS})


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
