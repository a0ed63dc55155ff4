"""Who kills whom, grammatically: agency in sentences that report deaths and injuries.

Each casualty clause is classed by its construction — ``active`` ("airstrikes killed 35
people"), ``passive_agent`` ("were killed by Israeli fire"), ``passive_agentless`` ("22 people
were killed"; also reduced relatives, "those killed"), ``intransitive`` ("died", "lost their
lives") or ``nominal`` ("the death toll", "38,000 deaths") — with the agent and victims the
sentence states. Rules work on word tokens, no parser: casualty words come from
``data/casualty_terms.yaml``; passive = a be/get form (adverbs between allowed) before a past
participle; the agent is the phrase after "by", and "killed in strikes" records ``strikes`` as
the ``instrument``, leaving the clause agentless. One row per clause: a sentence with "killed
… and injured …" gives two rows. Not reported: casualty verbs after "to" or a modal ("ordered
its guards to kill them", "could die") — threats and possibilities, not reports — and
figurative objects ("kill the deal").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsprism.datafiles import load_yaml
from newsprism.measures.rows import Table, table_column
from newsprism.phrases import substring_regex

AGENCY_COLUMNS = ["article_id", "sentence_id", "start", "end", "construction", "verb", "lemma",
                  "verb_start", "verb_end", "agent", "victims", "instrument", "sentence"]
CONSTRUCTIONS = ("active", "passive_agent", "passive_agentless", "intransitive", "nominal")

_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|\w+(?:['’]\w+)*(?:-\w+)*|[^\w\s]")
_NUMBER = re.compile(r"\d")
# Manner adverbs by their endings ("reportedly", "indiscriminately"), not "family" or "ally".
_ADVERB_LY = re.compile(r"\w{2,}(?:ally|ately|ingly|edly|ously|ently|antly|ively|fully|ssly)$")
_BASE, _THIRD, _ING, _PAST, _PARTICIPLE = range(5)

# Closed-class English words the rules read; the casualty_terms holds the open-class ones.
_BE = frozenset("is are was were be been being am 's get gets got gotten getting".split())
_HAVE = frozenset("have has had having 've".split())
_MODALS = frozenset("will would could can may might must should shall 'll 'd to".split())
_DETERMINERS = frozenset(
    "the a an this that these those his her its their our my your any each every".split())
# Determiners before a casualty word make it a noun ("the killing", "his wounds").
_ARTICLES = _DETERMINERS - {"those", "these", "that", "this"}
_ADVERBS = frozenset("also all both since now just not never n't already still later then "
                     "each mostly even reportedly allegedly apparently so far lightly".split())
# Words that end a sentence's subject phrase: prepositions ("An airstrike on a camp ...").
_SUBJECT_STOPS = frozenset("on in near at across along inside outside against over into onto "
                           "from with during since for by after before as".split())
# Words that open a sentence with an adverbial to be skipped ("On Monday, ...").
_ADVERBIAL_OPENERS = frozenset("on in since during after before overnight earlier late early "
                               "yesterday today last this".split())
_RELATIVES = frozenset("which that who".split())
_QUANTIFIERS = frozenset(
    "some about around nearly almost over least more most fewer less up as dozens hundreds "
    "thousands scores several many few one two three four five six seven eight nine ten eleven "
    "twelve fifteen twenty thirty forty fifty hundred thousand million another".split())
_CLAUSE_WORDS = frozenset(
    "that which who whom whose where when while after before because if as said says say "
    "told reported reports stated added claimed confirmed announced according but so "
    "is are was were has have had says believes believe among including".split())
_FORWARD_STOPS = frozenset(
    "in on at during since across near inside while when after before as according from "
    "with amid over under into to for between last this overnight yesterday today and but "
    "including who which that by".split()) | _CLAUSE_WORDS
_PREPOSITIONS = frozenset("in by from during under amid through".split())
_MAX_PHRASE = 12


@dataclass(frozen=True)
class CasualtyTerms:
    """The casualty casualty_terms: forms by first word, each ``(word sets, (lemma, kind, form))``,
    and a screen finding those first words in lower-cased text."""

    starts: dict[str, tuple[tuple[tuple[frozenset[str], ...], tuple[str, str, int]], ...]]
    nouns: frozenset[str]
    adjectives: frozenset[str]
    needs_count: frozenset[str]
    not_after: frozenset[str]
    figurative: frozenset[str]
    instruments: frozenset[str]
    attack_verbs: frozenset[str]
    screen: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        """Compile the screen for the forms' first words (``object.__setattr__``: frozen)."""
        object.__setattr__(self, "screen", substring_regex(set(self.starts)))


