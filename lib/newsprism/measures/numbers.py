"""Quantities in article sentences: value, unit, qualifier interval, what they count, and source.

One compiled master regex (built from ``data/quantities.yaml``) scans each content sentence for
numerals with their qualifier ("at least", "nearly"), counted noun ("people", "hostages") and
hyphenated unit ("60-day"); dates, clock times, years and ordinals are matched too so they can be
skipped. Each figure is then keyed by the quantities's rules (words in its clause and sentence),
read for its facets and date (``facets``), attributed to a source through
``newsprism.measures.attribution``, and linked to the casualty clause that counts it
(``agency``: its construction and agent), so a figure's agent is read where it is read.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from newsprism.datafiles import load_yaml
from newsprism.measures.agency import CasualtyTerms, clauses_of
from newsprism.measures.attribution import Attribution, covering, find_attributions
from newsprism.measures.facets import (
    AS_OF,
    FACETS,
    Cue,
    FacetLexicon,
    Facets,
    as_of_date,
    facet_key,
    is_part,
    read_as_of,
    read_facets,
)
from newsprism.measures.numerals import NumberWords, parse_fraction, parse_numeral
from newsprism.measures.rows import Table, table_column
from newsprism.measures.voice import VoiceMap
from newsprism.phrases import fold_case, has_foreign_letter, heads_source, pattern_heads

NUMBER_COLUMNS = ["article_id", "start", "end", "surface", "value", "unit", "qualifier", "low",
                  "high", "kind", "key", *FACETS, "as_of_text", "as_of", "facet_spans",
                  "construction", "agent", "source", "sentence_id", "sentence"]
NO_UNIT = "none"
PERCENT = "percent"
TIME_UNITS = frozenset({"minute", "hour", "day", "week", "month", "year"})

_MONTHS = (r"(?-i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
           r"Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
_DATE = (rf"{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?!\d)(?:,?\s+\d{{4}})?"
         rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\b(?:,?\s+\d{{4}})?"
         rf"|{_MONTHS}\.?\s+\d{{4}}")
_CLOCK = r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\b\d{1,2}\s*(?:[ap]\.m\.|[ap]m\b)"
_ORDINAL = r"\b\d+(?:st|nd|rd|th)\b"
_DIGITS = r"(?<![\w.,\-/])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d])"
_MODIFIER_STOP = (
    "were|was|have|has|had|are|is|be|been|will|would|could|can|may|might|remain|remains|"
    "remained|in|on|at|to|and|or|but|from|by|with|for|who|which|that|whom|whose|the|a|an|of|"
    "than|as|after|before|since|during|per|percent|more|less|into|across|over|under|this|these|"
    "those|its|their|his|her|said|says|killed|died|including|while|when|where|\\d[\\d,.]*"
)
_DETERMINER = r"(?:the|its|their|all|his|her|these|those|them|our)"
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"—–]|\s-\s")
_CONJUNCTION = re.compile(r"\b(?:and|but|while|whereas|or)\b", re.I)
# The facets of a figure that is no claim (a time window, page metadata): none read.
_NO_FACETS = Facets(dict.fromkeys(FACETS))
_WORD_BEFORE = re.compile(r"([A-Za-z][\w’'-]*)\W*$")
_WORD_AFTER = re.compile(r"^\W*([A-Za-z][\w’'-]*)")
_NEVER = re.compile(r"(?!x)x")
_REFERRING = frozenset({"the", "both", "these", "those", "all", "their", "its", "his", "her",
                        "our", "my", "your", "each", "every", "other"})
_OPEN_QUOTES = "“\""
_CLOSE_QUOTES = "”\""
_YEAR_RANGE = (1800, 2100)
_INF = math.inf
_COMPOUND = re.compile(r"[-‐][A-Za-z]")
# What joins a figure to a part figure before it: "22 of them children and 27 women" (after
# ", and" a new clause begins).
_PART_JOIN = re.compile(r"(?:\s+[\w’'-]+){0,3}?\s+and\s+$")
_PARTITIVE = re.compile(r"[\w,.’'-]+\s+(?:of\s+(?:them|whom)|among\s+them)\b", re.I)
_NO_CLAUSE: dict = {"construction": None, "agent": None}
_DIGIT = re.compile(r"\d")
_WORD_RUN = re.compile(r"\w+")


@dataclass(frozen=True)
class Qualifier:
    """A normalised qualifier and the interval it implies, as factors of the value."""

    name: str
    low: float
    high: float
    not_units: frozenset[str] = frozenset()


@dataclass(frozen=True)
class KeyRule:
    """One quantities rule: when a figure fits it, the figure gets ``key``."""

    key: str
    units: frozenset[str]
    near: tuple[re.Pattern[str], ...]
    sentence: tuple[re.Pattern[str], ...]
    not_near: re.Pattern[str] | None
    not_sentence: re.Pattern[str] | None
    before: frozenset[str]
    min_value: float
    max_value: float
    set_unit: str

    def fits(self, unit: str, value: float, window: str, sentence: str, before: str) -> bool:
        """True when the figure's unit, value, clause and sentence satisfy the rule."""
        if self.units and unit not in self.units:
            return False
        if not math.isnan(value) and not self.min_value <= value <= self.max_value:
            return False
        if self.before and before.lower() not in self.before:
            return False
        if any(p.search(window) is None for p in self.near):
            return False
        if any(p.search(sentence) is None for p in self.sentence):
            return False
        if self.not_near is not None and self.not_near.search(window):
            return False
        return self.not_sentence is None or self.not_sentence.search(sentence) is None


