"""One article as written, with every finding marked in place, for reading the evidence.

Findings (numbers, actor labels, loaded terms, quotations) are spans ``[start, end)`` of the
article's ``doc``. The text is cut at every span boundary and each piece is escaped: article
text is data, never markup. Quotations are tinted by speaker group, labels outlined in their
actor's colour; lines the cleaning step left out are shown greyed with their reason.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newsprism.clean.lines import CONTENT_LABELS
from newsprism.report.notebook import Selection, article_document, filter_tables
from newsprism.report.plots import outlet_colour
from newsprism.tables import Tables

MARK_COLUMNS = ["start", "end", "kind", "group", "note"]
# A mark as a plain row (start, end, kind, group, note) and a left-out line (start, end,
# label, reason).
Mark = tuple[int, int, str, str, str]
LeftOut = tuple[int, int, str, str]
KINDS = ("quote", "number", "label", "term")
# Per-article tables that hold findings: kind, the columns naming its group (first present
# wins) and the columns shown in a mark's tooltip.
SOURCES = {
    "quotes": ("quote", ("group",), ("kind", "speaker", "group", "cue")),
    "numbers": ("number", ("key", "unit"), ("value", "unit", "qualifier", "key", "source")),
    "labels": ("label", ("actor",), ("actor", "voice")),
    "terms": ("term", ("category",), ("category", "term", "voice")),
}
STYLE = """<style>
.np-article { white-space: pre-wrap; font-family: Georgia, 'DejaVu Serif', serif;
  font-size: 15px; line-height: 1.7; max-width: 48em; color: #1b1b1b; }
.np-dropped { color: #9a9a9a; font-size: 12px; font-family: sans-serif; }
.np-number { font-weight: bold; border-bottom: 3px double #222; }
.np-label { border: 1.5px solid var(--np-label, #555); border-radius: 3px; padding: 0 1px; }
.np-term { text-decoration: underline wavy #b2182b; text-underline-offset: 3px; }
.np-legend { font-family: sans-serif; font-size: 12px; margin: 0.5em 0 1em; }
.np-legend > span { display: inline-block; margin-right: 1.2em; white-space: nowrap; }
</style>"""


def empty_marks() -> pd.DataFrame:
    """A marks table with no rows."""
    return pd.DataFrame(columns=MARK_COLUMNS).astype({"start": "int64", "end": "int64"})


def _notes(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[str]:
    """Tooltip text of each finding: ``column: value`` for each present, non-empty column."""
    present = [[f"{c}: {v}" if pd.notna(v) and str(v) != "" else "" for v in frame[c].tolist()]
               for c in columns if c in frame.columns]
    return ["; ".join(p for p in parts if p) for parts in zip(*present, strict=True)] \
        if present else [""] * len(frame)


def marks_from(frame: pd.DataFrame, kind: str, group_columns: tuple[str, ...],
               note_columns: tuple[str, ...]) -> pd.DataFrame:
    """Marks of one findings table, each with its ``article_id``."""
    group = next((c for c in group_columns if c in frame.columns), None)
    groups = ([str(g) if pd.notna(g) else kind for g in frame[group].tolist()] if group
              else [kind] * len(frame))
    return pd.DataFrame({"article_id": frame["article_id"].tolist(),
                         "start": frame["start"].astype("int64").tolist(),
                         "end": frame["end"].astype("int64").tolist(),
                         "kind": kind, "group": groups, "note": _notes(frame, note_columns)},
                        columns=["article_id", *MARK_COLUMNS])


def all_marks(tables: Tables) -> pd.DataFrame:
    """Marks from every findings table the tables hold, of every article in them, with their
    ``article_id`` (direct quotes only): one pass per table, not one filter per article."""
    parts = []
    for name, table in tables.per_article.items():
        if name in SOURCES:
            rows = table[table["kind"] == "quote"] if name == "quotes" else table
            parts.append(marks_from(rows, *SOURCES[name]))
    parts = [p for p in parts if not p.empty]
    if not parts:
        return empty_marks().assign(article_id=pd.Series(dtype="str"))
    return pd.concat(parts, ignore_index=True)


def table_marks(tables: Tables, article_id: str) -> pd.DataFrame:
    """Marks from every findings table the tables hold, for one article (direct quotes only)."""
    marks = all_marks(tables)
    return marks.loc[marks["article_id"] == article_id, MARK_COLUMNS].reset_index(drop=True)


def left_out_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The lines the cleaning step left out (not content), with their label and reason."""
    return lines.loc[~lines["label"].isin(CONTENT_LABELS)].reindex(
        columns=["article_id", "start", "end", "label", "reason"])


def _tint(colour: str, alpha: float = 0.22) -> str:
    """A ``#rrggbb`` colour as a light ``rgba`` background."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {alpha})"


def _piece(text: str, active: list[tuple], dropped: tuple | None) -> str:
    """One escaped stretch of text wrapped in the classes and styles of the marks over it
    (``active``: mark rows in table order) or greyed as the left-out line over it."""
    body = html.escape(text)
    if dropped is not None:
        tip = f"left out: {dropped[2]} ({dropped[3]})"
        return f'<span class="np-dropped" title="{html.escape(tip, quote=True)}">{body}</span>'
    if not active:
        return body
    classes, styles = [], []
    for kind in KINDS:
        groups = [group for _, _, each, group, _ in active if each == kind]
        if not groups:
            continue
        classes.append(f"np-{kind}")
        if kind == "quote":
            styles.append(f"background: {_tint(outlet_colour(groups[-1]))}")
        elif kind == "label":
            styles.append(f"--np-label: {outlet_colour(groups[-1])}")
    tip = " | ".join(f"{kind}: {note or group}" for _, _, kind, group, note in active)
    return (f'<span class="{" ".join(classes)}" style="{"; ".join(styles)}" '
            f'title="{html.escape(tip, quote=True)}">{body}</span>')


def render(doc: str, marks: pd.DataFrame, lines: pd.DataFrame | None = None,
           anchors: Iterable[int] = ()) -> str:
    """HTML of ``doc`` with ``marks`` in place and non-content ``lines`` greyed; all escaped.
    Every mark's start and each offset of ``anchors`` (findings shown unmarked, such as a
    casualty clause's sentence) gets an ``id="at-START"`` a report row links to."""
    lines = lines if lines is not None else pd.DataFrame(columns=["start", "end", "label"])
    spans = list(marks[MARK_COLUMNS].itertuples(index=False, name=None))
    dropped = left_out_lines(lines).drop(columns="article_id")
    return render_spans(doc, spans, list(dropped.itertuples(index=False, name=None)), anchors)


def render_spans(doc: str, spans: Sequence[Mark], left_out: Sequence[LeftOut],
                 anchors: Iterable[int] = ()) -> str:
    """``render`` on plain rows: ``spans`` as (start, end, kind, group, note), ``left_out``
    as (start, end, label, reason). Article pages call it with each article's rows of a
    whole batch, taken out of their frames once."""
    spans = [(int(start), int(end), kind, group, note)
             for start, end, kind, group, note in spans]
    left_out = [(int(start), int(end), label, reason) for start, end, label, reason in left_out]
    starts = {span[0] for span in spans} | {int(v) for v in anchors}
    cuts = {0, len(doc), *starts, *(s[1] for s in spans), *(line[0] for line in left_out),
            *(line[1] for line in left_out)}
    pieces = []
    for start, end in itertools.pairwise(sorted(c for c in cuts if 0 <= c <= len(doc))):
        if start in starts:  # a finding's anchor: articles/ID.html#at-START opens on it
            pieces.append(f'<span id="at-{start}"></span>')
        active = [span for span in spans if span[0] <= start and span[1] >= end]
        inside = next((line for line in left_out if line[0] <= start and line[1] >= end), None)
        pieces.append(_piece(doc[start:end], active, inside))
    return f'{STYLE}<div class="np-article">{"".join(pieces)}</div>'


def legend(quote_groups: Iterable[str]) -> str:
    """HTML key to the marks: one entry per kind and per quotation speaker group."""
    entries = ['<span class="np-number">1,234</span> number',
               '<span class="np-label">label</span> actor label (outlined in its colour)',
               '<span class="np-term">term</span> loaded term',
               '<span class="np-dropped">grey</span> left out by cleaning']
    entries += [f'<span style="background: {_tint(outlet_colour(g))}">quote</span> '
                f"{html.escape(g)}" for g in sorted(set(quote_groups))]
    return f'<div class="np-legend">{"".join(f"<span>{e}</span>" for e in entries)}</div>'


@dataclass(frozen=True)
class ArticleView:
    """One article with its findings, shown in a notebook as marked-up text."""

    article_id: str
    title: str
    doc: str
    marks: pd.DataFrame
    lines: pd.DataFrame

    def _repr_html_(self) -> str:
        """Heading, legend and the marked text."""
        heading = f"<h3>{html.escape(self.title or self.article_id)}</h3>"
        groups = self.marks.loc[self.marks["kind"] == "quote", "group"]
        return STYLE + heading + legend(groups) + render(self.doc, self.marks, self.lines)

    def findings(self) -> pd.DataFrame:
        """Every mark as a table row with the text it covers, in reading order."""
        frame = self.marks.sort_values(["start", "end"]).reset_index(drop=True)
        text = [self.doc[s:e] for s, e in zip(frame["start"], frame["end"], strict=True)]
        return frame.assign(text=text)[["kind", "text", "group", "note", "start", "end"]]


def pick_article(tables: Tables, article: str | None = None) -> str:
    """``article`` when it is in the selection, else the first article by date."""
    ids = tables.articles.sort_values("published")["article_id"].tolist()
    if article:
        if article not in ids:
            raise KeyError(f"article {article!r} is not in the selection; choose one of {ids}")
        return article
    if not ids:
        raise KeyError("no article in the selection")
    return ids[0]


def article_view(tables: Tables, corpus: str | Path, article: str | None = None) -> ArticleView:
    """The view of one article: its text, re-read from the corpus, and its findings."""
    article_id = pick_article(tables, article)
    one = filter_tables(tables, Selection(articles=[article_id]))
    row = one.articles.iloc[0]
    doc = article_document(corpus, article_id)
    return ArticleView(article_id, str(row["title"]), doc, table_marks(one, article_id),
                       one["lines"])