def _form_key(form: str) -> tuple[frozenset[str], ...]:
    """A form as a tuple of allowed-word sets: ``lost their|his lives`` → 3 sets."""
    return tuple(frozenset(word.split("|")) for word in form.lower().split())


def load_casualty_terms(path: str | Path | None = None) -> CasualtyTerms:
    """Read the casualty casualty_terms from ``path`` or the packaged ``casualty_terms.yaml``."""
    data = load_yaml("casualty_terms.yaml", path)
    forms: dict[tuple[frozenset[str], ...], tuple[str, str, int]] = {}
    for kind in ("transitive", "intransitive"):
        for lemma, entries in data[kind].items():
            for index, form in enumerate(entries):
                forms.setdefault(_form_key(form), (str(lemma), kind, index))
    for noun in data["nominal"]:
        forms.setdefault(_form_key(noun), (str(noun), "nominal", -1))
    starts: dict[str, list] = {}
    for key, value in forms.items():
        for word in key[0]:
            starts.setdefault(word, []).append((key, value))
    return CasualtyTerms(
        starts={w: tuple(sorted(e, key=lambda kv: -len(kv[0]))) for w, e in starts.items()},
        nouns=frozenset(str(noun) for noun in data["nominal"]),
        adjectives=frozenset(data.get("nominal_adjectives", [])),
        needs_count=frozenset(data.get("nominal_needs_count", [])),
        not_after=frozenset(w.split()[0] for w in data.get("not_casualty_after", [])),
        figurative=frozenset(data.get("figurative_objects", [])),
        instruments=frozenset(data.get("instruments", [])),
        attack_verbs=frozenset(data.get("attack_verbs", [])),
    )


class Token(NamedTuple):
    """A word or punctuation mark of a sentence with offsets into the sentence (a named tuple:
    sentences are tokenised by the thousand)."""

    text: str
    low: str
    start: int
    end: int


@dataclass(frozen=True)
class Trigger:
    """A casualty word found at tokens ``[first, last]``."""

    first: int
    last: int
    lemma: str
    kind: str
    form: int


def tokenize(text: str) -> list[Token]:
    """Word, number and punctuation tokens; curly apostrophes are read as straight ones."""
    return [Token(m.group(), m.group().lower().replace("’", "'"), m.start(), m.end())
            for m in _TOKEN.finditer(text)]


def find_triggers(tokens: list[Token], terms: CasualtyTerms) -> list[Trigger]:
    """Casualty words and phrases, longest match first, never overlapping."""
    found, i = [], 0
    while i < len(tokens):
        match = next(((key, value) for key, value in terms.starts.get(tokens[i].low, ())
                      if i + len(key) <= len(tokens) and all(
                          t.low in allowed for t, allowed in zip(tokens[i:i + len(key)], key,
                                                                 strict=True))), None)
        if match is None:
            i += 1
            continue
        found.append(Trigger(i, i + len(match[0]) - 1, *match[1]))
        i += len(match[0])
    return found


def _is_word(token: Token) -> bool:
    """True for word and number tokens (not punctuation)."""
    return token.low[0].isalnum() or token.low.startswith("'")


def _skip_back(tokens: list[Token], i: int, words: frozenset[str]) -> int:
    """Index of the first token at or before ``i`` that is not in ``words`` or ``-ly``."""
    while i >= 0 and (tokens[i].low in words or _ADVERB_LY.match(tokens[i].low)):
        i -= 1
    return i


def _skip_forward(tokens: list[Token], i: int) -> int:
    """Index of the first token at or after ``i`` that is not an adverb."""
    while i < len(tokens) and (tokens[i].low in _ADVERBS or _ADVERB_LY.match(tokens[i].low)):
        i += 1
    return i


