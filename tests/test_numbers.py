"""Quantity extraction: accuracy floors against the gold numbers and sentence cases of our own.

Gold matching rule: within an article, each gold row is paired with the unpaired predicted row
that overlaps its character span the most. Recall counts paired gold `claim` rows; precision
counts predicted rows paired with a gold row of the same kind (a `vague`/`other` gold row found
as such is right; any unpaired prediction is an error). Value, qualifier, key and source are
scored on paired `claim` rows. Sources match when, after lower-casing, unifying apostrophes and
dropping punctuation and the words "the a an of in by", the words of one are a subset of the
other's ("Gaza’s health ministry" = "Gaza's health ministry"; "The security sources" ⊂ "two
Egyptian security sources"); two empty sources match, an empty and a non-empty one do not.
"""

from __future__ import annotations

import math
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gold_data import SEEDS, gold_table
from newsprism.clean.document import read_corpus
from newsprism.datafiles import data_path
from newsprism.measures.agency import load_casualty_terms
from newsprism.measures.facets import load_facets
from newsprism.measures.numbers import (
    NUMBER_COLUMNS,
    _sign_class,
    _start_screen,
    load_quantities,
    number_rows,
)
from newsprism.tables import rows_table
from one_article import extract_numbers

_SOURCE_STOP = frozenset({"the", "a", "an", "of", "in", "by"})
_SOURCE_WORD = re.compile(r"[\w'\-]+")


@pytest.fixture(scope="module")
def quantities():
    return load_quantities()


def _sentences_frame(text: str) -> pd.DataFrame:
    """A one-sentence sentences table for ``text``."""
    return pd.DataFrame([("a", 0, 0, "body", 0, len(text), text)],
                        columns=["article_id", "sentence_id", "paragraph", "label", "start",
                                 "end", "text"])


def extract(text: str, quantities) -> pd.DataFrame:
    """The quantities of one sentence."""
    return extract_numbers(_sentences_frame(text), text, quantities)


def source_words(source: str) -> frozenset[str]:
    """Normalised word set of a source phrase, for the containment rule above."""
    text = source.lower().replace("’", "'").replace("‘", "'")
    return frozenset(w for w in _SOURCE_WORD.findall(text) if w not in _SOURCE_STOP)


def same_source(gold: str, predicted: str) -> bool:
    """True when the two source phrases name the same source under the documented rule."""
    a, b = source_words(gold), source_words(predicted)
    if not a or not b:
        return not a and not b
    return a <= b or b <= a


def same_value(gold: float, predicted: float) -> bool:
    """Exact value match; two missing values (vague amounts) match."""
    if math.isnan(gold) or math.isnan(predicted):
        return math.isnan(gold) and math.isnan(predicted)
    return abs(gold - predicted) < 1e-6


@pytest.fixture(scope="module")
def predicted() -> pd.DataFrame:
    return predict_seeds()


@pytest.fixture(scope="module")
def paired(predicted: pd.DataFrame) -> pd.DataFrame:
    return pair_with_gold(predicted)


def predict_seeds() -> pd.DataFrame:
    """The extractor's rows for every seed article."""
    corpus = read_corpus(SEEDS)
    quantities = load_quantities()
    frames = [extract_numbers(corpus.sentences[corpus.sentences["article_id"] == row.article_id],
                              row.doc, quantities) for row in corpus.articles.itertuples()]
    return pd.concat(frames, ignore_index=True)


def pair_with_gold(predicted: pd.DataFrame) -> pd.DataFrame:
    """Gold rows beside the predicted row that overlaps each most (``p_*`` columns)."""
    gold = gold_table("numbers")
    gold["value"] = pd.to_numeric(gold["value"], errors="coerce")
    used: set[int] = set()
    rows = []
    for g in gold.itertuples():
        candidates = predicted[(predicted["article_id"] == g.file) & (predicted["start"] < g.end)
                               & (predicted["end"] > g.start)]
        best, overlap = None, 0
        for index, p in candidates.iterrows():
            size = min(p["end"], g.end) - max(p["start"], g.start)
            if index not in used and size > overlap:
                best, overlap = index, size
        row = g._asdict()
        if best is not None:
            used.add(best)
            row.update({f"p_{c}": predicted.at[best, c] for c in NUMBER_COLUMNS})
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame.attrs["unpaired"] = predicted.drop(index=list(used))
    return frame


