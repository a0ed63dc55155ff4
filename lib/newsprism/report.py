"""Run the report notebooks with papermill, export them as offline HTML and publish atomically.

A run writes into a staging folder beside ``--out`` and swaps it in only when every notebook
succeeded, so a failed scheduled run leaves the previous good report in place; the failed
executed notebook is kept in ``<out>/failed/`` for debugging.

Jupyter's libraries (papermill, nbformat, nbconvert, jupyter_client) are imported inside the
functions that use them: they are slow to load, and the notebooks themselves import this
module for ``load_tables`` without needing them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from newsprism import __version__
from newsprism.clean import CONTENT_LABELS
from newsprism.corpus import METADATA_FILE, PROBLEM_COLUMNS, Problems, read_file
from newsprism.pipeline import (
    PER_ARTICLE,
    Tables,
    cross_article,
    extract,
    extract_to,
    reference_series,
)

NOTEBOOK_GLOB = "[0-9][0-9]-*.ipynb"
KERNEL = "newsprism"
FALLBACK_KERNEL = "python3"
TEMPLATE = "offline"
TEMPLATES_DIR = Path(__file__).parent / "templates"
TABLES_FOLDER = "tables"
FAILED_FOLDER = "failed"
# Text columns of articles.csv: read as strings with empty cells kept empty, not NaN.
ARTICLE_TEXT_COLUMNS = ("article_id", "format", "title", "standfirst", "outlet", "url",
                        "published", "date_evidence", "wire", "problems")
# Date columns of the extracted tables, parsed when read back from CSV.
DATE_COLUMN = re.compile(r"(^|_)(published|date|as_of)$|^window_(start|end)$")
# Parameters the run fills in itself unless the user passes them.
CORPUS_PARAMETER = "corpus"
TABLES_PARAMETER = "tables"
# Parameters that only choose what to show: with no others given, the notebooks share one
# extract (written to <out>/tables); any other (a data file, a tables folder) and each
# notebook extracts with its own parameters.
SELECTION_PARAMETERS = frozenset({"outlets", "articles", "date_from", "date_to", "article"})


class ReportError(Exception):
    """A report run that cannot start or did not finish; the message says what to fix."""


@dataclass(frozen=True)
class NotebookRun:
    """One executed notebook of a report run."""

    name: str
    title: str
    html: str
    seconds: float
    parameters: dict[str, Any]


# --- tables the notebooks read -------------------------------------------------------------


def _parse_dates(frame: pd.DataFrame) -> pd.DataFrame:
    """Date columns of a table read from CSV (``published``, ``*_date``, ``as_of`` …) as dates."""
    dates = [c for c in frame.columns if DATE_COLUMN.search(str(c))]
    return frame.assign(**{c: pd.to_datetime(frame[c], errors="coerce") for c in dates})


def read_tables(folder: str | Path) -> Tables:
    """Tables written by ``newsprism extract`` (one CSV per table), read back."""
    root = Path(folder)
    if not (root / "articles.csv").is_file():
        raise FileNotFoundError(f"no articles.csv in tables folder: {root}")
    frames = {path.stem: _parse_dates(pd.read_csv(path)) for path in sorted(root.glob("*.csv"))
              if path.stem != "articles"}
    articles = pd.read_csv(root / "articles.csv", dtype={c: "str" for c in ARTICLE_TEXT_COLUMNS},
                           keep_default_na=False, na_values={"words": [""], "sentences": [""]})
    articles["published"] = pd.to_datetime(articles["published"].replace("", None))
    problems = frames.pop("problems", pd.DataFrame(columns=PROBLEM_COLUMNS))
    per_article = {name: frames.pop(name) for name in PER_ARTICLE if name in frames}
    return Tables(articles, problems, per_article, frames)


def _article_columns(frame: pd.DataFrame, known: set[str]) -> list[str]:
    """Columns of ``frame`` holding article ids (named ``article…``, every value an id)."""
    columns = []
    for column in frame.columns:
        values = frame[column].dropna()
        if "article" in str(column) and len(values) and set(values.astype(str)) <= known:
            columns.append(column)
    return columns


def filter_tables(tables: Tables, outlets: Iterable[str] | None = None,
                  articles: Iterable[str] | None = None,
                  date_range: Sequence[str | None] | None = None) -> Tables:
    """Keep the chosen outlets, articles and dates in the articles and per-article tables.

    Cross-article tables are dropped: they depend on the whole selection (see ``load_tables``).
    """
    frame = tables.articles
    keep = pd.Series(True, index=frame.index)
    if outlets:
        keep &= frame["outlet"].isin(list(outlets))
    if articles:
        keep &= frame["article_id"].isin(list(articles))
    start, end = (list(date_range or []) + [None, None])[:2]
    if start:
        keep &= frame["published"] >= pd.Timestamp(start)
    if end:
        keep &= frame["published"] <= pd.Timestamp(end)
    known = set(frame["article_id"].astype(str))
    kept = set(frame.loc[keep, "article_id"].astype(str))
    per_article = {}
    for name, table in tables.per_article.items():
        mask = pd.Series(True, index=table.index)
        for column in _article_columns(table, known):
            mask &= table[column].isna() | table[column].astype(str).isin(kept)
        per_article[name] = table[mask].reset_index(drop=True)
    files = tables.problems["file"].astype(str).str.split("#").str[0]
    known_files = {a.split("#")[0] for a in known}
    kept_files = {a.split("#")[0] for a in kept}
    problems = tables.problems[files.isin(kept_files) | ~files.isin(known_files)]
    return Tables(frame[keep].reset_index(drop=True), problems.reset_index(drop=True),
                  per_article)


def series_for(corpus: str | Path, path: str | Path | None = None) -> pd.DataFrame | None:
    """The reference series at ``path``, else the one shipped beside the corpus, else None."""
    return reference_series(corpus, path)


def load_tables(corpus: str | Path, metadata: str | Path | None = None,
                tables_dir: str | Path | None = None, outlets: Iterable[str] | None = None,
                articles: Iterable[str] | None = None,
                date_range: Sequence[str | None] | None = None,
                reference_path: str | Path | None = None,
                **data_files: str | Path | None) -> Tables:
    """The tables a notebook reads: from ``tables_dir`` CSVs when given, else extracted.

    ``data_files`` (``actors=``, ``lexicon=``, ``topics=`` …) replace packaged data files when
    extracting. With a selection, the cross-article tables (comparisons, distinctive terms,
    shared wording) are recomputed on the selected articles only.
    """
    if tables_dir:
        tables = read_tables(tables_dir)
    else:
        tables = extract(corpus, metadata, reference=reference_path, **data_files)
    if not (outlets or articles or any(date_range or [])):
        return tables
    chosen = filter_tables(tables, outlets, articles, date_range)
    chosen.cross_article = cross_article(chosen, series_for(corpus, reference_path))
    return chosen


def selection(tables: Tables) -> pd.DataFrame:
    """One-row summary of what a notebook shows: articles, outlets, dates, words."""
    frame = tables.articles
    dates = frame["published"].dropna()
    return pd.DataFrame([{
        "articles": len(frame),
        "outlets": frame["outlet"].replace("", pd.NA).nunique(),
        "first date": dates.min().date().isoformat() if len(dates) else "",
        "last date": dates.max().date().isoformat() if len(dates) else "",
        "undated articles": int(frame["published"].isna().sum()),
        "content words": int(frame["words"].sum()),
        "input problems": len(tables.problems),
    }])


def article_table(tables: Tables) -> pd.DataFrame:
    """One row per article with its outlet, date and the evidence for that date, and size."""
    columns = ["article_id", "outlet", "published", "date_evidence", "wire", "words",
               "sentences", "title"]
    frame = tables.articles[columns].sort_values(["published", "outlet"], na_position="last")
    return frame.assign(published=frame["published"].dt.date).reset_index(drop=True)


def dropped_summary(tables: Tables) -> pd.DataFrame:
    """Lines left out of the content per label and reason: how many, in how many articles."""
    lines = tables["lines"]
    dropped = lines[~lines["label"].isin(CONTENT_LABELS)]
    summary = dropped.groupby(["label", "reason"]).agg(
        lines=("line", "size"), articles=("article_id", "nunique"))
    return summary.sort_values("lines", ascending=False).reset_index()


def dropped_lines(tables: Tables, limit: int = 200) -> pd.DataFrame:
    """Every line left out of the content (first ``limit``), with its label and reason."""
    lines = tables["lines"]
    dropped = lines[~lines["label"].isin(CONTENT_LABELS)]
    return dropped[["article_id", "line", "label", "reason", "text"]].head(limit) \
        .reset_index(drop=True)


def readability_table(tables: Tables) -> pd.DataFrame:
    """Readability per article with its outlet."""
    scores = tables["readability"]
    outlets = tables.articles[["article_id", "outlet"]]
    return outlets.merge(scores, on="article_id", how="inner")


def article_document(corpus: str | Path, article_id: str) -> str:
    """The text an article's offsets index (``doc``), re-read from its corpus file."""
    path = Path(corpus)
    file = path if path.is_file() else path / article_id.split("#")[0]
    if not file.is_file():
        raise FileNotFoundError(f"article file not found: {file}")
    for document in read_file(file, file.name, Problems()):
        if document.article_id in (article_id, file.name):
            return document.doc
    raise KeyError(f"article {article_id!r} not found in {file}")


