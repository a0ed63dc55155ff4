"""Who kills whom, grammatically: agency in sentences that report deaths and injuries.

Each casualty clause is classed by its construction — ``active`` ("airstrikes killed 35
people"), ``passive_agent`` ("were killed by Israeli fire"), ``passive_agentless`` ("22 people
were killed"; also reduced relatives, "those killed"), ``intransitive`` ("died", "lost their
lives") or ``nominal`` ("the death toll", "38,000 deaths") — with the agent and victims the
sentence states. Rules work on word tokens, no parser: casualty words come from
``data/casualty_terms.yaml``; passive = a be/get form (adverbs between allowed) before a past
participle; the agent is the phrase after "by", and "killed in strikes" records ``strikes`` as
the ``instrument``, leaving the clause agentless. One row per clause: a sentence with "killed
… and injured …" gives two rows; an elided clause takes the construction of the one before it
("58 were killed and 213 wounded", "the toll rose to 65,418, with 167,020 wounded"). A count
noun makes its casualty word nominal ("the number of Palestinians killed … has reached
61,258"). Each clause names the numeral it counts (``count_start``/``count_end``); the agency
table gives the numbers-table figure holding it (``figure_start``/``figure_end``), and that
figure carries the clause's construction and agent. Not reported: casualty verbs after
"to" ("ordered its guards to kill them"), or after a modal unless their subject is counted
("could die" is a threat or possibility; "14,000 babies could die" a projected toll), and
figurative objects ("kill the deal").
"""

from __future__ import annotations

import re
import sys
import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from newsprism.datafiles import load_yaml
from newsprism.measures.rows import Table, table_column
from newsprism.phrases import substring_regex

AGENCY_COLUMNS = ["article_id", "sentence_id", "start", "end", "construction", "verb", "lemma",
                  "verb_start", "verb_end", "agent", "victims", "instrument", "figure_start",
                  "figure_end", "sentence"]
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
_NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million dozen dozens hundreds thousands scores".split())
# Words that join an elided casualty clause to the one before it: "… and 213 wounded".
_ELLIPSIS_JOINS = frozenset({"and", "with", ","})
# Words that open a part of a counted subject set off by commas: "…, including six children,".
_PART_OPENERS = frozenset({"including", "among", "all", "most", "many", "some", "mostly"})
_MONTH_NAMES = frozenset("january february march april may june july august september "
                         "october november december jan feb mar apr jun jul aug sep sept oct "
                         "nov dec".split())
# Words that end the search for a toll's figure ("the toll …, the ministry said").
_PREDICATE_STOPS = frozenset({",", ";", ":", "(", "while", "but", "whereas", "said", "says"})
_MAX_PHRASE = 12
_MAX_PREDICATE = 20
_MAX_COUNT_HEAD = 6
_MEMO_SIZE = 20_000
_NO_END = sys.maxsize
_MEMO = threading.local()


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
    count_nouns: frozenset[str]
    count_predicates: frozenset[str]
    carrying_verbs: frozenset[str]
    taking_verbs: frozenset[str]
    event_nouns: frozenset[str]
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
            # the participle first: a form written alike in several tenses ("hurt") is read
            # as a participle, whose clause the words around it settle
            for index, form in reversed(list(enumerate(entries))):
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
        count_nouns=frozenset(data.get("count_nouns", [])),
        count_predicates=frozenset(data.get("count_predicates", [])),
        carrying_verbs=frozenset(data.get("carrying_verbs", [])),
        taking_verbs=frozenset(data.get("taking_verbs", [])),
        event_nouns=frozenset(data.get("event_nouns", [])),
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
    """True when token ``i`` can start a direct object (count, determiner, pronoun, name);
    "and" never does ("33 people killed and 94 injured")."""
    if i >= len(tokens) or not _is_word(tokens[i]):
        return False
    word = tokens[i]
    if word.low in _FORWARD_STOPS:
        return word.low != "and" and _quantity_next(tokens, i)
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