def mismatches(frame: pd.DataFrame, column: str) -> str:
    """Readable per-row listing of disagreements on ``column``."""
    cols = ["file", "surface", column, f"p_{column}", "p_surface"]
    return "\n" + frame[cols].to_string()


def _claims(paired: pd.DataFrame) -> pd.DataFrame:
    """Paired gold claim rows."""
    return paired[(paired["kind"] == "claim") & paired["p_surface"].notna()]


def test_claim_recall_floor(paired: pd.DataFrame) -> None:
    claims = paired[paired["kind"] == "claim"]
    missed = claims[claims["p_surface"].isna()]
    assert 1 - len(missed) / len(claims) >= 0.95, mismatches(missed, "value")


def test_precision_floor(paired: pd.DataFrame, predicted: pd.DataFrame) -> None:
    matched = paired[paired["p_surface"].notna()]
    wrong_kind = matched[matched["kind"] != matched["p_kind"]]
    unpaired = paired.attrs["unpaired"]
    precision = (len(matched) - len(wrong_kind)) / len(predicted)
    detail = mismatches(wrong_kind, "kind") + "\n" + unpaired[["article_id", "surface",
                                                               "kind"]].to_string()
    assert precision >= 0.90, detail


def test_value_floor(paired: pd.DataFrame) -> None:
    claims = _claims(paired)
    wrong = claims[[not same_value(g, p) for g, p in zip(claims["value"], claims["p_value"],
                                                          strict=True)]]
    assert 1 - len(wrong) / len(claims) >= 0.95, mismatches(wrong, "value")


def test_qualifier_floor(paired: pd.DataFrame) -> None:
    claims = _claims(paired)
    wrong = claims[claims["qualifier"] != claims["p_qualifier"]]
    assert 1 - len(wrong) / len(claims) >= 0.90, mismatches(wrong, "qualifier")


def test_key_floor(paired: pd.DataFrame) -> None:
    claims = _claims(paired)
    wrong = claims[claims["key"] != claims["p_key"]]
    assert 1 - len(wrong) / len(claims) >= 0.85, mismatches(wrong, "key")


def test_source_floor(paired: pd.DataFrame) -> None:
    claims = _claims(paired)
    wrong = claims[[not same_source(g, p) for g, p in zip(claims["source"], claims["p_source"],
                                                           strict=True)]]
    assert 1 - len(wrong) / len(claims) >= 0.80, mismatches(wrong, "source")


def test_source_rule_is_fair() -> None:
    assert same_source("Gaza's health ministry", "Gaza’s health ministry")
    assert same_source("two Egyptian security sources", "The security sources")
    assert not same_source("Israeli military", "Israel")
    assert not same_source("", "Hamas")


def test_seed_pins(predicted: pd.DataFrame) -> None:
    """What the seeds show: the READ: link death toll is not extracted, offsets hold."""
    assert not predicted["surface"].str.contains("Final death toll").any()
    corpus = read_corpus(SEEDS)
    docs = dict(zip(corpus.articles["article_id"], corpus.articles["doc"], strict=True))
    for row in predicted.itertuples():
        assert docs[row.article_id][row.start:row.end] == row.surface