# --- running notebooks ---------------------------------------------------------------------


def default_notebooks_dir() -> Path:
    """The repository's ``notebooks/`` folder (beside ``lib/``), else ``./notebooks``."""
    beside = Path(__file__).resolve().parents[2] / "notebooks"
    return beside if beside.is_dir() else Path.cwd() / "notebooks"


def notebook_paths(folder: str | Path) -> list[Path]:
    """The report notebooks of a folder (``NN-name.ipynb``), in order."""
    paths = sorted(Path(folder).glob(NOTEBOOK_GLOB))
    if not paths:
        raise ReportError(f"no notebooks matching {NOTEBOOK_GLOB} in {folder}")
    return paths


def kernel_name() -> str:
    """The ``newsprism`` kernel the Makefile registers, else this environment's ``python3``."""
    from jupyter_client.kernelspec import KernelSpecManager

    return KERNEL if KERNEL in KernelSpecManager().find_kernel_specs() else FALLBACK_KERNEL


def parse_value(text: str) -> Any:
    """A ``-p`` value as YAML (numbers, lists, null), dates and other text kept as strings."""
    try:
        value = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    return text if isinstance(value, (dt.date, dict)) else value


def notebook_parameters(path: Path) -> dict[str, Any]:
    """Names and default literals of a notebook's ``parameters`` cell."""
    import papermill

    return {name: spec["default"] for name, spec in papermill.inspect_notebook(str(path)).items()}