def _is_count(token: Token) -> bool:
    """True for a numeral: digits or a number word ("thirty-one", "dozens")."""
    return bool(_NUMBER.search(token.low)) or token.low.split("-")[0] in _NUMBER_WORDS


def _victims(text: str, tokens: list[Token], span: tuple[int, int]) -> dict:
    """The victims phrase of a token range and the first numeral in it (``count``: a token
    index), the figure an object or a nominal counts."""
    first, last = span
    return {"victims": _span(text, tokens, first, last),
            "count": next((i for i in range(first, last + 1) if _is_count(tokens[i])), None)}


def _count_head(tokens: list[Token], at: int, terms: CasualtyTerms) -> bool:
    """True when a count noun governs the casualty word at ``at`` ("the number of
    Palestinians killed", "the total killed"); "a number of" means several."""
    for i in range(at - 1, max(at - 1 - _MAX_COUNT_HEAD, -1), -1):
        token = tokens[i]
        if token.low in terms.count_nouns:
            return i == 0 or tokens[i - 1].low != "a"
        if (not _is_word(token) or _is_count(token) or token.low in _CLAUSE_WORDS
                or token.low in _BE or token.low in _HAVE):
            return False
    return False


def _predicate_count(text: str, tokens: list[Token], after: int, terms: CasualtyTerms) -> dict:
    """The figure a toll or count noun at ``after`` is given ("has risen to 65,418", "stands
    at 68,931 martyrs"), searched in its clause; no victims when there is none."""
    for i in range(after + 1, min(len(tokens), after + 1 + _MAX_PREDICATE)):
        if tokens[i].low in _PREDICATE_STOPS:
            break
        if tokens[i].low not in terms.count_predicates:
            continue
        j = i + 1
        while j < len(tokens) and not _is_count(tokens[j]) and tokens[j].low in _QUANTIFIERS | {
                "than", "of", "upwards", "at"}:
            j += 1
        if j < len(tokens) and _is_count(tokens[j]):
            return {"victims": _span(text, tokens, i + 1, phrase_after(tokens, j)[1]),
                    "count": j}
    return {"victims": None, "count": None}


def _taking(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
            previous: dict | None) -> dict | None:
    """"claimed 39 lives", "took the lives of 20": an active clause whose verb is the one
    before the count (or before "the … of"), or None."""
    before = trig.first - 1
    if before >= 0 and tokens[before].low == "the" and before >= 1 and tokens[
            before - 1].low in terms.taking_verbs and trig.last + 1 < len(tokens) and tokens[
            trig.last + 1].low == "of":
        verb, victims = before - 1, _victims(text, tokens, phrase_after(tokens, trig.last + 2))
    else:
        first = count_before(tokens, before) if before >= 0 else None
        if first is None or first == 0 or tokens[first - 1].low not in terms.taking_verbs:
            return None
        verb, victims = first - 1, _victims(text, tokens, (first, trig.last))
    subject_end = _skip_back(tokens, verb - 1, _ADVERBS | _HAVE)
    return {"construction": "active", **victims,
            "agent": _agent(text, tokens, subject_end, verb, terms, previous)}


def _nominal(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
             previous: dict | None = None) -> dict | None:
    """A nominal clause, or None when the word is not a casualty noun here."""
    after = tokens[trig.last + 1].low if trig.last + 1 < len(tokens) else ""
    if after in terms.not_after:
        return None
    if _count_head(tokens, trig.first, terms):
        return {"construction": "nominal", **_predicate_count(text, tokens, trig.last, terms)}
    taking = _taking(text, tokens, trig, terms, previous)
    if taking is not None:
        return taking
    before = trig.first - 1
    word = tokens[trig.first].low
    counted = before >= 0 and _quantity_word(tokens[before])
    if word in terms.adjectives and not (counted or tokens[before].low == "the"):
        return None
    if word in terms.needs_count and not counted:
        return None
    if after in ("of", "among"):
        found = _victims(text, tokens, phrase_after(tokens, trig.last + 2))
    elif (first := count_before(tokens, before)) is not None:
        found = _victims(text, tokens, (first, trig.last))
    else:
        found = _predicate_count(text, tokens, trig.last, terms)
    if word in terms.event_nouns:
        found["count"] = None
    return {"construction": "nominal", **found}


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