# sentence, surface (substring of the figure), value, unit, qualifier, kind
CASES = [
    ("The first phase of the deal would last 42 days, officials said.", "42 days", 42, "day",
     "", "claim"),
    ("Talks will continue over the last three days of the week.", "last three days", 3, "day",
     "", "other"),
    ("The death toll rose to 1,234, the ministry said.", "1,234", 1234, "", "", "claim"),
    ("An airstrike hit the camp, killing at least 12 people, including five children.",
     "at least 12 people", 12, "person", "at least", "claim"),
    ("An airstrike hit the camp, killing at least 12 people, including five children.",
     "five children", 5, "person", "", "claim"),
    ("More than 100 were wounded in the blast.", "More than 100", 100, "", "more than", "claim"),
    ("Estimates range between 990 and 1,650 hostages.", "990", 990, "hostage", "between",
     "claim"),
    ("Two-thirds of the population have fled.", "Two-thirds", 66.7, "percent", "", "claim"),
    ("Aid reached some 1.5m people last month.", "some 1.5m people", 1_500_000, "person", "some",
     "claim"),
    ("The sides agreed on a 42-day ceasefire.", "42-day", 42, "day", "", "claim"),
    ("Three Israeli soldiers were killed in the south.", "Three Israeli soldiers", 3, "person",
     "", "claim"),
    ("Twenty-four people died in the strike.", "Twenty-four people", 24, "person", "", "claim"),
    ("The enclave is home to 2.2 million Palestinians.", "2.2 million Palestinians", 2_200_000,
     "person", "", "claim"),
    ("Nearly 40% of the strip is under evacuation orders.", "Nearly 40%", 40, "percent",
     "nearly", "claim"),
    ("About 80 per cent of homes were damaged.", "About 80 per cent", 80, "percent", "about",
     "claim"),
    ("Dozens of people were injured.", "Dozens of people", math.nan, "person", "dozens", "vague"),
    ("Hundreds of trucks waited at the crossing.", "Hundreds of trucks", math.nan, "truck",
     "hundreds", "vague"),
    ("The fighting has displaced nearly half of the population.", "nearly half", 50, "percent",
     "nearly", "claim"),
    ("A quarter of the children are malnourished.", "A quarter", 25, "percent", "", "claim"),
    ("Up to 700 trucks a day could enter under the plan.", "Up to 700 trucks", 700, "truck",
     "up to", "claim"),
    ("Fewer than 20 hospitals remain partly functional.", "Fewer than 20 hospitals", 20,
     "building", "fewer than", "claim"),
    ("The ministry said 12 to 13 bodies were recovered.", "12 to 13", 12, "person", "between",
     "claim"),
    ("Israel has mobilised roughly 300,000 reservists.", "roughly 300,000 reservists", 300_000,
     "person", "roughly", "claim"),
    ("Officials expect a decision within 24 hours.", "within 24 hours", 24, "hour", "", "other"),
    ("The offer was made 16 hours ago.", "16 hours", 16, "hour", "", "other"),
    ("The blockade has lasted for 17 years.", "17 years", 17, "year", "", "claim"),
    ("A 17-year-old boy was shot.", "17-year-old", 17, "year", "", "claim"),
    ("Two dozen countries signed the letter.", "Two dozen countries", 24, "country", "",
     "claim"),
    ("The UN said one million people face famine.", "one million people", 1_000_000, "person",
     "", "claim"),
    ("As many as 450,000 reservists were called up.", "As many as 450,000", 450_000, "person",
     "as many as", "claim"),
    ("An estimated 1.9 million people are displaced.", "An estimated 1.9 million", 1_900_000,
     "person", "estimated", "claim"),
    ("Aid agencies say $2bn is needed.", "$2bn", 2_000_000_000, "dollar", "", "claim"),
    ("The strike killed just over 30 people.", "just over 30 people", 30, "person",
     "more than", "claim"),
    ("At least 1,139 people were killed in the October 7 attack.", "At least 1,139 people",
     1139, "person", "at least", "claim"),
    # letters case-insensitive matching reads as ASCII ("ſ" as "s") are read so in look-ups too
    ("Dozenſ of people were killed.", "Dozenſ of people", math.nan, "person", "dozens",
     "vague"),
    ("About ſeven hundred were wounded.", "About ſeven hundred", 700, "", "about", "claim"),
    ("5 thouſand people were killed.", "5 thouſand people", 5000, "person", "", "claim"),
    ("2.5 mıllion people fled.", "2.5 mıllion people", 2_500_000, "person", "", "claim"),
    ("They took a 5-mınute break.", "5-mınute", 5, "minute", "", "claim"),
    ("Aid agencies say us$2bn is needed.", "us$2bn", 2_000_000_000, "dollar", "", "claim"),
]