def plan_parameters(notebooks: Sequence[Path], given: dict[str, Any],
                    filled: dict[str, Any]) -> dict[Path, dict[str, Any]]:
    """Each notebook's parameters; an unknown name is an error before anything runs."""
    declared = {path: notebook_parameters(path) for path in notebooks}
    known = set().union(*(set(names) for names in declared.values()))
    unknown = sorted(set(given) - known)
    if unknown:
        raise ReportError(f"unknown parameter(s) {', '.join(unknown)}; the notebooks take: "
                          f"{', '.join(sorted(known))}")
    values = {**filled, **given}
    return {path: {k: v for k, v in values.items() if k in names}
            for path, names in declared.items()}


def notebook_title(path: Path) -> str:
    """The first markdown heading of a notebook, else its file name."""
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def export_html(notebook: Path, target: Path) -> Path:
    """Standalone HTML of an executed notebook: code hidden, images inline, no CDN scripts."""
    import nbformat
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name=TEMPLATE, extra_template_basedirs=[str(TEMPLATES_DIR)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True, embed_images=True)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    target.write_text(body, encoding="utf-8")
    return target


def corpus_fingerprint(corpus: str | Path, metadata: str | Path | None = None) -> str:
    """SHA-256 over the names and bytes of every input file (and the metadata file)."""
    root = Path(corpus)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    if metadata:
        files.append(Path(metadata))
    digest = hashlib.sha256()
    for file in files:
        name = file.name if root.is_file() else str(file.relative_to(root)) \
            if file.is_relative_to(root) else str(file)
        digest.update(name.encode() + b"\0" + hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:16]