def _span(text: str, tokens: list[Token], first: int, last: int) -> str | None:
    """Sentence text from token ``first`` to ``last`` inclusive, or None if empty."""
    if first > last:
        return None
    return text[tokens[first].start:tokens[last].end]


def phrase_before(tokens: list[Token], end: int, stop_at_prepositions: bool = False) -> tuple[
        int, int]:
    """Token range of the noun phrase ending at ``end``, back to a clause boundary."""
    i = end
    while i >= 0 and end - i < _MAX_PHRASE:
        token = tokens[i]
        if not _is_word(token) or token.low in _CLAUSE_WORDS:
            break
        if stop_at_prepositions and token.low in ("of", "for", "from", "in", "on"):
            break
        i -= 1
    return i + 1, end


def phrase_after(tokens: list[Token], begin: int) -> tuple[int, int]:
    """Token range of the noun phrase starting at ``begin``, up to a boundary."""
    i = begin
    while i < len(tokens) and i - begin < _MAX_PHRASE:
        token = tokens[i]
        if not _is_word(token) and token.low not in ("-", "'"):
            break
        if i > begin and token.low in _FORWARD_STOPS and not _quantity_next(tokens, i):
            break
        if i > begin and _ADVERB_LY.match(token.low):
            break
        i += 1
    return begin, i - 1


def _quantity_next(tokens: list[Token], i: int) -> bool:
    """True when token ``i`` opens or continues a count: "at least", "over 300", "and 5"."""
    word = tokens[i].low
    following = tokens[i + 1].low if i + 1 < len(tokens) else ""
    if word == "at":
        return following in ("least", "most")
    if word in ("over", "up", "and", "to"):
        return bool(_NUMBER.search(following)) or following in _QUANTIFIERS
    return False


def _opens_object(tokens: list[Token], i: int) -> bool:
    """True when token ``i`` can start a direct object (count, determiner, pronoun, name)."""
    if i >= len(tokens) or not _is_word(tokens[i]):
        return False
    word = tokens[i]
    if word.low in _FORWARD_STOPS:
        return _quantity_next(tokens, i)
    return True


def _figurative(tokens: list[Token], i: int, terms: CasualtyTerms) -> bool:
    """True when the object at ``i`` (after determiners) is a figurative one ("the deal")."""
    while i < len(tokens) and tokens[i].low in _DETERMINERS:
        i += 1
    return i < len(tokens) and tokens[i].low in terms.figurative


def _instrument(text: str, tokens: list[Token], after: int, terms: CasualtyTerms) -> str | None:
    """The instrument phrase after a verb ("in Israeli strikes"), when it names one."""
    i = _skip_forward(tokens, after)
    if i >= len(tokens) or tokens[i].low not in _PREPOSITIONS:
        return None
    first, last = phrase_after(tokens, i + 1)
    words = {t.low for t in tokens[first:last + 1]}
    pairs = {f"{a.low} {b.low}" for a, b in zip(tokens[first:last], tokens[first + 1:last + 1],
                                                  strict=True)}
    return _span(text, tokens, first, last) if (words | pairs) & terms.instruments else None


def _nominal(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms
             ) -> dict | None:
    """A nominal clause, or None when the word is not a casualty noun here."""
    after = tokens[trig.last + 1].low if trig.last + 1 < len(tokens) else ""
    if after in terms.not_after:
        return None
    before = trig.first - 1
    word = tokens[trig.first].low
    counted = before >= 0 and _quantity_word(tokens[before])
    if word in terms.adjectives and not (counted or tokens[before].low == "the"):
        return None
    if word in terms.needs_count and not counted:
        return None
    if after in ("of", "among"):
        victims = _span(text, tokens, *phrase_after(tokens, trig.last + 2))
    else:
        first = count_before(tokens, before)
        victims = _span(text, tokens, first, trig.last) if first is not None else None
    return {"construction": "nominal", "victims": victims}


def count_before(tokens: list[Token], end: int) -> int | None:
    """First token of the count before a noun ("more than 60", "over 300 military"), or None."""
    i, adjectives = end, 0
    while i >= 0 and adjectives < 2 and tokens[i].low.isalpha() and not _quantity_word(tokens[i]):
        i, adjectives = i - 1, adjectives + 1
    if i < 0 or not _quantity_word(tokens[i]):
        return None
    while i >= 0 and (_quantity_word(tokens[i]) or tokens[i].low in ("than", "at", "as", "of")):
        i -= 1
    return i + 1