def _counted_subject(tokens: list[Token], modal: int) -> bool:
    """True when the subject before the modal at ``modal`` holds a count ("as many as 100
    soldiers could be killed"): a projected toll, not a threat ("to kill")."""
    if modal < 0 or tokens[modal].low == "to":
        return False
    first, last = phrase_before(tokens, _skip_back(tokens, modal - 1, _ADVERBS))
    return any(_is_count(token) for token in tokens[first:last + 1])


def _elided(text: str, tokens: list[Token], trig: Trigger, back: int, last: dict | None
            ) -> dict | None:
    """An elided clause ("58 were killed and 213 wounded", "rose to 65,418, with 167,020
    wounded"): a count joined to the clause before it takes that clause's construction."""
    if last is None or back < 0 or not _is_count(tokens[back]) or last["construction"] not in (
            "nominal", "passive_agentless", "passive_agent"):
        return None
    first = count_before(tokens, back)
    if not first or tokens[first - 1].low not in _ELLIPSIS_JOINS:
        return None
    nxt = _skip_forward(tokens, trig.last + 1)
    if nxt < len(tokens) and tokens[nxt].low == "by":
        return None
    return {"construction": last["construction"], "agent": last.get("agent"),
            "victims": _span(text, tokens, first, back), "count": back}


def _participle_clause(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
                       previous: dict | None, last: dict | None) -> dict | None:
    """Past-tense or participle transitive forms: active, passive or reduced relative; nominal
    under a count noun; elided after a clause it is joined to."""
    if _count_head(tokens, trig.first, terms):
        return {"construction": "nominal", **_predicate_count(text, tokens, trig.last, terms)}
    back = _skip_back(tokens, trig.first - 1, _ADVERBS)
    nxt = _skip_forward(tokens, trig.last + 1)
    if back >= 0 and tokens[back].low in _BE:
        aux = _skip_back(tokens, back - 1, _ADVERBS | _HAVE)
        if tokens[back].low == "be" and aux >= 0 and tokens[aux].low in _MODALS:
            if not _counted_subject(tokens, aux):
                return None
            aux = _skip_back(tokens, aux - 1, _ADVERBS)
        return _passive(text, tokens, trig, terms, phrase_before(tokens, aux))
    if back >= 0 and tokens[back].low in _HAVE:
        return _active(text, tokens, trig, terms, _skip_back(tokens, back - 1, _ADVERBS),
                       previous)
    if back >= 0 and tokens[back].low in _ARTICLES:
        return _nominal(text, tokens, trig, terms) if tokens[trig.first].low in terms.nouns \
            else None
    elided = _elided(text, tokens, trig, back, last)
    if elided is not None:
        return elided
    by_follows = nxt < len(tokens) and tokens[nxt].low == "by"
    if by_follows or not _opens_object(tokens, nxt):
        return _passive(text, tokens, trig, terms, phrase_before(tokens, back))
    return _active(text, tokens, trig, terms, back, previous)