def _cell(value: Any) -> str:
    """One escaped table cell."""
    return html.escape(json.dumps(value, default=str) if not isinstance(value, str) else value)


def index_page(runs: Sequence[NotebookRun], info: dict[str, Any]) -> str:
    """The report's index: a link per notebook, run time, fingerprint, version, parameters."""
    rows = "\n".join(
        f'<tr><td><a href="{html.escape(run.html)}">{html.escape(run.title)}</a></td>'
        f"<td>{html.escape(run.name)}</td><td>{run.seconds:.1f} s</td>"
        f"<td><code>{_cell(run.parameters)}</code></td></tr>" for run in runs)
    facts = "\n".join(f"<tr><th>{html.escape(k)}</th><td><code>{_cell(v)}</code></td></tr>"
                      for k, v in info.items())
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>newsprism reports</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1000px; margin: 2em auto; color: #222; }}
table {{ border-collapse: collapse; width: 100%; margin-bottom: 2em; }}
th, td {{ text-align: left; padding: 0.35em 0.6em; border-bottom: 1px solid #ddd;
  vertical-align: top; }}
code {{ font-size: 0.85em; word-break: break-all; }}
</style></head>
<body>
<h1>newsprism reports</h1>
<table><thead><tr><th>report</th><th>notebook</th><th>run time</th><th>parameters</th></tr>
</thead><tbody>
{rows}
</tbody></table>
<h2>This run</h2>
<table><tbody>
{facts}
</tbody></table>
</body></html>
"""


def _dotfiles(folder: Path) -> list[Path]:
    """Top-level hidden files of a report folder (e.g. ``.gitkeep``), carried over a swap."""
    return [p for p in folder.iterdir() if p.name.startswith(".") and p.is_file()] \
        if folder.is_dir() else []


def swap(staging: Path, out: Path) -> None:
    """Replace ``out`` with ``staging`` by two renames on one filesystem, then drop the old."""
    for hidden in _dotfiles(out):
        shutil.copy2(hidden, staging / hidden.name)
    old = out.with_name(f".{out.name}.old-{uuid.uuid4().hex[:8]}")
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)


def _keep_failed(executed: Path, out: Path) -> Path:
    """Move a failed executed notebook to ``<out>/failed/`` for debugging."""
    folder = out / FAILED_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / executed.name
    if executed.is_file():
        shutil.copy2(executed, target)
    return target


def _failure(path: Path, error: Exception, kept: Path) -> ReportError:
    """A clear error naming the notebook, its failing cell and where the notebook is kept."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        where = f"cell {error.cell_index} (execution count {error.exec_count}): " \
                f"{error.ename}: {error.evalue}"
    else:
        where = f"{type(error).__name__}: {error}"
    return ReportError(f"{path.name} failed at {where}; executed notebook kept in {kept}; "
                       "previous report left in place")


