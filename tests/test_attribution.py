"""Attribution finder: sentence → (source, cue) cases, scopes, pronoun resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsprism.datafiles import data_path
from newsprism.measures.attribution import (
    Attribution,
    content_start,
    covering,
    find_attributions,
    load_attribution_cues,
)

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
    # Time adverbials between subject and verb are skipped.
    ("Hamas said on Sunday it was ready to resume talks.", "Hamas", "said"),
    ("Israel earlier this week told mediators it would not withdraw.", "Israel", "told"),
    ("Egypt late on Sunday said the delegations would meet again.", "Egypt", "said"),
    ("Qatar on March 3 said talks would resume in Doha.", "Qatar", "said"),
    ("The army on Sunday night said two soldiers were wounded.", "The army", "said"),
    ("The two sides last week said they were close to a deal.", "The two sides", "said"),
    ("Hamas, in a statement on Sunday, said it was ready.", "Hamas", "said"),
    # The source is the whole noun phrase.
    ("The Palestinian armed group said it had accepted the proposal.",
     "The Palestinian armed group", "said"),
    ("The Islamist movement said it would study the offer.", "The Islamist movement", "said"),
    ("Officials in the United States said five aid workers were killed.",
     "Officials in the United States", "said"),
    ("Qatar and the United States said talks would resume next week.",
     "Qatar and the United States", "said"),
    ("It was the first time Hamas said it would free hostages.", "Hamas", "said"),
    ("“We will not surrender,” said Hamas political bureau member Bassem Naim.",
     "Hamas political bureau member Bassem Naim", "said"),
    # Names with lower-case particles.
    ("Ismail al-Thawabta told Anadolu Agency that 20 people had been killed.",
     "Ismail al-Thawabta", "told"),
    ("Qatar's foreign ministry spokesman Majed al-Ansari told reporters talks continued.",
     "Qatar's foreign ministry spokesman Majed al-Ansari", "told"),
    ("Ursula von der Leyen said the EU would double its aid.", "Ursula von der Leyen", "said"),
    ("Osama bin Laden said nothing of the kind.", "Osama bin Laden", "said"),
    ("Theresa May said the attack was appalling.", "Theresa May", "said"),
    ("Hamas Sunday said it had received the proposal.", "Hamas", "said"),
    # News-style attributions.
    ("“We are ready for a deal,” said Basem Naim, a spokesman for Hamas.", "Basem Naim",
     "said"),
    ("The talks have stalled, according to two officials familiar with the talks.",
     "two officials", "according to"),
    ("A Hamas official, who asked not to be named, told AFP the talks had stalled.",
     "A Hamas official", "told"),
    ("The ministry said in a statement on Monday that 40 people were killed.", "The ministry",
     "said"),
    ("Israeli officials have said the operation will continue until all hostages return.",
     "Israeli officials", "said"),
    ("The United States Says It Will Send Envoy to Cairo", "The United States", "says"),
    # Speaker nouns behind a name or a possessive; a place after the speaker noun.
    ("Israel's prison service said 95 detainees were freed.", "Israel's prison service", "said"),
    ("Nine people were killed, the official Palestinian news agency Wafa reported.",
     "the official Palestinian news agency Wafa", "reported"),
    ("Convoys were stopped, a source at the border told AFP.", "a source at the border",
     "told"),
    ("The agency's figures showed 40 deaths in a week.", "The agency's figures", "showed"),
    ("A government count puts the number of captives at 101.", "A government count",
     "puts the number"),
    ("Of the captives, 30 have been declared dead by Israel.", "Israel", "declared dead by"),
]

NO_ATTRIBUTION = [
    "Some 50 hostages remain in Gaza but fewer than half are believed to be alive.",
    "It is estimated that three-quarters of all structures have been damaged.",
    "His comments come a day after the United States recalled its team.",
    "Israel has come under pressure over reports of people dying from malnutrition.",
    "The talks were held at the headquarters, hospital records at the site show nothing.",
    "Most of the enclave’s 2.3 million people are homeless.",
    "The talks were attended by the United States and Qatar.",
    "A move said to anger Israel was announced overnight.",
    "A ceasefire in Gulf States Records no change.",
    "Fresh assaults by the army claimed 39 lives across the city on Monday.",
    "Gaza: 61 martyrs and 230 injuries in past 24 hours",
]


@pytest.mark.parametrize(("sentence", "cue"), [
    ("His comments come a day after the United States recalled its team.", "States"),
    ("Hamas Says United States Must Pressure Israel", "States"),
    ("The group in Gaza on Sunday said it was ready.", "Sunday"),
])
def test_names_and_days_are_never_sources_or_cues(sentence: str, cue: str) -> None:
    for attribution in find_attributions(sentence):
        assert cue not in attribution.source.split() and attribution.cue != cue, attribution


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


def test_told_records_a_named_medium() -> None:
    found = find_attributions("Ismail al-Thawabta told Anadolu Agency that 20 people died.")
    assert [(a.source, a.role) for a in found] == [("Ismail al-Thawabta", "speaker"),
                                                   ("Anadolu Agency", "medium")]


def test_postposed_time_adverbial_stays_out_of_the_source() -> None:
    sentence = "Some 40 people were killed, the ministry said on Monday."
    (attribution,) = find_attributions(sentence)
    assert attribution.source == "the ministry"
    assert attribution.scope_end == attribution.start


@pytest.mark.parametrize(("sentence", "content"), [
    ("Hamas said on Sunday that it was ready.", "it was ready."),
    ("Hamas said late on Monday night that it was ready.", "it was ready."),
    ("Egypt said on March 3 the talks would resume.", "the talks would resume."),
    ("The army said Israeli troops had withdrawn.", "Israeli troops had withdrawn."),
    ("An official said on condition of anonymity that talks stalled.",
     "on condition of anonymity that talks stalled."),
])
def test_content_start_skips_time_and_that(sentence: str, content: str) -> None:
    after = sentence.index(" said") + len(" said")
    assert sentence[content_start(sentence, after, len(sentence)):] == content


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


def test_scope_of_a_relative_report_clause_covers_its_content() -> None:
    sentence = ("The offensive, which the ministry says has killed at least 67,160 people since "
                "it began, has reduced the city to rubble.")
    at = sentence.index("67,160")
    assert covering(find_attributions(sentence), at, at + 6).source == "the ministry"


def test_scope_of_a_parenthetical_report_covers_the_sentence() -> None:
    sentence = ("Without more aid, the UN children's agency said, 50,000 children were at risk "
                "of dying.")
    at = sentence.index("50,000")
    assert covering(find_attributions(sentence), at, at + 6).source == "the UN children's agency"


def test_scope_postposed_covers_what_precedes() -> None:
    sentence = "Some 33,207 Palestinians have been killed, Gaza’s health ministry said on Monday."
    (attribution,) = find_attributions(sentence)
    assert attribution.scope_start == 0 and attribution.scope_end == attribution.start



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


_WORDS = st.sampled_from(["Hamas", "said", "told", "on", "Sunday", "the", "United", "States",
                          "al-Thawabta", "bin", "von", "der", "officials", "according to",
                          "group", "armed", ",", "“", "”", "who", "12", "Reuters", "he"])


@given(st.lists(_WORDS, min_size=1, max_size=14))
def test_offsets_index_the_text(words: list[str]) -> None:
    sentence = " ".join(words)
    for attribution in find_attributions(sentence):
        assert sentence[attribution.start:attribution.end] == attribution.source
        assert attribution.source.split()[0].lower() not in {"on", "sunday", "said", "told"}
        assert sentence[attribution.cue_start:].lower().startswith(attribution.cue.lower())
        assert 0 <= attribution.scope_start <= attribution.scope_end <= len(sentence)