def _subject(tokens: list[Token], span: tuple[int, int]) -> tuple[int, int]:
    """The subject phrase ``span`` before a verb, widened over what sets it off: a counted
    head before a parenthesis ("At least 452 Palestinians, 190 of them children, have been
    killed"), the subject of "were among those killed"."""
    first, last = span
    if first > last and last >= 0 and tokens[last].low == ",":  # "Three people, including …,"
        opening = next((i for i in range(last - 1, max(last - _MAX_PHRASE, -1), -1)
                        if tokens[i].low == ","), None)
        head = phrase_before(tokens, opening - 1) if opening else (last, last - 1)
        if head[0] <= head[1] and _opens_subject(tokens, head[0]):
            return head[0], last - 1
        return span
    if first > last:
        return span
    among = first if tokens[first].low == "among" else first - 1
    if among >= 1 and tokens[among].low == "among" and tokens[among - 1].low in _BE and not any(
            _is_count(t) for t in tokens[first:last + 1]):
        head = phrase_before(tokens, _skip_back(tokens, among - 2, _ADVERBS))
        return head if head[0] <= head[1] else span
    if first >= 2 and tokens[first - 1].low == "," and (
            _is_count(tokens[first]) or tokens[first].low in _PART_OPENERS):
        head = phrase_before(tokens, first - 2)
        if head[0] <= head[1] and _opens_subject(tokens, head[0]) and any(
                _is_count(t) for t in tokens[head[0]:head[1] + 1]):
            return head[0], last
    return span


def _opens_subject(tokens: list[Token], i: int) -> bool:
    """True when token ``i`` can open a subject: no preposition ("Since October 7,"), but a
    count ("At least 452 Palestinians")."""
    return tokens[i].low not in _SUBJECT_STOPS or _quantity_next(tokens, i)


def _head_count(tokens: list[Token], span: tuple[int, int]) -> int | None:
    """The numeral a subject counts: its first that is no day of a date ("Four members of
    one family", "At least 452 Palestinians, 190 of them children")."""
    return next((i for i in range(span[0], span[1] + 1) if _is_count(tokens[i])
                 and not _in_date(tokens, i)), None)


def _in_date(tokens: list[Token], i: int) -> bool:
    """True for a number next to a month name ("on 18 March", "October 7")."""
    return any(0 <= j < len(tokens) and tokens[j].low in _MONTH_NAMES for j in (i - 1, i + 1))


def _passive(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
             victims: tuple[int, int]) -> dict:
    """A passive clause: agent after "by" if any, else agentless with a possible instrument."""
    nxt = _skip_forward(tokens, trig.last + 1)
    span = _subject(tokens, victims)
    row = {"victims": _span(text, tokens, *span), "count": _head_count(tokens, span)}
    if nxt < len(tokens) and tokens[nxt].low == "by":
        agent = _span(text, tokens, *phrase_after(tokens, nxt + 1))
        if agent:
            return {**row, "construction": "passive_agent", "agent": agent}
    return {**row, "construction": "passive_agentless",
            "instrument": _instrument(text, tokens, trig.last + 1, terms)}


def _agent(text: str, tokens: list[Token], subject_end: int, limit: int, terms: CasualtyTerms,
           previous: dict | None) -> str | None:
    """The agent of an active verb at ``limit`` whose subject ends at ``subject_end``: a
    coordinated verb shares the one before's, a relative pronoun points back, a participle
    (", killing 11") or a subject set off by commas takes the main clause's."""
    agent = None
    if subject_end >= 0 and tokens[subject_end].low in ("and", ","):
        agent = previous.get("agent") if previous else None
    elif subject_end >= 0 and tokens[subject_end].low in _RELATIVES:
        agent = _span(text, tokens, *phrase_before(tokens, _skip_back(
            tokens, subject_end - 1, frozenset({","}))))
    elif subject_end >= 0:
        agent = _span(text, tokens, *phrase_before(tokens, subject_end))
    return agent if agent is not None else _main_subject(text, tokens, limit, terms)


def _active(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms, subject_end: int,
            previous: dict | None) -> dict | None:
    """An active clause: agent = subject phrase before, victims = object phrase after."""
    nxt = _skip_forward(tokens, trig.last + 1)
    if _figurative(tokens, nxt, terms):
        return None
    victims = _victims(text, tokens, phrase_after(tokens, nxt)) if _opens_object(tokens, nxt) \
        else {"victims": None, "count": None}
    return {"construction": "active",
            "agent": _agent(text, tokens, subject_end, trig.first, terms, previous), **victims,
            "instrument": _instrument(text, tokens, trig.last + 1, terms)}