def build_report(corpus: str | Path, out: str | Path, parameters: dict[str, Any] | None = None,
                 *, notebooks: str | Path | None = None, metadata: str | Path | None = None,
                 kernel: str | None = None,
                 progress: Callable[[str], None] = print) -> list[NotebookRun]:
    """Run every notebook on ``corpus`` and publish HTML and an index into ``out``."""
    import papermill

    corpus, out = Path(corpus).resolve(), Path(out).resolve()
    folder = Path(notebooks) if notebooks else default_notebooks_dir()
    paths = notebook_paths(folder)
    given = dict(parameters or {})
    filled: dict[str, Any] = {CORPUS_PARAMETER: str(corpus)}
    if metadata:
        filled["metadata"] = str(Path(metadata).resolve())
    plan = plan_parameters(paths, given, filled)
    if not corpus.exists():
        raise ReportError(f"corpus not found: {corpus}")
    kernel = kernel or kernel_name()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.staging-{uuid.uuid4().hex[:8]}")
    staging.mkdir()
    try:
        if not set(given) - SELECTION_PARAMETERS:
            tables = extract_to(corpus, staging / TABLES_FOLDER, metadata)
            plan = {path: {**values, TABLES_PARAMETER: str(tables["articles"].parent)}
                    if TABLES_PARAMETER in notebook_parameters(path) else values
                    for path, values in plan.items()}
        runs = []
        for number, path in enumerate(paths, start=1):
            executed = staging / path.name
            started = time.perf_counter()
            progress(f"[{number}/{len(paths)}] {path.name} ...")
            try:
                papermill.execute_notebook(str(path), str(executed), parameters=plan[path],
                                           kernel_name=kernel, cwd=str(folder.resolve()),
                                           progress_bar=False)
            except Exception as error:
                raise _failure(path, error, _keep_failed(executed, out)) from error
            export_html(executed, staging / f"{path.stem}.html")
            seconds = time.perf_counter() - started
            progress(f"[{number}/{len(paths)}] {path.name} ok ({seconds:.1f} s)")
            shown = {k: str(out / TABLES_FOLDER) if k == TABLES_PARAMETER and
                     str(v).startswith(str(staging)) else v for k, v in plan[path].items()}
            runs.append(NotebookRun(path.name, notebook_title(path), f"{path.stem}.html",
                                    seconds, shown))
        info = {"run at (UTC)": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "corpus": str(corpus),
                "corpus fingerprint": corpus_fingerprint(corpus, metadata),
                "newsprism version": __version__, "kernel": kernel,
                "parameters given": given}
        (staging / "index.html").write_text(index_page(runs, info), encoding="utf-8")
        swap(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return runs


# --- command line --------------------------------------------------------------------------


def add_report_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """The ``newsprism report`` subcommand."""
    parser = subparsers.add_parser(
        "report", help="run every report notebook and write offline HTML reports",
        description="Run the notebooks in notebooks/ with papermill on CORPUS, export each to "
                    "standalone HTML with code hidden, and write OUT/index.html. OUT is "
                    "replaced only when every notebook succeeds; a failed notebook is kept in "
                    "OUT/failed/.")
    parser.add_argument("--corpus", default="seeds", help="corpus folder (default: %(default)s)")
    parser.add_argument("--out", default="reports", help="report folder (default: %(default)s)")
    parser.add_argument("--metadata", help=f"metadata CSV (default: CORPUS/{METADATA_FILE})")
    parser.add_argument("--notebooks", help="folder of NN-name.ipynb notebooks "
                        "(default: the repository's notebooks/)")
    parser.add_argument("--kernel", help=f"Jupyter kernel (default: {KERNEL} when registered, "
                        f"else {FALLBACK_KERNEL} of this environment)")
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"),
                        help="notebook parameter; VALUE is read as YAML, e.g. "
                             "-p outlets '[The New Arab]' -p date_from 2025-01-01")
    return parser


def run_report(args: argparse.Namespace) -> int:
    """Build the reports from parsed arguments; 1 with a clear message when a notebook fails."""
    parameters = {name: parse_value(value) for name, value in args.parameter}
    try:
        build_report(args.corpus, args.out, parameters, notebooks=args.notebooks,
                     metadata=args.metadata, kernel=args.kernel,
                     progress=lambda line: print(line, flush=True))
    except ReportError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(f"reports written to {Path(args.out) / 'index.html'}")
    return 0