@dataclass(frozen=True)
class Quantities:
    """The compiled ``quantities.yaml``: master regex, vocabularies and key rules."""

    master: re.Pattern[str]
    screen_words: frozenset[str] | None
    words: NumberWords
    unit_of: dict[str, str]
    currencies: dict[str, str]
    qualifier_of: dict[str, Qualifier]
    vague_of: dict[str, Qualifier]
    estimated: re.Pattern[str]
    window_before: frozenset[str]
    window_after: frozenset[str]
    window_verb_cues: frozenset[str]
    casualty_verbs: frozenset[str]
    partitives: re.Pattern[str]
    rules: tuple[KeyRule, ...]


def _alternation(phrases: list[str]) -> str:
    """Regex alternation of phrases, longest first, inner spaces flexible."""
    ordered = sorted({str(p).strip() for p in phrases if str(p).strip()}, key=len, reverse=True)
    return "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)


def _phrase_regex(phrases: list[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive regex for phrases; a trailing ``*`` allows any ending."""
    parts = []
    for phrase in sorted({str(p).strip().lower() for p in phrases}, key=len, reverse=True):
        stem, wild = (phrase[:-1], r"[\w’'-]*") if phrase.endswith("*") else (phrase, "")
        parts.append(r"\s+".join(map(re.escape, stem.split())) + wild)
    return re.compile(rf"(?<![\w-])(?:{'|'.join(parts)})(?![\w-])", re.I)


def _rule(entry: dict[str, Any]) -> KeyRule:
    """Compile one rule entry of the quantities file."""
    def optional(name: str) -> re.Pattern[str] | None:
        return _phrase_regex(entry[name]) if entry.get(name) else None

    return KeyRule(
        key=str(entry["key"]),
        units=frozenset(str(u) for u in entry.get("units", [])),
        near=tuple(_phrase_regex(group) for group in entry.get("near", [])),
        sentence=tuple(_phrase_regex(group) for group in entry.get("sentence", [])),
        not_near=optional("not_near"),
        not_sentence=optional("not_sentence"),
        before=frozenset(str(w).lower() for w in entry.get("before", [])),
        min_value=float(entry.get("min", -_INF)),
        max_value=float(entry.get("max", _INF)),
        set_unit=str(entry.get("set_unit", "")),
    )


def _master_regex(data: dict[str, Any], words: NumberWords) -> re.Pattern[str]:
    """The one regex that finds every candidate figure (and the dates and times to skip)."""
    qualifiers = [p for q in data["qualifiers"].values() for p in q["phrases"]]
    vague = [p for v in data["vague"].values() for p in v["phrases"]]
    nouns = [n for ns in data["units"].values() for n in ns]
    word = rf"(?:{_alternation(words.cardinal_words())})\b"
    words_numeral = (rf"\b(?:an?\s+(?:{_alternation([*words.scales, *words.multipliers])})\b"
                     rf"|{word}(?:(?:\s+|-)(?:and\s+)?{word})*)")
    scales = _alternation(list(words.scales))
    scaled = rf"{_DIGITS}(?:\s+(?:{scales})\b|(?:{_alternation(list(words.suffixes))})\b)?"
    fraction = (rf"\b(?:(?:an?|{word})[\s-](?:{_alternation(list(words.fractions))})\b"
                rf"|half\b)")
    hyphen_units = _alternation(sorted(TIME_UNITS))
    currencies = [str(c) for c in data.get("currencies", {})]
    currency = _alternation(currencies)
    signs = _sign_class(currencies)
    modifier = rf"(?!(?:{_MODIFIER_STOP})\b)[A-Za-z][\w’'-]*"
    noun = (rf"(?:\s+of(?:\s+{_DETERMINER})?)?(?:\s+{modifier}){{0,3}}?"
            rf"\s+(?P<unitnoun>{_alternation(nouns)})(?![\w-])")
    starts = _start_screen([*qualifiers, *vague, *words.cardinal_words(), *currencies,
                            "between", "half", "a", "an"], signs)
    pattern = (
        rf"(?<![\w{signs}])(?={starts})"
        rf"(?P<qual>\b(?:{_alternation(qualifiers)})\s+)?"
        rf"(?:(?P<date>{_DATE})|(?P<clock>{_CLOCK})|(?P<ordinal>{_ORDINAL})"
        rf"|\bbetween\s+(?P<rlo>{scaled}|{words_numeral})\s+and\s+(?P<rhi>{scaled}|{words_numeral})"
        rf"|(?P<lo>{_DIGITS})\s*(?:to|–|—|-)\s*(?P<hi>{_DIGITS})"
        rf"|(?P<vague>\b(?:{_alternation(vague)}))"
        rf"|(?P<frac>{fraction})"
        rf"|(?:(?P<cur>{currency})[^\S\n]?)?(?P<num>{scaled}|{words_numeral}))"
        rf"(?P<pct>\s*(?:%|percent\b|per\s+cent\b))?"
        rf"(?P<hyph>[-‐](?P<hunit>{hyphen_units})s?(?:-old)?\b)?"
        rf"(?P<noun>{noun})?"
        rf"(?P<of>\s+of\s+(?:{_DETERMINER}\s+)?[\w’'-]+)?"
    )
    return re.compile(pattern, re.I)


def _sign_class(currencies: list[str]) -> str:
    """The characters, escaped for a regex character class, that begin a currency sign and
    are not word characters ("$", "€", a user's "₪"): a figure may begin at one."""
    firsts = {c.strip()[0] for c in currencies if c.strip()}
    return "".join(sorted(re.escape(c) for c in firsts if not _WORD_RUN.match(c)))


def _start_screen(phrases: list[str], signs: str) -> str:
    """Regex source of where a master match may begin: a digit, a currency sign (``signs``,
    see :func:`_sign_class`) or a word head of ``phrases`` or the months, so other words are
    passed over at once (any word character when some phrase's head cannot be read)."""
    heads = pattern_heads(re.compile(f"{_alternation(phrases)}|{_MONTHS}", re.I))
    words = {head for head in heads if _WORD_RUN.match(head)}  # signs are in ``signs``
    if not words:
        return rf"[\w{signs}]"
    sign = [f"[{signs}]"] if signs else []
    return "|".join([r"\d", *sign, heads_source(words)])


def _screen_words(data: dict[str, Any], words: NumberWords) -> frozenset[str] | None:
    """The lower-case words one of which a sentence without digits needs to hold a figure:
    the first word of each number word and vague phrase (None: screen nothing out)."""
    vague = [str(p) for v in data["vague"].values() for p in v["phrases"]]
    firsts = [_WORD_RUN.match(str(entry).strip().lower())
              for entry in [*words.cardinal_words(), *words.fractions, *vague]]
    if not all(firsts):
        return None
    return frozenset(first.group() for first in firsts if first)


def _may_hold_figure(text: str, quantities: Quantities) -> bool:
    """A cheap screen: a digit, a number word, or a non-ASCII letter (whose case rules differ,
    so the word test below might miss a number word)."""
    if quantities.screen_words is None or _DIGIT.search(text) or has_foreign_letter(text):
        return True
    return not quantities.screen_words.isdisjoint(_WORD_RUN.findall(text.lower()))


def load_quantities(path: str | Path | None = None) -> Quantities:
    """Load ``quantities.yaml`` (or the user's replacement at ``path``) and compile it."""
    data = load_yaml("quantities.yaml", path)
    words = NumberWords.from_data(data["number_words"])
    unit_of = {str(n).lower(): unit for unit, nouns in data["units"].items() for n in nouns}
    keep = set(data.get("keep_own_name", []))
    qualifier_of: dict[str, Qualifier] = {}
    for name, spec in data["qualifiers"].items():
        for phrase in [*spec["phrases"], name]:
            label = phrase if phrase in keep else name
            qualifier_of.setdefault(phrase.lower(), Qualifier(
                label, spec["low"], spec["high"], frozenset(spec.get("not_units", []))))
    vague_of = {p.lower(): Qualifier(name, spec["low"], spec["high"])
                for name, spec in data["vague"].items() for p in spec["phrases"]}
    return Quantities(
        master=_master_regex(data, words),
        screen_words=_screen_words(data, words),
        words=words,
        unit_of=unit_of,
        currencies={_normalise_space(str(sign)): str(unit)
                    for sign, unit in data.get("currencies", {}).items()},
        qualifier_of=qualifier_of,
        vague_of=vague_of,
        estimated=re.compile(rf"(?:{_alternation(data['estimated_cues'])})\s+\S*\s*$", re.I),
        window_before=frozenset(w.lower() for w in data["time_window_before"]),
        window_after=frozenset(w.lower() for w in data["time_window_after"]),
        window_verb_cues=frozenset(w.lower() for w in data.get("time_window_verb_cues", [])),
        casualty_verbs=frozenset(w.lower() for w in data.get("small_figure_after", [])),
        partitives=re.compile(rf"\s+(?:{_alternation(data.get('small_figure_before', []))})"
                              r"(?![\w-])", re.I) if data.get("small_figure_before") else _NEVER,
        rules=tuple(_rule(entry) for entry in data["rules"]),
    )


@dataclass(frozen=True)
class Figure:
    """One quantity found in a sentence, offsets relative to the sentence."""

    start: int
    end: int
    number_start: int
    value: float
    unit: str
    qualifier: str
    low: float
    high: float
    kind: str


def _normalise_space(text: str) -> str:
    """Lower-case (as the case-insensitive master regex reads letters) with single spaces,
    for look-ups of what it matched."""
    return " ".join(fold_case(text).split())


def _word_before(text: str, offset: int) -> str:
    """The word just before ``offset`` (lower case), or ""."""
    match = _WORD_BEFORE.search(text[max(0, offset - 40):offset])
    return match.group(1).lower() if match else ""


def _window_start(text: str, start: int, quantities: Quantities) -> int | None:
    """Start of a window word before a time span ("within", "the past"), if there is one.

    A window word used as a verb is no window: "would last 42 days" is a duration claim.
    """
    match = _WORD_BEFORE.search(text[:start])
    if not match or match.group(1).lower() not in quantities.window_before:
        return None
    if _word_before(text, match.start(1)) in quantities.window_verb_cues:
        return None
    return match.start(1)


def _word_after(text: str, offset: int) -> str:
    """The word just after ``offset`` (lower case), or ""."""
    match = _WORD_AFTER.search(text[offset:offset + 40])
    return match.group(1).lower() if match else ""


def _number_value(match: re.Match[str], quantities: Quantities) -> tuple[float, bool]:
    """Value of the numeral in a match and whether it was spelled out in words."""
    if match.group("frac"):
        return parse_fraction(match.group("frac"), quantities.words) or math.nan, True
    text = match.group("num")
    value = parse_numeral(text, quantities.words)
    return (math.nan if value is None else value), not text[0].isdigit()


def _is_year(match: re.Match[str], value: float) -> bool:
    """A bare four-digit year such as "2007" (no separators, qualifier or counted noun)."""
    text = match.group("num")
    return (text.isdigit() and len(text) == 4 and _YEAR_RANGE[0] <= value <= _YEAR_RANGE[1]
            and not (match.group("qual") or match.group("unitnoun") or match.group("pct")
                     or match.group("hunit")))


def _unit(match: re.Match[str], quantities: Quantities) -> str:
    """What the figure counts: percent, a hyphenated time unit, the counted noun or currency."""
    if match.group("pct") or match.group("frac"):
        return PERCENT
    if match.group("hunit"):
        return fold_case(match.group("hunit"))
    if match.group("unitnoun"):
        return quantities.unit_of.get(_normalise_space(match.group("unitnoun")), NO_UNIT)
    if match.group("cur"):
        return quantities.currencies.get(_normalise_space(match.group("cur")), NO_UNIT)
    return NO_UNIT


def _interval(value: float, qualifier: Qualifier | None) -> tuple[float, float]:
    """The interval a qualified value implies."""
    if qualifier is None:
        return value, value
    return round(value * qualifier.low, 6), round(value * qualifier.high, 6)


def _surface_end(match: re.Match[str], unit: str) -> int:
    """End of the surface: the "of …" tail belongs to shares ("40 percent of Gaza") only."""
    if match.group("of") and unit == PERCENT and not match.group("noun"):
        return match.end("of")
    for group in ("noun", "hyph", "pct", "num", "frac", "vague", "hi", "rhi"):
        if match.group(group):
            return match.end(group)
    return match.end()


def _figure(text: str, match: re.Match[str], quantities: Quantities) -> Figure | None:
    """The figure a master-regex match stands for, or None for dates, years and non-figures."""
    if match.group("date") or match.group("clock") or match.group("ordinal"):
        return None
    qual_text = _normalise_space(match.group("qual") or "")
    qualifier = quantities.qualifier_of.get(qual_text)
    start = match.start()
    if match.group("vague"):
        vague = quantities.vague_of[_normalise_space(match.group("vague"))]
        unit = _unit(match, quantities)
        return Figure(start, _surface_end(match, unit), match.start("vague"), math.nan, unit,
                      vague.name, vague.low, vague.high, "vague")
    if match.group("lo") or match.group("rlo"):
        low_text = match.group("lo") or match.group("rlo")
        high_text = match.group("hi") or match.group("rhi")
        low = parse_numeral(low_text, quantities.words)
        high = parse_numeral(high_text, quantities.words)
        if low is None or high is None or low >= high or (
                _YEAR_RANGE[0] <= low <= _YEAR_RANGE[1] and len(low_text) == 4):
            return None
        unit = _unit(match, quantities)
        return Figure(start, _surface_end(match, unit), start, low, unit, "between", low, high,
                      "claim")
    value, spelled = _number_value(match, quantities)
    if math.isnan(value) or (match.group("num") and _is_year(match, value)):
        return None
    if _COMPOUND.match(text, match.end("num") if match.group("num") else match.end()) and not (
            match.group("hyph") or match.group("pct")):
        return None  # "12-member council", "F-16": part of a word, not a figure
    unit = _unit(match, quantities)
    number_start = match.start("frac") if match.group("frac") else match.start("num")
    if qualifier is not None and unit in qualifier.not_units:
        qualifier, start = None, number_start
    if spelled and not _strong_words(text, match, value, qualifier, quantities):
        return None
    if qualifier is None:
        clause = text[_clause_start(text, number_start):number_start]
        if quantities.estimated.search(clause):
            qualifier = quantities.qualifier_of.get("estimated")
    low, high = _interval(value, qualifier)
    kind = "claim"
    window_start = _window_start(text, start, quantities)
    if unit in TIME_UNITS and (window_start is not None
                               or _word_after(text, match.end()) in quantities.window_after):
        kind = "other"
        start = start if window_start is None else window_start
    return Figure(start, _surface_end(match, unit), number_start, value, unit,
                  qualifier.name if qualifier else "", low, high, kind)


def _strong_words(text: str, match: re.Match[str], value: float, qualifier: Qualifier | None,
                  quantities: Quantities) -> bool:
    """Whether spelled-out numbers are figures: "two soldiers" yes; "the two sides", "one of" no."""
    if match.group("frac"):
        return bool(qualifier or match.group("of") or match.group("noun"))
    noun = match.group("noun") or ""
    if value == 1 and noun.lstrip().lower().startswith("of"):
        return False
    counted = bool(match.group("unitnoun") or match.group("hunit") or match.group("pct"))
    if value >= quantities.words.weak_below:
        return counted or qualifier is not None
    if not (counted or qualifier):
        return _small_figure(text, match, quantities)
    return qualifier is not None or _word_before(text, match.start()) not in _REFERRING


def _small_figure(text: str, match: re.Match[str], quantities: Quantities) -> bool:
    """Whether a small spelled-out number with no noun is still a figure: right after a
    casualty verb ("killed four") or before a word pointing back to what is counted ("three
    of them", "four others")."""
    return (_word_before(text, match.start()) in quantities.casualty_verbs
            or quantities.partitives.match(text, match.end()) is not None)


def _clause_start(text: str, offset: int) -> int:
    """Offset where the clause holding ``offset`` begins."""
    start = 0
    for match in _CLAUSE_BREAK.finditer(text, 0, offset):
        start = match.end()
    return start


def _clause_end(text: str, offset: int) -> int:
    """Offset where the clause holding ``offset`` ends."""
    match = _CLAUSE_BREAK.search(text, offset)
    return match.start() if match else len(text)


def _window(text: str, figures: list[Figure], index: int) -> tuple[int, int]:
    """Offsets of the figure's clause, cut at a conjunction that separates it from a
    neighbouring figure."""
    figure = figures[index]
    start = _clause_start(text, figure.number_start)
    end = _clause_end(text, figure.end)
    if index > 0 and figures[index - 1].end > start:
        conjunctions = list(_CONJUNCTION.finditer(text, figures[index - 1].end, figure.start))
        start = conjunctions[-1].end() if conjunctions else figures[index - 1].end
    if index + 1 < len(figures) and figures[index + 1].start < end:
        conjunction = _CONJUNCTION.search(text, figure.end, figures[index + 1].start)
        end = conjunction.start() if conjunction else figures[index + 1].start
    return start, end


def _key(figure: Figure, window: str, text: str, quantities: Quantities) -> tuple[str, str]:
    """The key of the first rule the figure fits, and its unit after the rule."""
    before = _word_before(text, figure.number_start)
    for rule in quantities.rules:
        if rule.fits(figure.unit, figure.value, window, text, before):
            return rule.key, rule.set_unit or figure.unit
    return "", figure.unit


def _inside_open_quote(text: str, offset: int) -> bool:
    """True when ``offset`` falls after an opening quote that is not closed before it."""
    opened = False
    for char in text[:offset]:
        if char == "\"":
            opened = not opened
        elif char in _OPEN_QUOTES:
            opened = True
        elif char in _CLOSE_QUOTES:
            opened = False
    return opened and not any(c in _CLOSE_QUOTES for c in text[offset:])


def find_figures(text: str, quantities: Quantities) -> list[Figure]:
    """Every figure in one sentence, in order."""
    figures: list[Figure] = []
    if not _may_hold_figure(text, quantities):
        return figures
    for match in quantities.master.finditer(text):
        figure = _figure(text, match, quantities)
        if figure is not None:
            figures.append(figure)
    return figures


class _Speakers:
    """Attributions of one article's sentences, found only when a figure needs them (or taken
    from ``known``: attributions by sentence id, such as a VoiceMap's ``by_sentence``)."""

    def __init__(self, texts: list[str], ids: list[int],
                 known: Mapping[int, list[Attribution]] | None = None) -> None:
        self.texts = texts
        self.ids = ids
        self.known = known or {}
        self.found: dict[int, list[Attribution]] = {}

    def of(self, index: int) -> list[Attribution]:
        """The attributions of sentence ``index`` (empty past the last sentence)."""
        if index >= len(self.texts):
            return []
        if index not in self.found:
            known = self.known.get(self.ids[index])
            self.found[index] = known if known is not None else find_attributions(
                self.texts[index])
        return self.found[index]

    def named_before(self, index: int) -> str:
        """The last named speaker in the sentences before ``index``: what "he said" refers to."""
        for i in range(index - 1, -1, -1):
            names = [a.source for a in self.of(i) if a.role == "speaker" and not a.pronoun]
            if names:
                return names[-1]
        return ""

    def source(self, index: int, figure: Figure) -> str:
        """Whom sentence ``index`` attributes the figure to; a running quote borrows the next."""
        text = self.texts[index]
        attribution = covering(self.of(index), figure.number_start, figure.end)
        if attribution is None and _inside_open_quote(text, figure.number_start):
            attribution = next((a for a in self.of(index + 1) if a.role == "speaker"), None)
        if attribution is None:
            return ""
        return self.named_before(index) if attribution.pronoun else attribution.source


def _linked(figures: list[Figure], clauses: list[dict], text: str, facets: FacetLexicon
            ) -> list[dict]:
    """The casualty clause that counts each figure (its numeral is the clause's count); a
    figure that is part of the one before ("22 of them", "including 41 children", "… and 27
    women") shares that one's clause."""
    linked: list[dict] = []
    whole: dict = _NO_CLAUSE  # the clause of the last figure that is a claim
    part = False  # whether that figure shares the clause of its whole
    end = 0
    for figure in figures:
        clause = next((c for c in clauses if c["count_start"] is not None
                       and figure.number_start <= c["count_start"] < figure.end), None)
        if figure.kind == "other":
            linked.append(clause or _NO_CLAUSE)
            continue
        joined = clause is None and whole is not _NO_CLAUSE and (
            _PARTITIVE.match(text, figure.number_start) is not None
            or is_part(text, (figure.start, figure.number_start, figure.end), facets)
            or (part and _PART_JOIN.fullmatch(text, end, figure.start) is not None))
        part, end = joined, figure.end
        whole = whole if joined else clause or _NO_CLAUSE
        linked.append(whole)
    return linked


def _published_day(published: str | date | None) -> date | None:
    """The publication day from an ISO date (an empty text or None: undated)."""
    if published is None or isinstance(published, date):
        return published
    return date.fromisoformat(published[:10]) if published.strip() else None


def number_rows(sentences: Table, doc: str, quantities: Quantities, facets: FacetLexicon,
                voices: VoiceMap | None = None, casualty_terms: CasualtyTerms | None = None,
                published: str | date | None = None) -> list[tuple]:
    """One row per figure in one article's content sentences, in ``NUMBER_COLUMNS`` order;
    ``voices``, the article's VoiceMap when already built, saves finding attributions again;
    ``casualty_terms`` link figures to their casualty clauses (construction and agent);
    ``published`` (an ISO date) resolves a figure's ``as_of`` date ("on Monday")."""
    rows: list[tuple] = []
    day = _published_day(published)
    columns = [table_column(sentences, c) for c in ("article_id", "sentence_id", "start", "text")]
    speakers = _Speakers(columns[-1], columns[1], voices.by_sentence if voices else None)
    for i, (article_id, sentence_id, first, text) in enumerate(zip(*columns, strict=True)):
        figures = find_figures(text, quantities)
        if not figures:
            continue
        spans = [(f.start, f.end) for f in figures if f.kind != "other"]
        dated = read_as_of(text, facets)
        on = as_of_date(dated.value, day) if dated is not None else None
        links = _linked(figures, clauses_of(text, casualty_terms) if casualty_terms else [],
                        text, facets)
        previous: Facets | None = None
        for index, figure in enumerate(figures):
            clause = _window(text, figures, index)
            key, unit = _key(figure, text[clause[0]:clause[1]], text, quantities)
            start, end = first + figure.start, first + figure.end
            whole = (_clause_start(text, figure.number_start), _clause_end(text, figure.end))
            read = _NO_FACETS if figure.kind == "other" else read_facets(
                text, (figure.start, figure.number_start, figure.end), (clause, whole), spans,
                unit, previous, facets)
            previous = read if figure.kind != "other" else previous
            key = facet_key(key, read, facets) if figure.kind != "other" else ""
            as_of: Cue | None = dated if figure.kind != "other" else None
            shown = Facets({**read.found, AS_OF: as_of})
            rows.append((article_id, start, end, doc[start:end], figure.value,
                         "" if unit == NO_UNIT else unit, figure.qualifier, figure.low,
                         figure.high, figure.kind, key, *(read.value(f) for f in FACETS),
                         as_of.value if as_of else "", on if as_of else None,
                         shown.spans(first), links[index]["construction"],
                         links[index]["agent"], speakers.source(i, figure), sentence_id, text))
    return rows
