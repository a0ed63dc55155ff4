"""Tests of newsprism.measures.facets: what each figure counts, over what, where."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from newsprism.measures.facets import as_of_date, load_facets, read_as_of
from newsprism.measures.numbers import load_quantities
from one_article import extract_numbers

QUANTITIES = load_quantities()


def figures(sentence: str) -> pd.DataFrame:
    """The numbers rows of one sentence, as an article of one sentence."""
    table = pd.DataFrame({"article_id": ["a"], "sentence_id": [0], "start": [0],
                          "end": [len(sentence)], "text": [sentence]})
    return extract_numbers(table, sentence, QUANTITIES)


def one(sentence: str, surface: str) -> pd.Series:
    """The row of the figure whose surface starts with ``surface``."""
    rows = figures(sentence)
    found = rows[rows["surface"].str.contains(surface, regex=False)]
    assert len(found) == 1, rows[["surface", "key"]]
    return found.iloc[0]


@pytest.mark.parametrize(("sentence", "surface", "expected"), [
    ("Israeli strikes killed 58 people across Gaza in the past 24 hours, the health ministry "
     "said.", "58", {"event": "killed", "scope": "period", "period": "day", "place": "gaza",
                     "key": "gaza_killed_day"}),
    ("Medics said 31 Palestinians had been killed since midnight.", "31",
     {"counted": "palestinians", "event": "killed", "scope": "period", "period": "day"}),
    ("A strike on a family home in Khan Younis killed at least six people.", "six",
     {"event": "killed", "scope": "incident", "place": "gaza", "key": ""}),
    ("Under the proposal, 50 captives would be released in the first phase.", "50",
     {"counted": "hostages", "event": "to_be_released", "scope": "planned"}),
    ("Israeli forces have killed more than 900 Palestinians in the occupied West Bank since "
     "the war began.", "900", {"place": "west_bank", "scope": "cumulative",
                               "key": "west_bank_death_toll"}),
    ("More than one million children could face famine if aid stays blocked, the agency "
     "warned.", "one million", {"scope": "hypothetical", "key": ""}),
    ("The death toll in Gaza since the war began has risen to 54,418, the ministry said.",
     "54,418", {"event": "killed", "scope": "cumulative", "key": "gaza_death_toll"}),
    ("Hamas still holds 59 hostages, 24 of whom are believed to be alive.", "24",
     {"counted": "hostages", "condition": "living"}),
    ("The bodies of four hostages were handed over on Thursday.", "four",
     {"counted": "hostages", "event": "bodies_returned"}),
])
def test_facets_of_news_sentences(sentence: str, surface: str, expected: dict) -> None:
    row = one(sentence, surface)
    assert {name: row[name] for name in expected} == expected


def test_coordinated_figures_share_the_period() -> None:
    rows = figures("At least 40 people were killed and 107 wounded in the past 24 hours, "
                   "the health ministry in Gaza said.")
    rows = rows[rows["kind"] != "other"]
    assert rows["scope"].tolist() == ["period", "period"]
    assert rows["key"].tolist() == ["gaza_killed_day", "gaza_injured_day"]


def test_a_day_toll_is_never_keyed_as_the_cumulative_toll() -> None:
    row = one("Gaza's health ministry said 45 people were killed over the past 24 hours, "
              "bringing the total since October 7 to 44,000.", "45")
    assert row["key"] == "gaza_killed_day"
    total = one("Gaza's health ministry said 45 people were killed over the past 24 hours, "
                "bringing the total since October 7 to 44,000.", "44,000")
    assert total["key"] == "gaza_death_toll"


def test_every_facet_names_its_span() -> None:
    sentence = "Israeli strikes killed 58 people across Gaza in the past 24 hours."
    row = one(sentence, "58")
    spans = dict(part.split("=", 1) for part in row["facet_spans"].split("; "))
    value, where = spans["scope"].split("@")
    start, end = map(int, where.split("-"))
    assert value == "period" and sentence[start:end] == "past 24 hours"


def test_a_key_the_facets_contradict_is_dropped_not_replaced_by_a_near_one() -> None:
    lexicon = load_facets()
    assert lexicon.key_facets("gaza_death_toll")["scope"] == frozenset({"cumulative"})
    row = one("An Israeli airstrike on a school sheltering displaced families killed 27 "
              "people, the civil defence agency said.", "27")
    assert row["scope"] == "incident" and row["key"] == ""


def test_cue_sets_answer_each_thread_for_its_own_sentence() -> None:
    """A Dask worker runs several threads over one loaded lexicon: the sentence kept for
    one thread never answers another's."""
    from concurrent.futures import ThreadPoolExecutor

    lexicon = load_facets()
    sentences = [f"Israeli strikes killed {n} people in Rafah in the past 24 hours."
                 if n % 2 else f"Hamas freed {n} hostages under the deal." for n in range(1, 200)]

    def places(text: str) -> list[str]:
        return [cue.value for cue in lexicon.cues["place"].find(text)]

    with ThreadPoolExecutor(4) as pool:
        found = list(pool.map(places, sentences))
    assert found == [places(text) for text in sentences]


@pytest.mark.parametrize(("sentence", "written"), [
    ("The ministry said on Monday that 52 people were killed in the past 24 hours.", "Monday"),
    ("At least 45,000 people had been killed as of Tuesday, officials said.", "Tuesday"),
    ("By 5 March, 2,045 aid trucks had entered the Strip.", "5 March"),
    ("On Sunday, the agency said 18 people died in air raids.", "Sunday"),
    ("Strikes overnight and into Wednesday killed 38 people.", "Wednesday"),
    ("The toll rose to 40,139, the ministry said Friday.", "Friday"),
    ("The attack on October 7, 2023, killed about 1,200 people.", "October 7, 2023"),
    ("Israeli fire has killed 241 people since the truce took effect on October 10.", ""),
    ("At least 452 people have been killed since Israel resumed strikes on Tuesday.", ""),
    ("More than 50,000 people have been killed since October 2023.", ""),
])
def test_the_date_a_sentence_gives_its_figures(sentence: str, written: str) -> None:
    cue = read_as_of(sentence, load_facets())
    assert (cue.value if cue else "") == written
    if cue:
        assert sentence[cue.start:cue.end] == written


@pytest.mark.parametrize(("written", "published", "day"), [
    ("Monday", date(2024, 5, 8), date(2024, 5, 6)),  # a Wednesday: the Monday before
    ("Wednesday", date(2024, 5, 8), date(2024, 5, 8)),  # the publication day itself
    ("yesterday", date(2024, 5, 8), date(2024, 5, 7)),
    ("5 March", date(2025, 3, 7), date(2025, 3, 5)),
    ("December 30", date(2025, 1, 2), date(2024, 12, 30)),  # the latest not after it
    ("October 7, 2023", None, date(2023, 10, 7)),
    ("Monday", None, None),
    ("30 February", date(2025, 3, 7), None),
])
def test_a_written_date_names_a_day(written: str, published: date | None,
                                    day: date | None) -> None:
    found = as_of_date(written, published)
    assert found == (None if day is None else datetime.combine(day, datetime.min.time()))