NOT_QUANTITIES = [
    "The truce began on June 1, 2025, after weeks of talks.",
    "Hamas has governed Gaza since 2007.",
    "The Oct. 7 attack triggered the war.",
    "Talks resumed on March 18 in Cairo.",
    "The second stage would bring a permanent end to the war.",
    "He was the first to arrive.",
    "The meeting starts at 10:30 a.m. local time.",
    "She was one of the negotiators.",
    "The two sides remain far apart.",
    "Both sides said the 3rd round went well.",
    "Israel’s October 2023 offensive continued.",
    "Hamas seized the town on 7 October.",
    "The 12-member council met in an F-16 hangar.",
]


@pytest.mark.parametrize(("sentence", "surface", "value", "unit", "qualifier", "kind"), CASES)
def test_sentence_cases(sentence: str, surface: str, value: float, unit: str, qualifier: str,
                        kind: str, quantities) -> None:
    found = extract(sentence, quantities)
    at = sentence.index(surface)
    hits = found[(found["start"] < at + len(surface)) & (found["end"] > at)]
    assert len(hits) == 1, found[["surface", "value", "unit", "qualifier", "kind"]]
    hit = hits.iloc[0]
    assert same_value(value, hit["value"]), hit.to_dict()
    assert (hit["unit"], hit["qualifier"], hit["kind"]) == (unit, qualifier, kind), hit.to_dict()


@pytest.mark.parametrize("sentence", NOT_QUANTITIES)
def test_not_quantities(sentence: str, quantities) -> None:
    assert extract(sentence, quantities).empty, extract(sentence, quantities)["surface"].tolist()


KEY_CASES = [
    ("The first phase of the deal would last 42 days, during which hostages would be freed.",
     "42 days", "truce_phase_length"),
    ("The Gaza health ministry says the death toll has risen to 41,000 since the war began.",
     "41,000", "gaza_death_toll"),
    ("Israeli strikes killed 27 people across Gaza on Tuesday, medics said.", "27",
     "gaza_killed_day"),
    ("Hamas-led militants abducted 251 people on Oct. 7, 2023.", "251", "hostages_taken_oct7"),
    ("Some 59 hostages are still held in Gaza.", "59", "hostages_remaining"),
    ("The deal provides for a six-week ceasefire.", "six-week", "truce_length"),
    ("The 15-month war has devastated the strip.", "15-month", "war_length"),
    ("The Israeli army says 400 soldiers have been killed since the ground offensive began.",
     "400", "israeli_soldier_deaths"),
    ("The rally drew 12,000 people.", "12,000", ""),
    ("Israeli strikes have killed 40,000 Palestinians since the Oct. 7 attack, the ministry says.",
     "40,000", "gaza_death_toll"),
    ("Israeli strikes have killed 2,000 Palestinians since the truce collapsed in March.",
     "2,000", "gaza_killed_period"),
    ("Militants killed some 1,200 people, mostly civilians, and took around 250 hostages in the "
     "Oct. 7 attack.", "1,200", "oct7_israel_deaths"),
    ("Militants killed some 1,200 people, mostly civilians, and took around 250 hostages in the "
     "Oct. 7 attack.", "250", "hostages_taken_oct7"),
]


@pytest.mark.parametrize(("sentence", "surface", "key"), KEY_CASES)
def test_keys(sentence: str, surface: str, key: str, quantities) -> None:
    found = extract(sentence, quantities)
    at = sentence.index(surface)
    hit = found[(found["start"] <= at) & (found["end"] > at)].iloc[0]
    assert hit["key"] == key, hit.to_dict()