def _quantity_word(token: Token) -> bool:
    """True for a number or a counting word."""
    return bool(_NUMBER.search(token.low)) or token.low in _QUANTIFIERS


def _participle_clause(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
                       previous: dict | None) -> dict | None:
    """Past-tense or participle transitive forms: active, passive or reduced relative."""
    back = _skip_back(tokens, trig.first - 1, _ADVERBS)
    nxt = _skip_forward(tokens, trig.last + 1)
    if back >= 0 and tokens[back].low in _BE:
        aux = _skip_back(tokens, back - 1, _ADVERBS | _HAVE)
        if tokens[back].low == "be" and aux >= 0 and tokens[aux].low in _MODALS:
            return None
        return _passive(text, tokens, trig, terms, phrase_before(tokens, aux))
    if back >= 0 and tokens[back].low in _HAVE:
        return _active(text, tokens, trig, terms, _skip_back(tokens, back - 1, _ADVERBS),
                       previous)
    if back >= 0 and tokens[back].low in _ARTICLES:
        return _nominal(text, tokens, trig, terms) if tokens[trig.first].low in terms.nouns \
            else None
    by_follows = nxt < len(tokens) and tokens[nxt].low == "by"
    if by_follows or not _opens_object(tokens, nxt):
        return _passive(text, tokens, trig, terms, phrase_before(tokens, back))
    return _active(text, tokens, trig, terms, back, previous)


def _passive(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
             victims: tuple[int, int]) -> dict:
    """A passive clause: agent after "by" if any, else agentless with a possible instrument."""
    nxt = _skip_forward(tokens, trig.last + 1)
    row = {"victims": _span(text, tokens, *victims)}
    if nxt < len(tokens) and tokens[nxt].low == "by":
        agent = _span(text, tokens, *phrase_after(tokens, nxt + 1))
        if agent:
            return {**row, "construction": "passive_agent", "agent": agent}
    return {**row, "construction": "passive_agentless",
            "instrument": _instrument(text, tokens, trig.last + 1, terms)}


def _active(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms, subject_end: int,
            previous: dict | None) -> dict | None:
    """An active clause: agent = subject phrase before, victims = object phrase after."""
    nxt = _skip_forward(tokens, trig.last + 1)
    if _figurative(tokens, nxt, terms):
        return None
    agent = None
    if subject_end >= 0 and tokens[subject_end].low in ("and", ","):
        agent = previous.get("agent") if previous else None
    elif subject_end >= 0 and tokens[subject_end].low in _RELATIVES:
        agent = _span(text, tokens, *phrase_before(tokens, _skip_back(
            tokens, subject_end - 1, frozenset({","}))))
    elif subject_end >= 0:
        agent = _span(text, tokens, *phrase_before(tokens, subject_end))
    if agent is None:  # a participle (", killing 11") or a subject set off by commas
        agent = _main_subject(text, tokens, trig.first, terms)
    victims = _span(text, tokens, *phrase_after(tokens, nxt)) if _opens_object(tokens, nxt) \
        else None
    return {"construction": "active", "agent": agent, "victims": victims,
            "instrument": _instrument(text, tokens, trig.last + 1, terms)}


def _main_subject(text: str, tokens: list[Token], limit: int, terms: CasualtyTerms
                  ) -> str | None:
    """The subject of the sentence's main clause before token ``limit``: its first noun
    phrase, after a report clause ("X said (that)") or an opening adverbial ("On Monday,"),
    up to a preposition, an attack verb or a comma ("An Israeli airstrike on a camp ...",
    "Israeli jets struck a house ...")."""
    start = 0
    for i in range(limit):
        if tokens[i].low in _CLAUSE_WORDS and tokens[i].low not in _RELATIVES | {"as", "so"}:
            start = i + 1 + (i + 1 < limit and tokens[i + 1].low == "that")
    if start < limit and tokens[start].low in _ADVERBIAL_OPENERS:
        comma = next((i for i in range(start, min(limit, start + 8)) if tokens[i].low == ","),
                     None)
        start = comma + 1 if comma is not None else start
    end = start
    while end < limit and _is_word(tokens[end]) and end - start < _MAX_PHRASE and not (
            tokens[end].low in _SUBJECT_STOPS or tokens[end].low in terms.attack_verbs
            or tokens[end].low in terms.starts or tokens[end].low in _CLAUSE_WORDS):
        end += 1
    return _span(text, tokens, start, end - 1) if end > start else None


