"""Line labelling: accuracy floors against the gold labels and cases of our own."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from gold_data import SEEDS, gold_table
from newsprism.clean.document import read_corpus
from newsprism.clean.hints import Hints, slug_words
from newsprism.clean.lines import (
    CONTENT_LABELS,
    LinePattern,
    PatternGroup,
    is_glued,
    is_menu,
    label_lines,
    load_patterns,
    split_lines,
    title_span,
)
from one_article import classify


@pytest.fixture(scope="module")
def labelled() -> pd.DataFrame:
    """Gold and predicted labels side by side, one row per non-empty seed line."""
    predicted = read_corpus(SEEDS).lines.rename(columns={"article_id": "file", "label": "pred"})
    merged = gold_table("lines").merge(predicted, on=["file", "line"], how="outer",
                                       indicator=True)
    assert (merged["_merge"] == "both").all(), "gold and cleaner disagree on which lines exist"
    return merged


def test_content_f1_floor(labelled: pd.DataFrame) -> None:
    gold = labelled["label"].isin(CONTENT_LABELS)
    pred = labelled["pred"].isin(CONTENT_LABELS)
    tp = (gold & pred).sum()
    precision, recall = tp / pred.sum(), tp / gold.sum()
    f1 = 2 * precision * recall / (precision + recall)
    misses = labelled.loc[gold != pred, ["file", "line", "label", "pred", "reason", "text"]]
    assert f1 >= 0.98, misses.to_string()


def test_exact_label_accuracy_floor(labelled: pd.DataFrame) -> None:
    wrong = labelled[labelled["label"] != labelled["pred"]]
    accuracy = 1 - len(wrong) / len(labelled)
    assert accuracy >= 0.95, wrong[["file", "line", "label", "pred", "reason", "text"]].to_string()


def test_every_line_has_a_reason(labelled: pd.DataFrame) -> None:
    assert labelled["reason"].str.len().gt(0).all()


PAGE = """Skip to content
Menu
Ministers clash over aid corridor as talks stall | Politics
By Jane Doe, Senior Correspondent
Published on 3 March 2025
Updated 5 min ago
Ministers clashed on Tuesday over a proposed aid corridor, officials said.
A crowd gathers at the crossing on Tuesday. (Photo: AFP)
"We will not accept this," the spokesman said in a statement to reporters.
Advertisement
Read more: Earlier talks ended without agreement
What happens next
The talks are due to resume on Thursday in the capital.
Share this article
Ministers clash over aid corridor as talks stall
You may also like
Storm hits coast
A storm hit the coast on Monday, cutting power to thousands of homes.
Subscribe to our newsletter
"""


@pytest.fixture(scope="module")
def page_labels() -> dict[str, tuple[str, str]]:
    """Labels of a page written for these tests, keyed by line text."""
    frame = classify(PAGE, load_patterns())
    return {row.text: (row.label, row.reason) for row in frame.itertuples()}


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("Skip to content", "boilerplate"),
        ("Menu", "boilerplate"),
        ("Ministers clash over aid corridor as talks stall | Politics", "title"),
        ("By Jane Doe, Senior Correspondent", "meta"),
        ("Published on 3 March 2025", "meta"),
        ("Updated 5 min ago", "meta"),
        ("Ministers clashed on Tuesday over a proposed aid corridor, officials said.", "body"),
        ("A crowd gathers at the crossing on Tuesday. (Photo: AFP)", "caption"),
        ("Advertisement", "boilerplate"),
        ("Read more: Earlier talks ended without agreement", "boilerplate"),
        ("What happens next", "subhead"),
        ("The talks are due to resume on Thursday in the capital.", "body"),
        ("Share this article", "boilerplate"),
        ("You may also like", "boilerplate"),
        ("Storm hits coast", "related"),
        ("A storm hit the coast on Monday, cutting power to thousands of homes.", "related"),
        ("Subscribe to our newsletter", "boilerplate"),
    ],
)
def test_page_of_our_own(page_labels: dict, line: str, label: str) -> None:
    assert page_labels[line][0] == label, page_labels[line]


def test_repeated_title_is_boilerplate() -> None:
    frame = classify(PAGE, load_patterns())
    repeats = frame[frame["text"] == "Ministers clash over aid corridor as talks stall"]
    assert repeats[["label", "reason"]].values.tolist() == [["boilerplate", "repeated_line"]]


def test_standfirst_sits_between_title_and_byline() -> None:
    doc = ("Court rules on border closure\n\nJudges said the closure breached the law, in a "
           "ruling that could reopen the crossing.\nBy Sam Lee\n\nThe court ruled on Monday "
           "that the closure was unlawful.\n")
    labels = classify(doc, load_patterns())["label"].tolist()
    assert labels == ["title", "standfirst", "meta", "body"]


def test_bulleted_items_in_the_body_are_body() -> None:
    doc = ("Aid deal agreed for northern Gaza\n\nThe agreement sets out three steps, officials "
           "said.\n• Open two more crossings\n• Allow 600 trucks a day\nThe first trucks "
           "are due on Monday, the UN said.\n")
    labels = classify(doc, load_patterns())["label"].tolist()
    assert labels == ["title", "body", "body", "body", "body"]


def test_first_prose_line_without_byline_is_body() -> None:
    doc = "Court rules on border closure\n\nThe court ruled on Monday that it was unlawful.\n"
    assert classify(doc, load_patterns())["label"].tolist() == ["title", "body"]


def test_title_suffix_is_cut_from_the_title_span() -> None:
    line = split_lines("Talks resume in Cairo after weeks of delay | World News\n")[0]
    start, end, suffix = title_span(line)
    assert line.text[start:end] == "Talks resume in Cairo after weeks of delay"
    assert suffix == "World News"


def test_offsets_point_at_the_line_text() -> None:
    doc = "  Title of a story here  \r\n\n\tBody text that is a sentence of prose here.\n"
    for row in classify(doc, load_patterns()).itertuples():
        assert doc[row.start:row.end] == row.text


def test_user_pattern_file_extends_the_cleaner(tmp_path) -> None:
    patterns = tmp_path / "patterns.yaml"
    patterns.write_text("boilerplate:\n  - {pattern: '^sponsored by', reason: sponsor}\n",
                        encoding="utf-8")
    doc = "Sponsored by Acme Corp today\nThe ministers met on Monday to discuss the plan.\n"
    frame = classify(doc, load_patterns(patterns))
    assert frame[["label", "reason"]].values.tolist()[0] == ["boilerplate", "sponsor"]


BROADCASTER_PAGE = """Israel-Gaza war
Hostages to be freed on Sunday under ceasefire deal
2 hours ago
Share
Save
Getty Images
Crowds gathered in Tel Aviv on Saturday night
Israel's cabinet has approved the ceasefire and hostage deal, the premier's office said.
The first three hostages are due to be freed on Sunday, officials said.
Tags: Gaza, Israel, Hamas
"""

WIRE_PAGE = """Israeli strikes kill 30 in Gaza as truce talks stall - Wire Service
Save articles to read later and create your own reading list.
CAIRO, Jan 5 (Wire) - Israeli strikes across Gaza killed at least 30 people, medics said.
Talks in Doha stalled over the sequencing of releases, two officials said.
Palestinians inspect a destroyed house in Gaza City. (Omar Ashtawy/APA Images)
The talks will resume next week, a mediator said.
Reporting by Jane Doe; Editing by John Roe
Our Standards: The Trust Principles., opens new tab
"""


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        (BROADCASTER_PAGE, ["boilerplate", "title", "meta", "boilerplate", "boilerplate",
                            "caption", "caption", "body", "body", "boilerplate"]),
        (WIRE_PAGE, ["title", "boilerplate", "body", "body", "caption", "body", "meta",
                     "boilerplate"]),
    ],
    ids=["broadcaster", "wire"],
)
def test_pages_in_other_house_styles(page: str, expected: list[str]) -> None:
    frame = classify(page, load_patterns())
    assert frame["label"].tolist() == expected, frame[["label", "reason", "text"]].to_string()


def test_head_screen_never_changes_whether_a_pattern_matches() -> None:
    """Skipping a regex on a line without its heads gives the regex's own answer, on the
    seed pages and on lines whose letters case-insensitive matching reads as ASCII."""
    lines = [line for path in sorted(SEEDS.glob("*.txt"))
             for line in split_lines(path.read_text(encoding="utf-8"))]
    lines += split_lines("ſubscribe to our newsletter\nCOOKIE settings: accept all\n"
                         "Download the BBC app\nPhoto: Reuters\nRead more (AFP)\n"
                         "Hamas’s reply came 3 hours ago\nGet the app\nvia REUTERS.\n"
                         "They said to get the app store link\nBy Reuters staff\n"
                         "Stand by Reuters\nSubscribe\n©2025 Example")
    patterns = load_patterns()
    groups = (patterns.boilerplate, patterns.meta, patterns.caption, patterns.credit_only,
              patterns.related_header, patterns.related)
    screened = [p for group in groups for p in group.patterns if p.heads or p.starts]
    assert len(screened) >= 20
    assert sum(bool(p.heads and p.starts) for p in screened) >= 2
    for pattern in screened:
        for line in lines:
            fits = pattern.max_words is None or len(line.words) <= pattern.max_words
            expected = fits and pattern.regex.search(line.text) is not None
            assert pattern.matches(line) == expected, (pattern.reason, line.text)
    for group in groups:  # a line without any of a group's heads skips its screened patterns
        for line in lines:
            expected = next((p.reason for p in group.patterns
                             if (p.max_words is None or len(line.words) <= p.max_words)
                             and p.regex.search(line.text)), None)
            assert group.first_match(line) == expected, line.text
    assert sum(line.screen is None for line in lines) >= 1  # "ſubscribe" is always tried


def test_a_group_built_or_replaced_directly_screens_its_own_patterns() -> None:
    share = LinePattern.of(r"^share$", "share_button")
    comments = LinePattern.of(r"^\d+ comments$", "c")
    line, counted = split_lines("Share")[0], split_lines("12 comments")[0]
    group = PatternGroup((share,))
    assert group.first_match(line) == "share_button" and group.first_match(counted) is None
    both = replace(group, patterns=[comments, share])
    assert both.unscreened == (comments,) and both.starts == ("share",)
    assert (both.first_match(line), both.first_match(counted)) == ("share_button", "c")
    circled = PatternGroup((LinePattern.of(r"^Ⓐ", "mark"),))  # lower-cased: "ⓐ"
    renamed = replace(share, regex=comments.regex)  # heads are read again from the regex
    assert (renamed.starts, renamed.matches(counted), renamed.matches(line)) == ((), True, False)
    assert circled.first_match(split_lines("Ⓐ note")[0]) == "mark"


def test_pattern_heads_are_the_words_every_match_starts_with() -> None:
    assert LinePattern.of(r"\bcookies?\b.*\baccept", "cookie_notice").heads == {"cookie"}
    byline = LinePattern.of(r"^(by|written by)\s+\S", "byline")
    assert (byline.starts, byline.heads) == (("by", "writte"), set())
    app = LinePattern.of(r"^get (started|the app)\b|app[- ]?store", "app_promotion")
    assert (app.starts, app.heads) == (("get",), {"app"})
    assert LinePattern.of(r"(?<!\d)\d+\s*hours? ago$", "relative_time").heads == set()


def _labels(doc: str) -> list[list[str]]:
    """``[label, reason]`` of every non-empty line of ``doc``."""
    return classify(doc, load_patterns())[["label", "reason"]].values.tolist()


def test_a_menu_line_is_chrome_and_never_the_title() -> None:
    assert is_menu(split_lines("News   Sports   Obituaries   Opinion   Weather")[0])
    assert is_menu(split_lines("Home » News » World")[0])
    assert not is_menu(split_lines("Web Desk | Updated: Oct 04, 2025 18:22 PKT")[0])
    doc = ("Israel at War   Hostages   Iran   Politics   Jewish World\n\n"
           "Cabinet backs deadline for Hamas as hostage deal teeters\n\n"
           "By Noa Shapira\n\nThe security cabinet on Tuesday endorsed the deadline, "
           "officials said.\n")
    assert [label for label, _ in _labels(doc)] == ["boilerplate", "title", "meta", "body"]
    assert _labels(doc)[0][1] == "menu_bar"


def test_a_glued_headline_and_teaser_after_the_article_is_related() -> None:
    glued = split_lines("Trump takes credit for Gaza truce dealThe president-elect said his "
                        "team pushed both sides.")[0]
    assert is_glued(glued) and not is_glued(split_lines("Join our WhatsApp channel now")[0])
    doc = ("Mediators announce Gaza ceasefire deal\n\nBy The Associated Press\n\n"
           "Israel and Hamas have agreed to halt the fighting, the Qatari prime minister said.\n"
           "The truce is due to start on Sunday and unfold in three stages, officials said.\n"
           f"{glued.text}\nAid agencies line up trucks at the border\n5 hours ago\n")
    assert _labels(doc)[-3:] == [["related", "glued_headline_teaser"],
                                 ["related", "headline_over_time"],
                                 ["related", "time_under_headline"]]


def test_a_paywall_notice_ends_the_article() -> None:
    doc = ("Families fear time is running out for the hostages\n\n"
           "More than eight months after the attack, 116 people are still held, the army says.\n"
           "Of the 251 people taken that day, 105 were freed during a truce in November.\n"
           "You have reached your limit of free articles this month.\n"
           "Subscribe for £1 a month for your first 3 months to keep reading. Cancel anytime.\n"
           "You have 80% of this article left.\n"
           "A reader wrote in to say that the deal was never going to hold, in his view.\n")
    labels = _labels(doc)
    assert [label for label, _ in labels[:3]] == ["title", "body", "body"]
    assert labels[3:6] == [["boilerplate", "paywall"]] * 3
    assert labels[6] == ["boilerplate", "after_article"]


def test_a_line_cut_off_at_the_page_end_stays_body() -> None:
    doc = ("Families say only a deal will bring Gaza hostages home\n\n"
           "Israel's military has rescued an eighth hostage alive from Gaza, officials said.\n"
           "Of the roughly 250 people seized in the Oct. 7 attack, more than\n"
           "Read Entire Article\nSource link\n")
    assert _labels(doc)[2:] == [["body", "cut_off_last_line"],
                                ["boilerplate", "continue_reading"],
                                ["boilerplate", "source_link"]]


def test_a_headline_repeated_after_a_tagline_is_the_title() -> None:
    doc = ("Your daily digest of the world's headlines from thousands of sources\n\n"
           "Tag: Hostages\n\n"
           "Hamas delegation in Cairo as mediators push final truce draft\n\n"
           "TT\n\nHamas delegation in Cairo as mediators push final truce draft\n\n"
           "A Hamas delegation arrived in Cairo on Saturday for talks, officials said.\n")
    labels = _labels(doc)
    assert labels[0] == ["boilerplate", "before_article"]
    assert labels[2] == ["title", "repeated_headline"]
    assert labels[4] == ["boilerplate", "repeated_line"]


# --- What the input says of its own text: title, standfirst, URL, pre-extracted text ------

EXTRACTED = ("Talks on Gaza truce to resume in Cairo\n\n"
             "Mediators expect both delegations by Monday, two officials said.\n\n"
             "Negotiators will return to Cairo on Monday for a new round, officials said.\n"
             "Key sticking points\n"
             "The sides still differ on how long the first phase would last, they said.\n"
             "Share this article\n"
             "A second delegation is expected on Tuesday, the officials added.\n")


def _hinted(doc: str, hints: Hints) -> list[list[str]]:
    """``[label, reason]`` of every non-empty line of ``doc`` read with ``hints``."""
    return [[item.label, item.reason] for item in label_lines(doc, load_patterns(), hints)]


def test_kept_lines_of_pre_extracted_text_say_so_and_dropped_lines_keep_their_reason() -> None:
    hints = Hints("Talks on Gaza truce to resume in Cairo",
                  "Mediators expect both delegations by Monday, two officials said.",
                  pre_extracted=True)
    assert _hinted(EXTRACTED, hints) == [
        ["title", "record_title"], ["standfirst", "record_standfirst"],
        ["body", "pre-extracted"], ["subhead", "pre-extracted"], ["body", "pre-extracted"],
        ["boilerplate", "share_button"], ["body", "pre-extracted"]]


def test_text_as_scraped_keeps_the_cleaners_own_reasons() -> None:
    reasons = [reason for _, reason in _hinted(EXTRACTED, Hints(
        "Talks on Gaza truce to resume in Cairo"))]
    assert "pre-extracted" not in reasons
    assert reasons[0] == "record_title" and reasons[2] == "prose"


def test_the_inputs_title_is_the_title_where_the_guess_would_miss_it() -> None:
    doc = ("Truce holds\n\nDelegations gather in Cairo for new talks\n\n"
           "Negotiators will return to Cairo on Monday for a new round, officials said.\n")
    assert _labels(doc)[:2] == [["boilerplate", "before_article"],
                                ["title", "headline_above_prose"]]
    assert _hinted(doc, Hints("Truce holds")) == [
        ["title", "record_title"], ["subhead", "heading_above_first_paragraph"],
        ["body", "prose"]]


def test_a_standfirst_the_patterns_drop_keeps_their_reason() -> None:
    doc = ("Talks on Gaza truce to resume in Cairo\n\nSubscribe to our newsletter\n\n"
           "Negotiators will return to Cairo on Monday for a new round, officials said.\n")
    labels = _hinted(doc, Hints("Talks on Gaza truce to resume in Cairo",
                                "Subscribe to our newsletter", pre_extracted=True))
    assert labels[1] == _labels(doc)[1] and labels[1][0] == "boilerplate"
    assert labels[2] == ["body", "pre-extracted"]


def test_hints_that_do_not_open_the_document_are_not_used() -> None:
    doc = "Court rules on border closure\n\nThe court ruled on Monday that it was unlawful.\n"
    assert _hinted(doc, Hints("Another title altogether")) == _labels(doc)


KICKER_PAGE = ("Middle East latest coverage\n\nTalks on Gaza truce to resume in Cairo\n\n"
               "Negotiators will return to Cairo on Monday for a new round, officials said.\n")


def test_the_url_slug_corrects_the_title_guess() -> None:
    assert _labels(KICKER_PAGE)[:2] == [["title", "headline_above_prose"],
                                        ["subhead", "heading_above_first_paragraph"]]
    url = "https://news.example/world/2025/06/01/gaza-truce-talks-resume-cairo-123456.html"
    assert _hinted(KICKER_PAGE, Hints(url=url)) == [
        ["boilerplate", "before_article"], ["title", "url_slug_title"], ["body", "prose"]]


@pytest.mark.parametrize("url", [
    "https://news.example/middle-east-latest-coverage",  # the slug agrees with the guess
    "https://news.example/world/live-blog-updates-today",  # names no headline of the page
    "https://news.example/story/123456",  # no slug
])
def test_a_slug_that_does_not_name_another_headline_keeps_the_guess(url: str) -> None:
    assert _hinted(KICKER_PAGE, Hints(url=url)) == _labels(KICKER_PAGE)


@pytest.mark.parametrize(("url", "words"), [
    ("https://x.example/world/2025/06/01/gaza-truce-talks-resume.html",
     {"gaza", "truce", "talks", "resume"}),
    ("https://x.example/news/hamas_says_deal_near/987", {"hamas", "says", "deal", "near"}),
    ("https://x.example/a/b/c/12345.html", set()),
    ("https://x.example/world/middle-east", set()),
    ("", set()),
])
def test_slug_words_name_the_story(url: str, words: set[str]) -> None:
    assert slug_words(url) == words