def _main_subject(text: str, tokens: list[Token], limit: int, terms: CasualtyTerms
                  ) -> str | None:
    """The subject of the sentence's main clause before token ``limit``: its first noun
    phrase, after a report clause ("X said (that)") or an opening adverbial ("On Monday,"),
    up to a preposition, an attack verb or a comma ("An Israeli airstrike on a camp ...",
    "Israeli jets struck a house ...")."""
    start = 0
    for i in range(limit):
        if tokens[i].low in terms.attack_verbs and i > start:
            break  # the main clause's verb: later clause words open subordinate clauses
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
    """True for a base form after "to" or a modal whose subject holds no count: a threat or
    possibility, not a report ("ordered to kill", "could die"; not "14,000 could die")."""
    back = _skip_back(tokens, trig.first - 1, _ADVERBS)
    return back >= 0 and tokens[back].low in _MODALS and not _counted_subject(tokens, back)


def _as_noun(tokens: list[Token], trig: Trigger, terms: CasualtyTerms, back: int) -> bool:
    """True for a verb form that is a casualty noun here: "48 martyrs", "the massacres", "the
    number of martyrs"."""
    if trig.form != _THIRD or tokens[trig.first].low not in terms.nouns:
        return False
    return back >= 0 and (_quantity_word(tokens[back]) or tokens[back].low in _ARTICLES) or \
        _count_head(tokens, trig.first, terms)


def classify_clause(text: str, tokens: list[Token], trig: Trigger, terms: CasualtyTerms,
                    previous: dict | None = None, last: dict | None = None) -> dict | None:
    """Construction, agent, victims, instrument and counted numeral (``count``, a token
    index) of one casualty word, or None to skip; ``previous`` is the sentence's last active
    clause, ``last`` its last clause."""
    back = _skip_back(tokens, trig.first - 1, _ADVERBS)
    if trig.kind == "nominal" or _as_noun(tokens, trig, terms, back):
        return _nominal(text, tokens, trig, terms, previous)
    if trig.form == _BASE and trig.last + 1 < len(tokens) and tokens[
            trig.last + 1].low in terms.nouns:
        return None  # a noun's modifier: "martyr toll"
    if trig.form == _BASE and _irrealis(tokens, trig):
        return None
    if trig.kind == "intransitive":
        stop = trig.form == _ING
        subject = _subject(tokens, phrase_before(tokens, _skip_back(
            tokens, back, _ADVERBS | _HAVE | _BE | (_MODALS - {"to"})), stop))
        return {"construction": "intransitive", "victims": _span(text, tokens, *subject),
                "count": _head_count(tokens, subject),
                "instrument": _instrument(text, tokens, trig.last + 1, terms)}
    if trig.form in (_PAST, _PARTICIPLE):
        return _participle_clause(text, tokens, trig, terms, previous, last)
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


def _carried_totals(text: str, tokens: list[Token], terms: CasualtyTerms, claimed: set[int]
                    ) -> list[dict]:
    """Nominal clauses of a count carried to a new figure with no casualty word of its own
    ("…, taking the overall count since 7 October to 52,243"), in a sentence that reports
    casualties."""
    found = []
    for i, token in enumerate(tokens[:-2]):
        if token.low not in terms.carrying_verbs or tokens[i + 1].low != "the":
            continue
        head = next((j for j in range(i + 2, min(i + 5, len(tokens)))
                     if tokens[j].low in terms.count_nouns), None)
        if head is None:
            continue
        clause = _predicate_count(text, tokens, head, terms)
        if clause["count"] is not None and clause["count"] not in claimed:
            claimed.add(clause["count"])
            found.append({"construction": "nominal", "agent": None, "instrument": None,
                          **clause, "trigger": Trigger(head, head, tokens[head].low,
                                                       "nominal", -1)})
    return found


