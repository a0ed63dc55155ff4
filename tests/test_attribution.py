"""Attribution finder: sentence → (source, cue) cases, scopes, pronoun resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprism.attribution import (
    Attribution,
    covering,
    find_attributions,
    load_attribution_cues,
    resolve_pronouns,
)
from newsprism.resources import data_path

CASES = [
    ("According to the health ministry in Hamas-run Gaza, at least 4,149 people have been killed.",
     "the health ministry in Hamas-run Gaza", "according to"),
    ("According to Gaza’s health ministry, the offensive has resulted in nearly 38,000 deaths.",
     "Gaza’s health ministry", "according to"),
    ("The attack killed 1,218 people, according to official figures compiled by AFP.",
     "official figures compiled by AFP", "according to"),
    ("Hamas killed 1,200 people in southern Israel, according to Israeli tallies.",
     "Israeli tallies", "according to"),
    ("The orders have left 81 percent of the territory off limits, according to UN estimates "
     "last month.", "UN estimates", "according to"),
    ("At least 22 people were killed, according to hospital records at Nasser Hospital where "
     "the bodies arrived.", "hospital records at Nasser Hospital", "according to"),
    ("Some 33,207 Palestinians have been killed, Gaza's health ministry said in an update.",
     "Gaza's health ministry", "said"),
    ("The Israeli army says over 600 of its soldiers have been killed.", "The Israeli army",
     "says"),
    ("Israel has reported over 300 military casualties.", "Israel", "reported"),
    ("Hamas on Sunday said it was ready to resume talks.", "Hamas", "said"),
    ("The Palestinian armed group said Sunday it was willing to talk.",
     "The Palestinian armed group", "said"),
    ("“There is no progress,” the Hamas official, who asked not to be identified, told Reuters.",
     "the Hamas official", "told"),
    ("However, a Palestinian official close to mediation efforts told Reuters that talks stalled.",
     "a Palestinian official", "told"),
    ("“It is a shock,” said resident Mohammed Abou Diab.", "resident Mohammed Abou Diab", "said"),
    ("Some were killed while seeking aid, said the hospital.", "the hospital", "said"),
    ("Two Egyptian security sources and state-run Al-Qahera News said some progress was made.",
     "Two Egyptian security sources and state-run Al-Qahera News", "said"),
    ("The US envoy, Steve Witkoff, said the response was unacceptable.", "Steve Witkoff", "said"),
    ("Civil defence spokesman Mahmud Bassal told AFP that 12 people were killed.",
     "Civil defence spokesman Mahmud Bassal", "told"),
    ("The death toll rose to 70, the World Health Organization said on Tuesday.",
     "the World Health Organization", "said"),
    ("Asked about the talks, government spokesman Avi Hyman would not go into detail, saying "
     "only: “The 133 hostages must come home.”", "government spokesman Avi Hyman", "saying"),
    ("Hamas Reports No Progress in Gaza Ceasefire Talks", "Hamas", "reports"),
    ("Fifteen people died overnight, citing the civil defence agency, medics said.",
     "the civil defence agency", "citing"),
]

NO_ATTRIBUTION = [
    "Some 50 hostages remain in Gaza but fewer than half are believed to be alive.",
    "It is estimated that three-quarters of all structures have been damaged.",
    "His comments come a day after the United States recalled its team.",
    "Israel has come under pressure over reports of people dying from malnutrition.",
    "The talks were held at the headquarters, hospital records at the site show nothing.",
    "Most of the enclave’s 2.3 million people are homeless.",
]


@pytest.mark.parametrize(("sentence", "source", "cue"), CASES)
def test_source_and_cue(sentence: str, source: str, cue: str) -> None:
    found = [a for a in find_attributions(sentence) if a.role == "speaker"]
    assert [(a.source, a.cue.lower()) for a in found][:1] == [(source, cue)], found
    first = found[0]
    assert sentence[first.start:first.end] == first.source
    assert sentence[first.cue_start:].lower().startswith(cue)


@pytest.mark.parametrize("sentence", NO_ATTRIBUTION)
def test_no_attribution(sentence: str) -> None:
    assert [a for a in find_attributions(sentence) if a.role == "speaker"] == []


def test_told_records_the_medium() -> None:
    found = find_attributions("“Nothing new,” the official told Reuters.")
    assert [(a.source, a.role) for a in found] == [("the official", "speaker"),
                                                   ("Reuters", "medium")]


def test_scope_preposed_covers_what_follows() -> None:
    sentence = "Of those, 133 hostages remain captive and negotiators have spoken of around 40."
    (attribution,) = find_attributions(sentence)
    assert covering([attribution], sentence.index("40"), sentence.index("40") + 2) == attribution
    assert covering([attribution], sentence.index("133"), sentence.index("133") + 3) is None


def test_scope_of_relative_clause_is_the_figure_before_it() -> None:
    sentence = "Of those, 57 remain captive, including 34 whom the military believes to be dead."
    found = find_attributions(sentence)
    at34 = sentence.index("34")
    assert covering(found, at34, at34 + 2).source == "the military"
    assert covering(found, sentence.index("57"), sentence.index("57") + 2) is None


def test_scope_postposed_covers_what_precedes() -> None:
    sentence = "Some 33,207 Palestinians have been killed, Gaza’s health ministry said on Monday."
    (attribution,) = find_attributions(sentence)
    assert attribution.scope_start == 0 and attribution.scope_end == attribution.start


def test_pronoun_resolves_to_previous_named_speaker() -> None:
    sentences = ["“We can begin this week,” Witkoff posted on X.",
                 "“That is the only way to close a 60-day deal,” he added."]
    resolved = resolve_pronouns([find_attributions(s) for s in sentences])
    assert resolved[1][0].pronoun and resolved[1][0].speaker == "Witkoff"


def test_attribution_is_frozen_with_offsets() -> None:
    (attribution,) = find_attributions("Officials said 12 people died.")
    assert isinstance(attribution, Attribution)
    with pytest.raises(AttributeError):
        attribution.source = "x"  # type: ignore[misc]


def test_cues_are_overridable(tmp_path: Path) -> None:
    custom = tmp_path / "cues.yaml"
    custom.write_text(data_path("attribution.yaml").read_text(encoding="utf-8")
                      .replace("verbs: [said,", "verbs: [tweeted, said,"), encoding="utf-8")
    sentence = "Witkoff tweeted that 10 hostages would be freed."
    assert find_attributions(sentence, load_attribution_cues(custom))[0].cue == "tweeted"
    assert find_attributions(sentence) == []