def test_source_of_quote_resolves_pronoun(quantities) -> None:
    text = ("“Hamas should accept the proposal,” Witkoff posted on X. "
            "“That is the only way we can close a 60-day ceasefire deal,” he added.")
    split = text.index("“That")
    sentences = pd.DataFrame(
        [("a", 0, 0, "body", 0, split - 1, text[:split - 1]),
         ("a", 1, 0, "body", split, len(text), text[split:])],
        columns=["article_id", "sentence_id", "paragraph", "label", "start", "end", "text"])
    found = extract_numbers(sentences, text, quantities)
    assert found[["surface", "source"]].values.tolist() == [["60-day", "Witkoff"]]


def test_empty_frame_has_columns(quantities) -> None:
    found = extract("No figures here.", quantities)
    assert list(found.columns) == NUMBER_COLUMNS and found.empty


def test_interval_factors(quantities) -> None:
    rows = extract("Nearly 38,000 people and around 40 hostages and at least 35 soldiers.",
                   quantities)
    intervals = rows[["low", "high"]].values.tolist()
    assert intervals == [[36100, 38000], [36, 44], [35, math.inf]]


def _any_word_start(master: re.Pattern[str]) -> re.Pattern[str]:
    """``master`` with its start screen widened to any word character or currency sign."""
    rest = master.pattern.split("(?P<qual>", 1)[1]
    return re.compile(rf"(?<![\w$€£])(?=[\w$€£])(?P<qual>{rest}", master.flags)


MASTER = load_quantities().master
WIDE = _any_word_start(MASTER)
_NUMBERISH = ["about", "At least", "nearly", "some", "between", "and", "to", "Dozens of", "a",
              "an", "half", "one", "Twenty-three", "thouſand", "million", "per cent", "%", "$",
              "US$", "€", "March", "May", "sept", "12", "1,200", "3.5", "2024", "60-day", "killed",
              "people", "hostages", "the", "said", "Gaza", "théâtre", "٣", "-", ",", "("]


def _found(regex: re.Pattern[str], text: str) -> list[tuple]:
    return [(m.span(), m.groupdict()) for m in regex.finditer(text)]


@given(st.lists(st.sampled_from(_NUMBERISH), max_size=12), st.sampled_from([" ", "", "-"]))
def test_start_screen_keeps_every_match(words: list[str], gap: str) -> None:
    text = gap.join(words)
    assert _found(MASTER, text) == _found(WIDE, text)


@pytest.mark.parametrize("text", [
    "between 3 and 5 people", "a million dollars", "a half of them", "a quarter", "a dozen",
    "an estimated 300 killed", "at least 5", "Dozens of people", "scores of people",
    "March 3, 2024", "Sept 2024", "on 3 May", "at 10:30 am", "the 1st day", "10 to 12",
    "5%", "a 60-day truce", "US$2bn", "$5 million", "€3", "half the hostages",
    "twenty-three hostages", "one hundred and five", "No fewer than ten", "up to 40",
])
def test_start_screen_keeps_each_kind_of_figure(text: str) -> None:
    assert _found(MASTER, text) == _found(WIDE, text) != []


def test_start_screen_keeps_every_seed_match() -> None:
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert _found(MASTER, text) == _found(WIDE, text), path.name


def test_start_screen_lets_only_figure_starts_through() -> None:
    signs = _sign_class(["$", "US$", "€", "¥"])
    screen = re.compile(f"(?:{_start_screen(['about', 'US$', '¥'], signs)})", re.I)
    assert all(screen.match(text) for text in ["7", "٣", "About", "us$", "$", "€", "¥", "Jan",
                                               "sept"])
    assert not any(screen.match(text) for text in ["the", "said", "£", "~", "abut"])
    anything = re.compile(_start_screen(["ça va"], signs))  # a head not read: any word start
    assert all(anything.match(text) for text in ["x", "é", "7", "¥"])
    assert not anything.match("~")


