"""One article's tables as frames, for the tests: the per-article functions' rows, typed as
the extract writes them."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from newsprism.clean.lines import LinePatterns, label_lines
from newsprism.measures.actor_labels import LABEL_COLUMNS, Actors, label_rows
from newsprism.measures.agency import AGENCY_COLUMNS, CasualtyTerms, agency_rows
from newsprism.measures.facets import FacetLexicon, load_facets
from newsprism.measures.numbers import NUMBER_COLUMNS, Quantities, number_rows
from newsprism.measures.quotes import QUOTE_COLUMNS, quote_rows
from newsprism.measures.readability import READABILITY_COLUMNS, readability_row
from newsprism.measures.rows import Table
from newsprism.measures.terms import TERM_COLUMNS, LoadedTerms, term_rows
from newsprism.measures.topics import TOPIC_COLUMNS, TopicLexicon, topic_rows
from newsprism.measures.voice import VoiceMap, scan_quotes
from newsprism.report.plots import outlet_colour, outlet_name
from newsprism.tables import rows_table

LINE_AUDIT = ["line", "label", "reason", "text", "start", "end"]


def extract_numbers(sentences: Table, doc: str, quantities: Quantities,
                    voices: VoiceMap | None = None, facets: FacetLexicon | None = None,
                    casualty_terms: CasualtyTerms | None = None,
                    published: str | None = None) -> pd.DataFrame:
    """The numbers table of one article (the packaged facets unless ``facets`` is given;
    figures linked to their casualty clauses with ``casualty_terms``, dated against
    ``published``)."""
    rows = number_rows(sentences, doc, quantities, facets or load_facets(), voices,
                       casualty_terms, published)
    return rows_table(rows, "numbers", NUMBER_COLUMNS).to_pandas()


def find_labels(sentences: Table, doc: str, actors: Actors,
                voices: VoiceMap | None = None) -> pd.DataFrame:
    """The actor-labels table of one article."""
    rows = label_rows(sentences, doc, actors, voices)
    return rows_table(rows, "labels", LABEL_COLUMNS).to_pandas()


def find_terms(sentences: Table, doc: str, loaded_terms: LoadedTerms,
               voices: VoiceMap | None = None) -> pd.DataFrame:
    """The loaded-terms table of one article."""
    rows = term_rows(sentences, doc, loaded_terms, voices)
    return rows_table(rows, "terms", TERM_COLUMNS).to_pandas()


def find_quotes(sentences: Table, doc: str, actors: Actors,
                voices: VoiceMap | None = None) -> pd.DataFrame:
    """The quotes table of one article."""
    rows = quote_rows(sentences, doc, actors, voices)
    return rows_table(rows, "quotes", QUOTE_COLUMNS).to_pandas()


def classify_agency(sentences: Table, doc: str, casualty_terms: CasualtyTerms,
                    figures: list[tuple[int, int]] | None = None) -> pd.DataFrame:
    """The agency table of one article (each clause linked to the figure it counts among
    ``figures``, the numbers table's ``start, end``)."""
    rows = agency_rows(sentences, doc, casualty_terms, figures)
    return rows_table(rows, "agency", AGENCY_COLUMNS).to_pandas()


def topic_shares(sentences: Table, lexicon: TopicLexicon) -> pd.DataFrame:
    """The topics table of one article."""
    return rows_table(topic_rows(sentences, lexicon), "topics", TOPIC_COLUMNS).to_pandas()


def readability(sentences: pd.DataFrame, labels: Sequence[str] | None = None) -> pd.DataFrame:
    """The readability table of the articles of a sentences table (``labels`` only)."""
    chosen = sentences if labels is None else sentences[sentences["label"].isin(labels)]
    rows = [readability_row(article_id, group.sort_values("sentence_id")["text"].tolist())
            for article_id, group in chosen.groupby("article_id", sort=False)]
    return rows_table(rows, "readability", READABILITY_COLUMNS).to_pandas()


def classify(doc: str, patterns: LinePatterns) -> pd.DataFrame:
    """The line audit of one document: ``line,label,reason,text,start,end``."""
    rows = [(x.line.number, x.label, x.reason, x.line.text, x.line.start, x.line.end)
            for x in label_lines(doc, patterns)]
    return rows_table(rows, "lines", LINE_AUDIT).to_pandas()


def quote_spans(sentences: Table, doc: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every quotation (the words inside the marks) of one article."""
    return [(span.start, span.end) for span in scan_quotes(sentences, doc)]


def outlet_colours(names: Sequence[str]) -> dict[str, str]:
    """Colour of each outlet name in ``names``."""
    return {outlet_name(n): outlet_colour(n) for n in pd.unique(pd.Series(names, dtype=object))}