def _irrealis(tokens: list[Token], trig: Trigger) -> bool:
    """True for a base form after "to" or a modal: a threat or possibility, not a report."""
    back = _skip_back(tokens, trig.first - 1, _ADVERBS)
    return back >= 0 and tokens[back].low in _MODALS


def classify_clause(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
                    previous: dict | None = None) -> dict | None:
    """Construction, agent, victims and instrument of one casualty word, or None to skip."""
    if trig.kind == "nominal":
        return _nominal(text, tokens, trig, terms)
    if trig.form == _BASE and _irrealis(tokens, trig):
        return None
    back = _skip_back(tokens, trig.first - 1, _ADVERBS)
    if trig.kind == "intransitive":
        stop = trig.form == _ING
        return {"construction": "intransitive",
                "victims": _span(text, tokens, *phrase_before(tokens, back, stop)),
                "instrument": _instrument(text, tokens, trig.last + 1, terms)}
    if trig.form in (_PAST, _PARTICIPLE):
        return _participle_clause(text, tokens, trig, terms, previous)
    if back >= 0 and tokens[back].low in _ARTICLES:
        nominal = trig.form == _ING or tokens[trig.first].low in terms.nouns
        return _nominal(text, tokens, trig, terms) if nominal else None
    if trig.form == _ING and back >= 0 and tokens[back].low == ",":
        return _active(text, tokens, trig, terms, -1, None)
    if trig.form == _ING and back >= 0 and tokens[back].low in _BE:
        back = _skip_back(tokens, back, _ADVERBS | _BE | _HAVE | (_MODALS - {"to"}))
    return _active(text, tokens, trig, terms, back, previous)


def _may_report(text: str, terms: CasualtyTerms) -> bool:
    """A cheap screen: False when no token of ``text`` begins a casualty form. Text holding
    none of the first words, even inside a word, is rejected by one scan."""
    lowered = text.lower().replace("’", "'")
    if len(lowered) != len(text):
        return True
    return terms.screen.search(lowered) is not None and not terms.starts.keys().isdisjoint(
        _TOKEN.findall(lowered))


def sentence_clauses(text: str, terms: CasualtyTerms) -> list[dict]:
    """Every casualty clause of one sentence, with verb offsets into the sentence."""
    if not _may_report(text, terms):
        return []
    tokens = tokenize(text)
    rows: list[dict] = []
    for trig in find_triggers(tokens, terms):
        previous = next((r for r in reversed(rows) if r["construction"] == "active"), None)
        clause = classify_clause(text, tokens, trig, terms, previous)
        if clause is None:
            continue
        rows.append({"agent": None, "victims": None, "instrument": None, **clause,
                     "verb": text[tokens[trig.first].start:tokens[trig.last].end],
                     "lemma": trig.lemma, "verb_start": tokens[trig.first].start,
                     "verb_end": tokens[trig.last].end})
    return rows


def agency_rows(sentences: Table, doc: str, casualty_terms: CasualtyTerms) -> list[tuple]:
    """The rows of ``classify_agency``, in ``AGENCY_COLUMNS`` order."""
    rows = []
    columns = [table_column(sentences, c) for c in ("article_id", "sentence_id", "start", "end")]
    for article_id, sentence_id, start, end in zip(*columns, strict=True):
        text = doc[start:end]
        for clause in sentence_clauses(text, casualty_terms):
            row = {**clause, "article_id": article_id, "sentence_id": sentence_id,
                   "start": start, "end": end, "verb_start": start + clause["verb_start"],
                   "verb_end": start + clause["verb_end"], "sentence": text}
            rows.append(tuple(row[c] for c in AGENCY_COLUMNS))
    return rows