def test_currency_signs_come_from_the_taxonomy(tmp_path) -> None:
    """A sign a user adds to quantities.yaml begins a figure and gives its unit."""
    text = data_path("quantities.yaml").read_text(encoding="utf-8")
    assert '"£": pound,' in text
    (tmp_path / "quantities.yaml").write_text(
        text.replace('"£": pound,', '"£": pound, " ₩ ": won, "¥": yen, "R $": real,'),
        encoding="utf-8")
    quantities = load_quantities(tmp_path / "quantities.yaml")
    found = extract("Seoul pledged ₩5 billion, Japan ¥300, Brazil R  $7 and Qatar $2bn.",
                    quantities)
    assert found[["surface", "value", "unit"]].values.tolist() == [
        ["₩5 billion", 5e9, "won"], ["¥300", 300, "yen"], ["R  $7", 7, "real"],
        ["$2bn", 2e9, "dollar"]]
    assert extract("code x₩5", quantities).empty  # a sign inside a word begins no figure
    assert extract("Japan ¥300", load_quantities())["unit"].tolist() == [""]


@pytest.mark.parametrize("text, surface, value, unit", [
    ("Israel will pay NIS 40 million to the families.", "NIS 40 million", 4e7, "shekel"),
    ("a budget of ₪1.5bn", "₪1.5bn", 1.5e9, "shekel"),
    ("a 1.5bn NIS budget", "1.5bn NIS", 1.5e9, "shekel"),
    ("300 million shekels", "300 million shekels", 3e8, "shekel"),
    ("the EU gave 20 euros a head", "20 euros", 20, "euro"),
    ("It cost $ 5 million.", "$ 5 million", 5e6, "dollar"),
    ("the Minis 5 of them", "5", 5, ""),  # a code inside a word is not a currency
    ("NIS\n5", "5", 5, ""),  # nor one on the line before
])
def test_currency_codes_and_nouns(quantities, text, surface, value, unit) -> None:
    """A currency code or sign before the figure, with or without one space, or a currency
    noun after it, gives the unit; a code must stand as its own word on the figure's line."""
    found = extract(text, quantities)
    assert found[["surface", "value", "unit"]].values.tolist() == [[surface, value, unit]]


def _read(text: str, published: str | None = None) -> pd.DataFrame:
    """The numbers of one sentence, linked to its casualty clauses and dated."""
    table = {"article_id": ["a"], "sentence_id": [0], "start": [0], "end": [len(text)],
             "text": [text]}
    rows = number_rows(table, text, load_quantities(), load_facets(), None,
                       load_casualty_terms(), published)
    return rows_table(rows, "numbers", NUMBER_COLUMNS).to_pandas().set_index("surface")


def test_a_figure_names_its_clause_construction_and_agent() -> None:
    found = _read("Israeli strikes killed 81 people in Gaza on Monday, 22 of them children "
                  "and 27 women, and 40 homes were destroyed, the ministry said on Tuesday.",
                  "2024-05-08")
    assert found.loc["81 people", ["construction", "agent"]].tolist() == [
        "active", "Israeli strikes"]
    for part in ("22 of them children", "27 women"):  # parts share their whole's clause
        assert found.loc[part, "agent"] == "Israeli strikes"
    assert pd.isna(found.loc["40 homes", "construction"])  # no casualty clause counts it
    assert found.loc["81 people", "as_of_text"] == "Monday"
    assert found.loc["81 people", "as_of"] == pd.Timestamp("2024-05-06")
    assert "as_of=Monday@" in found.loc["81 people", "facet_spans"]


def test_coordinated_figures_share_the_scope_and_a_headline_is_read() -> None:
    found = _read("Israeli strikes killed 40 and wounded 107 in the past 24 hours.")
    assert found.loc["40", ["scope", "period"]].tolist() == ["period", "day"]
    assert found.loc["107", ["scope", "period", "event"]].tolist() == ["period", "day",
                                                                        "injured"]
    assert found.loc["107", "agent"] == "Israeli strikes"
    headline = _read("At least 404 killed as Israeli jets pound Gaza after truce collapses")
    assert headline.loc["At least 404", "construction"] == "passive_agentless"
    toll = _read("The number of people killed since the war began has reached 61,258.")
    assert toll.loc["61,258", ["construction", "event", "scope"]].tolist() == [
        "nominal", "killed", "cumulative"]
