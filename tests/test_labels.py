"""Actor labels: longest label wins, descriptors stay in the label, voice per label."""

from __future__ import annotations

from pathlib import Path

import pytest

from framing_data import article, seed
from newsprism.measures.actor_labels import LABEL_COLUMNS, load_actors
from one_article import find_labels

ACTORS = load_actors()

CASES = [
    ("The health ministry in Hamas-run Gaza said 40 people died.",
     [("gaza_health_authorities", "The health ministry in Hamas-run Gaza")]),
    ("Hamas-run Gaza's health ministry said 40 people died.",
     [("gaza_health_authorities", "Hamas-run Gaza's health ministry")]),
    ("Gaza’s health ministry gave the toll.",
     [("gaza_health_authorities", "Gaza’s health ministry")]),
    ("The Gaza government media office said houses were razed.",
     [("gaza_government_media_office", "The Gaza government media office")]),
    ("The Palestinian Islamist movement Hamas said it would reply.",
     [("hamas", "The Palestinian Islamist movement Hamas")]),
    ("The Palestinian armed group said it was ready.", [("hamas", "The Palestinian armed group")]),
    ("The militant group fired rockets as militants regrouped.",
     [("hamas", "The militant group"), ("hamas", "militants")]),
    ("Hamas’s armed wing claimed the attack.", [("hamas", "Hamas’s armed wing")]),
    ("Israeli forces and the occupation army advanced.",
     [("israel", "Israeli forces"), ("israel", "the occupation army")]),
    ("Netanyahu’s government rejected the plan.", [("israel", "Netanyahu’s government")]),
    ("Israel Katz said the army would advance.", [("israel", "the army")]),
    ("The Israel-Hamas war entered its ninth month.", []),
    ("A US-backed proposal was tabled.", []),
    ("US officials told us nothing.", [("united_states", "US officials")]),
    ("The WHO said it did not know who was hurt.", [("un_aid", "WHO")]),
    ("Qatari mediators and Egypt pressed on.",
     [("mediators", "Qatari mediators"), ("mediators", "Egypt")]),
    ("They accused the Zionist enemy of aggression.", [("israel", "the Zionist enemy")]),
    ("Aid groups and the United Nations warned of famine.",
     [("un_aid", "Aid groups"), ("un_aid", "the United Nations")]),
    ("The Trump administration and Washington disagreed.",
     [("united_states", "The Trump administration"), ("united_states", "Washington")]),
    ("The weather was mild and the market busy.", []),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_label_cases(sentence: str, expected: list[tuple[str, str]]) -> None:
    sentences, doc = article(sentence)
    found = find_labels(sentences, doc, ACTORS)
    assert list(zip(found["actor"], found["label"], strict=True)) == expected
    assert all(doc[r.start:r.end] == r.label for r in found.itertuples())


def test_empty_frame_keeps_columns() -> None:
    sentences, doc = article("The weather was mild.")
    found = find_labels(sentences, doc, ACTORS)
    assert found.empty and list(found.columns) == LABEL_COLUMNS


def test_label_voice() -> None:
    sentences, doc = article("“The occupation will fall,” he said.",
                             "Israel said the militants had fired first.")
    found = find_labels(sentences, doc, ACTORS)
    assert list(zip(found["label"], found["voice"], strict=True)) == [
        ("The occupation", "quoted"), ("Israel", "own"), ("militants", "attributed")]


def test_form_normalises_case_and_apostrophes() -> None:
    sentences, doc = article("Gaza’s health ministry and Gaza's health ministry agree.")
    assert set(find_labels(sentences, doc, ACTORS)["form"]) == {"gaza's health ministry"}


def test_user_actor_file(tmp_path: Path) -> None:
    path = tmp_path / "actors.yaml"
    path.write_text("groups: [eu, other]\nactors:\n  eu:\n    group: eu\n"
                    "    labels: [the European Union, Brussels]\n", encoding="utf-8")
    sentences, doc = article("Brussels and the European Union objected.")
    found = find_labels(sentences, doc, load_actors(path))
    assert list(found["label"]) == ["Brussels", "the European Union"]


def test_seed_000_ministry_label_is_own_and_not_hamas() -> None:
    sentences, doc = seed("000")
    found = find_labels(sentences, doc, ACTORS)
    ministry = found[found["label"] == "the health ministry in Hamas-run Gaza"]
    assert list(ministry["voice"]) == ["own"]
    inside = found[(found["start"] >= ministry["start"].iloc[0])
                   & (found["end"] <= ministry["end"].iloc[0])]
    assert len(inside) == 1


def test_seed_labels_cover_the_named_forms() -> None:
    forms = {seed_id: set(find_labels(*seed(seed_id), ACTORS)["form"])
             for seed_id in ("000", "001", "002", "004")}
    assert "the palestinian armed group" in forms["001"]
    assert {"militants", "gaza's health ministry", "palestinian health authorities"} <= forms["002"]
    assert {"the occupation", "israeli forces", "the israeli army"} <= forms["004"]
    assert "the movement" in forms["000"]
