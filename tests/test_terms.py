"""Loaded terms: inflections, whole words, longest match, voice, rates per 1,000 words."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from framing_data import ARTICLE_ID, article, seed
from newsprism.measures.terms import RATE_COLUMNS, TERM_COLUMNS, load_loaded_terms, term_rates
from one_article import find_terms

LEXICON = load_loaded_terms()

CASES = [
    ("They accused Israel of genocide and genocidal intent.", [("genocide", "genocide"),
                                                               ("genocide", "genocidal")]),
    ("Terrorists, a terrorist and terrorism.", [("terrorist", "Terrorists"),
                                                ("terrorist", "terrorist"),
                                                ("terrorist", "terrorism")]),
    ("Villagers were massacred in the massacre.", [("massacre", "massacred"),
                                                   ("massacre", "massacre")]),
    ("Rights groups alleged ethnic cleansing in the north.", [("ethnic cleansing",
                                                               "ethnic cleansing")]),
    ("He denounced the Zionist enemy.", [("Zionist enemy", "Zionist enemy")]),
    ("A scorched-earth policy, a scorched earth campaign.", [("scorched-earth", "scorched-earth"),
                                                            ("scorched-earth", "scorched earth")]),
    ("Counterterrorism units met occupational therapists.", []),
    ("The martyrs were buried as the resistance vowed revenge.", [("martyr", "martyrs"),
                                                                  ("resistance", "resistance")]),
    ("The Hamas-run health ministry gave the toll.", [("Hamas-run", "Hamas-run")]),
    ("They used human shields, the army said, calling them savages.",
     [("human shields", "human shields"), ("savage", "savages")]),
    ("Israel insists on its right to defend itself against the regime.",
     [("self-defence", "right to defend itself"), ("regime", "regime")]),
    ("Rain fell on the city as markets opened.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_term_cases(sentence: str, expected: list[tuple[str, str]]) -> None:
    sentences, doc = article(sentence)
    found = find_terms(sentences, doc, LEXICON)
    assert list(zip(found["term"], found["surface"], strict=True)) == expected
    assert all(doc[r.start:r.end] == r.surface for r in found.itertuples())


def test_lexicon_holds_every_partys_vocabulary_with_categories() -> None:
    needed = {"genocide": "legal_accusation", "massacre": "violence_severity",
              "terrorist": "delegitimising_label", "resistance": "legitimising_label",
              "martyr": "legitimising_label", "militant": "armed_actor_label",
              "human shields": "legal_accusation", "apartheid": "legal_accusation",
              "occupation": "legal_status", "barbaric": "dehumanising",
              "Zionist enemy": "delegitimising_label", "atrocity": "moral_condemnation"}
    categories = dict(zip(LEXICON.terms, LEXICON.categories, strict=True))
    assert {term: categories.get(term) for term in needed} == needed


def test_terms_carry_voice_and_sentence() -> None:
    sentences, doc = article("“It is genocide,” he said.", "The army said the massacre was false.",
                             "The onslaught went on.")
    found = find_terms(sentences, doc, LEXICON)
    assert list(zip(found["term"], found["voice"], strict=True)) == [
        ("genocide", "quoted"), ("massacre", "attributed"), ("onslaught", "own")]
    assert found["sentence"].iloc[2] == "The onslaught went on."


def test_empty_frame_keeps_columns() -> None:
    sentences, doc = article("Rain fell on the city.")
    found = find_terms(sentences, doc, LEXICON)
    assert found.empty and list(found.columns) == TERM_COLUMNS


def test_user_lexicon(tmp_path: Path) -> None:
    path = tmp_path / "terms.yaml"
    path.write_text("terms:\n  - {term: truce, category: peace, forms: 'truces?'}\n",
                    encoding="utf-8")
    sentences, doc = article("Two truces and one truce failed.")
    found = find_terms(sentences, doc, load_loaded_terms(path))
    assert list(found["surface"]) == ["truces", "truce"]


def test_term_rates_per_thousand_words_with_own_voice_apart() -> None:
    terms = pd.DataFrame([(ARTICLE_ID, "violence_severity", "massacre", 0, 8, "own", "", 0, ""),
                          (ARTICLE_ID, "violence_severity", "massacre", 9, 17, "quoted", "", 0,
                           "")], columns=TERM_COLUMNS)
    articles = pd.DataFrame({"article_id": [ARTICLE_ID, "other.txt"], "outlet": ["A", "B"],
                             "words": [500, 0]})
    rates = term_rates(terms, articles, ["violence_severity", "dehumanising"])
    assert list(rates.columns) == RATE_COLUMNS
    assert len(rates) == 2 * 2 * 4
    row = rates.set_index(["article_id", "category", "voice"])["per_1000"]
    assert row[(ARTICLE_ID, "violence_severity", "all")] == pytest.approx(4.0)
    assert row[(ARTICLE_ID, "violence_severity", "own")] == pytest.approx(2.0)
    assert row[(ARTICLE_ID, "violence_severity", "attributed")] == 0
    assert row[(ARTICLE_ID, "dehumanising", "all")] == 0
    assert math.isnan(row[("other.txt", "violence_severity", "all")])


def test_seed_001_genocidal_own_genocide_quoted() -> None:
    found = find_terms(*seed("001"), LEXICON)
    genocide = found[found["term"] == "genocide"]
    assert list(zip(genocide["surface"], genocide["voice"], strict=True)) == [
        ("genocidal", "own"), ("genocide", "quoted"), ("genocidal", "own")]


def test_seed_004_occupation_quoted_and_002_militants_own() -> None:
    occupation = find_terms(*seed("004"), LEXICON).query("term == 'occupation'")
    assert list(occupation["voice"]) == ["quoted"]
    militants = find_terms(*seed("002"), LEXICON).query("surface == 'militants'")
    assert list(militants["voice"]) == ["own"]