def sentence_clauses(text: str, terms: CasualtyTerms) -> list[dict]:
    """Every casualty clause of one sentence, with verb offsets into the sentence and those
    of the numeral it counts (``count_start``/``count_end``, None when it counts none)."""
    if not _may_report(text, terms):
        return []
    tokens = tokenize(text)
    found: list[dict] = []
    claimed: set[int] = set()
    for trig in find_triggers(tokens, terms):
        previous = next((r for r in reversed(found) if r["construction"] == "active"), None)
        clause = classify_clause(text, tokens, trig, terms, previous,
                                 found[-1] if found else None)
        if clause is None or (clause["construction"] == "nominal"
                              and clause.get("count") in claimed):
            continue
        if clause.get("count") is not None:
            claimed.add(clause["count"])
        found.append({"agent": None, "victims": None, "instrument": None, "count": None,
                      **clause, "trigger": trig})
    if found:
        found.extend(_carried_totals(text, tokens, terms, claimed))
    return [_clause_row(text, tokens, clause) for clause in sorted(
        found, key=lambda c: c["trigger"].first)]


def _clause_row(text: str, tokens: list[Token], clause: dict) -> dict:
    """A clause with its verb and counted numeral as offsets into the sentence."""
    trig, count = clause.pop("trigger"), clause.pop("count")
    return {**clause, "verb": text[tokens[trig.first].start:tokens[trig.last].end],
            "lemma": trig.lemma, "verb_start": tokens[trig.first].start,
            "verb_end": tokens[trig.last].end,
            "count_start": None if count is None else tokens[count].start,
            "count_end": None if count is None else tokens[count].end}


def clauses_of(text: str, terms: CasualtyTerms) -> list[dict]:
    """:func:`sentence_clauses`, read once per sentence: the numbers and the agency of an
    article ask for the same sentences (a memo per thread; do not change what it returns)."""
    memo = getattr(_MEMO, "clauses", None)
    if memo is None or memo[0] is not terms:
        memo = _MEMO.clauses = (terms, {})
    found = memo[1].get(text)
    if found is None:
        if len(memo[1]) >= _MEMO_SIZE:
            memo[1].clear()
        found = memo[1][text] = sentence_clauses(text, terms)
    return found


def figure_holding(spans: list[tuple[int, int]], offset: int | None) -> tuple[int, int] | None:
    """The span among ``spans`` (sorted by start) that holds ``offset``, or None."""
    if offset is None:
        return None
    at = bisect_right(spans, (offset, _NO_END)) - 1
    return spans[at] if at >= 0 and spans[at][0] <= offset < spans[at][1] else None


def agency_rows(sentences: Table, doc: str, casualty_terms: CasualtyTerms,
                figures: list[tuple[int, int]] | None = None) -> list[tuple]:
    """One row per casualty clause, in ``AGENCY_COLUMNS`` order. ``figures``, the
    ``start, end`` of the article's figures (the numbers table), link each clause to the
    figure it counts (``figure_start``/``figure_end``); without them those stay empty."""
    rows = []
    spans = sorted(figures or ())
    columns = [table_column(sentences, c) for c in ("article_id", "sentence_id", "start", "end")]
    for article_id, sentence_id, start, end in zip(*columns, strict=True):
        text = doc[start:end]
        for clause in clauses_of(text, casualty_terms):
            count = clause["count_start"]
            figure = figure_holding(spans, None if count is None else start + count)
            row = {**clause, "article_id": article_id, "sentence_id": sentence_id,
                   "start": start, "end": end, "verb_start": start + clause["verb_start"],
                   "verb_end": start + clause["verb_end"], "sentence": text,
                   "figure_start": figure[0] if figure else None,
                   "figure_end": figure[1] if figure else None}
            rows.append(tuple(row[c] for c in AGENCY_COLUMNS))
    return rows
